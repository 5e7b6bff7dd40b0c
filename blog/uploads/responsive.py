"""What a post's <img> of an uploaded image is given when the post is rendered: its
width and height (so the page keeps its place while it loads) and its smaller copies in
``srcset``, chosen by the browser for the column's width and the screen's density.

The size comes from the image's header (Pillow reads a few hundred bytes, decodes
nothing), so rendering stays cheap; images from other sites are left as written.
"""

import re
from collections.abc import Mapping

from blog.uploads.images import copy_name, copy_widths, read_size
from blog.uploads.storage import STORED_NAME, uploads_folder

# How wide the reading column is (static/css/blog.css: --measure, and the padding of
# .layout when the sidebar moves below it under 52rem).
SIZES = "(max-width: 52rem) calc(100vw - 2.5rem), 38rem"
_UPLOAD_SRC = re.compile(r"/uploads/([^/?#]+)")


def upload_attributes(src: str) -> Mapping[str, str] | None:
    """width, height, srcset and sizes for ``src`` if it is an uploaded image; else None."""
    match = _UPLOAD_SRC.fullmatch(src)
    if not match or not STORED_NAME.match(match[1]):
        return None
    name, folder = match[1], uploads_folder()
    size = read_size(folder / name)
    if size is None:
        return None
    attributes = {"width": str(size.width), "height": str(size.height)}
    copies = [
        f"/uploads/{copy_name(name, width)} {width}w"
        for width in copy_widths(size.width, name.rsplit(".", 1)[1])
        if (folder / copy_name(name, width)).is_file()
    ]
    if copies:
        attributes["srcset"] = ", ".join([*copies, f"/uploads/{name} {size.width}w"])
        attributes["sizes"] = SIZES
    return attributes
