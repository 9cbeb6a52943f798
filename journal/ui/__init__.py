"""The desktop app, one package per feature (window, timeline, session, compare, sheets,
reminders, importing) and one shared place (workers, image loading, settings, common dialogs).
journal/ui/README.md maps them and says how a feature adds a menu action, runs work off the
GUI thread and reaches another feature."""

import PySide6.QtCore  # noqa: F401 - every module below uses Qt

from journal.ui.shared.pyside_imports import skip_source_scan

skip_source_scan()  # before any of the app's modules load (see that module)
