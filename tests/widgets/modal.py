"""Answering a modal dialog the code under test opens with exec(): the answer runs inside that dialog's
own event loop, as a user's clicks would."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog


def answer_next_dialog(fill: Callable[[Any], None], accept: bool = True) -> list[QDialog]:
    """When the next modal dialog opens: ``fill(dialog)``, then OK (or Cancel). The returned list gets
    the dialog, so a test can check that one was shown."""
    seen: list[QDialog] = []
    tries = [200]  # 2 s, then give up (the test then fails on ``seen`` or on what did not happen)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not open yet: the code under test may still be preparing it
            tries[0] -= 1
            if tries[0] > 0:
                QTimer.singleShot(10, answer)
            return
        seen.append(dialog)
        try:
            fill(dialog)
        except BaseException:
            dialog.reject()  # never leave the test waiting on an open dialog; pytest-qt reports the error
            raise
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, answer)
    return seen
