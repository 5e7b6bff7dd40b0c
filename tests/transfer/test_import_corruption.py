"""Whatever an export file holds, the import ends with its summary or with one line that
says what stopped it, and a stopped import leaves nothing behind: every fixture, and
Hypothesis's corruptions of them (cut short, items twice, shuffled, required elements
removed, text where a date or number goes)."""

import random
import re
import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.extensions import db
from blog.models import Comment, LegacyRedirect, Post
from tests.helpers import blog_app, create_author

FIXTURES = Path(__file__).parent / "fixtures"
EXPORTS = sorted(path.name for path in FIXTURES.iterdir() if path.is_file())
ITEM = re.compile(r"<(entry|item)\b.*?</\1>", re.DOTALL)
REQUIRED = ["id", "published", "updated", "title", "wp:post_id", "wp:status", "wp:post_type",
            "wp:post_date_gmt", "wp:comment_id", "thr:in-reply-to", "blogger:type",
            "b:type", "b:parent", "category", "link", "content", "content:encoded",
            "wp:wxr_version", "wp:comment_parent"]
TYPED = ["published", "updated", "wp:post_date", "wp:post_date_gmt", "wp:post_modified_gmt",
         "wp:comment_date_gmt", "wp:post_id", "wp:comment_id", "wp:comment_parent",
         "wp:post_parent", "wp:is_sticky", "wp:comment_approved", "b:inReplyTo",
         "blogger:created"]


def commands_for(name: str) -> list[str]:
    if name.startswith("blogger"):
        return ["blogger"]
    if name.startswith("wordpress"):
        return ["wordpress"]
    return ["blogger", "wordpress"]


def import_into_a_fresh_blog(kind: str, text: str) -> tuple[object, tuple[int, int, int]]:
    """Import ``text`` as a ``kind`` export into a new, empty blog: (result, the
    numbers of posts, comments and old addresses afterwards)."""
    with tempfile.TemporaryDirectory() as folder, blog_app(Path(folder)) as app:
        create_author(app)
        export = Path(folder) / "export.xml"
        export.write_text(text, encoding="utf-8")
        result = app.test_cli_runner().invoke(args=["import", kind, str(export)])
        with app.app_context():
            counted = tuple(
                db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Post, Comment, LegacyRedirect)
            )
        return result, counted


def assert_summary_or_one_error_line(result, counted) -> None:
    output = result.output
    assert "Traceback" not in output
    if result.exit_code == 0:
        assert "Imported" in output, output
        return
    assert result.exit_code == 1, (result.exception, output)
    assert len(output.splitlines()) == 1, output
    assert output.startswith("Error: "), output
    assert counted == (0, 0, 0), output  # nothing half-written


@pytest.mark.parametrize("name", EXPORTS)
def test_every_fixture_imports_or_fails_in_one_line(name):
    for kind in commands_for(name):
        result, counted = import_into_a_fresh_blog(kind, (FIXTURES / name).read_text())
        assert_summary_or_one_error_line(result, counted)


def _cut(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(max(len(text), 1))]


def _items(text: str) -> list[re.Match]:
    return list(ITEM.finditer(text))


def _duplicate(text: str, rng: random.Random) -> str:
    items = _items(text)
    if not items:
        return text + text[: len(text) // 3]
    copied, there = rng.choice(items), rng.choice(items)
    return text[: there.start()] + copied[0] + "\n" + text[there.start():]


def _shuffle(text: str, rng: random.Random) -> str:
    items = _items(text)
    if len(items) < 2:
        return text
    blocks = [match[0] for match in items]
    rng.shuffle(blocks)
    head, tail = text[: items[0].start()], text[items[-1].end():]
    return head + "\n".join(blocks) + tail


def _element(tag: str) -> re.Pattern:
    name = re.escape(tag)
    return re.compile(rf"<{name}(\s[^>]*)?(/>|>.*?</{name}>)", re.DOTALL)


def _remove(text: str, rng: random.Random) -> str:
    present = [tag for tag in REQUIRED if _element(tag).search(text)]
    if not present:
        return text
    found = list(_element(rng.choice(present)).finditer(text))
    gone = rng.choice(found)
    return text[: gone.start()] + text[gone.end():]


def _retype(text: str, rng: random.Random, junk: str) -> str:
    present = [tag for tag in TYPED if _element(tag).search(text)]
    if not present:
        return text
    tag = rng.choice(present)
    found = rng.choice(list(_element(tag).finditer(text)))
    return text[: found.start()] + f"<{tag}>{junk}</{tag}>" + text[found.end():]


CORRUPTIONS = ["cut", "duplicate", "shuffle", "remove", "retype"]
# Text where a date or number goes: words, numbers out of range, markup and its escapes.
JUNK = st.one_of(
    st.sampled_from(["soon", "", "-1", "0", "99999999999999999999", "2020-13-45 25:61:61",
                     "0000-00-00 00:00:00", "1e9", "NaN", "yes", "&amp;", "<![CDATA[x]]>",
                     "2020-02-30T10:00:00Z", "\u0661\u0662"]),
    st.text(max_size=20),
)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    name=st.sampled_from([name for name in EXPORTS if name.startswith(("blogger", "wordpress"))]),
    corruptions=st.lists(st.sampled_from(CORRUPTIONS), min_size=1, max_size=3),
    seed=st.integers(0, 2**32),
    junk=JUNK,
)
def test_a_corrupted_export_imports_or_fails_in_one_line(name, corruptions, seed, junk):
    rng = random.Random(seed)
    text = (FIXTURES / name).read_text()
    for corruption in corruptions:
        if corruption == "cut":
            text = _cut(text, rng)
        elif corruption == "retype":
            text = _retype(text, rng, junk)
        else:
            text = {"duplicate": _duplicate, "shuffle": _shuffle, "remove": _remove}[
                corruption](text, rng)
    result, counted = import_into_a_fresh_blog(commands_for(name)[0], text)
    assert_summary_or_one_error_line(result, counted)
