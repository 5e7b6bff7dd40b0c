"""The blog's own address (the ``ADDRESS`` setting: scheme and host, kept at setup): every
absolute link is made from it, and a request for another host gets the 400 page.

Why not the Host header: anyone can send any Host, so links made from it (canonical,
Open Graph, feeds, the sitemap, redirects, mail) would point wherever the sender said,
and a cache in front of the blog that keys pages by path alone would hand them to every
reader. The rules, in one place:

- ``ADDRESS`` set, ``TRUSTED_HOSTS`` not: the blog answers to the address's host name
  only (on any port: no link is made from the request, so a port cannot leak into one).
- ``TRUSTED_HOSTS`` set in the configuration: Flask answers to those names only (the
  address's, and aliases such as ``www.``); links still use the address.
- ``ADDRESS`` empty, "left open": any host name, with links from each request's, as
  Flask does by default. For development, and for a blog set up before its address was
  kept, until the author confirms one (the dashboard asks).

How: Flask 3.1 makes a request's URL adapter from its Host and scheme before the app
context exists, so a value stored in the database cannot be read there, and
``SERVER_NAME`` would have to be fixed at start (since 3.1 it no longer refuses other
hosts either). So the first before-request function after the request log's checks the
host and binds ``url_for`` to the address; ProxyFix, when ``TRUSTED_PROXIES`` is set, has
already put the forwarded host in the request. The page cache keeps pages by scheme and
host, and only pages Flask made, so a refused host never gets a kept page.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from flask.globals import request_ctx
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.routing import RequestRedirect
from werkzeug.sansio.utils import host_is_trusted

from blog.settings import given, setting
from blog.web.urls import clean_blog_address


class OtherHost(BadRequest):
    """A request for a host name that is not the blog's."""

    def __init__(self, address: str):
        super().__init__(_("This blog is at %(address)s; the address you asked for names "
                           "another host.", address=address))


def blog_address() -> str:
    """The blog's address in force, ``https://blog.example.org``; "" when left open."""
    return setting("ADDRESS")


def host_url() -> str:
    """The blog's root, ending in "/": its address, or the request's own host when the
    address is left open (``request.host_url``'s safe twin)."""
    address = blog_address()
    return f"{address}/" if address else request.host_url


_ROOT_RELATIVE = re.compile(r'\b(href|src)="/(?!/)')
_SRCSET = re.compile(r'\bsrcset="([^"]*)"')
_SRCSET_ROOT_RELATIVE = re.compile(r"(^|,\s*)/(?!/)")


def absolute_urls(fragment: str) -> str:
    """Stored HTML with its /uploads/… and /posts/… links made absolute (each of an
    image's srcset addresses too), for feed readers and mail, which show it away from
    the blog."""
    root = host_url()  # ends with "/"
    fragment = _SRCSET.sub(
        lambda m: f'srcset="{_SRCSET_ROOT_RELATIVE.sub(lambda c: c[1] + root, m[1])}"',
        fragment)
    return _ROOT_RELATIVE.sub(lambda m: f'{m[1]}="{root}', fragment)


def request_address() -> str:
    """This request's scheme and host as the blog would keep them for its address, or ""
    if they will not do as one (a Host header that is not a name, say)."""
    try:
        return clean_blog_address(request.host_url)
    except ValueError:
        return ""


def address_unconfirmed() -> bool:
    """Whether nobody has said what the blog's address is (a blog set up before it was
    kept): neither the configuration nor the author, who may also leave it open."""
    return not given("ADDRESS")


def shuts_out(address: str) -> str | None:
    """Why the author may not change the address to ``address`` from this request, or
    None: the blog would refuse the host they are using now, and this page with it."""
    try:
        host = request.host
    except SecurityError:
        return None
    if answers_to(host, address):
        return None
    command = "flask --app app settings set ADDRESS " + address
    return _("The blog would then refuse %(host)s, where you are using it now, and this "
             "page with it. To move the blog to another host name, run %(command)s on the "
             "server.", host=host_name(host), command=command)


def host_name(host: str) -> str:
    """The name in ``host[:port]`` (or in an address), in lower case, without the port;
    an IPv6 address keeps its brackets and is written the one way."""
    host = urlsplit(host).netloc if "://" in host else host
    if host.startswith("["):
        literal = host[1:].partition("]")[0]
        try:
            return f"[{ipaddress.IPv6Address(literal).compressed}]"
        except ValueError:
            return host
    return host.partition(":")[0].rstrip(".").lower()


def answers_to(host: str, address: str) -> bool:
    """Whether the blog, at ``address``, answers a request for ``host`` (as Flask reads
    the Host header: ``name[:port]``)."""
    trusted = current_app.config.get("TRUSTED_HOSTS")
    if trusted is not None:
        return host_is_trusted(host.lower(), trusted)  # Flask's own check, as it makes it
    return not address or host_name(host) == host_name(address)


def register_address_check(app: Flask) -> None:
    """Refuse other hosts and make links from the blog's address, before any other
    before-request function but the request log's (the legacy redirects answer in one)."""

    def _at_the_blogs_address():
        address = blog_address()
        if not address:
            return
        _make_links_at(address)
        try:
            host = request.host
        except SecurityError:  # not one of TRUSTED_HOSTS: Flask has refused it already
            host = ""
        if not answers_to(host, address):
            raise OtherHost(address)
        if isinstance(request.routing_exception, RequestRedirect):
            request_ctx.match_request()  # the slash-adding redirect, to the address too

    # First: a function before it may answer by itself (the legacy redirects do). The
    # request log's, registered later, goes in front of it in the same way.
    app.before_request_funcs.setdefault(None, []).insert(0, _at_the_blogs_address)


def _make_links_at(address: str) -> None:
    """Bind ``url_for`` (and routing's own redirects) to ``address``, as Flask binds it to
    the request's host."""
    parts = urlsplit(address)
    environ = {**request.environ, "wsgi.url_scheme": parts.scheme}
    request_ctx.url_adapter = current_app.url_map.bind_to_environ(
        environ, server_name=parts.netloc, subdomain=current_app.url_map.default_subdomain or "")
