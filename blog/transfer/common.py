"""What every importer shares: the records it produces, and writing them to the blog.

An importer only parses: it turns a file into ImportedPost/ImportedComment records and
a list of skipped items. ``save_import`` then writes them in the caller's transaction,
skipping anything whose source id is already in the blog, so importing a file twice
adds nothing the second time.
"""

import html
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm.attributes import flag_modified

from blog.comments.moderation import REMOVED_TEXT
from blog.extensions import db
from blog.i18n import number
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
)
from blog.posts.publishing import labels_named, render_body, settle_slug
from blog.posts.slugs import slug_from_title
from blog.utils.database import utcnow


class ImportFailed(Exception):
    """The file cannot be imported; the message says where and why."""


_item = ContextVar("item_being_imported", default="")


def reading(where: str) -> str:
    """Mark ``where`` (an item, by number and title or id) as the one being read or
    written now, so an error nobody foresaw can still name it; returns ``where``."""
    _item.set(where)
    return where


def item_being_read() -> str:
    return _item.get()


@dataclass
class ImportedComment:
    source_id: str
    post_source_id: str
    parent_source_id: str | None
    name: str
    website: str
    text: str  # plain text
    created_at: datetime
    status: CommentStatus
    by_blog_author: bool = False


@dataclass
class ImportedPost:
    source_id: str
    title: str
    html: str
    labels: list[str]
    published_at: datetime | None  # None for a draft never published
    updated_at: datetime
    status: PostStatus
    slug: str = ""
    old_paths: list[str] = field(default_factory=list)
    trashed: bool = False
    kind: PostKind = PostKind.POST


@dataclass
class ParsedExport:
    posts: list[ImportedPost] = field(default_factory=list)
    comments: list[ImportedComment] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, why)
    # (title, what became of it), for items that came in other than as they were.
    notes: list[tuple[str, str]] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # what was mended in the file
    # The old blog's own host names, whose images --fetch-images brings home.
    site_hosts: set[str] = field(default_factory=set)


def named_reasons() -> set[str]:
    """Reasons for skipping whose items the summary names (they are titles, worth
    checking), as the importer wrote them."""
    return {_("items sharing an id with an earlier, different item in the file"),
            _("comments on an item skipped for sharing its id")}


@dataclass
class ImportSummary:
    posts: int = 0
    drafts: int = 0
    pages: int = 0
    page_drafts: int = 0
    comments: int = 0
    labels: int = 0
    already_there: int = 0
    in_file_twice: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # sentences of their own

    def lines(self) -> list[str]:
        counted = {
            "posts": ngettext("%(count)s post (%(drafts)s of them drafts)",
                              "%(count)s posts (%(drafts)s of them drafts)", self.posts,
                              count=number(self.posts), drafts=number(self.drafts)),
            "comments": ngettext("%(count)s comment", "%(count)s comments", self.comments,
                                 count=number(self.comments)),
            "labels": ngettext("%(count)s new label", "%(count)s new labels", self.labels,
                               count=number(self.labels)),
        }
        if self.page_drafts:
            counted["pages"] = ngettext(
                "%(count)s page (%(drafts)s of them drafts)",
                "%(count)s pages (%(drafts)s of them drafts)", self.pages,
                count=number(self.pages), drafts=number(self.page_drafts))
        elif self.pages:
            counted["pages"] = ngettext("%(count)s page", "%(count)s pages", self.pages,
                                        count=number(self.pages))
        if "pages" in counted:
            lines = [_("Imported %(posts)s, %(pages)s, %(comments)s and %(labels)s.",
                       **counted)]
        else:
            lines = [_("Imported %(posts)s, %(comments)s and %(labels)s.", **counted)]
        if self.already_there:
            lines.append(ngettext(
                "%(count)s item was already in the blog and was left as it is.",
                "%(count)s items were already in the blog and were left as they are.",
                self.already_there, count=number(self.already_there)))
        if self.in_file_twice:
            lines.append(ngettext(
                "%(count)s item was already in the file (the same item twice) and came in once.",
                "%(count)s items were already in the file (the same item twice) and came in "
                "once.", self.in_file_twice, count=number(self.in_file_twice)))
        for note, names in _grouped(self.notes).items():
            lines.append(_("%(note)s: %(count)s (%(titles)s).", note=note,
                           count=number(len(names)), titles=_listed(names)))
        named = named_reasons()
        for why, whats in sorted(_grouped(self.skipped).items()):
            if why in named:
                lines.append(_("Skipped %(count)s: %(why)s (%(titles)s).",
                               count=number(len(whats)), why=why, titles=_listed(whats)))
            else:
                lines.append(_("Skipped %(count)s: %(why)s.", count=number(len(whats)),
                               why=why))
        return lines + self.remarks


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """(what, why) pairs as {why: [what, ...]}, in the order each reason first came."""
    groups: dict[str, list[str]] = {}
    for what, why in pairs:
        groups.setdefault(why, []).append(what)
    return groups


def _listed(titles: list[str], most: int = 3) -> str:
    shown = ", ".join(f"'{title or _('Untitled')}'" for title in titles[:most])
    if len(titles) <= most:
        return shown
    return _("%(titles)s and %(count)s more", titles=shown, count=number(len(titles) - most))


def parse_xml(path: str, kind: str = "blog"):
    """The XML document at ``path``, parsed safely (no DTDs, no entity expansion), and
    repaired if it is almost XML (see blog.transfer.xmlfile).

    :raise ImportFailed: naming the line and column where a broken or cut-off file fails.
    """
    from blog.transfer.xmlfile import read_xml

    return read_xml(path, kind)[0]


def parse_time(text: str | None, where: str) -> datetime:
    """An RFC 3339 time with its offset (or Z), as aware UTC."""
    if not text:
        raise ImportFailed(_("%(where)s has no date.", where=where))
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise ImportFailed(_("%(where)s has a date that cannot be read: %(text)s.", where=where,
                             text=repr(text))) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


_BREAKS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_BLOCK_ENDS = re.compile(r"</(p|div|li|blockquote|h[1-6])\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def html_comment_text(fragment: str) -> str:
    """A comment written in HTML as the plain text this blog keeps: line breaks and
    paragraphs survive, links survive as their addresses, tags go."""
    fragment = re.sub(
        r'<a\b[^>]*href="([^"]*)"[^>]*>(.*?)</a>',
        lambda m: m[2] if _TAGS.sub("", m[2]).strip() == m[1] else f"{m[2]} ({m[1]})",
        fragment,
        flags=re.IGNORECASE | re.DOTALL,
    )
    text = _BLOCK_ENDS.sub("\n\n", _BREAKS.sub("\n", fragment))
    text = html.unescape(_TAGS.sub("", text))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Posts are written this many at a time, then let go of, so a blog of tens of thousands
# of posts imports in bounded memory (still in the caller's one transaction).
POST_BATCH = 200
COMMENT_BATCH = 2000


def save_import(
    parsed: ParsedExport,
    author: Author,
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> ImportSummary:
    """Write the parsed posts and comments into the blog (uncommitted).

    An item that appears twice in the file comes in once; of two different items that
    share an id, the first comes in and the second is skipped and named. Of two posts
    claiming one old address, the first keeps it, and the summary says so. Posts are
    written POST_BATCH at a time and let go of, comments inserted in bulk, so a blog of
    ten thousand posts imports in bounded memory.
    """
    summary = ImportSummary(
        skipped=list(parsed.skipped), notes=list(parsed.notes), remarks=list(parsed.repairs)
    )
    known_posts = set(
        db.session.scalars(sa.select(Post.source_id).where(Post.source_id.is_not(None)))
    )
    known_comments = set(
        db.session.scalars(sa.select(Comment.source_id).where(Comment.source_id.is_not(None)))
    )
    labels_before = set(db.session.scalars(sa.select(Label.name)))
    addresses = _Addresses(summary)
    author_id, author_name = author.id, author.display_name
    post_ids: dict[str, int] = {}
    batch: list[tuple[str, Post]] = []
    for item in progress(once_each(parsed.posts, summary, post_fingerprint)):
        reading(_("the item '%(title)s' (%(id)s)", title=item.title or _("Untitled"),
                  id=item.source_id))
        if item.source_id in known_posts:
            summary.already_there += 1
            continue
        post = _save_post(item, author_id)
        addresses.claim(post, item.old_paths)
        batch.append((item.source_id, post))
        draft = item.status == PostStatus.DRAFT
        if item.kind == PostKind.PAGE:
            summary.pages += 1
            summary.page_drafts += draft
        else:
            summary.posts += 1
            summary.drafts += draft
        if len(batch) >= POST_BATCH:
            _write_posts(batch, post_ids)
    _write_posts(batch, post_ids)
    comments = once_each(parsed.comments, summary, _comment_fingerprint)
    if comments:
        _save_comments(comments, (author_id, author_name), post_ids, known_comments, summary)
    labels_after = set(db.session.scalars(sa.select(Label.name)))
    summary.labels = len(labels_after - labels_before)
    return summary


def _key(source_id: str) -> str:
    return source_id[:255]  # the column's width


def post_fingerprint(item: ImportedPost) -> tuple:
    return (item.title, item.html, item.published_at, item.status, item.kind)


def _comment_fingerprint(item: ImportedComment) -> tuple:
    return (item.post_source_id, item.name, item.text, item.created_at)


def once_each(items: list, summary: ImportSummary, fingerprint: Callable) -> list:
    """``items`` with each source id once: a repeat that is the same item is counted
    as such, one that is a different item is skipped (and named, if it is a post)."""
    first: dict[str, object] = {}
    kept = []
    for item in items:
        item.source_id = _key(item.source_id)
        seen = first.get(item.source_id)
        if seen is None:
            first[item.source_id] = item
            kept.append(item)
        elif fingerprint(seen) == fingerprint(item):
            summary.in_file_twice += 1
        elif isinstance(item, ImportedPost):
            summary.skipped.append(
                (item.title, _("items sharing an id with an earlier, different item in the file"))
            )
        else:
            summary.skipped.append(
                (item.source_id, _("comments sharing an id with an earlier, different comment"))
            )
    return kept


class _Addresses:
    """Old addresses (LegacyRedirect paths) as posts claim them: each leads to one post,
    the first that claims it, whether already in the blog or earlier in the file."""

    def __init__(self, summary: ImportSummary):
        self.summary = summary
        self.taken = {
            path: title for path, title in db.session.execute(
                sa.select(LegacyRedirect.path, Post.title).join(LegacyRedirect.post)
            )
        }

    def claim(self, post: Post, paths: list[str]) -> None:
        for path in dict.fromkeys(path[:500] for path in paths):
            holder = self.taken.get(path)
            if holder is not None:
                self.summary.remarks.append(
                    _("The old address %(path)s is claimed by more than one post: it leads "
                      "to '%(holder)s', not to '%(title)s'.", path=path,
                      holder=holder or _("Untitled"), title=post.title)
                )
                continue
            self.taken[path] = post.title
            post_redirect = LegacyRedirect(path=path)
            post_redirect.post = post
            db.session.add(post_redirect)


def _write_posts(batch: list[tuple[str, Post]], post_ids: dict[str, int]) -> None:
    """Flush a batch of new posts, note their ids, and let the session forget them."""
    db.session.flush()
    post_ids.update((source_id, post.id) for source_id, post in batch)
    batch.clear()
    # Loaded collections (a label's posts) would keep every post alive until the end.
    db.session.expire_all()


def _save_post(item: ImportedPost, author_id: int) -> Post:
    post = Post(
        author_id=author_id,
        title=(item.title or "Untitled")[:300],
        body=item.html,
        body_format="html",
        source_id=item.source_id,
        status=item.status,
        published_at=item.published_at,
        created_at=item.published_at or item.updated_at,
        updated_at=item.updated_at,
        deleted_at=utcnow() if item.trashed else None,
        kind=item.kind,
        # A page comes in out of the navigation, with its comments closed unless it has
        # some; the author places it and opens it in the dashboard.
        comment_mode=None if item.kind == PostKind.POST else CommentMode.CLOSED,
    )
    db.session.add(post)
    render_body(post)
    post.labels = labels_named(item.labels)
    settle_slug(post, item.slug or slug_from_title(post.title))
    return post


def _save_comments(comments, author, post_ids, known, summary) -> None:
    """Insert the comments in bulk, then thread them: parents may come after their
    replies in the file, or be in the blog already from an earlier import."""
    author_id, author_name = author
    wanted = {_key(c.post_source_id) for c in comments} - post_ids.keys()
    wanted |= {other for source in wanted if (other := page_twin(source))}
    existing_posts = dict(
        db.session.execute(
            sa.select(Post.source_id, Post.id).where(Post.source_id.in_(wanted))
        ).all()
    ) if wanted else {}
    rows, threaded, commented = [], [], None
    for item in comments:
        reading(_("the comment %(id)s", id=item.source_id))
        if item.source_id in known:
            summary.already_there += 1
            continue
        post_id = _commented_post(_key(item.post_source_id), post_ids, existing_posts)
        if post_id is None:
            summary.skipped.append(
                (item.source_id, _("comments on a post that is not in the file")))
            continue
        removed = item.status == CommentStatus.REMOVED
        rows.append({
            "post_id": post_id,
            "author_id": author_id if item.by_blog_author else None,
            "name": (author_name if item.by_blog_author else item.name)[:80],
            "website": item.website if len(item.website) <= 500 else "",
            "body": "" if removed else item.text,
            "body_html": "" if removed else comment_to_html(item.text),
            "status": item.status,
            "created_at": item.created_at,
            "source_id": item.source_id,
        })
        if item.parent_source_id:
            threaded.append((item.source_id, _key(item.parent_source_id), post_id,
                             item.name or _("Anonymous")))
        summary.comments += 1
        commented = post_id
        if len(rows) >= COMMENT_BATCH:
            db.session.execute(sa.insert(Comment), rows)
            rows = []
    if rows:
        db.session.execute(sa.insert(Comment), rows)
    _thread(threaded, summary)
    if commented is not None:
        _note_new_comments(commented)


def _note_new_comments(post_id: int) -> None:
    """Comments went in by Core statements, which the session listeners do not see:
    a flush that touches one of their posts raises the site version, so no cached page
    stays as it was (comments are in neither the search index nor the counts)."""
    post = db.session.get(Post, post_id)
    flag_modified(post, "updated_at")
    db.session.flush()


def _thread(threaded: list[tuple[str, str, int, str]], summary: ImportSummary) -> None:
    """Link each reply (by source id) to its parent, wherever the parent came from. A
    reply whose parent is not in the file (nor in the blog), is under another post, or
    would close a loop, stands at the top level, and the summary says so."""
    names = list({name for reply, parent, __, ___ in threaded for name in (reply, parent)})
    rows: dict[str, tuple[int, int]] = {}
    for start in range(0, len(names), 500):
        rows.update((source_id, (comment_id, post_id)) for source_id, comment_id, post_id
                    in db.session.execute(
                        sa.select(Comment.source_id, Comment.id, Comment.post_id)
                        .where(Comment.source_id.in_(names[start:start + 500]))))
    parents: dict[int, int] = {}
    links = []
    for reply, parent, post_id, name in threaded:
        if reply not in rows:
            continue
        found = rows.get(parent)
        if found is None or found[1] != post_id:
            summary.notes.append(
                (name, _("Replies to a comment not in the file, placed at the top level")))
        elif _closes_loop(rows[reply][0], found[0], parents):
            summary.notes.append(
                (name, _("Replies in a loop of replies (a broken file), placed at the top "
                         "level")))
        else:
            parents[rows[reply][0]] = found[0]
            links.append({"id": rows[reply][0], "parent_id": found[0]})
    for start in range(0, len(links), COMMENT_BATCH):
        db.session.execute(sa.update(Comment), links[start:start + COMMENT_BATCH])


def _closes_loop(comment: int, parent: int | None, parents: dict[int, int]) -> bool:
    seen = {comment}
    while parent is not None:
        if parent in seen:
            return True
        seen.add(parent)
        parent = parents.get(parent)
    return False


_BLOGGER_ENTRY = re.compile(r"^(?P<blog>.*)\.(?P<kind>post|page)-(?P<number>\d+)$")


def page_twin(source_id: str) -> str | None:
    """The other name of a Blogger entry number: a comment on a page names it
    ``…post-N`` while the page itself is ``…page-N``, and the other way round."""
    match = _BLOGGER_ENTRY.match(source_id)
    if match is None:
        return None
    other = "page" if match["kind"] == "post" else "post"
    return f"{match['blog']}.{other}-{match['number']}"


def _commented_post(source_id: str, *known: dict[str, int]) -> int | None:
    for name in (source_id, page_twin(source_id)):
        for posts in known:
            if name and name in posts:
                return posts[name]
    return None


def is_removed_text(text: str) -> bool:
    return text.strip().startswith("This comment has been removed") or text.strip() == REMOVED_TEXT
