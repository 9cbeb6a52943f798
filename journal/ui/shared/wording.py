"""Lines from the core (one line, lower case, as the command line prints them) as the app
says them: a sentence."""

from __future__ import annotations


def sentence(text: str) -> str:
    """ "no session has a front photo yet" → "No session has a front photo yet."."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."
