"""The site version, the archive and label counts and the search index follow ORM flushes
only (blog.create_app's session listeners). A Core statement that writes the tables
they follow would change what readers see while every cached page, ETag, count and
search result stayed as it was. So no module of the blog may write those tables with a
Core statement, except the few that do their own bookkeeping, each named here with why.
"""

import ast
from pathlib import Path

import pytest

BLOG = Path(__file__).resolve().parents[2] / "blog"

# What the listeners follow, by model and by table name.
FOLLOWED = {
    "Post": "post", "Comment": "comment", "Label": "label", "Author": "author",
    "SlugRedirect": "slug_redirect", "LegacyRedirect": "legacy_redirect",
    "post_labels": "post_labels", "SiteState": "site_state",
    "ArchiveMonth": "archive_month",
}
FOLLOWED_TABLES = set(FOLLOWED.values()) | {"post_search", "post_search_heading"}
DYNAMIC = "a table named at run time"

# (module, table) -> why that Core write is safe.
ALLOWED = {
    ("cache/listener.py", "site_state"): "the listener raising the site version itself",
    ("archive/counts.py", "archive_month"): "the recount writing the counts",
    ("archive/counts.py", "label"): "the recount writing Label.post_count",
    ("search/index.py", "post_search"): "the index writing itself",
    ("search/index.py", "post_search_heading"): "the index writing itself",
    ("search/index.py", DYNAMIC): "the index emptying its own two tables, named in a loop",
    ("transfer/common.py", "comment"): (
        "the importer's bulk insert and threading of comments, which then flushes one of "
        "their posts to raise the site version (comments are in no index or count)"
    ),
    ("two_factor/totp.py", "author"): (
        "the last used code's time step: not on any reader's page, and written with a "
        "conditional UPDATE so two requests cannot both use one code"
    ),
}
_WRITES = {"insert", "update", "delete"}
_SQL_VERBS = ("INSERT INTO", "UPDATE", "DELETE FROM")


def _table_of(node: ast.expr) -> str | None:
    """The followed table an expression names: ``Post``, ``Post.__table__``,
    ``post_labels``."""
    if isinstance(node, ast.Attribute) and node.attr == "__table__":
        node = node.value
    if isinstance(node, ast.Name) and node.id in FOLLOWED:
        return FOLLOWED[node.id]
    return None


def _sql_of(node: ast.expr) -> str:
    """The text of an SQL string, an f-string's values written as ``{}``."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(_sql_of(part) if isinstance(part, ast.Constant) else "{}"
                       for part in node.values)
    return ""


def _table_written_by(sql: str) -> str | None:
    """The followed table an SQL write names, or DYNAMIC when its name is filled in."""
    words = sql.replace("(", " ( ").split()
    upper = [word.upper() for word in words]
    for verb in _SQL_VERBS:
        verb_words = verb.split()
        for start in range(len(upper) - len(verb_words)):
            if upper[start:start + len(verb_words)] == verb_words:
                target = words[start + len(verb_words)].strip('"').lower()
                if target == "{}":
                    return DYNAMIC
                if target in FOLLOWED_TABLES:
                    return target
    return None


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def core_writes(source: str) -> list[tuple[int, str]]:
    """(line, table) of every Core write of a followed table in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        table = None
        if name in _WRITES and node.args:  # sa.update(Post), insert(post_labels)
            table = _table_of(node.args[0])
        if name in _WRITES and not node.args and isinstance(node.func, ast.Attribute):
            table = _table_of(node.func.value)  # post_labels.insert()
        if name == "text" and node.args:
            table = _table_written_by(_sql_of(node.args[0]))
        if table:
            found.append((node.lineno, table))
    return found


def test_no_core_statement_writes_what_the_listeners_follow():
    unexpected = []
    for path in sorted(BLOG.rglob("*.py")):
        module = path.relative_to(BLOG).as_posix()
        for line, table in core_writes(path.read_text(encoding="utf-8")):
            if (module, table) not in ALLOWED:
                unexpected.append(f"blog/{module}:{line} writes {table!r}")
    assert not unexpected, (
        "Core statements write tables the session listeners follow, so the site version, "
        "counts or search index would not hear of it; write through the ORM (a flush), "
        "or do the bookkeeping there and add it to ALLOWED with the reason:\n"
        + "\n".join(unexpected)
    )


@pytest.mark.parametrize(
    "source",
    [
        "db.session.execute(sa.update(Post).values(title='x'))",
        "connection.execute(sa.insert(post_labels), rows)",
        "connection.execute(post_labels.delete())",
        "db.session.execute(delete(Comment).where(Comment.id == 1))",
        "connection.execute(sa.update(Author.__table__).values(bio=''))",
        "connection.execute(sa.text('DELETE FROM comment WHERE id = 1'))",
        "connection.execute(sa.text('INSERT INTO post_search (rowid) VALUES (1)'))",
        "connection.execute(sa.text(f'UPDATE {name} SET title = :t'))",
        "connection.execute(sa.text('update \"post\" set title = 1'))",
    ],
)
def test_the_check_sees_every_spelling_of_a_core_write(source):
    assert core_writes(source)


def test_the_check_leaves_reads_and_other_tables_alone():
    assert not core_writes(
        "db.session.execute(sa.select(Post))\n"
        "db.session.execute(sa.delete(LoginFailure))\n"
        "versions.insert(0, item)\n"
    )


def test_every_allowed_write_is_still_there():
    """An exception nobody needs any more is removed, not left to excuse a new write."""
    seen = set()
    for path in BLOG.rglob("*.py"):
        module = path.relative_to(BLOG).as_posix()
        seen.update((module, table) for _line, table in core_writes(path.read_text("utf-8")))
    assert set(ALLOWED) <= seen
