"""`import … --fetch-images`: the old blog's images come home through the upload checks,
and every way a download can go wrong is listed without stopping the import."""

import struct
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sqlalchemy as sa

from blog.extensions import db
from blog.models import Post
from blog.transfer.images import FetchFailed, download, is_old_blog_host, old_images
from tests.helpers import picture


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


JPEG = picture(8, 8)
CAP = 50_000


class Images(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.split("?")[0]
        if path.endswith("good.png"):
            self.answer(200, png(), "image/png")
        elif path.endswith("good.jpg"):
            self.answer(200, JPEG, "image/jpeg")
        elif path.endswith("moved.png"):
            self.answer(301, b"", location="/wp-content/uploads/good.png")
        elif path.endswith("loop.jpg"):
            self.answer(302, b"", location="/wp-content/uploads/loop.jpg?again")
        elif path.endswith("ftp.jpg"):
            self.answer(302, b"", location="ftp://127.0.0.1/x.jpg")
        elif path.endswith("huge.jpg"):
            self.answer(200, JPEG + bytes(CAP * 2), "image/jpeg")
        elif path.endswith("page.jpg"):
            self.answer(200, b"<!doctype html><title>Not an image</title>", "image/jpeg")
        elif path.endswith("slow.jpg"):
            time.sleep(4)  # past the read timeout, with room for a busy machine
            self.answer(200, JPEG, "image/jpeg")
        else:
            self.answer(404, b"gone")

    def answer(self, status, body, kind="text/html", location=None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if location:
                self.send_header("Location", location)
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (the slow image)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def image_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Images)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetching(app):
    app.config.update(IMPORT_FETCH_ALLOW_LOCAL=True, IMPORT_FETCH_CONNECT_TIMEOUT=2,
                      IMPORT_FETCH_READ_TIMEOUT=2, UPLOAD_MAX_BYTES=CAP)
    return app


NAMES = ("good.png", "good.jpg", "moved.png", "loop.jpg", "ftp.jpg", "huge.jpg", "page.jpg",
         "slow.jpg", "missing.jpg")


def wordpress_export(tmp_path, host: str) -> str:
    uploads = f"http://{host}/wp-content/uploads"
    images = "\n\n".join(f'<img src="{uploads}/{name}" alt="{name}">' for name in NAMES)
    body = (f"{images}\n\nAgain: <img src='{uploads}/good.png'>\n\n"
            f'Elsewhere: <img src="http://localhost:{host.split(":")[1]}/good.png">')
    path = tmp_path / "wordpress.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Pictures</title><link>http://{host}</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>http://{host}</wp:base_site_url>
<item><title>Album</title><link>http://{host}/2020/01/02/album/</link>
<content:encoded><![CDATA[{body}]]></content:encoded>
<wp:post_id>1</wp:post_id><wp:post_date_gmt>2020-01-02 10:00:00</wp:post_date_gmt>
<wp:post_name>album</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>
<item><title>Words only</title><link>http://{host}/2020/01/03/words/</link>
<content:encoded><![CDATA[No pictures here.]]></content:encoded>
<wp:post_id>2</wp:post_id><wp:post_date_gmt>2020-01-03 10:00:00</wp:post_date_gmt>
<wp:post_name>words</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item>
</channel></rss>""")
    return str(path)


def album(app) -> Post:
    with app.app_context():
        post = db.session.scalar(sa.select(Post).where(Post.slug == "album"))
        db.session.expunge_all()
        return post


def test_images_come_home_and_failures_are_listed(fetching, runner, author, tmp_path,
                                                  image_server):
    started = time.monotonic()
    result = runner.invoke(args=["import", "wordpress", wordpress_export(tmp_path, image_server),
                                 "--fetch-images"])

    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 10
    out = result.output
    assert "Imported 2 posts" in out
    assert "Fetched 3 images into the uploads, shown by 1 post from this blog now." in out
    assert "6 could not be fetched and keep their old address:" in out
    uploads = f"http://{image_server}/wp-content/uploads"
    reasons = {
        "loop.jpg": "more than 5 redirects",
        "ftp.jpg": "only http and https addresses are fetched",
        "huge.jpg": "larger than",
        "page.jpg": "Only PNG, JPEG, GIF and WebP images can be uploaded",
        "slow.jpg": "the server took too long",
        "missing.jpg": "the server answered 404",
    }
    for name, reason in reasons.items():
        line = next(line for line in out.splitlines() if f"/{name}" in line)
        assert line.startswith(f"  {uploads}/{name}") and reason in line, line

    post = album(fetching)
    names = sorted(path.name for path in Path(fetching.instance_path, "uploads").iterdir())
    assert len(names) == 2  # good.png (also by its redirect) and good.jpg, one copy each
    for name in names:
        assert f'src="/uploads/{name}"' in post.body
        assert f'src="/uploads/{name}"' in post.body_html
    assert post.body.count("/uploads/" + next(n for n in names if n.endswith(".png"))) == 3
    for name in reasons:
        assert f'src="{uploads}/{name}"' in post.body  # kept where it was
    assert f'src="http://localhost:{image_server.split(":")[1]}/good.png"' in post.body


def test_without_the_flag_nothing_is_fetched(fetching, runner, author, tmp_path, image_server):
    result = runner.invoke(args=["import", "wordpress", wordpress_export(tmp_path, image_server)])

    assert result.exit_code == 0 and "Fetched" not in result.output
    assert 'src="/uploads/' not in album(fetching).body


def test_local_addresses_are_refused_unless_allowed(image_server):
    with pytest.raises(FetchFailed, match="private or local network"):
        download(f"http://{image_server}/good.png", max_bytes=CAP, timeout=(2, 2))
    assert download(f"http://{image_server}/good.png", max_bytes=CAP, timeout=(2, 2),
                    allow_local=True) == png()


@pytest.mark.parametrize("address", ["http://10.0.0.1/a.png", "http://[::1]/a.png",
                                     "http://169.254.169.254/latest/", "file:///etc/passwd",
                                     "http:///nohost"])
def test_private_and_odd_addresses_are_refused(address):
    with pytest.raises(FetchFailed):
        download(address, max_bytes=CAP, timeout=(1, 1))


@pytest.mark.parametrize(
    ("host", "old"),
    [("1.bp.blogspot.com", True), ("blogger.googleusercontent.com", True),
     ("lh3.googleusercontent.com", True), ("musings.blogspot.co.uk", True),
     ("www.fieldnotes.example.org", True), ("fieldnotes.files.wordpress.com", True),
     ("i0.wp.com", True), ("example.com", False), ("blogspot.com.evil.example", False)],
)
def test_which_hosts_are_the_old_blogs(host, old):
    assert is_old_blog_host(host, {"fieldnotes.example.org"}) is old


def test_image_addresses_are_found_as_written():
    body = ('<img src="https://1.bp.blogspot.com/a.jpg?x=1&amp;y=2"> <img src=\'//lh3.'
            'googleusercontent.com/b.png\'> <img alt="" src="https://example.com/c.png">')

    assert old_images(body, set()) == ["https://1.bp.blogspot.com/a.jpg?x=1&amp;y=2",
                                       "//lh3.googleusercontent.com/b.png"]


def test_a_blogger_blogs_images_come_home_too(fetching, runner, author, tmp_path,
                                              image_server):
    image = f"http://{image_server}/img/good.jpg"
    path = tmp_path / "blogger.xml"
    path.write_text(f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom'>
<id>tag:blogger.com,1999:blog-42.archive</id><title type='text'>Photos</title>
<link rel='alternate' type='text/html' href='http://{image_server}/'/>
<entry><id>tag:blogger.com,1999:blog-42.post-1</id>
<published>2020-02-01T09:00:00.000-08:00</published>
<category scheme='http://schemas.google.com/g/2005#kind'
 term='http://schemas.google.com/blogger/2008/kind#post'/>
<title type='text'>A photo</title>
<content type='html'>&lt;a href="{image}"&gt;&lt;img src="{image}" /&gt;&lt;/a&gt;</content>
<link rel='alternate' type='text/html' href='http://{image_server}/2020/02/a-photo.html'/>
</entry></feed>""")

    result = runner.invoke(args=["import", "blogger", str(path), "--fetch-images"])

    assert result.exit_code == 0, result.output
    assert "Fetched 1 image into the uploads, shown by 1 post" in result.output
    with fetching.app_context():
        body = db.session.scalar(sa.select(Post.body_html))
    assert 'src="/uploads/' in body and f'href="{image}"' in body
