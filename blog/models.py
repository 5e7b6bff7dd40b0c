"""The content model: one Author, their Posts with Labels, and readers' Comments."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from blog.database import UTCDateTime, utcnow
from blog.extensions import db, login_manager


class PostStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class CommentStatus(enum.StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    SPAM = "spam"


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


class Author(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    posts: Mapped[list["Post"]] = relationship(back_populates="author")

    def set_password(self, password: str) -> None:
        # Werkzeug's default is scrypt with a random salt.
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Author {self.username!r}>"


@login_manager.user_loader
def load_author(author_id: str) -> Author | None:
    try:
        return db.session.get(Author, int(author_id))
    except ValueError:
        return None


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

    posts: Mapped[list["Post"]] = relationship(
        secondary=post_labels, back_populates="labels"
    )

    def __repr__(self) -> str:
        return f"<Label {self.name!r}>"


class Post(db.Model):
    __table_args__ = (
        # Readers' pages list visible posts newest first; this index serves them.
        sa.Index("ix_post_status_published_at", "status", "published_at"),
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

    def is_visible(self, now: datetime) -> bool:
        """Whether readers can see the post at ``now`` (published, and due)."""
        return (
            self.status != PostStatus.DRAFT
            and self.published_at is not None
            and self.published_at <= now
        )

    @classmethod
    def visible_clause(cls, now: datetime) -> sa.ColumnElement[bool]:
        """The SQL twin of ``is_visible``; scheduled posts turn visible when due."""
        return sa.and_(cls.status != PostStatus.DRAFT, cls.published_at <= now)

    def __repr__(self) -> str:
        return f"<Post {self.slug!r}>"


class SlugRedirect(db.Model):
    """An address a post used to have; readers arriving there are sent on (301)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(200), unique=True)
    post_id: Mapped[int] = mapped_column(sa.ForeignKey("post.id", ondelete="CASCADE"))

    post: Mapped[Post] = relationship(back_populates="old_slugs")


class Comment(db.Model):
    __table_args__ = (
        sa.Index("ix_comment_post_id_status", "post_id", "status"),
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
    status: Mapped[CommentStatus] = mapped_column(
        _enum_column(CommentStatus), default=CommentStatus.PENDING
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="comments")
    parent: Mapped["Comment | None"] = relationship(
        remote_side=[id], back_populates="replies"
    )
    replies: Mapped[list["Comment"]] = relationship(back_populates="parent")
    author: Mapped[Author | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.name.strip() or "Anonymous"
