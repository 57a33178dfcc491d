"""The layers panel: the layer stack (top first) with thumbnails, visibility, lock, opacity and blend
mode, each layer's layer mask (click: paint the mask; Shift-click: disable it; click the layer: paint its
pixels), the layer buttons, and the document's masks with their own thumbnails.

Every change goes through ``widgets.doc_ops`` (undoable history commands); the panel only mirrors the
document and rebuilds itself from the bridge's notifications.
"""
from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QObject,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSlider,
    QSpinBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import layer_masks
from app.document import BlendMode, Document
from widgets import doc_ops
from widgets.doc_bridge import DocBridge
from widgets.theme import themed_icon

THUMB = 40
UID_ROLE = Qt.ItemDataRole.UserRole
COL_EYE, COL_LOCK, COL_NAME, COL_MASK = 0, 1, 2, 3


# Marked for lupdate; translated when shown.
_BLEND_NAMES = {
    BlendMode.NORMAL: QT_TRANSLATE_NOOP("BlendMode", "Normal"),
    BlendMode.MULTIPLY: QT_TRANSLATE_NOOP("BlendMode", "Multiply"),
    BlendMode.SCREEN: QT_TRANSLATE_NOOP("BlendMode", "Screen"),
    BlendMode.OVERLAY: QT_TRANSLATE_NOOP("BlendMode", "Overlay"),
    BlendMode.DARKEN: QT_TRANSLATE_NOOP("BlendMode", "Darken"),
    BlendMode.LIGHTEN: QT_TRANSLATE_NOOP("BlendMode", "Lighten"),
    BlendMode.COLOR_DODGE: QT_TRANSLATE_NOOP("BlendMode", "Color Dodge"),
    BlendMode.COLOR_BURN: QT_TRANSLATE_NOOP("BlendMode", "Color Burn"),
    BlendMode.HARD_LIGHT: QT_TRANSLATE_NOOP("BlendMode", "Hard Light"),
    BlendMode.SOFT_LIGHT: QT_TRANSLATE_NOOP("BlendMode", "Soft Light"),
    BlendMode.DIFFERENCE: QT_TRANSLATE_NOOP("BlendMode", "Difference"),
    BlendMode.EXCLUSION: QT_TRANSLATE_NOOP("BlendMode", "Exclusion"),
}


def blend_mode_label(mode: BlendMode) -> str:
    return QCoreApplication.translate("BlendMode", _BLEND_NAMES[BlendMode(mode)])


def _checker(size: QSize) -> QPixmap:
    pix = QPixmap(size)
    pix.fill(QColor(220, 220, 220))
    p = QPainter(pix)
    step = 5
    for y in range(0, size.height(), step):
        for x in range((y // step) % 2 * step, size.width(), 2 * step):
            p.fillRect(x, y, step, step, QColor(170, 170, 170))
    p.end()
    return pix


def thumbnail(pixels: np.ndarray, size: int = THUMB) -> QIcon:
    """A square icon of an RGBA (h, w, 4) or grey (h, w) array, letterboxed over a checkerboard."""
    h, w = pixels.shape[:2]
    scale = size / max(h, w)
    tw, th = max(1, round(w * scale)), max(1, round(h * scale))
    small = np.ascontiguousarray(cv2.resize(pixels, (tw, th), interpolation=cv2.INTER_AREA))
    if small.ndim == 2:
        image = QImage(small.data, tw, th, tw, QImage.Format.Format_Grayscale8)
    else:
        image = QImage(small.data, tw, th, tw * 4, QImage.Format.Format_RGBA8888)
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    target = QRect((size - tw) // 2, (size - th) // 2, tw, th)
    p.drawPixmap(target, _checker(target.size()))
    p.drawImage(target, image)
    p.setPen(QColor(0, 0, 0, 90))
    p.drawRect(target.adjusted(0, 0, -1, -1))
    p.end()
    return QIcon(pix)


def mask_thumbnail(mask: np.ndarray, enabled: bool, editing: bool, highlight: QColor) -> QIcon:
    """A layer mask's icon: its grey thumbnail, crossed out in red when disabled, framed when the painting
    tools edit it."""
    pix = thumbnail(mask).pixmap(THUMB, THUMB)
    p = QPainter(pix)
    if not enabled:
        p.setPen(QPen(QColor(220, 30, 30), 3))
        p.drawLine(4, 4, THUMB - 5, THUMB - 5)
        p.drawLine(4, THUMB - 5, THUMB - 5, 4)
    if editing:
        p.setPen(QPen(highlight, 3))
        p.drawRect(1, 1, THUMB - 3, THUMB - 3)
    p.end()
    return QIcon(pix)


def _column_icon(name: str) -> QIcon:
    """A small themed glyph centred in a thumbnail-sized icon (the tree has one icon size for all columns)."""
    glyph = themed_icon(name).pixmap(QSize(20, 20))
    pix = QPixmap(24, THUMB)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.drawPixmap((24 - glyph.width()) // 2, (THUMB - glyph.height()) // 2, glyph)
    p.end()
    return QIcon(pix)


def _tool_button(parent: QWidget, icon: str, slot) -> QToolButton:
    button = QToolButton(parent)
    button.setProperty("themed_icon", icon)
    button.setIcon(themed_icon(icon))
    button.setIconSize(QSize(18, 18))
    button.setAutoRaise(True)
    button.clicked.connect(slot)
    return button


class LayersPanel(QWidget):
    errorRaised = Signal(str)  # a user-facing message (e.g. "The layer is locked.")
    propertiesRequested = Signal(int)  # a layer's uid: its thumbnail was double-clicked
    contextMenuRequested = Signal(QPoint)  # global position; the layer under it is the active one now

    def __init__(self, bridge: DocBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layersPanel")
        self._bridge = bridge
        self._updating = False
        self._thumbs: dict[int, QIcon] = {}
        self._stale_thumbs: set[int] | None = set()  # None: all stale
        self._thumb_timer = QTimer(self)
        self._thumb_timer.setSingleShot(True)
        self._thumb_timer.setInterval(250)  # while painting, thumbnails follow at a relaxed pace
        self._thumb_timer.timeout.connect(self._refresh_thumbnails)
        self._build()
        bridge.documentReplaced.connect(lambda _d: self._reset())
        bridge.layersChanged.connect(self.refresh)
        bridge.masksChanged.connect(self._on_masks_changed)
        bridge.canvasChanged.connect(self._reset)
        bridge.pixelsChanged.connect(self._on_pixels_changed)
        self._reset()

    # -- construction -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.opacity_label = QLabel(self)
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(0, 100)
        self.opacity_box = QSpinBox(self)
        self.opacity_box.setRange(0, 100)
        self.opacity_box.setSuffix(" %")
        self.opacity.valueChanged.connect(self.opacity_box.setValue)
        self.opacity_box.valueChanged.connect(self.opacity.setValue)
        self.opacity.valueChanged.connect(self._opacity_edited)
        self.blend_label = QLabel(self)
        self.blend = QComboBox(self)
        for mode in BlendMode:
            self.blend.addItem(blend_mode_label(mode), mode.value)
        self.blend.currentIndexChanged.connect(self._blend_edited)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIconSize(QSize(THUMB, THUMB))
        self.tree.setIndentation(0)
        self.tree.setMinimumHeight(3 * (THUMB + 10))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_EYE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_LOCK, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_MASK, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemClicked.connect(self._item_clicked)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.viewport().installEventFilter(self)

        self.mask_label = QLabel(self)
        self.masks = QTreeWidget(self)
        self.masks.setColumnCount(1)
        self.masks.setHeaderHidden(True)
        self.masks.setRootIsDecorated(False)
        self.masks.setIconSize(QSize(THUMB, THUMB))
        self.masks.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.masks.setFixedHeight(2 * (THUMB + 10) + 6)  # the layer list gets the rest of the height
        self.masks.currentItemChanged.connect(self._mask_current_changed)

        self.add_button = _tool_button(self, "layer-add", lambda: self._run(doc_ops.add_layer))
        self.duplicate_button = _tool_button(self, "layer-duplicate", lambda: self._run(doc_ops.duplicate_layer))
        self.delete_button = _tool_button(self, "layer-delete", lambda: self._run(doc_ops.delete_layer))
        self.merge_button = _tool_button(self, "layer-merge", lambda: self._run(doc_ops.merge_down))
        self.up_button = _tool_button(self, "arrow-up", lambda: self._run(doc_ops.move_layer, +1))
        self.down_button = _tool_button(self, "arrow-down", lambda: self._run(doc_ops.move_layer, -1))
        self.delete_mask_button = _tool_button(self, "layer-delete", lambda: self._run(doc_ops.delete_mask))

        top = QHBoxLayout()
        top.addWidget(self.blend_label)
        top.addWidget(self.blend, 1)
        row = QHBoxLayout()
        row.addWidget(self.opacity_label)
        row.addWidget(self.opacity, 1)
        row.addWidget(self.opacity_box)
        buttons = QHBoxLayout()
        for b in (self.add_button, self.duplicate_button, self.delete_button, self.merge_button,
                  self.up_button, self.down_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        mask_head = QHBoxLayout()
        mask_head.addWidget(self.mask_label, 1)
        mask_head.addWidget(self.delete_mask_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addLayout(mask_head)
        layout.addWidget(self.masks)
        self.retranslate()

    def retranslate(self) -> None:
        self.opacity_label.setText(self.tr("Opacity"))
        self.blend_label.setText(self.tr("Blend"))
        self.mask_label.setText(self.tr("Masks"))
        self.add_button.setToolTip(self.tr("New layer"))
        self.duplicate_button.setToolTip(self.tr("Duplicate layer"))
        self.delete_button.setToolTip(self.tr("Delete layer"))
        self.merge_button.setToolTip(self.tr("Merge down"))
        self.up_button.setToolTip(self.tr("Move layer up"))
        self.down_button.setToolTip(self.tr("Move layer down"))
        self.delete_mask_button.setToolTip(self.tr("Delete mask"))
        for i, mode in enumerate(BlendMode):
            self.blend.setItemText(i, blend_mode_label(mode))
        self.refresh()

    # -- mirroring the document ---------------------------------------------------------------------
    @property
    def document(self) -> Document | None:
        return self._bridge.document

    def _reset(self) -> None:
        self._thumbs.clear()
        self._stale_thumbs = None
        self.refresh()

    def refresh(self) -> None:
        """Rebuild both lists from the document (cheap: thumbnails are cached)."""
        doc = self.document
        self._updating = True
        try:
            self._fill_layers(doc)
            self._fill_masks(doc)
            self._sync_controls()
        finally:
            self._updating = False
        if self._stale_thumbs is None or self._stale_thumbs:
            self._refresh_thumbnails()

    def _fill_layers(self, doc: Document | None) -> None:
        self.tree.clear()
        if doc is None:
            return
        current = None
        for index in range(len(doc.layers) - 1, -1, -1):  # top of the stack first
            layer = doc.layers[index]
            item = QTreeWidgetItem(self.tree)
            item.setData(COL_NAME, UID_ROLE, layer.uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setIcon(COL_EYE, _column_icon("eye" if layer.visible else "eye-off"))
            item.setIcon(COL_LOCK, _column_icon("lock" if layer.locked else "unlock"))
            item.setToolTip(COL_EYE, self.tr("Show or hide the layer"))
            item.setToolTip(COL_LOCK, self.tr("Lock or unlock the layer"))
            item.setText(COL_NAME, layer.name)
            item.setIcon(COL_NAME, self._thumbs.get(layer.uid, QIcon()))
            if layer.mask is not None:
                item.setIcon(COL_MASK, self._mask_icon(doc, index))
                item.setToolTip(COL_MASK, self.tr("Layer mask: click to paint it (black hides, white shows), "
                                                  "Shift-click to disable or enable it"))
            if index == doc.active_layer_index:
                current = item
        if current is not None:
            self.tree.setCurrentItem(current)

    def _fill_masks(self, doc: Document | None) -> None:
        self.masks.clear()
        if doc is None:
            return
        for index, mask in enumerate(doc.masks):
            item = QTreeWidgetItem(self.masks)
            item.setData(0, UID_ROLE, mask.uid)
            item.setText(0, mask.name)
            item.setIcon(0, self._thumbs.get(mask.uid, QIcon()))
            if index == doc.active_mask_index:
                self.masks.setCurrentItem(item)

    def _sync_controls(self) -> None:
        doc = self.document
        layer = doc.active_layer if doc is not None else None
        has_layer = layer is not None
        for w in (self.opacity, self.opacity_box, self.blend, self.duplicate_button, self.delete_button,
                  self.up_button, self.down_button):
            w.setEnabled(has_layer)
        self.add_button.setEnabled(doc is not None)
        self.merge_button.setEnabled(has_layer and doc.active_layer_index > 0)
        self.delete_mask_button.setEnabled(doc is not None and doc.active_mask is not None)
        if layer is not None:
            self.opacity.setValue(round(layer.opacity * 100))
            self.blend.setCurrentIndex(max(0, self.blend.findData(BlendMode(layer.blend_mode).value)))

    # -- thumbnails ---------------------------------------------------------------------------------
    def _mask_icon(self, doc: Document, index: int) -> QIcon:
        layer = doc.layers[index]
        assert layer.mask is not None
        editing = doc.editing_layer_mask and index == doc.active_layer_index
        return mask_thumbnail(layer.mask, layer.mask_enabled, editing, self.palette().highlight().color())

    def _on_pixels_changed(self, rect: QRect) -> None:
        doc = self.document
        if doc is None or rect.isEmpty():
            return
        if self._stale_thumbs is not None:
            for layer in doc.layers:
                x, y = layer.offset
                if QRect(x, y, layer.width, layer.height).intersects(rect):
                    self._stale_thumbs.add(layer.uid)
        self._thumb_timer.start()

    def _on_masks_changed(self, rect: QRect) -> None:
        doc = self.document
        if doc is not None and self._stale_thumbs is not None:
            self._stale_thumbs.update(m.uid for m in doc.masks)
        structural = doc is None or rect.isEmpty() or rect == QRect(0, 0, doc.width, doc.height)
        if not structural:
            # A mask-brush dab: only thumbnails went stale; they follow on the relaxed timer, so painting
            # a mask does not rebuild the lists on every dab.
            self._thumb_timer.start()
            return
        self.refresh()

    def _refresh_thumbnails(self) -> None:
        doc = self.document
        if doc is None:
            return
        stale = self._stale_thumbs
        for layer in doc.layers:
            if stale is None or layer.uid in stale or layer.uid not in self._thumbs:
                self._thumbs[layer.uid] = thumbnail(layer.pixels)
        for mask in doc.masks:
            if stale is None or mask.uid in stale or mask.uid not in self._thumbs:
                self._thumbs[mask.uid] = thumbnail(mask.data)
        self._stale_thumbs = set()
        for i in range(self.tree.topLevelItemCount()):  # layer masks painted since the last refresh
            item = self.tree.topLevelItem(i)
            uid = item.data(COL_NAME, UID_ROLE)
            index = doc.index_of(uid)
            if doc.layers[index].mask is not None and (stale is None or uid in stale):
                self.tree.blockSignals(True)
                item.setIcon(COL_MASK, self._mask_icon(doc, index))
                self.tree.blockSignals(False)
        for tree, column in ((self.tree, COL_NAME), (self.masks, 0)):
            for i in range(tree.topLevelItemCount()):
                item = tree.topLevelItem(i)
                icon = self._thumbs.get(item.data(column, UID_ROLE))
                if icon is not None:
                    tree.blockSignals(True)
                    item.setIcon(column, icon)
                    tree.blockSignals(False)

    # -- user edits -> document operations ----------------------------------------------------------
    def _run(self, op, *args) -> bool:
        doc = self.document
        if doc is None:
            return False
        try:
            op(doc, *args)
        except doc_ops.USER_ERRORS as exc:
            self.errorRaised.emit(str(exc))
            self.refresh()  # put the controls back to what the document says
            return False
        return True

    def _uid_of(self, item: QTreeWidgetItem | None, column: int = COL_NAME) -> int | None:
        return None if item is None else item.data(column, UID_ROLE)

    def _item_clicked(self, item: QTreeWidgetItem, column: int) -> None:
        """A click on the eye or the lock toggles it (one undoable step each)."""
        doc = self.document
        uid = self._uid_of(item)
        if doc is None or uid is None:
            return
        layer = doc.layer_by_uid(uid)
        if column == COL_EYE:
            self._run(doc_ops.set_layer_visible, uid, not layer.visible)
        elif column == COL_LOCK:
            self._run(doc_ops.set_layer_locked, uid, not layer.locked)
        elif column == COL_MASK and layer.mask is not None:
            if QGuiApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._run(layer_masks.set_layer_mask_enabled, not layer.mask_enabled, layer)
            else:
                layer_masks.edit_layer_mask(doc, True)
        elif column == COL_NAME:
            layer_masks.edit_layer_mask(doc, False)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        """The name was edited in place (double-click)."""
        doc = self.document
        uid = self._uid_of(item)
        if self._updating or doc is None or uid is None or column != COL_NAME:
            return
        name = item.text(COL_NAME).strip()
        if name and name != doc.layer_by_uid(uid).name:
            self._run(doc_ops.rename_layer, uid, name)
        elif not name:
            QTimer.singleShot(0, self, self.refresh)  # not while the editor is still closing

    def _current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        doc = self.document
        uid = self._uid_of(current)
        if self._updating or doc is None or uid is None:
            return
        index = doc.index_of(uid)
        if index != doc.active_layer_index:
            doc.set_active_layer(index)

    def _opacity_edited(self, value: int) -> None:
        doc = self.document
        if self._updating or doc is None or doc.active_layer is None:
            return
        if round(doc.active_layer.opacity * 100) != value:
            self._run(doc_ops.set_layer_opacity, doc.active_layer.uid, value / 100.0)

    def _blend_edited(self, _index: int) -> None:
        doc = self.document
        if self._updating or doc is None or doc.active_layer is None:
            return
        mode = BlendMode(self.blend.currentData())
        if mode != doc.active_layer.blend_mode:
            self._run(doc_ops.set_layer_blend_mode, doc.active_layer.uid, mode)

    def _context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)  # the menu's actions work on the layer under the pointer
        self.contextMenuRequested.emit(self.tree.viewport().mapToGlobal(pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """A double-click on a layer's thumbnail asks for its properties; on the name it renames."""
        if event.type() == QEvent.Type.MouseButtonDblClick and watched is self.tree.viewport():
            pos = event.position().toPoint()
            item = self.tree.itemAt(pos)
            if item is not None and self.tree.columnAt(pos.x()) == COL_NAME:
                left = self.tree.visualItemRect(item).left() + self.tree.header().sectionPosition(COL_NAME)
                if pos.x() < left + THUMB + 8:  # the thumbnail and its margin
                    self.propertiesRequested.emit(self._uid_of(item))
                    return True
        return super().eventFilter(watched, event)

    def _mask_current_changed(self, current: QTreeWidgetItem | None, _previous) -> None:
        doc = self.document
        uid = self._uid_of(current, 0)
        if self._updating or doc is None or uid is None:
            return
        self._run(doc_ops.set_active_mask, uid)

    def apply_theme(self) -> None:
        """Redraw the icons in the current theme's colours."""
        for button in self.findChildren(QToolButton):
            name = button.property("themed_icon")
            if name:
                button.setIcon(themed_icon(name))
        self.refresh()

    def changeEvent(self, event) -> None:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
