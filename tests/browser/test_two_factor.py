"""Two-factor log-in in a real browser: set it up from the page, then log in with a code."""

import time

import pyotp
from playwright.sync_api import expect

from tests.helpers import AUTHOR_PASSWORD, AUTHOR_USERNAME


def enter_password(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("Username").fill(AUTHOR_USERNAME)
    page.get_by_label("Password").fill(AUTHOR_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_author_turns_on_two_factor_and_logs_in_with_a_code(
    live_server, page, screenshot, author
):
    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message))
    enter_password(page, live_server)
    page.get_by_role("link", name="Two-factor log-in").click()

    qr_code = page.locator("svg.qr-code")
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 150  # large enough for a phone to read
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    screenshot("qr-code")
    app = pyotp.TOTP(secret)
    page.get_by_label("Code from the app").fill(app.now())
    page.get_by_role("button", name="Turn on two-factor log-in").click()
    expect(page.get_by_text("Save these codes now")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    screenshot("recovery-codes")

    page.get_by_role("button", name="Log out").click()
    enter_password(page, live_server)
    expect(page).to_have_url(live_server + "/login/code")
    # The code that switched it on is used up: log in with the next one (within the drift).
    page.get_by_label("Code from your authenticator app").fill(app.at(time.time() + 30))
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(live_server + "/dashboard")
    assert not console_errors, [message.text for message in console_errors]  # nor CSP reports
