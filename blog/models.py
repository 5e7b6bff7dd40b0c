"""The content model: one Author, their Posts with Labels, and readers' Comments."""

import enum
import hashlib
import secrets
from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from blog.extensions import db, login_manager
from blog.utils.database import UTCDateTime, utcnow


class PostStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class MailState(enum.StrEnum):
    QUEUED = "queued"  # waiting for its time (a retry waits longer each time)
    SENDING = "sending"  # claimed by one sender; back to queued if it never finishes
    SENT = "sent"
    FAILED = "failed"  # refused for good (a 5xx answer) or retried for a day in vain


class SubscriptionKind(enum.StrEnum):
    REPLIES = "replies"  # replies to one comment
    POST = "post"  # every new comment on one post
    POSTS = "posts"  # every new post ("Follow by e-mail")


class SubscriptionState(enum.StrEnum):
    WAITING = "waiting"  # until the link in the confirmation mail is followed
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"


class PostKind(enum.StrEnum):
    # A dated entry: on the home page, in the archive, the labels and the feeds.
    POST = "post"
    # A standing page (About, Contact, a timeline) at /p/<slug>: in the navigation, the
    # sitemap and search, never in the lists of posts.
    PAGE = "page"


class CommentStatus(enum.StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"
    # Deleted, but kept as "This comment has been removed" because it has replies.
    REMOVED = "removed"


class CommentMode(enum.StrEnum):
    """Who may comment, and whose comments wait for the author's approval."""

    OPEN = "open"  # every comment appears at once (spam still goes to the spam folder)
    MODERATED = "moderated"  # every comment waits for approval
    FIRST_TIME = "first_time"  # waits, unless the commenter had one approved before
    CLOSED = "closed"  # no new comments; existing ones stay


def _enum_column(enum_cls: type[enum.Enum]) -> sa.Enum:
    # Stored as plain VARCHAR (no native PostgreSQL enum), so adding a value later is
    # an ordinary migration on both databases.
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def _new_session_token() -> str:
    return secrets.token_urlsafe(32)


class Author(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    # The sidebar's "About me", in Markdown (rendered once per site version).
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    # Kept for notifications; never shown to readers, in pages or feeds.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    # The file name of an uploaded image (blog.uploads), shown beside "About me".
    photo: Mapped[str | None] = mapped_column(sa.String(255))
    # Part of every half-done two-factor log-in (blog.auth.pending): replacing it ends them.
    session_token: Mapped[str] = mapped_column(sa.String(64), default=_new_session_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Two-factor log-in: the TOTP secret (None: switched off), kept out of logs and
    # exports, and the last time step a code was accepted for, so no code works twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # The secret offered while two-factor log-in is being set up: made by the server and
    # kept here (never taken from the form), so the code that turns it on proves the app
    # holds a secret the blog chose. Cleared once it is on.
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The language of the author's own pages (the dashboard, the editor, mail to them),
    # as a language tag ("de", "ar"); None: the blog's language.
    language: Mapped[str | None] = mapped_column(sa.String(35))

    posts: Mapped[list["Post"]] = relationship(back_populates="author")
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(
        back_populates="author", cascade="all, delete-orphan", passive_deletes=True
    )
    login_sessions: Mapped[list["LoginSession"]] = relationship(
        back_populates="author", cascade="all, delete-orphan", passive_deletes=True
    )

    # The log-in this request came with, set by the user_loader or by
    # blog.auth.sessions.start (not stored here): its row, and its random id, which
    # Flask-Login keeps in the session and the "remember me" cookie as the author's id.
    current_login = None  # a LoginSession
    login_token = None

    def set_password(self, password: str) -> None:
        """Store a new password hash and end every other log-in."""
        self.password_hash = generate_password_hash(
            password, method=current_app.config["PASSWORD_HASH_METHOD"])
        self.end_sessions()

    def end_sessions(self) -> None:
        """End every log-in but this request's (all of them outside a request), with
        their "remember me" cookies, and every half-done two-factor log-in."""
        self.session_token = _new_session_token()
        if self.id is None:
            return
        ended = LoginSession.author_id == self.id
        if self.current_login is not None:
            ended = sa.and_(ended, LoginSession.id != self.current_login.id)
        db.session.execute(sa.delete(LoginSession).where(ended))

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None

    def get_id(self) -> str:
        if self.login_token is None:
            raise RuntimeError("no log-in to name: start one with blog.auth.sessions.start")
        return self.login_token

    def __repr__(self) -> str:
        return f"<Author {self.username!r}>"


class LoginSession(db.Model):
    """One log-in of the author's: the browser that made it stays logged in (its session,
    and its "remember me" cookie) while this row lives and until it expires."""

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(
        sa.ForeignKey("author.id", ondelete="CASCADE"), index=True
    )
    # SHA-256 of the random id the browser's cookies carry: the rows alone log nobody in.
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Noted at most once a minute (blog.auth.sessions.note_seen), with the address.
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    device: Mapped[str] = mapped_column(sa.String(80), default="")  # "Firefox on Linux"
    address: Mapped[str] = mapped_column(sa.String(64), default="")
    remember: Mapped[bool] = mapped_column(default=False)  # "Remember me" was ticked

    author: Mapped[Author] = relationship(back_populates="login_sessions")

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_author(token: str) -> Author | None:
    """The author of the log-in whose id the browser sent, unless that log-in has been
    ended (its row deleted) or has expired."""
    login = db.session.scalar(
        sa.select(LoginSession)
        .where(LoginSession.digest == LoginSession.digest_of(token))
        .options(joinedload(LoginSession.author))
    )
    if login is None or login.expires_at <= utcnow():
        return None
    author = login.author
    author.current_login, author.login_token = login, token
    return author


class RecoveryCode(db.Model):
    """One unused recovery code, as a SHA-256 digest: it lets the author in once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(
        sa.ForeignKey("author.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(sa.String(64))

    author: Mapped[Author] = relationship(back_populates="recovery_codes")


post_labels = sa.Table(
    "post_labels",
    db.metadata,
    sa.Column(
        "post_id", sa.ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "label_id", sa.ForeignKey("label.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Label(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    # Published and scheduled posts carrying it, kept by blog.archive.counts.
    post_count: Mapped[int] = mapped_column(default=0, server_default="0")

    posts: Mapped[list["Post"]] = relationship(
        secondary=post_labels, back_populates="labels"
    )

    def __repr__(self) -> str:
        return f"<Label {self.name!r}>"


class ArchiveMonth(db.Model):
    """Published and scheduled posts in one local month, kept by blog.archive.counts."""

    zone: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    month: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    posts: Mapped[int]


class Post(db.Model):
    __table_args__ = (
        # Scheduled posts by time (the site state keeps their times).
        sa.Index("ix_post_status_published_at", "status", "published_at"),
        # Readers' pages list visible posts newest first, and a post page finds its
        # neighbours: both walk this index from "now" and stop after a page. It holds
        # what decides visibility too, so search can tell which posts readers may see
        # without reading any post's row.
        sa.Index("ix_post_published_at_id", "published_at", "id", "status", "deleted_at"),
        # Search leaves out hidden posts (Post.hidden_clause): the trash is found by this.
        # Partial, so that no planner takes it for a way to the posts outside the trash.
        sa.Index("ix_post_in_trash", "deleted_at",
                 sqlite_where=sa.text("deleted_at IS NOT NULL"),
                 postgresql_where=sa.text("deleted_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("author.id"))
    title: Mapped[str] = mapped_column(sa.String(300))
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # Rendered and sanitised when the post is saved (blog.markup), never per request.
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # The opening up to the author's "Read more" break; None when there is no break.
    summary_html: Mapped[str | None] = mapped_column(sa.Text)
    # Plain text of the opening, for teasers and meta descriptions.
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[PostStatus] = mapped_column(
        _enum_column(PostStatus), default=PostStatus.DRAFT
    )
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the author moves the post to the trash; None for every live post.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[PostKind] = mapped_column(
        _enum_column(PostKind), default=PostKind.POST, server_default=PostKind.POST.value
    )
    # A page's place in the navigation bar (lowest first); None keeps it out of it.
    nav_position: Mapped[int | None] = mapped_column(sa.Integer)
    # None follows the blog's COMMENT_MODE setting.
    comment_mode: Mapped[CommentMode | None] = mapped_column(_enum_column(CommentMode))
    # "markdown" for posts written here; "html" for posts imported from other blogs,
    # whose body is their (sanitised on render) HTML.
    body_format: Mapped[str] = mapped_column(sa.String(16), default="markdown")
    # The id the post had in the blog it was imported from, so a second import skips it.
    source_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)

    author: Mapped[Author] = relationship(back_populates="posts")
    labels: Mapped[list[Label]] = relationship(
        secondary=post_labels, back_populates="posts", order_by=Label.name
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="post",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Comment.created_at",
    )
    old_slugs: Mapped[list["SlugRedirect"]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_deletes=True
    )
    versions: Mapped[list["PostVersion"]] = relationship(
        back_populates="post",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PostVersion.saved_at.desc()",
    )

    @property
    def is_page(self) -> bool:
        return self.kind == PostKind.PAGE

    def is_visible(self, now: datetime) -> bool:
        """Whether readers can see the post at ``now`` (published, due, not in the trash)."""
        return (
            self.status != PostStatus.DRAFT
            and self.deleted_at is None
            and self.published_at is not None
            and self.published_at <= now
        )

    @classmethod
    def visible_clause(cls, now: datetime) -> sa.ColumnElement[bool]:
        """The SQL twin of ``is_visible``; scheduled posts turn visible when due. Pages
        pass it too: lists of posts add ``kind == PostKind.POST``."""
        return sa.and_(
            cls.status != PostStatus.DRAFT,
            cls.deleted_at.is_(None),
            cls.published_at <= now,
        )

    @classmethod
    def hidden_clause(cls, now: datetime) -> sa.ColumnElement[bool]:
        """Exactly the posts ``visible_clause`` leaves out: drafts, the trash, and posts
        not yet due. Usually a handful, so "not one of these" is a cheap filter where
        "one of the visible" would list nearly every post."""
        return sa.or_(
            cls.status == PostStatus.DRAFT,
            cls.deleted_at.is_not(None),
            cls.published_at.is_(None),
            cls.published_at > now,
        )

    @classmethod
    def hidden_ids(cls, now: datetime) -> sa.CompoundSelect:
        """The ids ``hidden_clause`` picks, read as three index searches (drafts, the
        trash, not yet due) rather than a scan of every post to test the four terms."""
        return sa.union_all(
            sa.select(cls.id).where(cls.status == PostStatus.DRAFT),
            sa.select(cls.id).where(cls.deleted_at.is_not(None)),
            sa.select(cls.id).where(sa.or_(cls.published_at.is_(None), cls.published_at > now)),
        )

    def current_status(self, now: datetime) -> PostStatus:
        """The status as it stands at ``now``: a scheduled post that is due is published."""
        if self.status == PostStatus.SCHEDULED and self.is_visible(now):
            return PostStatus.PUBLISHED
        return self.status

    def __repr__(self) -> str:
        return f"<Post {self.slug!r}>"


class PostVersion(db.Model):
    """What a post said before one of its saves, so the author can go back to it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)
    labels: Mapped[str] = mapped_column(sa.Text, default="")  # comma-separated names
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="versions")


class LoginFailure(db.Model):
    """A failed log-in; recent ones from an address, for a username from unknown
    browsers, or from one known browser slow log-ins down (blog.auth.throttle)."""

    __table_args__ = (
        sa.Index("ix_login_failure_address_at", "address", "at"),
        sa.Index("ix_login_failure_username_at", "username", "at"),
        sa.Index("ix_login_failure_device_at", "device", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(sa.String(64))
    username: Mapped[str] = mapped_column(sa.String(64))
    # The device cookie's random id, when the browser had a valid one for the username.
    device: Mapped[str | None] = mapped_column(sa.String(32))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LegacyRedirect(db.Model):
    """An address a post had on the blog it was imported from (Blogger, WordPress)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(sa.String(500), unique=True)  # path and any query
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))

    post: Mapped[Post] = relationship()


class SlugRedirect(db.Model):
    """An address a post used to have; readers arriving there are sent on (301)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))

    post: Mapped[Post] = relationship(back_populates="old_slugs")


class Comment(db.Model):
    __table_args__ = (
        sa.Index("ix_comment_post_id_status", "post_id", "status"),
        sa.Index("ix_comment_ip_address_created_at", "ip_address", "created_at"),
        sa.Index("ix_comment_commenter_token_status", "commenter_token", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE")
    )
    # Set when the blog's author wrote the comment while logged in.
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("author.id", ondelete="SET NULL")
    )
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    website: Mapped[str] = mapped_column(sa.String(500), default="")
    body: Mapped[str] = mapped_column(sa.Text)
    # Rendered once when saved (blog.markup.comment_to_html): escaped text, linked URLs.
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # When it was approved (published): readers who follow the thread hear of comments
    # approved after their last notice. Set by ``status`` itself, see below.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[CommentStatus] = mapped_column(
        _enum_column(CommentStatus), default=CommentStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Where the comment came from, for the per-address rate limit.
    ip_address: Mapped[str] = mapped_column(sa.String(64), default="")
    # The random id in a commenter's "remember me" cookie: once the author approves one
    # of their comments, their later ones skip the first-time queue.
    commenter_token: Mapped[str | None] = mapped_column(sa.String(64))
    spam_score: Mapped[int] = mapped_column(default=0)
    spam_reasons: Mapped[str] = mapped_column(sa.Text, default="")  # one reason a line
    source_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)

    post: Mapped[Post] = relationship(back_populates="comments")
    parent: Mapped["Comment | None"] = relationship(
        remote_side=[id], back_populates="replies"
    )
    replies: Mapped[list["Comment"]] = relationship(back_populates="parent")
    author: Mapped[Author | None] = relationship()

    @validates("status")
    def _note_approval(self, _key, status):
        if status == CommentStatus.APPROVED and self.approved_at is None:
            self.approved_at = utcnow()
        return status

    @property
    def display_name(self) -> str:
        # Translators: the name shown for a comment whose writer gave none
        return self.name.strip() or _("Anonymous")


class SiteState(db.Model):
    """One row: a number that goes up whenever anything readers can see changes.

    Every server process reads it to know whether a page it (or a browser) has is still
    current, so a change made through one process shows at once through all of them.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=1)
    # When each scheduled post appears (UTC, sorted, space-separated): the clock alone
    # changes what readers see then, without a write to raise the version.
    scheduled: Mapped[str] = mapped_column(sa.Text, default="", server_default="")


class Setting(db.Model):
    """A setting the author changed in the blog (``blog.settings``), stored as JSON; the
    configuration file and ``BLOG_`` environment variables still win over it."""

    name: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[str] = mapped_column(sa.Text)


class SetupCode(db.Model):
    """The one-time code that lets the person running the server create the blog's
    author from the browser (``blog.setup``). One row; worthless once an author exists."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OutboxMessage(db.Model):
    """A mail to send (``blog.mail``): written in the same transaction as what caused it,
    sent after the commit by whichever process claims it first."""

    __table_args__ = (
        # The sender's question: what is due now?
        sa.Index("ix_outbox_message_state_due", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text, default="")
    # Made when the mail is queued, so a retry is the same message to the receiver; unique,
    # so a mail two processes both mean to send once (the day's digest) is queued once.
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    # The Message-ID of the thread's first notice (a post's): In-Reply-To and References.
    thread_id: Mapped[str | None] = mapped_column(sa.String(255))
    # Further headers as JSON (List-Unsubscribe and the like), checked when queued.
    headers: Mapped[str] = mapped_column(sa.Text, default="{}")
    # What it is about, for the dashboard ("held comment 12", "test").
    reason: Mapped[str] = mapped_column(sa.String(100), default="")
    state: Mapped[MailState] = mapped_column(
        _enum_column(MailState), default=MailState.QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Subscription(db.Model):
    """A reader's wish to hear by mail (``blog.mail.subscriptions``): replies to their
    comment, every comment on a post, or every new post. The address is never shown."""

    __table_args__ = (sa.Index("ix_subscription_email", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[SubscriptionKind] = mapped_column(_enum_column(SubscriptionKind))
    # The post whose comments it follows (None for a follower of the whole blog).
    post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))
    # The reader's own comment: replies to it (REPLIES), and never a notice about it.
    comment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("comment.id", ondelete="CASCADE"))
    state: Mapped[SubscriptionState] = mapped_column(
        _enum_column(SubscriptionState), default=SubscriptionState.WAITING)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Comments approved (posts published) up to this moment have been told, or came first.
    notified_upto: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The blog's address as the reader saw it, for the links in mail sent from no request.
    site_url: Mapped[str] = mapped_column(sa.String(300))
    # The reader's address (IP) that asked, for the limit on requests from one place.
    requested_from: Mapped[str] = mapped_column(sa.String(64), default="")

    post: Mapped[Post | None] = relationship()


class StatDay(db.Model):
    """What readers did on one day of the blog's calendar (``blog.stats``): counts only,
    one row a day. Views and visitors are counted when a browser loads the page's
    counting stylesheet; requests for pages, when the page is asked for."""

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    views: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    visitors: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    page_requests: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Page requests whose User-Agent says it is a crawler (or says nothing).
    crawler_requests: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    feed_fetches: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    # Distinct fetchers of the feeds that report no subscriber count of their own.
    feed_readers: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class StatPage(db.Model):
    """Views and visitors of one page (its address) on one day."""

    __table_args__ = (
        sa.UniqueConstraint("day", "path"),
        # Both cover the dashboard's sums without reading the rows: a period's top posts,
        # and each post's views of all time.
        sa.Index("ix_stat_page_day_post_views", "day", "post_id", "views"),
        sa.Index("ix_stat_page_post_views", "post_id", "views"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date)
    path: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(16))  # post, page, home, archive, label, search
    post_id: Mapped[int | None] = mapped_column(sa.ForeignKey("post.id", ondelete="SET NULL"))
    views: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    visitors: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class StatReferrer(db.Model):
    """Page requests from one other site (its host, or a search engine's name, or
    "direct") on one day."""

    __table_args__ = (sa.UniqueConstraint("day", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    source: Mapped[str] = mapped_column(sa.String(255))
    views: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class StatSearch(db.Model):
    """How often one term was searched for with the blog's search box on one day."""

    __table_args__ = (sa.UniqueConstraint("day", "term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    term: Mapped[str] = mapped_column(sa.String(100))
    searches: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class StatFeedReader(db.Model):
    """A feed service that reports its subscribers in its User-Agent ("Feedly", "123
    subscribers"): the most it reported on one day."""

    __table_args__ = (sa.UniqueConstraint("day", "fetcher"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(sa.Date, index=True)
    fetcher: Mapped[str] = mapped_column(sa.String(64))
    subscribers: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    fetches: Mapped[int] = mapped_column(sa.BigInteger, default=0)


class StatLogPosition(db.Model):
    """How far ``flask stats ingest`` has read a web server's access log (one row a log):
    written in the same transaction as the counts from the lines before that point, so no
    line is counted twice or lost."""

    log_name: Mapped[str] = mapped_column(sa.String(300), primary_key=True)  # host:path
    file_id: Mapped[str] = mapped_column(sa.String(60))  # device:inode of the file read
    read_to: Mapped[int] = mapped_column(sa.BigInteger)  # bytes read, up to a line's end
    head: Mapped[str] = mapped_column(sa.String(64))  # SHA-256 of its first line ("" if none)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatMark(db.Model):
    """A visitor seen on a day, so a second view that day is not a second visitor: a
    keyed hash of the address and User-Agent under that day's key, which is derived and
    never stored. Deleted once the day is over (``blog.stats.visitors``)."""

    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    # A page's path; "*" for the whole blog; "feed" for the feeds.
    scope: Mapped[str] = mapped_column(sa.String(300), primary_key=True)
    mark: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
