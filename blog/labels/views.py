from flask import Blueprint, abort, render_template

from blog.caching import conditional
from blog.database import utcnow
from blog.labels.queries import label_by_name, visible_posts_labelled
from blog.posts.listing import paginated_listing

bp = Blueprint("labels", __name__)


@bp.get("/label/<path:name>")
@conditional
def detail(name: str):
    """List the posts that carry one label, newest first."""
    label = label_by_name(name)
    if label is None:
        abort(404)
    listing = paginated_listing(visible_posts_labelled(label, utcnow()))
    return render_template("labels/detail.html", label=label, listing=listing)
