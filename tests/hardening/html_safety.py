"""Reading a page the way a browser does and listing whatever in it could run a script.

The page is parsed with html5lib, which follows the HTML standard's parsing rules (the
ones browsers use), so markup that only turns dangerous when parsed again, mutation
XSS, shows up here as it would in a browser.
"""

import json
from urllib.parse import urlsplit

import html5lib

# Elements the blog's own pages never contain: any of them is injected.
FORBIDDEN_ELEMENTS = {
    "animate", "applet", "base", "embed", "frame", "frameset", "iframe", "math",
    "noscript", "object", "portal", "set", "style", "svg", "template",
}
# Form controls belong to the blog's forms, never inside a post, comment or snippet.
FORM_CONTROLS = {"button", "form", "input", "keygen", "isindex", "option", "select", "textarea"}
USER_CONTENT_CLASSES = {"post-body", "comment-body", "snippet"}
URL_ATTRIBUTES = {
    "action", "background", "cite", "codebase", "data", "dynsrc", "formaction", "href",
    "lowsrc", "ping", "poster", "src", "srcset", "values", "to", "from", "by",
}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data", "livescript", "mocha"}
OWN_LINK_RELS = {"alternate", "canonical", "icon", "stylesheet"}


def _local(name: str) -> str:
    """'{namespace}href' or 'xlink:href' -> 'href', lowercased."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def url_scheme(value: str) -> str:
    """The scheme a browser would read from an attribute's URL ('' for a relative one).

    Browsers drop leading and trailing spaces and control characters, and tabs and
    newlines anywhere, before they look at the scheme.
    """
    value = value.strip("".join(map(chr, range(33))))
    value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    scheme, colon, _ = value.partition(":")
    if not colon or "/" in scheme or "?" in scheme or "#" in scheme:
        return ""
    return scheme.lower()


def _is_same_site(url: str, host: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    return (not parts.netloc and not url.startswith(("//", "\\", "/\\"))) or parts.netloc == host


def _parents(root):
    return {child: parent for parent in root.iter() for child in parent}


def _inside_user_content(element, parents) -> bool:
    while element is not None:
        if USER_CONTENT_CLASSES & set(element.get("class", "").split()):
            return True
        element = parents.get(element)
    return False


def _is_in_head(element, parents) -> bool:
    while element is not None:
        if _local(element.tag) == "head":
            return True
        element = parents.get(element)
    return False


def _script_problem(element, parents) -> str | None:
    text = (element.text or "").strip()
    if element.get("type") == "application/ld+json" and _is_in_head(element, parents):
        try:
            data = json.loads(text)
        except ValueError:
            return f"the JSON-LD block is not valid JSON: {text[:120]!r}"
        if not isinstance(data, dict) or "@type" not in data:
            return f"the JSON-LD block lost its shape: {text[:120]!r}"
        return None
    src = element.get("src", "")
    if src.startswith("/static/") and not text and _local(element.tag) == "script":
        return None
    return f"script element {dict(element.attrib)!r} {text[:80]!r}"


def _attribute_problems(element, tag: str, host: str) -> list[str]:
    problems = []
    for raw_name, value in element.attrib.items():
        name = _local(raw_name)
        if name.startswith("on"):
            problems.append(f"event handler {raw_name}={value!r} on <{tag}>")
        elif name in ("srcdoc", "style"):
            problems.append(f"{name} attribute on <{tag}>: {value!r}")
        elif name in URL_ATTRIBUTES:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if (
                name == "srcset") else [value]
            for url in urls:
                if url_scheme(url) in DANGEROUS_SCHEMES:
                    problems.append(f"{raw_name}={value!r} on <{tag}>")
    if tag == "meta" and "http-equiv" in element.attrib:
        problems.append(f"<meta http-equiv> {dict(element.attrib)!r}")
    if tag == "link" and (
        element.get("rel") not in OWN_LINK_RELS or not _is_same_site(element.get("href", ""), host)
    ):
        problems.append(f"foreign <link> {dict(element.attrib)!r}")
    if tag == "form" and (
        "method" not in element.attrib or not _is_same_site(element.get("action", ""), host)
    ):
        problems.append(f"<form> that is not the blog's own: {dict(element.attrib)!r}")
    return problems


def _own_chart(element, parents) -> bool:
    """The statistics page's charts: an <svg> directly inside the blog's own
    <figure class="stats-chart"> (its contents are still checked like any other)."""
    parent = parents.get(element)
    return (_local(element.tag) == "svg" and parent is not None
            and _local(parent.tag) == "figure" and parent.get("class") == "stats-chart")


def script_vectors(page: str, host: str = "localhost") -> list[str]:
    """Everything in ``page`` that could run a script or send the reader elsewhere.

    Allowed: the layout's JSON-LD block (which must parse as JSON) and same-site
    scripts under /static/; the blog's own forms and <link>s; the statistics' charts.
    """
    root = html5lib.parse(page, namespaceHTMLElements=False)
    parents = _parents(root)
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        tag = _local(element.tag)
        if tag == "script":
            problem = _script_problem(element, parents)
            if problem:
                problems.append(problem)
        elif tag in FORBIDDEN_ELEMENTS and not _own_chart(element, parents):
            problems.append(f"<{tag}> element")
        if tag in FORM_CONTROLS and _inside_user_content(element, parents):
            problems.append(f"<{tag}> inside a post, comment or snippet")
        problems.extend(_attribute_problems(element, tag, host))
    return problems
