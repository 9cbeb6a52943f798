"""Counted words in English, the Qt way: the app's strings are written as Qt numerus strings
(`self.tr("Delete %n photo(s) for good?", "", n)`), which a translation turns into each
language's plural forms. The app ships no translation yet, and without one Qt would print
"1 photo(s)"; this translator gives the English forms ("1 photo", "0 photos") for every such
string, so no string needs an English .qm file kept in step with it.

A real translation installed later is asked first; this one answers only what it leaves.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, QTranslator

_CHOICE = re.compile(r"\((s|es)\)")  # "photo(s)", "match(es)"
_INSTALLED = "progressJournalPlurals"  # an application property: installed once per application


def english(text: str, n: int) -> str:
    """`text` with each "(s)" resolved for `n` ("%n" is left for Qt to fill in)."""
    return _CHOICE.sub(lambda m: "" if n == 1 else m.group(1), text)


class EnglishPlurals(QTranslator):
    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if n is None or n < 0 or "%n" not in source or "(" not in source:
            return None  # not a counted string: Qt uses the source text (None is a null QString)
        return english(source, n)

    def isEmpty(self) -> bool:
        return False


def install_plurals(app: QCoreApplication) -> None:
    """Install the English plural forms on `app` (once, however often it is called)."""
    if app.property(_INSTALLED):
        return
    translator = EnglishPlurals(app)
    app.installTranslator(translator)
    app.setProperty(_INSTALLED, True)
