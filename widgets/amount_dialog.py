"""A one-number prompt (pixels) for Select ▸ Modify ▸ … and Layer ▸ Mask ▸ Grow / Shrink / Feather.

``modify(window, kind)`` asks for the amount of one kind of change and applies it to the document as one
undo step; the amount last used for each kind is offered again in the same session.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout, QSpinBox, QWidget

from app.texts import translator
from widgets import doc_ops

if TYPE_CHECKING:
    from widgets.main_window import MainWindow

_tr = translator("AmountDialog")
MAX_PIXELS = 500


@dataclass(frozen=True)
class Amount:
    """One kind of change: its operation, dialog title, field label and default amount."""

    op: Callable[[Any, Any], None]
    title: str
    label: str
    default: float
    decimals: int = 0  # feathering takes fractions of a pixel, the others whole pixels


def _kinds() -> dict[str, Amount]:
    radius, width = _tr("Radius:"), _tr("Width:")
    return {
        "grow_selection": Amount(doc_ops.grow_selection, _tr("Grow Selection"), radius, 4),
        "shrink_selection": Amount(doc_ops.shrink_selection, _tr("Shrink Selection"), radius, 4),
        "feather_selection": Amount(doc_ops.feather_selection, _tr("Feather Selection"), radius, 4, 1),
        "border_selection": Amount(doc_ops.border_selection, _tr("Border Selection"), width, 8),
        "grow_mask": Amount(doc_ops.grow_mask, _tr("Grow Mask"), radius, 4),
        "shrink_mask": Amount(doc_ops.shrink_mask, _tr("Shrink Mask"), radius, 4),
        "feather_mask": Amount(doc_ops.feather_mask, _tr("Feather Mask"), radius, 4, 1),
    }


KINDS = tuple(_kinds())
_last: dict[str, float] = {}  # amount last used per kind, in this session


class AmountDialog(QDialog):
    def __init__(self, title: str, label: str, value: float, decimals: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.box: QSpinBox | QDoubleSpinBox
        if decimals:
            self.box = QDoubleSpinBox(self)
            self.box.setDecimals(decimals)
            self.box.setRange(0.1, MAX_PIXELS)
        else:
            self.box = QSpinBox(self)
            self.box.setRange(1, MAX_PIXELS)
        self.box.setValue(value)
        self.box.setSuffix(" px")
        self.box.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(label, self.box)
        form.addRow(buttons)

    def value(self) -> float:
        return self.box.value()


def ask_amount(parent: QWidget | None, title: str, label: str, value: float, decimals: int = 0) -> float | None:
    dialog = AmountDialog(title, label, value, decimals, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def modify(window: MainWindow, kind: str) -> None:
    """Ask for the amount of ``kind`` (one of ``KINDS``) and apply it; Cancel changes nothing."""
    if window.document is None:
        return
    amount = _kinds()[kind]
    value = ask_amount(window, amount.title, amount.label, _last.get(kind, amount.default), amount.decimals)
    if value is None:
        return
    _last[kind] = value
    window.doc_op(amount.op, value if amount.decimals else int(value))
