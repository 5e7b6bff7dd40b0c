"""Reading a Blogger export: the classic "Back up content" Atom file, and the feed.atom of
a Google Takeout. Notes on both formats: shared/formats/blogger-and-wordpress.md.

Namespaces are matched by URI, never by prefix (and http or https, or AtomPub's
newer URI for app:, all read alike). Settings and template entries are skipped; pages
(/p/slug.html) become pages, their old address kept for a redirect.
"""

import re
from datetime import datetime
from urllib.parse import unquote, urlsplit

from flask_babel import gettext as _

from blog.models import CommentStatus, PostKind, PostStatus
from blog.transfer.common import (
    ImportedComment,
    ImportedPost,
    ImportFailed,
    ParsedExport,
    html_comment_text,
    is_removed_text,
    parse_time,
    reading,
)
from blog.transfer.titles import title_from_body
from blog.transfer.xmlfile import canonical_namespaces, read_xml
from blog.utils.database import utcnow

ATOM = "{http://www.w3.org/2005/Atom}"
APP = "{http://purl.org/atom/app#}"
THR = "{http://purl.org/syndication/thread/1.0}"
GD = "{http://schemas.google.com/g/2005}"
TAKEOUT = "{http://schemas.google.com/blogger/2018}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
# Each namespace as the reader spells it, and every spelling met in real files.
_SPELLINGS = {
    "http://www.w3.org/2005/Atom": re.compile(r"https?://www\.w3\.org/2005/Atom/?"),
    "http://purl.org/atom/app#": re.compile(
        r"https?://purl\.org/atom/app#?|https?://www\.w3\.org/2007/app/?"),
    "http://purl.org/syndication/thread/1.0": re.compile(
        r"https?://purl\.org/syndication/thread/1\.0/?"),
    "http://schemas.google.com/g/2005": re.compile(r"https?://schemas\.google\.com/g/2005/?"),
    "http://schemas.google.com/blogger/2018": re.compile(
        r"https?://schemas\.google\.com/blogger/2018/?"),
}

# Blogger marks the "Read more" break with an empty anchor.
_JUMP_BREAK = re.compile(r'<a\s+name\s*=\s*["\']more["\']\s*>\s*</a>', re.IGNORECASE)


def read_blogger(path: str) -> ParsedExport:
    """Parse a Blogger export file of either kind."""
    root, repairs = read_xml(path, "Blogger")
    canonical_namespaces(root, _SPELLINGS)
    if root.tag != f"{ATOM}feed":
        raise ImportFailed(_("%(path)s is not a Blogger export: it is not an Atom feed.",
                             path=path))
    entries = root.findall(f"{ATOM}entry")
    if any(entry.find(f"{TAKEOUT}type") is not None for entry in entries):
        parsed = _read_takeout(entries, path)
    else:
        parsed = _read_classic(entries, path)
    parsed.repairs = repairs
    # The blog's own address (a custom domain, say), whose images are its own too.
    parsed.site_hosts = {urlsplit(link.get("href", "")).hostname or ""
                         for link in root.findall(f"{ATOM}link") if link.get("rel") == "alternate"}
    return parsed


def _where(number: int, entry, path: str) -> str:
    """Entry NUMBER of the file, named by its id (or its title, if it has none)."""
    name = _text(entry, f"{ATOM}id") or repr(_text(entry, f"{ATOM}title") or _("Untitled"))
    return reading(_("entry %(number)s (%(name)s) of %(path)s", number=number, name=name,
                     path=path))


def _text(element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _entry_id(entry, where: str) -> str:
    entry_id = _text(entry, f"{ATOM}id")
    if not entry_id:
        raise ImportFailed(_("%(where)s has no <id>.", where=where))
    return entry_id


def _author_uri(entry) -> str:
    author = entry.find(f"{ATOM}author")
    return _text(author, f"{ATOM}uri") if author is not None else ""


def _commenter(entry) -> tuple[str, str, str]:
    """(name, website, uri) of a comment's author; Blogger's "Anonymous" has no name,
    and a Blogger profile address is not the commenter's website."""
    author = entry.find(f"{ATOM}author")
    name = _text(author, f"{ATOM}name") if author is not None else ""
    uri = _author_uri(entry)
    is_site = uri.startswith(("http://", "https://")) and "blogger.com/profile/" not in uri
    return ("" if name == "Anonymous" else name), (uri if is_site else ""), uri


def _permalink_parts(url: str) -> tuple[str, str]:
    """(path, slug) of a Blogger permalink such as /2020/02/some-title.html."""
    path = urlsplit(url).path
    slug = unquote(path.rsplit("/", 1)[-1]).removesuffix(".html")
    return path, slug


def _blog_of(entry_id: str) -> str:
    """``tag:blogger.com,1999:blog-ID`` of a post's or page's id (comments are
    ``….post-N`` in it, whichever they answer)."""
    return re.sub(r"\.(post|page)-\d+$", "", entry_id)


def _post_html(content: str) -> str:
    return _JUMP_BREAK.sub("<!--more-->", content)


def _status(draft: bool, published: datetime) -> PostStatus:
    if draft:
        return PostStatus.DRAFT
    return PostStatus.SCHEDULED if published > utcnow() else PostStatus.PUBLISHED


def _imported_post(entry, where: str, *, draft: bool, published: datetime, labels: list[str],
                   slug: str, old_paths: list[str], trashed: bool = False,
                   kind: PostKind = PostKind.POST) -> ImportedPost:
    """The parts of a post entry both Blogger formats write the same way."""
    updated = _text(entry, f"{ATOM}updated") or published.isoformat()
    # A post may have no <content> at all: it comes in empty.
    body = _post_html(_text(entry, f"{ATOM}content"))
    return ImportedPost(
        source_id=_entry_id(entry, where),
        title=_text(entry, f"{ATOM}title") or title_from_body(body),
        html=body,
        labels=labels,
        published_at=None if draft else published,
        updated_at=parse_time(updated, where),
        status=_status(draft, published),
        slug=slug,
        old_paths=old_paths,
        trashed=trashed,
        kind=kind,
    )


def _read_classic(entries, path: str) -> ParsedExport:
    parsed = ParsedExport()
    blog_author_uris: set[str] = set()
    comment_entries = []
    for number, entry in enumerate(entries, start=1):
        where = _where(number, entry, path)
        kind = next(
            (c.get("term", "").removeprefix(KIND_PREFIX) for c in entry.findall(f"{ATOM}category")
             if c.get("scheme") == KIND_SCHEME),
            None,
        )
        if kind in ("settings", "template"):
            continue
        if kind == "comment":
            comment_entries.append((entry, where))
            continue
        if kind not in ("post", "page"):
            parsed.skipped.append(
                (where, _("unknown kind of entry (%(kind)s)", kind=kind or _("none"))))
            continue
        control = entry.find(f"{APP}control")
        draft = control is not None and _text(control, f"{APP}draft") == "yes"
        published = parse_time(
            _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated"), where
        )
        alternate = next(
            (link.get("href", "") for link in entry.findall(f"{ATOM}link")
             if link.get("rel") == "alternate"),
            "",
        )
        old_path, slug = _permalink_parts(alternate) if alternate else ("", "")
        if _author_uri(entry):
            blog_author_uris.add(_author_uri(entry))
        labels = [c.get("term", "") for c in entry.findall(f"{ATOM}category")
                  if c.get("scheme") == LABEL_SCHEME]
        parsed.posts.append(
            _imported_post(entry, where, draft=draft, published=published, labels=labels,
                           slug=slug, old_paths=[old_path] if old_path else [],
                           kind=PostKind.PAGE if kind == "page" else PostKind.POST)
        )
    for entry, where in comment_entries:
        if entry.find(f"{THR}in-reply-to") is None:
            parsed.skipped.append(
                (where, _("comments that name no post (no thr:in-reply-to)")))
            continue
        parsed.comments.append(_classic_comment(entry, reading(where), blog_author_uris))
    return parsed


def _classic_comment(entry, where: str, blog_author_uris: set[str]) -> ImportedComment:
    reply_to = entry.find(f"{THR}in-reply-to")
    if reply_to is None:
        raise ImportFailed(_("%(where)s is a comment without <thr:in-reply-to>.", where=where))
    post_source = reply_to.get("ref") or ""
    if not post_source:
        # Older files: the post's API address ends in its number.
        number = (reply_to.get("source") or "").rstrip("/").rsplit("/", 1)[-1]
        blog_prefix = _entry_id(entry, where).rsplit(".post-", 1)[0]
        post_source = f"{blog_prefix}.post-{number}"
    parent = None
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == "related":
            parent_number = link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
            parent = f"{_blog_of(post_source)}.post-{parent_number}"
    name, website, uri = _commenter(entry)
    content = _text(entry, f"{ATOM}content")
    removed = is_removed_text(html_comment_text(content)) or any(
        prop.get("name") == "blogger.contentRemoved" and prop.get("value") == "true"
        for prop in entry.findall(f"{GD}extendedProperty")
    )
    return ImportedComment(
        source_id=_entry_id(entry, where),
        post_source_id=post_source,
        parent_source_id=parent,
        name=name,
        website=website,
        text=html_comment_text(content),
        created_at=parse_time(_text(entry, f"{ATOM}published"), where),
        status=CommentStatus.REMOVED if removed else CommentStatus.APPROVED,
        by_blog_author=bool(uri) and uri in blog_author_uris,
    )


def _read_takeout(entries, path: str) -> ParsedExport:
    parsed = ParsedExport()
    blog_author_uris: set[str] = set()
    comment_entries = []
    for number, entry in enumerate(entries, start=1):
        where = _where(number, entry, path)
        kind = _text(entry, f"{TAKEOUT}type").upper()
        status = _text(entry, f"{TAKEOUT}status").upper() or "LIVE"
        if kind == "COMMENT":
            comment_entries.append((entry, where, status))
            continue
        if kind not in ("POST", "PAGE"):
            parsed.skipped.append(
                (where, _("unknown kind of entry (%(kind)s)", kind=kind or _("none"))))
            continue
        published = parse_time(
            _text(entry, f"{ATOM}published") or _text(entry, f"{TAKEOUT}created")
            or _text(entry, f"{ATOM}updated"), where
        )
        filename = _text(entry, f"{TAKEOUT}filename")
        old_path, slug = _permalink_parts(filename) if filename else ("", "")
        if _author_uri(entry):
            blog_author_uris.add(_author_uri(entry))
        draft = status == "DRAFT"
        labels = [c.get("term", "") for c in entry.findall(f"{ATOM}category") if c.get("term")]
        parsed.posts.append(
            _imported_post(entry, where, draft=draft, published=published, labels=labels,
                           slug=slug, old_paths=[old_path] if old_path and not draft else [],
                           trashed=status == "SOFT_TRASHED",
                           kind=PostKind.PAGE if kind == "PAGE" else PostKind.POST)
        )
    for entry, where, status in comment_entries:
        reading(where)
        name, website, uri = _commenter(entry)
        content = _text(entry, f"{ATOM}content")
        parent_number = _text(entry, f"{TAKEOUT}inReplyTo")
        post_source = _text(entry, f"{TAKEOUT}parent")
        if status not in ("LIVE", ""):
            parsed.skipped.append(
                (_entry_id(entry, where), _("comment status %(status)s", status=status)))
            continue
        parsed.comments.append(
            ImportedComment(
                source_id=_entry_id(entry, where),
                post_source_id=post_source,
                parent_source_id=(
                    f"{_blog_of(post_source)}.post-{parent_number}"
                    if parent_number and not parent_number.startswith("tag:")
                    else parent_number or None
                ),
                name=name,
                website=website,
                text=html_comment_text(content),
                created_at=parse_time(
                    _text(entry, f"{ATOM}published") or _text(entry, f"{TAKEOUT}created"), where
                ),
                status=(CommentStatus.REMOVED if is_removed_text(html_comment_text(content))
                        else CommentStatus.APPROVED),
                by_blog_author=bool(uri) and uri in blog_author_uris,
            )
        )
    return parsed
