"""Where the window's parts are made and connected: the one place that knows them all.

`build_parts` runs right after the window's first paint (journal.ui.app). Each part gets
only what it needs; the menu actions are connected here to the feature that does the work.
A new feature is added here: make its view or dialog, give it the collaborators it needs,
add its menu actions (`actions.add`) and connect them (journal/ui/README.md shows how).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QUndoStack

from journal.ui.compare import EyeWorker
from journal.ui.importing import ImportController, ImportProgress
from journal.ui.reminders import ReminderBanner, ReminderController
from journal.ui.shared.settings import Settings
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.window.actions import WindowActions
from journal.ui.window.dialogs import WindowDialogs
from journal.ui.window.file_actions import FileActions
from journal.ui.window.journal_view import JournalView
from journal.ui.window.main_window import MainWindow
from journal.ui.window.opening import JournalOpener
from journal.ui.window.workspace import Workspace

if TYPE_CHECKING:
    from journal.ui.compare import CompareView


@dataclass(frozen=True)
class WindowParts:
    """Everything made for one window. The parts know each other only as wired below; tests
    and benchmarks reach any part through this."""

    frame: MainWindow
    workspace: Workspace
    actions: WindowActions
    dialogs: WindowDialogs
    files: FileActions
    view: JournalView
    opener: JournalOpener
    importer: ImportController
    import_progress: ImportProgress
    reminders: ReminderController
    banner: ReminderBanner
    thumbnails: ThumbnailLoader
    eyes: EyeWorker
    undo_stack: QUndoStack
    pool: QThreadPool


def build_parts(
    window: MainWindow, settings: Settings, cache_root: Path, default_folder: Path
) -> WindowParts:
    pool = QThreadPool(window)  # general background work: opening, file actions, sheets, lighting
    pool.setMaxThreadCount(2)
    thumbnails = ThumbnailLoader(parent=window)
    undo_stack = QUndoStack(window)
    eyes = EyeWorker(window)
    importer = ImportController(window, thumbnails)
    opener = JournalOpener(window, cache_root, pool)
    view = JournalView(thumbnails, undo_stack)
    banner = ReminderBanner()
    view.add_banner(banner)
    reminders = ReminderController(banner, settings, undo_stack, window)
    import_progress = ImportProgress(importer)
    window.statusBar().addPermanentWidget(import_progress)

    def make_compare() -> CompareView:
        from journal.ui.compare import CompareView  # its modules load when Compare first opens

        return CompareView(eyes, undo_stack, pool, window.statusBar())

    workspace = Workspace(
        window,
        settings,
        pool,
        thumbnails,
        undo_stack,
        eyes,
        importer,
        opener,
        view,
        reminders,
        make_compare,
        default_folder,
    )
    banner.logSession.connect(workspace.log_session)
    banner.takeCheckIn.connect(workspace.take_check_in_photos)

    dialogs = WindowDialogs(window, lambda: workspace.journal, settings, pool, undo_stack)
    files = FileActions(window, lambda: workspace.journal, pool)
    files.restored.connect(opener.open)
    view.session_page.openPhotoRequested.connect(dialogs.open_photo)
    workspace.journalClosing.connect(dialogs.close_viewers)

    actions = WindowActions(window.menus, undo_stack, window)
    for action, slot in (
        (actions.new_journal, workspace.show_new_journal_form),
        (actions.open_journal, workspace.choose_journal_folder),
        (actions.open_demo, opener.open_demo),
        (actions.print_timeline, dialogs.print_timeline),
        (actions.calendar, reminders.export_calendar),
        (actions.backup, files.back_up),
        (actions.restore, files.restore),
        (actions.export, files.export),
        (actions.show_folder, workspace.show_journal_folder),
        (actions.quit, window.close),
        (actions.preferences, dialogs.show_preferences),
        (actions.new_session, workspace.log_session),
        (actions.new_checkin, workspace.new_check_in),
        (actions.add_photos, workspace.add_photos),
        (actions.delete_session, workspace.delete_session),
        (actions.compare, workspace.compare_sessions),
        (actions.compare_with_first, workspace.show_compare_with_first),
        (actions.back_to_journal, workspace.show_journal_page),
        (actions.trash, dialogs.show_trash),
        (actions.about, dialogs.show_about),
    ):
        action.triggered.connect(slot)
    for action in (actions.add_photos, actions.delete_session, actions.compare_with_first):
        view.timeline.addAction(action)
    actions.newest_first.setChecked(view.order_button.isChecked())
    actions.newest_first.toggled.connect(view.order_button.setChecked)
    view.order_button.toggled.connect(actions.newest_first.setChecked)
    workspace.stateChanged.connect(actions.update)
    actions.update(False, False, False)
    return WindowParts(
        window,
        workspace,
        actions,
        dialogs,
        files,
        view,
        opener,
        importer,
        import_progress,
        reminders,
        banner,
        thumbnails,
        eyes,
        undo_stack,
        pool,
    )
