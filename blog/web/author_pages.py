"""Which pages are the author's own: marked by the guard (blog.auth.access), read by
whatever treats them differently (their language: blog.i18n)."""

from flask import Blueprint, Flask, current_app, request

_MARK = "_author_only"
_BLUEPRINTS = "blog.web.author_blueprints"


def mark_view(view):
    """Note that ``view`` is the author's alone."""
    setattr(view, _MARK, True)
    return view


def mark_blueprint(blueprint: Blueprint) -> None:
    """Note that every view of ``blueprint`` is the author's alone."""
    blueprint.record_once(lambda state: _blueprints(state.app).add(state.blueprint.name))


def _blueprints(app: Flask) -> set[str]:
    return app.extensions.setdefault(_BLUEPRINTS, set())


def is_authors_page() -> bool:
    """Whether this request is for a page only the author may open."""
    if request.blueprint in current_app.extensions.get(_BLUEPRINTS, ()):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, _MARK, False))
