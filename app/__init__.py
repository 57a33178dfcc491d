"""Kintsugi application core: document, layers, history, jobs, settings, files, CLI.

May use QtCore/QtGui, never QtWidgets (widgets/ owns those).
"""

__version__ = "0.1.0"  # the same as pyproject.toml's (a test keeps them equal); About shows it
