"""The sample blog as a writer keeps it, one folder a language (``en/``, ``ar/``): in each,
``essays/*.md`` with front matter, ``comments.yaml``, the standing pages in ``pages/*.md``
and the author's name and bio in ``author.yaml``."""

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

import frontmatter
import yaml

# The language written when the blog's has no sample of its own.
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class DemoComment:
    key: str
    minutes_after: int
    body: str
    reply_to: str | None = None
    by_author: bool = False
    name: str = ""
    website: str = ""


@dataclass(frozen=True)
class DemoPost:
    title: str
    labels: list[str]
    days_ago: int
    body: str
    comments: list[DemoComment]


@dataclass(frozen=True)
class DemoPage:
    title: str
    slug: str
    body: str


@dataclass(frozen=True)
class DemoAuthor:
    display_name: str
    bio: str


def demo_languages() -> list[str]:
    """The languages the sample blog is written in ("ar", "en"...): its folders."""
    return sorted(item.name for item in files("blog.demo").iterdir()
                  if item.is_dir() and item.joinpath("essays").is_dir())


def demo_language(tag: str) -> str:
    """The sample blog's language for a blog in ``tag`` ("ar-EG" gets "ar"), English when
    there is no sample in that language."""
    base = tag.replace("_", "-").split("-")[0].lower()
    return base if base in demo_languages() else FALLBACK_LANGUAGE


def _folder(language: str) -> Traversable:
    if language not in demo_languages():
        raise ValueError(f"There is no sample blog in {language!r}")  # i18n: internal
    return files("blog.demo").joinpath(language)


def demo_author(language: str = FALLBACK_LANGUAGE) -> DemoAuthor:
    """The sample author's display name and bio, as a new author of the sample blog gets."""
    text = _folder(language).joinpath("author.yaml").read_text(encoding="utf-8")
    found = yaml.safe_load(text)
    return DemoAuthor(display_name=found["display_name"], bio=found["bio"].strip())


def demo_pages(language: str = FALLBACK_LANGUAGE) -> list[DemoPage]:
    """The sample standing pages, in their files' order (the navigation bar's)."""
    folder = _folder(language).joinpath("pages")
    pages = sorted((item for item in folder.iterdir() if item.name.endswith(".md")),
                   key=lambda item: item.name)
    return [_read_page(item) for item in pages]


def _read_page(item: Traversable) -> DemoPage:
    page = frontmatter.loads(item.read_text(encoding="utf-8"))
    return DemoPage(title=page["title"], slug=page["slug"], body=page.content + "\n")


def demo_posts(language: str = FALLBACK_LANGUAGE) -> list[DemoPost]:
    """The sample essays in their files' order (the blog's, newest first), with comments."""
    folder = _folder(language)
    essays = {
        item.name.removesuffix(".md"): item
        for item in folder.joinpath("essays").iterdir()
        if item.name.endswith(".md")
    }
    comments = yaml.safe_load(folder.joinpath("comments.yaml").read_text(encoding="utf-8"))
    if unknown := comments.keys() - essays.keys():
        raise ValueError(  # i18n: internal
            f"{language}/comments.yaml names essays that are not in {language}/essays/: "
            f"{sorted(unknown)}"
        )
    return [_read_essay(essays[stem], comments.get(stem, [])) for stem in sorted(essays)]


def _read_essay(essay: Traversable, comments: list[dict]) -> DemoPost:
    page = frontmatter.loads(essay.read_text(encoding="utf-8"))
    return DemoPost(
        title=page["title"],
        labels=page["labels"],
        days_ago=page["days_ago"],
        # python-frontmatter strips the body; a post's body ends with one newline, as files do.
        body=page.content + "\n",
        # A `|` block ends the text with a newline that the comments were never written with.
        comments=[DemoComment(**{**item, "body": item["body"].strip()}) for item in comments],
    )
