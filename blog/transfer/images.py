"""Bringing an imported blog's images home (``import … --fetch-images``).

The images the imported posts show from the old blog's hosts (Blogger's blogspot and
googleusercontent servers, the WordPress site itself) are downloaded, checked and stored
as an upload is (``blog.uploads.storage.save_image``: recognised by content, named by
hash, no larger than UPLOAD_MAX_BYTES), and the posts then show them from /uploads/.

A download is careful about where it goes: http and https only, at most five
redirects, every hop to a public address (unless IMPORT_FETCH_ALLOW_LOCAL), timeouts
on connecting and reading, and never more bytes than the cap. An image that cannot be
fetched keeps its old address and is listed with the reason; it never stops anything.
"""

import html
import io
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from blog.extensions import db
from blog.i18n import number
from blog.models import Post
from blog.posts.publishing import render_body
from blog.uploads.storage import NotAnImage, save_image, uploads_folder
from blog.web.inputs import size_in_words

MAX_REDIRECTS = 5
# Blogger's image servers, whatever the blog's own address.
_BLOGGER_HOSTS = re.compile(
    r"(^|\.)(blogspot\.[a-z]{2,3}(\.[a-z]{2})?|googleusercontent\.com|blogblog\.com)$"
)
# WordPress.com's file and image servers (Jetpack's i0.wp.com too).
_WORDPRESS_HOSTS = re.compile(r"(^|\.)(files\.wordpress\.com|i[0-3]\.wp\.com)$")
_IMAGE_SOURCE = re.compile(
    r"""(<img\b[^>]*?\bsrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL
)


class FetchFailed(Exception):
    """The image could not be fetched; the message says why, in plain words."""


@dataclass
class FetchReport:
    fetched: int = 0
    posts_changed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)

    def lines(self) -> list[str]:
        images = ngettext("%(count)s image", "%(count)s images", self.fetched,
                          count=number(self.fetched))
        posts = ngettext("%(count)s post", "%(count)s posts", self.posts_changed,
                         count=number(self.posts_changed))
        lines = [_("Fetched %(images)s into the uploads, shown by %(posts)s from this blog "
                   "now.", images=images, posts=posts)]
        if self.failed:
            lines.append(ngettext(
                "%(count)s could not be fetched and keeps its old address:",
                "%(count)s could not be fetched and keep their old address:",
                len(self.failed), count=number(len(self.failed))))
            lines += [f"  {address}: {reason}" for address, reason in self.failed]
        return lines


def is_old_blog_host(host: str, site_hosts: Iterable[str]) -> bool:
    """Whether images on ``host`` belong to the blog being moved in."""
    host = host.lower().rstrip(".")
    own = {name.lower().removeprefix("www.") for name in site_hosts if name}
    return (
        host.removeprefix("www.") in own
        or _BLOGGER_HOSTS.search(host) is not None
        or _WORDPRESS_HOSTS.search(host) is not None
    )


def old_images(body: str, site_hosts: Iterable[str]) -> list[str]:
    """The addresses of the images in ``body`` served by the old blog, as written."""
    found = []
    for match in _IMAGE_SOURCE.finditer(body):
        address = _absolute(html.unescape(match[3].strip()))
        try:
            host = urlsplit(address).hostname or ""
        except ValueError:
            continue
        if address.startswith(("http://", "https://")) and is_old_blog_host(host, site_hosts):
            found.append(match[3])
    return list(dict.fromkeys(found))


def fetch_images(
    source_ids: list[str],
    site_hosts: Iterable[str],
    progress: Callable[[Iterable], Iterable] = lambda items: items,
) -> FetchReport:
    """Fetch the old blog's images shown by the posts with these source ids, and point
    the posts at the stored copies (uncommitted)."""
    report = FetchReport()
    stored: dict[str, str | None] = {}  # address -> new address, or None if it failed
    for post in progress(list(_posts_with_images(source_ids))):
        body = post.body
        for written in old_images(body, site_hosts):
            address = _absolute(html.unescape(written))
            if address not in stored:
                stored[address] = _store(address, report)
            if stored[address]:
                body = _IMAGE_SOURCE.sub(
                    lambda m, old=written, new=stored[address]: (
                        f"{m[1]}{m[2]}{new}{m[2]}" if m[3] == old else m[0]
                    ),
                    body,
                )
        if body != post.body:
            post.body = body
            render_body(post)
            report.posts_changed += 1
    return report


def _posts_with_images(source_ids: list[str]):
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start:start + 500]
        yield from db.session.scalars(
            sa.select(Post).where(Post.source_id.in_(chunk), Post.body.contains("<img"))
            .order_by(Post.id)
        )


def _store(address: str, report: FetchReport) -> str | None:
    config = current_app.config
    try:
        data = download(
            address,
            max_bytes=config["UPLOAD_MAX_BYTES"],
            timeout=(config["IMPORT_FETCH_CONNECT_TIMEOUT"], config["IMPORT_FETCH_READ_TIMEOUT"]),
            allow_local=config["IMPORT_FETCH_ALLOW_LOCAL"],
        )
        image = save_image(io.BytesIO(data), uploads_folder(), config["UPLOAD_MAX_BYTES"])
    except (FetchFailed, NotAnImage, ValueError) as error:
        report.failed.append((address, str(error).rstrip(".")))
        return None
    report.fetched += 1
    # The command line has no request to build a URL from; uploads live at /uploads/.
    return f"/uploads/{image.name}"


def download(address: str, *, max_bytes: int, timeout: tuple[float, float],
             allow_local: bool = False) -> bytes:
    """The bytes at ``address``, following at most five redirects.

    :raise FetchFailed: on a refused address, too many redirects, an error status, a
        timeout, a connection failure, or more than ``max_bytes``.
    """
    deadline = time.monotonic() + timeout[0] + 2 * timeout[1]
    with requests.Session() as session:
        session.trust_env = False  # no proxies or .netrc from the environment
        for __ in range(MAX_REDIRECTS + 1):
            _check_address(address, allow_local)
            try:
                response = session.get(address, timeout=timeout, stream=True,
                                       allow_redirects=False)
            except requests.Timeout as error:
                raise FetchFailed(_("the server took too long to answer")) from error
            except requests.RequestException as error:
                raise FetchFailed(_("the server could not be reached")) from error
            with response:
                if response.is_redirect:
                    address = urljoin(address, response.headers.get("Location", ""))
                    continue
                if response.status_code != 200:
                    raise FetchFailed(
                        _("the server answered %(status)s", status=response.status_code))
                return _body(response, max_bytes, deadline)
    raise FetchFailed(_("more than %(count)s redirects", count=MAX_REDIRECTS))


def _body(response, max_bytes: int, deadline: float) -> bytes:
    too_large = FetchFailed(_("larger than %(size)s", size=size_in_words(max_bytes)))
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    data = bytearray()
    try:
        for chunk in response.iter_content(64 * 1024):
            data += chunk
            if len(data) > max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchFailed(_("the server took too long to send it"))
    except requests.RequestException as error:
        raise FetchFailed(_("the download broke off")) from error
    return bytes(data)


def _check_address(address: str, allow_local: bool) -> None:
    """Refuse anything but http(s) to a public address (or a local one, when allowed)."""
    try:
        parts = urlsplit(address)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise FetchFailed(_("not a usable web address")) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchFailed(_("only http and https addresses are fetched"))
    if allow_local:
        return
    try:
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(_("the host name does not resolve")) from error
    for *__, sockaddr in found:
        if not ipaddress.ip_address(sockaddr[0].split("%")[0]).is_global:
            raise FetchFailed(_("it is on a private or local network address"))


def _absolute(address: str) -> str:
    # Blogger writes some images protocol-relative: //lh3.googleusercontent.com/…
    return "https:" + address if address.startswith("//") else address
