from flask import Blueprint, render_template

from blog.cache import cached_page
from blog.labels.queries import visible_posts_labelled
from blog.posts.listing import paginated_listing
from blog.utils.database import utcnow

bp = Blueprint("labels", __name__)


@bp.get("/label/<path:name>")
@cached_page
def detail(name: str):
    """List the posts that carry one label, newest first."""
    # No posts with that label (or no such label) is a 404, like any empty list.
    listing = paginated_listing(visible_posts_labelled(name, utcnow()))
    return render_template("labels/detail.html", label_name=name, listing=listing)
