from flask import Blueprint, abort, render_template, request

from blog.cache import cached_page
from blog.search.queries import COUNT_UP_TO, MAX_QUERY_LENGTH, search
from blog.settings import setting
from blog.utils.database import utcnow
from blog.web.pagination import Page, requested_page

bp = Blueprint("search", __name__)


@bp.get("/search")
@cached_page
def results():
    """Posts matching the words of ``?q=``, best first, matches highlighted."""
    query = request.args.get("q", "").strip()[:MAX_QUERY_LENGTH]
    page = requested_page()
    per_page = setting("POSTS_PER_PAGE")
    hits, total = search(query, utcnow(), page, per_page)
    if page > 1 and not hits:
        abort(404)  # past the last page, as on every other list
    pages = Page(items=hits, page=page, per_page=per_page,
                 has_next=page * per_page < total, total=total)
    return render_template(
        "search/results.html", query=query, hits=pages, count_up_to=COUNT_UP_TO
    )
