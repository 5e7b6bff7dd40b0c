from flask import Blueprint, render_template

from blog.caching import conditional
from blog.database import utcnow
from blog.labels.queries import visible_posts_labelled
from blog.posts.listing import paginated_listing

bp = Blueprint("labels", __name__)


@bp.get("/label/<path:name>")
@conditional
def detail(name: str):
    """List the posts that carry one label, newest first."""
    # No posts with that label (or no such label) is a 404, like any empty list.
    listing = paginated_listing(visible_posts_labelled(name, utcnow()))
    return render_template("labels/detail.html", label_name=name, listing=listing)
