"""Response headers that tell browsers what this blog's pages may do, and addresses
refused before any view sees them."""

from flask import Flask, abort, request

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


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        if app.config["SESSION_COOKIE_SECURE"]:
            # Served over HTTPS (the setting says so): browsers should never try plain HTTP.
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def register_request_guards(app: Flask) -> None:
    @app.before_request
    def _refuse_nul():
        # No page's address holds a NUL, and PostgreSQL refuses one in any query.
        if "\x00" in request.path:
            abort(404)
