"""The main window: canvas, layers / history / jobs docks, menus, status bar, file I/O, autosave."""
from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox, QProgressBar, QWidget

from app.document import Document
from app.jobs import JobManager
from app.settings import Settings, app_settings
from app.texts import shown
from widgets import doc_ops
from widgets.canvas_view import CanvasView
from widgets.doc_bridge import DocBridge
from widgets.document_files import DocumentFiles
from widgets.faces_overlay import REGION_LABELS, FaceListDock
from widgets.history_panel import HistoryPanel
from widgets.jobs_panel import JobsPanel, JobsStatusIndicator
from widgets.layers_panel import LayersPanel
from widgets.model_alerts import ModelAlerts
from widgets.space_pan import install_space_pan
from widgets.theme import CANVAS_BACKGROUND

log = logging.getLogger(__name__)
AUTOSAVE_INTERVAL_MS = 3 * 60 * 1000
class MainWindow(QMainWindow):
    """One document at a time. Other parts reach the editor through this window's public API."""

    def __init__(self, settings: Settings | None = None, *, autosave: bool = True,
                 remember_state: bool = True, job_manager: JobManager | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or app_settings()
        self._remember_state = remember_state
        self._title = ""
        self._busy = 0
        self._close_confirmed = False
        self.files = DocumentFiles(self)
        self.bridge = DocBridge(self)
        self.canvas = CanvasView(self.bridge, self)
        self.setCentralWidget(self.canvas)
        self.job_manager = job_manager if job_manager is not None else self._make_job_manager()
        self._build_docks()
        self._build_status_bar()
        self._actions: dict[str, QAction] = {}
        self._build_menus()
        from widgets.tools.install import install_tools

        install_tools(self)  # tool bars, colour / navigator docks, compare view, tool shortcuts
        install_space_pan(self.canvas)
        self._apply_canvas_settings()
        self.bridge.historyChanged.connect(self._update_actions)
        self.bridge.historyChanged.connect(self._update_title)
        self.bridge.layersChanged.connect(self._update_actions)
        self.bridge.masksChanged.connect(lambda _r: self._update_actions())
        self.bridge.canvasChanged.connect(self._update_size_label)
        self.bridge.documentReplaced.connect(lambda _d: self._document_replaced())
        self.canvas.zoomChanged.connect(self._update_zoom_label)
        self.canvas.cursorMoved.connect(self._update_cursor_label)
        self.layers_panel.errorRaised.connect(self.show_error)
        self.model_alerts = ModelAlerts(self.show_error, self)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self.files.autosave_now)
        if autosave:
            self._autosave_timer.start()
        self.resize(1280, 800)
        self._document_replaced()

    # == public API ====================================================================================
    @property
    def document(self) -> Document | None:
        return self.bridge.document

    @property
    def title(self) -> str:
        """The document's name as the title bar shows it."""
        return self._title

    def set_title(self, title: str) -> None:
        self._title = title
        self._update_title()

    def set_document(self, doc: Document | None, title: str | None = None) -> None:
        """Show ``doc``, replacing the current one without asking: callers let the old one go first
        (``files.confirm_then``)."""
        old = self.bridge.document
        if old is not None and old is not doc:
            self.files.forget(old)
        self._title = title or (doc.path.name if doc is not None and doc.path else self.tr("Untitled"))
        self.bridge.attach(doc)

    def open_image_as_new_document(self, rgb: np.ndarray, title: str) -> Document | None:
        """Engines' results that are not edits of the current image (e.g. an aligned face crop). Returns
        the new document, or None while the current one is being saved first or if the user cancelled."""
        doc = Document.from_image(np.ascontiguousarray(rgb), name=title)
        self.files.confirm_then(lambda: self.set_document(doc, title))
        return doc if self.document is doc else None

    def open_path(self, path: str | Path) -> None:
        """Open a file in the background; the window stays responsive and shows a busy indicator."""
        self.files.open_path(Path(path))

    def open_path_now(self, path: str | Path) -> Document:
        """Open synchronously (headless commands and tests); raises app.files.errors.FileError."""
        from app.files import open_document

        path = Path(path)
        doc = open_document(path)
        self.set_document(doc, path.name)
        return doc

    # == construction ==================================================================================
    def _make_job_manager(self) -> JobManager:
        return JobManager(self)

    def _build_docks(self) -> None:
        self.layers_panel = LayersPanel(self.bridge, self)
        self.history_panel = HistoryPanel(self.bridge, self)
        self.layers_dock = self._dock("layersDock", self.layers_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.history_dock = self._dock("historyDock", self.history_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.jobs_panel = JobsPanel(self.job_manager, self)
        self.jobs_dock = self._dock("jobsDock", self.jobs_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        # Jobs share a tab with History so the canvas keeps its height; a new job brings the tab forward.
        self.tabifyDockWidget(self.history_dock, self.jobs_dock)
        self.faces_dock = FaceListDock(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.faces_dock)
        self.tabifyDockWidget(self.jobs_dock, self.faces_dock)
        self.history_dock.raise_()
        self.job_manager.job_added.connect(lambda _job: self.jobs_dock.raise_())
        self.jobs_panel.notified.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.resizeDocks([self.layers_dock, self.history_dock], [460, 220], Qt.Orientation.Vertical)
        self.resizeDocks([self.layers_dock], [310], Qt.Orientation.Horizontal)

    def _dock(self, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(name)  # saveState() needs stable names
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # indeterminate: file I/O reports no progress
        self.busy_bar.setMaximumWidth(140)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        self.busy_label.hide()
        self.busy_bar.hide()
        bar.addPermanentWidget(JobsStatusIndicator(self.job_manager, self))
        self.pos_label = QLabel(self)
        self.size_label = QLabel(self)
        self.zoom_label = QLabel(self)
        bar.addWidget(self.busy_label)
        bar.addWidget(self.busy_bar)
        bar.addPermanentWidget(self.pos_label)
        bar.addPermanentWidget(self.size_label)
        bar.addPermanentWidget(self.zoom_label)

    def _action(self, key: str, text: str, slot: Callable | None = None, shortcut: Any = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, (list, tuple)):
                action.setShortcuts([QKeySequence(s) for s in shortcut])
            else:
                action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        if slot is not None:
            action.triggered.connect(lambda *_: self.guarded(slot))
        self._actions[key] = action
        return action

    def action(self, key: str) -> QAction:
        """A menu action by key (e.g. "file.open", "view.mask_overlay"); for tests and other parts."""
        return self._actions[key]

    def _build_menus(self) -> None:
        """(Re)build every menu; called again on a language change so all texts are retranslated."""
        bar = self.menuBar()
        bar.clear()
        for action in self._actions.values():
            action.deleteLater()
        self._actions = {}
        a = self._action
        SK = QKeySequence.StandardKey

        m = bar.addMenu(self.tr("&File"))
        m.addAction(a("file.new", self.tr("&New…"), self.new_document, SK.New))
        m.addAction(a("file.open", self.tr("&Open…"), self.files.open_dialog, SK.Open))
        self.recent_menu = m.addMenu(self.tr("Open &Recent"))
        self.rebuild_recent_menu()
        m.addSeparator()
        m.addAction(a("file.save", self.tr("&Save"), self.files.save, SK.Save))
        m.addAction(a("file.save_as", self.tr("Save &As (.ora)…"), self.files.save_as, SK.SaveAs))
        m.addAction(a("file.export", self.tr("&Export…"), self.files.export, "Ctrl+E"))
        m.addAction(a("file.import_psd", self.tr("Import PSD as &Layers…"), self.files.import_psd))
        m.addSeparator()
        m.addAction(a("file.quit", self.tr("&Quit"), self.close, SK.Quit))

        m = bar.addMenu(self.tr("&Edit"))
        m.addAction(a("edit.undo", self.tr("&Undo"), self.undo, SK.Undo))
        m.addAction(a("edit.redo", self.tr("&Redo"), self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"]))
        m.addSeparator()
        m.addAction(a("edit.preferences", self.tr("&Preferences…"), self.show_preferences, SK.Preferences))

        m = bar.addMenu(self.tr("&Image"))
        m.addAction(a("image.crop", self.tr("&Crop to Selection"), lambda: self._doc_op(doc_ops.crop_to_selection)))
        m.addAction(a("image.canvas_size", self.tr("Canvas &Size…"), self.resize_canvas))
        m.addAction(a("image.scale", self.tr("Sc&ale Image…"), self.scale_image))
        m.addSeparator()
        m.addAction(a("image.rotate_cw", self.tr("Rotate 90° &Clockwise"), lambda: self._doc_op(doc_ops.rotate, 90)))
        m.addAction(a("image.rotate_ccw", self.tr("Rotate 90° C&ounter-clockwise"),
                      lambda: self._doc_op(doc_ops.rotate, 270)))
        m.addAction(a("image.rotate_180", self.tr("Rotate &180°"), lambda: self._doc_op(doc_ops.rotate, 180)))
        m.addAction(a("image.flip_h", self.tr("Flip &Horizontally"), lambda: self._doc_op(doc_ops.flip, True)))
        m.addAction(a("image.flip_v", self.tr("Flip &Vertically"), lambda: self._doc_op(doc_ops.flip, False)))

        m = bar.addMenu(self.tr("&Layer"))
        m.addAction(a("layer.new", self.tr("&New Layer"), lambda: self._doc_op(doc_ops.add_layer), "Ctrl+Shift+N"))
        m.addAction(a("layer.duplicate", self.tr("&Duplicate Layer"), lambda: self._doc_op(doc_ops.duplicate_layer),
                      "Ctrl+J"))
        m.addAction(a("layer.delete", self.tr("De&lete Layer"), lambda: self._doc_op(doc_ops.delete_layer)))
        m.addAction(a("layer.merge_down", self.tr("&Merge Down"), lambda: self._doc_op(doc_ops.merge_down),
                      "Ctrl+Shift+E"))
        m.addSeparator()
        m.addAction(a("layer.up", self.tr("Move &Up"), lambda: self._doc_op(doc_ops.move_layer, +1), "Ctrl+]"))
        m.addAction(a("layer.down", self.tr("Move D&own"), lambda: self._doc_op(doc_ops.move_layer, -1), "Ctrl+["))
        m.addSeparator()
        m.addAction(a("layer.mask_from_selection", self.tr("New Mask from &Selection"),
                      lambda: self._doc_op(doc_ops.mask_from_selection)))
        m.addAction(a("layer.delete_mask", self.tr("Delete &Mask"), lambda: self._doc_op(doc_ops.delete_mask)))

        m = bar.addMenu(self.tr("&Select"))
        m.addAction(a("select.all", self.tr("&All"), lambda: self._doc_op(doc_ops.select_all), SK.SelectAll))
        m.addAction(a("select.none", self.tr("&None"), lambda: self._doc_op(doc_ops.select_none), "Ctrl+D"))
        m.addAction(a("select.invert", self.tr("&Invert"), lambda: self._doc_op(doc_ops.invert_selection),
                      "Ctrl+Shift+I"))

        m = bar.addMenu(self.tr("Fil&ter"))
        m.addAction(a("filter.upscale", self.tr("&Upscale…"),
                      lambda: self._call_part("widgets.upscale_dialog", "show_upscale_dialog", self)))
        m.addAction(a("filter.style", self.tr("&Style Transfer…"),
                      lambda: self._call_part("widgets.style_dialog", "show_style_dialog", self)))

        m = bar.addMenu(self.tr("F&ace"))
        m.addAction(a("face.detect", self.tr("&Detect Faces"),
                      lambda: self._call_part("widgets.face_dialogs", "detect_faces", self)))
        regions = m.addMenu(self.tr("Select &Region"))
        for key, label in _face_regions():
            regions.addAction(a(f"face.region.{key}", label,
                                lambda k=key: self._call_part("widgets.face_dialogs", "select_face_region", self, k)))
        m.addAction(a("face.align", self.tr("&Align and Crop…"),
                      lambda: self._call_part("widgets.face_dialogs", "show_align_crop_dialog", self)))

        m = bar.addMenu(self.tr("&Models"))
        m.addAction(a("models.manager", self.tr("&Model Manager…"),
                      lambda: self._call_part("widgets.model_manager", "show_model_manager", self)))

        m = bar.addMenu(self.tr("&View"))
        m.addAction(a("view.zoom_in", self.tr("Zoom &In"), self.canvas.zoom_in, ["Ctrl++", "Ctrl+=", "+", "="]))
        m.addAction(a("view.zoom_out", self.tr("Zoom &Out"), self.canvas.zoom_out, ["Ctrl+-", "-"]))
        m.addAction(a("view.fit", self.tr("&Fit to Window"), self.canvas.fit_to_view, "Ctrl+0"))
        m.addAction(a("view.actual", self.tr("&Actual Pixels (100%)"), self.canvas.actual_pixels, "Ctrl+1"))
        m.addSeparator()
        overlay = a("view.mask_overlay", self.tr("Show &Mask Overlay"), None, "Q", checkable=True)
        overlay.setChecked(self.canvas.mask_overlay_visible)
        overlay.toggled.connect(self._set_mask_overlay)
        grid = a("view.pixel_grid", self.tr("Pixel &Grid (at 800% and closer)"), None, None, checkable=True)
        grid.setChecked(self.canvas.pixel_grid)
        grid.toggled.connect(self.canvas.set_pixel_grid)
        m.addAction(overlay)
        m.addAction(grid)
        m.addSeparator()
        theme_menu = m.addMenu(self.tr("&Theme"))
        group = QActionGroup(self)
        for key, label in (("dark", self.tr("&Dark")), ("light", self.tr("&Light"))):
            act = a(f"view.theme.{key}", label, lambda k=key: self.set_theme(k), checkable=True)
            act.setChecked(self.settings.theme == key)
            group.addAction(act)
            theme_menu.addAction(act)
        lang_menu = m.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        from app.i18n import LANGUAGE_NAMES, resolve_language

        current = resolve_language(self.settings.language)
        for code, name in LANGUAGE_NAMES.items():
            act = a(f"view.language.{code}", name, lambda c=code: self.set_language(c), checkable=True)
            act.setChecked(code == current)
            group.addAction(act)
            lang_menu.addAction(act)
        m.addSeparator()
        panels = m.addMenu(self.tr("&Panels"))
        for dock in (self.layers_dock, self.history_dock, self.jobs_dock, self.faces_dock):
            if dock is not None:
                panels.addAction(dock.toggleViewAction())

        m = bar.addMenu(self.tr("&Help"))
        m.addAction(a("help.about", self.tr("&About Kintsugi"), self.show_about))
        self._retranslate_docks()
        self._update_actions()

    def _retranslate_docks(self) -> None:
        self.layers_dock.setWindowTitle(self.tr("Layers"))
        self.history_dock.setWindowTitle(self.tr("History"))
        self.jobs_dock.setWindowTitle(self.tr("Jobs"))

    def rebuild_recent_menu(self) -> None:
        menu: QMenu = self.recent_menu
        menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            act = menu.addAction(path.name)
            act.setToolTip(str(path))
            act.setStatusTip(str(path))
            act.triggered.connect(lambda *_, p=path: self._open_recent(p))
        if recent:
            menu.addSeparator()
        clear = menu.addAction(self.tr("Clear List"))
        clear.setEnabled(bool(recent))
        clear.triggered.connect(self._clear_recent)

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent_file(path)
            self.rebuild_recent_menu()
            self.show_error(self.tr("“{0}” no longer exists.").format(str(path)))
            return
        self.open_path(path)

    def _clear_recent(self) -> None:
        self.settings.clear_recent_files()
        self.rebuild_recent_menu()

    # == state updates =================================================================================
    def _document_replaced(self) -> None:
        self._update_title()
        self._update_size_label()
        self._update_zoom_label(self.canvas.zoom)
        self._update_cursor_label(None)
        self._update_actions()

    def _update_title(self) -> None:
        doc = self.document
        if doc is None:
            self.setWindowTitle("Kintsugi")
            self.setWindowModified(False)
            return
        self.setWindowTitle(f"{self._title}[*] — Kintsugi")
        self.setWindowModified(bool(doc.history.modified))

    def _update_size_label(self) -> None:
        doc = self.document
        self.size_label.setText(self.tr("{0} × {1} px").format(doc.width, doc.height) if doc else "")

    def _update_zoom_label(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.4g} %" if self.document is not None else "")

    def _update_cursor_label(self, pos: QPointF | None) -> None:
        self.pos_label.setText("" if pos is None else f"x {int(pos.x())}, y {int(pos.y())}")

    def _update_actions(self) -> None:
        if not self._actions:
            return
        doc = self.document
        has_doc = doc is not None
        idle = self._busy == 0
        for key, action in self._actions.items():
            if key.split(".")[0] in ("image", "layer", "select", "filter", "face") or key in (
                    "file.save", "file.save_as", "file.export"):
                action.setEnabled(has_doc and idle)
        history = doc.history if has_doc else None
        undo, redo = self._actions["edit.undo"], self._actions["edit.redo"]
        undo.setEnabled(bool(history and history.can_undo) and idle)
        redo.setEnabled(bool(history and history.can_redo) and idle)
        undo.setText(self.tr("&Undo {0}").format(shown(history.undo_name)) if history and history.can_undo
                     else self.tr("&Undo"))
        redo.setText(self.tr("&Redo {0}").format(shown(history.redo_name)) if history and history.can_redo
                     else self.tr("&Redo"))
        if has_doc:
            self._actions["layer.merge_down"].setEnabled(idle and doc.active_layer_index > 0)
            self._actions["layer.delete_mask"].setEnabled(idle and doc.active_mask is not None)
            self._actions["layer.mask_from_selection"].setEnabled(idle and doc.selection is not None)
            self._actions["image.crop"].setEnabled(idle and doc.selection is not None)

    def _apply_canvas_settings(self) -> None:
        from widgets.theme import current_theme

        self.canvas.set_mask_overlay_style(QColor(*self.settings.mask_overlay_color),
                                           self.settings.mask_overlay_opacity)
        self.canvas.set_mask_overlay_visible(self.settings.mask_overlay_visible)
        self.canvas.set_background(CANVAS_BACKGROUND[current_theme()])

    def _set_mask_overlay(self, visible: bool) -> None:
        self.canvas.set_mask_overlay_visible(visible)
        self.settings.mask_overlay_visible = visible

    # == errors and optional parts =====================================================================
    def show_error(self, message: str, title: str | None = None) -> None:
        QMessageBox.warning(self, title or self.tr("Kintsugi"), message)

    def guarded(self, fn: Callable[[], Any]) -> Any:
        """Run a menu action; user-caused errors become a message box, never a traceback."""
        try:
            return fn()
        except doc_ops.USER_ERRORS as exc:
            self.show_error(str(exc))
        except Exception as exc:  # noqa: BLE001 - keep the editor alive, tell the user, log the details
            log.exception("action failed")
            self.show_error(self.tr("Something went wrong: {0}").format(exc))
        return None

    def _call_part(self, module: str, function: str, *args: Any) -> Any:
        """Call a dialog's entry point, imported on first use so that start-up stays quick."""
        return getattr(importlib.import_module(module), function)(*args)

    def _doc_op(self, op: Callable[..., Any], *args: Any) -> Any:
        if self.document is None:
            return None
        return op(self.document, *args)

    # == file actions (the work is in widgets/document_files.py) ========================================
    def new_document(self) -> None:
        from widgets.size_dialog import ask_size

        def ask_and_create() -> None:
            size = ask_size(self, self.tr("New Image"), 1920, 1080, keep_ratio=False)
            if size is None:
                return
            white = np.full((size[1], size[0], 3), 255, np.uint8)
            self.set_document(Document.from_image(white, name=self.tr("Background")), self.tr("Untitled"))

        self.files.confirm_then(ask_and_create)

    def set_busy(self, delta: int, message: str = "") -> None:
        self._busy = max(0, self._busy + delta)
        busy = self._busy > 0
        if message:
            self.busy_label.setText(message)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        # The document must not change while a worker reads it (save) or is about to replace it (open).
        self.canvas.setEnabled(not busy)
        self.layers_panel.setEnabled(not busy)
        self.history_panel.setEnabled(not busy)
        if busy and delta > 0 and self._busy == 1:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif not busy:
            QApplication.restoreOverrideCursor()
        self._update_actions()

    @property
    def is_busy(self) -> bool:
        return self._busy > 0

    # == edit / image actions ==========================================================================
    def undo(self) -> None:
        if self.document is not None:
            self.document.history.undo()

    def redo(self) -> None:
        if self.document is not None:
            self.document.history.redo()

    def resize_canvas(self) -> None:
        from widgets.size_dialog import ask_size

        doc = self.document
        if doc is None:
            return
        size = ask_size(self, self.tr("Canvas Size"), doc.width, doc.height, keep_ratio=False)
        if size is not None and size != doc.size:
            doc_ops.resize_canvas(doc, *size)

    def scale_image(self) -> None:
        from widgets.size_dialog import ask_size

        doc = self.document
        if doc is None:
            return
        size = ask_size(self, self.tr("Scale Image"), doc.width, doc.height, keep_ratio=True)
        if size is not None and size != doc.size:
            doc_ops.scale_image(doc, *size)

    # == preferences, theme, language ==================================================================
    def show_preferences(self) -> None:
        from widgets.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec():
            old_language = self.settings.language
            old_theme = self.settings.theme
            dialog.store()
            if self.settings.theme != old_theme:
                self.set_theme(self.settings.theme)
            if self.settings.language != old_language:
                self.set_language(self.settings.language)
            self.settings.apply_model_dir()
            self._apply_canvas_settings()

    def set_theme(self, name: str) -> None:
        from widgets.theme import apply_theme

        self.settings.theme = apply_theme(QApplication.instance(), name)
        self._apply_canvas_settings()
        self.layers_panel.apply_theme()
        if f"view.theme.{name}" in self._actions:
            self._actions[f"view.theme.{name}"].setChecked(True)

    def set_language(self, code: str) -> None:
        from app.i18n import install_translators

        self.settings.language = code
        install_translators(code if code else "en")  # LanguageChange events retranslate the widgets

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self._actions:
            self._build_menus()
            self._document_replaced()
        super().changeEvent(event)

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Kintsugi"),
            self.tr("<h3>Kintsugi</h3><p>A photo-restoration editor with layers, masks and local AI models.</p>"
                    "<p>Like the Japanese art of mending pottery with gold, it repairs what time has "
                    "broken and lets the repair show.</p>"))

    # == autosave and recovery =========================================================================
    def autosave_now(self) -> bool:
        return self.files.autosave_now()

    def offer_crash_recovery(self) -> None:
        self.files.offer_crash_recovery()

    # == window state ==================================================================================
    def restore_window_state(self) -> None:
        geometry = self.settings.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.is_busy:
            event.ignore()
            return
        doc = self.document
        if not self._close_confirmed and doc is not None and doc.history.modified:
            # Ask (and maybe save) first; the window closes only once the work is safe.
            event.ignore()
            self.files.confirm_then(self._close_when_confirmed)
            return
        if self._remember_state:
            self.settings.set_window_geometry(self.saveGeometry())
            self.settings.set_window_state(self.saveState())
            self.settings.sync()
        self._autosave_timer.stop()
        self.job_manager.shutdown()
        self.files.shutdown()
        event.accept()

    def _close_when_confirmed(self) -> None:
        self._close_confirmed = True
        # Close on the next event-loop turn: this may run inside closeEvent or a save's callback.
        QTimer.singleShot(0, self._close_or_reset)

    def _close_or_reset(self) -> None:
        if not self.close():
            self._close_confirmed = False  # e.g. a job or file operation started meanwhile


def _face_regions() -> list[tuple[str, str]]:
    """(region name, translated label) for the Face ▸ Select Region menu."""
    from PySide6.QtCore import QCoreApplication

    return [(key, QCoreApplication.translate("Faces", label)) for key, label in REGION_LABELS.items()]
