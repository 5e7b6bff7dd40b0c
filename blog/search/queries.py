"""Searching the index: any text a visitor types becomes a query that cannot fail.

Every word of the query must be found in a post's title, labels or body, spelled in any
of the ways blog.search.folding takes for the same word. The results
come in three groups, as readers of WordPress and Blogger know them: posts with every
word in the title, then posts with every word in the title or labels (a post labelled
"Housing" is about housing), then every other post that has them somewhere; newest first
within each group. Quotes, operators and stray punctuation are read as plain words, never
as syntax, so no query can produce an error page.

Nothing scores every match. A relevance score (bm25 on SQLite, ts_rank on PostgreSQL)
had to read every matching post's word positions to sort a page, which costs more the more
posts match; these groups are read newest first and stop at the page. The measurements
are in docs/performance.md ("Search").
"""

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup

from blog.extensions import db
from blog.markup import html_to_text
from blog.models import Post
from blog.posts.queries import NEWEST_FIRST
from blog.search.folding import fold
from blog.search.snippets import snippet

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
COUNT_UP_TO = 1000  # matches counted for "N posts found"; a common word finds thousands
# SQLite: a group with more matches than this is read by walking the posts newest first
# until the page is full; a smaller one by looking its matches up and sorting them.
WALK_WHEN_OVER = 200
_WORD = re.compile(r"\w+", re.UNICODE)
_GROUPS = ("title", "labels", "body")
_DOCUMENTS = sa.table("post_search", sa.column("post_id"), sa.column("document"))
_HEADINGS = sa.table("post_search_heading", sa.column("post_id"), sa.column("heading"))


@dataclass
class SearchHit:
    post: Post
    snippet: Markup


def query_words(text: str) -> list[str]:
    """The words of a visitor's query, folded as the index is: letters and digits in any
    script, nothing else."""
    return _WORD.findall(fold(text[:MAX_QUERY_LENGTH]))[:MAX_WORDS]


def search(text: str, now: datetime, page: int, per_page: int) -> tuple[list[SearchHit], int]:
    """One page of visible posts matching every word of ``text``, best group first and
    newest first within it; and how many match, counted up to COUNT_UP_TO (beyond it the
    page says "more than")."""
    words = query_words(text)
    if not words:
        return [], 0
    index = PostgresIndex(words) if db.engine.dialect.name == "postgresql" else SqliteIndex(words)
    counts = db.session.execute(index.counts(Post.hidden_ids(now))).one()
    total, to_read = _groups_to_read(*counts)
    if total <= min((page - 1) * per_page, COUNT_UP_TO):
        return [], total  # no match, or past the last page (when the count is exact)
    # Each group gives at most as many rows as the pages up to this one hold.
    wanted = page * per_page
    groups = [
        sa.select(index.newest_in_group(group, now, count).limit(wanted).subquery(_GROUPS[group]))
        for group, count in to_read
    ]
    matched = sa.union_all(*groups).subquery("matched")
    on_page = (
        sa.select(matched)
        .order_by(matched.c.grp, matched.c.published_at.desc(), matched.c.post_id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("on_page")
    )
    in_order = (on_page.c.grp, *NEWEST_FIRST)
    posts = db.session.scalars(index.posts_on(on_page).order_by(*in_order)).all()
    hits = [SearchHit(post, snippet(html_to_text(post.body_html), words)) for post in posts]
    return hits, total


def _groups_to_read(title: int, labels: int, every: int) -> tuple[int, list[tuple[int, int]]]:
    """From the visible matches in the first two groups and in all: how many match, and
    the groups that have any with how many each has. The body's is what the others leave,
    unless there are too many to count: then it may have up to all of them."""
    body = every - title - labels if every <= COUNT_UP_TO else every
    counts = (title, labels, body)
    return every, [(group, count) for group, count in enumerate(counts) if count]


def _counted(matches: sa.Select) -> sa.ScalarSelect:
    """How many rows ``matches`` has, counted up to COUNT_UP_TO + 1."""
    return sa.select(sa.func.count()).select_from(
        matches.limit(COUNT_UP_TO + 1).subquery()
    ).scalar_subquery()


def _visible_newest_first(group: int, now: datetime, in_group) -> sa.Select:
    """The visible posts for which ``in_group`` holds, newest first, marked with ``group``."""
    return sa.select(
        Post.id.label("post_id"), sa.literal(group).label("grp"), Post.published_at
    ).where(Post.visible_clause(now), in_group).order_by(*NEWEST_FIRST)


class SqliteIndex:
    """The FTS5 table: title, labels and body columns; the rowid is the post's id."""

    def __init__(self, words: list[str]):
        # Each word quoted (its own quotes doubled) is an FTS5 string, never an operator.
        every = "(" + " ".join('"' + word.replace('"', '""') + '"' for word in words) + ")"
        self.every_word = every
        in_title, in_heading = "{title}: " + every, "{title labels}: " + every
        self.expressions = [
            in_title, f"{in_heading} NOT {in_title}", f"{every} NOT {in_heading}"
        ]

    @staticmethod
    def _matching(expression: str) -> sa.Select:
        return sa.select(sa.literal_column("rowid")).select_from(sa.table("post_search")).where(
            sa.literal_column("post_search").op("MATCH")(expression)
        )

    def counts(self, hidden: sa.CompoundSelect) -> sa.Select:
        """Visible matches in the first group, the second, and all (see _groups_to_read)."""
        visible = sa.literal_column("+rowid").not_in(hidden)  # a filter, not FTS5 lookups
        return sa.select(*(
            _counted(self._matching(expression).where(visible))
            for expression in (*self.expressions[:2], self.every_word)
        ))

    def newest_in_group(self, group: int, now: datetime, count: int) -> sa.Select:
        # Many matches: walk the posts newest first (an index) and stop at the page; the
        # unary plus keeps SQLite from starting at the matches instead. Few: start there.
        post_id = sa.literal_column("+post.id") if count > WALK_WHEN_OVER else Post.id
        matches = self._matching(self.expressions[group])
        return _visible_newest_first(group, now, post_id.in_(matches))

    def posts_on(self, on_page: sa.Subquery) -> sa.Select:
        """The page's posts, each found by id. The unary plus keeps SQLite from searching
        the page's rows for each post rather than each post for its row."""
        return sa.select(Post).join(
            on_page, Post.id == sa.literal_column(f"+{on_page.name}.post_id")
        )


class PostgresIndex:
    """Two tables of weighted tsvectors: ``post_search`` with the title (weight A), labels
    (B) and body (C) of each post, and the narrow ``post_search_heading`` with the title
    and labels alone, where the first two groups are found and counted without visiting
    the wide rows of the essays' vectors (migration 0013)."""

    def __init__(self, words: list[str]):
        every, in_title = _tsquery(words), _tsquery(words, weights="A")
        heading = _HEADINGS.c.heading
        self.in_heading = [
            sa.select(_HEADINGS.c.post_id).where(heading.op("@@")(in_title)),
            sa.select(_HEADINGS.c.post_id).where(
                heading.op("@@")(every), sa.not_(heading.op("@@")(in_title))
            ),
        ]
        self.every_match = sa.select(_DOCUMENTS.c.post_id).where(
            _DOCUMENTS.c.document.op("@@")(every)
        )
        # Conditions on a post, written so that the planner can walk the posts newest
        # first and look each up in the index tables, or start from a rare word's matches.
        headed = sa.exists().where(_HEADINGS.c.post_id == Post.id, heading.op("@@")(every))
        self.conditions = [
            Post.id.in_(self.in_heading[0]),
            Post.id.in_(self.in_heading[1]),
            sa.and_(Post.id.in_(self.every_match), sa.not_(headed)),
        ]

    def counts(self, hidden: sa.CompoundSelect) -> sa.Select:
        """Visible matches in the first group, the second, and all (see _groups_to_read)."""
        return sa.select(*(
            _counted(matches.where(matches.selected_columns.post_id.not_in(hidden)))
            for matches in (*self.in_heading, self.every_match)
        ))

    def newest_in_group(self, group: int, now: datetime, count: int) -> sa.Select:
        # The count is not needed: the planner has its statistics of the words.
        return _visible_newest_first(group, now, self.conditions[group])

    def posts_on(self, on_page: sa.Subquery) -> sa.Select:
        return sa.select(Post).join(on_page, on_page.c.post_id == Post.id)


def _tsquery(words: list[str], weights: str = ""):
    """Every word, each a quoted lexeme (its own quotes and backslashes escaped),
    optionally only where it has one of ``weights``."""
    lexemes = ("'" + word.lower().replace("\\", "\\\\").replace("'", "''") + "'"
               + (":" + weights if weights else "") for word in words)
    return sa.func.to_tsquery("simple", " & ".join(lexemes))
