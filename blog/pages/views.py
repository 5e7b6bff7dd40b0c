from flask import Blueprint, abort, redirect

from blog.cache import cached_page, per_site_version
from blog.pages.queries import every_visible_page, find_visible_page, navigation_links
from blog.posts.links import post_url
from blog.posts.page import render_post_page
from blog.utils.database import utcnow

bp = Blueprint("pages", __name__)


@bp.app_context_processor
def navigation_context() -> dict:
    """``navigation()`` and ``sidebar_pages()`` for templates, built once per site
    version; they query only when a template asks."""

    def navigation():
        return per_site_version("navigation", lambda: navigation_links(utcnow()))

    def sidebar_pages():
        return per_site_version("sidebar-pages", lambda: every_visible_page(utcnow()))

    return {"navigation": navigation, "sidebar_pages": sidebar_pages}


@bp.get("/p/<slug>")
@cached_page
def detail(slug: str):
    """Show a page (with its comments, where they are on); an old slug moves on (301)."""
    page = find_visible_page(slug, utcnow())
    if page is None:
        abort(404)
    if page.slug != slug:
        return redirect(post_url(page), 301)
    return render_post_page(page)
