"""The Popular posts sidebar widget, as Blogger's gadget: the posts readers viewed most
in the period the settings name. Built once per site version in each process, like the
rest of the sidebar (the site ETag holds the date, so it is made again at least daily);
a view never changes the site version, so reading a post re-makes no page."""

from dataclasses import dataclass
from datetime import datetime

from blog.cache import per_site_version
from blog.models import PostKind
from blog.posts.links import post_url
from blog.settings import setting
from blog.stats.queries import Period, top_posts
from blog.utils.database import utcnow
from blog.utils.dates import current_zone

SHOWN = 5


@dataclass(frozen=True)
class PopularPost:
    title: str
    url: str


def popular_posts() -> list[PopularPost]:
    """The widget's posts, most viewed first; none when the widget is off."""
    period = setting("POPULAR_POSTS")
    if period == "off":
        return []
    return per_site_version(f"popular_posts:{period}", lambda: _most_viewed(Period(period)))


def _most_viewed(period: Period) -> list[PopularPost]:
    now = utcnow()
    today = datetime.now(current_zone()).date()
    return [PopularPost(row.post.title, post_url(row.post))
            for row in top_posts(today, period, SHOWN, kinds=(PostKind.POST,), now=now)]
