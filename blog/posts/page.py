"""A post's page as readers see it: the post, its neighbours and a page of its comments;
a standing page's has no neighbours and no date.

Both the posts blueprint (a reader asks for it) and the comments blueprint (a comment
form sent back with something to fix) render it from here.
"""

from flask import abort, redirect, render_template, request

from blog.comments.moderation import reply_target
from blog.comments.paging import CommentPage, comment_page, page_of_comment
from blog.comments.queries import thread_comments
from blog.comments.section import comment_section
from blog.models import Post
from blog.posts.links import post_url
from blog.posts.queries import posts_around
from blog.settings import setting
from blog.utils.database import utcnow
from blog.utils.dates import meaningfully_later
from blog.web.inputs import whole_number
from blog.web.pagination import MAX_PAGE


def render_post_page(post: Post, comment_form=None, status: int = 200):
    """The post's page (or a standing page's), at the comment page ``?cpage=`` names;
    ``comment_form`` is a comment form sent back to be fixed, shown on the page of the
    comment it answers (or the page it was sent from)."""
    per_page = setting("COMMENTS_PER_PAGE")
    if comment_form is None:
        comments = comment_page(post, requested_comment_page(post), per_page)
        if comments is None:
            abort(404)
    else:
        comments = _page_for_sent_back(post, comment_form, per_page)
    context = {
        "post": post,
        "comment_total": comments.total,
        "comment_page": comments,
        "threads": thread_comments(comments.comments),
        "comments": comment_section(post, comment_form),
    }
    if post.is_page:
        return render_template("pages/detail.html", **context), status
    around = posts_around(post, utcnow())
    page = render_template(
        "posts/detail.html",
        **context,
        show_updated=meaningfully_later(post.published_at, post.updated_at),
        newer=around.newer,
        older=around.older,
        latest=around.latest,
    )
    return page, status


def requested_comment_page(post: Post) -> int:
    """The ``?cpage=`` number: a 404 for anything but a plain page number from 2 on (no
    sign, no leading zero, so one page has one address), and page 1 moves to the post's
    own address."""
    text = request.args.get("cpage")
    if text is None:
        return 1
    number = whole_number(text, maximum=MAX_PAGE)
    if number is None or str(number) != text:
        abort(404)
    if number == 1:
        abort(redirect(post_url(post, **_other_arguments()), 301))
    return number


def _other_arguments() -> dict[str, str]:
    return {name: value for name, value in request.args.items() if name != "cpage"}


def _page_for_sent_back(post: Post, form, per_page: int) -> CommentPage:
    """The page a comment form comes back on: its reply's thread's, else the one it was
    sent from (the form's address names it), else the first. Never a 404: nobody loses
    what they typed to a page that moved."""
    parent = reply_target(post, form.parent_id.data)
    if parent is not None:
        number = page_of_comment(parent, per_page)
    else:
        number = whole_number(request.args.get("cpage", "1"), maximum=MAX_PAGE) or 1
    return comment_page(post, number, per_page) or comment_page(post, 1, per_page)

