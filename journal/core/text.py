"""Counted words in the app's lines: "1 photo", "0 photos", "3 photos"."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 photo', '0 photos', '3 photos' (`many` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
