"""Loading the interface translations (Qt .qm files built from resources/translations/*.ts)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.paths import resource_path

TRANSLATIONS_DIR = resource_path("translations")
CATALOG = "kintsugi"

# Languages offered in the View menu: code -> name written in that language.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "中文"}

_installed: list[QTranslator] = []


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{language}.qm"


def ts_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOG}_{language}.ts"


def _lrelease() -> str | None:
    # pyside6-lrelease sits next to the interpreter in a venv; fall back to PATH.
    local = Path(sys.executable).with_name("pyside6-lrelease")
    if local.exists():
        return str(local)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_translations(directory: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Build every .ts in ``directory`` into a .qm beside it (build step; needs pyside6-lrelease)."""
    tool = _lrelease()
    if tool is None:
        raise RuntimeError("pyside6-lrelease was not found; install PySide6 to build translations")
    built = []
    for ts in sorted(directory.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def resolve_language(setting: str) -> str:
    """The language to use: the saved choice, else the system locale when we have it, else English."""
    if setting in LANGUAGE_NAMES:
        return setting
    system = QLocale.system().name()  # e.g. "zh_CN"
    if system in LANGUAGE_NAMES:
        return system
    if system.startswith("zh") and "zh_CN" in LANGUAGE_NAMES:
        return "zh_CN"
    return "en"


def remove_translators() -> None:
    app = QCoreApplication.instance()
    while _installed:
        translator = _installed.pop()
        if app is not None:
            app.removeTranslator(translator)


def install_translators(language: str) -> bool:
    """Install Kintsugi's and Qt's own translators for ``language``; English needs none.

    Returns True when Kintsugi's catalogue was loaded. Replaces whatever this function installed before,
    so switching language at run time works (widgets retranslate on QEvent.LanguageChange).
    """
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translators")
    remove_translators()
    if language == "en":
        return False
    qm = qm_path(language)
    if not qm.exists() or (ts_path(language).exists() and ts_path(language).stat().st_mtime > qm.stat().st_mtime):
        try:  # a source checkout may not have the built .qm yet
            compile_translations()
        except (RuntimeError, OSError, subprocess.CalledProcessError):
            pass
    loaded = False
    ours = QTranslator(app)
    if qm.exists() and ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
        loaded = True
    # Standard dialog buttons (OK, Cancel...) from Qt's catalogue. qt_LANG.qm only names the module
    # catalogues and fails to load when one of them is not shipped (PySide6 wheels): then use qtbase_LANG.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in (f"qt_{language}", f"qtbase_{language}"):
        qt_own = QTranslator(app)
        if qt_own.load(catalogue, qt_dir):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
            break
    return loaded
