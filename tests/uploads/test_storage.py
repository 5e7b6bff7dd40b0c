"""Upload storage at its edges: which bytes count as an image, how much is read, where and
how a file lands, and which names count as uploaded images (docs/mutation.md)."""

import io
import os
import stat
import tempfile
from datetime import UTC, datetime

import pytest

from blog.uploads.storage import (
    NotAnImage,
    image_extension,
    is_stored_image,
    save_image,
    stored_images,
)
from tests.helpers import TINY_GIF as GIF

# A real 2x2 GIF, as Pillow writes one.
OTHER_GIF = (b"GIF87a\x02\x00\x02\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00,\x00\x00\x00\x00"
             b"\x02\x00\x02\x00\x00\x08\x06\x00\x01\x08\x04\x10\x10\x00;")


class CountingStream(io.BytesIO):
    """An upload that remembers how many bytes were read from it."""

    taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data


def test_the_shortest_webp_header_is_recognised_and_a_lone_webp_tag_is_not():
    assert image_extension(b"RIFF\x04\x00\x00\x00WEBP") == "webp"
    assert image_extension(b"RIFX\x04\x00\x00\x00WEBP") is None
    assert image_extension(b"RIFF\x04\x00\x00\x00WEBM") is None


def test_an_image_of_exactly_the_limit_is_kept_and_one_byte_more_is_refused(tmp_path):
    limit = len(GIF)

    assert save_image(io.BytesIO(GIF), tmp_path, max_bytes=limit).size == limit
    with pytest.raises(ValueError, match="larger than"):
        save_image(io.BytesIO(GIF + b"\x00"), tmp_path / "other", max_bytes=limit)


def test_an_oversized_upload_is_refused_after_reading_just_past_the_limit(tmp_path):
    stream = CountingStream(GIF + b"\x00" * 1_000_000)

    with pytest.raises(ValueError, match="larger than 1 KB"):
        save_image(stream, tmp_path, max_bytes=1024)

    assert stream.taken == 1025
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []


def test_something_else_is_refused_with_the_types_that_are_welcome(tmp_path):
    with pytest.raises(NotAnImage) as refused:
        save_image(io.BytesIO(b"<svg onload='alert(1)'/>"), tmp_path, max_bytes=1024)

    assert str(refused.value) == "Only PNG, JPEG, GIF and WebP images can be uploaded."


def test_images_land_readable_in_a_folder_made_for_them(tmp_path):
    folder = tmp_path / "instance" / "uploads"

    first = save_image(io.BytesIO(GIF), folder, max_bytes=1024)
    second = save_image(io.BytesIO(OTHER_GIF), folder, max_bytes=1024)

    assert sorted(path.name for path in folder.iterdir()) == sorted([first.name, second.name])
    for image in (first, second):
        # The web server serves them: readable by all, writable by the blog alone.
        assert stat.S_IMODE((folder / image.name).stat().st_mode) == 0o644


def test_the_library_lists_images_newest_first_with_size_and_time(tmp_path):
    old = save_image(io.BytesIO(GIF), tmp_path, max_bytes=1024)
    new = save_image(io.BytesIO(OTHER_GIF), tmp_path, max_bytes=1024)
    os.utime(tmp_path / old.name, (1_600_000_000, 1_600_000_000))
    os.utime(tmp_path / new.name, (1_700_000_000, 1_700_000_000))
    (tmp_path / "notes.txt").write_text("not an upload")

    listed = stored_images(tmp_path)

    assert [image.name for image in listed] == [new.name, old.name]
    assert listed[0].size == len(OTHER_GIF)
    assert listed[0].uploaded_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert listed[0].uploaded_at.tzinfo is not None
    assert stored_images(tmp_path / "missing") == []


def test_only_an_uploaded_image_still_there_counts_as_one(tmp_path):
    saved = save_image(io.BytesIO(GIF), tmp_path, max_bytes=1024)
    (tmp_path / "notes.txt").write_text("not an upload")

    assert is_stored_image(saved.name, tmp_path)
    assert not is_stored_image("notes.txt", tmp_path)
    assert not is_stored_image("0" * 32 + ".gif", tmp_path)
    assert not is_stored_image("", tmp_path) and not is_stored_image(None, tmp_path)


def test_an_image_is_written_beside_where_it_lands_not_in_the_system_temp_folder(
    tmp_path, monkeypatch
):
    # /tmp may be another disk (a rename across disks fails) or shared with other users.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-folder"))
    folder = tmp_path / "uploads"

    saved = save_image(io.BytesIO(GIF), folder, max_bytes=1024)

    assert [path.name for path in folder.iterdir()] == [saved.name]
