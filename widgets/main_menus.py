"""The main window's menus as one table: every entry's key, text, slot, shortcut and enabled-when.

Engines add their entries at the ``Slot`` of the menu their class names (widgets/engine_menu.py). Texts
are translated when the table is made, which the window does again on a language change.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtGui import QKeySequence

from app.i18n import LANGUAGE_NAMES, resolve_language
from app.texts import shown, translator
from widgets import doc_ops
from widgets.actions import (
    ActionSpec,
    EditorState,
    MenuItem,
    Separator,
    Slot,
    Submenu,
    can_merge_down,
    can_redo,
    can_undo,
    editable,
    has_mask,
    has_selection,
)
from widgets.face_results import REGION_LABELS, region_text

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

SK = QKeySequence.StandardKey
# Photoshop's and Krita's keys, which the selection tools' help names too.
SELECT_NONE_KEY = "Ctrl+D"
INVERT_SELECTION_KEY = "Ctrl+Shift+I"

_tr = translator("MainWindow")


def _undo_label(state: EditorState) -> str:
    history = state.document.history if state.document is not None else None
    return _tr("&Undo {0}").format(shown(history.undo_name)) if history and history.can_undo else _tr("&Undo")


def _redo_label(state: EditorState) -> str:
    history = state.document.history if state.document is not None else None
    return _tr("&Redo {0}").format(shown(history.redo_name)) if history and history.can_redo else _tr("&Redo")


def menu_table(w: MainWindow) -> tuple[tuple[str, tuple[MenuItem, ...]], ...]:
    """(menu title, items) for every menu of the menu bar, in order."""
    def op(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        return lambda: w.doc_op(fn, *args)

    def part(module: str, function: str, *args: Any) -> Callable[[], Any]:
        return lambda: w.call_part(module, function, *args)

    doc = editable
    return (
        (_tr("&File"), (
            ActionSpec("file.new", _tr("&New…"), w.new_document, SK.New),
            ActionSpec("file.open", _tr("&Open…"), w.files.open_dialog, SK.Open),
            Submenu("file.recent", _tr("Open &Recent")),
            Separator(),
            ActionSpec("file.save", _tr("&Save"), w.files.save, SK.Save, doc),
            ActionSpec("file.save_as", _tr("Save &As (.ora)…"), w.files.save_as, SK.SaveAs, doc),
            ActionSpec("file.export", _tr("&Export…"), w.files.export, "Ctrl+E", doc),
            ActionSpec("file.import_psd", _tr("Import PSD as &Layers…"), w.files.import_psd),
            Separator(),
            ActionSpec("file.quit", _tr("&Quit"), w.close, SK.Quit),
        )),
        (_tr("&Edit"), (
            ActionSpec("edit.undo", _tr("&Undo"), w.undo, SK.Undo, can_undo, label=_undo_label),
            ActionSpec("edit.redo", _tr("&Redo"), w.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), can_redo, label=_redo_label),
            Separator(),
            ActionSpec("edit.preferences", _tr("&Preferences…"), w.show_preferences, SK.Preferences),
        )),
        (_tr("&Image"), (
            ActionSpec("image.crop", _tr("&Crop to Selection"), op(doc_ops.crop_to_selection), when=has_selection),
            ActionSpec("image.canvas_size", _tr("Canvas &Size…"), w.resize_canvas, when=doc),
            ActionSpec("image.scale", _tr("Sc&ale Image…"), w.scale_image, when=doc),
            Separator(),
            ActionSpec("image.rotate_cw", _tr("Rotate 90° &Clockwise"), op(doc_ops.rotate, 90), when=doc),
            ActionSpec("image.rotate_ccw", _tr("Rotate 90° C&ounter-clockwise"), op(doc_ops.rotate, 270), when=doc),
            ActionSpec("image.rotate_180", _tr("Rotate &180°"), op(doc_ops.rotate, 180), when=doc),
            ActionSpec("image.flip_h", _tr("Flip &Horizontally"), op(doc_ops.flip, True), when=doc),
            ActionSpec("image.flip_v", _tr("Flip &Vertically"), op(doc_ops.flip, False), when=doc),
            Separator(),
            Slot("image"),
        )),
        (_tr("&Layer"), (
            ActionSpec("layer.new", _tr("&New Layer"), op(doc_ops.add_layer), "Ctrl+Shift+N", doc),
            ActionSpec("layer.duplicate", _tr("&Duplicate Layer"), op(doc_ops.duplicate_layer), "Ctrl+J", doc),
            ActionSpec("layer.delete", _tr("De&lete Layer"), op(doc_ops.delete_layer), when=doc),
            ActionSpec("layer.merge_down", _tr("&Merge Down"), op(doc_ops.merge_down), "Ctrl+Shift+E",
                       can_merge_down),
            Separator(),
            ActionSpec("layer.up", _tr("Move &Up"), op(doc_ops.move_layer, +1), "Ctrl+]", doc),
            ActionSpec("layer.down", _tr("Move D&own"), op(doc_ops.move_layer, -1), "Ctrl+[", doc),
            Separator(),
            ActionSpec("layer.mask_from_selection", _tr("New Mask from &Selection"), op(doc_ops.mask_from_selection),
                       when=has_selection),
            ActionSpec("layer.delete_mask", _tr("Delete &Mask"), op(doc_ops.delete_mask), when=has_mask),
            ActionSpec("layer.mask_morphology", _tr("Mask Mo&rphology…"),
                       part("widgets.mask_morphology_dialog", "show_mask_morphology_dialog", w), when=has_mask),
            Separator(),
            Slot("layer"),
        )),
        (_tr("&Select"), (
            ActionSpec("select.all", _tr("&All"), op(doc_ops.select_all), SK.SelectAll, doc),
            ActionSpec("select.none", _tr("&None"), op(doc_ops.select_none), SELECT_NONE_KEY, doc),
            ActionSpec("select.invert", _tr("&Invert"), op(doc_ops.invert_selection), INVERT_SELECTION_KEY, doc),
            Separator(),
            Slot("select"),
        )),
        (_tr("Fil&ter"), (
            ActionSpec("filter.remove_object", _tr("&Remove Object"),
                       part("widgets.remove_object", "remove_object", w), ("Return", "Enter"), has_mask),
            Separator(),
            Slot("filter"),
        )),
        (_tr("F&ace"), (
            Slot("face"),
            Submenu("face.region", _tr("Select &Region"), tuple(
                ActionSpec(f"face.region.{key}", region_text(key),
                           part("widgets.face_dialogs", "select_face_region", w, key), when=doc)
                for key in REGION_LABELS)),
            ActionSpec("face.align", _tr("&Align and Crop…"),
                       part("widgets.face_dialogs", "show_align_crop_dialog", w), when=doc),
        )),
        (_tr("&Models"), (
            ActionSpec("models.manager", _tr("&Model Manager…"),
                       part("widgets.model_manager", "show_model_manager", w)),
        )),
        (_tr("&View"), (
            ActionSpec("view.zoom_in", _tr("Zoom &In"), w.canvas.zoom_in, ("Ctrl++", "Ctrl+=", "+", "=")),
            ActionSpec("view.zoom_out", _tr("Zoom &Out"), w.canvas.zoom_out, ("Ctrl+-", "-")),
            ActionSpec("view.fit", _tr("&Fit to Window"), w.canvas.fit_to_view, "Ctrl+0"),
            ActionSpec("view.actual", _tr("&Actual Pixels (100%)"), w.canvas.actual_pixels, "Ctrl+1"),
            Separator(),
            ActionSpec("view.mask_overlay", _tr("Show &Mask Overlay"), None, "Q", checkable=True,
                       checked=w.canvas.mask_overlay_visible),
            ActionSpec("view.pixel_grid", _tr("Pixel &Grid (at 800% and closer)"), None, checkable=True,
                       checked=w.canvas.pixel_grid),
            Separator(),
            Submenu("view.theme", _tr("&Theme"), tuple(
                ActionSpec(f"view.theme.{key}", label, lambda k=key: w.set_theme(k), checkable=True,
                           checked=w.settings.theme == key)
                for key, label in (("dark", _tr("&Dark")), ("light", _tr("&Light")))), exclusive=True),
            Submenu("view.language", _tr("&Language"), tuple(
                ActionSpec(f"view.language.{code}", name, lambda c=code: w.set_language(c), checkable=True,
                           checked=code == resolve_language(w.settings.language))
                for code, name in LANGUAGE_NAMES.items()), exclusive=True),
            Separator(),
            Submenu("view.panels", _tr("&Panels"), (Slot("panels"),)),
        )),
        (_tr("&Help"), (
            ActionSpec("help.about", _tr("&About Kintsugi"), w.show_about),
        )),
    )
