"""Uploaded photos are bounded, decoded in full and re-encoded (binaan.core.images)."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from binaan.core.images import clean_uploaded_image


def _jpeg(size: tuple[int, int] = (64, 48), exif: bytes | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def _gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Kamera Petugas"  # Make
    exif[0x8825] = {1: "S", 2: (1.0, 16.0, 0.0), 3: "E", 4: (116.0, 50.0, 0.0)}  # GPS IFD
    return exif.tobytes()


def _upload(data: bytes, name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims huge dimensions: a few bytes that would decode to gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_photo_is_re_encoded_without_exif_or_gps() -> None:
    original = _jpeg(exif=_gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is there
    cleaned = clean_uploaded_image(_upload(original)).read()
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif()
    assert b"Kamera Petugas" not in cleaned


def test_a_polyglot_loses_its_payload() -> None:
    payload = b"PK\x03\x04<script>alert(1)</script><?php system($_GET['c']); ?>"
    cleaned = clean_uploaded_image(_upload(_jpeg() + payload)).read()
    assert b"<script>" not in cleaned and b"PK\x03\x04" not in cleaned and b"php" not in cleaned


def test_a_truncated_photo_is_refused() -> None:
    data = _jpeg(size=(400, 300))
    with pytest.raises(ValidationError, match="JPEG atau PNG"):
        clean_uploaded_image(_upload(data[: len(data) // 2]))


def test_a_pixel_bomb_is_refused_without_decoding() -> None:
    bomb = _png_header_only(60_000, 60_000)  # 3.6 billion pixels in a few hundred bytes
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="juta piksel"):
            clean_uploaded_image(_upload(bomb, "bom.png"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_more_pixels_than_our_limit_are_refused() -> None:
    with pytest.raises(ValidationError, match="juta piksel"):
        clean_uploaded_image(_upload(_jpeg(size=(400, 300))), max_pixels=100_000)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"GIF89a" + b"\x00" * 100, "foto.gif"),
        (b"<html><script>alert(1)</script></html>", "foto.jpg"),
        (b"", "kosong.jpg"),
    ],
)
def test_anything_but_jpeg_or_png_is_refused(data: bytes, name: str) -> None:
    with pytest.raises(ValidationError):
        clean_uploaded_image(_upload(data, name))


def test_an_oversized_file_is_refused_before_decoding() -> None:
    with pytest.raises(ValidationError, match="lebih dari 1 MB"):
        clean_uploaded_image(_upload(_jpeg() + b"\x00" * (1024 * 1024)), max_bytes=1024 * 1024)
