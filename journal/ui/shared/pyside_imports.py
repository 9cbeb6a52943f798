"""Keeping PySide6's import hook from reading the source of every module imported after it.

PySide6 replaces `builtins.__import__` to support `from __feature__ import snake_case`. After
each import, its hook (shibokensupport's `feature_imported`) decides whether a module newly
imported "uses PySide6". It decides by reading the module's whole source through
`inspect.getsource`, which goes through linecache.

The app imports about 140 modules after PySide6 on the way to its first timeline paint, and
more each time a feature is first opened. Reading them costs about a tenth of the start
(measured: timeline painted 454 -> 408 ms on the 1,000-session journal).

The app selects no feature anywhere. For a module that selects none, "uses PySide6" (select
id 0, no feature) and "ignore" (-1) mean the same thing: PySide6's C side then keeps the
select id it last saw, which stays 0. So every module is taken as using PySide6, without
reading it. `journal.ui` does this as it loads, so the app, the capture window and the tests
all get it. A PySide6 without that hook (another version) is left as it is.
"""

from __future__ import annotations

import sys


def skip_source_scan() -> bool:
    """Stop the feature hook from reading each new module's source. Call it after PySide6 is
    imported. True if the hook was found and changed."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside  # type: ignore[attr-defined]
    return True


def _uses_pyside(_module: object) -> bool:
    return True
