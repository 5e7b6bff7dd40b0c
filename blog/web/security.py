"""Response headers that tell browsers what this blog's pages may do, and addresses
refused before any view sees them."""

from flask import Flask, Response, abort, request

# Everything the pages use comes from the blog itself; post images may come from any
# https site, since authors link to charts and photographs elsewhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' https: data:",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# What every answer carries (tests/hardening/test_security_headers.py spells each out).
EVERY_ANSWER = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
# And, served over HTTPS, so that browsers never try plain HTTP again.
OVER_HTTPS = {"Strict-Transport-Security": "max-age=31536000; includeSubDomains"}


def add_security_headers(response: Response, *, https: bool) -> Response:
    """Give ``response`` the headers every answer carries, unless a view chose its own.

    ``https``: the blog is served over HTTPS.
    """
    for name, value in (EVERY_ANSWER | OVER_HTTPS if https else EVERY_ANSWER).items():
        response.headers.setdefault(name, value)
    return response


def register_security_headers(app: Flask) -> None:
    # SESSION_COOKIE_SECURE is the setting that says the blog is served over HTTPS.
    app.after_request(
        lambda response: add_security_headers(
            response, https=app.config["SESSION_COOKIE_SECURE"]
        )
    )


def refuse_nul() -> None:
    """No page's address holds a NUL, and PostgreSQL refuses one in any query: a 404."""
    if "\x00" in request.path:
        abort(404)


def register_request_guards(app: Flask) -> None:
    app.before_request(refuse_nul)
