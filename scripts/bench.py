"""Benchmark: a blog of 1,000 posts served by gunicorn, measured against the floor.

Prints, for each reader page: requests/s, p50 and p99 latency (wrk, from this machine)
and the ratio to the floor (a minimal Flask route returning 12.9 KB under the same
gunicorn configuration); then the in-process cost per request (Flask test client, one
thread) as a steadier ratio, the workers' resident memory, and start-up time.
Run it through scripts/bench, which installs wrk if needed.
"""

import logging
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = ROOT / ".venv" / "bin"
POSTS, COMMENTS_ON_MEASURED = 1000, 50
DURATION = os.environ.get("BENCH_SECONDS", "5")
WORDS = [
    "grid", "tariff", "price", "energy", "city", "housing", "policy", "market", "budget",
    "water", "transport", "capacity", "demand", "supply", "household", "region",
    "network", "cost", "share", "evidence",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def essay(rng: random.Random, number: int) -> str:
    """About 4 KB of Markdown: headings, paragraphs, a list, a quote and footnotes."""
    def sentence():
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."

    parts = [" ".join(sentence() for _ in range(4)), "<!--more-->"]
    for section in range(3):
        parts.append(f"## Part {section + 1} of essay {number}")
        parts += [" ".join(sentence() for _ in range(5)) + f"[^{section + 1}]" for _ in range(2)]
    parts.append("- " + "\n- ".join(sentence() for _ in range(4)))
    parts.append("> " + sentence())
    parts += [f"[^{n}]: Source {n}, *Report* (2024). <https://example.org/{number}/{n}>"
              for n in range(1, 4)]
    return "\n\n".join(parts)


def build_blog(instance: Path) -> str:
    """Fill a new blog; return the path of the post with 50 comments."""
    from blog import create_app
    from blog.comments.moderation import new_comment
    from blog.database import utcnow
    from blog.extensions import db
    from blog.models import Author, CommentStatus, Post
    from blog.posts.links import post_url
    from blog.posts.publishing import publish, set_content

    app = create_app({"INSTANCE_PATH": instance})
    rng = random.Random(7)
    labels = [f"Topic {n}" for n in range(20)]
    with app.test_request_context():
        author = db.session.scalar(db.select(Author))
        now = utcnow()
        for number in range(POSTS):
            post = Post(author=author)
            db.session.add(post)
            set_content(post, title=f"Essay {number}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                        body=essay(rng, number), label_names=rng.sample(labels, 3))
            publish(post, at=now - timedelta(hours=6 * (POSTS - number)), now=now)
            if number % 100 == 99:
                db.session.commit()
        db.session.commit()
        measured = db.session.scalar(db.select(Post).order_by(Post.published_at.desc()).limit(1))
        parent = None
        for number in range(COMMENTS_ON_MEASURED):
            comment = new_comment(measured, name=f"Reader {number % 12}",
                                  body=" ".join(rng.choice(WORDS) for _ in range(40)),
                                  parent=parent if number % 3 else None,
                                  status=CommentStatus.APPROVED)
            db.session.flush()
            parent = comment
        db.session.commit()
        return post_url(measured)


def serve(module: str, port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), module],
        cwd=ROOT, env={**env, "BLOG_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{module} did not start")


def wrk(url: str, headers: dict | None = None) -> dict:
    command = ["wrk", "-t2", "-c20", f"-d{DURATION}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    def latency(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency("50"), "p99": latency("99"),
            "errors": int(errors.group(1)) if errors else 0}


def in_process_ms(app, path: str, headers: dict | None = None, rounds: int = 300) -> float:
    client = app.test_client()
    client.get(path, headers=headers)
    start = time.perf_counter()
    for _ in range(rounds):
        client.get(path, headers=headers)
    return (time.perf_counter() - start) / rounds * 1000


def worker_memory_mb(server: subprocess.Popen) -> list[float]:
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True,
                              text=True).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="blog-bench-"))
    env = {**os.environ, "BLOG_INSTANCE_PATH": str(folder / "instance")}
    env.pop("DATABASE_URL", None)
    os.environ.update({"BLOG_INSTANCE_PATH": env["BLOG_INSTANCE_PATH"]})
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([*flask, "create-author", "bench", "--password", "a bench password"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    started = time.perf_counter()
    post_path = build_blog(folder / "instance")
    print(f"built {POSTS} posts in {time.perf_counter() - started:.1f} s")
    pages = {"post (50 comments)": post_path, "home": "/", "archive month": post_path[:9],
             "label": "/label/Topic%203", "Atom feed": "/feeds/posts.atom"}
    try:
        port = free_port()
        floor = serve("scripts.bench_floor:app", port, env)
        floor_result = wrk(f"http://127.0.0.1:{port}/")
        floor.terminate()
        floor.wait()
        port = free_port()
        blog = serve("app:app", port, env)
        results = {name: wrk(f"http://127.0.0.1:{port}{path}") for name, path in pages.items()}
        etag = urllib.request.urlopen(f"http://127.0.0.1:{port}{post_path}").headers["ETag"]
        results["post, 304"] = wrk(f"http://127.0.0.1:{port}{post_path}",
                                   {"If-None-Match": etag})
        memory = worker_memory_mb(blog)
        blog.terminate()
        blog.wait()

        sys.path.insert(0, str(ROOT / "scripts"))
        from bench_floor import app as floor_app

        from blog import create_app

        blog_app = create_app()
        logging.getLogger("blog.requests").setLevel(logging.WARNING)  # quiet, as it is timed
        floor_ms = in_process_ms(floor_app, "/")
        print(f"\n{'page':<20} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'x floor':>8} "
              f"{'in-proc ms':>10} {'x floor':>8}")
        print(f"{'floor':<20} {floor_result['rps']:>8.0f} {floor_result['p50']:>7.2f} "
              f"{floor_result['p99']:>7.2f} {1:>8.2f} {floor_ms:>10.3f} {1:>8.2f}")
        for name, result in results.items():
            path = pages.get(name, post_path)
            headers = {"If-None-Match": etag} if "304" in name else None
            ms = in_process_ms(blog_app, path, headers)
            print(f"{name:<20} {result['rps']:>8.0f} {result['p50']:>7.2f} {result['p99']:>7.2f} "
                  f"{result['rps'] / floor_result['rps']:>8.2f} {ms:>10.3f} "
                  f"{ms / floor_ms:>8.2f}" + (f"  errors: {result['errors']}"
                                               if result["errors"] else ""))
        print(f"\nworker memory after the run: {', '.join(f'{m:.0f}' for m in memory)} MB")
        startup = subprocess.run(
            [str(VENV_BIN / "python"), "-c",
             "import time; t = time.perf_counter(); from blog import create_app; "
             "create_app(); print(time.perf_counter() - t)"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout.strip()
        print(f"start-up (import and create_app): {float(startup):.2f} s")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
