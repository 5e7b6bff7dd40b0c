"""The blog knows its own address: absolute links (canonical, Open Graph, feeds, sitemap,
redirects, mail) are made from it, never from the Host header, and a request for another
host gets the 400 page (issue 24, finding 4)."""

import re

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import OutboxMessage, Setting, Subscription
from blog.settings import EDITABLE, invalid_stored, restore_settings, save_setting
from blog.web.urls import clean_blog_address
from tests.helpers import AuthActions, blog_app, create_author, write_post

EVIL = {"Host": "evil.example"}
# Reader's addresses whose answers carry absolute links or are redirects.
LINKED = ["/", "/feeds/posts.atom", "/feeds/posts.rss", "/feeds/comments.atom",
          "/sitemap.xml", "/robots.txt", "/2026", "/?m=1", "/feed/", "/login",
          "/dashboard", "/no-such-page", "/static/favicon.svg", "/stats/seen.css"]


def store_address(app, address: str) -> None:
    with app.app_context():
        save_setting("ADDRESS", address)
        db.session.commit()


@pytest.fixture
def blog(tmp_path):
    """A blog whose address is stored, as the setup stores it, with one post."""
    with blog_app(tmp_path) as app:
        author = create_author(app)
        app.post_path = write_post(app, author, title="Grid tariffs",
                                   body="![chart](/uploads/chart.png)").path
        store_address(app, "https://blog.example")
        yield app


def absolute_links(text: str) -> set[str]:
    return set(re.findall(r"https?://[\w[][^\s\"'<>]*", text)) - {
        "http://www.w3.org/2005/Atom", "http://www.sitemaps.org/schemas/sitemap/0.9",
        "https://schema.org", "http://purl.org/dc/elements/1.1/",
        "http://www.w3.org/XML/1998/namespace", "http://purl.org/rss/1.0/modules/content/",
        "http://backend.userland.com/rss2"}


@pytest.mark.parametrize("path", LINKED)
def test_a_request_for_another_host_gets_the_400_page(blog, path):
    answer = blog.test_client().get(path, headers=EVIL)

    assert answer.status_code == 400
    assert "Not this blog&#39;s address" in answer.text and "<main" in answer.text
    assert 'href="https://blog.example/">Go to the home page' in answer.text
    assert "evil.example" not in answer.text and "Location" not in answer.headers


def test_a_post_to_another_host_is_refused_before_it_does_anything(blog):
    answer = blog.test_client().post("/login", headers=EVIL,
                                     data={"username": "author", "password": "x"})

    assert answer.status_code == 400


def test_links_are_made_from_the_address_not_the_request(blog):
    client = blog.test_client()
    # Over plain HTTP on another port (a TLS proxy in front, say): same host name.
    get = lambda path: client.get(path, base_url="http://blog.example:8000")  # noqa: E731

    post, feed, sitemap = get(blog.post_path), get("/feeds/posts.atom"), get("/sitemap.xml")

    assert post.status_code == feed.status_code == sitemap.status_code == 200
    assert f'<link rel="canonical" href="https://blog.example{blog.post_path}">' in post.text
    assert f'<meta property="og:url" content="https://blog.example{blog.post_path}">' in post.text
    assert '"image": "https://blog.example/uploads/chart.png"' in post.text
    assert f"<loc>https://blog.example{blog.post_path}</loc>" in sitemap.text
    assert 'src="https://blog.example/uploads/chart.png"' in feed.text
    assert "tag:blog.example,2026:post/" in feed.text
    for text in (post.text, feed.text, sitemap.text, get("/robots.txt").text):
        assert {link for link in absolute_links(text)
                if not link.startswith("https://blog.example/")} == set()
    assert get("/2026").headers["Location"] == "https://blog.example/2026/"


def test_trusted_aliases_are_answered_with_links_at_the_address(tmp_path):
    with blog_app(tmp_path, TRUSTED_HOSTS=["blog.example", "www.blog.example"],
                  ADDRESS="https://blog.example") as app:
        client = app.test_client()

        alias = client.get("/", headers={"Host": "www.blog.example"})
        moved = client.get("/2026", headers={"Host": "www.blog.example"})
        stray = client.get("/", headers=EVIL)

    assert alias.status_code == 200
    assert '<link rel="canonical" href="https://blog.example/">' in alias.text
    assert "www.blog.example" not in alias.text
    assert moved.headers["Location"] == "https://blog.example/2026/"
    assert stray.status_code == 400 and "Not this blog&#39;s address" in stray.text


def test_left_open_the_blog_answers_any_host_as_flask_does(tmp_path):
    with blog_app(tmp_path, ADDRESS="") as app:
        page = app.test_client().get("/", headers=EVIL)

    assert page.status_code == 200
    assert '<link rel="canonical" href="http://evil.example/">' in page.text


def test_a_wrong_host_never_gets_a_kept_page(blog):
    client = blog.test_client()
    kept = client.get(blog.post_path)  # localhost is not the blog's address either
    own = client.get(blog.post_path, base_url="https://blog.example")
    again = client.get(blog.post_path, base_url="https://blog.example")
    stray = client.get(blog.post_path, headers=EVIL)
    stray_304 = client.get(blog.post_path, headers=EVIL | {"If-None-Match": own.headers["ETag"]})

    assert kept.status_code == 400
    assert own.status_code == again.status_code == 200 and "Grid tariffs" in again.text
    assert stray.status_code == stray_304.status_code == 400
    assert "Grid tariffs" not in stray.text


def test_pages_kept_while_the_blog_was_open_go_when_its_address_is_set(tmp_path):
    with blog_app(tmp_path) as app:
        path = write_post(app, create_author(app), title="Grid tariffs").path
        client = app.test_client()
        poisoned = client.get(path, headers=EVIL)
        store_address(app, "http://localhost")

        stray = client.get(path, headers=EVIL)
        own = client.get(path)

    assert poisoned.status_code == 200 and "http://evil.example" in poisoned.text
    assert stray.status_code == 400 and "Grid tariffs" not in stray.text
    assert own.status_code == 200 and "evil.example" not in own.text


def test_mail_links_use_the_address_whatever_host_a_reader_asked_at(tmp_path):
    with blog_app(tmp_path, TRUSTED_HOSTS=["blog.example", "www.blog.example"],
                  ADDRESS="https://blog.example", MAIL_SERVER="127.0.0.1",
                  MAIL_SEND_IN_BACKGROUND=False) as app:
        asked = app.test_client().post("/mail/follow", base_url="http://www.blog.example",
                                       data={"email": "reader@example.org"})
        with app.app_context():
            confirm = db.session.scalars(sa.select(OutboxMessage)).one()
            site_url = db.session.scalars(sa.select(Subscription.site_url)).one()

    assert asked.status_code < 400
    assert "https://blog.example/mail/confirm/" in confirm.text_body
    assert "www.blog.example" not in confirm.text_body + confirm.html_body
    assert site_url == "https://blog.example/"


@pytest.mark.parametrize(("typed", "kept"), [
    ("https://blog.example.org", "https://blog.example.org"),
    (" HTTPS://Blog.Example.org:443/ ", "https://blog.example.org"),
    ("http://localhost:5000", "http://localhost:5000"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://[::1]:5000", "http://[::1]:5000"),
    ("", ""),
])
def test_an_address_is_kept_in_one_spelling(typed, kept):
    assert clean_blog_address(typed) == kept


@pytest.mark.parametrize(("typed", "message"), [
    ("blog.example.org", "Start the address with https://"),
    ("ftp://blog.example.org", "Start the address with https://"),
    ("javascript:alert(1)", "Start the address with https://"),
    ("https://user:secret@blog.example.org", "Leave out the user name and password"),
    ("https://blog.example.org/blog", "nothing after them"),
    ("https://blog.example.org/?x=1", "nothing after them"),
    ("https://blog.example.org#top", "nothing after them"),
    ("https://blog example.org", "no spaces"),
    ("https://blog_example.org", "That host name will not do"),
    ("https://-blog.example.org", "That host name will not do"),
    ("https://999.1.1.1", "That host name will not do"),
    ("https://blog.example.org:99999", "check the host name and the port"),
    ("https://blog.example.org:0", "A port is a number"),
])
def test_a_mistyped_address_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        clean_blog_address(typed)


# The whole settings form as a browser sends it.
FORM = {
    "title": "A blog", "description": "Essays.", "footer": "", "posts_per_page": "10",
    "timezone": "UTC", "language": "en", "feed_content": "full",
    "mail_post_content": "summary", "popular_posts": "off", "comment_mode": "first_time",
    "comment_max_depth": "4", "comment_max_length": "5000", "comment_max_links": "2",
    "comment_spam_threshold": "5", "comment_min_seconds": "3", "comment_rate_limit": "5",
}


@pytest.fixture
def settings_blog(tmp_path):
    """A blog set up before the address was kept: none stored, none configured."""
    with blog_app(tmp_path, unfixed=tuple(EDITABLE)) as app:
        create_author(app)
        client = app.test_client()
        assert AuthActions(client).login().status_code == 302
        app.author_client = client
        yield app


def stored_address(app):
    with app.app_context():
        return db.session.scalar(sa.select(Setting.value).where(Setting.name == "ADDRESS"))


def test_a_blog_without_an_address_asks_the_author_to_confirm_it(settings_blog):
    client = settings_blog.author_client

    dashboard = client.get("/dashboard")
    page = client.get("/dashboard/settings")
    saved = client.post("/dashboard/settings", data=FORM | {"address": "http://localhost"})

    assert "The blog does not know its address yet" in dashboard.text
    assert "The blog does not know its address yet" in page.text
    assert 'id="address" name="address" type="text" value="http://localhost"' in page.text
    assert saved.status_code == 302 and stored_address(settings_blog) == '"http://localhost"'
    assert "does not know its address" not in client.get("/dashboard").text
    assert settings_blog.test_client().get("/", headers=EVIL).status_code == 400


def test_an_empty_address_leaves_the_blog_open_and_the_page_says_so(settings_blog):
    client = settings_blog.author_client

    client.post("/dashboard/settings", data=FORM | {"address": ""})

    assert stored_address(settings_blog) == '""'
    assert "The blog's address is left open" in client.get("/dashboard/settings").text
    assert "does not know its address" not in client.get("/dashboard").text
    assert settings_blog.test_client().get("/", headers=EVIL).status_code == 200


@pytest.mark.parametrize(("typed", "message"), [
    ("localhost", "Start the address with https://"),
    ("http://localhost/blog", "nothing after them"),
    ("https://elsewhere.example", "The blog would then refuse localhost"),
])
def test_the_settings_page_refuses_an_address_that_will_not_do(settings_blog, typed, message):
    client = settings_blog.author_client

    refused = client.post("/dashboard/settings", data=FORM | {"address": typed})

    assert refused.status_code == 422
    assert re.search(r'id="address-error"[^>]*>[^<]*' + re.escape(message), refused.text)
    assert f'value="{typed}"' in refused.text
    assert stored_address(settings_blog) is None


def test_the_command_line_moves_the_blog_to_another_host(settings_blog):
    moved = settings_blog.test_cli_runner().invoke(
        args=["settings", "set", "ADDRESS", "https://elsewhere.example/"])

    assert moved.exit_code == 0, moved.output
    assert stored_address(settings_blog) == '"https://elsewhere.example"'
    assert settings_blog.test_client().get("/").status_code == 400


def test_an_export_brings_its_address_only_to_a_blog_that_has_none(settings_blog):
    def restore(address):
        with settings_blog.app_context():
            restore_settings({"ADDRESS": address, "TITLE": "Moved in"})
            db.session.commit()
        return stored_address(settings_blog)

    assert restore("https://old.example") == '"https://old.example"'
    assert restore("https://other.example") == '"https://old.example"'


def test_a_stored_address_gone_stale_falls_back_and_says_why_in_the_blogs_language(app, client):
    """The reason is read in the page's language, which is itself a setting: reading it
    while the settings are checked must not ask for them again."""
    with app.app_context():
        db.session.add(Setting(name="ADDRESS", value='"https://bad_host!.example"'))
        db.session.commit()

    assert client.get("/").status_code == 200
    with app.test_request_context("/"):
        assert "host name will not do" in str(invalid_stored()["ADDRESS"])
