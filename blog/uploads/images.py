"""Uploaded images through Pillow: checked before they are kept, lighter copies for readers.

**Checks.** Pillow reads the header first (``Image.open`` decodes nothing), so the
dimensions are checked before a single pixel is decoded: more than ``MAX_PIXELS`` is
refused, and ``Image.MAX_IMAGE_PIXELS`` is set to the same number so that Pillow's own
decompression-bomb check stays on as a second lock (its warning or error is a refusal
too, never a 500). An EXIF block larger than ``MAX_EXIF_BYTES`` is refused (cameras
write a few to some tens of KB, tags and thumbnail together). Then the image is decoded
in full, so a truncated or corrupt file is refused instead of being kept and served
broken; a JPEG is decoded at the smallest scale its largest copy needs (libjpeg's
draft mode), which keeps memory at a fraction of the full picture.

**Location.** No file served carries the place a photo was taken. The stored original
is the upload with its GPS IFD taken out of the EXIF and its XMP packet (which can
repeat the position, and names faces) dropped; this is done on the file's segments
(JPEG), chunks (PNG, WebP), so the pixels are never re-encoded and an image without
them is kept byte for byte. The original keeps its Orientation tag and its pixels as
shot, and browsers turn it upright from that tag; the copies carry no EXIF at all, so
their pixels are turned upright before they are scaled. The width and height given to
pages are the upright ones. GIFs hold no EXIF and are kept as they are.

**Copies.** Beside ``<hash>.jpg`` go ``<hash>-640.jpg``, ``<hash>-1280.jpg`` and
``<hash>-1920.jpg``: each width in ``WIDTHS`` narrower than the upright original, in the
original's format (JPEG, PNG or WebP). GIFs and animated PNG or WebP get none.
``flask --app app images rebuild`` makes missing copies and takes GPS out of uploads
kept before these rules.
"""

import io
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from PIL import Image, ImageOps

# Refused above this many pixels: 50 MP takes the largest phone photos (8160 x 6120), and
# decoding it fully would take 150 MB; Pillow warns above it and refuses twice as many.
MAX_PIXELS = 50_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
MAX_EXIF_BYTES = 48 * 1024
WIDTHS = (640, 1280, 1920)

_FORMATS = {"jpg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
_COPY_OPTIONS = {
    "jpg": {"quality": 80, "optimize": True, "progressive": True},
    "png": {"optimize": False},
    "webp": {"quality": 80, "method": 4},
}
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_TURNED = {5, 6, 7, 8}  # orientations that swap width and height
_XMP_JPEG = b"http://ns.adobe.com/xap/1.0/\x00"
_XMP_PNG_KEY = b"XML:com.adobe.xmp\x00"


class BadImage(ValueError):
    """The file says it is an image but cannot be used as one (the message says why)."""


@dataclass(frozen=True)
class Upright:
    """An image's size as readers see it (after its EXIF orientation)."""

    width: int
    height: int


def copy_name(name: str, width: int) -> str:
    """``<hash>.jpg`` -> ``<hash>-640.jpg``."""
    stem, extension = name.rsplit(".", 1)
    return f"{stem}-{width}.{extension}"


def copy_widths(upright_width: int, extension: str) -> list[int]:
    """The copy widths an image of this width and type gets."""
    if extension == "gif":
        return []
    return [width for width in WIDTHS if width < upright_width]


@dataclass(frozen=True)
class Checked:
    """A decoded image, and the size its header gave (a JPEG may be decoded smaller)."""

    image: Image.Image
    size: Upright


def checked(data: bytes, extension: str) -> Checked:
    """The decoded image, after the checks above (pixels, EXIF, a whole file).

    :raise BadImage: with a sentence the author can act on.
    """
    try:
        image = Image.open(io.BytesIO(data), formats=[_FORMATS[extension]])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(_too_many_pixels()) from None
    except Exception:
        raise BadImage(_unreadable()) from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise BadImage(_too_many_pixels())
    _check_exif(image)
    size = upright_size(image)
    try:
        if image.format == "JPEG":
            # Decoded no larger than the largest copy needs (1/2, 1/4 or 1/8 of the size).
            scale = max(copy_widths(size.width, extension), default=1) / size.width
            image.draft(image.mode, (int(width * scale) + 1, int(height * scale) + 1))
        image.load()
    except Exception:
        raise BadImage(_unreadable()) from None
    _check_exif(image)  # a PNG may keep its EXIF after the pixels
    return Checked(image, size)


def _check_exif(image: Image.Image) -> None:
    if len(image.info.get("exif") or b"") > MAX_EXIF_BYTES:
        raise BadImage(_("The image's EXIF data is too large (more than %(size)s KB).",
                         size=MAX_EXIF_BYTES // 1024))


def _too_many_pixels() -> str:
    return _("The image has too many pixels (more than %(count)s million).",
             count=MAX_PIXELS // 1_000_000)


def _unreadable() -> str:
    return _("The image is damaged or incomplete; export it again and upload the new file.")


def upright_size(image: Image.Image) -> Upright:
    """The size readers see: width and height swapped when the EXIF turns the image."""
    width, height = image.size
    exif = image.info.get("exif")
    if exif:
        try:
            tags = Image.Exif()
            tags.load(exif)
            if tags.get(_ORIENTATION) in _TURNED:
                width, height = height, width
        except Exception:
            pass  # an unreadable orientation is no orientation: browsers ignore it too
    return Upright(width, height)


def read_size(path: Path) -> Upright | None:
    """The upright size of a stored image, from its header alone; None if unreadable."""
    try:
        with Image.open(path) as image:
            return upright_size(image)
    except Exception:
        return None


def make_copies(checked_image: Checked, folder: Path, name: str) -> list[str]:
    """Write the copies of ``name`` that are missing; return the names written."""
    image, size = checked_image.image, checked_image.size
    extension = name.rsplit(".", 1)[1]
    missing = [width for width in copy_widths(size.width, extension)
               if not (folder / copy_name(name, width)).exists()]
    if not missing or getattr(image, "is_animated", False):
        return []
    upright = _for_copies(ImageOps.exif_transpose(image), extension)
    icc = image.info.get("icc_profile")
    options = dict(_COPY_OPTIONS[extension], **({"icc_profile": icc} if icc else {}))
    written = []
    for width in missing:
        height = max(1, round(size.height * width / size.width))
        small = upright.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        buffer = io.BytesIO()
        small.save(buffer, format=_FORMATS[extension], **options)
        write_atomically(folder / copy_name(name, width), buffer.getvalue())
        written.append(copy_name(name, width))
    return written


def _for_copies(image: Image.Image, extension: str) -> Image.Image:
    """The image in a mode its format's encoder takes and that scales smoothly."""
    has_alpha = "A" in image.getbands() or "transparency" in image.info
    if extension == "jpg":
        return image if image.mode in ("L", "RGB", "CMYK") else image.convert("RGB")
    if extension == "png" and image.mode in ("L", "LA", "RGB", "RGBA"):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def write_atomically(target: Path, data: bytes) -> None:
    """Write aside, then rename: a half-written file is never served."""
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, target)


# Location: GPS out of the EXIF, XMP out altogether, without touching the pixels.


def without_location(data: bytes, extension: str) -> bytes:
    """``data`` without GPS EXIF or XMP; the same bytes when it had neither."""
    try:
        if extension == "jpg":
            return _jpeg_without_location(data)
        if extension == "png":
            return _png_without_location(data)
        if extension == "webp":
            return _webp_without_location(data)
    except (struct.error, IndexError, ValueError):
        pass  # a layout this reader does not follow: checked() already decoded the image
    return data


def _exif_without_gps(raw: bytes) -> bytes | None:
    """The EXIF block without its GPS IFD, or None when it has none."""
    try:
        tags = Image.Exif()
        tags.load(raw)
        if _GPS_IFD not in tags:
            return None
        for ifd in (0x8769, 0xA005):  # Exif and interoperability IFDs travel along
            tags.get_ifd(ifd)
        del tags[_GPS_IFD]
        cleaned = tags.tobytes()
    except Exception:
        return b""  # unreadable, so it may hide a position: dropped
    return cleaned if raw.startswith(b"Exif\x00\x00") else cleaned[6:]


def _jpeg_without_location(data: bytes) -> bytes:
    pieces, position = [data[:2]], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker in (0xDA, 0xD9):  # the pixels start: nothing more to look at
            break
        length = int.from_bytes(data[position + 2:position + 4], "big")
        segment = data[position:position + 2 + length]
        body = segment[4:]
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            cleaned = _exif_without_gps(body)
            if cleaned is not None:
                segment = cleaned and b"\xff\xe1" + struct.pack(">H", len(cleaned) + 2) + cleaned
        elif marker == 0xE1 and body.startswith(_XMP_JPEG):
            segment = b""
        pieces.append(segment)
        position += 2 + length
    pieces.append(data[position:])
    return b"".join(pieces)


def _png_without_location(data: bytes) -> bytes:
    pieces, position = [data[:8]], 8
    while position + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position:position + 12 + length]
        body = chunk[8:8 + length]
        if kind == b"eXIf":
            cleaned = _exif_without_gps(body)
            if cleaned is not None:
                chunk = cleaned and _png_chunk(kind, cleaned)
        elif kind in (b"iTXt", b"tEXt", b"zTXt") and body.startswith(_XMP_PNG_KEY):
            chunk = b""
        pieces.append(chunk)
        position += 12 + length
        if kind == b"IEND":
            break
    pieces.append(data[position:])
    return b"".join(pieces)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


_VP8X_EXIF_FLAG, _VP8X_XMP_FLAG = 0x08, 0x04


def _webp_without_location(data: bytes) -> bytes:
    chunks, position, cleared = [], 12, 0
    while position + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 8 + length + (length & 1)
        if kind == b"EXIF":
            cleaned = _exif_without_gps(body)
            body = body if cleaned is None else cleaned
            if not body:
                cleared |= _VP8X_EXIF_FLAG
                continue
        elif kind == b"XMP ":
            cleared |= _VP8X_XMP_FLAG
            continue
        chunks.append([kind, body])
    for chunk in chunks:
        if chunk[0] == b"VP8X" and cleared:
            chunk[1] = bytes([chunk[1][0] & ~cleared]) + chunk[1][1:]
    payload = b"WEBP" + b"".join(
        kind + struct.pack("<I", len(body)) + body + b"\x00" * (len(body) & 1)
        for kind, body in chunks
    )
    return b"RIFF" + struct.pack("<I", len(payload)) + payload

