"""The author writing: the dashboard, the editor, publishing, versions and the trash."""

import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Label, Post, PostStatus, PostVersion
from blog.utils.database import utcnow

ESSAY = {
    "title": "On Tariffs",
    "body": "A tariff is a settlement.[^1]\n\n[^1]: A. Author, *On Tariffs* (2020).",
    "labels": "Energy, Economics",
    "slug": "",
    "publish_at": "",
}


def post_row(app, **where) -> Post:
    with app.app_context():
        post = db.session.scalar(sa.select(Post).filter_by(**where))
        db.session.expunge_all()
        return post


def write(client, button="publish", url="/dashboard/posts/new", **changes):
    return client.post(url, data={**ESSAY, **changes, button: "1"})


def test_dashboard_lists_every_post_with_status_dates_and_comments(
    client, logged_in, make_post, make_comment
):
    live = make_post(title="Live one")
    make_comment(live.id)
    make_post(title="Draft one", draft=True)
    make_post(title="Future one", published=utcnow() + timedelta(days=2))

    html = client.get("/dashboard").text
    table = html[html.index('<table class="post-table">'):]

    rows = {title: table[table.index(title):].split("</tr>")[0]
            for title in ("Live one", "Draft one", "Future one")}
    assert "Published" in rows["Live one"] and "<td>1</td>" in rows["Live one"]
    assert "Draft" in rows["Draft one"] and "View" not in rows["Draft one"]
    assert "Scheduled" in rows["Future one"] and "Appears" in rows["Future one"]
    assert all("Edit" in row and "Delete" in row for row in rows.values())
    assert "Write a new post" in html


def test_editor_has_the_expected_fields_and_buttons(client, logged_in):
    html = client.get("/dashboard/posts/new").text

    for label in ("Title", "Body", "Labels", "Slug", "Publish at"):
        assert f">{label}</label>" in html
    for button in ("Save draft", "Preview", "Publish"):
        assert f'value="{button}"' in html


def test_save_draft_keeps_it_from_readers(app, client, logged_in):
    response = write(client, "save_draft")

    post = post_row(app, title="On Tariffs")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/dashboard/posts/{post.id}/edit"
    assert post.status == PostStatus.DRAFT
    assert "On Tariffs" not in client.get("/").text


def test_publish_puts_it_on_the_home_page_with_labels_and_footnote(app, client, logged_in):
    write(client, "publish")

    post = post_row(app, title="On Tariffs")
    assert post.status == PostStatus.PUBLISHED
    assert post.slug == "on-tariffs"
    logged_in.logout()
    home = client.get("/").text
    assert "On Tariffs" in home and 'href="/label/Energy"' in home
    assert 'class="footnote"' in home


def test_a_future_publish_at_schedules_the_post(app, client, logged_in):
    app.config["TIMEZONE"] = "Europe/Berlin"
    when = utcnow() + timedelta(days=3)
    local = when.astimezone(ZoneInfo("Europe/Berlin"))  # the form is in the blog's zone

    response = write(client, "publish", publish_at=local.strftime("%Y-%m-%dT%H:%M"))

    post = post_row(app, title="On Tariffs")
    assert post.status == PostStatus.SCHEDULED
    assert abs(post.published_at - when) < timedelta(minutes=1)
    assert "Scheduled" in client.get(response.headers["Location"]).text
    logged_in.logout()
    assert "On Tariffs" not in client.get("/").text


def test_unpublish_returns_the_post_to_draft(app, client, logged_in, make_post):
    post = make_post(title="Second thoughts")

    write(client, "unpublish", url=f"/dashboard/posts/{post.id}/edit", title="Second thoughts")

    assert post_row(app, id=post.id).status == PostStatus.DRAFT
    assert client.get(post.path).status_code == 404


def test_validation_errors_keep_everything_typed(app, client, logged_in):
    long_body = "Paragraph after paragraph. " * 500

    response = write(client, "publish", title="   ", body=long_body, labels="Kept, Labels")

    assert response.status_code == 200
    assert "Give the post a title." in response.text
    assert long_body.strip() in response.text
    assert 'value="Kept, Labels"' in response.text
    assert post_row(app, title="") is None


def test_publishing_an_empty_body_is_refused_but_a_draft_may_be_empty(app, client, logged_in):
    assert "Write something before publishing." in write(client, "publish", body=" ").text
    assert write(client, "save_draft", body="").status_code == 302


def test_expired_csrf_token_shows_the_form_again_with_the_text(app, client, logged_in):
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(
        "/dashboard/posts/new", data={**ESSAY, "csrf_token": "stale", "publish": "1"}
    )

    assert response.status_code == 200
    assert "This form had expired" in response.text
    assert "A tariff is a settlement." in response.text
    assert post_row(app, title="On Tariffs") is None


def test_a_database_failure_keeps_the_text_and_says_so(app, client, logged_in, monkeypatch):
    def broken_commit():
        raise sa.exc.OperationalError("COMMIT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(db.session, "commit", broken_commit)

    response = write(client, "publish")

    assert response.status_code == 503
    assert "could not be saved" in response.text
    assert "A tariff is a settlement." in response.text
    assert "Traceback" not in response.text


def test_preview_shows_the_post_as_readers_will_without_saving(app, client, logged_in):
    response = write(client, "preview", body="# Heading\n\nA claim.[^1]\n\n[^1]: Source.")

    assert response.status_code == 200
    assert "<h1 class=\"post-title\">On Tariffs</h1>" in response.text
    assert '<h2 id="heading">Heading</h2>' in response.text
    assert 'class="footnote"' in response.text
    assert "not saved yet" in response.text
    assert "# Heading" in response.text  # the form is still there, filled in
    assert post_row(app, title="On Tariffs") is None


def test_preview_of_a_published_post_changes_nothing_readers_see(client, logged_in, make_post):
    post = make_post(title="Stable", body="Original words.")

    write(client, "preview", url=f"/dashboard/posts/{post.id}/edit", title="Stable",
          body="Experimental words.")

    assert "Original words." in client.get(post.path).text


def test_editing_a_published_post_keeps_its_permalink(app, client, logged_in, make_post):
    post = make_post(title="Original title", published=timedelta(days=10))

    write(client, "publish", url=f"/dashboard/posts/{post.id}/edit",
          title="A much better title", slug="original-title", body="New text.")

    page = client.get(post.path)
    assert page.status_code == 200
    assert "A much better title" in page.text
    assert "Updated" in page.text


def test_changing_the_slug_in_the_editor_redirects_the_old_address(
    app, client, logged_in, make_post
):
    post = make_post(title="Original title")

    write(client, "publish", url=f"/dashboard/posts/{post.id}/edit",
          title="Original title", slug="new-address")

    response = client.get(post.path)
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/new-address")


def test_every_save_keeps_the_previous_version_and_one_can_be_restored(
    app, client, logged_in, make_post
):
    post = make_post(title="Draft zero", body="First wording.")
    edit_url = f"/dashboard/posts/{post.id}/edit"
    write(client, "publish", url=edit_url, title="Draft one", body="Second wording.")
    write(client, "publish", url=edit_url, title="Draft two", body="Third wording.")

    html = client.get(edit_url).text
    assert "Earlier versions" in html
    assert html.index("“Draft one”") < html.index("“Draft zero”")  # newest first

    with app.app_context():
        first = db.session.scalar(sa.select(PostVersion).filter_by(title="Draft zero"))
        version_id = first.id
    response = client.post(f"{edit_url.removesuffix('/edit')}/versions/{version_id}/restore")

    assert response.status_code == 302
    restored = post_row(app, id=post.id)
    assert (restored.title, restored.body) == ("Draft zero", "First wording.")
    with app.app_context():
        titles = db.session.scalars(
            sa.select(PostVersion.title).where(PostVersion.post_id == post.id)
        ).all()
    assert sorted(titles) == ["Draft one", "Draft two", "Draft zero"]


def test_saving_unchanged_text_adds_no_version(app, client, logged_in, make_post):
    post = make_post(title="Same", body="Same words.")
    edit_url = f"/dashboard/posts/{post.id}/edit"

    write(client, "publish", url=edit_url, title="Same", body="Same words.", labels="")

    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PostVersion.id))) == 0


def test_a_version_of_another_post_cannot_be_restored(app, client, logged_in, make_post):
    first, second = make_post(title="First"), make_post(title="Second")
    write(client, "publish", url=f"/dashboard/posts/{first.id}/edit", title="First edited")
    with app.app_context():
        version_id = db.session.scalar(sa.select(PostVersion.id))

    response = client.post(f"/dashboard/posts/{second.id}/versions/{version_id}/restore")

    assert response.status_code == 404


def test_delete_asks_then_moves_to_trash_and_restore_brings_comments_back(
    app, client, logged_in, make_post, make_comment
):
    post = make_post(title="Regrettable")
    make_comment(post.id, body="A reply worth keeping.")

    confirm = client.get(f"/dashboard/posts/{post.id}/delete")
    assert "Move “Regrettable” to the trash?" in confirm.text
    assert post_row(app, id=post.id).deleted_at is None

    client.post(f"/dashboard/posts/{post.id}/delete")
    assert client.get(post.path).status_code == 404
    assert "Regrettable" not in client.get("/dashboard").text
    assert "Regrettable" in client.get("/dashboard/trash").text

    client.post(f"/dashboard/posts/{post.id}/untrash")
    page = client.get(post.path)
    assert page.status_code == 200
    assert "A reply worth keeping." in page.text


def test_delete_for_good_from_the_trash(app, client, logged_in, make_post, make_comment):
    post = make_post(title="Gone")
    make_comment(post.id)
    client.post(f"/dashboard/posts/{post.id}/delete")

    assert "Delete “Gone” for good?" in client.get(f"/dashboard/posts/{post.id}/purge").text
    client.post(f"/dashboard/posts/{post.id}/purge")

    assert post_row(app, id=post.id) is None
    assert client.get(f"/dashboard/posts/{post.id}/edit").status_code == 404


def test_deleting_needs_a_csrf_token(app, client, logged_in, make_post):
    post = make_post()
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post(f"/dashboard/posts/{post.id}/delete")

    assert response.status_code == 400
    assert post_row(app, id=post.id).deleted_at is None


@pytest.mark.parametrize(
    "path",
    ["/dashboard", "/dashboard/posts/new", "/dashboard/posts/1/edit", "/dashboard/trash",
     "/dashboard/uploads"],
)
def test_author_pages_need_a_login(client, make_post, path):
    make_post()

    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_logged_in_pages_offer_log_out(client, logged_in):
    html = client.get("/dashboard").text

    assert re.search(r'<form method="post" action="/logout">', html)
    assert ">Log out</button>" in html


def test_control_characters_never_reach_the_database(app, client, logged_in, nul_refused):
    response = write(client, title="Nu\x00ll\x1b", body="Te\x00xt\n\tkept", labels="a\x00b")

    assert response.status_code == 302
    assert post_row(app, title="Null").body == "Text\n\tkept"
    with app.app_context():
        assert db.session.scalars(sa.select(Label.name)).all() == ["ab"]


def test_a_form_with_fields_missing_is_saved_with_them_empty(app, client, logged_in):
    # A hand-made request may leave out any field; missing text is empty text.
    response = client.post("/dashboard/posts/new", data={"title": "Only a title", "publish": "1"})

    assert response.status_code == 200
    assert "Write something before publishing." in response.text
    saved = client.post("/dashboard/posts/new", data={"title": "Only a title"})
    assert saved.status_code == 302
    assert post_row(app, title="Only a title").body == ""


@pytest.mark.parametrize(
    ("zone", "when"),
    [("Asia/Tokyo", "0001-01-01T00:00"), ("America/New_York", "9999-12-31T23:59")],
)
def test_a_publish_date_at_the_calendars_end_is_explained(app, client, logged_in, zone, when):
    # Read in UTC, these fall before year 1 or after year 9999, where datetime stops.
    app.config["TIMEZONE"] = zone

    response = write(client, publish_at=when)

    assert response.status_code == 200
    assert "Choose a date between the years 2 and 9998." in response.text


def test_apostrophes_vanish_from_new_slugs_and_old_slugs_stay(app, client, logged_in):
    write(client, title="Iraq\u2019s Protests")
    assert post_row(app, title="Iraq\u2019s Protests").slug == "iraqs-protests"
    with app.app_context():
        # A post published before the rule keeps its hyphenated slug when edited.
        db.session.execute(sa.update(Post).where(Post.slug == "iraqs-protests")
                           .values(slug="iraq-s-protests"))
        db.session.commit()
    post = post_row(app, slug="iraq-s-protests")

    write(client, url=f"/dashboard/posts/{post.id}/edit", title="Iraq\u2019s Protests, again",
          slug="iraq-s-protests")

    assert post_row(app, id=post.id).slug == "iraq-s-protests"


@pytest.mark.parametrize(("titles", "query", "said"), [
    (["Only one"], "", "1 post in all."),
    (["One", "Two"], "", "2 posts in all."),
    (["Energy one", "Water"], "?q=energy", "1 post matches."),
    (["Energy one", "Energy two"], "?q=energy", "2 posts match."),
])
def test_the_post_count_is_a_whole_sentence_in_the_right_number(
    client, logged_in, make_post, titles, query, said
):
    for title in titles:
        make_post(title=title)

    html = client.get(f"/dashboard{query}").text

    assert f'<p class="match-count">{said}</p>' in html


def test_the_editor_script_takes_its_words_from_the_page(client, logged_in):
    html = client.get("/dashboard/posts/new").text
    script = (Path(__file__).parents[2] / "static/js/editor.js").read_text(encoding="utf-8")

    words = {
        "data-restore-text": "This browser kept unsaved changes to this post from {when}.",
        "data-restore-button": "Restore unsaved changes",
        "data-discard-button": "Discard them",
        "data-uploading-text": "Uploading {name}…",
        "data-inserted-text": "Inserted {name}.",
        "data-failed-text": "The upload failed; try again.",
    }
    for attribute, text in words.items():
        assert f'{attribute}="{text}"' in html
        assert text.split("{")[0].strip() not in script


def test_the_body_hint_shows_the_more_marker_as_text(client, logged_in):
    html = client.get("/dashboard/posts/new").text

    assert "A line <code>&lt;!--more--&gt;</code> marks where “Read more” cuts the post" in html
