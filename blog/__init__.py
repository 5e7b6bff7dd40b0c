"""The blog's application factory."""

import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping | None = None) -> Flask:
    """Build the blog: settings, extensions, blueprints, error pages, filters, commands.

    ``config`` overrides every other source of settings; its ``INSTANCE_PATH`` (or the
    ``BLOG_INSTANCE_PATH`` environment variable) moves the instance folder elsewhere.
    """
    config = dict(config or {})
    instance_path = (
        config.pop("INSTANCE_PATH", None)
        or os.environ.get("BLOG_INSTANCE_PATH")
        or PROJECT_ROOT / "instance"
    )
    app = Flask(
        __name__,
        # templates/, static/ and instance/ sit at the project root, beside blog/.
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
        instance_path=str(instance_path),
        instance_relative_config=True,
    )
    _configure(app, config)
    _use_session_cookies(app)
    _register_page_cache(app)
    _count_readers(app)
    _trust_proxies(app)
    _register_extensions(app)
    _register_session_listeners(app)
    _guard_inputs(app)
    _answer_at_the_blogs_address(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_template_helpers(app)
    _speak_the_blogs_language(app)
    _register_response_helpers(app)
    _register_commands(app)
    _send_mail(app)
    return app


def _configure(app: Flask, config: Mapping) -> None:
    from flask import Config
    from flask_babel import lazy_gettext as _l

    from blog.config import DefaultConfig
    from blog.settings.store import record_sources
    from blog.utils.dates import blog_zone
    from blog.utils.instance import load_or_create_secret_key

    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(DefaultConfig)
    from_file = Config(app.instance_path)
    from_file.from_pyfile("config.py", silent=True)
    app.config.update(from_file)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_url(os.environ["DATABASE_URL"])
    app.config.from_prefixed_env("BLOG")
    app.config.from_mapping(config)
    # Settings given here are fixed; the author changes the others in the blog.
    record_sources(app, {
        **dict.fromkeys(from_file, "instance/config.py"),
        # Said on the settings page, in its language: "Set by the environment (BLOG_TITLE)".
        **{name.removeprefix("BLOG_"): _l("the environment (%(name)s)", name=name)
           for name in os.environ if name.startswith("BLOG_")},
        **dict.fromkeys(config, _l("the app's configuration")),
    })
    # Cookies that remember the author follow the session cookie onto HTTPS only.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    blog_zone(app.config["TIMEZONE"])  # fail at start, not on the first page view


def _use_session_cookies(app: Flask) -> None:
    from blog.web.session_cookies import SessionCookies

    app.session_interface = SessionCookies()


def _register_page_cache(app: Flask) -> None:
    """Cached pages and 304s for readers who get the page every reader gets, answered
    before Flask's request handling begins (blog.cache); inside the proxy fix, so they
    are keyed by the reader's scheme and host."""
    from blog import cache

    cache.init_app(app)


def _count_readers(app: Flask) -> None:
    """Statistics counted in front of the page cache, so cached pages count too, and
    inside the proxy fix, so the reader's own address tells visitors apart
    (blog.stats)."""
    from blog import stats

    stats.init_app(app)


def _trust_proxies(app: Flask) -> None:
    """Read the client's address from X-Forwarded-For when proxies stand in front."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def database_url(url: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver, whatever spelling they come in."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _register_extensions(app: Flask) -> None:
    from blog.extensions import csrf, db, login_manager
    from blog.utils.database import configure_sqlite

    db.init_app(app)
    if app.config["MIGRATIONS"]:
        _register_migrations(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])


def _register_session_listeners(app: Flask) -> None:
    """Three things are derived from posts and kept up to date by listeners on every
    SQLAlchemy session, at flush or commit:

    - the site version that the page cache and ETags follow (``blog.cache.listener``,
      registered by ``blog.cache.init_app``);
    - the archive's and labels' post counts (``blog.archive.counts``);
    - the search index (``blog.search.index``).

    They see ORM flushes only: a Core ``update(Post)`` or ``insert(Comment)`` would skip
    all three. ``tests/cache/test_core_writes.py`` fails when a Core statement writes
    those tables outside the few places that do the bookkeeping themselves.
    """
    from blog.archive.counts import listen_for_post_changes as keep_counts
    from blog.search.index import listen_for_post_changes as keep_index

    keep_counts()
    keep_index()


def _send_mail(app: Flask) -> None:
    """The outbox's sender: woken after commits that queued mail, and a thread in each
    web process (``blog.mail``); ``flask mail send`` for a cron job."""
    from blog import mail

    mail.init_app(app)


def _guard_inputs(app: Flask) -> None:
    from blog.web.inputs import register_input_guards

    register_input_guards(app)


def _answer_at_the_blogs_address(app: Flask) -> None:
    """Links made from the blog's address, other host names refused (blog.web.address)."""
    from blog.web.address import register_address_check

    register_address_check(app)


def _register_migrations(app: Flask) -> None:
    """``flask db ...`` (Flask-Migrate and Alembic): the command line needs them, a web
    worker does not, so gunicorn.conf.py leaves them out (MIGRATIONS=false), saving each
    worker Alembic's memory and import time."""
    from flask_migrate import Migrate

    from blog.extensions import db

    Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)


def _register_blueprints(app: Flask) -> None:
    from blog.account.views import bp as account
    from blog.archive.views import bp as archive
    from blog.auth.views import bp as auth
    from blog.comments.views import bp as comments
    from blog.dashboard.views import bp as dashboard
    from blog.feeds.views import bp as feeds
    from blog.labels.views import bp as labels
    from blog.legacy.views import bp as legacy
    from blog.mail.views import bp as mail
    from blog.mail.views import readers as subscriptions
    from blog.pages.views import bp as pages
    from blog.posts.views import bp as posts
    from blog.search.views import bp as search
    from blog.setup.views import bp as setup
    from blog.stats.views import bp as stats
    from blog.stats.views import counting as stats_counting
    from blog.two_factor.views import bp as two_factor
    from blog.uploads.views import bp as uploads

    for blueprint in (
        posts, pages, archive, labels, search, comments, feeds, auth, dashboard, two_factor,
        account, uploads, setup, legacy, mail, subscriptions, stats, stats_counting,
    ):
        app.register_blueprint(blueprint)


def _register_error_handlers(app: Flask) -> None:
    from blog.web.errors import register_error_handlers

    register_error_handlers(app)


def _register_template_helpers(app: Flask) -> None:
    from blog.web.template_helpers import register_template_helpers

    register_template_helpers(app)


def _speak_the_blogs_language(app: Flask) -> None:
    """Translations, and dates and numbers in the page's language (blog.i18n)."""
    from blog import i18n

    i18n.init_app(app)


def _register_response_helpers(app: Flask) -> None:
    from blog.web.request_log import register_request_log
    from blog.web.security import register_request_guards, register_security_headers
    from blog.web.static_files import register_static_versioning

    register_request_log(app)
    register_static_versioning(app)
    register_security_headers(app)
    register_request_guards(app)


def _register_commands(app: Flask) -> None:
    from blog.commands import register_commands

    register_commands(app)
