"""deploy/nginx.conf, run in a real nginx in front of gunicorn: the front web server that
README.md describes ("Running on several machines") works as written.

The test renders the file with its example names, hosts and paths swapped for a
temporary setup, checks it with `nginx -t`, and runs nginx in the foreground with its
own pid, log and temporary files. It needs nginx, which ./scripts/test installs.
"""

import gzip
import http.client
import io
import re
import shutil
import ssl
import time
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa

from blog import create_app
from blog.config import DefaultConfig
from blog.extensions import db
from blog.models import StatDay, StatReferrer
from blog.offline import write_offline_page
from blog.stats.writer import flush_now
from blog.uploads.storage import save_image
from blog.web.security import CONTENT_SECURITY_POLICY
from scripts import nginx_front
from tests.helpers import missing_tool, picture
from tests.server.serving import PROJECT_ROOT, free_port, serve_in_thread

SITE = nginx_front.SITE
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")

A_PNG = picture(700, 300, "PNG")  # wide enough for a 640-pixel copy


@pytest.fixture
def proxied_app(app):
    """The blog configured as README says for an app host behind nginx."""
    proxied = create_app({**app.config, "INSTANCE_PATH": app.instance_path,
                          "TRUSTED_PROXIES": 1, "SESSION_COOKIE_SECURE": True})
    yield proxied
    with proxied.app_context():
        db.engine.dispose()


@pytest.fixture
def app_hosts(proxied_app):
    """Two servers of the blog, standing in for the example's two app hosts; ``stop()``
    stops both, as if every app host were down."""
    with ExitStack() as running:
        ports = [running.enter_context(serve_in_thread(proxied_app)) for _ in range(2)]
        yield SimpleNamespace(ports=ports, stop=running.close)


@pytest.fixture
def nginx() -> str:
    """The nginx program (skipped without one, failed under CI=true)."""
    return NGINX or missing_tool("nginx is not installed (./scripts/test installs it)")


@pytest.fixture
def front(nginx, app, app_hosts, tmp_path):
    """nginx running deploy/nginx.conf in front of ``app_hosts``."""
    with nginx_front.front(
        nginx, tmp_path / "nginx", (free_port(), free_port()), tuple(app_hosts.ports),
        PROJECT_ROOT / "static", Path(app.instance_path),
    ) as running:
        yield running


def fetch(front, path, *, https=True, source="127.0.0.1", method="GET", body=None,
          **headers):
    """GET (or ``method``) ``path`` from nginx as a browser at address ``source`` would,
    for "localhost"."""
    if https:
        context = ssl.create_default_context(cafile=front.folder / "tls" / "fullchain.pem")
        connection = http.client.HTTPSConnection(
            "localhost", front.https_port, context=context, source_address=(source, 0),
            timeout=30,
        )
    else:
        connection = http.client.HTTPConnection(
            "localhost", front.http_port, source_address=(source, 0), timeout=30
        )
    try:
        connection.request(method, path, body=body, headers={
            name.replace("_", "-"): value for name, value in headers.items()})
        response = connection.getresponse()
        return SimpleNamespace(status=response.status, headers=response.headers,
                               body=response.read())
    finally:
        connection.close()


def app_log(caplog, path: str = "") -> list[str]:
    """The blog's request log lines (for ``path``, if given)."""
    lines = [record.getMessage() for record in caplog.records if record.name == "blog.requests"]
    return [line for line in lines if f" {path} " in line] if path else lines


def test_a_page_comes_through_with_the_blogs_headers_and_the_readers_address(
    front, make_post, caplog
):
    caplog.set_level("INFO", logger="blog.requests")
    post = make_post(title="Behind the proxy")

    # From 127.0.0.7, claiming to be someone else: the blog must see who really asked.
    page = fetch(front, post.path, source="127.0.0.7", X_Forwarded_For="203.0.113.9")
    again = fetch(front, post.path, If_None_Match=page.headers["ETag"])
    zipped = fetch(front, post.path, Accept_Encoding="gzip")

    assert page.status == 200 and b"Behind the proxy" in page.body
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "max-age" in page.headers["Strict-Transport-Security"]  # it knows it is HTTPS
    assert f'<link rel="canonical" href="https://localhost{post.path}">'.encode() in page.body
    assert again.status == 304  # the weak ETag survives the trip and gzip
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert b"Behind the proxy" in gzip.decompress(zipped.body)
    request_id = page.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # nginx's id, kept by the blog
    [logged, *_] = app_log(caplog, post.path)
    assert " 200 " in logged and f"from=127.0.0.7 id={request_id}" in logged
    assert "203.0.113.9" not in caplog.text
    nginx_line = next(line for line in front.access_log.read_text().splitlines()
                      if request_id in line)
    assert nginx_line.startswith("127.0.0.7 ")


def test_static_files_and_uploads_are_served_from_disk_by_nginx(app, front, author, caplog):
    caplog.set_level("INFO", logger="blog.requests")
    stored = save_image(io.BytesIO(A_PNG), Path(app.instance_path) / "uploads", 1 << 20)
    home = fetch(front, "/").body.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', home).group(1)

    css = fetch(front, stylesheet, Accept_Encoding="gzip")
    unversioned = fetch(front, stylesheet.split("?")[0])
    image = fetch(front, f"/uploads/{stored.name}")
    copy = fetch(front, f"/uploads/{stored.name.removesuffix('.png')}-640.png")
    missing = fetch(front, f"/uploads/{'0' * 32}.png")

    assert stylesheet.startswith("/static/css/blog.css?v=")
    assert css.status == 200 and css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Content-Type"] == "text/css"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert unversioned.headers["Cache-Control"] == "no-cache"
    assert unversioned.body == (PROJECT_ROOT / "static/css/blog.css").read_bytes()
    assert image.status == 200 and image.body == A_PNG
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    assert copy.status == 200 and copy.headers["Content-Type"] == "image/png"
    assert copy.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert missing.status == 404 and b"Page not found" in missing.body  # the blog's page
    # Neither reached the blog: nginx answered from disk.
    assert [line.split()[1] for line in app_log(caplog)] == ["/", f"/uploads/{'0' * 32}.png"]


def test_plain_http_moves_to_https_and_other_host_names_are_turned_away(front, author):
    plain = fetch(front, "/login?next=/dashboard", https=False)

    assert plain.status == 301
    assert plain.headers["Location"] == "https://localhost/login?next=/dashboard"
    for https in (False, True):
        with pytest.raises(http.client.RemoteDisconnected):
            fetch(front, "/", https=https, Host="evil.example")


def test_nginx_takes_uploads_as_large_as_the_blog_does():
    size = re.search(r"client_max_body_size (\d+)m;", SITE.read_text()).group(1)
    # The upload form may carry the image and up to 64 KiB more (blog/uploads/views.py).
    assert int(size) * 1024 * 1024 >= DefaultConfig.UPLOAD_MAX_BYTES + 64 * 1024


def requests_for(caplog, path: str) -> int:
    """How many requests for ``path`` reached the app hosts."""
    return len(app_log(caplog, path))


def test_readers_pages_come_from_nginx_and_stay_up_when_the_app_is_down(
    front, app_hosts, make_post, caplog
):
    caplog.set_level("INFO", logger="blog.requests")
    post = make_post(title="Kept by nginx")

    first, second = fetch(front, post.path), fetch(front, post.path)
    time.sleep(1.1)  # past its second of freshness, and nothing changed
    revalidated = fetch(front, post.path)
    zipped = fetch(front, post.path, Accept_Encoding="gzip")
    not_modified = fetch(front, post.path, If_None_Match=first.headers["ETag"])
    app_hosts.stop()
    time.sleep(1.1)
    down = fetch(front, post.path)

    # Kept to the end of the second it was made in: later in that second nginx serves
    # it alone (HIT), after it asks the app, which answers 304 (REVALIDATED).
    kept = {"HIT", "REVALIDATED"}
    assert first.headers["X-Cache"] == "MISS" and second.headers["X-Cache"] in kept
    assert "X-Accel-Expires" not in first.headers  # the app's word to nginx alone
    assert revalidated.headers["X-Cache"] == "REVALIDATED"
    assert zipped.headers["X-Cache"] in kept
    assert gzip.decompress(zipped.body) == first.body == second.body
    assert not_modified.status == 304 and not_modified.headers["X-Cache"] in kept
    # The app made the page once; every later answer it gave was a 304.
    [made, *checked] = [line.split()[2] for line in app_log(caplog, post.path)]
    assert made == "200" and checked and set(checked) == {"304"}
    assert down.status == 200 and down.body == first.body  # every app host stopped
    assert down.headers["X-Cache"] == "STALE"


def test_a_new_comment_reaches_readers_within_a_second_and_its_writer_at_once(
    front, make_post, make_comment
):
    post = make_post(title="A lively thread")
    fetch(front, post.path)  # kept by nginx
    make_comment(post.id, body="Fresh remark.", name="Rania")

    writer = fetch(front, post.path, Cookie="commenter=remembered")
    time.sleep(1.01)  # the second the kept page was made in is over
    next_reader = fetch(front, post.path)

    assert writer.headers["X-Cache"] == "BYPASS" and b"Fresh remark." in writer.body
    assert next_reader.headers["X-Cache"] == "EXPIRED"  # asked, and made anew
    assert b"Fresh remark." in next_reader.body


def test_the_author_forms_searches_and_feeds_are_never_kept(
    front, make_post, author, caplog
):
    caplog.set_level("INFO", logger="blog.requests")
    post = make_post(title="Only for readers")
    comment = urlencode({"body": "Sent twice.", "name": "", "website": ""})
    asked = {
        "/": {"Cookie": "session=the-authors"},
        "/login": {},
        "/comments/form-token": {},
        "/search?q=readers": {},
        f"{post.path}?utm_source=feed": {},
        f"{post.path}?replytocom=1": {},
        f"{post.path}?cpage=02": {},  # not a comment page's own address: the app's 404
        "/feeds/posts.atom": {},  # each fetch counted by the app
    }

    seen = {path: [fetch(front, path, **headers).headers.get("X-Cache")
                   for _ in range(2)] for path, headers in asked.items()}
    posted = [fetch(front, f"/posts/{post.id}/comments", method="POST", body=comment,
                    Content_Type="application/x-www-form-urlencoded") for _ in range(2)]

    assert "HIT" not in str(seen), seen
    for path in asked:
        assert requests_for(caplog, path.split("?")[0]) >= 2, path
    assert all(response.headers.get("X-Cache") in (None, "") for response in posted)
    assert requests_for(caplog, f"/posts/{post.id}/comments") == 2


def test_with_the_app_down_a_comment_gets_the_blogs_own_page_saying_nothing_was_kept(
    app, front, app_hosts, make_post
):
    post = make_post(title="Down for a moment")
    write_offline_page(app)  # as the server does when it starts
    app_hosts.stop()

    sent = fetch(front, f"/posts/{post.id}/comments", method="POST",
                 body=urlencode({"body": "Lost?"}),
                 Content_Type="application/x-www-form-urlencoded")
    never_kept = fetch(front, post.path)

    for answer in (sent, never_kept):
        assert answer.status == 503 and answer.headers["Retry-After"] == "60"
        assert b"it was not kept" in answer.body and b"nginx" not in answer.body
        assert answer.headers["Cache-Control"] == "no-store"


def test_pages_nginx_answers_alone_are_counted_once_from_its_log(
    front, proxied_app, runner, make_post
):
    post = make_post(title="Counted at the door")
    reader = {"Referer": "https://www.google.com/", "User_Agent": "Mozilla/5.0 (X11; Linux "
              "x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}
    answers = [fetch(front, post.path, **reader)]
    while len(answers) < 6 and "HIT" not in [answer.headers["X-Cache"] for answer in answers]:
        answers.append(fetch(front, post.path, **reader))
    caches = [answer.headers["X-Cache"] for answer in answers]
    deadline = time.monotonic() + 5  # nginx writes its line once the answer is sent
    while front.access_log.read_text().count(f"GET {post.path} ") < len(answers):
        assert time.monotonic() < deadline, front.access_log.read_text()
        time.sleep(0.02)
    flush_now(proxied_app)  # what the app counted itself: the MISS, any REVALIDATED

    first = runner.invoke(args=["stats", "ingest", str(front.access_log)]).output
    again = runner.invoke(args=["stats", "ingest", str(front.access_log)]).output

    assert caches[0] == "MISS" and "HIT" in caches, caches
    hits = caches.count("HIT")
    assert f"Counted: {hits}. Left to the blog's own count: {len(answers) - hits}. " \
           "Unreadable: 0." in first
    assert again.startswith("Lines read: 0.")
    with proxied_app.app_context():
        [day] = db.session.scalars(sa.select(StatDay))
        google = db.session.scalar(sa.select(StatReferrer.views)
                                   .where(StatReferrer.source == "Google"))
    assert day.page_requests == google == len(answers)  # each answer counted once
