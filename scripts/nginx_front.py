"""deploy/nginx.conf run in an nginx of its own, on free local ports, with its example
names, hosts and paths swapped for a temporary setup: for tests/server/test_deploy_config.py
and ``scripts/bench nginx``."""

import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx.conf"

# What a system's /etc/nginx/nginx.conf puts around a site file, for an nginx of one's
# own: in the foreground, one process, every file in a temporary folder.
MAIN_CONFIG = """
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/blog.conf;
}}
"""


def rendered_site(replacements: dict[str, str]) -> str:
    """deploy/nginx.conf with each example value replaced (and each one still there)."""
    text = SITE.read_text()
    for example, value in replacements.items():
        if example not in text:
            raise ValueError(f"deploy/nginx.conf no longer mentions {example}")
        text = text.replace(example, value)
    return text


def self_signed_certificate(folder: Path) -> None:
    """fullchain.pem and privkey.pem for "localhost", as certbot would leave them."""
    folder.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost",
         "-keyout", folder / "privkey.pem", "-out", folder / "fullchain.pem"],
        check=True, capture_output=True, timeout=60,
    )


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx exited at start:\n{log.read_text(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx does not listen on {port}:\n{log.read_text(errors='replace')}")


@contextmanager
def front(nginx: str, folder: Path, ports: tuple[int, int], app_ports: tuple[int, int],
          static: Path, instance: Path):
    """nginx serving deploy/nginx.conf on 127.0.0.1 at ``ports`` (HTTP, HTTPS) in front of
    the app servers at ``app_ports``, with ``static`` and ``instance`` for the release's
    folders. Yields where its files and ports are."""
    (folder / "cache").mkdir(parents=True)  # as /var/cache/nginx is on Debian
    self_signed_certificate(folder / "tls")
    http_port, https_port = ports
    site = rendered_site({
        "/etc/letsencrypt/live/blog.example.org/": f"{folder}/tls/",
        "blog.example.org": "localhost",
        "listen 80": f"listen 127.0.0.1:{http_port}",
        "listen 443": f"listen 127.0.0.1:{https_port}",
        "10.0.0.11:8000": f"127.0.0.1:{app_ports[0]}",
        "10.0.0.12:8000": f"127.0.0.1:{app_ports[1]}",
        "/srv/blog/static/": f"{static}/",
        "/srv/blog/instance": str(instance),
        "/var/log/nginx/": f"{folder}/",
        "/var/cache/nginx/": f"{folder}/cache/",
    })
    (folder / "blog.conf").write_text(site)
    config = folder / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(folder=folder))
    command = [nginx, "-p", str(folder), "-c", str(config), "-e", "stderr"]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise RuntimeError(checked.stderr)
    with open(folder / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(command, stderr=stderr)
    try:
        for port in ports:
            _wait_for_port(port, process, folder / "stderr.log")
        yield SimpleNamespace(http_port=http_port, https_port=https_port, folder=folder,
                              access_log=folder / "blog.access.log")
    finally:
        process.terminate()
        process.wait(timeout=10)
