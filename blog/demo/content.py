"""The sample blog as a writer keeps it: ``essays/*.md`` with front matter, ``comments.yaml``,
and its standing pages in ``pages/*.md``."""

from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

import frontmatter
import yaml


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


def demo_pages() -> list[DemoPage]:
    """The sample standing pages, in their files' order (the navigation bar's)."""
    folder = files("blog.demo").joinpath("pages")
    pages = sorted((item for item in folder.iterdir() if item.name.endswith(".md")),
                   key=lambda item: item.name)
    return [_read_page(item) for item in pages]


def _read_page(item: Traversable) -> DemoPage:
    page = frontmatter.loads(item.read_text(encoding="utf-8"))
    return DemoPage(title=page["title"], slug=page["slug"], body=page.content + "\n")


def demo_posts() -> list[DemoPost]:
    """The sample essays in their files' order (the blog's, newest first), with comments."""
    folder = files("blog.demo")
    essays = {
        item.name.removesuffix(".md"): item
        for item in folder.joinpath("essays").iterdir()
        if item.name.endswith(".md")
    }
    comments = yaml.safe_load(folder.joinpath("comments.yaml").read_text(encoding="utf-8"))
    if unknown := comments.keys() - essays.keys():
        raise ValueError(  # i18n: internal
            f"comments.yaml names essays that are not in essays/: {sorted(unknown)}"
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
