"""Light images: uploads are checked by Pillow, get smaller copies that posts offer in
srcset, and never give away where a photo was taken."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image, PngImagePlugin

from blog.extensions import db
from blog.models import Post
from tests.helpers import TINY_GIF, picture, write_post

GPS_IFD, ORIENTATION = 0x8825, 0x0112


def upload(client, data: bytes, json: bool = True):
    return client.post(
        "/dashboard/uploads",
        data={"image": (io.BytesIO(data), "photo.jpg"), "alt": "A photo"},
        content_type="multipart/form-data",
        headers={"Accept": "application/json"} if json else {},
    )


def located(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: the camera, the way it was held, where it was."""
    exif = Image.Exif()
    exif[0x010F] = "Phone"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 31.0, 12.0), "E", (13.0, 24.0, 36.0)
    return exif


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b""))


def with_app1(jpeg: bytes, size: int) -> bytes:
    """``jpeg`` with an EXIF (APP1) segment of ``size`` bytes just after its start."""
    body = b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00" + b"\x00" * (size - 16)
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def exif_of(path: Path) -> Image.Exif:
    with Image.open(path) as image:
        return image.getexif()


def fetched(client, path: str) -> bytes:
    with client.get(path) as response:
        assert response.status_code == 200
        return response.data


def uploads(app) -> Path:
    return Path(app.instance_path) / "uploads"


def post_page(client, app, author, body: str) -> str:
    post = write_post(app, author, body=body)
    return client.get(post.path).text


def image_tags(page: str) -> list[str]:
    return re.findall(r"<img [^>]*>", page.split('class="post-body', 1)[1])


def test_a_phone_is_offered_a_640_pixel_copy_and_the_page_keeps_room_for_the_photo(
    app, client, logged_in, author
):
    name = upload(client, picture(2000, 1000)).json["name"]

    [tag] = image_tags(post_page(client, app, author, f"![A photo](/uploads/{name})"))

    stem = name.removesuffix(".jpg")
    assert f"/uploads/{stem}-640.jpg 640w" in tag
    assert f"/uploads/{stem}-1280.jpg 1280w, /uploads/{stem}-1920.jpg 1920w" in tag
    assert f"/uploads/{name} 2000w" in tag
    assert 'width="2000" height="1000"' in tag and 'sizes="' in tag
    with client.get(f"/uploads/{stem}-640.jpg") as copy:
        assert copy.status_code == 200 and copy.headers["Content-Type"] == "image/jpeg"
        assert Image.open(io.BytesIO(copy.data)).size == (640, 320)
        assert "immutable" in copy.headers["Cache-Control"]


def test_copies_are_only_made_narrower_than_the_original_and_in_its_format(
    app, client, logged_in
):
    for data in (picture(1000, 800, "PNG"), picture(700, 700, "WEBP"), picture(600, 400)):
        upload(client, data)

    made = sorted(path.name.split("-", 1)[1] for path in uploads(app).glob("*-*"))
    assert made == ["640.png", "640.webp"]


def test_the_dashboard_lists_the_uploads_not_their_copies(app, client, logged_in):
    name = upload(client, picture(1400, 700)).json["name"]

    page = client.get("/dashboard/uploads").text

    assert page.count("![image](/uploads/") == 1 and f"/uploads/{name})" in page
    assert "-640.jpg" not in page


def test_the_first_image_loads_at_once_later_ones_lazily_and_other_sites_are_left_alone(
    app, client, logged_in, author
):
    first = upload(client, picture(1200, 600)).json["name"]
    second = upload(client, picture(900, 600)).json["name"]
    body = (f"![One](/uploads/{first})\n\nText.\n\n![Two](/uploads/{second})\n\n"
            "![Three](https://example.org/elsewhere.jpg)")

    one, two, three = image_tags(post_page(client, app, author, body))

    assert 'loading="lazy"' not in one and 'decoding="async"' in one
    assert 'loading="lazy"' in two and 'width="900" height="600"' in two
    assert three == '<img alt="Three" src="https://example.org/elsewhere.jpg">'


def test_the_place_a_photo_was_taken_is_in_nothing_served(app, client, logged_in, author):
    shot = picture(2000, 1000, exif=located(orientation=6))
    name = upload(client, shot).json["name"]

    served = fetched(client, f"/uploads/{name}")
    original = Image.open(io.BytesIO(served))
    assert GPS_IFD not in original.getexif() and b"GPS" not in served
    # The camera and the way it was held stay; the pixels are the ones uploaded.
    assert original.getexif()[ORIENTATION] == 6 and original.getexif()[0x010F] == "Phone"
    assert original.size == (2000, 1000)
    copy_bytes = fetched(client, f"/uploads/{name.removesuffix('.jpg')}-640.jpg")
    copy = Image.open(io.BytesIO(copy_bytes))
    assert not copy.getexif() and b"Exif" not in copy_bytes
    assert copy.size == (640, 1280)  # turned upright, since it has no tag to say so

    [tag] = image_tags(post_page(client, app, author, f"![Held upright](/uploads/{name})"))
    assert 'width="1000" height="2000"' in tag and f"{name} 1000w" in tag


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_location_too(app, client, logged_in, kind):
    name = upload(client, picture(700, 300, kind, exif=located())).json["name"]

    exif = exif_of(uploads(app) / name)

    assert GPS_IFD not in exif and exif[0x010F] == "Phone"


# XMP as a photo editor writes it: it can repeat where the photo was taken.
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf='
       b'"http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif='
       b'"http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,31.2N" '
       b'exif:GPSLongitude="13,24.6E"/></rdf:RDF></x:xmpmeta>')


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_location_repeated_in_xmp_is_not_served_either(app, client, logged_in, kind):
    out = io.BytesIO()
    if kind == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        Image.new("RGB", (700, 300)).save(out, kind, pnginfo=text)
    else:
        Image.new("RGB", (700, 300)).save(out, kind, xmp=XMP)
    assert b"GPSLatitude" in out.getvalue()

    name = upload(client, out.getvalue()).json["name"]

    served = fetched(client, f"/uploads/{name}")
    assert b"GPSLatitude" not in served and b"GPSLongitude" not in served
    assert Image.open(io.BytesIO(served)).size == (700, 300)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (png_claiming(100_000, 100_000), "too many pixels"),
        # Past the blog's limit, below Pillow's own refusal: its warning refuses too.
        (png_claiming(8000, 7000), "too many pixels"),
        (picture(2000, 1000)[:4000], "damaged or incomplete"),
        (with_app1(picture(200, 100), 60 * 1024), "EXIF data is too large"),
    ],
    ids=["bomb", "past-the-limit", "truncated", "huge-exif"],
)
def test_a_hostile_or_broken_image_is_refused_with_the_form_shown_again(
    app, client, logged_in, data, says
):
    response = upload(client, data, json=False)

    assert response.status_code == 422
    assert says in response.text and 'enctype="multipart/form-data"' in response.text
    assert not uploads(app).exists() or not list(uploads(app).iterdir())
    assert says in upload(client, data).json["error"]


def test_a_gif_is_kept_as_it_is_without_copies(app, client, logged_in):
    frames = [Image.new("P", (800, 600), color) for color in (1, 2)]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100)

    name = upload(client, out.getvalue()).json["name"]

    assert [path.name for path in uploads(app).iterdir()] == [name]
    assert (uploads(app) / name).read_bytes() == out.getvalue()
    assert upload(client, TINY_GIF).status_code == 200


def test_rebuild_brings_old_uploads_and_the_posts_showing_them_up_to_date(
    app, runner, author
):
    folder = uploads(app)
    folder.mkdir(parents=True)
    name = "ab" * 16 + ".jpg"
    (folder / name).write_bytes(picture(1500, 1000, exif=located()))
    (folder / ("cd" * 16 + ".png")).write_bytes(png_claiming(100_000, 100_000))
    post = write_post(app, author, body=f"![Old](/uploads/{name})")
    with app.app_context():
        db.session.get(Post, post.id).body_html = '<p><img alt="Old" src="/uploads/x"></p>'
        db.session.commit()

    first = runner.invoke(args=["images", "rebuild"])

    assert first.exit_code == 0, first.output
    assert "Wrote 2 copies." in first.output
    assert "Took the location out of 1 image." in first.output
    assert "1 post shows its images differently now." in first.output
    assert "cdcd" in first.output and "too many pixels" in first.output
    assert GPS_IFD not in exif_of(folder / name)
    with app.app_context():
        html = db.session.scalar(sa.select(Post.body_html).where(Post.id == post.id))
    assert "-640.jpg 640w" in html and 'width="1500" height="1000"' in html

    again = runner.invoke(args=["images", "rebuild"])
    assert "Wrote 0 copies." in again.output and "out of 0 images" in again.output
    assert "0 posts show" in again.output


def test_rerender_gives_posts_the_size_of_images_uploaded_after_them(app, runner, author):
    name = "ef" * 16 + ".jpg"
    post = write_post(app, author, body=f"![Later](/uploads/{name})")
    uploads(app).mkdir(parents=True)
    (uploads(app) / name).write_bytes(picture(300, 200))

    assert runner.invoke(args=["rerender"]).exit_code == 0

    with app.app_context():
        html = db.session.scalar(sa.select(Post.body_html).where(Post.id == post.id))
    assert 'width="300" height="200"' in html and "srcset" not in html


def test_a_feed_reader_gets_every_address_of_an_image_whole(app, client, logged_in, author):
    name = upload(client, picture(1400, 700)).json["name"]
    write_post(app, author, body=f"![A photo](/uploads/{name})")

    feed = client.get("/feeds/posts.atom").text

    stem = name.removesuffix(".jpg")
    assert (f"srcset=\"http://localhost/uploads/{stem}-640.jpg 640w, "
            f"http://localhost/uploads/{stem}-1280.jpg 1280w, "
            f"http://localhost/uploads/{name} 1400w\"") in feed
