"""The author's side of pages: their list, their order in the navigation bar, and which
slugs a page may take. Plain functions; the dashboard's views call them."""

import sqlalchemy as sa
from flask_babel import gettext as _

from blog.extensions import db
from blog.models import Post, PostKind
from blog.posts.publishing import slug_taken
from blog.posts.slugs import slug_from_title

# Words a page's address may not take: they name (or may one day name) the blog's own
# pages, and a reader seeing /p/login should not wonder which it is.
RESERVED_SLUGS = frozenset({
    "admin", "archive", "comments", "dashboard", "feed", "feeds", "label", "labels", "login",
    "logout", "p", "page", "pages", "post", "posts", "robots", "search", "settings", "setup",
    "sitemap", "static", "uploads",
})


def all_pages(trashed: bool = False) -> list[Post]:
    """Every page out of (or in) the trash: those in the navigation first, in its order,
    then the rest by title."""
    deleted = Post.deleted_at.is_not(None) if trashed else Post.deleted_at.is_(None)
    return list(db.session.scalars(
        sa.select(Post).where(Post.kind == PostKind.PAGE, deleted)
        .order_by(Post.nav_position.is_(None), Post.nav_position, Post.title, Post.id)
    ))


def _in_navigation() -> list[Post]:
    return list(db.session.scalars(
        sa.select(Post)
        .where(Post.kind == PostKind.PAGE, Post.nav_position.is_not(None))
        .order_by(Post.nav_position, Post.title, Post.id)
    ))


def show_in_navigation(page: Post, shown: bool) -> None:
    """Put ``page`` last in the navigation bar, or take it out (uncommitted)."""
    if not shown:
        page.nav_position = None
    elif page.nav_position is None:
        with db.session.no_autoflush:
            last = db.session.scalar(
                sa.select(sa.func.max(Post.nav_position)).where(Post.kind == PostKind.PAGE))
        page.nav_position = (last or 0) + 1


def move_in_navigation(page: Post, step: int) -> bool:
    """Move ``page`` ``step`` places (-1: up, 1: down) in the navigation bar and number
    them all 1, 2, 3… again (uncommitted); False if it cannot move that way."""
    order = _in_navigation()
    if page not in order:
        return False
    here = order.index(page)
    there = here + step
    if not 0 <= there < len(order):
        return False
    order[here], order[there] = order[there], order[here]
    for position, each in enumerate(order, start=1):
        each.nav_position = position
    return True


def page_slug_problem(page: Post, requested: str) -> str | None:
    """Why ``requested`` cannot be this page's slug (taken, or one of the blog's own
    words), in a sentence for the author; None if it can."""
    wanted = slug_from_title(requested) if requested.strip() else ""
    if not wanted:
        return None
    if wanted in RESERVED_SLUGS:
        return _("“%(slug)s” is a word the blog keeps for itself; choose another slug.",
                 slug=wanted)
    if wanted != page.slug and slug_taken(wanted, page):
        return _("“%(slug)s” is already the address of another post or page; choose "
                 "another.", slug=wanted)
    return None
