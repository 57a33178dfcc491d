"""The main window's file work: open, save, export, import, autosave and crash recovery.

The rule that keeps work safe: a document is let go (its tab closed or reverted, or the window closed) only
after the user chose Discard or a save of it finished successfully. Opening never lets one go: every
opened, new or recovered document gets a tab of its own. Saves run off the UI thread, so whatever
should follow a save ("then open that file", "then quit") waits for the save's result, not for the call
to return.
"""
from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

import numpy as np
from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QMessageBox

from app.document import Document
from app.files import ExportOptions
from app.files.autosave import AutosaveSession, RecoverableDocument, discard, discard_document, list_recoverable
from app.texts import Text
from widgets import doc_ops, file_dialogs

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

log = logging.getLogger(__name__)


class DocumentFiles(QObject):
    """File actions for one window; the window owns the busy indicator, this owns the work."""

    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.tasks: list[file_dialogs.FileTask] = []
        self.autosave = AutosaveSession()
        # The crash snapshots recovered documents came from: each kept until that work is safe elsewhere.
        self._recovered: list[tuple[Document, RecoverableDocument]] = []
        self.export_options = ExportOptions()  # the last ones chosen, offered again

    # == letting a document go =========================================================================
    def confirm_then(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` once the current document may be let go: it is unchanged, the user chose
        Discard, or the save the user chose finished. Cancel, or a failed save, never runs it."""
        doc = self.window.document
        if doc is None or not doc.history.modified:
            proceed()
            return
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self.window, self.tr("Unsaved Changes"),
            self.tr("“{0}” has unsaved changes. Save them first?").format(self.window.title),
            buttons.Save | buttons.Discard | buttons.Cancel, buttons.Save)
        if answer == buttons.Discard:
            proceed()
        elif answer == buttons.Save:
            self.save(on_saved=proceed)

    def forget(self, doc: Document) -> None:
        """``doc`` leaves the window (saved or discarded): its snapshots are no longer needed."""
        self.autosave.remove(doc)
        self._drop_recovered_snapshot(doc)

    def _drop_recovered_snapshot(self, doc: Document) -> None:
        for recovered in [pair for pair in self._recovered if pair[0] is doc]:
            discard_document(recovered[1])
            self._recovered.remove(recovered)

    # == open ==========================================================================================
    def open_path(self, path: Path) -> None:
        """Open a file in the background, in a new tab; a file that is open already has its tab shown."""
        open_here = next((doc for doc in self.window.documents
                          if doc.path is not None and doc.path.resolve() == Path(path).resolve()), None)
        if open_here is not None:
            self.window.show_document(open_here)
            return

        def done(doc: Document) -> None:
            self.window.set_document(doc, path.name)
            self.window.settings.add_recent_file(path)
            self.window.rebuild_recent_menu()
            self._show_open_notes(doc.metadata.open_notes)

        self.run_io(self.tr("Opening {0}…").format(path.name), lambda: _open_document(path), done)

    def open_dialog(self) -> None:
        path = file_dialogs.ask_open_path(self.window, self._folder_hint())
        if path is not None:
            self.open_path(path)

    def import_psd(self) -> None:
        path = file_dialogs.ask_psd_path(self.window, self._folder_hint())
        if path is None:
            return

        def work():
            from app.files.psd_import import import_psd

            return import_psd(path)

        def done(result) -> None:
            doc = self.window.document
            if doc is None:
                self.window.set_document(result.document, path.name)
            else:
                doc_ops.add_layers(doc, result.document.layers, Text("DocumentFiles", "Import PSD"))
            self._show_open_notes(result.notes())

        self.run_io(self.tr("Importing {0}…").format(path.name), work, done)

    def _show_open_notes(self, notes: list[str]) -> None:
        """What opening a file left out or changed (e.g. PSD layers that could not be read)."""
        if notes:
            QMessageBox.information(self.window, self.tr("Opened with Changes"), "\n\n".join(notes))

    # == save and export ===============================================================================
    def save(self, on_saved: Callable[[], None] | None = None) -> None:
        """Save to the document's project file, or ask where (Save As) if it has none."""
        doc = self.window.document
        if doc is None:
            return
        if doc.path is not None and doc.path.suffix.lower() == ".ora":
            self._save_project(doc, doc.path, on_saved)
        else:
            self.save_as(on_saved)

    def save_as(self, on_saved: Callable[[], None] | None = None) -> None:
        doc = self.window.document
        if doc is None:
            return
        path = file_dialogs.ask_save_project_path(self.window, self.suggested_path(".ora"))
        if path is not None:
            self._save_project(doc, path, on_saved)

    def suggested_path(self, suffix: str) -> Path:
        """Where Save As / Export start: the current document's own name, never another file's (so that
        accepting the suggestion cannot overwrite an unrelated project)."""
        doc = self.window.document
        if doc is not None and doc.path is not None:
            return doc.path.with_suffix(suffix)
        stem = _file_stem(self.window.title) or "untitled"
        return (self._folder_hint() or Path.home()) / f"{stem}{suffix}"

    def _folder_hint(self) -> Path | None:
        """The folder file dialogs open in: the document's, else that of the most recent file."""
        doc = self.window.document
        if doc is not None and doc.path is not None:
            return doc.path.parent
        recent = self.window.settings.recent_files()
        return recent[0].parent if recent else None

    def _save_project(self, doc: Document, path: Path, on_saved: Callable[[], None] | None) -> None:
        snapshot = snapshot_document(doc)
        revision = doc.history.revision

        def work() -> Path:
            from app.files import save_project

            return save_project(snapshot, path)

        def done(target: Path) -> None:
            target = Path(target)
            doc.path = target
            # Only the state that was written is saved; edits made while it was written are not.
            if doc.history.revision == revision:
                doc.history.mark_clean()
            self.window.set_title(target.name, doc)
            self.window.settings.add_recent_file(target)
            self.window.rebuild_recent_menu()
            self.forget(doc)
            self.window.statusBar().showMessage(self.tr("Saved {0}").format(target.name), 4000)
            if on_saved is not None:
                on_saved()

        self.run_io(self.tr("Saving {0}…").format(path.name), work, done)

    def export(self) -> None:
        """Ask for a file and the options of its format, then write the flattened image."""
        doc = self.window.document
        if doc is None:
            return
        path = file_dialogs.ask_export_path(self.window, self.suggested_path(".png"))
        if path is None:
            return
        options = self._ask_export_options(path)
        if options is not None:
            self._write_copy(doc, path, options, self.tr("Exporting {0}…"), self.tr("Exported {0}"))

    def _ask_export_options(self, path: Path) -> ExportOptions | None:
        """The export options for ``path``'s format (the last ones used offered again), or None on Cancel."""
        from app.files.export import format_for_path
        from widgets.export_options import ask_export_options

        options = ask_export_options(self.window, format_for_path(path), self.export_options)
        if options is not None:
            self.export_options = options
        return options

    def save_copy(self) -> None:
        """File ▸ Save a Copy…: a project (.ora) or a flattened image of the current state; the document
        keeps its own file and its unsaved state."""
        doc = self.window.document
        if doc is None:
            return
        hint = self.suggested_path(".ora")
        path = file_dialogs.ask_save_copy_path(self.window, hint.with_name(f"{hint.stem} copy.ora"))
        if path is None:
            return
        options = None
        if path.suffix.lower() != ".ora":
            options = self._ask_export_options(path)
            if options is None:
                return
        self._write_copy(doc, path, options, self.tr("Saving a copy as {0}…"), self.tr("Saved a copy as {0}"))

    def _write_copy(self, doc: Document, path: Path, options: ExportOptions | None, busy: str, done: str) -> None:
        """Write a snapshot of ``doc`` to ``path``: a project when ``options`` is None, else an image."""
        snapshot = snapshot_document(doc)

        def work() -> Path:
            from app.files import export_document, save_project

            return save_project(snapshot, path) if options is None else export_document(snapshot, path, options)

        self.run_io(busy.format(path.name), work,
                    lambda target: self.window.statusBar().showMessage(done.format(Path(target).name), 4000))

    # == close, revert, place ==========================================================================
    def close(self) -> None:
        """File ▸ Close: the current tab goes, after the unsaved-changes rule; the last leaves none."""
        if self.window.document is not None:
            self.window.close_document(self.window.document)

    def revert(self) -> None:
        """File ▸ Revert: reload the document's file, after confirming that the changes are to go."""
        doc = self.window.document
        if doc is None or doc.path is None:
            return
        path = doc.path
        if doc.history.modified:
            buttons = QMessageBox.StandardButton
            answer = QMessageBox.question(
                self.window, self.tr("Revert"),
                self.tr("Revert to “{0}” as saved? The changes since then are lost.").format(path.name),
                buttons.Yes | buttons.Cancel, buttons.Cancel)
            if answer != buttons.Yes:
                return

        def done(new: Document) -> None:
            if doc in self.window.documents:  # not closed meanwhile
                self.window.replace_document(doc, new, path.name)

        self.run_io(self.tr("Opening {0}…").format(path.name), lambda: _open_document(path), done)

    def place(self) -> None:
        """File ▸ Place…: an image file as a new layer, centred on the canvas, one undo step."""
        doc = self.window.document
        if doc is None:
            return
        path = file_dialogs.ask_place_path(self.window, self._folder_hint())
        if path is None:
            return

        def done(pixels: np.ndarray) -> None:
            if self.window.document is doc:
                doc_ops.add_image_layer(doc, pixels, path.stem, Text("DocumentFiles", "Place Image"))

        self.run_io(self.tr("Placing {0}…").format(path.name), lambda: _read_pixels(path), done)

    # == running file work off the UI thread ===========================================================
    def run_io(self, message: str, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """File I/O, or other work on the whole document (``geometry_runs``), on the thread pool with a busy
        indicator; editing is paused until it finishes.
        ``done`` runs only on success; a failure is shown to the user and nothing else happens."""
        self.window.set_busy(+1, message)
        task: file_dialogs.FileTask | None = None

        def finish() -> None:
            self.window.set_busy(-1)
            if task in self.tasks:
                self.tasks.remove(task)

        def ok(result: Any) -> None:
            finish()
            self.window.guarded(lambda: done(result))

        def failed(exc: BaseException) -> None:
            finish()
            from app.files.errors import FileError

            if isinstance(exc, FileError):
                self.window.show_error(str(exc))
            elif isinstance(exc, MemoryError):
                self.window.show_error(self.tr("There is not enough memory for this image."))
            else:
                log.error("file operation failed:\n%s", getattr(exc, "__traceback_text__", exc))
                self.window.show_error(self.tr("Something went wrong: {0}").format(exc))

        task = file_dialogs.run_in_background(work, ok, failed)
        self.tasks.append(task)

    # == autosave and crash recovery ===================================================================
    def autosave_now(self) -> bool:
        """Snapshot every open document with unsaved changes, each in its own file (the window's timer
        calls this every 3 minutes); False if there was none to write."""
        if self.window.is_busy:
            return False
        modified = [doc for doc in self.window.documents if doc.history.modified]
        for doc in modified:
            self._autosave(doc)
        return bool(modified)

    def _autosave(self, doc: Document) -> None:
        session = self.autosave
        key = session.key_for(doc)
        title = self.window.title_of(doc)
        snapshot = snapshot_document(doc)
        task: file_dialogs.FileTask | None = None

        def written(_path: Path) -> None:
            self._forget_task(task)
            # A newer snapshot of a recovered document now exists in this session: the old one may go.
            self._drop_recovered_snapshot(doc)

        def failed(exc: BaseException) -> None:
            self._forget_task(task)
            log.warning("autosave failed: %s", exc)

        task = file_dialogs.run_in_background(lambda: session.write(snapshot, key, title), written, failed)
        self.tasks.append(task)

    def _forget_task(self, task: file_dialogs.FileTask | None) -> None:
        if task in self.tasks:
            self.tasks.remove(task)

    def offer_crash_recovery(self) -> None:
        """At every start: if an earlier editor crashed with autosaved work, offer to bring it back.
        A recovered document counts as unsaved, and its snapshot stays until the work is saved (or a
        newer snapshot of it is written), so quitting or crashing again cannot lose it."""
        sessions = list_recoverable()
        if not sessions:
            return
        from widgets.recovery_dialog import RecoveryDialog

        dialog = RecoveryDialog(sessions, self.window)
        dialog.exec()
        if dialog.choice == "recover":
            from app.files.autosave import recover

            for _session, entry in dialog.selected():  # each in a tab of its own
                try:
                    doc = recover(entry)
                except Exception as exc:  # noqa: BLE001 - a damaged snapshot must not stop the editor
                    self.window.show_error(str(exc))
                    continue
                doc.history.mark_unsaved()
                self.window.set_document(doc, entry.title)
                self._recovered.append((doc, entry))
        elif dialog.choice == "discard":
            for session in sessions:
                discard(session)

    def shutdown(self) -> None:
        """The window closes with nothing left to keep (saved, or the user chose Discard)."""
        QThreadPool.globalInstance().waitForDone(10000)  # a snapshot still being written
        for doc in self.window.documents:
            self._drop_recovered_snapshot(doc)
        self.autosave.close()


def _file_stem(title: str) -> str:
    """A file-name stem from a window title such as "photo.jpg" or "Face crop"."""
    stem = Path(title).stem if Path(title).suffix else title
    return "".join(ch for ch in stem if ch not in '<>:"/\\|?*' and ord(ch) >= 32).strip()


def _open_document(path: Path) -> Document:
    from app.files import open_document

    return open_document(path)


def _read_pixels(path: Path) -> np.ndarray:
    from app.files import read_image_array

    return read_image_array(path, keep_16bit=False)[0]


def snapshot_document(doc: Document) -> Document:
    """A copy of the document's content (no history, no listeners) that a worker thread may read
    while the user keeps editing the original."""
    copy = Document(doc.width, doc.height)
    copy.layers = [dataclasses.replace(layer, pixels=layer.pixels.copy()) for layer in doc.layers]
    copy.masks = [dataclasses.replace(mask, data=mask.data.copy()) for mask in doc.masks]
    copy.active_layer_index = doc.active_layer_index
    copy.active_mask_index = doc.active_mask_index
    copy.selection = None if doc.selection is None else doc.selection.copy()
    copy.path = doc.path
    copy.metadata = dataclasses.replace(doc.metadata)
    return copy
