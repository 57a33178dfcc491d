"""Kintsugi application core: document, layers, history, jobs, settings, files, CLI.

May use QtCore/QtGui, never QtWidgets (widgets/ owns those).
"""


def _pin_bool_refcounts() -> None:
    # PySide6 6.12 returns Py_True from SignalInstance.emit() without a new reference, so every emit from
    # Python drops one reference to True; after a few hundred emits CPython < 3.12 aborts with
    # "bool_dealloc: deallocating True or False". Giving True/False a huge head start makes that
    # unreachable (3.12+ makes them immortal, so nothing is needed there).
    import sys

    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    import ctypes

    for singleton in (True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_pin_bool_refcounts()
