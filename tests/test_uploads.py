"""Image uploads: checked by content, capped in size, served with long cache lifetimes."""

import io
import struct
import zlib
from pathlib import Path

import pytest

from blog.uploads.storage import image_extension


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
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32,
    "gif": b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24,
}


def upload(client, data: bytes, filename: str, json: bool = False, alt: str = ""):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        "/dashboard/uploads",
        data={"image": (io.BytesIO(data), filename), "alt": alt},
        content_type="multipart/form-data",
        headers=headers,
    )


@pytest.mark.parametrize(("extension", "data"), SAMPLES.items())
def test_image_types_are_recognised_by_content(extension, data):
    assert image_extension(data[:16]) == extension


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "pic.png"),
        (b"<html><script>alert(1)</script></html>", "pic.jpg"),
        (b"%PDF-1.4 not a picture", "pic.gif"),
        (b"", "empty.png"),
    ],
)
def test_non_images_are_refused_whatever_their_name(app, client, logged_in, data, filename):
    response = upload(client, data, filename)

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
     "/uploads/" + "a" * 32 + ".svg", "/uploads/" + "a" * 32 + ".png"],
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
