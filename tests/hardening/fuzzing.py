"""What the fuzz tests share: hostile values, the routes they are sent to, one blog to
send them to, and the check every answer must pass.

Every route in the URL map has an entry in ROUTES saying which query parameters its view
reads, which form it takes and who sends it; test_fuzzing.py fails until a new route is
added here, so no address escapes the fuzzer.
"""

import io
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote, urlencode

import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from blog.account.forms import PasswordForm, ProfileForm
from blog.auth.forms import CodeForm, LoginForm, RecoveryForm
from blog.comments.forms import CommentForm
from blog.comments.spam import form_stamp
from blog.dashboard.forms import ConfirmForm, MoveForm, PageForm, PostForm, SettingsForm
from blog.extensions import db
from blog.mail.forms import FollowForm, TestMessageForm
from blog.models import CommentStatus, LegacyRedirect, Post
from blog.posts.publishing import keep_version, move_to_trash, set_content
from blog.setup.forms import SetupForm
from blog.two_factor.forms import DisableForm, EnableForm, RegenerateForm
from blog.uploads.forms import UploadForm
from tests.helpers import (
    AuthActions,
    blog_app,
    create_author,
    refuse_nul_like_postgresql,
    write_comment,
    write_post,
)

# Deterministic and quick: the same examples on every run, nothing kept between runs.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- Hostile values ---------------------------------------------------------------------

TRICKY = [
    "", " ", "\x00", "a\x00b", "\r\n", "\t", "\x1b[31m", "\x7f", "\u0085", "\u2028",
    "%", "%00", "%zz", "%ff%fe", "%c3%28", "..", "../../instance/secret_key", "\\", "//",
    "'", '"', "' OR 1=1 --", "<script>alert(1)</script>", "javascript:alert(1)",
    "\u202eevil", "\ufeff", "\U0001f600", "\ufffd", "\uffff", "\U0010ffff",
    "١٢٣", "²", "１２", "𝟙", "NaN", "1e9", "0x10", "-0", " 1", "1 ", "+1", "1.5",
]
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, 2**64, 2**70]),
).map(str)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
CONTROL = st.text(st.characters(categories=("Cc",)), min_size=1, max_size=8)
LONG = st.builds(
    lambda piece, length: (piece * length)[:length],
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=3),
    st.integers(min_value=1_000, max_value=10_000),
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(TRICKY),
    ANY_TEXT,
    CONTROL,
    st.tuples(ANY_TEXT, CONTROL, ANY_TEXT).map("".join),
    NUMBERS,
    LONG,
)
# The trouble every variable, parameter and field is sure to get, whatever Hypothesis
# draws: NUL and other control characters, numbers past every integer type, digits that
# are not ASCII, and the longest values.
NASTIES = ["a\x00b", "\n\x1b[0m\uffff", str(2**70), "²", "9" * 5_000, "x" * 10_000]
NASTY_SEGMENTS = [quote(nasty, safe="") for nasty in NASTIES] + ["%ff", "%", "a%00"]
# Already percent-encoded, some of it badly: how a hand-typed or broken link arrives.
RAW_SEGMENTS = st.sampled_from(
    ["%", "%2", "%zz", "%ff", "%c3%28", "%00", "%ed%a0%80", "%2e%2e", "%2f", "a%00b", "%%"]
)


def path_value(converter: str):
    """Values for one variable of a URL rule, encoded for the path."""
    segment = st.one_of(HOSTILE_TEXT.map(lambda text: quote(text, safe="")), RAW_SEGMENTS)
    if converter.startswith("int"):
        return st.one_of(NUMBERS, segment)
    if converter.startswith("path"):
        return st.one_of(segment, HOSTILE_TEXT.map(lambda text: quote(text, safe="/")))
    return segment


_VARIABLE = re.compile(r"<(?:([^:>]+):)?([^>]+)>")


def fuzzed_path(draw, rule) -> str:
    """The rule's path with a hostile value drawn for every variable."""
    return _VARIABLE.sub(lambda match: draw(path_value(match.group(1) or "")), rule.rule)


def filled_path(rule, values: dict) -> str:
    """The rule's path with the given plausible values."""
    return _VARIABLE.sub(lambda match: str(values[match.group(2)]), rule.rule)


def query_string(draw, names) -> str:
    """A query string with hostile values for some of ``names``, repeats and strangers."""
    keys = st.one_of(st.sampled_from(sorted(names)), HOSTILE_TEXT)
    pairs = draw(st.lists(st.tuples(keys, HOSTILE_TEXT), max_size=4))
    encoded = urlencode(pairs, quote_via=quote)
    raw = draw(st.sampled_from(["", "&%zz=%ff", "&&=&", "&page", "&=%00", "&q=%c3%28"]))
    return encoded + raw


# --- The routes, and what their views read -------------------------------------------------

# Read on every GET by the legacy redirects (blog.legacy.views.old_query_shapes), and by
# the pager and the canonical link on any page.
EVERYWHERE = ("m", "page")


@dataclass(frozen=True)
class Route:
    query: tuple[str, ...] = ()
    form: type | tuple[str, ...] = ()  # a WTForms class, or the field names a view reads
    senders: tuple[str, ...] = ("reader",)


AUTHOR = ("author",)
ROUTES = {
    "account.profile": Route(form=ProfileForm, senders=AUTHOR),
    "account.password": Route(form=PasswordForm, senders=AUTHOR),
    "account.sessions": Route(senders=AUTHOR),
    "account.end_session": Route(senders=AUTHOR),
    "account.end_other_sessions": Route(senders=AUTHOR),
    "two_factor.settings": Route(senders=AUTHOR),
    "two_factor.enable": Route(form=EnableForm, senders=AUTHOR),
    "two_factor.disable": Route(form=DisableForm, senders=AUTHOR),
    "two_factor.regenerate": Route(form=RegenerateForm, senders=AUTHOR),
    "archive.period": Route(),
    "auth.login": Route(query=("next",), form=LoginForm),
    "auth.logout": Route(senders=AUTHOR),
    "auth.code": Route(form=CodeForm),
    "auth.recovery_code": Route(form=RecoveryForm),
    "comments.act": Route(query=("status",), form=("one", "action", "ids"), senders=AUTHOR),
    "comments.create": Route(query=("cpage",), form=CommentForm, senders=("reader", "author")),
    "comments.form_token": Route(senders=("reader", "author")),
    "comments.permalink": Route(),
    "comments.moderate": Route(query=("status",), senders=AUTHOR),
    "comments.confirm": Route(query=("action",), senders=AUTHOR),
    "mail.status": Route(senders=AUTHOR),
    "subscriptions.confirm": Route(senders=("reader", "author")),
    "subscriptions.follow_blog": Route(form=FollowForm, senders=("reader", "author")),
    "mail.followers": Route(query=("page",), senders=AUTHOR),
    "mail.remove_follower": Route(form=ConfirmForm, senders=AUTHOR),
    "mail.followers_file": Route(senders=AUTHOR),
    "subscriptions.unsubscribe_link": Route(senders=("reader", "author")),
    "mail.send_test": Route(form=TestMessageForm, senders=AUTHOR),
    "dashboard.create": Route(form=PostForm, senders=AUTHOR),
    "dashboard.create_page": Route(form=PageForm, senders=AUTHOR),
    "dashboard.pages": Route(senders=AUTHOR),
    "dashboard.move_page": Route(form=MoveForm, senders=AUTHOR),
    "dashboard.delete": Route(form=ConfirmForm, senders=AUTHOR),
    "dashboard.edit": Route(form=PostForm, senders=AUTHOR),
    "dashboard.index": Route(query=("status", "label", "q"), senders=AUTHOR),
    "dashboard.purge": Route(form=ConfirmForm, senders=AUTHOR),
    "dashboard.restore": Route(senders=AUTHOR),
    "dashboard.sample_essays": Route(senders=AUTHOR),
    "dashboard.settings": Route(form=SettingsForm, senders=AUTHOR),
    "dashboard.trash": Route(senders=AUTHOR),
    "dashboard.untrash": Route(senders=AUTHOR),
    "feeds.comments": Route(),
    "feeds.label_atom": Route(),
    "feeds.post_comments": Route(),
    "feeds.posts_atom": Route(),
    "feeds.posts_rss": Route(),
    "feeds.robots": Route(),
    "feeds.sitemap": Route(),
    "labels.detail": Route(),
    "legacy.blogger_archive": Route(),
    "legacy.blogger_comments_feed": Route(),
    "legacy.blogger_label": Route(),
    "legacy.blogger_label_feed": Route(),
    "legacy.blogger_post_comments_feed": Route(),
    "legacy.blogger_posts_feed": Route(query=("alt",)),
    "legacy.wordpress_author": Route(),
    "legacy.wordpress_comments_feed": Route(),
    "legacy.wordpress_feed": Route(),
    "legacy.wordpress_label": Route(),
    "pages.detail": Route(query=("replytocom", "cpage")),
    "posts.detail": Route(query=("replytocom", "cpage")),
    "posts.index": Route(query=("p", "page_id", "cat", "tag", "author", "feed")),
    "search.results": Route(query=("q",)),
    "setup.start": Route(query=("code",), form=SetupForm),
    "static": Route(query=("v",)),
    "stats.overview": Route(query=("period",), senders=AUTHOR),
    # The counting stylesheet's query names the page viewed (blog.stats.middleware).
    "stats_counting.seen": Route(query=("k", "p", "id", "q")),
    "uploads.manage": Route(form=UploadForm, senders=AUTHOR),
    "uploads.serve": Route(),
}
FORM_ROUTES = sorted(endpoint for endpoint, route in ROUTES.items() if route.form)
# Routes that may log the author's test client out: it logs in again after each.
LOGS_OUT = {"auth.logout", "account.end_session"}
# POST routes that read no form: only their token and address.
BARE_POSTS = (
    "account.end_other_sessions", "account.end_session",
    "auth.logout", "dashboard.restore", "dashboard.sample_essays", "dashboard.untrash",
    # The signed token in the address is all they read (and a mail client's one-click body).
    "subscriptions.confirm", "subscriptions.unsubscribe_link",
)


def form_fields(app, form) -> list[str]:
    """Every field a form has (its CSRF token too), or the names a view reads itself."""
    if isinstance(form, tuple):
        return [*form, "csrf_token"]
    with app.test_request_context():
        return [field.name for field in form(meta={"csrf": False})] + ["csrf_token"]


# Values that pass each field's checks, so that one hostile field among them reaches the
# code behind validation.
PLAUSIBLE = {
    "title": "An essay on fuzzing", "body": "Some words.", "labels": "Energy, Cities",
    "publish_at": "2020-02-01T10:00", "comment_mode": "open", "save_draft": "1",
    "publish": "1", "preview": "1", "username": "ana", "password": "wrong password",
    "name": "A reader", "website": "example.org", "remember": "y", "action": "approve",
    "alt": "A picture",
}


# A real 1x1 GIF: the uploads decode what they keep.
TINY_GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
            b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def form_value(name: str, plausible: dict):
    choices = [HOSTILE_TEXT]
    if name in plausible:
        choices.insert(0, st.just(str(plausible[name])))
    return st.one_of(*choices)


def form_data(draw, fields: list[str], plausible: dict) -> list[tuple[str, object]]:
    """Fields with plausible or hostile values, some missing, some repeated, some unknown."""
    names = st.one_of(st.sampled_from(fields), HOSTILE_TEXT)
    chosen = draw(st.lists(names, max_size=len(fields) + 3))
    if draw(st.booleans()):
        chosen = [*fields, *chosen]  # every field there, so validation runs in full
    data = []
    for name in chosen:
        # A file in a text field is as wrong a type as text in the file field.
        if name == "image" or draw(st.integers(0, 9)) == 0:
            content = draw(st.one_of(st.binary(max_size=64), st.just(TINY_GIF)))
            data.append((name, (io.BytesIO(content), draw(HOSTILE_TEXT) or "x")))
        else:
            data.append((name, draw(form_value(name, plausible))))
    return data

# --- One blog for a whole module of examples ------------------------------------------------

FUZZ_SETTINGS = {
    # Ahead of UTC even in year 1, so the calendar's first days overflow if anything
    # forgets to check.
    "TIMEZONE": "Asia/Tokyo",
    # The limits would stop the examples from reaching the code behind them.
    "COMMENT_RATE_LIMIT": 1_000_000,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 1_000_000,
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 1_000_000,
    "COMMENT_MODE": "open",
}


def seed(app) -> SimpleNamespace:
    """A post with threaded comments and a label, and a post for each thing a route does
    to one (edit, delete, purge, untrash, restore a version), so no example spoils another's."""
    author_id = create_author(app)
    post = write_post(app, author_id, "An essay", labels=("Energy",), published=timedelta(days=3))
    top = write_comment(app, post.id, "First!")
    reply = write_comment(app, post.id, "A reply.", parent_id=top)
    write_comment(app, post.id, "Held.", status=CommentStatus.PENDING)
    spare = {
        name: write_post(app, author_id, f"A post to {name}").id
        for name in ("edit", "delete", "purge", "untrash", "restore")
    }
    with app.test_request_context():
        for name in ("purge", "untrash"):
            move_to_trash(db.session.get(Post, spare[name]))
        versioned = db.session.get(Post, spare["restore"])
        keep_version(versioned)
        set_content(versioned, title="Changed", body="New words.", label_names=[])
        db.session.add(LegacyRedirect(path="/2019/01/old.html", post_id=post.id))
        db.session.commit()
        version_id = versioned.versions[0].id
    return SimpleNamespace(
        post=post, comment_ids=(top, reply), spare=spare, version_id=version_id
    )


def refuse_too_long_like_postgresql(conn, cursor, statement, parameters, context,
                                    executemany):
    """Make SQLite refuse what PostgreSQL refuses: more text than a VARCHAR column holds.

    Only values written (INSERT, UPDATE) count: PostgreSQL compares longer text fine.
    """
    compiled = context.compiled
    if compiled is None or not (context.isinsert or context.isupdate):
        return
    for row in parameters if executemany else [parameters]:
        for name, value in zip(compiled.positiontup or (), row, strict=False):
            length = getattr(getattr(compiled.binds.get(name), "type", None), "length", None)
            if length and isinstance(value, str) and len(value) > length:
                raise ValueError(f"value too long for type character varying({length})")


@contextmanager
def fuzz_blog(folder):
    """A seeded blog with a reader and a logged-in author, for a module of examples; on
    SQLite too, a NUL or an over-long value that reaches the database fails, as on
    PostgreSQL."""
    with blog_app(folder, **FUZZ_SETTINGS) as app:
        with app.app_context():
            for rule in (refuse_nul_like_postgresql, refuse_too_long_like_postgresql):
                sa.event.listen(db.engine, "before_cursor_execute", rule)
        blog = seed(app)
        blog.app = app
        blog.senders = Senders(app)
        yield blog


def plausible_fields(blog) -> dict:
    """PLAUSIBLE, with the seeded blog's comment ids and a fresh comment-form stamp."""
    top, _ = blog.comment_ids
    with blog.app.app_context():
        stamp = form_stamp(blog.app.secret_key, blog.post.id)
    return PLAUSIBLE | {"parent_id": top, "ids": top, "one": f"approve:{top}", "shown": stamp}


def plausible_path_values(blog, endpoint: str) -> dict:
    """Values that reach the view's own code for a POST route's path variables."""
    post_id = blog.spare.get(endpoint.removeprefix("dashboard."), blog.post.id)
    return {"post_id": post_id, "version_id": blog.version_id,
            "comment_id": blog.comment_ids[0], "token": "not-a-token", "subscription_id": 1,
            "login_id": 1}


class Senders:
    """The reader's and the logged-in author's test clients for one blog."""

    def __init__(self, app):
        self.reader = app.test_client()
        self.author = app.test_client()
        self._author_auth = AuthActions(self.author)
        self.log_author_in()

    def log_author_in(self):
        response = self._author_auth.login()
        assert response.status_code == 302, "the author could not log in"

    def client(self, who: str):
        return self.author if who == "author" else self.reader


# --- The check every answer must pass -----------------------------------------------------

# A landmark of templates/base.html, and the ways a page tells a person what went wrong.
LAYOUT = ('class="site-title"', "<main")
TRACEBACK = "Traceback (most recent call last)"
HUMAN_MESSAGE = ('class="error', 'class="flash')  # error-page, a field's error, a flash


def assert_handled(response, what: str = "") -> None:
    """No 500; a 4xx page is in the blog's layout with a message; no traceback anywhere."""
    try:
        _check_answer(response, f"{what} -> {response.status_code}")
    finally:
        response.close()  # a static file's answer holds the file open until closed


def _check_answer(response, where: str) -> None:
    assert response.status_code < 500, where
    if not response.mimetype.startswith(("text/", "application/json", "application/xml")):
        return
    text = response.get_data(as_text=True)
    assert TRACEBACK not in text, where
    if 400 <= response.status_code < 500 and response.mimetype == "text/html":
        assert all(landmark in text for landmark in LAYOUT), f"{where}: not in the layout"
        assert any(message in text for message in HUMAN_MESSAGE), f"{where}: no message"
