"""Dark and light themes (qt-material) plus the few colours the canvas paints itself."""
from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

THEMES = {"dark": "dark_teal.xml", "light": "light_teal.xml"}

# Editors are dense: qt-material's default density makes every control touch-sized.
_EXTRA = {"density_scale": "-2", "font_size": "13px"}

# Small tweaks on top of qt-material: buttons keep their case (uppercase Chinese makes no sense anyway),
# and the dock titles and status bar stay compact.
_CSS_TWEAKS = """
QPushButton, QToolButton { text-transform: none; }
QDockWidget::title { padding: 4px; }
QStatusBar QLabel { padding: 0 6px; }
QTreeWidget::item, QListView::item, QListWidget::item { height: auto; }
"""

CANVAS_BACKGROUND = {"dark": QColor(40, 42, 46), "light": QColor(200, 202, 206)}
ICON_COLOR = {"dark": "#d5dadf", "light": "#3c4148"}
_icon_cache: dict[tuple[str, str], QIcon] = {}


def enable_high_dpi() -> None:
    """Call before creating QApplication: follow fractional scale factors (125 %, 150 %) exactly."""
    if QGuiApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)


def apply_theme(app: QApplication, name: str) -> str:
    """Apply the named theme ('dark' or 'light'); returns the theme actually applied."""
    if name not in THEMES:
        name = "dark"
    try:
        import qt_material  # imported late: it must come after PySide6 and is slow-ish to import
    except ImportError:  # the app still works with plain Fusion
        logging.getLogger(__name__).warning("qt-material is not installed; using the Fusion style")
        app.setStyle("Fusion")
        app.setProperty("kintsugi_theme", name)
        return name
    qt_material.apply_stylesheet(
        app, theme=THEMES[name], invert_secondary=(name == "light"), extra=dict(_EXTRA)
    )
    app.setStyleSheet(app.styleSheet() + _CSS_TWEAKS)
    app.setProperty("kintsugi_theme", name)
    return name


def current_theme(app: QApplication | None = None) -> str:
    app = app or QApplication.instance()
    value = app.property("kintsugi_theme") if app is not None else None
    return value if value in THEMES else "dark"


def themed_icon(name: str) -> QIcon:
    """resources/icons/NAME.svg drawn in the theme's foreground colour (the SVGs use currentColor)."""
    from app.paths import resource_path

    color = ICON_COLOR[current_theme()]
    key = (name, color)
    if key not in _icon_cache:
        svg = resource_path(f"icons/{name}.svg").read_text(encoding="utf-8").replace("currentColor", color)
        pixmap = QPixmap()
        pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
        _icon_cache[key] = QIcon(pixmap)
    return _icon_cache[key]
