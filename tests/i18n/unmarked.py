"""Finds text meant for people that does not go through the translation functions: in
templates (text between tags, and the attributes people read), and in Python (the
arguments of the calls that show text to people). Run it alone to list what is left:
``python -m tests.i18n.unmarked``."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
# Stands in for a Jinja expression or a translated block while the HTML around it is read.
HOLE = "\ue000"
# Attributes whose values people read (or hear, from a screen reader).
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description",
                   "aria-roledescription", "label"}
# Words that are names, the same in every language.
NAMES = {"RSS", "Atom", "JSON", "Markdown", "HTML", "TOTP", "QR", "URL", "Blogger",
         "WordPress", "SQLite", "PostgreSQL", "OPML", "OK"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _needs_words(text: str) -> bool:
    words = [word for word in _WORD.findall(text.replace(HOLE, " ")) if word not in NAMES]
    return bool(words)


class _TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "code", "pre", "svg"}:
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and _needs_words(value):
                self.found.append((self.getpos()[0], f'{name}="{value.strip()}"'))
        if tag == "input" and dict(attrs).get("type") in {"submit", "button"}:
            value = dict(attrs).get("value") or ""
            if _needs_words(value):
                self.found.append((self.getpos()[0], f'value="{value}"'))

    def handle_endtag(self, tag):
        if tag in {"script", "style", "code", "pre", "svg"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _needs_words(data):
            self.found.append((self.getpos()[0], " ".join(data.replace(HOLE, "…").split())))


def template_text(source: str, env: Environment | None = None) -> str:
    """The template's literal text, each expression, tag and translated block a HOLE."""
    env = env or Environment(extensions=["jinja2.ext.i18n"])
    pieces, depth = [], 0
    for _line, kind, value in env.lex(source):
        if kind == "name" and value in {"trans", "pluralize"} and pieces[-1:] == ["{%"]:
            depth += value == "trans"
        elif kind == "name" and value == "endtrans":
            depth -= 1
        if kind == "data" and not depth:
            pieces.append(value)
        elif kind in {"block_begin", "variable_begin"}:
            pieces.append("{%")
        elif kind in {"block_end", "variable_end"} and pieces[-1:] == ["{%"]:
            pieces[-1] = HOLE
        elif kind in {"block_end", "variable_end"}:
            pieces.append(HOLE)
    return "".join(piece for piece in pieces if piece != "{%")


def unmarked_in_template(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    text = template_text(source)
    if path.suffix == ".txt":
        return [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)
                if _needs_words(line)]
    finder = _TextFinder()
    finder.feed(text)
    finder.close()
    return finder.found


# Calls whose string arguments people read, and which of them (positions, keywords).
_SHOWN = {
    "flash": ((0,), ()),
    "abort": ((1,), ("description",)),
    "ValidationError": ((0,), ()),
    "StopValidation": ((0,), ()),
    "ValueError": ((0,), ()),
    "echo": ((0,), ()),
    "secho": ((0,), ()),
    "ClickException": ((0,), ()),
    "UsageError": ((0,), ()),
    "BadParameter": ((0,), ()),
    "Editable": ((2,), ("label", "hint")),
}
_SHOWN_KEYWORDS = {"label", "message", "description", "hint", "placeholder", "title",
                   "subject", "heading", "explanation"}
_TRANSLATORS = {"_", "_l", "gettext", "ngettext", "lazy_gettext", "lazy_ngettext",
                "pgettext", "npgettext"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _plain_text(node: ast.AST) -> str | None:
    """The text of a literal string or f-string argument, or None for anything else
    (a call to a translation function, a variable...)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else " {} "
                       for part in node.values)
    if isinstance(node, ast.BinOp):  # "..." + "..." or "..." % x
        left = _plain_text(node.left)
        return left
    return None


def unmarked_in_python(path: Path) -> list[tuple[int, str]]:
    """Literal text passed to the calls above. A message only the author's logs or a
    developer ever sees says so with ``# i18n: internal`` on the call's first line."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or "# i18n: internal" in lines[node.lineno - 1]:
            continue
        name = _name(node.func)
        positions, keywords = _SHOWN.get(name, ((), ()))
        if name.endswith("Field") and name[:1].isupper():
            positions = (0,)
        arguments = [node.args[i] for i in positions if i < len(node.args)]
        arguments += [kw.value for kw in node.keywords
                      if kw.arg in keywords or kw.arg in _SHOWN_KEYWORDS]
        for argument in arguments:
            text = _plain_text(argument)
            if text is not None and _needs_words(text) and (
                " " in text.strip() or name.endswith("Field")
            ):
                found.append((argument.lineno, text))
    return found


def people_files() -> list[Path]:
    templates = [path for path in sorted((ROOT / "templates").rglob("*"))
                 if path.suffix in {".html", ".txt"}]
    code = sorted((ROOT / "blog").rglob("*.py"))
    return templates + code


def unmarked() -> dict[Path, list[tuple[int, str]]]:
    """Every file with text that is not marked for translation, and where."""
    report = {}
    for path in people_files():
        found = (unmarked_in_python(path) if path.suffix == ".py"
                 else unmarked_in_template(path))
        if found:
            report[path.relative_to(ROOT)] = found
    return report


if __name__ == "__main__":
    import sys

    only = sys.argv[1:]
    total = 0
    for path, found in unmarked().items():
        if only and not any(str(path).startswith(prefix) for prefix in only):
            continue
        for line, text in found:
            total += 1
            print(f"{path}:{line}: {text[:100]}")
    print(f"{total} unmarked", file=sys.stderr)
