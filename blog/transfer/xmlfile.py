"""Reading an export file as XML: strictly first, then, for the almost-XML real exports
are, once more with repairs.

The strict reading is defusedxml's, with DTDs refused. When it fails, the file is read
again with lxml's recovering parser (no DTD, no entities, no network, no huge trees),
after mending the two things that parser would otherwise mend by dropping text: a bare
``&`` becomes ``&amp;``, and an HTML entity such as ``&nbsp;`` its character. A prefix
used but never declared (``excerpt:encoded`` with no ``xmlns:excerpt``) is given the
namespace that prefix always has in these formats, so the readers find the element by its
namespace either way. Only errors that leave the document's structure alone are
repaired; a cut-off file, or one whose tags do not match, is refused with the line and
column where it fails, because a repair there would guess at where items end.
"""

import re
from html.entities import name2codepoint

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from flask_babel import gettext as _
from flask_babel import ngettext
from lxml import etree

from blog.transfer.common import ImportFailed

# The namespace each prefix has in Blogger and WordPress exports, for files that use the
# prefix without declaring it.
KNOWN_PREFIXES = {
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "atom": "http://www.w3.org/2005/Atom",
    "app": "http://purl.org/atom/app#",
    "thr": "http://purl.org/syndication/thread/1.0",
    "gd": "http://schemas.google.com/g/2005",
    "georss": "http://www.georss.org/georss",
    "media": "http://search.yahoo.com/mrss/",
    "openSearch": "http://a9.com/-/spec/opensearchrss/1.0/",
    "blogger": "http://schemas.google.com/blogger/2018",
}

# libxml2's errors that a repair can mend without guessing at the document's structure.
_MENDABLE = {
    "NS_ERR_UNDEFINED_NAMESPACE",
    "ERR_INVALID_CHAR",
    "ERR_UNDECLARED_ENTITY",
    "WAR_UNDECLARED_ENTITY",
    "ERR_ENTITYREF_SEMICOL_MISSING",
    "ERR_NAME_REQUIRED",
}
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_UNSAFE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CDATA = re.compile(rb"(<!\[CDATA\[.*?\]\]>)", re.DOTALL)
_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#x[0-9a-fA-F]+;)([A-Za-z][A-Za-z0-9]*;)?")


def read_xml(path: str, kind: str):
    """The root element of the export at ``path``, and the repairs it needed (a list of
    sentences for the summary; empty for a well-formed file). ``kind`` names the
    expected format in messages ("Blogger", "WordPress").

    :raise ImportFailed: for a file that is not XML, uses a DTD or entities, or is broken
        in a way no repair can mend, naming the line and column where it fails.
    """
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        raise ImportFailed(_("%(path)s cannot be read: %(reason)s.", path=path,
                             reason=error.strerror)) from error
    _refuse_what_is_not_xml(data, path, kind)
    try:
        return ElementTree.fromstring(data, forbid_dtd=True), []
    except DefusedXmlException as error:
        raise _refused_for_safety(path, error) from error
    except ElementTree.ParseError as error:
        strict = error
    return _read_with_repairs(data, path, strict)


def _refused_for_safety(path: str, error: Exception | None = None) -> ImportFailed:
    what = type(error).__name__ if error else _("a DTD or entity declarations")
    return ImportFailed(
        _("%(path)s uses XML features refused for safety (%(what)s). Nothing was imported.",
          path=path, what=what)
    )


def _refuse_what_is_not_xml(data: bytes, path: str, kind: str) -> None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return  # UTF-16, which the parser reads by its byte order mark
    start = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")):
        raise ImportFailed(_("%(path)s is a web page (HTML), not a %(kind)s export.",
                             path=path, kind=kind))
    if start.startswith((b"{", b"[")):
        raise ImportFailed(
            _("%(path)s is JSON, not a %(kind)s export (a JSON export of this blog comes in "
              "with `import json`).", path=path, kind=kind)
        )
    if not start.startswith(b"<"):
        raise ImportFailed(_("%(path)s is not XML, so it is not a %(kind)s export.",
                             path=path, kind=kind))


def _broken(path: str, strict: ElementTree.ParseError) -> ImportFailed:
    line, column = strict.position
    return ImportFailed(
        _("%(path)s is not complete, well-formed XML: the parser stopped at line %(line)s, "
          "column %(column)s. Nothing was imported.", path=path, line=line, column=column)
    )


def mend(data: bytes) -> bytes:
    """``data`` with every bare ``&`` escaped and HTML entities written as characters,
    outside CDATA sections (where both are plain text already)."""
    parts = _CDATA.split(data)
    for index in range(0, len(parts), 2):  # the odd parts are CDATA sections
        parts[index] = _AMPERSAND.sub(_mend_ampersand, parts[index])
    return b"".join(parts)


def _mend_ampersand(match: re.Match) -> bytes:
    name = (match[1] or b"").decode("ascii").removesuffix(";")
    if name in _XML_ENTITIES:
        return match[0]
    if name in name2codepoint:
        return f"&#{name2codepoint[name]};".encode("ascii")
    return b"&amp;" + (match[1] or b"")


def _read_with_repairs(data: bytes, path: str, strict: ElementTree.ParseError):
    if any(_UNSAFE.search(part) for part in _CDATA.split(data)[::2]):
        raise _refused_for_safety(path)
    first = _recover(data)[1]
    root, errors = _recover(mend(data))
    if root is None or root.getroottree().docinfo.internalDTD is not None:
        raise _broken(path, strict)
    if any(error.type_name not in _MENDABLE for error in errors):
        raise _broken(path, strict)
    _declare_known_prefixes(root)
    try:
        mended = ElementTree.fromstring(etree.tostring(root), forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise _broken(path, strict) from error
    found = first[0] if first else None
    if found is None:
        line, column = strict.position
        message = str(strict)
    else:
        line, column = found.line, found.column
        message = found.message.strip()
    affected = _items_touched(root, {error.line for error in first} or {strict.position[0]})
    if affected:
        # A plain count: files are also read outside the app (no digits setting to ask).
        items = ngettext("%(count)s item may be affected", "%(count)s items may be affected",
                         affected, count=affected)
    else:
        items = _("no post or comment is affected")
    return mended, [
        _("Repaired: %(path)s is not well-formed XML (%(message)s, at line %(line)s, column "
          "%(column)s); it was read with repairs, and %(items)s.", path=path,
          message=message, line=line, column=column, items=items)
    ]


def _recover(data: bytes):
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None
    return root, list(parser.error_log)


def _declare_known_prefixes(root) -> None:
    """Give each element or attribute named with an undeclared prefix its namespace."""
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        if ":" in element.tag and not element.tag.startswith("{"):
            element.tag = _qualified(element.tag)
        for name in [name for name in element.attrib if ":" in name and name[0] != "{"]:
            element.attrib[_qualified(name)] = element.attrib.pop(name)
    for entity in [node for node in root.iter() if node.tag is etree.Entity]:
        _drop_keeping_text(entity, entity.text or "")


def _qualified(name: str) -> str:
    prefix, local = name.split(":", 1)
    uri = KNOWN_PREFIXES.get(prefix, f"urn:undeclared-prefix:{prefix}")
    return f"{{{uri}}}{local.replace(':', '-')}"


def _drop_keeping_text(node, text: str) -> None:
    """Remove ``node``, keeping ``text`` and its tail where they stood."""
    parent, previous = node.getparent(), node.getprevious()
    rest = text + (node.tail or "")
    if previous is not None:
        previous.tail = (previous.tail or "") + rest
    else:
        parent.text = (parent.text or "") + rest
    parent.remove(node)


def _items_touched(root, lines: set[int]) -> int:
    """How many entries or items span one of ``lines``."""
    starts = [
        element.sourceline for element in root.iter()
        if isinstance(element.tag, str) and etree.QName(element).localname in ("entry", "item")
        and element.sourceline
    ]
    starts.sort()
    touched = 0
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else float("inf")
        touched += any(start <= line < end for line in lines)
    return touched


def canonical_namespaces(root, spellings: dict[str, re.Pattern]) -> None:
    """Rename, in place, every element in a namespace spelled one of several ways (http
    or https, WXR 1.0, 1.1 or 1.2) to the one spelling the readers look for: ``spellings``
    maps that spelling to a pattern matching all of them."""
    renamed: dict[str, str] = {}
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith("{"):
            continue
        if tag not in renamed:
            uri, local = tag[1:].split("}", 1)
            canonical = next(
                (name for name, pattern in spellings.items() if pattern.fullmatch(uri)), uri
            )
            renamed[tag] = f"{{{canonical}}}{local}"
        element.tag = renamed[tag]
