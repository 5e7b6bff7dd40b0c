"""What search engines and link previews read about a post: Open Graph, Twitter card and
a schema.org BlogPosting in JSON-LD."""

import re

from babel import Locale
from babel.core import get_global
from flask_babel import get_locale

from blog.models import Post
from blog.posts.links import post_url
from blog.settings import setting
from blog.web.address import host_url

_FIRST_IMAGE = re.compile(r'<img\b[^>]*\bsrc="([^"]+)"')


def first_image(post: Post) -> str | None:
    """The absolute address of the post's first image, if it has one."""
    match = _FIRST_IMAGE.search(post.body_html or "")
    if match is None:
        return None
    src = match.group(1)
    if src.startswith("/") and not src.startswith("//"):
        return host_url().rstrip("/") + src
    return src if src.startswith(("http://", "https://")) else None


def og_locale(locale: Locale | None = None) -> str:
    """The page's language as Open Graph names it, language_TERRITORY ("ar_EG", "de_CH",
    "en_US"): a language set without a territory gets the one its speakers most likely
    live in (CLDR's likely subtags, through Babel)."""
    locale = locale or get_locale()
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(locale.language)
        territory = Locale.parse(likely).territory if likely else None
    return f"{locale.language}_{territory}" if territory else locale.language


def blog_posting(post: Post) -> dict:
    """A schema.org BlogPosting for the post's JSON-LD."""
    url = post_url(post, _external=True)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.excerpt,
        "datePublished": post.published_at.isoformat(),
        "dateModified": max(post.updated_at, post.published_at).isoformat(),
        "author": {"@type": "Person", "name": post.author.display_name},
        "publisher": {"@type": "Organization", "name": setting("TITLE")},
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": setting("LANGUAGE"),
        "keywords": [label.name for label in post.labels],
    }
    image = first_image(post)
    if image:
        data["image"] = image
    return data
