"""Filters > Upscale…: the generic engine dialog plus ``UpscaleOptions``: the scale (2x/3x/4x or fit to
W x H), the result size, a preview of a crop at 100 % and the time the whole image will take.

The preview runs the fast model (realesr-animevideov3) on a 64 px crop, beside a bicubic enlargement of
the same crop; another worker times the chosen model on a small piece, which gives the estimate for the
whole image. The result opens as a new image or replaces this one (one undoable step).
"""
from __future__ import annotations

import logging
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.texts import translator
from engines.base import EngineError
from engines.params import resolve_options
from engines.superres import PREVIEW_MODEL, UpscaleEngine, seconds_per_megapixel, target_size
from widgets.engine_extra import EngineExtra, ExtraHost, PreviewRequest

log = logging.getLogger(__name__)

PREVIEW_CROP = 64  # input pixels; shown at 100% after upscaling
TIMING_CROP = 64  # the chosen model is timed on this much (x4plus: ~1 s on 2 cores)
FIT = "fit"
MAX_SIDE = 100000
# Tiles overlap, so the model computes more pixels than the output holds.
TILING_OVERHEAD = 1.3

_tr = translator("UpscaleDialog")


def format_duration(seconds: float) -> str:
    if seconds < 1:
        return _tr("under a second")
    if seconds < 60:
        return _tr("about {s} s").format(s=round(seconds))
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return _tr("about {m} min {s} s").format(m=minutes, s=secs)
    hours, minutes = divmod(minutes, 60)
    return _tr("about {h} h {m} min").format(h=hours, m=minutes)


def centre_crop(pixels: np.ndarray, size: int = PREVIEW_CROP) -> np.ndarray:
    h, w = pixels.shape[:2]
    y, x = max(0, (h - size) // 2), max(0, (w - size) // 2)
    return np.ascontiguousarray(pixels[y:y + size, x:x + size, :3])


class _TimingSignals(QObject):
    done = Signal(int, float)  # generation, the model's seconds per output megapixel
    failed = Signal(int, str)


class _TimingTask(QRunnable):
    def __init__(self, generation: int, model_id: str, crop: np.ndarray, device: str, signals: _TimingSignals) -> None:
        super().__init__()
        self.generation, self.model_id, self.crop = generation, model_id, crop
        self.device, self.signals = device, signals

    def run(self) -> None:
        try:
            self.signals.done.emit(self.generation, seconds_per_megapixel(self.model_id, self.crop, self.device))
        except EngineError as exc:
            self.signals.failed.emit(self.generation, str(exc))
        except Exception as exc:  # an estimate must never take the editor down
            log.exception("timing %s failed", self.model_id)
            self.signals.failed.emit(self.generation, str(exc))


class UpscaleOptions(EngineExtra):
    """Scale or fit-to-size, the result size, a crop preview at 100 % and the time estimate."""

    handles = ("scale", "fit_width", "fit_height")
    result_modes = ("new", "replace")  # the result has another size: no layer of this image can hold it

    def __init__(self, host: ExtraHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.seconds_per_mp: float | None = None
        self.estimate_pending = False  # a timing runs; its result (or why there is none) is not shown yet
        self._generation = 0
        self._signals = _TimingSignals()  # no parent: a late worker may still emit after the dialog closed
        self._signals.done.connect(self._on_timing)
        self._signals.failed.connect(self._on_timing_failed)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)

        self.scale_box = QComboBox(self)
        for text, value in (("2×", "2"), ("3×", "3"), ("4×", "4")):
            self.scale_box.addItem(text, value)
        self.scale_box.addItem(_tr("Fit to size…"), FIT)
        self.scale_box.setCurrentIndex(2)
        self.fit_width, self.fit_height = QSpinBox(self), QSpinBox(self)
        h, w = host.source.shape[:2]
        for box, value in ((self.fit_width, w * 2), (self.fit_height, h * 2)):
            box.setRange(0, MAX_SIDE)
            box.setValue(value)
            box.setSuffix(" px")
            box.setSpecialValueText(_tr("any"))
            box.setKeyboardTracking(False)
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.fit_width)
        fit_row.addWidget(QLabel("×", self))
        fit_row.addWidget(self.fit_height)
        self.size_label = QLabel(self)
        self.estimate_label = QLabel(self)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_tr("Scale"), self.scale_box)
        form.addRow(_tr("Fit within"), fit_row)
        form.addRow(_tr("Result size"), self.size_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.estimate_label)
        for signal in (self.scale_box.currentIndexChanged, self.fit_width.valueChanged, self.fit_height.valueChanged):
            signal.connect(self._edited)
        self._edited()

    # -- size -----------------------------------------------------------------------------------------
    def set_scale(self, value: str) -> None:
        """"2", "3", "4" or "fit"."""
        self.scale_box.setCurrentIndex(self.scale_box.findData(value))

    def fitting(self) -> bool:
        return self.scale_box.currentData() == FIT

    def options(self) -> dict[str, Any]:
        if self.fitting():
            return {"fit_width": self.fit_width.value(), "fit_height": self.fit_height.value()}
        return {"scale": self.scale_box.currentData()}

    def output_size(self) -> tuple[int, int]:
        h, w = self.host.source.shape[:2]
        if self.fitting() and self.fit_width.value() == 0 and self.fit_height.value() == 0:
            return w, h
        return target_size(w, h, self.options())

    def problem(self) -> str:
        if self.fitting() and self.fit_width.value() == 0 and self.fit_height.value() == 0:
            return _tr("Enter a width, a height or both.")
        return ""

    def _edited(self) -> None:
        self.fit_width.setEnabled(self.fitting())
        self.fit_height.setEnabled(self.fitting())
        w, h = self.output_size()
        self.size_label.setText(_tr("{w} × {h} px").format(w=w, h=h))
        self._show_estimate()
        self.changed.emit()

    # -- preview: a crop at the size it will have ------------------------------------------------------
    def _factor(self) -> float:
        return min(max(self.output_size()[0] / self.host.source.shape[1], 0.25), 4.0)

    def preview_request(self, request: PreviewRequest) -> PreviewRequest:
        crop = centre_crop(self.host.source)
        factor = self._factor()
        before = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)

        def present(preview4x: np.ndarray) -> np.ndarray:  # the fast model always enlarges 4x
            if factor >= 4.0:
                return preview4x
            return cv2.resize(preview4x, (before.shape[1], before.shape[0]), interpolation=cv2.INTER_AREA)

        options = resolve_options(UpscaleEngine.params, {"scale": "4"})
        return PreviewRequest(crop, options, PREVIEW_MODEL, None, before, factor, present,
                              (_tr("Bicubic"), _tr("Fast preview model")))

    # -- time estimate --------------------------------------------------------------------------------
    def model_changed(self) -> None:
        """Time the chosen model on a small crop, in the background."""
        self._generation += 1
        self.seconds_per_mp = None
        model_id = self.host.model_id()
        if model_id is None or self.host.store.status(model_id) != "ready":
            self.estimate_label.setText(_tr("Estimated time: unknown (model not installed)"))
            self.estimate_pending = False
            return
        self.estimate_pending = True
        self.estimate_label.setText(_tr("Estimated time: measuring…"))
        crop = centre_crop(self.host.source)[:TIMING_CROP, :TIMING_CROP]
        self._pool.start(_TimingTask(self._generation, model_id, crop, self.host.device(), self._signals))

    def estimated_seconds(self) -> float | None:
        if self.seconds_per_mp is None:
            return None
        src_h, src_w = self.host.source.shape[:2]
        overhead = TILING_OVERHEAD if max(src_h, src_w) > 256 else 1.0
        return self.seconds_per_mp * (src_w * src_h * 16 / 1e6) * overhead  # the network always works at 4x

    def _show_estimate(self) -> None:
        seconds = self.estimated_seconds()
        if seconds is not None:
            self.estimate_label.setText(_tr("Estimated time: {t} on this computer").format(t=format_duration(seconds)))

    def _on_timing(self, generation: int, seconds_per_mp: float) -> None:
        if generation != self._generation:
            return  # a newer model is being timed
        self.seconds_per_mp = seconds_per_mp
        self.estimate_pending = False
        self._show_estimate()

    def _on_timing_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.estimate_label.setText(_tr("Estimated time: unknown"))
        self.estimate_label.setToolTip(message)
        self.estimate_pending = False

    def shutdown(self, timeout_ms: int) -> None:
        self._generation += 1  # a late timing is ignored
        self._pool.clear()
        self._pool.waitForDone(timeout_ms)
