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

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtGui import QUndoStack

from journal.core.models import Kind
from journal.ui.capture import CaptureLauncher
from journal.ui.compare import EyeWorker
from journal.ui.importing import ImportController, ImportProgress
from journal.ui.reminders import ReminderBanner, ReminderController
from journal.ui.shared.lazy_widget import LazyWidget
from journal.ui.shared.plurals import install_plurals
from journal.ui.shared.settings import Settings
from journal.ui.shared.thumbnails import ThumbnailLoader
from journal.ui.timelapse import TimelapseLauncher
from journal.ui.window.actions import WindowActions
from journal.ui.window.dialogs import WindowDialogs
from journal.ui.window.file_actions import FileActions
from journal.ui.window.journal_view import JournalView
from journal.ui.window.main_window import MainWindow
from journal.ui.window.opening import JournalOpener, make_opener
from journal.ui.window.workspace import Workspace

if TYPE_CHECKING:
    from journal.ui.compare import CompareView
    from journal.ui.progress import ProgressView


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
    capture: CaptureLauncher
    pool: QThreadPool
    timelapse: TimelapseLauncher


def build_parts(
    window: MainWindow,
    settings: Settings,
    cache_root: Path,
    default_folder: Path,
    opener: JournalOpener | None = None,
) -> WindowParts:
    """`opener`: one made by `make_opener` that may already be opening a journal (in its
    worker, while the rest is built; it is shown once this has returned)."""
    app = QCoreApplication.instance()
    if app is not None:
        install_plurals(app)  # "1 photo", "2 photos" in every counted string (tests build windows here too)
    if opener is None:
        opener = make_opener(window, cache_root)
    pool = opener.pool
    thumbnails = ThumbnailLoader(parent=window)
    undo_stack = QUndoStack(window)
    eyes = EyeWorker(window)
    importer = ImportController(window, thumbnails)
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
    banner.logSession.connect(workspace.log_session_today)
    banner.takeCheckIn.connect(workspace.take_check_in_photos)

    dialogs = WindowDialogs(window, lambda: workspace.journal, settings, pool, undo_stack)
    files = FileActions(window, lambda: workspace.journal, pool)
    files.restored.connect(opener.open)
    view.session_page.openPhotoRequested.connect(dialogs.open_photo)
    workspace.journalClosing.connect(dialogs.close_viewers)
    timelapse = TimelapseLauncher(window, lambda: workspace.journal, settings, pool)
    workspace.journalEvent.connect(timelapse.on_journal_event)
    workspace.journalClosing.connect(timelapse.close_dialog)
    timelapse.sessionRequested.connect(workspace.show_journal_page)
    timelapse.sessionRequested.connect(workspace.select_session)
    workspace.journalEvent.connect(dialogs.on_journal_event)

    def make_progress() -> ProgressView:
        from journal.ui.progress import ProgressView  # its modules load when the tab first shows

        progress = ProgressView(pool, undo_stack, settings, lambda ids: eyes.request(ids, urgent=True))
        progress.set_journal(workspace.journal)
        progress.set_selected_session(workspace.current_session_id())
        workspace.journalChanged.connect(progress.set_journal)
        workspace.journalClosing.connect(progress.stop_work)
        workspace.journalEvent.connect(progress.on_journal_event)
        view.timeline.selectionModel().currentChanged.connect(
            lambda current, _previous: progress.set_selected_session(view.timeline_model.session_id(current))
        )
        progress.openSessionRequested.connect(open_session)
        progress.printRequested.connect(dialogs.print_charts)
        return progress

    def open_session(session_id: int) -> None:
        workspace.select_session(session_id)
        view.show_session_page()

    progress_tab = LazyWidget(make_progress)
    view.add_tab(progress_tab, view.tr("Progress"))
    workspace.journalClosing.connect(dialogs.close_chart_dialog)

    def show_progress() -> None:
        workspace.show_journal_page()
        view.tabs.setCurrentWidget(progress_tab)

    actions = WindowActions(window.menus, undo_stack, window)
    for action, slot in (
        (actions.new_journal, workspace.show_new_journal_form),
        (actions.open_journal, workspace.choose_journal_folder),
        (actions.open_demo, opener.open_demo),
        (actions.print_timeline, dialogs.print_timeline),
        (actions.make_timelapse, timelapse.open),
        (actions.print_charts, dialogs.print_charts),
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
        (actions.progress, show_progress),
        (actions.trash, dialogs.show_trash),
        (actions.about, dialogs.show_about),
    ):
        action.triggered.connect(slot)

    def show_shortcuts() -> None:
        menus = window.menus
        dialogs.show_shortcuts(
            [menus.file, menus.edit, menus.session, menus.view, menus.help],
            lambda: workspace.compare.actions(),
        )

    actions.shortcuts.triggered.connect(show_shortcuts)
    # After the stack has undone (its own connection comes first): show where, say what.
    actions.undo.triggered.connect(workspace.undo_follower.after_undo)
    actions.redo.triggered.connect(workspace.undo_follower.after_redo)
    capture = CaptureLauncher(window.pages, settings, pool, window)

    def take_photos() -> None:
        view.session_page.form.flush()
        capture.open(workspace.journal, workspace.current_session_id())

    actions.take_photos.triggered.connect(take_photos)
    view.session_page.takePhotosRequested.connect(take_photos)
    capture.finished.connect(workspace.imports.show_import_summary)
    capture.closed.connect(workspace.show_journal_page)
    capture.filesRequested.connect(workspace.imports.add_photos_into)

    def take_check_in_with_camera() -> None:
        """The reminder's "Take check-in photos now" with a camera there: today's check-in,
        made when the first photo is saved."""
        view.session_page.form.flush()
        capture.open(workspace.journal, None, Kind.CHECK_IN)

    banner.takeCheckInWithCamera.connect(take_check_in_with_camera)
    banner.checkInOffered.connect(
        lambda: capture.find_cameras(
            lambda any_camera: banner.set_camera(any_camera, settings.checkin_with_camera)
        )
    )
    banner.checkInWayChosen.connect(lambda camera: setattr(settings, "checkin_with_camera", camera))
    workspace.journalClosing.connect(capture.stop_work)
    for action in (
        actions.add_photos,
        actions.take_photos,
        actions.delete_session,
        actions.compare_with_first,
    ):
        view.timeline.addAction(action)
    # What makes or opens a session shows the session page, also from the Progress tab.
    for action in (actions.new_session, actions.new_checkin, actions.add_photos):
        action.triggered.connect(view.show_session_page)
    banner.logSession.connect(view.show_session_page)
    banner.takeCheckIn.connect(view.show_session_page)
    view.timeline.activated.connect(view.show_session_page)
    view.timeline.scrolled.connect(eyes.make_way)  # older photos' eyes wait while the list scrolls
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
        capture,
        pool,
        timelapse,
    )
