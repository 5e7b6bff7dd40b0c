"""People using the served blog over HTTP: readers who comment, and the author editing.

Each simulated person has a ``requests`` session of their own (cookies, CSRF token), reads
the page, fills in the form that is on it the way a browser sends it (hidden fields,
the CSRF token and the comment form's signed stamp included), and posts it. What every
answer was is written down, so a test can compare what was sent with what was stored.
"""

import html
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

import requests

TIMEOUT = 30
# Words that must never reach anyone, in any answer.
LEAKS = ("Traceback", "database is locked", "OperationalError")
# What a killed worker does to a request: the connection refused or reset, or the
# answer cut off in the middle of its body.
BROKEN = (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)
REREAD_EVERY = 8  # comments a reader sends before reading the post again
_ANCHOR = re.compile(r"#c(\d+)$")


_TOKEN_FROM = re.compile(r'data-token-from="([^"]+)"')
_COUNTING_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/stats/seen\.css\?[^"]+)">')
# A browser's own: the statistics take python-requests (and HeadlessChrome) for crawlers.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


class _Forms(HTMLParser):
    """Every form on a page, with the values a browser would send (buttons aside)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({})
        elif not self.forms or "name" not in attrs:
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.forms[-1][attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.forms[-1][self._textarea] = ""
        elif tag == "select":
            self._select = attrs["name"]
        if tag == "option" and self._select and (
            "selected" in attrs or self._select not in self.forms[-1]
        ):
            self.forms[-1][self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea:
            self.forms[-1][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the newline that follows <textarea>.
            text = self.forms[-1][self._textarea]
            self.forms[-1][self._textarea] = text.removeprefix("\r\n").removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_with(html: str, field_name: str) -> dict[str, str]:
    """The fields of the first form on the page that has ``field_name``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if field_name in form:
            return form
    raise AssertionError(f"no form with a {field_name!r} field on the page")


def comment_form(session: requests.Session, base_url: str, html: str) -> dict[str, str]:
    """The comment form's fields, with the CSRF token a page shared by every reader has
    its script ask for (``data-token-from``) when the reader starts writing."""
    fields = form_with(html, "shown")
    asks = _TOKEN_FROM.search(html)
    if "csrf_token" not in fields and asks:
        answer = session.get(base_url + asks.group(1), timeout=TIMEOUT)
        answer.raise_for_status()
        fields["csrf_token"] = answer.text
    return fields


@dataclass
class Answer:
    """One comment sent: its marker, what came back, and when."""

    marker: str
    post_id: int
    sent_at: float
    answered_at: float = 0.0
    status: int | None = None  # None: no answer at all (the connection broke)
    comment_id: int | None = None

    @property
    def accepted(self) -> bool:
        return self.comment_id is not None


@dataclass
class Record:
    """Everything the simulated people saw; shared by their threads."""

    answers: list[Answer] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    broken_connections: int = 0
    edits_saved: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, response: requests.Response, expected: tuple[int, ...]) -> None:
        problem = ""
        if response.status_code not in expected:
            problem = f"answered {response.status_code}"
        leaked = [word for word in LEAKS if word in response.text]
        if leaked:
            problem += f" showing {leaked}"
        if problem:
            with self.lock:
                self.problems.append(
                    f"{response.request.method} {response.request.path_url}: {problem}"
                )

    def broke(self) -> None:
        with self.lock:
            self.broken_connections += 1

    def accepted(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.accepted]

    def unanswered(self) -> list[Answer]:
        return [answer for answer in self.answers if answer.status is None]


@dataclass
class PublishedPost:
    id: int
    path: str


def marker_for(client: int, number: int) -> str:
    """A word that appears in exactly one comment, so it can be counted in the database."""
    return f"mark{client:02d}x{number:05d}"


def comment_text(marker: str) -> str:
    return f"Remark {marker}: the fixed charge weighs on small users more than large ones."


def send_comments(base_url: str, posts: list[PublishedPost], client: int, how_many: int,
                  record: Record, stop: threading.Event) -> None:
    """Read a post, fill in its comment form and send it; again, until done or stopped.

    Like a person who stays on the page, the reader sends further comments from the form
    they have (its CSRF token and signed stamp stay valid) and reads the page again now
    and then; reading it before every comment would make the test measure page
    rendering rather than writing. A connection that breaks (a worker killed under it)
    is written down and the reader goes on, as a person would press the button again.
    """
    session = requests.Session()
    forms: dict[int, dict[str, str]] = {}
    for number in range(how_many):
        if stop.is_set():
            break
        post = posts[(client + number) % len(posts)]
        if post.id not in forms or number % REREAD_EVERY == 0:
            try:
                page = session.get(base_url + post.path, timeout=TIMEOUT)
            except BROKEN:
                record.broke()
                continue
            record.check(page, (200,))
            if page.status_code != 200:
                continue
            try:
                forms[post.id] = comment_form(session, base_url, page.text)
            except requests.RequestException:
                record.broke()
                continue
        fields = dict(forms[post.id])
        answer = Answer(marker_for(client, number), post.id, sent_at=time.monotonic())
        fields.update(body=comment_text(answer.marker), name=f"Reader {client}")
        with record.lock:
            record.answers.append(answer)
        try:
            response = session.post(f"{base_url}/posts/{post.id}/comments", data=fields,
                                    allow_redirects=False, timeout=TIMEOUT)
        except BROKEN:
            record.broke()
            continue
        answer.answered_at = time.monotonic()
        answer.status = response.status_code
        record.check(response, (302, 303))
        found = _ANCHOR.search(response.headers.get("Location", ""))
        if response.status_code in (302, 303) and found:
            answer.comment_id = int(found.group(1))
    session.close()


class PageReader:
    """A reader's browser as the statistics see it: it reads a page, then loads the
    counting stylesheet the page links, which is the view. ``address`` is sent in
    X-Forwarded-For, for a server that trusts one proxy (TRUSTED_PROXIES=1)."""

    def __init__(self, address: str | None = None):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = BROWSER
        if address:
            self.session.headers["X-Forwarded-For"] = address

    def read(self, base_url: str, path: str) -> str:
        """Read the page and load its counting stylesheet; the stylesheet's address."""
        page = self.session.get(base_url + path, timeout=TIMEOUT)
        assert page.status_code == 200, f"{path}: {page.status_code}"
        found = _COUNTING_STYLESHEET.search(page.text)
        assert found, f"{path} links no counting stylesheet"
        stylesheet = html.unescape(found.group(1))
        self.load(base_url, stylesheet)
        return stylesheet

    def load(self, base_url: str, stylesheet: str) -> None:
        """Load a page's counting stylesheet again, as showing the page again does."""
        answer = self.session.get(base_url + stylesheet, timeout=TIMEOUT)
        assert answer.status_code == 200, f"{stylesheet}: {answer.status_code}"


class AuthorClient:
    """The author in a browser of their own: logs in, publishes, edits."""

    def __init__(self, base_url: str, record: Record | None = None):
        self.base_url = base_url
        self.session = requests.Session()
        self.record = record or Record()

    def _get(self, path: str) -> requests.Response:
        response = self.session.get(self.base_url + path, timeout=TIMEOUT)
        self.record.check(response, (200,))
        return response

    def _post(self, path: str, fields: dict) -> requests.Response:
        response = self.session.post(self.base_url + path, data=fields,
                                     allow_redirects=False, timeout=TIMEOUT)
        self.record.check(response, (302, 303))
        return response

    def log_in(self, username: str, password: str) -> None:
        fields = form_with(self._get("/login").text, "username")
        fields.update(username=username, password=password)
        assert self._post("/login", fields).status_code == 302, "the author could not log in"

    def publish(self, title: str, body: str) -> PublishedPost:
        fields = form_with(self._get("/dashboard/posts/new").text, "title")
        fields.update(title=title, body=body, publish="Publish")
        editor = self._post("/dashboard/posts/new", fields).headers["Location"]
        post_id = int(re.search(r"/posts/(\d+)/edit", editor).group(1))
        page = self._get(f"/dashboard/posts/{post_id}/edit").text
        path = re.search(r'<a href="([^"]+)">View the post</a>', page).group(1)
        return PublishedPost(post_id, path)

    def edit(self, post_id: int, addition: str) -> bool:
        """Add a paragraph to a post and press Update; whether it was saved."""
        editor = f"/dashboard/posts/{post_id}/edit"
        page = self._get(editor)
        if page.status_code != 200:
            return False
        fields = form_with(page.text, "title")
        fields.update(body=fields["body"] + f"\n\n{addition}", publish="Update")
        saved = self._post(editor, fields).status_code == 302
        if saved:
            with self.record.lock:
                self.record.edits_saved += 1
        return saved

    def keep_editing(self, posts: list[PublishedPost], stop: threading.Event) -> None:
        number = 0
        while not stop.is_set():
            try:
                self.edit(posts[number % len(posts)].id, f"Edit number {number}.")
            except BROKEN:
                self.record.broke()
            number += 1


def start_threads(*jobs) -> list[threading.Thread]:
    """Start each ``(function, *args)`` in a thread of its own."""
    threads = [threading.Thread(target=job[0], args=job[1:]) for job in jobs]
    for thread in threads:
        thread.start()
    return threads


class StallingClients:
    """Connections that hold on to the server without finishing a request: ``idle`` ones
    that send nothing at all, and ``slow`` ones that send the start of a request and then
    one more byte of a header every half second, as a slowloris attack does.

    ``trickle()`` sends the slow ones' next bytes (call it from one thread);
    ``closed_by_server(timeout)`` waits, at most ``timeout`` seconds, until the server has
    closed every one of them.
    """

    START = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slowly: "
    EVERY = 0.5  # seconds between the slow clients' bytes

    def __init__(self, port: int, idle: int, slow: int):
        self.idle = [socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                     for _ in range(idle)]
        self.slow = [socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
                     for _ in range(slow)]
        for connection in self.slow:
            connection.sendall(self.START)
        self.cut_off: set[socket.socket] = set()  # slow ones the server closed while sending
        self._stop = threading.Event()
        self._trickling = threading.Thread(target=self._trickle, daemon=True)
        self._trickling.start()

    def _trickle(self) -> None:
        while not self._stop.wait(self.EVERY):
            for connection in set(self.slow) - self.cut_off:
                try:
                    connection.sendall(b"x")
                except OSError:
                    self.cut_off.add(connection)

    def closed_by_server(self, timeout: float) -> list[str]:
        """Wait until the server has closed every connection, at most ``timeout`` seconds;
        which ones it has not closed by then."""
        deadline = time.monotonic() + timeout
        still_open = []
        for kind, connections in (("idle", self.idle), ("slow", self.slow)):
            for number, connection in enumerate(connections):
                if not _closed_by_peer(connection, deadline):
                    still_open.append(f"{kind} {number}")
        return still_open

    def close(self) -> None:
        self._stop.set()
        self._trickling.join(timeout=TIMEOUT)
        assert not self._trickling.is_alive(), "the slow clients' thread did not stop"
        for connection in self.idle + self.slow:
            connection.close()


def _closed_by_peer(connection: socket.socket, deadline: float) -> bool:
    """Whether the other end closes ``connection`` before ``deadline`` (whatever it sends
    first, such as a 408 answer, is read and passed over)."""
    while (left := deadline - time.monotonic()) > 0:
        connection.settimeout(left)
        try:
            if not connection.recv(4096):
                return True
        except TimeoutError:
            return False
        except OSError:  # reset: closed as well
            return True
    return False
