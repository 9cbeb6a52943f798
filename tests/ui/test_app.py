"""Starting the app: the demo journal, the crash dialog, the icon, the command-line entry."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from journal.core.models import Kind
from journal.ui.shared import crash
from journal.ui.shared.crash_dialog import CrashDialog
from journal.ui.timeline.model import LabelRole


def test_explore_the_demo_from_the_welcome_screen(qtbot, window, settings) -> None:  # type: ignore[no-untyped-def]
    seeds = Path(__file__).parents[2] / "seeds"
    before = sorted(p.name for p in seeds.iterdir())
    with qtbot.waitSignal(window.workspace.journalChanged, timeout=60_000):
        qtbot.mouseClick(window.workspace.welcome.demo_button, Qt.MouseButton.LeftButton)
    journal = window.workspace.journal
    # The name says it is the demo; the desktop adds " — Progress Journal" itself.
    assert journal is not None and window.frame.windowTitle() == "Demo journal (simulated photos)"
    assert journal.settings.name == "Demo journal (simulated photos)"
    sessions = journal.sessions()
    assert len(sessions) == 7 and sum(s.kind is Kind.TREATMENT for s in sessions) == 5
    assert len(journal.photos()) == 21
    assert all("Simulated" in p.note for p in journal.photos())
    span = (sessions[-1].date - sessions[0].date).days
    assert 120 <= span <= 160  # about five months
    assert window.view.timeline_model.index(0, 0).data(LabelRole) == "Check-in · week 18"
    # A temporary copy: not the seed folder, and removed when the demo is closed.
    folder = journal.folder
    assert not folder.is_relative_to(seeds)
    assert sorted(p.name for p in seeds.iterdir()) == before
    window.workspace.set_journal(None)
    assert not folder.exists()
    assert settings.value("journal/last") is None  # the demo is never remembered


def test_unexpected_errors_show_the_crash_dialog_with_traceback_and_log(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(crash.log, "handlers", [])
    try:
        crash.install_crash_handler(tmp_path / "logs")
        try:
            raise RuntimeError("a bug in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
        assert len(dialogs) == 1
        dialog = dialogs[0]
        assert "RuntimeError: a bug in a slot" in dialog.details.toPlainText()
        assert "Traceback" in dialog.details.toPlainText()
        log_file = tmp_path / "logs" / "progress-journal.log"
        assert "a bug in a slot" in log_file.read_text()
        assert str(log_file) in "".join(label.text() for label in dialog.findChildren(QLabel))
        dialog.close()
    finally:
        for handler in crash.log.handlers:
            handler.close()


def test_the_app_icon_is_package_data() -> None:
    from journal.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64


def test_desktop_integration_files_are_complete() -> None:
    resources = Path(__file__).parents[2] / "resources"
    desktop = (resources / "progress-journal.desktop").read_text()
    assert "Exec=progress-journal" in desktop and "Icon=progress-journal" in desktop
    entry = dict(line.split("=", 1) for line in desktop.splitlines() if "=" in line)
    # A desktop entry that names file types is offered in "Open with"; one whose command takes
    # no file (%f, %F, %u, %U) would open the app and drop the photo the user chose.
    takes_files = any(code in entry["Exec"].split() for code in ("%f", "%F", "%u", "%U"))
    assert takes_files or "MimeType" not in entry, "the entry claims image types it cannot open"
    metainfo = next(resources.glob("*.metainfo.xml")).read_text()
    assert '<launchable type="desktop-id">progress-journal.desktop</launchable>' in metainfo
    assert (resources / "icons" / "progress-journal.svg").exists()
    assert (resources / "icons" / "progress-journal-256.png").exists()
