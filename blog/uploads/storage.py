"""Image uploads: recognised by their content, stored under a name made from it.

Files live in ``instance/uploads``. The name is the first 32 hex digits of the uploaded
file's SHA-256 plus the extension its content calls for, so nothing a visitor chose ever
reaches the file system, and uploading the same picture twice keeps one copy. Before it
is kept, Pillow checks the image and its smaller copies are written beside it
(``<name>-640.jpg``…); the stored file is the upload without its GPS position
(``blog.uploads.images`` says how, and why).
"""

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from blog.uploads.images import (
    WIDTHS,
    BadImage,
    checked,
    make_copies,
    without_location,
    write_atomically,
)
from blog.web.inputs import size_in_words

# (magic bytes at the start, extension, content type)
_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
]
CONTENT_TYPES = {extension: kind for __, extension, kind in _SIGNATURES} | {"webp": "image/webp"}
# An upload as the author sent it (less its location); the dashboard lists these.
STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|gif|webp)$")
# A smaller copy of one, for srcset; served, never listed.
COPY_NAME = re.compile(rf"^[0-9a-f]{{32}}-({'|'.join(map(str, WIDTHS))})\.(png|jpg|webp)$")


def is_served_name(name: str) -> bool:
    """Whether ``/uploads/<name>`` may name a file: an upload or one of its copies."""
    return STORED_NAME.match(name) is not None or COPY_NAME.match(name) is not None


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
    :raise BadImage: when it is one, but too many pixels, too much EXIF, or incomplete.
    :raise ValueError: when it is larger than ``max_bytes``.
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValueError(_("The image is larger than %(size)s.", size=size_in_words(max_bytes)))
    extension = image_extension(data[:16])
    if extension is None:
        raise NotAnImage(_("Only PNG, JPEG, GIF and WebP images can be uploaded."))
    image = checked(data, extension)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{hashlib.sha256(data).hexdigest()[:32]}.{extension}"
    target = folder / name
    if not target.exists():
        write_atomically(target, without_location(data, extension))
    make_copies(image, folder, name)
    return _stored(target)


@dataclass
class Rebuilt:
    """What ``rebuild`` did: copies written, originals cleaned, uploads it could not read."""

    copies: list[str] = field(default_factory=list)
    cleaned: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def rebuild(folder: Path) -> Rebuilt:
    """Bring every upload in ``folder`` up to the rules a new one meets: location taken
    out, copies made. Whatever is already right is left alone, so it can run again."""
    done = Rebuilt()
    for image in sorted(stored_images(folder), key=lambda stored: stored.name):
        path = folder / image.name
        data = path.read_bytes()
        extension = image.name.rsplit(".", 1)[1]
        try:
            decoded = checked(data, extension)
        except BadImage as problem:
            done.refused.append((image.name, str(problem)))
            continue
        cleaned = without_location(data, extension)
        if cleaned != data:
            write_atomically(path, cleaned)
            # The upload's date is when it was uploaded, not when it was cleaned.
            os.utime(path, (image.uploaded_at.timestamp(), image.uploaded_at.timestamp()))
            done.cleaned.append(image.name)
        done.copies.extend(make_copies(decoded, folder, image.name))
    return done


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
