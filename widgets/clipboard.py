"""Edit ▸ Cut / Copy / Copy Merged / Paste / Paste in Place through the system clipboard.

Copied pixels go on the clipboard as an image, so other applications can paste them, with their canvas
position in a private format so that Paste in Place can put them back where they were. Images copied
in other applications paste as well. The pixel work is app/clipboard_ops.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QByteArray, QMimeData, QPointF
from PySide6.QtGui import QGuiApplication, QImage

from app import clipboard_ops
from app.history import DocumentError
from app.texts import Text, translator
from widgets import doc_ops

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

OFFSET_FORMAT = "application/x-kintsugi-offset"  # "x,y" of the copied area on its canvas
_tr = translator("Clipboard")


def put_image(rgba: np.ndarray, offset: tuple[int, int] | None = None) -> None:
    """Put straight RGBA (h, w, 4) uint8 on the clipboard (with its canvas position, if given)."""
    h, w = rgba.shape[:2]
    image = QImage(np.ascontiguousarray(rgba).data, w, h, w * 4, QImage.Format.Format_RGBA8888).copy()
    mime = QMimeData()
    mime.setImageData(image)
    if offset is not None:
        mime.setData(OFFSET_FORMAT, QByteArray(f"{offset[0]},{offset[1]}".encode()))
    QGuiApplication.clipboard().setMimeData(mime)


def get_image() -> tuple[np.ndarray, tuple[int, int] | None] | None:
    """The clipboard's image as straight RGBA uint8 and the canvas position it was copied from (None
    when it came from elsewhere), or None when the clipboard holds no image."""
    mime = QGuiApplication.clipboard().mimeData()
    if mime is None or not mime.hasImage():
        return None
    image = QImage(mime.imageData())
    if image.isNull():
        return None
    image = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    rgba = rows[:, :w * 4].reshape(h, w, 4).copy()
    offset = None
    if mime.hasFormat(OFFSET_FORMAT):
        try:
            x, y = (int(v) for v in bytes(mime.data(OFFSET_FORMAT).data()).decode().split(","))
            offset = (x, y)
        except ValueError:
            offset = None  # damaged: paste at the view centre instead
    return rgba, offset


def copy(window: MainWindow, merged: bool = False) -> None:
    doc = window.document
    if doc is not None:
        put_image(*clipboard_ops.copied_pixels(doc, merged))


def cut(window: MainWindow) -> None:
    doc = window.document
    if doc is not None:
        put_image(*clipboard_ops.cut(doc))


def paste(window: MainWindow, in_place: bool = False) -> None:
    """The clipboard's image as a new layer: centred in the view, or with ``in_place`` where it was
    copied from (the view centre for an image from another application)."""
    doc = window.document
    if doc is None:
        return
    got = get_image()
    if got is None:
        raise DocumentError(_tr("The clipboard holds no image."))
    rgba, offset = got
    h, w = rgba.shape[:2]
    if in_place and offset is not None:
        centre = (offset[0] + w / 2, offset[1] + h / 2)
    else:
        viewport = window.canvas.viewport()
        middle = window.canvas.view_to_image(QPointF(viewport.width() / 2, viewport.height() / 2))
        centre = (middle.x(), middle.y())
    doc_ops.add_image_layer(doc, rgba, _tr("Pasted Layer"), Text("Clipboard", "Paste"), centre)
