"""Requests made to hurt: redirects to other sites, CR/LF aimed at headers and the log,
and paths that climb out of the static and upload folders.

Most requests here set PATH_INFO themselves: a WSGI server hands the app the path
already decoded, CR/LF, backslashes and repeated slashes included, and the test
client would otherwise tidy them up first.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from blog import create_app
from blog.extensions import db
from blog.models import Comment, LoginFailure
from blog.web.inputs import client_address

C0_AND_SPACE = "".join(map(chr, range(33)))
SECRET = "not-for-readers-3141"


def raw_get(client, path: str, query: str = "", **environ):
    """GET exactly ``path`` (already decoded, as a server passes it) and ``query``."""
    return client.get("/", environ_overrides={"PATH_INFO": path, "QUERY_STRING": query, **environ})


def stays_on_this_site(location: str) -> bool:
    """Whether a browser that follows ``location`` stays on this blog (at localhost).

    Browsers drop surrounding spaces and control characters and any tab or newline,
    and read "\\" as "/"; "https:evil.example" without slashes still names a host.
    """
    cleaned = re.sub(r"[\t\n\r]", "", location.strip(C0_AND_SPACE)).replace("\\", "/")
    parts = urlsplit(cleaned)
    if parts.scheme:
        return parts.scheme in ("http", "https") and parts.netloc == "localhost"
    return not parts.netloc


def assert_no_split_headers(response) -> None:
    for name, value in response.headers.items():
        assert "\r" not in value and "\n" not in value, (name, value)
        assert name.lower() != "x-injected", (name, value)
    assert "injected" not in " ".join(response.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    ("location", "on_site"),
    [("/2020/01/post", True), ("/?q=1", True), ("http://localhost/x", True),
     ("//evil.example", False), ("/\\evil.example", False), ("https:evil.example", False),
     ("\t//evil.example", False), ("https://evil.example", False),
     ("javascript:alert(1)", False)],
)
def test_the_off_site_check_itself(location, on_site):
    assert stays_on_this_site(location) is on_site


# (path as the server decodes it, query string)
REDIRECTING_REQUESTS = [
    # Blogger's mobile suffix: the reader is sent to the same path without ?m=1.
    ("//evil.example", "m=1"),
    ("///evil.example/", "m=0"),
    ("/\\evil.example", "m=1"),
    ("/\\/evil.example", "m=1"),
    ("/%2F%2Fevil.example", "m=1"),
    ("/\r\nX-Injected: yes", "m=1"),
    ("/\r\nSet-Cookie: injected=1", "m=1"),
    ("/2020/01/x", "m=1&next=//evil.example&x=%0d%0aX-Injected:%20yes"),
    # WordPress's /?p=123 shape.
    ("/", "p=12&next=https://evil.example"),
    # Blogger's label and label-feed addresses name a label in the path.
    ("/search/label///evil.example", ""),
    ("/search/label/\\\\evil.example", ""),
    ("/search/label/\r\nX-Injected: yes", ""),
    ("/search/label/https://evil.example", ""),
    ("/feeds/posts/default/-/\r\nSet-Cookie: injected=1", ""),
    ("/feeds/posts/default/-///evil.example", ""),
    # A post address with the wrong date is sent to the right one.
    ("/2020/01/\r\nX-Injected: yes", ""),
    ("/2020/01//evil.example", ""),
    # Trailing-slash and double-slash fixes made by the router.
    ("/2020//evil.example", ""),
    ("/search//evil.example", ""),
]


def test_redirects_never_lead_off_site_nor_split_headers(client, make_post):
    make_post(title="An essay")

    for path, query in REDIRECTING_REQUESTS:
        response = raw_get(client, path, query)

        assert response.status_code in (301, 302, 303, 307, 308, 404), (path, query)
        assert_no_split_headers(response)
        if response.status_code != 404:
            location = response.headers["Location"]
            assert stays_on_this_site(location), (path, query, location)


def test_a_stale_post_address_is_sent_to_its_canonical_one_on_this_site(client, make_post):
    post = make_post(title="Grid tariffs", slug="grid-tariffs")

    response = raw_get(client, "/1999/01/grid-tariffs", "next=//evil.example")

    assert response.status_code == 301
    assert response.headers["Location"] == post.path


@pytest.mark.parametrize(
    "status", ["//evil.example", "https://evil.example", "/\\evil.example", "\r\nX-Injected: yes"]
)
def test_moderation_returns_to_its_own_tab_whatever_the_query_says(client, logged_in, status):
    response = client.post("/dashboard/comments", query_string={"status": status},
                           data={"action": "approve"})

    assert response.status_code == 302
    assert_no_split_headers(response)
    assert stays_on_this_site(response.headers["Location"])


@pytest.mark.parametrize(
    "sent", ["abc\r\nX-Injected: yes", "abc\nSet-Cookie: injected=1", "abc%0d%0aX-Injected:%20yes"]
)
def test_a_request_id_with_cr_lf_is_replaced_not_echoed(client, author, sent):
    response = raw_get(client, "/", HTTP_X_REQUEST_ID=sent)

    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["X-Request-ID"])
    assert_no_split_headers(response)


def test_a_cr_lf_in_an_address_cannot_forge_a_log_line(client, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")

    raw_get(client, "/nothing\r\n2026-01-01 00:00:00,000 INFO GET /dashboard 200")

    [line] = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    assert "\r" not in line and "\n" not in line
    assert line.startswith("GET /nothing\\r\\n2026-01-01 ")


def test_a_long_address_is_logged_cut_at_300_characters(client, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")
    path = "/" + ("0123456789" * 100)[:999]  # 1,000 characters

    status = client.get(path).status_code

    [line] = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    assert line.startswith(f"GET {path[:300]}… {status} ")
    assert path[:301] not in line


def test_a_request_answered_by_an_old_address_redirect_is_logged_with_its_id(
    client, author, caplog
):
    caplog.set_level("INFO", logger="blog.requests")

    response = client.get("/?m=1")

    [line] = [r.getMessage() for r in caplog.records if r.name == "blog.requests"]
    assert response.status_code == 301
    assert re.fullmatch(r"GET / 301 \d+\.\dms from=127\.0\.0\.1 id=[0-9a-f]{16}", line)
    assert line.endswith(response.headers["X-Request-ID"])


NOT_IDS = ["²", "١٢", "99999999999999999999999", "-1", "1e3", " 1"]


@pytest.mark.parametrize("number", NOT_IDS)
def test_numbers_that_are_not_ids_are_ignored_by_readers_pages(client, make_post, number):
    # "²" passes str.isdigit but not int(); a huge number overflows the id column.
    post = make_post()

    assert client.get(post.path, query_string={"replytocom": number}).status_code == 200
    assert client.get("/", query_string={"page": number}).status_code == 404
    sent = client.post(f"/posts/{post.id}/comments", data={"body": "Hi.", "parent_id": number})
    assert sent.status_code == 302


@pytest.mark.parametrize("number", NOT_IDS)
def test_numbers_that_are_not_ids_are_ignored_by_moderation(client, logged_in, number):
    for data in ({"action": "approve", "ids": number}, {"one": f"spam:{number}"}):
        response = client.post("/dashboard/comments", data=data)
        assert response.status_code == 302
        assert "Tick the comments" in client.get(response.headers["Location"]).text


# SQLite stores a NUL in text; PostgreSQL refuses it, so on PostgreSQL these would be
# server errors if a NUL ever reached a query.
def test_a_nul_in_an_address_is_not_found(client, make_post):
    make_post(labels=("a",))

    for path in ("/label/a\x00b", "/2020/01/a\x00b", "/feeds/label/a\x00b.atom", "/nothing\x00",
                 "/search/label/a\x00b", "/2020/\x00/"):
        assert raw_get(client, path).status_code == 404, path


def test_a_nul_in_a_username_is_a_wrong_username(client, auth, author):
    response = auth.login(username="ana\x00", password="wrong")

    assert response.status_code == 200
    assert "Wrong username or password." in response.text


def test_a_nul_in_a_post_is_dropped_not_a_failed_save(app, client, logged_in):
    response = client.post("/dashboard/posts/new", data={
        "title": "Grid\x00 tariffs", "body": "Text\x00.", "labels": "En\x00ergy",
        "slug": "", "comment_mode": "", "publish_at": "", "publish": "1"})

    assert response.status_code == 302
    editor = client.get(response.headers["Location"]).text
    assert 'value="Grid tariffs"' in editor and 'value="Energy"' in editor


@pytest.fixture
def secrets_on_disk(app):
    """A key in the instance folder, as a real blog has, to try to read from outside."""
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "secret_key").write_text(SECRET)
    (instance / "uploads").mkdir(exist_ok=True)
    return instance


TRAVERSALS_AS_DECODED = [
    "/uploads/../secret_key",
    "/uploads/../instance/secret_key",
    "/uploads/..\\secret_key",
    "/uploads/\x00.png",
    "/static/../blog/config.py",
    "/static/../instance/secret_key",
    "/static/..\\blog\\config.py",
    "/static/css/../../blog/config.py",
    "/static/css/blog.css\x00.py",
    "/static/%2e%2e/blog/config.py",
    "/static/" + str(Path(__file__).resolve().parents[2] / "blog" / "config.py"),
    "/static/C:\\Windows\\win.ini",
]
TRAVERSALS_AS_SENT = [
    "/uploads/%2e%2e%2fsecret_key",
    "/uploads/..%2f..%2finstance%2fsecret_key",
    "/uploads/..%5c..%5csecret_key",
    "/uploads/%00",
    "/static/%2e%2e/blog/config.py",
    "/static/..%2fblog%2fconfig.py",
    "/static/%2e%2e%2f%2e%2e%2finstance%2fsecret_key",
    "/static/..%5cblog%5cconfig.py",
    "/static/%252e%252e/blog/config.py",
    "/static/..%c0%afblog/config.py",
    "/static//etc/passwd",
]


def assert_nothing_leaked(response, path: str) -> None:
    assert response.status_code == 404, path
    assert SECRET not in response.text, path
    assert "class DefaultConfig" not in response.text, path
    assert "root:" not in response.text, path


def test_decoded_paths_never_leave_the_static_and_upload_folders(client, secrets_on_disk):
    for path in TRAVERSALS_AS_DECODED:
        response = raw_get(client, path)
        if response.status_code == 308:  # "//" merged into "/", then looked up again
            assert stays_on_this_site(response.headers["Location"]), path
            response = client.get(response.headers["Location"])
        assert_nothing_leaked(response, path)


def test_encoded_paths_never_leave_the_static_and_upload_folders(client, secrets_on_disk):
    for path in TRAVERSALS_AS_SENT:
        assert_nothing_leaked(client.get(path, follow_redirects=True), path)


def test_a_forged_forwarded_address_of_any_length_is_stored_as_unknown(app, make_post):
    # Set up for more proxies than stand in front, X-Forwarded-For is the client's to write.
    app.config["COMMENT_MODE"] = "open"
    post = make_post()
    proxied = create_app({**app.config, "INSTANCE_PATH": app.instance_path,
                          "TRUSTED_PROXIES": 2})
    reader = proxied.test_client()
    forged = {"X-Forwarded-For": "x" * 500 + ", 203.0.113.9"}

    answer = reader.post(f"/posts/{post.id}/comments", headers=forged, data={
        "body": "From behind a forged header.", "name": "", "website": "", "homepage": "",
        "parent_id": ""})
    login = reader.post("/login", headers=forged,
                        data={"username": "nobody", "password": "wrong"})

    assert answer.status_code == 302 and login.status_code == 200
    with proxied.app_context():
        stored = db.session.scalars(sa.select(Comment.ip_address)).all()
        failures = db.session.scalars(sa.select(LoginFailure.address)).all()
        db.session.remove()
        db.engine.dispose()
    assert stored == ["unknown"] and failures == ["unknown"]


@pytest.mark.parametrize("sent, stored", [
    ("203.0.113.9", "203.0.113.9"), ("2001:DB8::1", "2001:db8::1"), (" 10.0.0.1 ", "10.0.0.1"),
    ("", "unknown"), (None, "unknown"), ("999.1.1.1", "unknown"), ("a" * 300, "unknown"),
])
def test_client_addresses_are_stored_the_standard_way(sent, stored):
    assert client_address(sent) == stored
