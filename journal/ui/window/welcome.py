"""First run: start a journal, explore the demo, or open an existing journal folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from journal.core.models import INTERVAL_RANGE, JournalSettings


class WelcomePage(QWidget):
    """Signals:
    createRequested(Path, JournalSettings)
    demoRequested()
    openRequested()
    """

    createRequested = Signal(Path, object)
    demoRequested = Signal()
    openRequested = Signal()

    def __init__(self, default_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._default_folder = default_folder
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        title = QLabel(self.tr("<h1>Progress Journal</h1>"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        intro = QLabel(
            self.tr(
                "A private photo journal for a course of skin treatments: dated face photos and notes "
                "for each session, side-by-side comparisons, reminders, printable sheets.<br>"
                "Everything stays on this computer. It is a journal, not medical advice."
            )
        )
        intro.setWordWrap(True)
        intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        column.addWidget(intro)
        column.addSpacing(16)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._choices())
        self.stack.addWidget(self._new_journal_form())
        column.addWidget(self.stack)
        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(640)
        holder.setMinimumWidth(420)
        row.addWidget(holder, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def _choices(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.start_button = QCommandLinkButton(
            self.tr("Start my journal"),
            self.tr("Name it, say which treatment and how often the sessions are."),
        )
        self.demo_button = QCommandLinkButton(
            self.tr("Explore the demo journal"),
            self.tr("A made-up course of six months with simulated photos, to look around first."),
        )
        self.open_button = QCommandLinkButton(
            self.tr("Open an existing journal folder…"),
            self.tr("A journal you made before, or restored from a backup."),
        )
        self.start_button.clicked.connect(lambda: self.stack.setCurrentIndex(1))
        self.demo_button.clicked.connect(self.demoRequested)
        self.open_button.clicked.connect(self.openRequested)
        for button in (self.start_button, self.demo_button, self.open_button):
            layout.addWidget(button)
        return page

    def _new_journal_form(self) -> QWidget:
        box = QGroupBox(self.tr("Start my journal"))
        form = QFormLayout(box)
        self.name = QLineEdit(self.tr("My journal"))
        self.treatment = QLineEdit(self.tr("Microneedling"))
        self.interval = QSpinBox()
        self.interval.setRange(*INTERVAL_RANGE)
        self.interval.setValue(28)
        self.interval.setSuffix(self.tr(" days"))
        hint = QLabel(
            self.tr(
                "Clinics commonly space microneedling sessions 2–6 weeks apart (14–42 days). "
                "Use what you and your practitioner agreed; you can change it later."
            )
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        self.folder = QLineEdit(str(self._default_folder))
        choose = QPushButton(self.tr("Change…"))
        choose.clicked.connect(self._on_choose_clicked)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Treatment"), self.treatment)
        form.addRow(self.tr("Session &interval"), self.interval)
        form.addRow("", hint)
        folder_label = QLabel(self.tr("&Folder"))  # a label of its own: a row holding a layout has no buddy
        folder_label.setBuddy(self.folder)
        form.addRow(folder_label, folder_row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b")
        self.error.setWordWrap(True)
        form.addRow(self.error)
        buttons = QHBoxLayout()
        back = QPushButton(self.tr("Back"))
        back.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        self.create_button = QPushButton(self.tr("Create journal"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self._on_create_clicked)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        form.addRow(buttons)
        return box

    def show_error(self, message: str) -> None:
        self.stack.setCurrentIndex(1)
        self.error.setText(message)

    def reset(self) -> None:
        self.stack.setCurrentIndex(0)
        self.error.clear()
        self.folder.setText(str(self._default_folder))

    def start_in(self, folder: Path | None = None) -> None:
        """The new journal form, for `folder` (None: the default folder)."""
        self.reset()
        if folder is not None:
            self.folder.setText(str(folder))
        self.stack.setCurrentIndex(1)
        self.name.setFocus()

    def _on_choose_clicked(self) -> None:
        dialog = QFileDialog(self, self.tr("Where to keep the journal"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda path: self.folder.setText(str(Path(path) / "Progress Journal")))
        dialog.open()

    def _on_create_clicked(self) -> None:
        settings = JournalSettings(
            name=self.name.text().strip(),
            treatment=self.treatment.text().strip() or "Microneedling",
            interval_days=self.interval.value(),
        )
        try:
            settings.validated()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        folder = self.folder.text().strip()
        if not folder:
            self.error.setText(self.tr("Choose a folder for the journal."))
            return
        self.error.clear()
        self.createRequested.emit(Path(folder).expanduser(), settings)
