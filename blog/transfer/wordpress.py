"""Reading a WordPress WXR export (versions 1.0 to 1.2; matched by namespace URI).

Posts become posts and pages pages (a child page's slug has its parents' in front),
categories and tags become labels, comments keep their approval status (spam stays spam,
pending stays pending, trashed and pingbacks are skipped), and each post's old address is
kept.
"""

import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from blog.models import CommentStatus, PostKind, PostStatus
from blog.transfer.common import (
    ImportedComment,
    ImportedPost,
    ImportFailed,
    ParsedExport,
    html_comment_text,
    parse_xml,
)
from blog.transfer.wordpress_content import read_attachments, repair_content, slug_of

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_WP_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/1\.[012]/\}")

_POST_STATUS = {
    "publish": PostStatus.PUBLISHED,
    "future": PostStatus.SCHEDULED,
    "draft": PostStatus.DRAFT,
    "pending": PostStatus.DRAFT,
    "private": PostStatus.DRAFT,
    "trash": PostStatus.DRAFT,
}
_COMMENT_STATUS = {"1": CommentStatus.APPROVED, "0": CommentStatus.PENDING,
                   "spam": CommentStatus.SPAM}


def _wp(element, name: str) -> str:
    """The text of the wp:NAME child, whatever WXR version's namespace it is in."""
    for child in element:
        if _WP_NAMESPACE.sub("", child.tag) == name and child.tag != name:
            return (child.text or "").strip()
    return ""


def _wp_children(element, name: str) -> list:
    return [child for child in element if _WP_NAMESPACE.sub("", child.tag) == name
            and child.tag != name]


def _wp_time(gmt: str, local: str, zone: ZoneInfo, where: str) -> datetime | None:
    """WordPress keeps "YYYY-MM-DD HH:MM:SS" in UTC and in local time (drafts: no UTC)."""
    for text, tz in ((gmt, UTC), (local, zone)):
        if text and not text.startswith("0000"):
            try:
                moment = datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
                return moment.replace(tzinfo=tz).astimezone(UTC)
            except ValueError as error:
                raise ImportFailed(f"{where} has a date that cannot be read: {text!r}.") from error
    return None


def autop(content: str) -> str:
    """WordPress stores paragraphs as blank lines; give them their <p> back."""
    # Gutenberg's block markers are comments; the <!--more--> break is kept.
    content = re.sub(r"<!--\s*/?wp:.*?-->", "", content, flags=re.DOTALL)
    if re.search(r"<p[\s>]", content, re.IGNORECASE):
        return content
    blocks = [block.strip() for block in re.split(r"\n\s*\n", content) if block.strip()]
    return "\n".join(
        block if re.match(r"<(h[1-6]|ul|ol|blockquote|table|pre|div|figure)", block)
        else "<p>" + block.replace("\n", "<br>\n") + "</p>"
        for block in blocks
    )


def read_wordpress(path: str, zone: ZoneInfo) -> ParsedExport:
    root = parse_xml(path)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not _wp(channel, "wxr_version"):
        raise ImportFailed(f"{path} is not a WordPress export (no <wp:wxr_version>).")
    base = _wp(channel, "base_site_url") or "wordpress"
    parsed = ParsedExport()
    # WordPress user ids to logins, to tell the post's author's replies from readers'.
    logins = {_wp(a, "author_id"): _wp(a, "author_login") for a in _wp_children(channel, "author")}
    items = channel.findall("item")
    page_slugs = _page_slugs(items)
    attachments = read_attachments(items, _wp)
    parsed.site_hosts = {urlsplit(address).hostname or "" for address in (
        base, _wp(channel, "base_blog_url"), channel.findtext("link") or "")}
    for number, item in enumerate(items, start=1):
        where = f"item {number} of {path}"
        kind = _wp(item, "post_type")
        title = (item.findtext("title") or "").strip()
        if kind not in ("post", "page"):
            continue  # attachments, menu items and other WordPress records
        status = _wp(item, "status")
        if status not in _POST_STATUS:
            parsed.skipped.append((title, f"post status {status or 'missing'}"))
            continue
        post_id = _wp(item, "post_id")
        source_id = f"{base}#post-{post_id}"
        published = _wp_time(_wp(item, "post_date_gmt"), _wp(item, "post_date"), zone, where)
        modified = _wp_time(_wp(item, "post_modified_gmt"), _wp(item, "post_modified"), zone,
                            where)
        draft = _POST_STATUS[status] == PostStatus.DRAFT
        if published is None and not draft:
            # A page written by hand or an old plugin may carry no date: it has been up
            # since its last change, as far as anyone can tell.
            published = modified or datetime.now(UTC)
        link = (item.findtext("link") or "").strip()
        old_paths = []
        if link and status in ("publish", "future"):
            parts = urlsplit(link)
            # Kept as the blog receives it: Arabic slugs decoded, not as %d8%a7….
            old_paths.append(unquote(parts.path) + (f"?{parts.query}" if parts.query else ""))
        if post_id:
            old_paths.append(f"/?page_id={post_id}" if kind == "page" else f"/?p={post_id}")
        parsed.posts.append(
            ImportedPost(
                source_id=source_id,
                title=title,
                html=autop(repair_content(item.findtext(CONTENT) or "", post_id, attachments)),
                labels=[(category.text or "").strip() for category in item.findall("category")
                        if category.get("domain") in ("category", "post_tag")],
                published_at=None if draft else published,
                updated_at=modified or published or datetime.now(UTC),
                status=_POST_STATUS[status],
                slug=(page_slugs.get(post_id, "") if kind == "page"
                      else slug_of(_wp(item, "post_name"))),
                old_paths=old_paths if not draft else old_paths[-1:] if post_id else [],
                trashed=status == "trash",
                kind=PostKind.PAGE if kind == "page" else PostKind.POST,
            )
        )
        author_login = (item.findtext(DC_CREATOR) or "").strip()
        for comment in _wp_children(item, "comment"):
            _add_comment(parsed, comment, source_id, base, zone, where, author_login, logins)
    return parsed


def _page_slugs(items) -> dict[str, str]:
    """Each page's slug with its parents' in front (``about-team`` for the "team" page
    under "about"), as WordPress nests their addresses (/about/team/)."""
    pages = {
        _wp(item, "post_id"): (slug_of(_wp(item, "post_name")), _wp(item, "post_parent"))
        for item in items if _wp(item, "post_type") == "page"
    }
    slugs = {}
    for page_id, (name, parent) in pages.items():
        parts, seen = [name], {page_id}
        while parent in pages and parent not in seen and len(parts) < 10:  # no loops
            seen.add(parent)
            parent_name, parent = pages[parent]
            parts.insert(0, parent_name)
        slugs[page_id] = "-".join(part for part in parts if part)
    return slugs


def _add_comment(parsed, comment, post_source, base, zone, where, post_author, logins) -> None:
    comment_id = _wp(comment, "comment_id")
    approved = _wp(comment, "comment_approved")
    kind = _wp(comment, "comment_type")
    if kind in ("pingback", "trackback"):
        parsed.skipped.append((f"comment {comment_id}", f"{kind}s are not comments"))
        return
    if approved not in _COMMENT_STATUS:
        parsed.skipped.append((f"comment {comment_id}", "trashed comments"))
        return
    parent = _wp(comment, "comment_parent")
    user_id = _wp(comment, "comment_user_id")
    name = _wp(comment, "comment_author")
    url = _wp(comment, "comment_author_url")
    parsed.comments.append(
        ImportedComment(
            source_id=f"{base}#comment-{comment_id}",
            post_source_id=post_source,
            parent_source_id=f"{base}#comment-{parent}" if parent not in ("", "0") else None,
            name=name,
            website=url if url.startswith(("http://", "https://")) else "",
            text=html_comment_text(autop(_wp(comment, "comment_content"))),
            created_at=_wp_time(_wp(comment, "comment_date_gmt"), _wp(comment, "comment_date"),
                                zone, where) or datetime.now(UTC),
            status=_COMMENT_STATUS[approved],
            # A comment by the WordPress user who wrote the post is the blog's author's.
            by_blog_author=bool(post_author) and logins.get(user_id) == post_author,
        )
    )
