"""Kintsugi application core: document, layers, history, jobs, settings, files, CLI.

May use QtCore/QtGui, never QtWidgets (widgets/ owns those).
"""
