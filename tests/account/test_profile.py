"""The author's profile: name, "About me", photo and the e-mail address readers never see."""

import time
from pathlib import Path

import pytest

from blog.account.profile import Profile, change_password, changes_email, save_profile
from blog.auth.recent import SESSION_KEY
from blog.extensions import db
from blog.models import Author
from tests.helpers import AUTHOR_PASSWORD, AuthActions, upload_image

ACCOUNT = "/dashboard/account"
STALE = 16 * 60  # seconds: older than RECENT_LOGIN_SECONDS


def profile_form(**changes) -> dict:
    return {"display_name": "Ana Analyst", "bio": "", "photo": "", "email": ""} | changes


def stored(app) -> Author:
    with app.app_context():
        author = db.session.get(Author, 1)
        db.session.expunge(author)
        return author


def log_in_long_ago(client, seconds=STALE):
    with client.session_transaction() as session:
        session[SESSION_KEY] = int(time.time()) - seconds


def test_the_page_shows_the_stored_profile(app, client, logged_in):
    response = client.get(ACCOUNT)

    assert response.status_code == 200
    assert 'value="Ana Analyst"' in response.text
    assert "<option selected value=\"\">No photo</option>" in response.text
    assert "Current password" not in response.text  # the log-in is recent


def test_the_profile_is_saved_and_shown_in_the_sidebar(app, client, logged_in, make_post):
    make_post()
    photo = upload_image(client)
    bio = "I write about **energy**.\n\n# Elsewhere\n\n<script>alert(1)</script>"

    response = client.post(ACCOUNT, data=profile_form(
        display_name="  Ana Q. Analyst ", bio=bio, photo=photo))

    assert response.status_code == 302
    assert response.headers["Location"] == ACCOUNT
    assert "Profile saved." in client.get(ACCOUNT).text
    home = client.get("/").text
    assert "<p>I write about <strong>energy</strong>.</p>" in home
    assert '<h3 id="elsewhere">Elsewhere</h3>' in home  # below the sidebar's <h2>
    assert "<script>alert" not in home and "alert(1)" not in home
    assert (f'<img class="author-photo" src="/uploads/{photo}" alt="Ana Q. Analyst" '
            'width="96" height="96" loading="lazy">') in home
    author = stored(app)
    assert (author.display_name, author.photo) == ("Ana Q. Analyst", photo)


def test_the_sidebar_leaves_out_a_photo_no_longer_on_disk(app, client, logged_in):
    photo = upload_image(client)
    client.post(ACCOUNT, data=profile_form(photo=photo))
    (Path(app.instance_path) / "uploads" / photo).unlink()
    client.post(ACCOUNT, data=profile_form(bio="Changed."))  # a new site version

    assert "author-photo" not in client.get("/").text


@pytest.mark.parametrize("photo", [
    "0123456789abcdef0123456789abcdef.png",  # the shape of a stored name, but not stored
    "../../instance/secret_key",
    "picture.gif",
])
def test_the_photo_must_be_an_uploaded_image(app, client, logged_in, photo):
    upload_image(client)

    response = client.post(ACCOUNT, data=profile_form(photo=photo, bio="Kept."))

    assert response.status_code == 422
    assert "Choose one of your uploaded images, or “No photo”." in response.text
    assert "Kept." in response.text
    assert stored(app).photo is None


def test_the_photo_choices_are_the_uploaded_images(client, logged_in):
    photo = upload_image(client)

    assert f'<option value="{photo}">{photo}</option>' in client.get(ACCOUNT).text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("email", "not an address", "Enter an e-mail address like name@example.org."),
    ("email", "ana@", "Enter an e-mail address like name@example.org."),
    ("email", "a" * 250 + "@example.org", "at most 254 characters"),
    ("display_name", "   ", "Give the name readers see."),
    ("display_name", "n" * 121, "Keep the name to 120 characters or fewer."),
    ("bio", "b" * 5001, "Keep “About me” to 5,000 characters or fewer."),
])
def test_mistakes_are_refused_with_a_message_and_everything_kept(
    app, client, logged_in, field, value, message
):
    typed = profile_form(display_name="Typed Name", bio="Typed bio.", email="typed@example.org")
    typed[field] = value

    response = client.post(ACCOUNT, data=typed)

    assert response.status_code == 422
    assert f'<p class="error" id="{field}-error">' in response.text
    assert message in response.text
    for name, kept in typed.items():
        if name != "photo":
            assert kept in response.text, name
    author = stored(app)
    assert (author.display_name, author.email) == ("Ana Analyst", None)


def test_the_email_address_is_never_shown_to_readers(app, client, logged_in, make_post):
    post = make_post(title="A public essay")
    response = client.post(ACCOUNT, data=profile_form(
        email="ana.private@example.org", bio="Write to me, maybe."))
    assert response.status_code == 302
    assert stored(app).email == "ana.private@example.org"
    logged_in.logout()

    for path in ("/", post.path, "/feeds/posts.atom", "/feeds/posts.rss", "/sitemap.xml",
                 "/search?q=essay"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "ana.private" not in response.text, path
        assert "Write to me" in response.text or path.startswith(("/feeds", "/sitemap")), path


def test_a_stale_log_in_must_give_the_password_to_change_the_email(app, client, logged_in):
    log_in_long_ago(client)
    typed = profile_form(email="new@example.org", bio="A new bio.")

    response = client.post(ACCOUNT, data=typed)

    assert response.status_code == 422
    assert "Enter your password to change the e-mail address" in response.text
    assert 'value="new@example.org"' in response.text and "A new bio." in response.text
    assert stored(app).email is None

    response = client.post(ACCOUNT, data=typed | {"password": AUTHOR_PASSWORD})

    assert response.status_code == 302
    author = stored(app)
    assert (author.email, author.bio) == ("new@example.org", "A new bio.")
    with client.session_transaction() as session:
        assert time.time() - session[SESSION_KEY] < 60  # it counts as a fresh log-in


def test_a_session_that_never_gave_the_password_is_not_recent(app, client, logged_in):
    with client.session_transaction() as session:
        del session[SESSION_KEY]

    response = client.post(ACCOUNT, data=profile_form(email="new@example.org"))

    assert response.status_code == 422
    assert stored(app).email is None


def test_a_stale_log_in_changes_everything_else_without_the_password(app, client, logged_in):
    log_in_long_ago(client)
    assert "Current password" in client.get(ACCOUNT).text

    response = client.post(ACCOUNT, data=profile_form(bio="Only the bio."))

    assert response.status_code == 302
    assert stored(app).bio == "Only the bio."


def test_the_recent_log_in_lasts_as_configured(app, client, logged_in):
    app.config["RECENT_LOGIN_SECONDS"] = 60 * 60
    log_in_long_ago(client, seconds=30 * 60)

    response = client.post(ACCOUNT, data=profile_form(email="new@example.org"))

    assert response.status_code == 302


def test_wrong_passwords_count_toward_the_log_in_throttle(app, client, logged_in):
    log_in_long_ago(client)
    typed = profile_form(email="new@example.org")
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_DEVICE"]):
        response = client.post(ACCOUNT, data=typed | {"password": "a wrong password"})
        assert response.status_code == 422
        assert '<p class="error" id="password-error">That is not your password.' \
            in response.text

    response = client.post(ACCOUNT, data=typed | {"password": AUTHOR_PASSWORD})

    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert stored(app).email is None
    # The same count as /login's, for this browser (one the author logged in with):
    # logged out, it is refused there too; a browser that never logged in is not.
    logged_in.logout()
    assert logged_in.login().status_code == 429
    assert AuthActions(app.test_client()).login().status_code == 302


def test_log_ins_note_when_the_password_was_given_and_log_outs_forget(client, logged_in):
    with client.session_transaction() as session:
        assert time.time() - session[SESSION_KEY] < 60

    logged_in.logout()

    with client.session_transaction() as session:
        assert SESSION_KEY not in session


def test_the_profile_functions_work_without_a_request(app, author):
    typed = Profile.typed("  Ana  ", " Bio. ", "", "  ana@example.org ")
    assert typed == Profile("Ana", "Bio.", None, "ana@example.org")
    with app.app_context():
        ana = db.session.get(Author, author)
        assert changes_email(ana, typed)
        save_profile(ana, typed)
        assert not changes_email(ana, typed)
        with pytest.raises(ValueError, match="at least 10 characters"):
            change_password(ana, "short")
