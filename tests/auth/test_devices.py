"""Nobody locks the author out: a browser the author has logged in with keeps logging in
while strangers' guesses pause every other browser (OWASP's device cookies)."""

import pyotp
import pytest
import sqlalchemy as sa

from blog import create_app
from blog.auth.devices import COOKIE_NAME
from blog.auth.recent import SESSION_KEY
from blog.cache.registry import registry_for
from blog.extensions import db
from blog.models import Author, LoginFailure
from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME, AuthActions

ATTACKERS = [f"203.0.113.{number}" for number in range(1, 40)]


class Browser(AuthActions):
    """A test client from one address, logging in through the form."""

    def __init__(self, app, address="198.51.100.7"):
        self.client = app.test_client()
        self.address = address
        super().__init__(self.client)

    def login(self, username=AUTHOR_USERNAME, password=AUTHOR_PASSWORD, **extra):
        return self.client.post(
            "/login", data={"username": username, "password": password, **extra},
            environ_base={"REMOTE_ADDR": self.address},
        )

    def logout(self):
        return self.client.post("/logout", environ_base={"REMOTE_ADDR": self.address})

    def on_dashboard(self) -> bool:
        return self.client.get("/dashboard").status_code == 200

    def device_cookie(self) -> str | None:
        cookie = self.client.get_cookie(COOKIE_NAME)
        return cookie.value if cookie else None


def guess_from_everywhere(app, guesses: int) -> list[int]:
    """Wrong passwords for the author, each from a browser and address of its own (a
    botnet, which the per-address limit never sees twice); their answers' statuses."""
    return [Browser(app, ATTACKERS[number]).login(password=f"guess {number}").status_code
            for number in range(guesses)]


@pytest.fixture
def authors_browser(app, author):
    """The author's own browser: it has logged in once before, and logged out."""
    browser = Browser(app)
    assert browser.login().status_code == 302
    browser.logout()
    return browser


def test_strangers_guesses_never_lock_the_author_out_of_their_own_browser(app, authors_browser):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    assert guess_from_everywhere(app, limit) == [200] * limit
    # Unknown browsers are paused for the account, even with the right password...
    assert Browser(app, "192.0.2.44").login().status_code == 429

    # ...while the author, at the same time, logs in from their own, again and again.
    for _ in range(3):
        assert authors_browser.login().status_code == 302
        assert authors_browser.on_dashboard()
        assert guess_from_everywhere(app, 2) == [429, 429]
        authors_browser.logout()


def test_the_authors_own_wrong_passwords_pause_only_their_browser(app, authors_browser):
    limit = app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]
    for _ in range(limit):
        assert authors_browser.login(password="a typo, again").status_code == 200

    assert authors_browser.login().status_code == 429
    # Nobody else's browser is paused by them: the author's phone, say.
    assert Browser(app, "192.0.2.45").login().status_code == 302


def test_every_known_browser_has_its_own_count(app, authors_browser):
    laptop = Browser(app, "192.0.2.46")
    assert laptop.login().status_code == 302
    laptop.logout()
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]):
        laptop.login(password="a typo, again")

    assert laptop.login().status_code == 429
    assert authors_browser.login().status_code == 302


def test_the_per_address_limit_holds_for_known_browsers_too(app, authors_browser):
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for number in range(3):
        Browser(app, authors_browser.address).login(username=f"guess{number}", password="x")

    assert authors_browser.login().status_code == 429


def test_a_tampered_device_cookie_is_an_unknown_browser(app, authors_browser):
    value = authors_browser.device_cookie()
    forged = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    authors_browser.client.set_cookie(COOKIE_NAME, forged)
    guess_from_everywhere(app, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    assert authors_browser.login().status_code == 429


def test_a_device_cookie_signed_with_another_key_is_an_unknown_browser(app, author):
    elsewhere = create_app({**app.config, "SECRET_KEY": "another blog's key",
                            "INSTANCE_PATH": app.instance_path})
    browser = Browser(elsewhere)
    assert browser.login().status_code == 302
    browser.logout()
    stranger = Browser(app)
    stranger.client.set_cookie(COOKIE_NAME, browser.device_cookie())
    guess_from_everywhere(app, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    assert stranger.login().status_code == 429
    with elsewhere.app_context():
        db.engine.dispose()


def test_a_device_cookie_counts_only_for_the_account_it_names(app, authors_browser):
    with app.app_context():
        other = Author(username="bea", display_name="Bea")
        other.set_password("bea's own long password")
        db.session.add(other)
        db.session.commit()
    for number in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        Browser(app, ATTACKERS[number]).login(username="bea", password="guess")

    assert authors_browser.login(username="bea", password="bea's own long password") \
        .status_code == 429


def test_failures_from_a_known_browser_are_stored_with_its_id(app, authors_browser):
    authors_browser.login(password="a typo")
    Browser(app, ATTACKERS[0]).login(password="a guess")

    with app.app_context():
        rows = db.session.execute(
            sa.select(LoginFailure.address, LoginFailure.device).order_by(LoginFailure.id)
        ).all()
    assert rows[0].address == authors_browser.address and rows[0].device
    assert rows[1] == (ATTACKERS[0], None)


def test_the_device_cookie_is_httponly_lax_lasting_and_new_at_each_log_in(app, author):
    browser = Browser(app)
    first = browser.login()
    cookie = next(value for value in first.headers.getlist("Set-Cookie")
                  if value.startswith(f"{COOKIE_NAME}="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert f"Max-Age={app.config['DEVICE_COOKIE_SECONDS']}" in cookie
    before = browser.device_cookie()
    browser.logout()

    browser.login()

    assert browser.device_cookie() != before


def test_the_device_cookie_is_secure_when_the_session_cookie_is(app, author):
    app.config["SESSION_COOKIE_SECURE"] = True

    response = Browser(app).login()

    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith(f"{COOKIE_NAME}="))
    assert "Secure" in cookie


def test_no_device_cookie_for_a_wrong_password(app, author):
    browser = Browser(app)

    browser.login(password="wrong password")

    assert browser.device_cookie() is None


def test_the_device_cookie_leaves_readers_pages_shared(app, authors_browser):
    """It is read only where a password is checked, so a logged-out author's browser
    holding one still gets the page every reader gets."""
    held = {COOKIE_NAME: authors_browser.device_cookie()}

    assert held[COOKIE_NAME] is not None
    assert registry_for(app).same_for_every_reader({}, held)


def test_the_account_page_asks_the_author_while_strangers_guess(app, author):
    """The password asked again on the account page counts for the author's browser, as
    /login does: strangers' guesses do not pause it."""
    browser = Browser(app)
    browser.login()
    with browser.client.session_transaction() as session:
        session[SESSION_KEY] = 0  # logged in long ago: the e-mail change asks the password
    guess_from_everywhere(app, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])

    response = browser.client.post("/dashboard/account", data={
        "display_name": "Ana Analyst", "bio": "", "photo": "",
        "email": "ana@example.org", "password": AUTHOR_PASSWORD,
    })

    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Author, author).email == "ana@example.org"


@pytest.fixture
def two_factor(app, author) -> pyotp.TOTP:
    with app.app_context():
        db.session.get(Author, author).totp_secret = pyotp.random_base32()
        db.session.commit()
        return pyotp.TOTP(db.session.get(Author, author).totp_secret)


def test_strangers_guesses_do_not_stop_the_authors_code(app, authors_browser, two_factor):
    guess_from_everywhere(app, app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])
    assert authors_browser.login().headers["Location"] == "/login/code"

    response = authors_browser.client.post("/login/code", data={"code": two_factor.now()})

    assert response.status_code == 302 and authors_browser.on_dashboard()


def test_wrong_codes_pause_the_browser_that_sent_them(app, authors_browser, two_factor):
    assert authors_browser.login().headers["Location"] == "/login/code"
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]):
        authors_browser.client.post("/login/code", data={"code": "000000"})

    refused = authors_browser.client.post("/login/code", data={"code": two_factor.now()})

    assert refused.status_code == 429
    phone = Browser(app, "192.0.2.47")
    assert phone.login().headers["Location"] == "/login/code"
    assert phone.client.post("/login/code", data={"code": two_factor.now()}).status_code == 302
