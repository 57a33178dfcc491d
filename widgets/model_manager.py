"""The Model Manager dialog: every catalog model with its status; fetch, import, verify, delete.

Fetching runs in a QThread whose run() does the work (the store's fetch is blocking I/O); progress and the
result come back to the UI thread through signals, and Cancel sets the event the store checks between
download chunks.
"""
from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.texts import translator
from models.catalog import ModelEntry
from models.download import human_size
from models.errors import FetchCancelled, ModelError
from models.store import ModelStore, default_store

COLUMNS = ("id", "title", "task", "status", "size", "licence", "source")


_tr = translator("ModelManager")


def model_title(entry: ModelEntry) -> str:
    """A catalog model's title in the interface language (catalog/*.toml titles are in the "Models"
    catalogue context); an imported model keeps the title its user gave it."""
    return entry.title if entry.custom else QCoreApplication.translate("Models", entry.title)


def status_label(status: str) -> str:
    return {
        "missing": _tr("Not installed"),
        "downloading": _tr("Downloading"),
        "ready": _tr("Ready"),
        "corrupt": _tr("Damaged"),
    }.get(status, status)


def task_labels() -> dict[str, str]:
    """Catalog task -> how the table names it: the (translated) title of the engine that runs that
    task's models. A task no engine runs is shown by its own name."""
    from engines.registry import engine_classes

    labels: dict[str, str] = {}
    for cls in engine_classes().values():
        labels.setdefault(cls.model_task, QCoreApplication.translate("Engines", cls.title))
    return labels


class FetchWorker(QThread):
    """Fetches models one after another off the UI thread; signals reach the dialog queued."""

    progress = Signal(str, float, str)  # model id, fraction (-1: unknown), message
    model_done = Signal(str, bool, str)  # model id, ok, message for the user
    all_done = Signal()

    def __init__(self, store: ModelStore, model_ids: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.model_ids = model_ids
        self.cancel_event = threading.Event()

    def run(self) -> None:
        for model_id in self.model_ids:
            if self.cancel_event.is_set():
                break
            try:
                self.store.fetch(
                    model_id,
                    progress=lambda f, m, mid=model_id: self.progress.emit(mid, -1.0 if f is None else f, m),
                    cancel=self.cancel_event,
                )
                self.model_done.emit(model_id, True, _tr("%1 is ready.").replace("%1", model_id))
            except FetchCancelled:
                self.model_done.emit(model_id, False, _tr("Download of %1 cancelled; fetch again to resume.")
                                     .replace("%1", model_id))
            except Exception as exc:  # noqa: BLE001 - the worker must always report back, or the dialog stays busy
                self.model_done.emit(model_id, False, str(exc))
        self.all_done.emit()


class ModelManagerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, store: ModelStore | None = None) -> None:
        super().__init__(parent)
        self.store = store or default_store()
        self._worker: FetchWorker | None = None
        self._entries: list[ModelEntry] = []
        self._messages: list[str] = []
        self.setWindowTitle(self.tr("Model Manager"))
        self.resize(900, 420)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Model"), self.tr("Title"), self.tr("Task"), self.tr("Status"),
            self.tr("Size"), self.tr("Licence"), self.tr("Source"),
        ])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        self.fetch_button = QPushButton(self.tr("Fetch"), self)
        self.fetch_builtin_button = QPushButton(self.tr("Fetch all built-in"), self)
        self.import_button = QPushButton(self.tr("Import model file..."), self)
        self.verify_button = QPushButton(self.tr("Verify"), self)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.fetch_button.clicked.connect(lambda: self.fetch(self.selected_ids()))
        self.fetch_builtin_button.clicked.connect(self.fetch_builtin)
        self.import_button.clicked.connect(self.choose_and_import)
        self.verify_button.clicked.connect(self.verify_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.close_button.clicked.connect(self.close)

        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel_fetch)
        self.message = QLabel(self)  # results of the last action, in the dialog rather than a modal box
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.store_label = QLabel(self.tr("Models are stored in %1").replace("%1", str(self.store.root)), self)
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = QHBoxLayout()
        for button in (self.fetch_button, self.fetch_builtin_button, self.import_button, self.verify_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.progress_label, 2)
        progress_row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(progress_row)
        layout.addWidget(self.message)
        layout.addWidget(self.store_label)
        layout.addLayout(buttons)
        self._show_progress(False)
        self.refresh()

    # -- table ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the table from the catalog and the store (keeps the selection by model id)."""
        selected = set(self.selected_ids())
        try:
            catalog = self.store.catalog()
        except ModelError as exc:
            self._entries = []
            self.table.setRowCount(0)
            self.message.setText(self.tr("The model catalog could not be read: %1").replace("%1", str(exc)))
            return
        self._entries = sorted(catalog.values(), key=lambda e: (e.task, not e.builtin, e.id))
        self.table.setRowCount(len(self._entries))
        tasks = task_labels()
        for row, entry in enumerate(self._entries):
            status = self.store.status(entry.id)
            if entry.custom:
                source = self.tr("custom (imported)")
            else:
                kind = self.tr("built-in") if entry.builtin else self.tr("optional")
                source = f"{kind}: {self.store.sources(entry)[0].describe()}" if entry.sources else kind
            cells = (entry.id, model_title(entry), tasks.get(entry.task, entry.task), status_label(status),
                     human_size(entry.files_size), entry.licence, source)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, status if COLUMNS[col] == "status" else entry.id)
                if COLUMNS[col] == "title" and entry.description:
                    item.setToolTip(entry.description)
                self.table.setItem(row, col, item)
            if entry.id in selected:
                self.table.selectRow(row)
        self._update_buttons()

    def status_of_row(self, row: int) -> str:
        """The status word ("ready", ...) shown in a row (for tests and accessibility)."""
        return str(self.table.item(row, COLUMNS.index("status")).data(Qt.ItemDataRole.UserRole))

    def row_of(self, model_id: str) -> int:
        return next(i for i, e in enumerate(self._entries) if e.id == model_id)

    def selected_ids(self) -> list[str]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._entries[r].id for r in rows if r < len(self._entries)]

    def select(self, model_id: str) -> None:
        self.table.clearSelection()
        self.table.selectRow(self.row_of(model_id))

    def _update_buttons(self) -> None:
        busy = self._worker is not None
        has_selection = bool(self.selected_ids())
        for button in (self.fetch_button, self.verify_button, self.delete_button):
            button.setEnabled(has_selection and not busy)
        self.fetch_builtin_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)

    # -- fetching --------------------------------------------------------------------------------------
    def is_fetching(self) -> bool:
        return self._worker is not None

    def fetch_builtin(self) -> None:
        self.fetch([e.id for e in self._entries if e.builtin and not e.custom])

    def fetch(self, model_ids: list[str]) -> None:
        todo = [i for i in model_ids if self.store.status(i) != "ready"]
        if not todo or self._worker is not None:
            if not todo:
                self.message.setText(self.tr("Nothing to fetch: the models are already installed."))
            return
        self._worker = FetchWorker(self.store, todo, self)
        self._worker.progress.connect(self._on_progress)
        self._worker.model_done.connect(self._on_model_done)
        self._worker.all_done.connect(self._on_all_done)
        self._messages = []
        self._show_progress(True)
        self.progress.setRange(0, 0)
        self.progress_label.setText(self.tr("Starting..."))
        self._worker.start()
        self._update_buttons()
        self.refresh()

    def cancel_fetch(self) -> None:
        if self._worker is not None:
            self._worker.cancel_event.set()
            self.progress_label.setText(self.tr("Cancelling..."))

    @Slot(str, float, str)
    def _on_progress(self, model_id: str, fraction: float, message: str) -> None:
        if fraction < 0:
            self.progress.setRange(0, 0)  # busy indicator: pip or a converter is working
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        self.progress_label.setText(f"{model_id}: {message}")

    @Slot(str, bool, str)
    def _on_model_done(self, model_id: str, ok: bool, message: str) -> None:
        self._messages.append(message)
        self.message.setText("\n".join(self._messages))
        self.refresh()

    @Slot()
    def _on_all_done(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.wait()  # all_done is its last act: this returns at once
            worker.deleteLater()
        self._show_progress(False)
        self.refresh()

    def _show_progress(self, visible: bool) -> None:
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.setVisible(visible)

    # -- import, verify, delete ------------------------------------------------------------------------
    def choose_and_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import model file"), "", self.tr("Model files (*.onnx);;All files (*)"))
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path, model_id: str | None = None) -> bool:
        from models.importer import import_model_file

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = import_model_file(path, model_id=model_id, store=self.store)
        except (ModelError, OSError) as exc:
            self.message.setText(self.tr("Import failed: %1").replace("%1", str(exc)))
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.message.setText(result.message)
        self.refresh()
        self.select(result.model_id)
        return True

    def verify_selected(self) -> None:
        lines = []
        for model_id in self.selected_ids():
            try:
                lines.append(self.store.verify(model_id).message())
            except OSError as exc:
                lines.append(f"{model_id}: {exc}")
        self.message.setText("\n".join(lines))
        self.refresh()

    def delete_selected(self, confirm: bool = True) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete models"),
                self.tr("Delete the files of %1 from the store?").replace("%1", ", ".join(ids)))
            if answer != QMessageBox.StandardButton.Yes:
                return
        lines = []
        for model_id in ids:
            try:
                self.store.delete(model_id)
                lines.append(self.tr("%1 deleted.").replace("%1", model_id))
            except (ModelError, OSError) as exc:
                lines.append(str(exc))
        self.message.setText("\n".join(lines))
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's naming
        if self._worker is not None:
            self._worker.cancel_event.set()  # the store stops between chunks; the .part stays for resume
            self._worker.wait(10_000)
        super().closeEvent(event)


def show_model_manager(parent: QWidget | None = None) -> None:
    """Open the Model Manager as a modal dialog (Models > Model Manager)."""
    dialog = ModelManagerDialog(parent)
    dialog.exec()
