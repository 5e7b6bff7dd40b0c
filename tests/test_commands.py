"""The command-line tasks, run the way a person runs them."""

import sqlalchemy as sa

from blog.demo import demo_posts
from blog.extensions import db
from blog.models import Author, Comment, Post, PostKind

DEMO_POSTS = demo_posts()


def authors(app) -> list[Author]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Author)))


def test_create_author_asks_for_the_password_twice(app, runner):
    result = runner.invoke(
        args=["create-author", "ana", "--name", "Ana Analyst"],
        input="a long enough password\na long enough password\n",
    )

    assert result.exit_code == 0, result.output
    assert "Created the author 'ana'" in result.output
    assert "a long enough password" not in result.output  # nothing echoed
    [author] = authors(app)
    assert author.display_name == "Ana Analyst"
    assert author.check_password("a long enough password")
    assert author.password_hash.startswith(app.config["PASSWORD_HASH_METHOD"])


def test_create_author_with_a_password_option(app, runner):
    result = runner.invoke(args=["create-author", "ana", "--password", "a long enough one"])

    assert result.exit_code == 0
    assert authors(app)[0].check_password("a long enough one")


def test_create_author_twice_changes_nothing_and_says_so(app, runner):
    runner.invoke(args=["create-author", "ana", "--password", "first password!"])

    result = runner.invoke(args=["create-author", "ana", "--password", "second password!"])

    assert result.exit_code == 0
    assert "already exists" in result.output
    [author] = authors(app)
    assert author.check_password("first password!")


def test_short_passwords_are_refused(app, runner):
    result = runner.invoke(args=["create-author", "ana", "--password", "short"])

    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
    assert authors(app) == []


def test_set_password(app, runner, author):
    result = runner.invoke(
        args=["set-password", "ana"], input="brand new password\nbrand new password\n"
    )

    assert result.exit_code == 0
    assert authors(app)[0].check_password("brand new password")


def test_set_password_for_an_unknown_author(runner, author):
    result = runner.invoke(args=["set-password", "nobody", "--password", "whatever long"])

    assert result.exit_code != 0
    assert "There is no author 'nobody'" in result.output


def test_seed_demo_fills_an_empty_blog_readers_can_see(app, runner, client):
    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        posts = sa.select(sa.func.count(Post.id)).where(Post.kind == PostKind.POST)
        assert db.session.scalar(posts) == len(DEMO_POSTS)
        pages = db.session.scalars(sa.select(Post.slug).where(Post.kind == PostKind.PAGE))
        assert list(pages) == ["about"]
        comments = db.session.scalar(sa.select(sa.func.count(Comment.id)))
        assert comments == sum(len(post.comments) for post in DEMO_POSTS)
        replies = db.session.scalar(
            sa.select(sa.func.count(Comment.id)).where(Comment.parent_id.is_not(None))
        )
        assert replies > 0
    said = (f"Added {len(DEMO_POSTS)} posts, 1 page and "
            f"{sum(len(post.comments) for post in DEMO_POSTS)} comments. They belong to a new "
            "author 'author': give it a password with `flask --app app set-password author`")
    assert said in result.output
    home = client.get("/").text
    assert DEMO_POSTS[0].title.split()[0] in home
    assert "Blog archive" in home
    assert '<a href="/p/about">About this blog</a>' in home  # in the navigation bar


def test_seed_demo_refuses_a_blog_that_has_posts(runner, make_post):
    make_post()

    result = runner.invoke(args=["seed-demo"])

    assert result.exit_code != 0
    assert "already has posts" in result.output


def test_rerender_renders_stored_posts_and_comments_again(app, runner, make_post, make_comment):
    post = make_post(body="*fresh*")
    comment_id = make_comment(post.id, body="see https://example.org")
    with app.app_context():
        db.session.get(Post, post.id).body_html = "<p>stale</p>"
        db.session.get(Comment, comment_id).body_html = "<p>stale</p>"
        db.session.commit()

    result = runner.invoke(args=["rerender"])

    assert "Rendered 1 post and 1 comment again." in result.output
    with app.app_context():
        assert db.session.get(Post, post.id).body_html == "<p><em>fresh</em></p>"
        assert 'href="https://example.org"' in db.session.get(Comment, comment_id).body_html


def test_rerender_counts_in_words_and_in_the_blogs_digits(app, runner, make_post):
    for title in ("One", "Two", "Three"):
        make_post(title=title)
    app.config.update(LANGUAGE="ar", DIGITS="native")  # said in the blog's language

    result = runner.invoke(args=["rerender"])

    assert result.output.strip() == "أُعيد عرض \u0663 تدوينات ولا تعليقات."  # ٣ posts, none
