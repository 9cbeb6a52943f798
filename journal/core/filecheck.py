"""Is this file a photo we read, and is all of it there? Checked from the file's structure,
before any decoding.

`sniff` names the container from the first bytes, so a 2 GB video or archive is refused
before a byte of it is copied. `missing_part` walks the container and says when the file
ends before its own structure does: a JPEG without its end marker (jpegcheck), a PNG without
IEND, a WebP shorter than its RIFF size, a TIFF whose strips lie past the end, a HEIC/HEIF/AVIF
whose boxes or item data (the `iloc` extents of the main picture and its tiles) lie past the
end. A HEIC cut to 5 % keeps a perfect embedded thumbnail while the photo itself is gone; the
thumbnail is all a decoder would look at on import, so this walk is what catches it, in well
under a millisecond, without decoding the picture.
"""

from __future__ import annotations

import mmap
import struct
from collections.abc import Iterator
from pathlib import Path

from journal.core import jpegcheck

JPEG, PNG, WEBP, TIFF, ISOBMFF = "JPEG", "PNG", "WEBP", "TIFF", "ISOBMFF"
HEAD_BYTES = 64
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Brands of the HEIF family (HEIC, HEIF, AVIF) that pillow-heif and Pillow open.
_HEIF_BRANDS = frozenset(
    {
        b"heic",
        b"heix",
        b"heim",
        b"heis",
        b"hevc",
        b"hevx",
        b"hevm",
        b"hevs",
        b"mif1",
        b"msf1",
        b"mif2",
        b"avif",
        b"avis",
        b"miaf",
        b"MiHE",
        b"MiHB",
    }
)
TRUNCATED = "truncated: the file ends part-way through the picture"


def sniff(head: bytes) -> str | None:
    """The container family from a file's first HEAD_BYTES bytes; None: not a photo we read."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(PNG_SIGNATURE):
        return PNG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    if len(head) >= 16 and head[4:8] == b"ftyp":
        size = struct.unpack(">I", head[:4])[0]
        brands = [head[8:12]] + [head[i : i + 4] for i in range(16, min(size, len(head)) - 3, 4)]
        if any(brand in _HEIF_BRANDS for brand in brands):
            return ISOBMFF
    return None


# Images of formats the journal does not keep: named, so the refusal says what the file is.
_OTHER_IMAGES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"8BPS", "PSD"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000"),
    (b"qoif", "QOI"),
)


def other_image(head: bytes) -> str | None:
    """The name of an image format we recognise but do not read (GIF, BMP, ...), if it is one."""
    return next((name for magic, name in _OTHER_IMAGES if head.startswith(magic)), None)


def sniff_file(path: Path) -> str | None:
    with open(path, "rb") as handle:
        return sniff(handle.read(HEAD_BYTES))


def missing_part(path: Path, family: str | None = None) -> str | None:
    """None when the file is structurally whole; else the reason to refuse it."""
    family = family or sniff_file(path)
    if family is None:
        return "not an image, or a format Progress Journal cannot read"
    if family == JPEG:
        return None if jpegcheck.ends_properly(path) else TRUNCATED
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        if size < 16:
            return TRUNCATED
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            try:
                whole = _WALKS[family](data, size)
            except (struct.error, IndexError, ValueError):
                whole = False
    return None if whole else TRUNCATED


def _png(data: mmap.mmap, size: int) -> bool:
    pos = len(PNG_SIGNATURE)
    while pos + 12 <= size:
        length, kind = struct.unpack_from(">I4s", data, pos)
        pos += 12 + length
        if pos > size:
            return False
        if kind == b"IEND":
            return True
    return False


def _webp(data: mmap.mmap, size: int) -> bool:
    riff_size = struct.unpack_from("<I", data, 4)[0]
    end = 8 + riff_size
    if end > size:
        return False
    pos = 12
    while pos + 8 <= end:
        length = struct.unpack_from("<I", data, pos + 4)[0]
        pos += 8 + length + (length & 1)
    return pos >= end and pos <= size + 1  # the last chunk's pad byte may be left out


def _tiff(data: mmap.mmap, size: int) -> bool:
    """Every strip or tile of the first picture (what is decoded) lies inside the file."""
    order = "<" if data[:2] == b"II" else ">"
    big = struct.unpack_from(order + "H", data, 2)[0] == 43
    if big:
        ifd = struct.unpack_from(order + "Q", data, 8)[0]
        count_fmt, entry_size, count_size = "Q", 20, 8
    else:
        ifd = struct.unpack_from(order + "I", data, 4)[0]
        count_fmt, entry_size, count_size = "H", 12, 2
    if ifd + count_size > size:
        return False
    entries = struct.unpack_from(order + count_fmt, data, ifd)[0]
    if ifd + count_size + entries * entry_size > size:
        return False
    tags: dict[int, list[int]] = {}
    for index in range(entries):
        at = ifd + count_size + index * entry_size
        tag, kind = struct.unpack_from(order + "HH", data, at)
        if tag in (273, 279, 324, 325):  # StripOffsets/ByteCounts, TileOffsets/ByteCounts
            tags[tag] = _tiff_values(data, order, at, kind, big, size)
    offsets = tags.get(273) or tags.get(324)
    counts = tags.get(279) or tags.get(325)
    if not offsets or not counts or len(offsets) != len(counts):
        return False
    return all(offset > 0 and offset + count <= size for offset, count in zip(offsets, counts, strict=True))


_TIFF_TYPES = {3: ("H", 2), 4: ("I", 4), 16: ("Q", 8)}


def _tiff_values(data: mmap.mmap, order: str, at: int, kind: int, big: bool, size: int) -> list[int]:
    if kind not in _TIFF_TYPES:
        raise ValueError("unexpected TIFF field type")
    fmt, width = _TIFF_TYPES[kind]
    count = struct.unpack_from(order + ("Q" if big else "I"), data, at + 4)[0]
    inline = 8 if big else 4
    value_at = at + (12 if big else 8)
    total = count * width
    if total > inline:
        value_at = struct.unpack_from(order + ("Q" if big else "I"), data, value_at)[0]
    if count > 10_000_000 or value_at + total > size:
        raise ValueError("TIFF field past the end")
    return list(struct.unpack_from(order + fmt * count, data, value_at))


def _boxes(data: mmap.mmap, start: int, end: int) -> Iterator[tuple[bytes, int, int]]:
    """(type, payload start, box end) of the ISO-BMFF boxes in [start, end); ValueError when a
    box runs past `end`."""
    pos = start
    while pos < end:
        if pos + 8 > end:
            raise ValueError("a box header past the end")
        size, kind = struct.unpack_from(">I4s", data, pos)
        header = 8
        if size == 1:
            size = struct.unpack_from(">Q", data, pos + 8)[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise ValueError("a box past the end")
        yield kind, pos + header, pos + size
        pos += size


def _isobmff(data: mmap.mmap, size: int) -> bool:
    meta = None
    for kind, start, end in _boxes(data, 0, size):  # every top-level box lies inside the file
        if kind == b"meta":
            meta = (start + 4, end)  # a full box: version and flags first
    if meta is None:
        return False
    iloc = next(((s, e) for kind, s, e in _boxes(data, *meta) if kind == b"iloc"), None)
    if iloc is None:
        return False
    for offset, length in _iloc_extents(data, *iloc):
        if length == 0:
            length = 1  # "to the end of the file": at least one byte must be there
        if offset + length > size:
            return False
    return True


def _iloc_extents(data: mmap.mmap, start: int, end: int) -> Iterator[tuple[int, int]]:
    """File offsets and lengths of every item stored in the file itself (construction method 0)."""
    version = data[start]
    pos = start + 4
    sizes = struct.unpack_from(">H", data, pos)[0]
    pos += 2
    offset_size, length_size = sizes >> 12, (sizes >> 8) & 0xF
    base_size, index_size = (sizes >> 4) & 0xF, (sizes & 0xF if version in (1, 2) else 0)
    count, pos = _uint(data, pos, 4 if version == 2 else 2)
    for _item in range(count):
        _item_id, pos = _uint(data, pos, 4 if version == 2 else 2)
        method = 0
        if version in (1, 2):
            method = struct.unpack_from(">H", data, pos)[0] & 0xF
            pos += 2
        pos += 2  # data_reference_index
        base, pos = _uint(data, pos, base_size)
        extents, pos = _uint(data, pos, 2)
        for _extent in range(extents):
            if index_size:
                _index, pos = _uint(data, pos, index_size)
            offset, pos = _uint(data, pos, offset_size)
            length, pos = _uint(data, pos, length_size)
            if pos > end:
                raise ValueError("iloc past its box")
            if method == 0:
                yield base + offset, length


def _uint(data: mmap.mmap, pos: int, width: int) -> tuple[int, int]:
    if width == 0:
        return 0, pos
    if width not in (1, 2, 4, 8):
        raise ValueError("bad field width")
    return int.from_bytes(data[pos : pos + width], "big"), pos + width


_WALKS = {PNG: _png, WEBP: _webp, TIFF: _tiff, ISOBMFF: _isobmff}
