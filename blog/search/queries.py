"""Searching the index: any text a visitor types becomes a query that cannot fail.

The words of the query are found in titles, labels and bodies, all of them required;
a title match ranks above a label match, which ranks above a passing mention in the
body. Quotes, operators and stray punctuation are read as plain words, never as
syntax, so no query can produce an error page.
"""

import html
import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from markupsafe import Markup, escape

from blog.extensions import db
from blog.models import Post

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
COUNT_UP_TO = 1000  # matches counted for "N posts found"; a common word finds thousands
# Unprintable markers around matches: the snippet is escaped whole, then they become <mark>.
_START, _STOP = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class SearchHit:
    post: Post
    snippet: Markup


def query_words(text: str) -> list[str]:
    """The words of a visitor's query: letters and digits in any script, nothing else."""
    return _WORD.findall(text[:MAX_QUERY_LENGTH])[:MAX_WORDS]


def search(text: str, now: datetime, page: int, per_page: int) -> tuple[list[SearchHit], int]:
    """One page of visible posts matching every word of ``text``, best first; and how many
    match, counted up to COUNT_UP_TO (beyond it the page says "more than")."""
    words = query_words(text)
    if not words:
        return [], 0
    postgres = db.engine.dialect.name == "postgresql"
    # Matches are kept to visible posts by leaving out the hidden ones (drafts, the trash,
    # posts not yet due): usually a handful, read from indexes without a post's row, where
    # the visible ones would be a list of nearly every post to build for each query.
    hidden = Post.hidden_ids(now)
    matches = (_postgres_matches if postgres else _sqlite_matches)(words, hidden)
    counted = matches.with_only_columns(matches.selected_columns.post_id).limit(COUNT_UP_TO + 1)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(counted.subquery()))
    ranked = (
        matches.order_by(matches.selected_columns.rank, matches.selected_columns.post_id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
        .subquery("ranked")
    )
    page_rows = (
        sa.select(Post, _postgres_snippet(words)).join(ranked, ranked.c.post_id == Post.id)
        if postgres else _sqlite_with_snippets(words, ranked)
    )
    rows = db.session.execute(page_rows.order_by(ranked.c.rank, Post.id.desc())).all()
    # PostgreSQL's snippets are the post's HTML with the tags taken out, its entities
    # (&amp;) still in; SQLite's come from the indexed text.
    as_text = html.unescape if postgres else str
    return [SearchHit(post, _highlighted(as_text(text or ""))) for post, text in rows], total


def _fts5_expression(words: list[str]) -> str:
    # Each word quoted (its own quotes doubled) is an FTS5 string, never an operator.
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def _sqlite_matches(words: list[str], hidden: sa.CompoundSelect) -> sa.Select:
    return sa.select(
        sa.literal_column("rowid").label("post_id"),
        # bm25 is lower for better matches; weights: title 10, labels 4, body 1.
        sa.literal_column("bm25(post_search, 10.0, 4.0, 1.0)").label("rank"),
    ).select_from(sa.table("post_search")).where(
        sa.literal_column("post_search").op("MATCH")(_fts5_expression(words)),
        # The unary plus keeps SQLite from handing these ids to FTS5 one at a time
        # (a full-text query each); they filter the matches instead.
        sa.literal_column("+rowid").not_in(hidden),
    )


def _sqlite_with_snippets(words: list[str], ranked: sa.Subquery) -> sa.Select:
    """The page's posts with their snippets, made for its rows only: each row is looked up
    by id in the posts and in the index, with the query again for snippet() to work from.
    The unary plus on the page's id keeps SQLite from driving the join from the index
    instead (every match read a second time, then the page's rows found for each: 28 ms
    against 19 for a word in all of 10,000 posts)."""
    return (
        sa.select(
            Post,
            sa.literal_column(f"snippet(post_search, 2, '{_START}', '{_STOP}', '…', 24)"),
        )
        .join(ranked, Post.id == sa.literal_column(f"+{ranked.name}.post_id"))
        .join(sa.table("post_search"), sa.literal_column("post_search.rowid") == Post.id)
        .where(sa.literal_column("post_search").op("MATCH")(_fts5_expression(words)))
    )


_SEARCH_TABLE = sa.table("post_search", sa.column("post_id"), sa.column("document"))


def _postgres_query(words: list[str]):
    return sa.func.to_tsquery("simple", " & ".join(_postgres_lexeme(word) for word in words))


def _postgres_matches(words: list[str], hidden: sa.CompoundSelect) -> sa.Select:
    query = _postgres_query(words)
    # ts_rank is higher for better matches; weights A (title) > B (labels) > C. (Not
    # ts_rank_cd: its cover density took 14 ms over 10,000 matches, against 3.5 ms.)
    # Each word is ranked on its own and the ranks added: ts_rank of several words at
    # once weighs every pair of their places in the post, which grows with the square
    # of how often they appear (210 ms for three words common in 10,000 essays,
    # against 20 ms for one).
    rank = sum(
        (sa.func.ts_rank(_SEARCH_TABLE.c.document, _postgres_query([word]))
         for word in dict.fromkeys(word.lower() for word in words)),
        start=sa.literal(0.0),
    )
    return sa.select(
        _SEARCH_TABLE.c.post_id,
        (-rank).label("rank"),
    ).where(
        _SEARCH_TABLE.c.document.op("@@")(query), _SEARCH_TABLE.c.post_id.not_in(hidden)
    )


# How much of a post ts_headline reads: from a little before the first word's first
# appearance (in characters of the post's HTML).
SNIPPET_WINDOW, SNIPPET_LEAD = 1200, 400


def _postgres_snippet(words: list[str]):
    """Made only for the rows of the page shown, not for every match, and from a window of
    the post around its first mention of the first word: ts_headline parses all the text
    it is given (0.4 ms for an essay of 4 KB, ten times that for one of 40 KB), so the
    whole post would make long essays slow to find. A tag cut at either edge of the
    window is dropped with the others."""
    first = sa.func.strpos(sa.func.lower(Post.body_html), words[0].lower())
    window = sa.func.substr(
        Post.body_html, sa.func.greatest(first - SNIPPET_LEAD, 1), SNIPPET_WINDOW
    )
    text = sa.func.regexp_replace(window, "<[^>]*>|^[^<]*>|<[^>]*$", " ", "g")
    return sa.func.ts_headline(
        "simple",
        text,
        _postgres_query(words),
        f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12",
    )


def _postgres_lexeme(word: str) -> str:
    # A quoted lexeme: its own quote and backslash characters escaped.
    return "'" + word.lower().replace("\\", "\\\\").replace("'", "''") + "'"


def _highlighted(snippet: str | None) -> Markup:
    text = str(escape(snippet or ""))
    return Markup(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))
