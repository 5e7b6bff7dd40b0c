"""The sample blog's files, as a writer edits them: `blog/demo/<language>/`."""

from blog.demo import demo_posts


def test_every_sample_essay_is_complete_and_every_reply_answers_an_earlier_comment():
    posts = demo_posts()

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
            earlier.add(comment.key)
