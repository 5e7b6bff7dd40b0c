"""The reader's and the author's journeys with the blog in English, Arabic and German:
reading, commenting, replying, logging in, writing, moderating and configuring, each page
in the blog's language from the catalogues, and no English word of the interface left on
an Arabic or German page.

What each step checks in depth is tested in the feature's own tests (in English); these
check that every step speaks the blog's language and still works in it."""

from types import SimpleNamespace

import lxml.html
import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Comment, CommentStatus, Post
from blog.settings import save_setting
from blog.web.template_helpers import local_date
from tests.helpers import (
    AUTHOR_PASSWORD,
    BLOG_LANGUAGES,
    blog_app,
    hidden,
    said,
    said_n,
    said_on,
    send_comment,
)
from tests.i18n.english import english_on, feed_text, read_text

# A blog written in each language: what its author and readers type.
WRITTEN = {
    "en": SimpleNamespace(
        title="Notes on the Grid", description="Essays on energy, with their sources.",
        post="Why grid tariffs rise", body="Fixed charges rise when demand falls.",
        label="Energy", comment="The cost shift is small today.", name="Rania",
        reply="It is, but it grows every year.", search="tariffs",
    ),
    "ar": SimpleNamespace(
        title="ملاحظات في الطاقة", description="تدوينات عن الطاقة، بمصادرها.",
        post="لماذا ترتفع تعرفة الكهرباء", body="ترتفع الرسوم الثابتة حين ينخفض الطلب.",
        label="طاقة", comment="انتقال الكلفة صغير اليوم.", name="رانيا",
        reply="صحيح، لكنه يكبر كل عام.", search="الرسوم",
    ),
    "de": SimpleNamespace(
        title="Notizen zum Stromnetz", description="Aufsätze über Energie, mit Quellen.",
        post="Warum die Netzentgelte steigen", body="Grundgebühren steigen, wenn die "
        "Nachfrage sinkt.", label="Energie", comment="Die Verschiebung ist heute klein.",
        name="Rania", reply="Stimmt, aber sie wächst jedes Jahr.", search="Grundgebühren",
    ),
}


@pytest.fixture
def app(tmp_path):
    """A blog whose title and description are the author's to set, like its language."""
    with blog_app(tmp_path, unfixed=("TITLE", "DESCRIPTION")) as app:
        yield app


@pytest.fixture(params=BLOG_LANGUAGES)
def language(request, app):
    """The blog in each language, as its author sets it on the settings page, with its
    title and description written in it."""
    written = WRITTEN[request.param]
    with app.test_request_context():
        for name, value in (("LANGUAGE", request.param), ("TITLE", written.title),
                            ("DESCRIPTION", written.description)):
            save_setting(name, value)
        db.session.commit()
    return request.param


@pytest.fixture
def written(language):
    return WRITTEN[language]


@pytest.fixture
def essay(app, make_post, written):
    return make_post(title=written.post, body=written.body, labels=(written.label,))


def assert_in_language(text: str, language: str) -> None:
    """No word of the interface's English on a page of an Arabic or German blog."""
    if language != "en":
        assert english_on(text, language) == []


def page_in(client, path: str, language: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    html = response.text
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert_in_language(read_text(html), language)
    return html


def published_day(app, post_id):
    with app.app_context():
        return local_date(db.session.get(Post, post_id).published_at)


def test_a_reader_reads_the_blog_in_its_language(
    app, client, language, written, essay, make_post, make_comment
):
    make_comment(essay.id, body=written.comment, name=written.name)
    make_comment(essay.id, body=written.reply)
    year, month = essay.path.split("/")[1:3]

    home = page_in(client, "/", language)
    post = page_in(client, essay.path, language)
    archive = page_in(client, f"/{year}/{month}/", language)
    label = page_in(client, f"/label/{written.label}", language)
    page_in(client, f"/{year}/", language)
    found = page_in(client, f"/search?q={written.search}", language)
    about = page_in(client, make_post(title=written.title, body=written.description,
                                      page=True, slug="about").path, language)
    missing = page_in(client, "/no/such/page", language, status=404)

    day = said_on(app, published_day(app, essay.id))
    assert day in home and day in post
    assert said_n(app, "%(shown)s comment", "%(shown)s comments", 2) in home
    assert said(app, "Leave a comment") in post
    assert f'value="{said(app, "Post comment")}"' in post
    assert written.post in archive and written.post in label and written.post in found
    assert written.description in about
    assert said(app, "Page not found") in missing
    for feed in ("/feeds/posts.atom", f"/feeds/posts/{essay.id}/comments.atom"):
        atom = client.get(feed).data
        assert f'xml:lang="{language}"'.encode() in atom
        assert_in_language(feed_text(atom), language)


def test_a_reader_comments_and_a_mistake_keeps_what_they_typed(
    app, client, language, written, essay
):
    app.config["COMMENT_MODE"] = "moderated"

    empty = send_comment(client, essay, name=written.name, body="")
    sent = send_comment(client, essay, name=written.name, body=written.comment)
    after = page_in(client, sent.headers["Location"], language)

    assert empty.status_code == 422
    assert said(app, "Write a comment before posting it.") in empty.text
    assert f'value="{written.name}"' in empty.text
    assert_in_language(read_text(empty.text), language)
    assert said(app, "Thank you! Your comment will appear once the author has approved it.") \
        in after
    assert written.comment not in after


def test_a_reader_replies_under_the_comment_they_answer(
    app, client, language, written, essay, make_comment
):
    app.config["COMMENT_MODE"] = "open"
    first = make_comment(essay.id, body=written.comment, name=written.name)

    form = page_in(client, f"{essay.path}?replytocom={first}", language)
    sent = send_comment(client, essay, reply_to=first, body=written.reply)
    thread = page_in(client, essay.path, language)

    assert hidden(form, "parent_id") == str(first)
    assert sent.status_code == 302
    with app.app_context():
        reply = db.session.scalar(sa.select(Comment).where(Comment.parent_id == first))
        assert reply.body == written.reply and reply.status == CommentStatus.APPROVED
    # The reply sits inside the thread of the comment it answers.
    answered = thread.index(written.comment)
    assert answered < thread.index(written.reply) < thread.index("</ol>", answered)


def test_the_author_logs_in_after_a_wrong_password(app, client, language, author):
    page_in(client, "/login", language)

    wrong = client.post("/login", data={"username": "ana", "password": "not it"})
    right = client.post("/login", data={"username": "ana", "password": AUTHOR_PASSWORD})

    assert said(app, "Wrong username or password.") in wrong.text
    assert_in_language(read_text(wrong.text), language)
    assert right.headers["Location"] == "/dashboard"
    assert said(app, "Dashboard") in page_in(client, "/dashboard", language)


def test_the_author_writes_and_a_mistake_keeps_the_text(
    app, client, logged_in, language, written
):
    essay = {"title": "", "body": written.body, "labels": written.label, "slug": "",
             "publish_at": "", "publish": "1"}

    refused = client.post("/dashboard/posts/new", data=essay)
    published = client.post("/dashboard/posts/new", data={**essay, "title": written.post})
    editor = page_in(client, published.headers["Location"], language)

    assert said(app, "Give the post a title.") in refused.text
    assert written.body in refused.text
    assert_in_language(read_text(refused.text), language)
    assert said(app, "Published.") in editor
    assert written.post in page_in(client, "/", language)


def test_the_author_moderates_the_held_comments(
    app, client, logged_in, language, written, essay, make_comment
):
    held = [make_comment(essay.id, body=f"{written.comment} {n}", status=CommentStatus.PENDING)
            for n in range(3)]

    waiting = page_in(client, "/dashboard/comments", language)
    client.post("/dashboard/comments", data={"action": "approve", "ids": held[:2]})
    done = page_in(client, "/dashboard/comments?status=approved", language)
    client.post("/dashboard/comments", data={"one": f"spam:{held[2]}"})

    assert said(app, "Pending") in waiting and written.comment in waiting
    assert said_n(app, "Approved: %(count)s comment.", "Approved: %(count)s comments.", 2) \
        in done
    with app.app_context():
        statuses = [db.session.get(Comment, n).status for n in held]
    assert statuses == [CommentStatus.APPROVED] * 2 + [CommentStatus.SPAM]


def form_fields(html: str) -> dict[str, str]:
    """What the first form on the page sends as it stands."""
    form = lxml.html.document_fromstring(html).forms[0]
    return {name: value for name, value in form.form_values()}


def test_the_author_configures_the_blog_and_a_mistake_keeps_the_values(
    app, client, logged_in, language, written
):
    form = page_in(client, "/dashboard/settings", language)
    changed = {**form_fields(form), "title": "", "description": written.reply}

    refused = client.post("/dashboard/settings", data=changed)
    saved = client.post("/dashboard/settings", data={**changed, "title": written.post})

    assert said(app, "Blog title") in form
    assert refused.status_code == 422
    assert said(app, "Give the blog a title.") in refused.text
    assert written.reply in refused.text
    assert_in_language(read_text(refused.text), language)
    assert said(app, "Settings saved.") in page_in(client, saved.headers["Location"], language)
    assert f"<title>{written.post}</title>" in page_in(client, "/", language)


AUTHORS_PAGES = (
    "/dashboard", "/dashboard/posts/new", "/dashboard/pages", "/dashboard/pages/new",
    "/dashboard/trash", "/dashboard/comments", "/dashboard/comments?status=spam",
    "/dashboard/settings", "/dashboard/account", "/dashboard/account/password",
    "/dashboard/account/sessions", "/dashboard/two-factor", "/dashboard/uploads",
    "/dashboard/mail", "/dashboard/mail/followers", "/dashboard/stats",
)


def test_every_page_of_the_authors_speaks_the_blogs_language(
    app, client, logged_in, language, written, essay, make_comment
):
    make_comment(essay.id, body=written.comment, status=CommentStatus.PENDING)

    for path in (*AUTHORS_PAGES, f"/dashboard/posts/{essay.id}/edit"):
        page_in(client, path, language)
