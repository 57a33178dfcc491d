"""Filters > Style transfer…: the generic engine dialog plus ``StylePicker``, a gallery of the 26
built-in styles and "Choose a painting…" for any picture as the style.

Thumbnails are rendered once from resources/styles/sample.jpg on a worker thread and cached in
<user cache>/styles, named after the network's pinned hash. The dialog's generic part gives strength,
preserve colours, feather and "only inside the mask"; its result becomes a new layer above the source
layer by default, so the layer's opacity and blend mode tune the effect.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.texts import translator
from engines.base import EngineError, RunContext
from engines.params import resolve_options
from engines.style import ARBITRARY_MODEL, PRESETS_FILE, PRESETS_MODEL, StyleEngine
from engines.style_presets import NUM_PRESETS, PRESET_NAMES
from widgets.engine_extra import EngineExtra, ExtraHost, PreviewRequest

log = logging.getLogger(__name__)

_tr = translator("StyleDialog")

THUMB_SIDE = 96


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


def render_thumbnails(cache_dir: Path, emit: Callable[[int, Path], None] | None = None,
                      stop: threading.Event | None = None) -> list[Path]:
    """Render the presets missing from ``cache_dir`` (on the calling thread) and return their paths:
    all 26, or fewer when ``stop`` was set. ``emit(index, path)`` is called per thumbnail as it becomes
    available."""
    from PIL import Image

    cache_dir.mkdir(parents=True, exist_ok=True)
    engine = StyleEngine()
    sample = None
    paths = []
    for index in range(NUM_PRESETS):
        if stop is not None and stop.is_set():
            break
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


class _Signals(QObject):
    thumbnail = Signal(int, str)  # index, file
    thumbnails_failed = Signal(str)


class _ThumbnailTask(QRunnable):
    def __init__(self, cache_dir: Path, signals: _Signals, stop: threading.Event) -> None:
        super().__init__()
        self.cache_dir, self.signals, self.stop = cache_dir, signals, stop

    def run(self) -> None:
        try:
            render_thumbnails(self.cache_dir, lambda i, p: self.signals.thumbnail.emit(i, str(p)), self.stop)
        except EngineError as exc:  # a missing model: the message says how to fetch it
            self.signals.thumbnails_failed.emit(str(exc))
        except Exception as exc:  # thumbnails must never take the editor down
            log.exception("style thumbnails failed")
            self.signals.thumbnails_failed.emit(str(exc))


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


class StylePicker(EngineExtra):
    """The style: a built-in one from the gallery, or any picture ("Choose a painting…")."""

    handles = ("style", "mix", "style_image")  # mixes are for the command line
    expands = True
    picks_model = True  # a built-in style runs the 26-style network, a picture the arbitrary one
    thumbnails_ready = Signal()  # all 26 gallery thumbnails are shown (or their error)

    def __init__(self, host: ExtraHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.style_image: str | None = None
        self._thumbs_shown = 0
        self._signals = _Signals()  # no parent: a late worker may still emit after the dialog closed
        self._signals.thumbnail.connect(self._on_thumbnail)
        self._signals.thumbnails_failed.connect(self._on_thumbnails_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._stop = threading.Event()  # a closing dialog stops the thumbnails after the current one

        self.gallery = StyleGallery(self)
        self.gallery.setMinimumWidth(3 * StyleGallery.CELL.width() + 24)
        for index, name in enumerate(PRESET_NAMES):
            item = QListWidgetItem(QCoreApplication.translate("StylePresets", name))
            item.setData(Qt.ItemDataRole.UserRole, index)
            item.setToolTip(_tr("Style {n}: {name}").format(n=index, name=item.text()))
            item.setSizeHint(StyleGallery.CELL)
            self.gallery.addItem(item)
        self.gallery.setCurrentRow(0)
        self.gallery.currentRowChanged.connect(self._preset_chosen)
        self.painting_button = QPushButton(_tr("Choose a painting…"), self)
        self.painting_button.clicked.connect(self._choose_painting)
        self.painting_label = QLabel(_tr("or pick a built-in style above"), self)
        self.status = QLabel(self)  # thumbnails that could not be made say why here
        self.status.setWordWrap(True)
        self.status.hide()
        painting_row = QHBoxLayout()
        painting_row.addWidget(self.painting_button)
        painting_row.addWidget(self.painting_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.gallery, 1)
        layout.addLayout(painting_row)
        layout.addWidget(self.status)
        self._pool.start(_ThumbnailTask(default_cache_dir(), self._signals, self._stop))

    # -- choices --------------------------------------------------------------------------------------
    def select_preset(self, index: int) -> None:
        self.gallery.setCurrentRow(index)
        if self.style_image is not None:  # same row again: still leave the painting
            self._preset_chosen(index)

    def _preset_chosen(self, index: int) -> None:
        if index < 0:
            return
        self.style_image = None
        self.painting_label.setText(_tr("or pick a built-in style above"))
        self.changed.emit()

    def set_style_image(self, path: str | None) -> None:
        """Use a picture as the style (None: back to the selected built-in style)."""
        self.style_image = path or None
        if self.style_image:
            self.painting_label.setText(Path(self.style_image).name)
            self.painting_label.setToolTip(self.style_image)
        self.changed.emit()

    def _choose_painting(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, _tr("Choose a painting"), "",
            _tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff);;All files (*)"))
        if path:
            self.set_style_image(path)

    def options(self) -> dict[str, Any]:
        if self.style_image:
            return {"style_image": self.style_image}
        return {"style": str(max(0, self.gallery.currentRow()))}

    def model_id(self) -> str:
        return ARBITRARY_MODEL if self.style_image else PRESETS_MODEL

    def preview_request(self, request: PreviewRequest) -> PreviewRequest:
        # The feather is in layer pixels: on the downscaled copy it shrinks with the picture.
        request.options = {**request.options, "feather": request.options["feather"] * request.factor}
        return request

    # -- gallery --------------------------------------------------------------------------------------
    def _on_thumbnail(self, index: int, path: str) -> None:
        self.gallery.item(index).setIcon(QIcon(QPixmap(path)))
        self._thumbs_shown += 1
        if self._thumbs_shown == NUM_PRESETS:
            self.thumbnails_ready.emit()

    def _on_thumbnails_failed(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()
        self.thumbnails_ready.emit()

    def shutdown(self, timeout_ms: int) -> None:
        self._stop.set()
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
