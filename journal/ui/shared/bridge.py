"""Journal events as a Qt signal, delivered on the GUI thread whatever thread changed the journal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from journal.core.journal import Journal
from journal.core.models import JournalEvent


class JournalBridge(QObject):
    """Subscribes to a journal's plain callbacks and re-emits them on the GUI thread.

    The core calls back on whatever thread made the change (an import worker, say). The event
    is first queued to this object, which lives on the GUI thread; only there is `changed`
    emitted, and not at all once the bridge is detached, so a closed journal's late events
    never reach the views.

    Signals:
        changed(JournalEvent)
    """

    changed = Signal(object)
    _queued = Signal(object)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self._attached = True
        self._queued.connect(self._deliver)
        self._unsubscribe = journal.subscribe(self._queued.emit)

    def _deliver(self, event: JournalEvent) -> None:
        if self._attached:
            self.changed.emit(event)

    def detach(self) -> None:
        self._attached = False
        self._unsubscribe()
