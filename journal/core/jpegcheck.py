"""Does a JPEG reach its end marker? A walk over its segments and scans.

Pillow decodes a JPEG whose last bytes are missing without complaint whenever the entropy
decoder happens not to need them, so "decodes" is not "complete": a file cut two bytes short
(only the EOI marker missing) passes or fails by the luck of its bit alignment. This walk is
exact: it follows the segment lengths from SOI, skips each scan's entropy-coded data to the
next marker (inside that data every 0xFF byte is stuffed or a restart marker) and succeeds
only at EOI. Bytes after EOI (phone trailers, a second MPF picture) are not its business.

Cost: a memory-mapped read and a regex scan in C, under 1 ms for a 12 MP photo.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM and RST0-7 carry no length
# The end of a scan: 0xFF and a marker that may follow one (tables, restart interval, DNL,
# APPn, comment, the next scan or EOI). Inside a scan 0xFF is followed by a stuffed zero or a
# restart marker; anything else there is damaged data, which decoders step over, and so does
# this. (A character class after a literal lets `re` search at memchr speed.)
_SCAN_END = re.compile(rb"\xff[\xc4\xcc\xd9-\xdd\xe0-\xef\xfe]")


def ends_properly(path: Path) -> bool:
    """True when the JPEG at `path` is structurally whole up to its EOI marker."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        if size < 4:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _walk(data, size)


def _walk(data: mmap.mmap | bytes, size: int) -> bool:
    if data[0] != 0xFF or data[1] != SOI:
        return False
    pos = 2
    while pos + 1 < size:
        if data[pos] != 0xFF:
            return False
        while pos + 1 < size and data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos + 1 >= size:
            return False
        marker = data[pos + 1]
        if marker == EOI:
            return True
        if marker in _STANDALONE:
            pos += 2
            continue
        if pos + 4 > size:
            return False
        length = (data[pos + 2] << 8) | data[pos + 3]
        if length < 2:
            return False
        pos += 2 + length
        if marker == SOS:
            found = _SCAN_END.search(data, pos)
            if found is None:
                return False
            pos = found.start()
    return False
