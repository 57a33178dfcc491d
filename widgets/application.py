"""Starting the editor: QApplication, theme, translations, the main window, the first image."""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.paths import resource_path

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

APP_ICON = "icons/kintsugi.svg"


def app_icon() -> QIcon:
    return QIcon(str(resource_path(APP_ICON)))


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (or the existing one) with names, icon, theme and translators set up."""
    from app.i18n import install_translators, resolve_language
    from app.settings import APPLICATION, ORGANIZATION, app_settings
    from widgets.theme import apply_theme, enable_high_dpi

    existing = QApplication.instance()
    if existing is None:
        enable_high_dpi()
        app = QApplication(argv if argv is not None else sys.argv[:1])
    else:
        app = existing  # type: ignore[assignment]
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Kintsugi")
    app.setWindowIcon(app_icon())
    settings = app_settings()
    settings.apply_model_dir()
    install_translators(resolve_language(settings.language))
    apply_theme(app, settings.theme)
    return app


def run_gui(path: str | Path | None = None) -> int:
    """Open the editor (with ``path`` if given) and run until the window closes; returns the exit code."""
    app = create_application()
    if os.environ.get("KINTSUGI_EXIT_WHEN_SHOWN"):
        # Start-up probe for the installer build: measure launch-to-window, then quit.
        from PySide6.QtCore import QTimer

        _show_window()
        QTimer.singleShot(0, app.quit)
        return int(app.exec())
    window = _show_window()
    start_session(window, path)
    return int(app.exec())


def _show_window() -> "MainWindow":
    from widgets.main_window import MainWindow

    window = MainWindow()
    window.restore_window_state()
    window.show()
    return window


def start_session(window: "MainWindow", path: str | Path | None) -> None:
    """Crash recovery comes first on every start, also when a file was given: the crashed work is the
    user's, and the file then opens in a tab next to it."""
    window.offer_crash_recovery()
    if path is not None:
        window.open_path(Path(path))
