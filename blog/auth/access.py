"""Who may open a page: the one guard for everything that is the author's alone."""

from flask import Blueprint, current_app, request
from flask_login import login_required

# Marks a guarded view, so other parts can tell the author's pages from the readers'
# (the author's pages are in the author's own language: blog.i18n).
_GUARDED = "_author_only"
_GUARDED_BLUEPRINTS = "blog.auth.guarded_blueprints"


def author_required(view):
    """Only the logged-in author may open ``view``; a reader is sent to log in first
    (and back afterwards)."""
    guarded = login_required(view)
    setattr(guarded, _GUARDED, True)
    return guarded


@author_required
def _authors_only() -> None:
    """Nothing to do once the guard has let the request through."""


def author_only(blueprint: Blueprint) -> Blueprint:
    """Guard every view of ``blueprint`` with ``author_required``."""
    blueprint.before_request(_authors_only)
    blueprint.record_once(
        lambda state: state.app.extensions.setdefault(_GUARDED_BLUEPRINTS, set()).add(
            state.blueprint.name
        )
    )
    return blueprint


def is_authors_page() -> bool:
    """Whether this request is for a page only the author may open."""
    if request.blueprint in current_app.extensions.get(_GUARDED_BLUEPRINTS, ()):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _GUARDED, False))
