"""Render the editor's GUI into the PNGs used by the README and the docs.

    .venv/bin/python scripts/make_screenshots.py [--out docs/screenshots] [--size 1400x900] [--only main mask]

Every shot starts from a fresh main window on the offscreen platform (no display needed), with a
temporary settings file and data folder, so the user's preferences, recent files and autosaves are never
touched. Background work (face detection, the style gallery and previews, the upscale preview, jobs) is
awaited with an event loop and a time limit before the window is grabbed. Models come from the default
model store; the style gallery's thumbnails are cached where the application caches them.

Re-run it after any UI change; ``main([...])`` is also what tests/widgets/test_make_screenshots.py calls.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

DEFAULT_OUT = ROOT / "docs" / "screenshots"
DEFAULT_SIZE = (1400, 900)
SAMPLE = ROOT / "resources" / "samples" / "old_photo.jpg"
SHOTS = ("main", "mask", "compare", "faces", "style_dialog", "upscale_dialog", "adjust_dialog", "inpaint_dialog",
         "scratches_dialog", "main_zh", "models", "smart_select", "layer_mask", "shortcuts", "tabs")


# == waiting and grabbing ===================================================================================
def pump(ms: int = 50) -> None:
    """Run the event loop for about ``ms`` milliseconds (layouts, queued signals, repaints)."""
    from PySide6.QtCore import QCoreApplication

    end = time.monotonic() + ms / 1000.0
    while True:
        QCoreApplication.processEvents()
        if time.monotonic() >= end:
            break
        time.sleep(0.005)


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> bool:
    """Process events until ``predicate()`` is true; warn (and go on) after ``timeout_s``."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QCoreApplication.processEvents()
        if predicate():
            QCoreApplication.processEvents()
            return True
        time.sleep(0.01)
    print(f"warning: timed out after {timeout_s:.0f} s waiting for {what}", file=sys.stderr)
    return False


def wait_for_signal(signal: Any, timeout_s: float, what: str) -> bool:
    fired: list[bool] = []
    signal.connect(lambda *_: fired.append(True))
    return wait_until(lambda: bool(fired), timeout_s, what)


def wait_for_jobs(window: Any, timeout_s: float = 120.0) -> bool:
    ok = window.job_manager.wait(timeout_s)
    if not ok:
        print("warning: background jobs still running", file=sys.stderr)
    pump(50)
    return ok


def grab(widget: Any, size: tuple[int, int] | None = None) -> Any:
    """The widget as an RGB32 QImage, scaled to ``size`` when the screen grabs in device pixels."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    from widgets.canvas_view import CanvasView

    for canvas in widget.findChildren(CanvasView):
        canvas.flush()  # paints composite progressively: finish before the grab
    image = widget.grab().toImage()
    if size is not None and (image.width(), image.height()) != size:
        image = image.scaled(size[0], size[1], Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image.convertToFormat(QImage.Format.Format_RGB32)


def grab_with_dialog(window: Any, dialog: Any, size: tuple[int, int]) -> Any:
    """The window with ``dialog`` drawn centred over it, with a plain title bar, as a window manager would
    show a modal dialog (the offscreen platform has no window manager, so the two are composed here)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QPainter
    from PySide6.QtWidgets import QApplication

    title_h = 30
    base = grab(window, size)
    top = dialog.grab().toImage()
    ratio = top.devicePixelRatio() or 1.0
    w, h = round(top.width() / ratio), round(top.height() / ratio)
    x, y = max(0, (size[0] - w) // 2), max(title_h, (size[1] - h + title_h) // 2)
    frame = QRect(x, y - title_h, w, h + title_h)
    painter = QPainter(base)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(base.rect(), QColor(0, 0, 0, 70))  # the window behind a modal dialog, dimmed
    for spread, alpha in ((12, 14), (8, 22), (4, 36)):  # a soft shadow
        painter.fillRect(frame.adjusted(-spread + 3, -spread + 6, spread + 3, spread + 6), QColor(0, 0, 0, alpha))
    window_color = dialog.palette().window().color()
    bar = window_color.darker(125) if window_color.lightness() > 128 else window_color.lighter(115)
    painter.fillRect(QRect(x, y - title_h, w, title_h), bar)
    font = QFont(QApplication.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(dialog.palette().windowText().color())
    painter.drawText(QRect(x + 12, y - title_h, w - 24, title_h),
                     int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), dialog.windowTitle())
    painter.drawImage(QRect(x, y, w, h), top)
    painter.setPen(QColor(0, 0, 0, 170))
    painter.drawRect(frame.adjusted(-1, -1, 0, 0))
    painter.end()
    return base


def save(image: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
    print(f"wrote {path} ({image.width()}x{image.height()})")
    return path


# == the window =============================================================================================
@contextlib.contextmanager
def quiet_message_boxes() -> Iterator[list[tuple[str, str]]]:
    """Message boxes would block: record them (and print them) instead."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[tuple[str, str]] = []
    saved = {kind: getattr(QMessageBox, kind) for kind in ("warning", "information", "question", "critical")}

    def record(kind: str) -> Callable[..., Any]:
        def box(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            shown.append((kind, text))
            print(f"note: {kind} message box: {text}", file=sys.stderr)
            return QMessageBox.StandardButton.Discard if kind == "question" else QMessageBox.StandardButton.Ok
        return box

    for kind in saved:
        setattr(QMessageBox, kind, staticmethod(record(kind)))
    try:
        yield shown
    finally:
        for kind, fn in saved.items():
            setattr(QMessageBox, kind, fn)


@contextlib.contextmanager
def open_window(size: tuple[int, int], image: Path | None = SAMPLE) -> Iterator[Any]:
    from widgets.main_window import MainWindow

    window = MainWindow(autosave=False, remember_state=False)
    window.resize(*size)
    window.show()
    try:
        if image is not None:
            window.open_path_now(image)
        settle(window)
        yield window
    finally:
        window.job_manager.cancel_all()
        window.job_manager.wait(30)
        for doc in window.documents:
            doc.history.mark_clean()  # nothing to ask about when the window goes
        window.close()
        window.deleteLater()
        pump(30)


def settle(window: Any) -> None:
    """Layouts, the canvas fit and the layers panel's thumbnails (refreshed on a 250 ms timer)."""
    pump(60)
    window.canvas.fit_to_view()
    pump(400)


# == document edits (each one an undoable step, as the user would make them) ================================
def retouch_steps(doc: Any) -> None:
    """A few history steps and a second layer: duplicate, soft-light blend, opacity, rename."""
    from app import layer_ops

    layer = layer_ops.duplicate_layer(doc)
    layer_ops.set_layer_blend_mode(doc, layer, "soft-light")
    layer_ops.set_layer_opacity(doc, layer, 0.6)
    layer_ops.rename_layer(doc, layer, "Contrast (soft light)")


def paint_scratch_mask(doc: Any) -> Any:
    """A new mask with brush strokes painted over the photo's crease and two vertical scratches."""
    from app import layer_ops
    from app.brush import BrushSettings
    from app.stroke import PaintStroke

    mask = layer_ops.add_mask(doc, "Scratches")
    w, h = doc.width, doc.height
    sx, sy = w / 512.0, h / 512.0
    strokes = [  # old_photo.jpg: the diagonal crease, then the long vertical scratches
        [(0, 316), (120, 288), (240, 262), (330, 236), (420, 214), (512, 194)],
        [(86, 46), (86, 200), (85, 346)],
        [(270, 100), (270, 300), (271, 492)],
        [(318, 148), (318, 300), (319, 432)],
        [(358, 4), (360, 180), (364, 400)],
        [(430, 150), (431, 300), (432, 462)],
        [(468, 134), (468, 300), (469, 458)],
    ]
    settings = BrushSettings(size=11 * sx, hardness=0.6, pressure_size=False)
    for points in strokes:
        stroke = PaintStroke(doc, mask, settings, "Mask Brush", mode="paint", color=(255, 255, 255))
        (x0, y0), rest = points[0], points[1:]
        stroke.begin(x0 * sx, y0 * sy)
        for x1, y1 in rest:
            steps = 12
            for i in range(1, steps + 1):
                t = i / steps
                stroke.add((x0 + (x1 - x0) * t) * sx, (y0 + (y1 - y0) * t) * sy)
            x0, y0 = x1, y1
        stroke.finish()
    return mask


def restored_layer(doc: Any) -> Any:
    """A visible edit: the photo repaired by the engines as scripts/repair_sample.py does (scratches and
    dust, the torn corner, tone and cast), as a new layer (one undo step through layer ops)."""
    from app import layer_ops
    from scripts.repair_sample import repair

    rgb = repair(np.ascontiguousarray(doc.active_layer.pixels[:, :, :3]))
    rgba = np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])
    return layer_ops.add_layer(doc, "Restored", pixels=rgba, step_name="Restore")


def engine_dialog_shot(window: Any, task: str, size: tuple[int, int], path: Path, *, model: str | None = None,
                       mode: str | None = None, **values: Any) -> Path:
    """``task``'s dialog over the window with its preview rendered, split half-way."""
    from widgets.engine_dialog import EngineDialog

    dialog = EngineDialog(task, window.document, window.job_manager, parent=window)
    previews: list[bool] = []
    dialog.preview_ready.connect(lambda: previews.append(True))
    if model is not None:
        dialog.set_model(model)
    if mode is not None:
        dialog.set_result_mode(mode)
    for name, value in values.items():
        dialog.set_value(name, value)
    dialog.resize(min(900, size[0] - 120), min(520, size[1] - 100))
    dialog.show()
    previews.clear()
    wait_until(lambda: bool(previews) and dialog.preview_image is not None, 120, f"the {task} preview")
    pump(300)
    try:
        return save(grab_with_dialog(window, dialog, size), path)
    finally:
        dialog.shutdown()
        dialog.reject()
        dialog.deleteLater()


# == the shots ==============================================================================================
def shot_main(out: Path, size: tuple[int, int]) -> Path:
    with open_window(size) as window:
        retouch_steps(window.document)
        settle(window)
        return save(grab(window, size), out / "main.png")


def shot_main_zh(out: Path, size: tuple[int, int]) -> Path:
    from app.i18n import install_translators

    install_translators("zh_CN")
    try:
        with open_window(size) as window:
            retouch_steps(window.document)
            settle(window)
            return save(grab(window, size), out / "main_zh.png")
    finally:
        install_translators("en")
        pump(30)


def shot_mask(out: Path, size: tuple[int, int]) -> Path:
    with open_window(size) as window:
        paint_scratch_mask(window.document)
        window.action("view.mask_overlay").setChecked(True)
        window.tools.set_tool("mask_brush")
        settle(window)
        return save(grab(window, size), out / "mask.png")


def shot_compare(out: Path, size: tuple[int, int]) -> Path:
    with open_window(size) as window:
        window.compare_view.use_current_as_original()
        restored_layer(window.document)
        window.compare_action.setChecked(True)
        window.compare_view.set_split(0.5)
        settle(window)
        return save(grab(window, size), out / "compare.png")


def shot_faces(out: Path, size: tuple[int, int], tmp: Path) -> Path:
    from PIL import Image
    from skimage import data

    from widgets.face_dialogs import detect_faces

    image = tmp / "astronaut.png"
    Image.fromarray(data.astronaut()).save(image)
    with open_window(size, image) as window:
        window.faces_dock.show()
        window.faces_dock.raise_()
        job = detect_faces(window)
        if job is not None:
            wait_for_jobs(window)
        window.faces_dock.raise_()
        settle(window)
        return save(grab(window, size), out / "faces.png")


def shot_style_dialog(out: Path, size: tuple[int, int]) -> Path:
    from widgets.engine_dialog import EngineDialog

    with open_window(size) as window:
        dialog = EngineDialog("style", window.document, window.job_manager, parent=window)
        thumbs, previews = [], []
        dialog.extra.thumbnails_ready.connect(lambda: thumbs.append(True))
        dialog.preview_ready.connect(lambda: previews.append(True))
        dialog.resize(min(1000, size[0] - 120), min(700, size[1] - 100))
        dialog.show()
        wait_until(lambda: bool(thumbs), 300, "the style gallery thumbnails")
        wait_until(lambda: bool(previews), 120, "the style preview")
        pump(400)  # the gallery lays its icons out again after a resize, on a timer
        try:
            return save(grab_with_dialog(window, dialog, size), out / "style_dialog.png")
        finally:
            dialog.shutdown()
            dialog.reject()
            dialog.deleteLater()


def shot_upscale_dialog(out: Path, size: tuple[int, int]) -> Path:
    from widgets.engine_dialog import EngineDialog

    with open_window(size) as window:
        dialog = EngineDialog("upscale", window.document, window.job_manager,
                              open_new=window.open_image_as_new_document, parent=window)
        previews: list[bool] = []
        dialog.preview_ready.connect(lambda: previews.append(True))
        dialog.resize(min(900, size[0] - 120), min(560, size[1] - 100))
        dialog.show()
        wait_until(lambda: bool(previews), 180, "the upscale preview")
        wait_until(lambda: not dialog.extra.estimate_pending, 180, "the time estimate")
        pump(100)
        try:
            return save(grab_with_dialog(window, dialog, size), out / "upscale_dialog.png")
        finally:
            dialog.shutdown()
            dialog.reject()
            dialog.deleteLater()


def shot_adjust_dialog(out: Path, size: tuple[int, int]) -> Path:
    """Image ▸ Adjust ▸ Remove Colour Cast on the sepia sample, its before/after preview half-way."""
    from widgets.engine_dialog import EngineDialog

    with open_window(size) as window:
        dialog = EngineDialog("adjust", window.document, window.job_manager, group="Remove Colour Cast",
                              parent=window)
        previews: list[bool] = []
        dialog.preview_ready.connect(lambda: previews.append(True))
        dialog.set_value("remove_cast", 1.0)
        dialog.resize(min(900, size[0] - 120), min(520, size[1] - 100))
        dialog.show()
        wait_until(lambda: bool(previews) and dialog.options()["remove_cast"] == 1.0, 120, "the adjust preview")
        pump(300)
        try:
            return save(grab_with_dialog(window, dialog, size), out / "adjust_dialog.png")
        finally:
            dialog.shutdown()
            dialog.reject()
            dialog.deleteLater()


def shot_inpaint_dialog(out: Path, size: tuple[int, int]) -> Path:
    """Filter ▸ Inpaint… with PatchMatch over a mask painted on the torn corner."""
    from app import layer_ops
    from scripts.repair_sample import torn_corner_mask

    with open_window(size) as window:
        doc = window.document
        rgb = np.ascontiguousarray(doc.active_layer.pixels[:, :, :3])
        layer_ops.add_mask(doc, "Torn corner", torn_corner_mask(rgb))
        settle(window)
        return engine_dialog_shot(window, "inpaint", size, out / "inpaint_dialog.png", model="patchmatch")


def shot_scratches_dialog(out: Path, size: tuple[int, int]) -> Path:
    """Filter ▸ Find Scratches and Dust… showing what it finds (red), to go into a mask."""
    with open_window(size) as window:
        return engine_dialog_shot(window, "scratches", size, out / "scratches_dialog.png", mode="mask")


def shot_models(out: Path, size: tuple[int, int]) -> Path:
    from widgets.model_manager import ModelManagerDialog

    with open_window(size) as window:
        dialog = ModelManagerDialog(window)
        dialog.resize(min(1100, size[0] - 80), min(520, size[1] - 120))
        dialog.show()
        pump(200)
        try:
            return save(grab_with_dialog(window, dialog, size), out / "models.png")
        finally:
            dialog.reject()
            dialog.deleteLater()


def shot_smart_select(out: Path, size: tuple[int, int]) -> Path:
    """The Smart Select tool on scikit-image's astronaut: a box, clicks on her and one on the rocket (not
    wanted), the predicted area tinted."""
    from skimage import data

    with open_window(size, None) as window:
        window.open_image_as_new_document(data.astronaut(), "Astronaut")
        settle(window)
        tool = window.tools.set_tool("smart_select")
        tool.set_box(30, 10, 465, 511)
        tool.add_point(230, 130)
        tool.add_point(170, 380)
        tool.add_point(430, 160, foreground=False)
        wait_until(lambda: not tool.busy, 120, "the smart selection")
        settle(window)
        return save(grab(window, size), out / "smart_select.png")


def shot_layer_mask(out: Path, size: tuple[int, int]) -> Path:
    """The restored photo as a layer whose layer mask (a black-to-white gradient, painted with the Gradient
    tool's logic) shows the repair on the right and the damaged original on the left."""
    from app import fill_ops, layer_masks

    with open_window(size) as window:
        doc = window.document
        restored_layer(doc)
        layer_masks.add_layer_mask(doc, "reveal")
        y = doc.height / 2
        fill_ops.gradient_fill(doc, (doc.width * 0.35, y), (doc.width * 0.65, y), (0, 0, 0), (255, 255, 255))
        window.tools.set_tool("gradient")
        settle(window)
        return save(grab(window, size), out / "layer_mask.png")


def shot_tabs(out: Path, size: tuple[int, int]) -> Path:
    """Two documents open, one tab each: the sample photo (retouched, so its tab shows the unsaved
    marker) and scikit-image's coffee, which is shown."""
    from skimage import data

    with open_window(size) as window:
        retouch_steps(window.document)
        window.open_image_as_new_document(data.coffee(), "Coffee")
        settle(window)
        return save(grab(window, size), out / "tabs.png")


def shot_shortcuts(out: Path, size: tuple[int, int]) -> Path:
    """Preferences ▸ Keyboard Shortcuts, filtered to the Layer menu."""
    from widgets.preferences_dialog import PreferencesDialog
    from widgets.shortcut_map import shortcut_entries

    with open_window(size) as window:
        dialog = PreferencesDialog(window.settings, window, shortcuts=shortcut_entries(window))
        dialog.resize(760, 520)
        dialog.pages.setCurrentWidget(dialog.shortcuts)
        dialog.shortcuts.filter.setText("layer")
        dialog.show()
        settle(window)
        try:
            return save(grab_with_dialog(window, dialog, size), out / "shortcuts.png")
        finally:
            dialog.close()


# == entry point ============================================================================================
def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1400x900, not {text!r}") from None
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the PNGs (default docs/screenshots)")
    p.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, help="window size WxH (default 1400x900)")
    p.add_argument("--only", nargs="+", choices=SHOTS, metavar="SHOT",
                   help=f"make only these shots ({', '.join(SHOTS)})")
    p.add_argument("--theme", choices=("dark", "light"), default="dark")
    return p


@contextlib.contextmanager
def private_settings(theme: str) -> Iterator[Path]:
    """Temporary KINTSUGI_SETTINGS / KINTSUGI_DATA for the run; the previous values come back after."""
    from app.settings import Settings, reset_app_settings

    saved = {k: os.environ.get(k) for k in ("KINTSUGI_SETTINGS", "KINTSUGI_DATA")}
    with tempfile.TemporaryDirectory(prefix="kintsugi-screens-") as tmp:
        os.environ["KINTSUGI_SETTINGS"] = str(Path(tmp) / "settings.ini")
        os.environ["KINTSUGI_DATA"] = str(Path(tmp) / "data")
        settings = Settings()
        settings.theme = theme
        settings.language = "en"
        reset_app_settings(settings)
        try:
            yield Path(tmp)
        finally:
            reset_app_settings(None)
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if sys.platform.startswith("linux") and not os.environ.get("KINTSUGI_SCREENSHOTS_USE_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # same pixels with or without a display
    shots = args.only or list(SHOTS)
    with private_settings(args.theme) as tmp:
        from widgets.application import create_application

        create_application()
        with quiet_message_boxes():
            for name in shots:
                started = time.monotonic()
                if name == "faces":
                    shot_faces(args.out, args.size, tmp)
                else:
                    globals()[f"shot_{name}"](args.out, args.size)
                print(f"  {name}: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
