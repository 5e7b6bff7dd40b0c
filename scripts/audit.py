"""Serve a sample blog and measure its pages with the Nu HTML checker, axe-core and
Lighthouse (mobile preset); print each figure and fail if a bar is missed. The set-up
pages are measured first, while the blog has no author; then the readers' pages and the
author's (logged in), with months of readers' counts written (so the statistics page
has bars and rows) and the Popular posts widget shown in the sidebar; last, the first
page of a post with 5,000 comments ("thread"). Lighthouse's cumulative layout shift is
printed too (CLS): nothing may move as a page loads.

A post of five uploaded photos (3000 x 2000, made here with Pillow: a gradient with noise,
so they weigh what photos weigh) is measured as "photos": its copies in srcset, its sizes
given, every photo but the first loaded lazily.

The blog speaks English unless ``--language`` names another (``--language ar``: the
whole blog in Arabic, right to left, from the set-up pages on, filled with the Arabic
sample essays; a language without sample essays gets the English ones).

Run it through scripts/audit, which installs what it needs first
(``scripts/audit --language ar``).
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The virtualenv this runs in (scripts/audit runs it with .venv's python).
VENV_BIN = Path(sys.executable).parent
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
LIGHTHOUSE = ROOT / "node_modules/.bin/lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
# seed-demo's author, with the sample's name and bio in the blog's language.
USERNAME, PASSWORD = "author", "a long audit password"
# The blog's title in the languages the sample blog is written in.
TITLES = {"en": "Notes on Energy and Cities", "ar": "ملاحظات في الطاقة والمدن"}
BARS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_LAYOUT_SHIFT = 0.01  # Lighthouse's cumulative layout shift: nothing moves as it loads
# Pages only the logged-in author sees.
AUTHOR_PAGES = {"editor", "dashboard", "stats", "settings", "account", "pages"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    return subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "app", *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout


def audited_pages(env: dict) -> dict[str, str]:
    """The home page, the busiest post, its month, one of its labels, a page, log-in,
    the editor and the author's other pages."""
    script = """
import sqlalchemy as sa
from blog import create_app
from blog.extensions import db
from blog.models import Comment, Post
from blog.posts.links import post_url
app = create_app()
with app.test_request_context():
    post = db.session.scalars(sa.select(Post).join(Comment).group_by(Post.id)
        .order_by(sa.func.count(Comment.id).desc()).limit(1)).one()
    print(post_url(post), post.labels[0].name, post.id)
"""
    out = subprocess.run([str(VENV_BIN / "python"), "-c", script], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True).stdout.split()
    path, label, post_id = out[0], " ".join(out[1:-1]), out[-1]
    year, month = path.split("/")[1:3]
    photos = subprocess.run([str(VENV_BIN / "python"), "-c", SAMPLE_PHOTOS], cwd=ROOT,
                            env=env, check=True, capture_output=True, text=True).stdout
    return {
        "home": "/",
        "post": path,
        "photos": photos.split()[-1],
        "archive": f"/{year}/{month}/",
        "label": "/label/" + urllib.parse.quote(label),
        "page": "/p/about",
        "login": "/login",
        "editor": f"/dashboard/posts/{post_id}/edit",
        "dashboard": "/dashboard",
        "stats": "/dashboard/stats",
        "settings": "/dashboard/settings",
        "account": "/dashboard/account",
        "pages": "/dashboard/pages",
    }


SAMPLE_BROWSER = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/131.0.0.0 Safari/537.36")


def long_thread(env: dict, comments: int = 5000) -> str:
    """A post with ``comments`` comments (scripts/bench_blog.py's); return its path."""
    script = f"""
import sys
sys.path.insert(0, "scripts")
from bench_blog import add_long_thread
from blog import create_app
print(add_long_thread(create_app(), {comments}))
"""
    return subprocess.run([str(VENV_BIN / "python"), "-c", script], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True).stdout.split()[-1]


def add_sample_counts(days_back=(0, 1, 2, 3, 5, 8, 13, 21, 29, 44, 75)) -> int:
    """Readers' views, searches, referrers, robots and feed fetches over the last few
    months, written as the statistics' writer writes them, so /dashboard/stats has bars
    in both charts and rows in every table, and the Popular posts widget has posts.
    Needs a request context of the blog; returns how many events it wrote."""
    import time

    import sqlalchemy as sa

    from blog.extensions import db
    from blog.models import Post, PostKind
    from blog.posts.links import post_url
    from blog.stats.flush import write_counts
    from blog.stats.tally import FeedFetch, PageRequest, View
    from blog.utils.database import utcnow

    posts = db.session.scalars(
        sa.select(Post).where(Post.kind == PostKind.POST, Post.visible_clause(utcnow()))
        .order_by(Post.published_at.desc()).limit(6)).all()
    now, events = time.time(), []
    referrers = ("https://www.google.com/", "https://news.ycombinator.com/item?id=1", "",
                 "https://www.ecosia.org/search?q=tariffs", "https://example.org/links")
    for back in days_back:
        at = now - back * 86_400
        for rank, post in enumerate(posts):
            for reader in range(len(posts) - rank + back % 3):
                address = f"198.51.100.{reader + 1}"
                events.append(View(at, "post", post_url(post), post.id, "", address,
                                   SAMPLE_BROWSER, private=False))
                events.append(PageRequest(at, referrers[(reader + rank) % len(referrers)],
                                          "127.0.0.1", SAMPLE_BROWSER))
        events.append(View(at, "home", "/", None, "", "198.51.100.1", SAMPLE_BROWSER, False))
        events.append(View(at, "search", "/search", None, ("heat pumps", "tariffs")[back % 2],
                           "198.51.100.2", SAMPLE_BROWSER, False))
        events.append(PageRequest(at, "", "127.0.0.1",
                                  "Mozilla/5.0 (compatible; Googlebot/2.1; "
                                  "+http://www.google.com/bot.html)"))
        events.append(PageRequest(at, "", "127.0.0.1", "curl/8.5.0"))
        events.append(FeedFetch(at, "192.0.2.10",
                                "Feedly/1.0 (+http://www.feedly.com/fetcher.html; "
                                "42 subscribers; like FeedFetcher-Google)"))
        events.append(FeedFetch(at, "192.0.2.11", "NetNewsWire (RSS Reader; "
                                "https://netnewswire.com/)"))
    write_counts(events)
    return len(events)


SAMPLE_COUNTS = """
from blog import create_app
from scripts.audit import add_sample_counts
with create_app().test_request_context():
    add_sample_counts()
"""


def add_sample_photos(count: int = 5) -> str:
    """Upload ``count`` photo-like JPEGs as the upload page does and publish a post that
    shows them between paragraphs; return its address. Needs a request context."""
    import io
    from datetime import UTC, datetime

    from PIL import Image

    from blog.extensions import db
    from blog.models import Author, Post
    from blog.posts.links import post_url
    from blog.posts.publishing import publish, set_content
    from blog.uploads.storage import save_image, uploads_folder

    width, height = 3000, 2000
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    paragraphs = []
    for number in range(count):
        sky = Image.new("RGB", (width, height), (60 + number * 35, 120, 170 - number * 20))
        noise = Image.effect_noise((width, height), 40).convert("RGB")
        photo = Image.blend(Image.blend(gradient, sky, 0.6), noise, 0.25)
        data = io.BytesIO()
        photo.save(data, "JPEG", quality=90)
        data.seek(0)
        stored = save_image(data, uploads_folder(), 8 * 1024 * 1024)
        paragraphs += [f"The light over the harbour, hour {number + 1}: how the colour of "
                       "the water changes as the tide turns and the wind comes round.",
                       f"![The harbour at hour {number + 1}](/uploads/{stored.name})"]
    post = Post(author=db.session.scalars(db.select(Author)).first())
    db.session.add(post)
    set_content(post, title="Five photographs of the harbour",
                body="\n\n".join(paragraphs), label_names=["Photographs"])
    # Dated long ago, so the home, archive and label pages measured stay as they were.
    publish(post, at=datetime(2001, 1, 1, 9, tzinfo=UTC))
    db.session.commit()
    return post_url(post)


SAMPLE_PHOTOS = """
from blog import create_app
from scripts.audit import add_sample_photos
with create_app().test_request_context():
    print(add_sample_photos())
"""


def setup_pages(env: dict) -> dict[str, str]:
    """The page that asks for the set-up code, and the set-up form with its code."""
    line = flask(env, "setup-link", "--url", "http://127.0.0.1/")
    code = re.search(r"code=(\S+)", line).group(1)
    return {"setup-code": "/setup", "setup-form": f"/setup?code={code}"}


def log_in(base: str) -> str:
    """Log in through the form; return the session cookie header."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": USERNAME, "password": PASSWORD}
    ).encode()
    opener.open(base + "/login", data=data).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(url: str, cookie: str = "") -> bytes:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    return urllib.request.urlopen(request).read()


def nu_errors(base: str, pages: dict, cookie: str, folder: Path) -> dict[str, list[str]]:
    files = {}
    for name, path in pages.items():
        file = folder / f"{name}.html"
        file.write_bytes(fetch(base + path, cookie if name in AUTHOR_PAGES else ""))
        files[str(file)] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always",
         *files], capture_output=True, text=True, check=True,
    )
    errors = {name: [] for name in pages}
    for message in json.loads(result.stdout)["messages"]:
        if message["type"] == "error":
            name = files[urllib.parse.unquote(message["url"]).removeprefix("file:")]
            errors[name].append(message["message"])
    return errors


def axe_violations(base: str, pages: dict, cookie: str) -> dict[tuple[str, str], list[str]]:
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROME_FLAGS.split()[1:]
        )
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme, bypass_csp=True)
            page = context.new_page()
            for page_name, path in pages.items():
                if page_name in AUTHOR_PAGES:
                    name, value = cookie.split(";")[0].split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": base}])
                page.goto(base + path)
                page.add_script_tag(path=str(AXE_JS))
                found[(page_name, scheme)] = page.evaluate(
                    "async () => (await axe.run()).violations.map(v => v.id)"
                )
            context.close()
        browser.close()
    return found


def lighthouse(base: str, path: str, cookie: str, folder: Path) -> dict[str, int]:
    report = folder / "lighthouse.json"
    command = [str(LIGHTHOUSE), base + path, "--quiet", "--output=json",
               f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
               "--only-categories=performance,accessibility,best-practices,seo"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium")}
    subprocess.run(command, check=True, env=env, capture_output=True)
    result = json.loads(report.read_text())
    scores = {key: round(value["score"] * 100) for key, value in result["categories"].items()}
    scores["final_url"] = result["finalDisplayedUrl"]
    scores["cls"] = result["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def sample_shown(base: str, pages: dict, cookie: str) -> bool:
    """Whether the readers' pages show the Popular posts widget and the counting
    stylesheet, and the statistics page has bars in both charts; printed if not."""
    post = fetch(base + pages["post"]).decode()
    stats = fetch(base + pages["stats"], cookie).decode()
    missing = [what for what, there in (
        ("the Popular posts widget", 'class="widget popular-widget"' in post),
        ("the counting stylesheet", '<link rel="stylesheet" href="/stats/seen.css?' in post),
        ("the statistics' bars", stats.count('<g class="bar"') > 30
         and 'id="monthly-chart"' in stats),
    ) if not there]
    for what in missing:
        print(f"the sample blog lacks {what}")
    return not missing


def audit(base: str, pages: dict, cookie: str, folder: Path) -> bool:
    """Measure ``pages``, print a row each; True if every bar is met."""
    nu = nu_errors(base, pages, cookie, folder)
    axe = axe_violations(base, pages, cookie)
    passed = True
    for name, path in pages.items():
        scores = lighthouse(base, path, cookie if name in AUTHOR_PAGES else "", folder)
        row = (len(nu[name]), len(axe[(name, "light")]), len(axe[(name, "dark")]))
        print(f"{name:<10} {row[0]:>9} {row[1]:>9} {row[2]:>8} "
              f"{scores['performance']:>5} {scores['accessibility']:>5} "
              f"{scores['best-practices']:>5} {scores['seo']:>5} {scores['cls']:>6.3f}  {path}",
              flush=True)
        problems = nu[name] + axe[(name, "light")] + axe[(name, "dark")]
        problems += [f"{key} {scores[key]} < {bar}" for key, bar in BARS.items()
                     if scores[key] < bar]
        if scores["cls"] > MAX_LAYOUT_SHIFT:
            problems.append(f"layout shift {scores['cls']:.3f} > {MAX_LAYOUT_SHIFT}")
        if scores["final_url"] != base + path:
            problems.append(f"Lighthouse measured {scores['final_url']} instead")
        for problem in problems:
            print(f"           - {problem}")
        passed = passed and not problems
    return passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--language", default="en",
                        help="the blog's language, e.g. ar (default: en)")
    language = parser.parse_args().language
    folder = Path(tempfile.mkdtemp(prefix="blog-audit-"))
    env = {**os.environ, "BLOG_INSTANCE_PATH": str(folder / "instance"), "BLOG_WORKERS": "3"}
    for name in [name for name in env if name.startswith("BLOG_TITLE")] + ["DATABASE_URL"]:
        env.pop(name, None)
    flask(env, "db", "upgrade")
    flask(env, "settings", "set", "LANGUAGE", language)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"],
        cwd=ROOT, env={**env, "BLOG_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                fetch(base + "/")
                break
            except OSError:
                time.sleep(0.1)
        print(f"{'page':<10} {'Nu errors':>9} {'axe light':>9} {'axe dark':>8} "
              f"{'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>6}  address", flush=True)
        passed = audit(base, setup_pages(env), "", folder)
        flask(env, "settings", "set", "TITLE",
              TITLES.get(language.split("-")[0], TITLES["en"]))
        flask(env, "seed-demo")
        flask(env, "set-password", USERNAME, "--password", PASSWORD)
        subprocess.run([str(VENV_BIN / "python"), "-c", SAMPLE_COUNTS], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        flask(env, "settings", "set", "POPULAR_POSTS", "7")
        pages, cookie = audited_pages(env) | {"thread": long_thread(env)}, log_in(base)
        passed = sample_shown(base, pages, cookie) and passed
        passed = audit(base, pages, cookie, folder) and passed
        print("bars: Nu 0 errors, axe 0 violations, Lighthouse performance >= 95, "
              f"accessibility/best practices/SEO = 100 (mobile preset), CLS <= {MAX_LAYOUT_SHIFT}")
        return 0 if passed else 1
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
