"""What the sidebar shows on every page: the author, the blog archive, the labels.

It is the same on every page until something changes, so it is built once per site
version in each process (blog.cache.etag) and costs no query on the pages in between;
the author's "About me" Markdown is rendered then too.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from blog.archive.counts import ArchiveYear, LabelCount, sidebar_counts
from blog.cache import per_site_version, scheduled_ahead
from blog.extensions import db
from blog.markup import bio_to_html
from blog.models import Author
from blog.uploads.storage import is_stored_image, uploads_folder
from blog.utils.database import utcnow
from blog.utils.dates import current_zone


@dataclass(frozen=True)
class AboutAuthor:
    display_name: str
    bio_html: str  # rendered and sanitised by blog.markup
    photo: str | None  # an uploaded image's file name, if it is still there

    @classmethod
    def of(cls, author: Author) -> "AboutAuthor":
        """What readers see of the author; never the e-mail address."""
        photo = author.photo if is_stored_image(author.photo, uploads_folder()) else None
        return cls(author.display_name, bio_to_html(author.bio or ""), photo)


@dataclass(frozen=True)
class Sidebar:
    author: AboutAuthor | None
    archive: list[ArchiveYear]
    labels: list[LabelCount]


def build_sidebar() -> Sidebar:
    now = utcnow()
    author = db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))
    archive, labels = sidebar_counts(now, current_zone(), scheduled_ahead=scheduled_ahead(now))
    return Sidebar(
        author=AboutAuthor.of(author) if author else None,
        archive=archive,
        labels=labels,
    )


def sidebar_context() -> dict:
    """Template helper; it queries only when a template asks for the sidebar."""

    def sidebar() -> Sidebar:
        return per_site_version("sidebar", build_sidebar)

    return {"sidebar": sidebar}
