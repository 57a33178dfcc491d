"""Filters > Style transfer…: a gallery of the 26 built-in styles, "Choose a painting…" for any picture as
the style, strength, preserve colours and mask-only options, and a live preview on a downscaled copy.

Thumbnails are rendered once from resources/styles/sample.jpg and cached in <user cache>/styles; both
they and the preview are computed on worker threads. OK submits a job; its result becomes a new layer
above the source layer, so the layer's opacity and blend mode tune the effect.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.document import Document
from app.engine_results import add_result_layer
from app.texts import translator
from engines.base import EngineError, RunContext
from engines.params import ParamError, resolve_options
from engines.style import PRESETS_FILE, PRESETS_MODEL, StyleEngine
from engines.style_presets import NUM_PRESETS, PRESET_NAMES

log = logging.getLogger(__name__)

PREVIEW_SIDE = 384  # long side of the preview copy
THUMB_SIDE = 96


_tr = translator("StyleDialog")


def to_pixmap(rgb: np.ndarray) -> QPixmap:
    rgb = np.ascontiguousarray(rgb[:, :, :3])
    h, w = rgb.shape[:2]
    return QPixmap.fromImage(QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy())


def default_cache_dir() -> Path:
    from models.paths import cache_root

    return cache_root() / "styles"


def sample_image() -> np.ndarray:
    from PIL import Image

    from app.paths import resource_path

    with Image.open(resource_path("styles/sample.jpg")) as im:
        return np.asarray(im.convert("RGB"))


def _thumbnail_key() -> str:
    """Thumbnails depend on the network: name the cache files after the model file's pinned hash."""
    from models.catalog import get_entry

    return get_entry(PRESETS_MODEL).file(PRESETS_FILE).sha256[:12]


def thumbnail_path(cache_dir: Path, index: int) -> Path:
    return cache_dir / f"preset-{index:02d}-{_thumbnail_key()}.png"


def render_thumbnails(cache_dir: Path, emit: Any = None) -> list[Path]:
    """Render the presets missing from ``cache_dir`` (on the calling thread) and return all 26 paths.
    ``emit(index, path)`` is called per thumbnail as it becomes available."""
    from PIL import Image

    cache_dir.mkdir(parents=True, exist_ok=True)
    engine = StyleEngine()
    sample = None
    paths = []
    for index in range(NUM_PRESETS):
        path = thumbnail_path(cache_dir, index)
        if not path.is_file():
            if sample is None:
                sample = sample_image()
            options = resolve_options(engine.params, {"style": str(index)})
            image = engine.run(sample, options, RunContext()).image
            tmp = path.with_suffix(".tmp.png")
            Image.fromarray(image).resize((THUMB_SIDE, THUMB_SIDE), Image.LANCZOS).save(tmp)
            tmp.replace(path)  # never leave a half-written thumbnail under the final name
        paths.append(path)
        if emit is not None:
            emit(index, path)
    return paths


def downscale(image: np.ndarray, side: int = PREVIEW_SIDE) -> tuple[np.ndarray, float]:
    """(copy whose long side is at most ``side``, scale factor applied)."""
    h, w = image.shape[:2]
    factor = min(1.0, side / max(h, w))
    if factor >= 1.0:
        return image.copy(), 1.0
    size = (max(16, round(w * factor)), max(16, round(h * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


class _Signals(QObject):
    thumbnail = Signal(int, str)  # index, file
    thumbnails_failed = Signal(str)
    preview = Signal(int, object)  # generation, RGB uint8
    preview_failed = Signal(int, str)


class _ThumbnailTask(QRunnable):
    def __init__(self, cache_dir: Path, signals: _Signals) -> None:
        super().__init__()
        self.cache_dir, self.signals = cache_dir, signals

    def run(self) -> None:
        try:
            render_thumbnails(self.cache_dir, lambda i, p: self.signals.thumbnail.emit(i, str(p)))
        except EngineError as exc:  # a missing model: the message says how to fetch it
            self.signals.thumbnails_failed.emit(str(exc))
        except Exception as exc:  # thumbnails must never take the editor down
            log.exception("style thumbnails failed")
            self.signals.thumbnails_failed.emit(str(exc))


class _PreviewTask(QRunnable):
    def __init__(self, generation: int, image: np.ndarray, options: dict[str, Any], mask: np.ndarray | None,
                 signals: _Signals) -> None:
        super().__init__()
        self.generation, self.image, self.options, self.mask, self.signals = generation, image, options, mask, signals

    def run(self) -> None:
        try:
            result = StyleEngine().run(self.image, self.options, RunContext(), mask=self.mask)
            self.signals.preview.emit(self.generation, result.image)
        except EngineError as exc:
            self.signals.preview_failed.emit(self.generation, str(exc))
        except Exception as exc:
            log.exception("style preview failed")
            self.signals.preview_failed.emit(self.generation, _tr("The preview failed: {error}").format(error=exc))


def layer_mask(document: Document, layer_uid: int) -> np.ndarray | None:
    """The active mask cut to the layer's rectangle (zeros where the layer leaves the canvas)."""
    mask = document.active_mask
    if mask is None:
        return None
    layer = document.layer_by_uid(layer_uid)
    x, y = layer.offset
    out = np.zeros((layer.height, layer.width), np.uint8)
    x0, y0 = max(x, 0), max(y, 0)
    x1, y1 = min(x + layer.width, document.width), min(y + layer.height, document.height)
    if x1 > x0 and y1 > y0:
        out[y0 - y:y1 - y, x0 - x:x1 - x] = mask.data[y0:y1, x0:x1]
    return out


class StyleGallery(QListWidget):
    """Thumbnails in rows that reflow to the width: as many columns as fit, the spare width shared
    between them (no empty strip on the right)."""

    CELL = QSize(THUMB_SIDE + 20, THUMB_SIDE + 40)  # the smallest cell: thumbnail, margins, two text lines

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
        self.setWordWrap(True)
        self.setGridSize(self.CELL)

    def columns(self) -> int:
        return max(1, self.viewport().width() // self.CELL.width())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        width = self.viewport().width()
        grid = QSize(max(self.CELL.width(), width // self.columns()), self.CELL.height())
        if grid != self.gridSize():
            self.setGridSize(grid)


class StyleDialog(QDialog):
    preview_ready = Signal()  # the preview (or its error) is shown
    thumbnails_ready = Signal()  # all 26 gallery thumbnails are shown

    def __init__(self, document: Document, job_manager: Any = None, *, cache_dir: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Style transfer"))
        layer = document.active_layer
        if layer is None:
            raise ValueError("the document has no layer to stylise")
        self.document, self.job_manager = document, job_manager
        self.cache_dir = cache_dir or default_cache_dir()
        self.layer_uid = layer.uid
        self.source = layer.pixels  # RGBA uint8
        self.mask = layer_mask(document, layer.uid)
        self.style_image: str | None = None
        self.job = None
        self.preview_image: np.ndarray | None = None
        self._small, self._factor = downscale(self.source[:, :, :3])
        self._small_mask = None
        if self.mask is not None:
            size = (self._small.shape[1], self._small.shape[0])
            self._small_mask = cv2.resize(self.mask, size, interpolation=cv2.INTER_AREA)
        self._generation = 0
        self._thumbs_shown = 0
        self._signals = _Signals()  # no parent: a late worker may still emit after we close
        self._signals.thumbnail.connect(self._on_thumbnail)
        self._signals.thumbnails_failed.connect(self._on_thumbnails_failed)
        self._signals.preview.connect(self._on_preview)
        self._signals.preview_failed.connect(self._on_preview_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # thumbnails first, then previews, in order
        self._build()
        self._pool.start(_ThumbnailTask(self.cache_dir, self._signals))
        self.request_preview()

    # -- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.gallery = StyleGallery(self)
        self.gallery.setMinimumWidth(3 * StyleGallery.CELL.width() + 24)
        for index, name in enumerate(PRESET_NAMES):
            item = QListWidgetItem(QCoreApplication.translate("StylePresets", name))
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(self.tr("Style {n}: {name}").format(n=index, name=item.text()))
            item.setSizeHint(StyleGallery.CELL)
            self.gallery.addItem(item)
        self.gallery.setCurrentRow(0)
        self.gallery.currentRowChanged.connect(self._preset_chosen)

        self.painting_button = QPushButton(self.tr("Choose a painting…"), self)
        self.painting_button.clicked.connect(self._choose_painting)
        self.painting_label = QLabel(self.tr("or pick a built-in style above"), self)

        self.strength = QSlider(Qt.Orientation.Horizontal, self)
        self.strength.setRange(0, 100)
        self.strength.setValue(100)
        self.strength_label = QLabel("100 %", self)
        self.strength.valueChanged.connect(lambda v: self.strength_label.setText(f"{v} %"))
        self.strength.sliderReleased.connect(self.request_preview)
        self.strength.valueChanged.connect(lambda _: self.strength.isSliderDown() or self.request_preview())
        self.preserve = QCheckBox(self.tr("Preserve colours"), self)
        self.preserve.setToolTip(self.tr("Keep the photo's colours; take only brightness and texture from the style."))
        self.preserve.toggled.connect(self.request_preview)
        self.mask_only = QCheckBox(self.tr("Apply to mask only"), self)
        self.mask_only.setEnabled(self.mask is not None and bool(self.mask.any()))
        if not self.mask_only.isEnabled():
            self.mask_only.setToolTip(self.tr("Paint or select a mask first."))
        self.mask_only.toggled.connect(self.request_preview)
        self.feather = QDoubleSpinBox(self)
        self.feather.setRange(0.0, 1000.0)
        self.feather.setValue(8.0)
        self.feather.setSuffix(self.tr(" px"))
        self.feather.valueChanged.connect(self.request_preview)

        self.preview_label = QLabel(self)
        self.preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_label.setMinimumSize(PREVIEW_SIDE // 2, PREVIEW_SIDE // 2)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        strength_row = QHBoxLayout()
        strength_row.addWidget(self.strength, 1)
        strength_row.addWidget(self.strength_label)
        painting_row = QHBoxLayout()
        painting_row.addWidget(self.painting_button)
        painting_row.addWidget(self.painting_label, 1)
        form = QFormLayout()
        form.addRow(self.tr("Strength"), strength_row)
        form.addRow("", self.preserve)
        form.addRow("", self.mask_only)
        form.addRow(self.tr("Feather"), self.feather)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add as layer"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.job_manager is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.gallery, 1)
        left.addLayout(painting_row)
        left.addLayout(form)
        right = QVBoxLayout()
        right.addWidget(self.preview_label, 1)
        right.addWidget(self.status)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        root = QVBoxLayout(self)
        root.addLayout(body, 1)
        root.addWidget(self.buttons)

    # -- choices --------------------------------------------------------------------------------------
    def select_preset(self, index: int) -> None:
        self.gallery.setCurrentRow(index)
        if self.style_image is not None:  # same row again: still leave the painting
            self._preset_chosen(index)

    def _preset_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.style_image = None
        self.painting_label.setText(self.tr("or pick a built-in style above"))
        self.request_preview()

    def set_style_image(self, path: str | None) -> None:
        """Use a picture as the style (None: back to the selected built-in style)."""
        self.style_image = path or None
        if self.style_image:
            self.painting_label.setText(Path(self.style_image).name)
            self.painting_label.setToolTip(self.style_image)
        self.request_preview()

    def _choose_painting(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a painting"), "",
            self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;All files (*)"))
        if path:
            self.set_style_image(path)

    def set_strength(self, percent: int) -> None:
        self.strength.setValue(int(percent))

    def options(self, scale: float = 1.0) -> dict[str, Any]:
        """Engine options for the current choices (``scale`` shrinks the feather for the preview)."""
        opts: dict[str, Any] = {
            "strength": self.strength.value() / 100.0,
            "preserve_colors": self.preserve.isChecked(),
            "feather": self.feather.value() * scale,
        }
        if self.style_image:
            opts["style_image"] = self.style_image
        else:
            opts["style"] = str(max(0, self.gallery.currentRow()))
        return resolve_options(StyleEngine.params, opts)

    def use_mask(self) -> bool:
        return self.mask_only.isChecked() and self.mask_only.isEnabled()

    # -- gallery --------------------------------------------------------------------------------------
    def _on_thumbnail(self, index: int, path: str) -> None:
        self.gallery.item(index).setIcon(QIcon(QPixmap(path)))
        self._thumbs_shown += 1
        if self._thumbs_shown == NUM_PRESETS:
            self.thumbnails_ready.emit()

    def _on_thumbnails_failed(self, message: str) -> None:
        self.status.setText(message)
        self.thumbnails_ready.emit()

    # -- preview --------------------------------------------------------------------------------------
    def request_preview(self, *_: Any) -> None:
        self._generation += 1
        try:
            options = self.options(self._factor)
        except ParamError as exc:
            self.status.setText(str(exc))
            return
        self.status.setText(self.tr("Rendering preview…"))
        mask = self._small_mask if self.use_mask() else None
        self._pool.start(_PreviewTask(self._generation, self._small, options, mask, self._signals))

    def _on_preview(self, generation: int, image: object) -> None:
        if generation != self._generation:
            return  # a newer request is on its way
        self.preview_image = np.asarray(image)
        self.preview_label.setPixmap(to_pixmap(self.preview_image))
        self.status.setText("")
        self.preview_ready.emit()

    def _on_preview_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.preview_label.clear()
        self.status.setText(message)
        self.preview_ready.emit()

    # -- running --------------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.job_manager is None:
            return
        image = self.source if (self.source[:, :, 3] < 255).any() else self.source[:, :, :3]
        mask = self.mask if self.use_mask() else None
        title = self.tr("Style transfer")
        try:
            job = self.job_manager.submit("style", image, self.options(), mask=mask, title=title,
                                          target=self.document)
        except ParamError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        document, layer_uid = self.document, self.layer_uid
        # Outside the mask the layer is transparent, so its blend mode cannot touch those pixels either.
        layer_alpha = None if mask is None else np.where(mask > 0, 255, 0).astype(np.uint8)
        job.finished.connect(lambda result: deliver_result(result, document, layer_uid, title, layer_alpha))
        self.job = job
        super().accept()

    def done(self, result: int) -> None:
        self._generation += 1  # late previews are ignored
        self._pool.clear()  # queued work is dropped; the pool waits for a running task when deleted
        super().done(result)

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Drop queued previews and wait for the running worker, so no thread outlives the dialog."""
        self._generation += 1  # late previews are ignored
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)


def deliver_result(result: Any, document: Document, layer_uid: int, name: str,
                   layer_alpha: np.ndarray | None) -> None:
    """The finished style transfer as a new layer above its source layer (one undo step)."""
    if result.image is None:
        return
    add_result_layer(document, result.image, name, source_layer_uid=layer_uid, mask=layer_alpha)


def show_style_dialog(window: Any) -> Any:
    """Filters > Style transfer… for the main window; returns the submitted job, or None."""
    document = getattr(window, "document", None)
    if document is None or document.active_layer is None:
        QMessageBox.information(window, _tr("Style transfer"), _tr("Open an image first."))
        return None
    dialog = StyleDialog(document, window.job_manager, parent=window)
    try:
        dialog.exec()
        return dialog.job
    finally:
        dialog.deleteLater()
