from flask import Blueprint, current_app, render_template, request
from flask_sqlalchemy.pagination import Pagination

from blog.caching import conditional
from blog.database import utcnow
from blog.posts.listing import requested_page
from blog.search.queries import MAX_QUERY_LENGTH, search

bp = Blueprint("search", __name__)


class SearchPage(Pagination):
    """A page of search hits, paged like every other list (blog.posts.listing)."""

    def __init__(self, hits, total, page, per_page):
        self._hits, self._total = hits, total
        super().__init__(page=page, per_page=per_page)

    def _query_items(self):
        return self._hits

    def _query_count(self):
        return self._total


@bp.get("/search")
@conditional
def results():
    """Posts matching the words of ``?q=``, best first, matches highlighted."""
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = requested_page()
    per_page = current_app.config["POSTS_PER_PAGE"]
    hits, total = search(query, utcnow(), page, per_page)
    # A page past the last one is a 404, as on every other list.
    return render_template(
        "search/results.html", query=query, hits=SearchPage(hits, total, page, per_page)
    )
