"""The main window: document tabs (widgets/document_tabs.py) over the canvas, layers / history / jobs / faces
docks, menus (widgets/main_menus.py; engine entries from widgets/engine_menu.py), status bar. File work and
autosave are in widgets/document_files.py."""
from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.document import Document
from app.jobs import JobManager
from app.settings import Settings, app_settings
from widgets import doc_ops
from widgets.actions import ActionTable, EditorState
from widgets.canvas_view import CanvasView
from widgets.doc_bridge import DocBridge
from widgets.document_files import DocumentFiles
from widgets.document_tabs import DocumentTabs
from widgets.engine_menu import EngineClasses, engine_spec, group_specs
from widgets.faces_overlay import FaceListDock
from widgets.history_panel import HistoryPanel
from widgets.jobs_panel import JobsPanel, JobsStatusIndicator
from widgets.layers_panel import LayersPanel
from widgets.model_alerts import ModelAlerts
from widgets.space_pan import install_space_pan
from widgets.theme import CANVAS_BACKGROUND

log = logging.getLogger(__name__)
AUTOSAVE_INTERVAL_MS = 3 * 60 * 1000


class MainWindow(QMainWindow):
    """Several documents, one tab each; ``document`` is the current tab's. Other parts reach the editor
    through this window's public API."""

    def __init__(self, settings: Settings | None = None, *, autosave: bool = True,
                 remember_state: bool = True, job_manager: JobManager | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.action_table = ActionTable(self, self.guarded)
        self.settings = settings or app_settings()
        self.action_table.overrides = self.settings.shortcuts  # before any menu is built
        self._remember_state = remember_state
        self._busy = 0
        self._close_confirmed = False
        self._maximized_before_full_screen = False
        self.files = DocumentFiles(self)
        self.bridge = DocBridge(self)
        self.canvas = CanvasView(self.bridge, self)
        self.tabs = DocumentTabs(self)
        self.tabs.currentDocumentChanged.connect(self._show_document)
        self.tabs.closeRequested.connect(self.close_document)
        central = QWidget(self)
        self._central_layout = QVBoxLayout(central)
        self._central_layout.setContentsMargins(0, 0, 0, 0)
        self._central_layout.setSpacing(0)
        self._central_layout.addWidget(self.tabs)
        self._central_layout.addWidget(self.canvas, 1)
        self.setCentralWidget(central)
        self.job_manager = job_manager if job_manager is not None else JobManager(self)
        self._build_docks()
        self._build_status_bar()
        self.engines = EngineClasses(self)  # loads off the UI thread; their entries follow when in
        self.engines.loaded.connect(self._add_engine_entries)
        self._build_menus()
        from widgets.tools.install import install_tools

        install_tools(self)  # tool bars, colour / navigator docks, compare view, tool shortcuts
        from widgets.shortcut_map import apply_shortcuts

        apply_shortcuts(self, self.settings.shortcuts)  # the user's own keys for the tools too
        self._wire_installed_parts()
        from widgets.context_menus import install_context_menus

        install_context_menus(self)
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
        self.layers_panel.propertiesRequested.connect(lambda uid: self.guarded(
            lambda: self.call_part("widgets.layer_properties", "show_layer_properties", self, uid)))
        self.model_alerts = ModelAlerts(self.show_error, self)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self._autosave_timer.timeout.connect(self.files.autosave_now)
        if autosave:
            self._autosave_timer.start()
        self.resize(1280, 800)
        self._document_replaced()
        QTimer.singleShot(0, self, self.engines.load)  # once the window is up: importing them takes a while

    # == public API ====================================================================================
    @property
    def document(self) -> Document | None:
        return self.bridge.document

    @property
    def documents(self) -> list[Document]:
        """Every open document, in tab order."""
        return self.tabs.documents()

    @property
    def title(self) -> str:
        """The current document's name as its tab and the title bar show it."""
        entry = self.tabs.current()
        return entry.title if entry is not None else ""

    def title_of(self, doc: Document) -> str:
        entry = self.tabs.entry(doc)
        return entry.title if entry is not None else ""

    def set_title(self, title: str, doc: Document | None = None) -> None:
        """Rename ``doc``'s tab (default: the current one's), e.g. after Save As."""
        target = doc if doc is not None else self.document
        if target is not None:
            self.tabs.set_title(target, title)
        self._update_title()

    def set_document(self, doc: Document, title: str | None = None) -> None:
        """Show ``doc``: in its own tab if it is open already, else in a new tab. Nothing is replaced."""
        if self.tabs.entry(doc) is not None:
            self.tabs.show_document(doc)
            return
        self.tabs.add(doc, title or (doc.path.name if doc.path else self.tr("Untitled")))

    def show_document(self, doc: Document) -> None:
        """Bring an open document's tab forward."""
        self.tabs.show_document(doc)

    def replace_document(self, old: Document, new: Document, title: str) -> None:
        """``new`` in ``old``'s tab (File ▸ Revert): callers let ``old`` go first (``files.confirm_then``)."""
        self.files.forget(old)
        entry = self.tabs.entry(old)
        if entry is not None and old is self.document:
            entry.view = self.canvas.view_state()  # the reloaded file is shown as the old one was
        self.tabs.replace(old, new, title)

    def close_document(self, doc: Document) -> None:
        """Close ``doc``'s tab after the unsaved-changes rule; it is shown while the user is asked."""
        if self.tabs.entry(doc) is None or self.is_busy:
            return
        self.tabs.show_document(doc)

        def let_go() -> None:
            self.files.forget(doc)
            self.tabs.remove(doc)

        self.files.confirm_then(let_go)

    def next_document(self, delta: int = 1) -> None:
        if not self.is_busy:
            self.tabs.step(delta)

    def open_image_as_new_document(self, rgb: np.ndarray, title: str) -> Document:
        """Engines' results that are not edits of the current image (e.g. an aligned face crop): a new
        tab, shown; the current document stays open in its own."""
        doc = Document.from_image(np.ascontiguousarray(rgb), name=title)
        self.set_document(doc, title)
        return doc

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

    def action(self, key: str) -> QAction:
        """A menu action by key (e.g. "file.open", "view.mask_overlay", "engine.upscale")."""
        return self.action_table[key]

    def _build_menus(self) -> None:
        """(Re)build every menu; called again on a language change so all texts are retranslated."""
        from widgets.main_menus import menu_table

        bar = self.menuBar()
        bar.clear()
        self.action_table.clear()
        for title, items in menu_table(self):
            self.action_table.build_menu(bar.addMenu(title), items)
        self.recent_menu: QMenu = self.action_table.menus["file.recent"]
        self.rebuild_recent_menu()
        self.action("view.mask_overlay").toggled.connect(self._set_mask_overlay)
        self.action("view.pixel_grid").toggled.connect(self.canvas.set_pixel_grid)
        self.action("view.full_screen").toggled.connect(self._set_full_screen)
        self._wire_installed_parts()
        if self.engines.is_loaded():
            self._add_engine_entries()
        self._retranslate_docks()
        self._update_actions()

    def _wire_installed_parts(self) -> None:
        """Menu entries for what ``install_tools`` adds (the compare view, more docks): after it ran, and
        again whenever the menus are rebuilt."""
        panels, anchor = self.action_table.slots["panels"]
        present = panels.actions()
        for dock in self.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if dock.toggleViewAction() not in present:
                panels.insertAction(anchor, dock.toggleViewAction())
        compare = getattr(self, "compare_action", None)
        if compare is not None:  # the tool bar's button and the View menu's entry stay one switch
            menu_entry = self.action("view.before_after")
            menu_entry.setChecked(compare.isChecked())
            menu_entry.toggled.connect(compare.setChecked)
            compare.toggled.connect(menu_entry.setChecked)

    def before_after_shown(self) -> bool:
        compare = getattr(self, "compare_action", None)
        return compare is not None and compare.isChecked()

    def _set_full_screen(self, on: bool) -> None:
        if on and not self.isFullScreen():
            self._maximized_before_full_screen = self.isMaximized()
            self.showFullScreen()
        elif not on and self.isFullScreen():
            if self._maximized_before_full_screen:
                self.showMaximized()
            else:
                self.showNormal()

    def _add_engine_entries(self) -> None:
        """Each registered engine's entry, in the menu its class names."""
        for task, cls in (self.engines.classes or {}).items():
            if cls.menu is not None and cls.menu_per_group:
                title = QCoreApplication.translate("Engines", cls.title)
                self.action_table.insert_submenu_at(cls.menu, title, group_specs(self, task, cls))
                continue
            spec = engine_spec(self, task, cls)
            if spec is not None:
                self.action_table.insert_at(str(cls.menu), spec)
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
    def _show_document(self, doc: Document | None) -> None:
        """The current tab changed: the canvas, panels and tools follow; each tab keeps its own view."""
        old = self.bridge.document
        if doc is old:
            return
        old_entry = self.tabs.entry(old) if old is not None else None
        if old_entry is not None:
            old_entry.view = self.canvas.view_state()
        tools = getattr(self, "tools", None)  # absent while the window is being built
        if tools is not None and tools.current is not None:
            tools.current.cancel()  # an unfinished stroke or crop belongs to the document it began on
        # The tab bar's height changes with its first and last tab: the canvas gets its new size before
        # it fits or restores the view, not on a later event-loop turn.
        self._central_layout.activate()
        self.bridge.attach(doc)
        entry = self.tabs.entry(doc) if doc is not None else None
        if entry is not None and entry.view is not None:
            self.canvas.restore_view(entry.view)

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
        self.setWindowTitle(f"{self.title}[*] — Kintsugi")
        self.setWindowModified(bool(doc.history.modified))

    def _update_size_label(self) -> None:
        doc = self.document
        self.size_label.setText(self.tr("{0} × {1} px").format(doc.width, doc.height) if doc else "")

    def _update_zoom_label(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.4g} %" if self.document is not None else "")

    def _update_cursor_label(self, pos: QPointF | None) -> None:
        self.pos_label.setText("" if pos is None else f"x {int(pos.x())}, y {int(pos.y())}")

    def _update_actions(self) -> None:
        self.action_table.update(EditorState(self.document, self._busy == 0))

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

    def call_part(self, module: str, function: str, *args: Any) -> Any:
        """Call a dialog's entry point, imported on first use so that start-up stays quick."""
        return getattr(importlib.import_module(module), function)(*args)

    def doc_op(self, op: Callable[..., Any], *args: Any) -> Any:
        """A menu's document operation (widgets/doc_ops.py) on the current document."""
        if self.document is None:
            return None
        return op(self.document, *args)

    # == file actions (the work is in widgets/document_files.py) ========================================
    def new_document(self) -> None:
        from widgets.size_dialog import ask_size

        size = ask_size(self, self.tr("New Image"), 1920, 1080, keep_ratio=False)
        if size is None:
            return
        white = np.full((size[1], size[0], 3), 255, np.uint8)
        self.set_document(Document.from_image(white, name=self.tr("Background")), self.tr("Untitled"))

    def set_busy(self, delta: int, message: str = "") -> None:
        self._busy = max(0, self._busy + delta)
        busy = self._busy > 0
        if message:
            self.busy_label.setText(message)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        # The document must not change while a worker reads it (save) or is about to replace it (open).
        self.canvas.setEnabled(not busy)
        self.tabs.setEnabled(not busy)
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

    # == preferences, theme, language ==================================================================
    def show_preferences(self) -> None:
        from widgets.preferences_dialog import PreferencesDialog
        from widgets.shortcut_map import apply_shortcuts, shortcut_entries

        dialog = PreferencesDialog(self.settings, self, shortcuts=shortcut_entries(self))
        if dialog.exec():
            old_language = self.settings.language
            old_theme = self.settings.theme
            dialog.store()
            if self.settings.theme != old_theme:
                self.set_theme(self.settings.theme)
            if self.settings.language != old_language:
                self.set_language(self.settings.language)
            self.settings.apply_model_dir()
            apply_shortcuts(self, self.settings.shortcuts)
            self._apply_canvas_settings()

    def set_theme(self, name: str) -> None:
        from widgets.theme import apply_theme

        self.settings.theme = apply_theme(QApplication.instance(), name)
        self._apply_canvas_settings()
        self.layers_panel.apply_theme()
        self.action(f"view.theme.{name}").setChecked(True)

    def set_language(self, code: str) -> None:
        from app.i18n import install_translators

        self.settings.language = code
        install_translators(code if code else "en")  # LanguageChange events retranslate the widgets

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange and self.action_table.specs:  # the menus exist
            self._build_menus()
            self._document_replaced()
        elif event.type() == QEvent.Type.WindowStateChange and "view.full_screen" in self.action_table.actions:
            self.action("view.full_screen").setChecked(self.isFullScreen())
        super().changeEvent(event)

    def show_about(self) -> None:
        QMessageBox.about(
            self, self.tr("About Kintsugi"),
            self.tr("<h3>Kintsugi</h3><p>A photo-restoration editor with layers, masks and local AI models.</p>"
                    "<p>Like the Japanese art of mending pottery with gold, it repairs what time has "
                    "broken and lets the repair show.</p>")
            + "<p>" + self.tr("Version {0}").format(__version__) + "</p>")

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
        modified = [doc for doc in self.documents if doc.history.modified]
        if not self._close_confirmed and modified:
            # Ask (and maybe save) first; the window closes only once the work is safe.
            event.ignore()
            self._confirm_each(modified, self._close_when_confirmed)
            return
        if self._remember_state:
            self.settings.set_window_geometry(self.saveGeometry())
            self.settings.set_window_state(self.saveState())
            self.settings.sync()
        self._autosave_timer.stop()
        self.job_manager.shutdown()
        self.files.shutdown()
        event.accept()

    def _confirm_each(self, docs: list[Document], proceed: Callable[[], None]) -> None:
        """The unsaved-changes rule for each of ``docs`` in turn, each shown while asked about;
        ``proceed`` runs once all may go. Cancel, or a failed save, stops there and keeps them all."""
        if not docs:
            proceed()
            return
        doc, rest = docs[0], docs[1:]
        if self.tabs.entry(doc) is None:  # closed meanwhile
            self._confirm_each(rest, proceed)
            return
        self.tabs.show_document(doc)
        self.files.confirm_then(lambda: self._confirm_each(rest, proceed))

    def _close_when_confirmed(self) -> None:
        self._close_confirmed = True
        # Close on the next event-loop turn: this may run inside closeEvent or a save's callback.
        QTimer.singleShot(0, self, self._close_or_reset)

    def _close_or_reset(self) -> None:
        if not self.close():
            self._close_confirmed = False  # e.g. a job or file operation started meanwhile

