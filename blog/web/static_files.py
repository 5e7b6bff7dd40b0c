"""Static files with their content's hash in the URL, so browsers may keep them a year.

``url_for("static", filename="css/blog.css")`` gains ``?v=<hash of the file>``; a request
that carries the current hash is answered with a one-year, immutable cache lifetime.
A changed file gets a new hash, so readers never see a stale stylesheet.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request

ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=256)
def _file_hash(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_hash(static_folder: str, filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None if there is no such file."""
    path = Path(static_folder, filename).resolve()
    if not path.is_relative_to(Path(static_folder).resolve()) or not path.is_file():
        return None
    return _file_hash(str(path), path.stat().st_mtime_ns)


def register_static_versioning(app: Flask) -> None:
    @app.url_defaults
    def _add_hash(endpoint, values):
        if endpoint == "static" and "v" not in values and "filename" in values:
            digest = static_hash(app.static_folder, values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def _cache_versioned(response):
        if request.endpoint == "static" and response.status_code == 200:
            digest = static_hash(app.static_folder, request.view_args["filename"])
            if digest and request.args.get("v") == digest:
                response.cache_control.public = True
                response.cache_control.max_age = ONE_YEAR
                response.cache_control.immutable = True
        return response
