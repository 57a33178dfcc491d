"""`python main.py screenshot OUT.png [IMAGE] [--size WxH]`: render the main window to a PNG, headless."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

DEFAULT_SIZE = (1280, 800)


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x800, not {text!r}") from None
    if not (320 <= w <= 8192 and 240 <= h <= 8192):
        raise argparse.ArgumentTypeError("size must be between 320x240 and 8192x8192")
    return w, h


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("screenshot", help="render the editor window to a PNG (works without a display)")
    p.add_argument("out", type=Path, help="PNG file to write")
    p.add_argument("image", nargs="?", type=Path, help="image or project to open first")
    p.add_argument("--size", type=parse_size, default=DEFAULT_SIZE, help="window size WxH (default 1280x800)")
    p.add_argument("--theme", choices=("dark", "light"), default="dark")
    p.add_argument("--language", choices=("en", "zh_CN"), default="en")
    p.set_defaults(func=run)


def _needs_offscreen() -> bool:
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return True
    return False


def run(args: argparse.Namespace) -> int:
    from app.cli import EXIT_BAD_INPUT, CliError

    if args.image is not None and not args.image.exists():
        raise CliError(f"“{args.image}” does not exist.", EXIT_BAD_INPUT)
    if _needs_offscreen():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Never read or write the user's preferences from a headless command.
    with tempfile.TemporaryDirectory(prefix="kintsugi-shot-") as tmp:
        os.environ["KINTSUGI_SETTINGS"] = str(Path(tmp) / "settings.ini")
        from app.settings import Settings, reset_app_settings

        settings = Settings()
        settings.theme = args.theme
        settings.language = args.language
        reset_app_settings(settings)
        image = render_screenshot(args.out, args.image, args.size)
    print(f"wrote {args.out} ({image[0]}x{image[1]})")
    return 0


def render_screenshot(out: Path, image: Path | None, size: tuple[int, int]) -> tuple[int, int]:
    """Show the window at ``size`` with ``image`` fitted, grab it and save it; returns the PNG's size."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QImage

    from app.cli import EXIT_BAD_INPUT, EXIT_FAILED, CliError
    from widgets.application import create_application
    from widgets.main_window import MainWindow

    app = create_application()
    window = MainWindow(autosave=False, remember_state=False)
    window.resize(*size)
    window.show()
    if image is not None:
        from app.files.errors import FileError

        try:
            window.open_path_now(image)
        except FileError as exc:
            window.close()
            raise CliError(str(exc), EXIT_BAD_INPUT) from exc
    for _ in range(5):  # layouts settle over a few event-loop turns
        app.processEvents()
    window.canvas.fit_to_view()
    app.processEvents()
    window.canvas.flush()  # a paint composites progressively: finish before the grab
    shot = window.grab().toImage()
    if shot.width() != size[0] or shot.height() != size[1]:  # high-DPI screens grab in device pixels
        shot = shot.scaled(size[0], size[1], Qt.AspectRatioMode.IgnoreAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
    shot = shot.convertToFormat(QImage.Format.Format_RGB32)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not shot.save(str(out), "PNG"):
        raise CliError(f"Cannot write “{out}”.", EXIT_FAILED)
    window.close()
    QCoreApplication.processEvents()
    return shot.width(), shot.height()
