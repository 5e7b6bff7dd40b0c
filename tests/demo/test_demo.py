"""The sample blog's files, as a writer edits them: one folder a language in `blog/demo/`
(essays/, comments.yaml, pages/, author.yaml), and the blog `seed-demo` fills from them."""

import pytest
import sqlalchemy as sa

from blog.demo import demo_posts, seed_demo_blog
from blog.demo.content import demo_author, demo_language, demo_languages, demo_pages
from blog.extensions import db
from blog.models import Author, Comment, Post, PostKind

LANGUAGES = demo_languages()


def test_the_sample_blog_is_written_in_english_and_arabic():
    assert LANGUAGES == ["ar", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sample_essay_is_complete_and_every_reply_answers_an_earlier_comment(language):
    posts = demo_posts(language)

    assert posts
    for post in posts:
        assert post.title.strip()
        assert isinstance(post.labels, list) and post.labels, post.title
        assert post.body.strip(), post.title
        earlier: set[str] = set()
        for comment in post.comments:
            assert comment.key not in earlier, (post.title, comment.key)
            assert comment.reply_to is None or comment.reply_to in earlier, (
                post.title, comment.key
            )
            assert comment.body.strip(), (post.title, comment.key)
            assert not (comment.by_author and (comment.name or comment.website)), (
                post.title, comment.key
            )
            earlier.add(comment.key)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_an_about_page_and_an_author(language):
    pages = demo_pages(language)
    author = demo_author(language)

    assert [page.slug for page in pages] == ["about"]  # the same address in every language
    assert all(page.title.strip() and page.body.strip() for page in pages)
    assert author.display_name.strip() and author.bio.strip()


def test_the_arabic_sample_is_arabic_with_one_english_reader_and_left_to_right_code():
    posts = demo_posts("ar")
    comments = [comment for post in posts for comment in post.comments]

    assert all(_arabic(post.title) and all(_arabic(label) for label in post.labels)
               for post in posts)
    assert all("## المصادر" in post.body for post in posts)
    assert any("```" in post.body for post in posts)  # a code block, kept left to right
    english = [comment for comment in comments if not _arabic(comment.body)]
    assert [comment.name for comment in english] == ["Tom Ashworth"]
    assert any(not comment.name and not comment.by_author for comment in comments)
    assert any(comment.by_author and comment.reply_to for comment in comments)
    assert _arabic(demo_author("ar").display_name) and _arabic(demo_pages("ar")[0].title)


def _arabic(text: str) -> bool:
    return any("\u0600" <= letter <= "\u06ff" for letter in text)


@pytest.mark.parametrize(("tag", "expected"), [
    ("ar", "ar"), ("ar-EG", "ar"), ("AR_eg", "ar"), ("en", "en"), ("en-GB", "en"),
    ("de", "en"), ("pt-BR", "en"),
])
def test_the_sample_follows_the_blogs_base_language_else_english(tag, expected):
    assert demo_language(tag) == expected


@pytest.mark.parametrize(("tag", "sample"), [("ar-EG", "ar"), ("de", "en")])
def test_seeding_writes_the_sample_in_the_blogs_language(app, tag, sample):
    app.config["LANGUAGE"] = tag
    with app.test_request_context():
        seed_demo_blog()
        db.session.commit()
        titles = db.session.scalars(
            sa.select(Post.title).where(Post.kind == PostKind.POST)
        ).all()
        page = db.session.scalars(sa.select(Post).where(Post.kind == PostKind.PAGE)).one()
        comments = db.session.scalar(sa.select(sa.func.count(Comment.id)))
        author = db.session.scalars(sa.select(Author)).one()

    expected = demo_posts(sample)
    assert sorted(titles) == sorted(post.title for post in expected)
    assert comments == sum(len(post.comments) for post in expected)
    assert (page.slug, page.title) == ("about", demo_pages(sample)[0].title)
    assert (author.display_name, author.bio) == (
        demo_author(sample).display_name, demo_author(sample).bio
    )
