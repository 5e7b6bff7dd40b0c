"""Image uploads: checked by content, capped in size, served with long cache lifetimes."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest

from blog.uploads.storage import image_extension
from tests.helpers import TINY_GIF, picture


def tiny_png() -> bytes:
    """A real 1x1 PNG, built by hand so the tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
            + chunk(b"IEND", b""))


SAMPLES = {
    "png": tiny_png(),
    "jpg": picture(2, 2, "JPEG"),
    "gif": TINY_GIF,
    "webp": picture(2, 2, "WEBP"),
}


def upload(client, data: bytes, filename: str, json: bool = False, alt: str = "",
           content_type: str | None = None):
    headers = {"Accept": "application/json"} if json else {}
    image = (io.BytesIO(data), filename) + ((content_type,) if content_type else ())
    return client.post(
        "/dashboard/uploads",
        data={"image": image, "alt": alt},
        content_type="multipart/form-data",
        headers=headers,
    )


@pytest.mark.parametrize(("extension", "data"), SAMPLES.items())
def test_image_types_are_recognised_by_content(extension, data):
    assert image_extension(data[:16]) == extension


SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (SVG, "pic.png", None),
        (SVG, "pic.png", "image/png"),
        (b'<?xml version="1.0"?>\n' + SVG, "pic.gif", "image/gif"),
        (b"\xef\xbb\xbf" + SVG, "pic.svg", "image/svg+xml"),
        (b"<html><script>alert(1)</script></html>", "pic.jpg", None),
        (b"<!DOCTYPE html><script>alert(1)</script>", "pic.png", "image/png"),
        (b"   <script>alert(1)</script>\x89PNG", "pic.png", "image/png"),
        (b"%PDF-1.4 not a picture", "pic.gif", None),
        (b"", "empty.png", None),
    ],
)
def test_non_images_are_refused_whatever_their_name(
    app, client, logged_in, data, filename, content_type
):
    response = upload(client, data, filename, content_type=content_type)

    assert response.status_code in (400, 415)
    assert "Only PNG, JPEG, GIF and WebP" in response.text or "Choose an image" in response.text
    assert not list((Path(app.instance_path) / "uploads").glob("*.*"))


def test_upload_gives_markdown_and_the_image_is_served_with_its_type(app, client, logged_in):
    response = upload(client, SAMPLES["png"], "../../etc/passwd.png", json=True, alt="A dot")

    assert response.status_code == 200
    markdown = response.json["markdown"]
    assert markdown.startswith("![A dot](/uploads/") and markdown.endswith(".png)")
    assert "passwd" not in markdown

    with client.get(markdown.split("(")[1].rstrip(")")) as served:
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "image/png"
        assert "max-age=31536000" in served.headers["Cache-Control"]
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.data == SAMPLES["png"]


def test_an_image_that_is_also_html_is_only_ever_served_as_an_image(app, client, logged_in):
    # A whole GIF followed by a page: a GIF to a decoder, and HTML to a sniffer.
    polyglot = TINY_GIF + b"<html><body><script>alert(1)</script></body></html>"

    response = upload(client, polyglot, "page.html", json=True, content_type="text/html")

    assert response.status_code == 200
    path = response.json["markdown"].split("(")[1].rstrip(")")
    assert path.endswith(".gif")
    with client.get(path) as served:
        assert served.headers["Content-Type"] == "image/gif"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in served.headers["Content-Security-Policy"]
        assert "attachment" not in served.headers.get("Content-Disposition", "")


@pytest.mark.parametrize(
    "filename",
    ["../../instance/secret_key", "/etc/passwd", "..\\..\\dot.png", "dot\x00.png",
     "%2e%2e%2fdot.png", "C:\\Windows\\dot.png"],
)
def test_the_name_a_file_was_sent_with_never_reaches_the_disk(app, client, logged_in, filename):
    instance = Path(app.instance_path)
    before = {path for path in instance.rglob("*") if path.is_file()}

    response = upload(client, SAMPLES["png"], filename, json=True)

    assert response.status_code == 200
    [added] = {path for path in instance.rglob("*") if path.is_file()} - before
    assert added.parent == instance / "uploads"
    assert re.fullmatch(r"[0-9a-f]{32}\.png", added.name)
    assert response.json["name"] == added.name


def test_upload_without_javascript_shows_the_markdown_and_the_list(client, logged_in):
    response = upload(client, SAMPLES["gif"], "dot.gif", alt="A tiny dot")

    assert response.status_code == 200
    assert "Paste this into the post" in response.text
    assert "![A tiny dot](/uploads/" in response.text
    assert "Uploaded images" in client.get("/dashboard/uploads").text


def test_oversized_uploads_are_refused_with_a_clear_message(app, client, logged_in):
    app.config["UPLOAD_MAX_BYTES"] = 1024

    response = upload(client, SAMPLES["png"] + b"\x00" * 200_000, "big.png")

    assert response.status_code == 413
    assert "larger than" in response.text


def test_uploads_may_be_larger_than_ordinary_requests(app, client, logged_in):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    app.config["UPLOAD_MAX_BYTES"] = 100_000

    response = upload(client, SAMPLES["png"] + b"\x00" * 50_000, "big.png", json=True)

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/uploads/../secret_key", "/uploads/..%2fsecret_key", "/uploads/secret_key",
     "/uploads/" + "a" * 32 + ".svg", "/uploads/" + "a" * 32 + ".png",
     "/uploads/" + "a" * 32 + ".html", "/uploads/" + "a" * 32 + ".png%00.html",
     "/uploads/" + "A" * 32 + ".png", "/uploads/.upload-tmp"],
)
def test_only_stored_image_names_are_served(client, path):
    assert client.get(path).status_code == 404


def test_uploading_needs_the_author(client, author):
    response = upload(client, SAMPLES["png"], "dot.png")

    assert response.status_code == 302


def test_only_the_upload_route_takes_more_than_the_request_limit(app, client, logged_in):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    app.config["UPLOAD_MAX_BYTES"] = 100_000

    response = client.post("/dashboard/posts/new", data={"title": "T", "body": "x" * 50_000})

    assert response.status_code == 413
    assert "at most 9.8 KB" in response.text


def test_the_upload_limit_is_said_in_plain_words(app, client, logged_in):
    app.config["UPLOAD_MAX_BYTES"] = 1024

    response = upload(client, SAMPLES["png"] + b"\x00" * 2048, "big.png")

    assert response.status_code == 413
    assert "The image is larger than 1 KB." in response.text
