"""File choosers for open / save / export / import, and running file I/O off the UI thread."""
from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

OPEN_SUFFIXES = ("png", "jpg", "jpeg", "tif", "tiff", "webp", "bmp", "ora", "psd")
EXPORT_FORMATS = (("PNG", "png"), ("JPEG", "jpg"), ("TIFF", "tif"), ("WebP", "webp"))


def _start_dir(hint: Path | None) -> str:
    if hint is None:
        return str(Path.home())
    return str(hint if hint.is_dir() else hint.parent)


def ask_open_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    patterns = " ".join(f"*.{s}" for s in OPEN_SUFFIXES)
    filters = ";;".join([
        QCoreApplication.translate("FileDialogs", "Images and projects") + f" ({patterns})",
        QCoreApplication.translate("FileDialogs", "All files") + " (*)",
    ])
    title = QCoreApplication.translate("FileDialogs", "Open Image")
    name, _ = QFileDialog.getOpenFileName(parent, title, _start_dir(hint), filters)
    return Path(name) if name else None


def ask_psd_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    filters = QCoreApplication.translate("FileDialogs", "Photoshop documents") + " (*.psd *.psb)"
    title = QCoreApplication.translate("FileDialogs", "Import PSD as Layers")
    name, _ = QFileDialog.getOpenFileName(parent, title, _start_dir(hint), filters)
    return Path(name) if name else None


def ask_save_project_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    suggestion = hint.with_suffix(".ora") if hint is not None else Path.home() / "untitled.ora"
    filters = QCoreApplication.translate("FileDialogs", "OpenRaster project") + " (*.ora)"
    title = QCoreApplication.translate("FileDialogs", "Save Project As")
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggestion), filters)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".ora" else path.with_name(path.name + ".ora")


def ask_export_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    filters = [f"{label} (*.{suffix})" for label, suffix in EXPORT_FORMATS]
    suggestion = hint.with_suffix(".png") if hint is not None else Path.home() / "untitled.png"
    title = QCoreApplication.translate("FileDialogs", "Export Image")
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggestion), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower().lstrip(".") not in {"png", "jpg", "jpeg", "tif", "tiff", "webp"}:
        # No (or an unknown) extension: take the one of the filter the user picked.
        for (_label, suffix), text in zip(EXPORT_FORMATS, filters):
            if text == chosen:
                path = path.with_name(path.name + "." + suffix)
                break
    return path


def ask_save_copy_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    """File ▸ Save a Copy…: an OpenRaster project or a flattened image, chosen by the extension."""
    project = QCoreApplication.translate("FileDialogs", "OpenRaster project") + " (*.ora)"
    filters = [project] + [f"{label} (*.{suffix})" for label, suffix in EXPORT_FORMATS]
    suggestion = hint if hint is not None else Path.home() / "untitled copy.ora"
    title = QCoreApplication.translate("FileDialogs", "Save a Copy")
    name, chosen = QFileDialog.getSaveFileName(parent, title, str(suggestion), ";;".join(filters))
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower().lstrip(".") not in {"ora", "png", "jpg", "jpeg", "tif", "tiff", "webp"}:
        suffix = "ora" if chosen == project else next(
            (s for (_label, s), text in zip(EXPORT_FORMATS, filters[1:]) if text == chosen), "ora")
        path = path.with_name(path.name + "." + suffix)
    return path


def ask_place_path(parent: QWidget | None, hint: Path | None = None) -> Path | None:
    """File ▸ Place…: an image to add as a layer."""
    patterns = " ".join(f"*.{s}" for s in OPEN_SUFFIXES if s not in ("ora", "psd"))
    filters = ";;".join([
        QCoreApplication.translate("FileDialogs", "Images") + f" ({patterns})",
        QCoreApplication.translate("FileDialogs", "All files") + " (*)",
    ])
    title = QCoreApplication.translate("FileDialogs", "Place Image")
    name, _ = QFileDialog.getOpenFileName(parent, title, _start_dir(hint), filters)
    return Path(name) if name else None


class _TaskSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)  # the exception


class FileTask(QRunnable):
    """Runs ``fn()`` on the global thread pool; ``signals.finished/failed`` arrive on the UI thread."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = _TaskSignals()
        self.setAutoDelete(False)  # Python keeps the reference; Qt must not delete it under us

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    pool: QThreadPool | None = None,
) -> FileTask:
    """Start ``fn`` off the UI thread. Keep the returned task alive until one of the callbacks ran."""
    task = FileTask(fn)
    task.signals.finished.connect(on_done)
    task.signals.failed.connect(on_error)
    (pool or QThreadPool.globalInstance()).start(task)
    return task
