"""Write-side rules for posts: rendering on save, slugs, labels and publication.

Plain functions on model objects; the caller decides when to commit.
"""

import re
from datetime import datetime

import sqlalchemy as sa

from blog.extensions import db
from blog.markup import render_post
from blog.models import Label, Post, PostStatus, PostVersion, SlugRedirect
from blog.posts.slugs import slug_from_title, unique_slug
from blog.uploads.responsive import upload_attributes
from blog.utils.database import utcnow

MAX_LABEL_LENGTH = 80


def set_content(
    post: Post, *, title: str, body: str, label_names: list[str], slug: str = ""
) -> None:
    """Give ``post`` new text: render it, label it, and settle its slug."""
    post.title = " ".join(title.split())
    post.body = body
    render_body(post)
    post.labels = labels_named(label_names)
    settle_slug(post, slug)
    post.updated_at = utcnow()


def render_body(post: Post) -> None:
    """Store the sanitised HTML, opening and excerpt of the post's Markdown; uploaded
    images get their size and smaller copies."""
    rendered = render_post(post.body, post.body_format or "markdown",
                           describe_image=upload_attributes)
    post.body_html = rendered.body_html
    post.summary_html = rendered.summary_html
    post.excerpt = rendered.excerpt


def settle_slug(post: Post, requested: str = "") -> None:
    """Set the post's slug from ``requested`` or, failing that, from its title.

    A post that has been published keeps its slug unless the author asks for another;
    then the old slug is kept as a redirect, so links to the old address still work.
    """
    if requested.strip():
        wanted = slug_from_title(requested)
    elif post.slug and post.published_at is not None:
        return
    else:
        wanted = slug_from_title(post.title)
    if wanted == post.slug:
        return
    with db.session.no_autoflush:
        new_slug = unique_slug(wanted, lambda candidate: slug_taken(candidate, post))
        if post.slug and post.published_at is not None:
            post.old_slugs.append(SlugRedirect(slug=post.slug))
        # Taking back an old address: it is the live one again, not a redirect.
        post.old_slugs = [old for old in post.old_slugs if old.slug != new_slug]
    post.slug = new_slug


def _pending(model: type) -> list:
    """Objects of ``model`` added in this unit of work and not yet in the database."""
    return [obj for obj in db.session.new if isinstance(obj, model)]


def slug_taken(slug: str, post: Post) -> bool:
    if any(other is not post and other.slug == slug for other in _pending(Post)):
        return True
    if any(
        redirect.slug == slug and redirect.post is not post
        for redirect in _pending(SlugRedirect)
    ):
        return True
    other_post = sa.select(Post.id).where(Post.slug == slug)
    other_redirect = sa.select(SlugRedirect.id).where(SlugRedirect.slug == slug)
    if post.id is not None:
        other_post = other_post.where(Post.id != post.id)
        other_redirect = other_redirect.where(SlugRedirect.post_id != post.id)
    return (
        db.session.scalar(other_post.limit(1)) is not None
        or db.session.scalar(other_redirect.limit(1)) is not None
    )


# What separates labels as the author types them: the comma, and Arabic's own "،" (which
# the Arabic hint shows: "طاقة، اقتصاد").
_LABEL_SEPARATOR = re.compile("[,\u060c]")


def parse_label_names(text: str) -> list[str]:
    """'Economics, energy ,, Cities' -> ['Economics', 'energy', 'Cities'], no repeats;
    'طاقة، اقتصاد' -> ['طاقة', 'اقتصاد']."""
    names: list[str] = []
    for part in _LABEL_SEPARATOR.split(text):
        # A "/" would split the label's address in two, so it becomes a dash.
        name = " ".join(part.replace("/", "-").split())[:MAX_LABEL_LENGTH]
        if name and name not in names:
            names.append(name)
    return names


def labels_named(names: list[str]) -> list[Label]:
    """The Label rows for ``names``, creating the ones that do not exist yet."""
    names = parse_label_names(",".join(names))
    if not names:
        return []
    # Labels created earlier in this unit of work are not in the database yet.
    existing = {label.name: label for label in _pending(Label)}
    with db.session.no_autoflush:
        existing.update(
            (label.name, label)
            for label in db.session.scalars(sa.select(Label).where(Label.name.in_(names)))
        )
    return [existing.get(name) or Label(name=name) for name in names]


def publish(post: Post, at: datetime | None = None, now: datetime | None = None) -> None:
    """Publish now, or schedule for ``at``; readers see it once its time has come."""
    now = now or utcnow()
    first_publication = post.status in (None, PostStatus.DRAFT)
    post.published_at = at or post.published_at or now
    post.status = PostStatus.SCHEDULED if post.published_at > now else PostStatus.PUBLISHED
    if first_publication and post.updated_at and post.updated_at > post.published_at:
        # A backdated post goes out as it is: readers see no "Updated" on it.
        post.updated_at = post.published_at


def unpublish(post: Post) -> None:
    """Return the post to draft; its address and date are kept for republishing."""
    post.status = PostStatus.DRAFT


MAX_VERSIONS_KEPT = 50


def keep_version(post: Post) -> None:
    """Save what the post says now as a version, before it is changed."""
    if post.id is None:
        return
    post.versions.insert(
        0,
        PostVersion(
            title=post.title,
            body=post.body,
            labels=", ".join(label.name for label in post.labels),
            saved_at=utcnow(),
        ),
    )
    # The oldest versions go once there are many; recent history is what gets restored.
    del post.versions[MAX_VERSIONS_KEPT:]


def content_differs(post: Post, *, title: str, body: str, label_names: list[str]) -> bool:
    return (
        post.title != " ".join(title.split())
        or post.body != body
        or [label.name for label in post.labels] != parse_label_names(",".join(label_names))
    )


def restore_version(post: Post, version: PostVersion) -> None:
    """Bring back an earlier version; the text it replaces becomes a version itself."""
    keep_version(post)
    set_content(
        post,
        title=version.title,
        body=version.body,
        label_names=parse_label_names(version.labels),
    )


def move_to_trash(post: Post) -> None:
    """Hide the post from everyone but the author; its comments stay with it."""
    post.deleted_at = utcnow()


def restore_from_trash(post: Post) -> None:
    post.deleted_at = None
