"""Between the editor form and a post: filling one from the other, and previews."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from blog.dashboard.forms import PostForm
from blog.i18n import list_separator, long_date, short_time
from blog.markup import render_post
from blog.models import Author, CommentMode, Post
from blog.pages.manage import show_in_navigation
from blog.posts.publishing import (
    content_differs,
    keep_version,
    parse_label_names,
    publish,
    set_content,
    unpublish,
)
from blog.uploads.responsive import upload_attributes
from blog.utils.database import utcnow


def form_data(post: Post, zone: ZoneInfo) -> dict:
    """What the editor shows for a saved post (or page)."""
    if post.is_page:
        return {
            "title": post.title,
            "body": post.body,
            "slug": post.slug,
            "comments": post.comment_mode != CommentMode.CLOSED,
            "in_navigation": post.nav_position is not None,
        }
    return {
        "title": post.title,
        "body": post.body,
        "labels": list_separator().join(label.name for label in post.labels),
        "slug": post.slug,
        "comment_mode": post.comment_mode.value if post.comment_mode else "",
        "publish_at": (
            post.published_at.astimezone(zone).replace(tzinfo=None)
            if post.published_at
            else None
        ),
    }


def publish_time(form: PostForm, zone: ZoneInfo) -> datetime | None:
    """The form's "Publish at", read as the blog's local time, in UTC (a page has none:
    it is published when the author says)."""
    if "publish_at" not in form or form.publish_at.data is None:
        return None
    return form.publish_at.data.replace(tzinfo=zone).astimezone(utcnow().tzinfo)


def apply_form(post: Post, form: PostForm, zone: ZoneInfo) -> str:
    """Save the form into ``post`` as the pressed button asks; say what happened."""
    label_names = parse_label_names(form.labels.data) if "labels" in form else []
    if content_differs(post, title=form.title.data, body=form.body.data, label_names=label_names):
        keep_version(post)
    set_content(
        post,
        title=form.title.data,
        body=form.body.data,
        label_names=label_names,
        slug=form.slug.data or "",
    )
    if post.is_page:
        # On: the blog's comment rules apply, as for posts. Off: closed.
        post.comment_mode = None if form.comments.data else CommentMode.CLOSED
        show_in_navigation(post, form.in_navigation.data)
    else:
        post.comment_mode = (
            CommentMode(form.comment_mode.data) if form.comment_mode.data else None)
    if form.publish.data:
        publish(post, at=publish_time(form, zone))
        if post.status == "scheduled":
            return _("Scheduled: it appears on %(day)s at %(time)s.",
                     day=long_date(post.published_at.astimezone(zone).date()),
                     time=short_time(post.published_at))
        return _("Published.")
    if form.unpublish.data:
        unpublish(post)
        return _("Moved back to drafts: readers no longer see it.")
    return _("Saved.")


def preview_of(form: PostForm, post: Post | None, author: Author, zone: ZoneInfo):
    """A stand-in for the post as readers would see it, built without touching the database."""
    rendered = render_post(form.body.data or "", post.body_format if post else "markdown",
                           describe_image=upload_attributes)
    now = utcnow()
    published_at = publish_time(form, zone) or (post.published_at if post else None) or now
    return SimpleNamespace(
        title=" ".join(form.title.data.split()),
        body_html=rendered.body_html,
        excerpt=rendered.excerpt,
        published_at=published_at,
        updated_at=now,
        author=author,
        labels=[SimpleNamespace(name=name)
                for name in parse_label_names(form.labels.data if "labels" in form else "")],
        is_page=post.is_page if post else "labels" not in form,
    )
