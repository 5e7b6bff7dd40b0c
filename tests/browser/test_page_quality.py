"""The pages pass the checkers browsers and search engines go by: the Nu HTML checker
(vnu-jar) and axe-core, on the home page, a post with comments, an archive page, a label
page, the log-in page, the editor and the author's other pages (the statistics with
months of counts among them), in the light and the dark scheme, on the sample blog in
English and in Arabic (right to left). Readers' pages show the Popular posts widget and
end with the counting stylesheet's link.

scripts/audit runs Lighthouse on the same pages; it is too slow for every test run.
"""

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.demo import seed_demo_blog
from blog.extensions import db
from blog.models import Comment, CommentStatus, Post
from blog.posts.links import post_url
from blog.settings import save_setting
from blog.setup.codes import keep_setup_code
from blog.utils.database import utcnow
from scripts.audit import add_sample_counts
from tests.helpers import blog_app, log_in, missing_tool, write_comment, write_post
from tests.server.serving import serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"


@pytest.fixture(params=["en", "ar"])
def demo_pages(request, app, author):
    """The audited pages of a blog in English or Arabic filled with the sample essays in
    its language, able to send mail (so the sidebar offers "Follow by e-mail"), with
    months of readers' counts and the Popular posts widget shown."""
    app.config["MAIL_SERVER"] = "127.0.0.1"
    app.config["LANGUAGE"] = request.param
    with app.test_request_context():
        seed_demo_blog()
        db.session.commit()
        busiest = db.session.scalars(
            sa.select(Post)
            .join(Comment)
            .group_by(Post.id)
            .order_by(sa.func.count(Comment.id).desc())
            .limit(1)
        ).one()
        post_path = post_url(busiest)
        label = busiest.labels[0].name
        year, month = post_path.split("/")[1:3]
        busiest_id = busiest.id
        add_sample_counts()
        save_setting("POPULAR_POSTS", "7")
        db.session.commit()
    # Something waiting on the dashboard, so its lists are checked too (readers see none).
    write_post(app, author, "A draft, still", draft=True)
    write_post(app, author, "Coming soon", published=utcnow() + timedelta(days=2))
    write_comment(app, busiest_id, "Held for approval.", name="رانيا",
                  status=CommentStatus.PENDING)
    return {
        "home": "/",
        "post": post_path,
        "archive": f"/{year}/{month}/",
        "label": f"/label/{label}",
        "page": "/p/about",
        "follow": "/mail/follow",
        "login": "/login",
        "editor": f"/dashboard/posts/{busiest_id}/edit",
        # Logged in from the editor on: the author's other pages.
        "dashboard": "/dashboard",
        "stats": "/dashboard/stats",
        "settings": "/dashboard/settings",
        "account": "/dashboard/account",
        "password": "/dashboard/account/password",
        "pages": "/dashboard/pages",
        "mail": "/dashboard/mail",
        "followers": "/dashboard/mail/followers",
    }


def test_pages_have_no_html_errors(app, client, logged_in, demo_pages, tmp_path):
    files = []
    for name, path in demo_pages.items():
        if name == "login":
            logged_in.logout()  # the log-in page as a visitor sees it
        response = client.get(path)
        assert response.status_code == 200, (name, path)
        if name == "post":  # checked with what readers' pages may hold at their most
            assert b'class="widget popular-widget"' in response.data
            assert b'<link rel="stylesheet" href="/stats/seen.css?' in response.data
        if name == "stats":  # bars in both charts, and rows in every table
            assert response.data.count(b'<g class="bar"') > 30
            assert b"<p>No " not in response.data
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.data)
        files.append(str(file))
        if name == "login":
            logged_in.login()

    assert nu_errors(files) == []


def nu_errors(files: list[str]) -> list[str]:
    """The Nu HTML checker's errors in ``files``, one line each."""
    if not VNU_JAR.exists() or shutil.which("java") is None:
        missing_tool("the Nu checker needs node_modules and Java: run ./scripts/test")
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always",
         *files],
        capture_output=True, text=True, check=True, timeout=120,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(m['url']).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages if m["type"] == "error"
    ]


def axe_violations(page) -> list[str]:
    """axe-core's violations on the page open in ``page``."""
    page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_accessibility_violations(
    app, live_server, browser, demo_pages, screenshot, scheme
):
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run ./scripts/test")
    # bypass_csp lets the test inject axe; the blog's own pages run no inline script.
    context = browser.new_context(
        color_scheme=scheme, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    found = {}
    for name, path in demo_pages.items():
        if name == "editor":
            log_in(page, live_server, app)
        page.goto(live_server + path)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
            screenshot(f"{scheme}-{name}", of=page)
    context.close()
    assert found == {}


def test_the_setup_pages_pass_the_checkers(tmp_path, browser):
    """The first pages a new blog's author sees: where the code is, the form, and the
    form come back with a mistake."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is missing: run ./scripts/test")
    with blog_app(tmp_path, unfixed=("TITLE", "DESCRIPTION", "TIMEZONE")) as app:
        with app.app_context():
            code = keep_setup_code()
        with serve_in_thread(app) as port:
            base = f"http://127.0.0.1:{port}"
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            files, found = [], {}
            for name, path in (("setup-code", "/setup"), ("setup-form", f"/setup?code={code}")):
                page.goto(base + path)
                if name == "setup-form":
                    page.get_by_role("button", name="Create the blog").click()  # all empty
                    assert page.locator(".field-error").count() > 0
                file = tmp_path / f"{name}.html"
                file.write_text(page.content())
                files.append(str(file))
                if violations := axe_violations(page):
                    found[name] = violations
            context.close()

    assert found == {}
    assert nu_errors(files) == []
