"""Help → Keyboard shortcuts: every key the app answers to, read from the actions themselves
(the menus', the compare page's, the photo viewer's, the capture page's, the region editor's)
and from the zoom keys' and the region canvas's own tables, so the list cannot drift from what
the keys do."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from journal.ui.shared.zoom import ZOOM_KEYS
from journal.ui.window.actions import SHORTCUT_NAME

Section = tuple[str, list[tuple[str, str]]]  # a heading, and (what, keys) rows


def action_name(action: QAction) -> str:
    """ "&Print timeline…" → "Print timeline" (no mnemonic marker, no ellipsis)."""
    named = action.property(SHORTCUT_NAME)
    text = named if isinstance(named, str) and named else action.text()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def keys_text(sequences: Iterable[QKeySequence]) -> str:
    """The keys as this platform writes them ("Ctrl+Shift+N"), alternatives joined by "or"."""
    names = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences if not s.isEmpty()]
    return QCoreApplication.translate("Shortcuts", " or ").join(dict.fromkeys(names))


def action_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in actions:
        keys = keys_text(action.shortcuts())
        if keys and action.text():
            rows.append((action_name(action), keys))
    return rows


def menu_sections(menus: Iterable[QMenu]) -> list[Section]:
    """One section per menu, its actions with keys in menu order (submenus included)."""
    sections = []
    for menu in menus:
        rows: list[tuple[str, str]] = []
        pending = list(menu.actions())
        while pending:
            action = pending.pop(0)
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                pending = list(submenu.actions()) + pending
            else:
                rows += action_rows([action])
        if rows:
            sections.append((action_name(menu.menuAction()), rows))
    return sections


def table_rows(table: Iterable[tuple[str, Iterable[Qt.Key]]], context: str) -> list[tuple[str, str]]:
    """Rows from a widget's own table of keys (what its key handler works from), its names
    translated in `context`."""
    rows = []
    for name, keys in table:
        sequences = [QKeySequence(key) for key in keys]
        rows.append((QCoreApplication.translate(context, name), keys_text(sequences)))
    return rows


def merged(rows: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """One row per name: the keys of rows that do the same thing (an action and a canvas's
    own key for it) joined."""
    keys: dict[str, list[str]] = {}
    for name, text in rows:
        keys.setdefault(name, []).extend(text.split(QCoreApplication.translate("Shortcuts", " or ")))
    joiner = QCoreApplication.translate("Shortcuts", " or ")
    return [(name, joiner.join(dict.fromkeys(parts))) for name, parts in keys.items()]


def zoom_section(title: str) -> Section:
    return (title, table_rows(ZOOM_KEYS, "ZoomInput"))


class ShortcutsDialog(QDialog):
    def __init__(self, sections: list[Section], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(
            min(560, int(room.width() * 0.9)), min(640, int(room.height() * 0.85))
        )  # fits a small screen
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        for heading, rows in sections:
            head = QTreeWidgetItem([heading])
            font = head.font(0)
            font.setBold(True)
            head.setFont(0, font)
            head.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(head)
            head.setFirstColumnSpanned(True)
            for what, keys in rows:
                self.tree.addTopLevelItem(QTreeWidgetItem([f"    {what}", keys]))
        self.tree.resizeColumnToContents(0)
        self.tree.resizeColumnToContents(1)
        # As wide as both columns need (the keys are never cut), as far as the screen allows.
        need = (
            self.tree.columnWidth(0)
            + self.tree.columnWidth(1)
            + self.tree.verticalScrollBar().sizeHint().width()
        )
        need += 2 * self.tree.frameWidth() + 40
        self.resize(max(self.width(), min(need, int(room.width() * 0.9))), self.height())
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        """What the window lists: (action, keys), headings with empty keys."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0).strip(), item.text(1)) for item in items if item is not None]
