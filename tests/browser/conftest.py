"""Fixtures for the browser layer: the blog served on a free local port, and Chromium.

The browser is Debian's Chromium (``apt-get install chromium``), driven by Playwright;
the test command installs it. A missing browser skips the browser tests, and fails them
under CI=true (``tests.helpers.missing_tool``).
Each test's screenshots go to test-artifacts/<test name>/ for a person to look at.
The journeys run in each language the blog ships (``blog_language``); what they look for
on the page is said in that language (``tests.helpers.said``).
"""

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.helpers import missing_tool
from tests.server.serving import serve_in_thread

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def live_server(app):
    """Serve the test app, CSRF switched on as in production; yields its base URL."""
    app.config["WTF_CSRF_ENABLED"] = True
    with serve_in_thread(app) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        missing_tool("Debian's chromium is not installed: run ./scripts/test to install it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """Call ``screenshot("step-name")`` to keep a picture of the page at that step
    (``screenshot("step", of=other_page)`` for a second browser window)."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(step: str, of=None) -> Path:
        path = folder / f"{next(counter):02d}-{step}.png"
        (of or page).screenshot(path=path, full_page=True)
        return path

    return take
