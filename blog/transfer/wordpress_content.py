"""WordPress post bodies made readable without WordPress: its shortcodes and embeds
become plain HTML, before the paragraphs are given back (``wordpress.autop``).

``[caption]`` becomes a figure with its caption, ``[gallery]`` the attachments it names
(when the file holds their addresses; otherwise it goes), ``[embed]``, ``[audio]``,
``[video]`` and an address of a video or post alone on its line (what WordPress turns
into an embedded player) a link to it. Any other shortcode is left as the text it is.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class Attachment:
    url: str
    parent: str  # the post it was uploaded to, "0" for none
    title: str
    order: int


def read_attachments(items, field) -> dict[str, Attachment]:
    """The export's attachments by post id; ``field(item, name)`` reads wp:NAME."""
    attachments = {}
    for item in items:
        if field(item, "post_type") != "attachment":
            continue
        url = field(item, "attachment_url") or (item.findtext("guid") or "").strip()
        if _is_web_address(url):
            order = field(item, "menu_order")
            attachments[field(item, "post_id")] = Attachment(
                url=url,
                parent=field(item, "post_parent") or "0",
                title=(item.findtext("title") or "").strip(),
                order=int(order) if order.isdigit() else 0,
            )
    return attachments


def slug_of(post_name: str) -> str:
    """A wp:post_name as its words: non-Latin slugs arrive percent-encoded (%d8%a7…)."""
    return unquote(post_name).strip()


_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_CAPTION = re.compile(r"\[caption\b([^\]]*)\](.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_CAPTIONED = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
_GALLERY = re.compile(r"\[gallery\b([^\]]*)\]", re.IGNORECASE)
_EMBED = re.compile(r"\[embed\b[^\]]*\]\s*([^\[\s]+)\s*\[/embed\]", re.IGNORECASE)
_MEDIA = re.compile(r"\[(audio|video)\b([^\]]*)\](?:[^\[]*\[/\1\])?", re.IGNORECASE)
_MEDIA_SOURCES = ("src", "mp3", "m4a", "ogg", "oga", "wav", "mp4", "m4v", "webm", "ogv",
                  "wmv", "flv", "mov")
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)
# What WordPress embeds when its address stands alone on a line (its oEmbed providers).
_EMBED_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "twitter.com", "x.com", "soundcloud.com",
    "flickr.com", "flic.kr", "instagram.com", "facebook.com", "spotify.com", "tiktok.com",
    "dailymotion.com", "dai.ly", "mixcloud.com", "ted.com", "slideshare.net",
    "speakerdeck.com", "scribd.com", "issuu.com", "imgur.com", "giphy.com", "reddit.com",
    "tumblr.com", "wordpress.tv", "videopress.com", "kickstarter.com", "archive.org",
    "bsky.app", "pinterest.com", "smugmug.com", "cloudup.com", "crowdsignal.com",
)
_ALONE_ON_LINE = re.compile(
    r"^(\s*(?:<p>)?\s*)(https?://[^\s<>\"']+?)(\s*(?:</p>)?\s*)$", re.MULTILINE | re.IGNORECASE
)


def repair_content(content: str, post_id: str, attachments: dict[str, Attachment]) -> str:
    """``content`` with WordPress's shortcodes and embeds written out as HTML."""
    if "[" not in content and "http" not in content:
        return content  # most posts: nothing to do, and cheaply so
    paragraphs = _PARAGRAPH.search(content) is not None
    # Without <p> tags, autop makes paragraphs of blank-line-separated blocks: a block
    # element stands alone between blank lines, a link becomes a paragraph of its own.
    block = (lambda text: text) if paragraphs else (lambda text: f"\n\n{text}\n\n")
    link = (lambda url: f"<p>{_link(url)}</p>") if paragraphs else _link

    content = _CAPTION.sub(lambda m: block(_figure(m[1], m[2])), content)
    content = _GALLERY.sub(
        lambda m: block(_gallery(_attributes(m[1]), post_id, attachments)), content
    )
    content = _EMBED.sub(
        lambda m: block(link(m[1])) if _is_web_address(m[1]) else "", content
    )
    content = _MEDIA.sub(lambda m: block(_media(_attributes(m[2]), link)), content)
    return _ALONE_ON_LINE.sub(
        lambda m: m[1] + _link(m[2]) + m[3] if _is_embeddable(m[2]) else m[0], content
    )


def _attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): html.unescape(next(v for v in values if v is not None))
        for name, *values in _ATTRIBUTE.findall(text)
    }


def _figure(attributes: str, inner: str) -> str:
    """A [caption] as a figure: the image (and its link), then the caption."""
    # Before WordPress 3.4 the caption was an attribute; since, it follows the image.
    match = _CAPTIONED.match(inner)
    image, text = (match[1], match[2]) if match else (inner, "")
    caption = _attributes(attributes).get("caption")
    text = caption if caption is not None else text.strip()
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return f"<figure>{image.strip()}{figcaption}</figure>"


def _gallery(attributes: dict[str, str], post_id: str, attachments) -> str:
    """A [gallery] as its images, each linked to the whole file; nothing if the export
    does not say where they are."""
    if "ids" in attributes or "include" in attributes:
        wanted = re.findall(r"\d+", attributes.get("ids") or attributes.get("include", ""))
        chosen = [attachments[number] for number in wanted if number in attachments]
    else:
        # A bare [gallery] shows what was uploaded to the post, in its set order.
        chosen = sorted((a for a in attachments.values() if a.parent == post_id),
                        key=lambda a: a.order)
    if not chosen:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(a.url)}"><img src="{html.escape(a.url)}" '
        f'alt="{html.escape(a.title)}"></a></li>'
        for a in chosen
    )
    return f"<figure><ul>{items}</ul></figure>"


def _media(attributes: dict[str, str], link) -> str:
    for name in _MEDIA_SOURCES:
        if _is_web_address(attributes.get(name, "")):
            return link(attributes[name])
    return ""


def _link(url: str) -> str:
    url = html.escape(url)
    return f'<a href="{url}">{url}</a>'


def _is_web_address(url: str) -> bool:
    return url.startswith(("http://", "https://")) and bool(urlsplit(url).hostname)


def _is_embeddable(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    host = host.removeprefix("www.").removeprefix("m.")
    return any(host == known or host.endswith("." + known) for known in _EMBED_HOSTS)
