"""The security headers word for word, on every kind of answer, and the NUL guard
(docs/mutation.md)."""

import pytest
from flask import Response
from werkzeug.exceptions import NotFound

from blog.web.security import add_security_headers, refuse_nul

POLICY = (
    "default-src 'self'; img-src 'self' https: data:; script-src 'self'; "
    "style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
EVERY_ANSWER = {
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def test_every_answer_carries_the_headers_word_for_word():
    headers = add_security_headers(Response("page"), https=False).headers

    assert {name: headers.get(name) for name in EVERY_ANSWER} == EVERY_ANSWER
    assert "Strict-Transport-Security" not in headers


def test_over_https_browsers_are_told_to_keep_to_it_for_a_year():
    headers = add_security_headers(Response("page"), https=True).headers

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert {name: headers.get(name) for name in EVERY_ANSWER} == EVERY_ANSWER


def test_a_header_an_answer_chose_itself_is_kept():
    response = Response("embeddable", headers={"X-Frame-Options": "SAMEORIGIN"})

    headers = add_security_headers(response, https=False).headers

    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/no-such-page", "/static/css/blog.css", "/feed.xml"])
def test_pages_errors_files_and_feeds_all_carry_them(client, author, path):
    with client.get(path) as response:
        headers = response.headers
        assert {name: headers.get(name) for name in EVERY_ANSWER} == EVERY_ANSWER, path


@pytest.mark.parametrize("path", ["/%00", "/label/a%00b", "/static/css/blog.css%00"])
def test_an_address_holding_a_nul_is_not_found(client, author, path):
    with client.get(path) as response:
        assert response.status_code == 404


def test_the_guard_refuses_a_nul_before_any_view_or_hook_sees_it(app):
    # Every converter refuses one too; this guard comes first, for hooks that read the path.
    for path in ("/a\x00b", "/\x00", "/label/Energy\x00"):
        with app.test_request_context(path), pytest.raises(NotFound):
            refuse_nul()


def test_the_guard_lets_ordinary_addresses_through(app, client, author):
    with app.test_request_context("/label/Energy x"):
        assert refuse_nul() is None
    assert client.get("/").status_code == 200
