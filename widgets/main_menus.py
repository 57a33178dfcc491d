"""The main window's menus as one table: every entry's key, text, slot, shortcut and enabled-when.

Engines add their entries at the ``Slot`` of the menu their class names (widgets/engine_menu.py). Texts
are translated when the table is made, which the window does again on a language change.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtGui import QKeySequence

from app import layer_masks
from app.document import Document
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
    can_add_layer_mask,
    can_add_layer_mask_from_selection,
    can_merge_down,
    can_redo,
    can_undo,
    editable,
    has_file,
    has_layer,
    has_layer_mask,
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
FEATHER_KEY = "Shift+F6"  # Photoshop's Select ▸ Modify ▸ Feather

_tr = translator("MainWindow")


def _undo_label(state: EditorState) -> str:
    history = state.document.history if state.document is not None else None
    return _tr("&Undo {0}").format(shown(history.undo_name)) if history and history.can_undo else _tr("&Undo")


def _redo_label(state: EditorState) -> str:
    history = state.document.history if state.document is not None else None
    return _tr("&Redo {0}").format(shown(history.redo_name)) if history and history.can_redo else _tr("&Redo")


def _toggle_mask_editing(doc: Document) -> None:
    layer_masks.edit_layer_mask(doc, not doc.editing_layer_mask)


def _edit_mask_label(state: EditorState) -> str:
    doc = state.document
    return _tr("&Edit Layer Pixels") if doc is not None and doc.editing_layer_mask else _tr("&Edit Layer Mask")


def _toggle_mask_enabled(doc: Document) -> None:
    layer = doc.active_layer
    if layer is not None and layer.mask is not None:
        layer_masks.set_layer_mask_enabled(doc, not layer.mask_enabled)


def _enable_mask_label(state: EditorState) -> str:
    layer = state.document.active_layer if state.document is not None else None
    off = layer is not None and layer.mask is not None and not layer.mask_enabled
    return _tr("&Enable Layer Mask") if off else _tr("&Disable Layer Mask")


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
            ActionSpec("file.close", _tr("&Close"), w.files.close, "Ctrl+W", doc),
            Separator(),
            ActionSpec("file.save", _tr("&Save"), w.files.save, SK.Save, doc),
            ActionSpec("file.save_as", _tr("Save &As (.ora)…"), w.files.save_as, SK.SaveAs, doc),
            ActionSpec("file.save_copy", _tr("Save a Cop&y…"), w.files.save_copy, "Ctrl+Alt+S", doc),
            ActionSpec("file.export", _tr("&Export…"), w.files.export, "Ctrl+E", doc),
            ActionSpec("file.revert", _tr("Re&vert"), w.files.revert, when=has_file),
            Separator(),
            ActionSpec("file.place", _tr("&Place…"), w.files.place, when=doc),
            ActionSpec("file.import_psd", _tr("Import PSD as &Layers…"), w.files.import_psd),
            Separator(),
            ActionSpec("file.quit", _tr("&Quit"), w.close, SK.Quit),
        )),
        (_tr("&Edit"), (
            ActionSpec("edit.undo", _tr("&Undo"), w.undo, SK.Undo, can_undo, label=_undo_label),
            ActionSpec("edit.redo", _tr("&Redo"), w.redo, ("Ctrl+Shift+Z", "Ctrl+Y"), can_redo, label=_redo_label),
            Separator(),
            ActionSpec("edit.cut", _tr("Cu&t"), part("widgets.clipboard", "cut", w), SK.Cut, has_selection),
            ActionSpec("edit.copy", _tr("&Copy"), part("widgets.clipboard", "copy", w), SK.Copy, has_layer),
            ActionSpec("edit.copy_merged", _tr("Copy &Merged"), part("widgets.clipboard", "copy", w, True),
                       "Ctrl+Shift+C", doc),
            ActionSpec("edit.paste", _tr("&Paste"), part("widgets.clipboard", "paste", w), SK.Paste, doc),
            ActionSpec("edit.paste_in_place", _tr("Paste &in Place"), part("widgets.clipboard", "paste", w, True),
                       "Ctrl+Shift+V", doc),
            Separator(),
            ActionSpec("edit.preferences", _tr("&Preferences…"), w.show_preferences, SK.Preferences),
        )),
        (_tr("&Image"), (
            ActionSpec("image.crop", _tr("&Crop to Selection"), op(doc_ops.crop_to_selection), when=has_selection),
            ActionSpec("image.trim", _tr("&Trim…"), part("widgets.trim_dialog", "show_trim_dialog", w), when=doc),
            ActionSpec("image.canvas_size", _tr("Canvas &Size…"),
                       part("widgets.size_dialog", "show_canvas_size_dialog", w), "Ctrl+Alt+C", doc),
            ActionSpec("image.scale", _tr("Sc&ale Image…"), part("widgets.size_dialog", "show_scale_dialog", w),
                       "Ctrl+Alt+I", doc),
            Separator(),
            Submenu("image.rotate", _tr("&Rotate"), (
                ActionSpec("image.rotate_cw", _tr("Rotate 90° &Clockwise"), op(doc_ops.rotate, 90), when=doc),
                ActionSpec("image.rotate_ccw", _tr("Rotate 90° C&ounter-clockwise"), op(doc_ops.rotate, 270),
                           when=doc),
                ActionSpec("image.rotate_180", _tr("Rotate &180°"), op(doc_ops.rotate, 180), when=doc),
                Separator(),
                ActionSpec("image.free_rotate", _tr("&Free Rotate…"),
                           part("widgets.rotate_dialog", "show_free_rotate_dialog", w), when=doc),
                ActionSpec("image.straighten", _tr("&Straighten (draw a line)"),
                           lambda: w.tools.set_tool("straighten"), when=doc),
            )),
            ActionSpec("image.perspective", _tr("&Perspective Correction (drag the corners)"),
                       lambda: w.tools.set_tool("perspective"), when=doc),
            ActionSpec("image.flip_h", _tr("Flip &Horizontally"), op(doc_ops.flip, True), when=doc),
            ActionSpec("image.flip_v", _tr("Flip &Vertically"), op(doc_ops.flip, False), when=doc),
            Separator(),
            Slot("image"),
        )),
        (_tr("&Layer"), (
            ActionSpec("layer.new", _tr("&New Layer"), op(doc_ops.add_layer), "Ctrl+Shift+N", doc),
            ActionSpec("layer.duplicate", _tr("&Duplicate Layer"), op(doc_ops.duplicate_layer), "Ctrl+J", doc),
            ActionSpec("layer.from_selection", _tr("New Layer from Se&lection"), op(doc_ops.layer_from_selection),
                       when=has_selection),
            ActionSpec("layer.delete", _tr("De&lete Layer"), op(doc_ops.delete_layer), when=doc),
            ActionSpec("layer.properties", _tr("Layer &Properties…"),
                       part("widgets.layer_properties", "show_layer_properties", w), when=has_layer),
            ActionSpec("layer.merge_down", _tr("&Merge Down"), op(doc_ops.merge_down), "Ctrl+Shift+E",
                       can_merge_down),
            ActionSpec("layer.merge_visible", _tr("Merge &Visible"), op(doc_ops.merge_visible), when=doc),
            ActionSpec("layer.flatten", _tr("&Flatten Image"), op(doc_ops.flatten), when=has_layer),
            Separator(),
            ActionSpec("layer.up", _tr("Move &Up"), op(doc_ops.move_layer, +1), "Ctrl+]", doc),
            ActionSpec("layer.down", _tr("Move D&own"), op(doc_ops.move_layer, -1), "Ctrl+[", doc),
            Separator(),
            ActionSpec("layer.mask_from_selection", _tr("New Mask from &Selection"), op(doc_ops.mask_from_selection),
                       when=has_selection),
            ActionSpec("layer.delete_mask", _tr("Delete &Mask"), op(doc_ops.delete_mask), when=has_mask),
            ActionSpec("layer.mask_morphology", _tr("Mask Mo&rphology…"),
                       part("widgets.mask_morphology_dialog", "show_mask_morphology_dialog", w), when=has_mask),
            Submenu("layer.mask", _tr("Mas&k"), (
                ActionSpec("layer.mask.clear", _tr("&Clear Mask"), op(doc_ops.clear_mask), when=has_mask),
                ActionSpec("layer.mask.fill", _tr("&Fill Mask"), op(doc_ops.fill_mask), when=has_mask),
                ActionSpec("layer.mask.invert", _tr("&Invert Mask"), op(doc_ops.invert_mask), when=has_mask),
                Separator(),
                ActionSpec("layer.mask.grow", _tr("&Grow Mask…"),
                           part("widgets.amount_dialog", "modify", w, "grow_mask"), when=has_mask),
                ActionSpec("layer.mask.shrink", _tr("&Shrink Mask…"),
                           part("widgets.amount_dialog", "modify", w, "shrink_mask"), when=has_mask),
                ActionSpec("layer.mask.feather", _tr("F&eather Mask…"),
                           part("widgets.amount_dialog", "modify", w, "feather_mask"), when=has_mask),
            )),
            Submenu("layer.layer_mask", _tr("La&yer Mask"), (
                ActionSpec("layer.layer_mask.reveal", _tr("&Reveal All"), op(layer_masks.add_layer_mask, "reveal"),
                           when=can_add_layer_mask),
                ActionSpec("layer.layer_mask.hide", _tr("&Hide All"), op(layer_masks.add_layer_mask, "hide"),
                           when=can_add_layer_mask),
                ActionSpec("layer.layer_mask.selection", _tr("From &Selection"),
                           op(layer_masks.add_layer_mask, "selection"), when=can_add_layer_mask_from_selection),
                Separator(),
                ActionSpec("layer.layer_mask.edit", _tr("&Edit Layer Mask"), lambda: w.doc_op(_toggle_mask_editing),
                           "Ctrl+\\", has_layer_mask, label=_edit_mask_label),
                ActionSpec("layer.layer_mask.enable", _tr("&Disable Layer Mask"),
                           lambda: w.doc_op(_toggle_mask_enabled), when=has_layer_mask, label=_enable_mask_label),
                ActionSpec("layer.layer_mask.invert", _tr("&Invert Layer Mask"), op(layer_masks.invert_layer_mask),
                           when=has_layer_mask),
                ActionSpec("layer.layer_mask.apply", _tr("&Apply Layer Mask"), op(layer_masks.apply_layer_mask),
                           when=has_layer_mask),
                ActionSpec("layer.layer_mask.delete", _tr("De&lete Layer Mask"), op(layer_masks.delete_layer_mask),
                           when=has_layer_mask),
            )),
            Separator(),
            ActionSpec("layer.remove_background", _tr("Remove &Background"),
                       part("widgets.segment_actions", "remove_background", w), when=has_layer),
            ActionSpec("layer.replace_background", _tr("Repla&ce Background…"),
                       part("widgets.segment_actions", "show_replace_background_dialog", w), when=has_layer),
            Separator(),
            Slot("layer"),
        )),
        (_tr("&Select"), (
            ActionSpec("select.all", _tr("&All"), op(doc_ops.select_all), SK.SelectAll, doc),
            ActionSpec("select.none", _tr("&None"), op(doc_ops.select_none), SELECT_NONE_KEY, doc),
            ActionSpec("select.invert", _tr("&Invert"), op(doc_ops.invert_selection), INVERT_SELECTION_KEY, doc),
            Separator(),
            Submenu("select.modify", _tr("&Modify"), (
                ActionSpec("select.grow", _tr("&Grow…"), part("widgets.amount_dialog", "modify", w, "grow_selection"),
                           when=has_selection),
                ActionSpec("select.shrink", _tr("&Shrink…"),
                           part("widgets.amount_dialog", "modify", w, "shrink_selection"), when=has_selection),
                ActionSpec("select.feather", _tr("&Feather…"),
                           part("widgets.amount_dialog", "modify", w, "feather_selection"), FEATHER_KEY,
                           has_selection),
                ActionSpec("select.border", _tr("&Border…"),
                           part("widgets.amount_dialog", "modify", w, "border_selection"), when=has_selection),
            )),
            ActionSpec("select.from_mask", _tr("Load Selection from &Mask"), op(doc_ops.selection_from_mask),
                       when=has_mask),
            Separator(),
            ActionSpec("select.subject", _tr("&Subject"), part("widgets.segment_actions", "select_subject", w),
                       "Ctrl+Alt+A", has_layer),
            ActionSpec("select.refine_edge", _tr("Refine &Edge…"),
                       part("widgets.refine_edge_dialog", "show_refine_edge_dialog", w), when=has_selection),
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
            ActionSpec("view.before_after", _tr("&Before/After"), None, "Ctrl+Alt+B", checkable=True,
                       checked=w.before_after_shown()),
            ActionSpec("view.full_screen", _tr("F&ull Screen"), None, "F11", checkable=True,
                       checked=w.isFullScreen()),
            Separator(),
            ActionSpec("view.next_document", _tr("&Next Document"), w.next_document, "Ctrl+Tab"),
            ActionSpec("view.previous_document", _tr("P&revious Document"), lambda: w.next_document(-1),
                       "Ctrl+Shift+Tab"),
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
            ActionSpec("help.shortcuts", _tr("&Keyboard Shortcuts"),
                       part("widgets.shortcuts_dialog", "show_shortcuts", w), "F1"),
            Separator(),
            ActionSpec("help.about", _tr("&About Kintsugi"), w.show_about),
        )),
    )
