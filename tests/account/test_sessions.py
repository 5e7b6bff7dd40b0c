"""The account's list of log-ins: where the author is logged in, and "Log out" for each
browser or for every browser but this one."""

import re

import sqlalchemy as sa

from blog.extensions import db
from blog.models import LoginSession
from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME

SESSIONS = "/dashboard/account/sessions"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_ON_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15"
                    " (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")


def browser(app, user_agent: str, address: str, remember: bool = False):
    """A test client logged in as the author with this User-Agent, from this address."""
    client = app.test_client()
    data = {"username": AUTHOR_USERNAME, "password": AUTHOR_PASSWORD}
    response = client.post("/login", data=data | ({"remember": "y"} if remember else {}),
                           headers={"User-Agent": user_agent},
                           environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 302
    return client


def login_id(app, address: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(LoginSession.id).where(LoginSession.address == address))


def rows(page: str) -> list[str]:
    """The table's rows as text, tags left out."""
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("<tr>")[1:]]


def test_the_page_lists_every_log_in_and_marks_this_browser(app, author):
    laptop = browser(app, FIREFOX, "198.51.100.7")
    browser(app, SAFARI_ON_IPHONE, "203.0.113.5", remember=True)

    page = laptop.get(SESSIONS)

    assert page.status_code == 200
    listed = rows(page.text)
    assert len(listed) == 2
    phone, this = sorted(listed, key=lambda row: "This browser" in row)
    assert this.startswith("Firefox on Linux 198.51.100.7") and this.endswith("This browser")
    assert phone.startswith("Safari on iOS (remembered) 203.0.113.5")
    assert phone.endswith("Log out")
    assert "Log out everywhere else" in page.text


def test_the_account_page_links_to_the_list(client, logged_in):
    assert f'href="{SESSIONS}"' in client.get("/dashboard/account").text


def test_log_out_ends_that_browser_and_its_cookies(app, author):
    laptop = browser(app, FIREFOX, "198.51.100.7")
    phone = browser(app, SAFARI_ON_IPHONE, "203.0.113.5", remember=True)
    copy = app.test_client()
    copy.set_cookie("remember_token", phone.get_cookie("remember_token").value)

    response = laptop.post(f"{SESSIONS}/{login_id(app, '203.0.113.5')}/end")

    assert response.headers["Location"] == SESSIONS
    assert "Logged out: Safari on iOS, 203.0.113.5." in laptop.get(SESSIONS).text
    assert phone.get("/dashboard").status_code == 302
    assert copy.get("/dashboard").status_code == 302
    assert laptop.get("/dashboard").status_code == 200


def test_log_out_everywhere_else_keeps_this_browser(app, author):
    laptop = browser(app, FIREFOX, "198.51.100.7", remember=True)
    others = [browser(app, SAFARI_ON_IPHONE, f"203.0.113.{n}", remember=True) for n in (5, 6)]

    response = laptop.post(f"{SESSIONS}/end-others")

    assert response.headers["Location"] == SESSIONS
    assert all(other.get("/dashboard").status_code == 302 for other in others)
    assert len(rows(laptop.get(SESSIONS).text)) == 1
    laptop.delete_cookie("session")  # closed and opened again: still remembered
    assert laptop.get("/dashboard").status_code == 200


def test_logging_this_browser_out_from_the_list_logs_it_out(app, author):
    laptop = browser(app, FIREFOX, "198.51.100.7")

    response = laptop.post(f"{SESSIONS}/{login_id(app, '198.51.100.7')}/end")

    assert response.headers["Location"] == "/login"
    assert laptop.get("/dashboard").status_code == 302


def test_an_unknown_log_in_is_not_found(client, logged_in):
    assert client.post(f"{SESSIONS}/999/end").status_code == 404
    assert client.get("/dashboard").status_code == 200


def test_the_buttons_need_their_csrf_token(app, author):
    laptop = browser(app, FIREFOX, "198.51.100.7")
    phone = browser(app, FIREFOX, "203.0.113.5")
    app.config["WTF_CSRF_ENABLED"] = True

    assert laptop.post(f"{SESSIONS}/{login_id(app, '203.0.113.5')}/end").status_code == 400
    assert laptop.post(f"{SESSIONS}/end-others").status_code == 400
    assert phone.get("/dashboard").status_code == 200


def test_the_buttons_are_post_only(client, logged_in):
    assert client.get(f"{SESSIONS}/end-others").status_code == 405
    assert client.get(f"{SESSIONS}/1/end").status_code == 405


def test_a_hostile_user_agent_is_shown_only_as_a_browser_name(app, author):
    hostile = '<script>alert("x")</script> Firefox/1 "onmouseover=alert(1)'
    laptop = browser(app, hostile, "192.0.2.1")

    page = laptop.get(SESSIONS).text

    assert "<script>alert" not in page and "onmouseover" not in page
    assert rows(page)[0].startswith("Firefox 192.0.2.1")
