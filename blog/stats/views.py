from datetime import date, datetime

from babel.dates import format_skeleton
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale

from blog.auth.access import author_only
from blog.i18n import month_name
from blog.i18n.formatting import numbering_system, with_digits
from blog.stats import queries
from blog.stats.chart import bar_chart
from blog.stats.queries import Period
from blog.utils.dates import current_zone

bp = author_only(Blueprint("stats", __name__, url_prefix="/dashboard/stats"))
# The counting stylesheet; counted by blog.stats.middleware, which answers it itself
# once this view has given it its headers.
counting = Blueprint("stats_counting", __name__)


@counting.get("/stats/seen.css")
def seen():
    """An empty style sheet that is never kept, so browsers ask for it on every view."""
    response = Response("", content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def overview():
    """Views and visitors by day and month, the most read posts, where readers came from,
    what they searched for, and the feeds' readers."""
    period_value = request.args.get("period", Period.MONTH.value)
    if period_value not in Period._value2member_map_:
        abort(404)
    period = Period(period_value)
    today = datetime.now(current_zone()).date()
    days = queries.daily_counts(today, 30)
    months = queries.monthly_counts(today, years=3)
    feeds = queries.feed_readers(today, 30)
    return render_template(
        "stats/overview.html",
        period=period,
        periods=list(Period),
        days=days,
        daily_chart=bar_chart([(_day_and_month(day.day), day.views, day.visitors)
                               for day in days]),
        months=months,
        monthly_chart=bar_chart([(month_name(m.year, m.month), m.views, m.visitors)
                                 for m in months]),
        top=queries.top_posts(today, period),
        referrers=queries.top_referrers(today, period),
        searches=queries.top_searches(today, period),
        traffic=queries.traffic(today, period),
        feeds=feeds,
        services=queries.feed_services(feeds[0].day) if feeds else [],
    )


def _day_and_month(day: date) -> str:
    """A day on the chart, short, as the page's language writes it: "Feb 1", "1. Feb."."""
    return with_digits(format_skeleton("MMMd", day, locale=get_locale()), numbering_system())
