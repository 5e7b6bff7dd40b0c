"""Statistics, counted privately: views and visitors per page and day, where readers
came from, what they searched for, and how many read the feeds. No cookie, no script,
no address or User-Agent stored (README, "Statistics").

    middleware.py   counts page requests and views (the counting stylesheet) ahead of
                    the page cache, appending to this process's tally
    tally.py        what a process counted and has not yet written
    writer.py       the background thread that writes it every few seconds
    flush.py        adds a batch to the day's rows, atomically, from any process
    sources.py      crawlers, referrers, feed services' reports, search terms
    visitors.py     the day's visitor marks (keyed hashes under a key per day)
    queries.py      what the dashboard and the Popular posts widget read
    chart.py        the dashboard's charts, drawn on the server as SVG
    ingest.py       counts the pages nginx's cache answered, from nginx's access log
    commands.py     ``flask --app app stats ingest LOGFILE``
"""

from urllib.parse import urlencode

from flask import Flask, current_app, request
from markupsafe import Markup, escape


def init_app(app: Flask) -> None:
    """Count in front of the page cache (call after it is in place, before any proxy
    fix, so the middleware sees the reader's own address)."""
    from blog.stats.commands import stats_group
    from blog.stats.middleware import StatsMiddleware
    from blog.stats.popular import popular_posts
    from blog.stats.tally import Tally
    from blog.stats.writer import start_background_writer

    tally = app.extensions["blog.stats"] = Tally()
    app.cli.add_command(stats_group)
    app.add_template_global(stats_beacon)
    app.add_template_global(popular_posts)
    if not app.config["STATS_COUNTING"]:
        return
    app.wsgi_app = StatsMiddleware(app, app.wsgi_app, tally)
    if not app.config.get("TESTING"):
        start_background_writer(app)


def stats_beacon(kind: str, post_id: int | None = None, term: str = "") -> Markup:
    """The counting stylesheet's link for a reader's page: loading it is the view."""
    from blog.stats.middleware import BEACON

    if not current_app.config["STATS_COUNTING"]:
        return Markup("")
    query = {"k": kind, "p": request.path}
    if post_id is not None:
        query["id"] = str(post_id)
    if term:
        query["q"] = term[:100]
    return Markup('<link rel="stylesheet" href="{}">').format(
        escape(f"{BEACON}?{urlencode(query)}"))
