"""Reading a WordPress WXR export (versions 1.0 to 1.2, with http or https namespace
URIs, mixed in one file; matched by namespace URI, never by prefix).

Posts become posts and pages pages (a child page's slug has its parents' in front),
categories and tags become labels, comments keep their approval status (spam stays spam,
pending stays pending, trashed and pingbacks are skipped), and each post's old address is
kept. Every status has a rule the summary states: pending, private and password-protected
posts come in as drafts, trashed ones to the trash, revisions (inherit) are skipped;
attachments, menu items, the block themes' records and custom post types are skipped
and counted by type.
"""

import re
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from blog.models import CommentStatus, PostKind, PostStatus
from blog.transfer.common import (
    ImportedComment,
    ImportedPost,
    ImportFailed,
    ParsedExport,
    html_comment_text,
    post_fingerprint,
    reading,
)
from blog.transfer.wordpress_content import read_attachments, repair_content, slug_of
from blog.transfer.xmlfile import canonical_namespaces, read_xml

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_WP_NAMESPACE = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/\}")
# Each namespace as the readers spell it, and every spelling met in real files.
_SPELLINGS = {
    "http://wordpress.org/export/1.2/": re.compile(r"https?://wordpress\.org/export/1\.\d+/?"),
    "http://wordpress.org/export/1.2/excerpt/": re.compile(
        r"https?://wordpress\.org/export/1\.\d+/excerpt/?"),
    "http://purl.org/rss/1.0/modules/content/": re.compile(
        r"https?://purl\.org/rss/1\.0/modules/content/?"),
    "http://purl.org/dc/elements/1.1/": re.compile(r"https?://purl\.org/dc/elements/1\.1/?"),
}
# WordPress's own kinds of item that are not writing, skipped and counted by type; any
# other type but post and page is a plugin's custom type.
_WORDPRESS_TYPES = {
    "attachment", "revision", "nav_menu_item", "custom_css", "customize_changeset",
    "oembed_cache", "user_request", "wp_block", "wp_template", "wp_template_part",
    "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face",
}
# What the summary says of posts that came in other than as they were.
_STATUS_NOTES = {
    "future": _l("Scheduled, to appear at their time"),
    "pending": _l("Pending review, came in as drafts"),
    "private": _l("Private, came in as drafts"),
    "trash": _l("Trashed, came in to the trash"),
}
_PASSWORD_NOTE = _l("Password-protected, came in as drafts (this blog has no post passwords)")
_STICKY_NOTE = _l("Sticky, came in as ordinary posts (this blog has no sticky posts)")

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
                raise ImportFailed(_("%(where)s has a date that cannot be read: %(text)s.",
                                     where=where, text=repr(text))) from error
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
    root, repairs = read_xml(path, "WordPress")
    canonical_namespaces(root, _SPELLINGS)
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not _wp(channel, "wxr_version"):
        raise ImportFailed(_("%(path)s is not a WordPress export (no <wp:wxr_version>).",
                             path=path))
    base = _wp(channel, "base_site_url") or "wordpress"
    parsed = ParsedExport(repairs=repairs)
    # WordPress user ids to logins, to tell the post's author's replies from readers'.
    logins = {_wp(a, "author_id"): _wp(a, "author_login") for a in _wp_children(channel, "author")}
    items = channel.findall("item")
    page_slugs = _page_slugs(items)
    first_of: dict[str, ImportedPost] = {}
    attachments = read_attachments(items, _wp)
    parsed.site_hosts = {urlsplit(address).hostname or "" for address in (
        base, _wp(channel, "base_blog_url"), channel.findtext("link") or "")}
    for number, item in enumerate(items, start=1):
        title = (item.findtext("title") or "").strip()
        where = reading(_("item %(number)s ('%(title)s') of %(path)s", number=number,
                          title=title or _("Untitled"), path=path))
        kind = _wp(item, "post_type")
        status = _wp(item, "status")
        if skipped := _skip_reason(kind, status):
            parsed.skipped.append((title, skipped))
            continue
        post_id = _wp(item, "post_id")
        guid = (item.findtext("guid") or "").strip()
        if not post_id and not guid:
            parsed.skipped.append((title, _("items with neither a wp:post_id nor a guid")))
            continue
        source_id = f"{base}#post-{post_id}" if post_id else f"{base}#guid-{guid}"
        published = _wp_time(_wp(item, "post_date_gmt"), _wp(item, "post_date"), zone, where)
        modified = _wp_time(_wp(item, "post_modified_gmt"), _wp(item, "post_modified"), zone,
                            where)
        locked = bool(_wp(item, "post_password"))
        post_status = PostStatus.DRAFT if locked else _POST_STATUS[status]
        draft = post_status == PostStatus.DRAFT
        if published is None and not draft:
            # A page written by hand or an old plugin may carry no date: it has been up
            # since its last change, as far as anyone can tell.
            published = modified or datetime.now(UTC)
        link = (item.findtext("link") or "").strip()
        old_paths = []
        if link and status in ("publish", "future") and not locked:
            parts = urlsplit(link)
            # Kept as the blog receives it: Arabic slugs decoded, not as %d8%a7….
            old_paths.append(unquote(parts.path) + (f"?{parts.query}" if parts.query else ""))
        if post_id:
            old_paths.append(f"/?page_id={post_id}" if kind == "page" else f"/?p={post_id}")
        post = ImportedPost(
            source_id=source_id,
            title=title,
            html=autop(repair_content(item.findtext(CONTENT) or "", post_id, attachments)),
            labels=[(category.text or "").strip() for category in item.findall("category")
                    if category.get("domain") in ("category", "post_tag")],
            published_at=None if draft else published,
            updated_at=modified or published or datetime.now(UTC),
            status=post_status,
            slug=(page_slugs.get(post_id, "") if kind == "page"
                  else slug_of(_wp(item, "post_name"))),
            old_paths=old_paths if not draft else old_paths[-1:] if post_id else [],
            trashed=status == "trash",
            kind=PostKind.PAGE if kind == "page" else PostKind.POST,
        )
        parsed.posts.append(post)
        first = first_of.setdefault(source_id, post)
        if first is post:
            _note_status(parsed, post, status, locked, sticky=_wp(item, "is_sticky") == "1")
        elif post_fingerprint(first) != post_fingerprint(post):
            # The import keeps the first of the two; the second's comments go with it.
            for _comment in _wp_children(item, "comment"):
                parsed.skipped.append(
                    (title, _("comments on an item skipped for sharing its id")))
            continue
        author_login = (item.findtext(DC_CREATOR) or "").strip()
        for index, comment in enumerate(_wp_children(item, "comment"), start=1):
            _add_comment(parsed, comment, (source_id, index), base, zone, where, author_login,
                         logins)
    return parsed


def _skip_reason(kind: str, status: str) -> str | None:
    """Why an item with this wp:post_type and wp:status is not imported, if it is not."""
    if not kind:
        return _("items with no wp:post_type")
    if kind in _WORDPRESS_TYPES:
        return _("%(kind)s items", kind=kind)
    if kind not in ("post", "page"):
        return _("custom type '%(kind)s'", kind=kind)
    if status == "inherit":
        return _("revisions (status inherit)")
    if status == "auto-draft":
        return _("auto-drafts (WordPress's empty new posts)")
    if status not in _POST_STATUS:
        return _("post status %(status)s", status=status or _("missing"))
    return None


def _note_status(parsed: ParsedExport, post: ImportedPost, status: str, locked: bool,
                 sticky: bool) -> None:
    if locked:
        parsed.notes.append((post.title, str(_PASSWORD_NOTE)))
    elif status in _STATUS_NOTES:
        parsed.notes.append((post.title, str(_STATUS_NOTES[status])))
    if sticky and post.kind == PostKind.POST:
        parsed.notes.append((post.title, str(_STICKY_NOTE)))


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


def _add_comment(parsed, comment, place, base, zone, where, post_author, logins) -> None:
    post_source, index = place
    comment_id = _wp(comment, "comment_id")
    approved = _wp(comment, "comment_approved")
    kind = _wp(comment, "comment_type")
    if kind in ("pingback", "trackback"):
        reason = _("pingbacks are not comments") if kind == "pingback" else _(
            "trackbacks are not comments")
        parsed.skipped.append((_("comment %(id)s", id=comment_id), reason))
        return
    if approved not in _COMMENT_STATUS:
        parsed.skipped.append((_("comment %(id)s", id=comment_id), _("trashed comments")))
        return
    parent = _wp(comment, "comment_parent")
    user_id = _wp(comment, "comment_user_id")
    name = _wp(comment, "comment_author")
    url = _wp(comment, "comment_author_url")
    parsed.comments.append(
        ImportedComment(
            # A comment with no id is known by its place under its post.
            source_id=(f"{base}#comment-{comment_id}" if comment_id
                       else f"{post_source}/comment-{index}"),
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
