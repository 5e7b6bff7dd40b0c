"""``scripts/bench nginx``: a post page through deploy/nginx.conf (from its cache of
readers' pages) against a static file of the same bytes from the same nginx, both loaded
with wrk over HTTPS on this machine, side by side in one run."""

import shutil
import ssl
import tempfile
import urllib.request
from pathlib import Path

from bench_http import Server, free_port, wrk
from nginx_front import ROOT, front


def bench_nginx(env: dict, post_path: str, seconds: str) -> dict:
    """Requests per second for the page and for the static file (each the mean of two
    runs, taken in turn), their ratio, and what nginx's cache said of the page."""
    nginx = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if nginx is None:
        raise RuntimeError("nginx is not installed (scripts/bench installs it)")
    folder = Path(tempfile.mkdtemp(prefix="blog-nginx-"))
    try:
        static = folder / "static"
        shutil.copytree(ROOT / "static", static)
        with Server("app:app", env) as blog:
            body = urllib.request.urlopen(blog.base + post_path).read()
            (static / "same-size.html").write_bytes(body)
            with front(nginx, folder / "nginx", (free_port(), free_port()),
                       (blog.port, blog.port), static,
                       Path(env["BLOG_INSTANCE_PATH"])) as running:
                base = f"https://localhost:{running.https_port}"
                cache = _cache_status(base + post_path,
                                      running.folder / "tls" / "fullchain.pem")
                runs = {"static": [], "page": []}
                for _ in range(2):
                    runs["static"].append(wrk(base + "/static/same-size.html", seconds))
                    runs["page"].append(wrk(base + post_path, seconds))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    mean = {name: sum(run["rps"] for run in done) / len(done) for name, done in runs.items()}
    errors = sum(run["errors"] for done in runs.values() for run in done)
    return {"bytes": len(body), "static": mean["static"], "page": mean["page"],
            "ratio": mean["page"] / mean["static"], "cache": cache, "errors": errors,
            "p99": {name: max(run["p99"] for run in done) for name, done in runs.items()}}


def _cache_status(url: str, certificate: Path) -> str:
    """X-Cache of the page asked twice (MISS, then HIT): the page comes from the cache."""
    context = ssl.create_default_context(cafile=certificate)  # the run's own certificate
    said = [urllib.request.urlopen(url, context=context).headers["X-Cache"] for _ in range(2)]
    return " then ".join(said)
