"""Image uploads: recognised by their content, stored under a name made from it.

Files live in ``instance/uploads``. The name is the first 32 hex digits of the file's
SHA-256 plus the extension its content calls for, so nothing a visitor chose ever
reaches the file system, and uploading the same picture twice keeps one copy.
"""

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from blog.web.inputs import size_in_words

# (magic bytes at the start, extension, content type)
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
]
CONTENT_TYPES = {extension: kind for __, extension, kind in _SIGNATURES} | {"webp": "image/webp"}
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|gif|webp)$")


def uploads_folder() -> Path:
    """Where the app keeps its uploaded images."""
    return Path(current_app.instance_path) / "uploads"


def is_stored_image(name: str | None, folder: Path) -> bool:
    """Whether ``name`` is an image uploaded to ``folder`` (and still there)."""
    return bool(name) and STORED_NAME.match(name) is not None and (folder / name).is_file()


class NotAnImage(ValueError):
    """The upload is not a PNG, JPEG, GIF or WebP image."""


@dataclass(frozen=True)
class StoredImage:
    name: str
    size: int
    uploaded_at: datetime


def image_extension(head: bytes) -> str | None:
    """The extension for an image whose file starts with ``head``, or None."""
    # WebP: a RIFF container whose form type is WEBP.
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    for magic, extension, __ in _SIGNATURES:
        if head.startswith(magic):
            return extension
    return None


def save_image(stream: BinaryIO, folder: Path, max_bytes: int) -> StoredImage:
    """Store an uploaded image and return where it went.

    :raise NotAnImage: when the content is not one of the accepted image types.
    :raise ValueError: when it is larger than ``max_bytes``.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(_("The image is larger than %(size)s.", size=size_in_words(max_bytes)))
    extension = image_extension(data[:16])
    if extension is None:
        raise NotAnImage(_("Only PNG, JPEG, GIF and WebP images can be uploaded."))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
    target = folder / name
    if not target.exists():
        # Written aside, then renamed: a half-written file is never served.
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    return _stored(target)


def stored_images(folder: Path) -> list[StoredImage]:
    """The images in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    images = [_stored(path) for path in folder.iterdir() if STORED_NAME.match(path.name)]
    return sorted(images, key=lambda image: image.uploaded_at, reverse=True)


def _stored(path: Path) -> StoredImage:
    stat = path.stat()
    return StoredImage(
        name=path.name,
        size=stat.st_size,
        uploaded_at=datetime.fromtimestamp(stat.st_mtime, UTC),
    )
