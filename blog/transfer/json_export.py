"""The blog as one JSON document, and back. The format is documented in README.md
("Export format"); rendered HTML is not in it, since it is made again from the text.

Importing restores ids, so comment anchors (#c12) and feed entry ids stay the same.
"""

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from blog.extensions import db
from blog.markup import comment_to_html
from blog.models import (
    Author,
    Comment,
    CommentMode,
    CommentStatus,
    Label,
    LegacyRedirect,
    Post,
    PostKind,
    PostStatus,
    PostVersion,
    SlugRedirect,
    Subscription,
    SubscriptionKind,
    SubscriptionState,
)
from blog.posts.publishing import labels_named, render_body
from blog.settings import restore_settings, stored_settings
from blog.stats.transfer import export_statistics, restore_statistics
from blog.transfer.common import ImportFailed
from blog.uploads.storage import STORED_NAME
from blog.utils.database import utcnow

FORMAT = "blog-export"
# 2 added pages (a post's "kind" and "nav_position"); 3 the statistics' daily counts.
# Older files still import.
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def export_blog() -> dict:
    """Everything the blog holds, except the password hash, two-factor secrets and
    rendered HTML (the author's e-mail address is in it: keep exports private); the
    settings are those stored in the blog (not those the configuration gives)."""
    author = db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))
    posts = db.session.scalars(
        sa.select(Post)
        .options(
            selectinload(Post.labels),
            selectinload(Post.versions),
            selectinload(Post.old_slugs),
            selectinload(Post.comments),
        )
        .order_by(Post.id)
    ).all()
    legacy = db.session.execute(
        sa.select(LegacyRedirect.post_id, LegacyRedirect.path).order_by(LegacyRedirect.path)
    ).all()
    legacy_by_post: dict[int, list[str]] = {}
    for post_id, path in legacy:
        legacy_by_post.setdefault(post_id, []).append(path)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "author": None if author is None else {
            "username": author.username,
            "display_name": author.display_name,
            "bio": author.bio,
            "email": author.email,
            "photo": author.photo,
            "created_at": _time(author.created_at),
        },
        "settings": stored_settings(),
        # Readers' addresses, and what they asked to be mailed: the author's data.
        "subscriptions": [_export_subscription(row) for row in db.session.scalars(
            sa.select(Subscription).order_by(Subscription.id))],
        "labels": sorted(db.session.scalars(sa.select(Label.name))),
        "posts": [_export_post(post, legacy_by_post.get(post.id, [])) for post in posts],
        "statistics": export_statistics(),
    }


def _export_post(post: Post, legacy_paths: list[str]) -> dict:
    return {
        "id": post.id,
        "kind": post.kind.value,
        "nav_position": post.nav_position,
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "body_format": post.body_format,
        "status": post.status.value,
        "published_at": _time(post.published_at),
        "created_at": _time(post.created_at),
        "updated_at": _time(post.updated_at),
        "deleted_at": _time(post.deleted_at),
        "comment_mode": post.comment_mode.value if post.comment_mode else None,
        "source_id": post.source_id,
        "labels": [label.name for label in post.labels],
        "old_slugs": sorted(old.slug for old in post.old_slugs),
        "legacy_paths": legacy_paths,
        "versions": [
            {"title": v.title, "body": v.body, "labels": v.labels, "saved_at": _time(v.saved_at)}
            for v in sorted(post.versions, key=lambda v: (v.saved_at, v.id))
        ],
        "comments": [
            {
                "id": c.id,
                "parent_id": c.parent_id,
                "by_author": c.author_id is not None,
                "name": c.name,
                "website": c.website,
                "body": c.body,
                "status": c.status.value,
                "created_at": _time(c.created_at),
                "ip_address": c.ip_address,
                "commenter_token": c.commenter_token,
                "spam_score": c.spam_score,
                "spam_reasons": c.spam_reasons,
                "approved_at": _time(c.approved_at),
                "source_id": c.source_id,
            }
            for c in sorted(post.comments, key=lambda c: c.id)
        ],
    }


def import_blog(data: dict) -> tuple[int, int, bool]:
    """Restore an export into a blog with no posts (uncommitted).

    :return: posts restored, comments restored, and whether a new author was created.
    :raise ImportFailed: for a document that is not an export, or a blog not empty.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed(_("This is not a blog export (its \"format\" is not blog-export)."))
    if data.get("version") not in READABLE_VERSIONS:
        raise ImportFailed(_("This export is version %(version)s; this blog reads versions "
                             "%(first)s to %(last)s.", version=data.get("version"),
                             first=READABLE_VERSIONS[0], last=READABLE_VERSIONS[-1]))
    if db.session.scalar(sa.select(Post.id).limit(1)) is not None:
        raise ImportFailed(
            _("The blog already has posts; a JSON export restores an empty blog."))
    author, created = _author(data.get("author") or {})
    comment_total = 0
    try:
        restore_settings(data.get("settings", {}))
        for item in data["posts"]:
            post = _restore_post(item, author)
            comment_total += _restore_comments(post, item["comments"], author)
        db.session.flush()
        for item in data.get("subscriptions", []):
            db.session.add(_restore_subscription(item))
        db.session.flush()
        restore_statistics(data.get("statistics", {}), {item["id"] for item in data["posts"]})
    except (KeyError, TypeError, ValueError) as error:
        raise ImportFailed(_("The export is damaged: %(kind)s: %(problem)s.",
                             kind=type(error).__name__, problem=str(error))) from error
    db.session.flush()
    _advance_id_sequences()
    return len(data["posts"]), comment_total, created


def _author(profile: dict) -> tuple[Author, bool]:
    author = db.session.scalar(sa.select(Author).order_by(Author.id).limit(1))
    if author is not None:
        return author, False
    author = Author(
        username=profile.get("username") or "author",
        display_name=profile.get("display_name") or "The Author",
        bio=profile.get("bio") or "",
        email=_text_or_none(profile.get("email"), 254),
        # The image itself travels in a backup of instance/uploads, not in the export.
        photo=profile.get("photo") if _is_image_name(profile.get("photo")) else None,
        created_at=_parse(profile.get("created_at")) or utcnow(),
    )
    author.set_password(secrets.token_urlsafe(32))  # nobody knows it: set-password first
    db.session.add(author)
    return author, True


def _text_or_none(value, max_length: int) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= max_length else None


def _is_image_name(value) -> bool:
    return isinstance(value, str) and STORED_NAME.match(value) is not None


def _restore_post(item: dict, author: Author) -> Post:
    post = Post(
        id=item["id"],
        kind=PostKind(item.get("kind", "post")),
        nav_position=item.get("nav_position"),
        author=author,
        title=item["title"],
        slug=item["slug"],
        body=item["body"],
        body_format=item.get("body_format", "markdown"),
        status=PostStatus(item["status"]),
        published_at=_parse(item["published_at"]),
        created_at=_parse(item["created_at"]),
        updated_at=_parse(item["updated_at"]),
        deleted_at=_parse(item.get("deleted_at")),
        comment_mode=CommentMode(item["comment_mode"]) if item.get("comment_mode") else None,
        source_id=item.get("source_id"),
    )
    db.session.add(post)
    render_body(post)
    post.labels = labels_named(item["labels"])
    post.old_slugs = [SlugRedirect(slug=slug) for slug in item.get("old_slugs", [])]
    for path in item.get("legacy_paths", []):
        db.session.add(LegacyRedirect(path=path, post=post))
    post.versions = [
        PostVersion(title=v["title"], body=v["body"], labels=v["labels"],
                    saved_at=_parse(v["saved_at"]))
        for v in reversed(item.get("versions", []))
    ]
    return post


def _parents_first(comments: list[dict]) -> list[dict]:
    """Comments ordered so each comes after the one it answers (foreign keys are checked
    row by row, and an imported reply can have a smaller id than its parent)."""
    placed: set[int] = set()
    ordered: list[dict] = []
    waiting = list(comments)
    while waiting:
        ready = [c for c in waiting if c["parent_id"] is None or c["parent_id"] in placed]
        if not ready:
            raise ValueError(_("comments answer comments that are not in the export"))
        ordered += ready
        placed.update(c["id"] for c in ready)
        waiting = [c for c in waiting if c["id"] not in placed]
    return ordered


def _restore_comments(post: Post, comments: list[dict], author: Author) -> int:
    for c in _parents_first(comments):
        comment = Comment(
            id=c["id"],
            post=post,
            parent_id=c["parent_id"],
            author=author if c["by_author"] else None,
            name=c["name"],
            website=c["website"],
            body=c["body"],
            body_html="" if c["status"] == CommentStatus.REMOVED else comment_to_html(c["body"]),
            status=CommentStatus(c["status"]),
            created_at=_parse(c["created_at"]),
            ip_address=c.get("ip_address", ""),
            commenter_token=c.get("commenter_token"),
            spam_score=c.get("spam_score", 0),
            spam_reasons=c.get("spam_reasons", ""),
            source_id=c.get("source_id"),
        )
        # As it was: readers who follow the thread have heard of it (an export from
        # before approval times were kept counts an approved comment as told at once).
        comment.approved_at = _parse(c["approved_at"]) if "approved_at" in c else (
            comment.created_at if comment.status == CommentStatus.APPROVED else None)
        db.session.add(comment)
    return len(comments)


_SUBSCRIPTION_TIMES = ("created_at", "confirmed_at", "notified_upto", "last_mailed_at")


def _export_subscription(row: Subscription) -> dict:
    return {
        "id": row.id, "email": row.email, "kind": row.kind.value, "post_id": row.post_id,
        "comment_id": row.comment_id, "state": row.state.value, "site_url": row.site_url,
        **{name: _time(getattr(row, name)) for name in _SUBSCRIPTION_TIMES},
    }


def _restore_subscription(item: dict) -> Subscription:
    return Subscription(
        id=item["id"], email=item["email"], kind=SubscriptionKind(item["kind"]),
        post_id=item["post_id"], comment_id=item["comment_id"],
        state=SubscriptionState(item["state"]), site_url=item["site_url"],
        **{name: _parse(item[name]) for name in _SUBSCRIPTION_TIMES},
    )


def _advance_id_sequences() -> None:
    """PostgreSQL hands out ids from sequences: move them past the restored ids."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("post", "comment", "subscription"):
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        ))
