"""Who may open a page: the one guard for everything that is the author's alone."""

from flask import Blueprint
from flask_login import login_required

from blog.web.author_pages import mark_blueprint, mark_view


def author_required(view):
    """Only the logged-in author may open ``view``; a reader is sent to log in first
    (and back afterwards). The view is marked as the author's (blog.web.author_pages)."""
    return mark_view(login_required(view))


@author_required
def _authors_only() -> None:
    """Nothing to do once the guard has let the request through."""


def author_only(blueprint: Blueprint) -> Blueprint:
    """Guard every view of ``blueprint`` with ``author_required``."""
    blueprint.before_request(_authors_only)
    mark_blueprint(blueprint)
    return blueprint
