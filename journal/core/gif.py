"""An animated GIF put together from frames Pillow compressed one at a time.

Pillow writes an animation only from all its frames at once, held in memory, and compresses
them one after the other. A timelapse's frames are many (a cross-fade is a frame a step) and
independent: each is saved by Pillow as a GIF of its own, on any thread, and its picture (the
image descriptor and the compressed pixels) is taken from that file and written into the
film after the film's header, with a graphic control block for its duration. The blocks are
those of the GIF89a specification; only pixels go in (no comment, no application data but
the loop count).
"""

from __future__ import annotations

import io
import struct
from typing import Any

TRAILER = b"\x3b"
_EXTENSION, _PICTURE = 0x21, 0x2C
_LOOP_FOREVER = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
_DISPOSE_NONE = 1 << 2  # leave the frame in place: the next one covers all of it


def single_frame(image: Any) -> tuple[bytes, bytes]:
    """A palette image ("P") as Pillow compresses it: its colour table (3 bytes a colour) and
    its picture (image descriptor, without a colour table of its own, and compressed data)."""
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", optimize=False)
    return _picture_of(buffer.getvalue())


def header(size: tuple[int, int], colours: bytes) -> bytes:
    """The film's header: the screen size, `colours` as the global colour table, looping."""
    width, height = size
    bits = _table_bits(colours)
    screen = struct.pack("<HHBBB", width, height, 0x80 | (7 << 4) | bits, 0, 0)
    return b"GIF89a" + screen + _padded(colours, bits) + _LOOP_FOREVER


def frame(picture: bytes, colours: bytes, film_colours: bytes, centiseconds: int) -> bytes:
    """One frame of the film, shown for `centiseconds`. A frame whose colours are not the
    film's carries its own table."""
    control = struct.pack("<BBBBHBB", _EXTENSION, 0xF9, 4, _DISPOSE_NONE, max(0, centiseconds), 0, 0)
    if colours == film_colours:
        return control + picture
    bits = _table_bits(colours)
    descriptor = picture[:9] + bytes([(picture[9] & 0x40) | 0x80 | bits])
    return control + descriptor + _padded(colours, bits) + picture[10:]


def _picture_of(data: bytes) -> tuple[bytes, bytes]:
    if data[:3] != b"GIF" or len(data) < 13:
        raise ValueError("not a GIF")
    flags = data[10]
    at = 13
    colours = b""
    if flags & 0x80:
        length = 3 << ((flags & 7) + 1)
        colours, at = data[at : at + length], at + length
    while data[at] == _EXTENSION:  # a graphic control block, say: not wanted here
        at += 2
        at = _after_blocks(data, at)
    if data[at] != _PICTURE:
        raise ValueError("no picture in the GIF")
    start, local = at, data[at + 9]
    at += 10
    if local & 0x80:  # its own colour table: that is the picture's palette
        length = 3 << ((local & 7) + 1)
        colours = data[at : at + length]
        picture = (
            data[start : start + 9] + bytes([local & 0x40]) + data[at + length : _end(data, at + length)]
        )
        return colours, picture
    return colours, data[start : _end(data, at)]


def _end(data: bytes, at: int) -> int:
    """Where the compressed data that starts at `at` (its code size, then sub-blocks) ends."""
    return _after_blocks(data, at + 1)


def _after_blocks(data: bytes, at: int) -> int:
    while data[at]:
        at += data[at] + 1
    return at + 1


def _table_bits(colours: bytes) -> int:
    """The colour table size field: 2^(bits + 1) entries hold the colours."""
    count = max(2, len(colours) // 3)
    bits = 0
    while 1 << (bits + 1) < count:
        bits += 1
    return min(bits, 7)


def _padded(colours: bytes, bits: int) -> bytes:
    return colours + b"\0" * (3 * (1 << (bits + 1)) - len(colours))
