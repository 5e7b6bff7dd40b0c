"""A post's page as readers see it: the post, its neighbours and its comment thread; a
standing page's has no neighbours and no date.

Both the posts blueprint (a reader asks for it) and the comments blueprint (a comment
form sent back with something to fix) render it from here.
"""

from flask import render_template

from blog.comments.queries import shown_comments, thread_comments
from blog.comments.section import comment_section
from blog.models import CommentStatus, Post
from blog.posts.queries import posts_around
from blog.utils.database import utcnow
from blog.utils.dates import meaningfully_later


def render_post_page(post: Post, comment_form=None, status: int = 200):
    """The post's page (or a standing page's); ``comment_form`` is a comment form sent
    back to be fixed."""
    comments = shown_comments(post)
    if post.is_page:
        page = render_template(
            "pages/detail.html",
            post=post,
            comment_total=sum(c.status == CommentStatus.APPROVED for c in comments),
            threads=thread_comments(comments),
            comments=comment_section(post, comment_form),
        )
        return page, status
    around = posts_around(post, utcnow())
    page = render_template(
        "posts/detail.html",
        post=post,
        show_updated=meaningfully_later(post.published_at, post.updated_at),
        comment_total=sum(c.status == CommentStatus.APPROVED for c in comments),
        threads=thread_comments(comments),
        comments=comment_section(post, comment_form),
        newer=around.newer,
        older=around.older,
        latest=around.latest,
    )
    return page, status
