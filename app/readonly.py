"""A document's pixel arrays are read-only, except while a pixel edit holds them.

A layer's pixels, a mask's data and the selection become read-only when they are attached (``Layer`` /
``Mask`` construction or assignment, ``doc.selection = ...``). A paint transaction makes its target
writable until it commits or rolls back, and a pixel step while it applies its deltas. So code that
writes into a document without ``doc.history.paint(...)`` raises numpy's ValueError at once, instead of
silently changing pixels that undo knows nothing about.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import numpy as np


def adopt(array: np.ndarray) -> np.ndarray:
    """``array`` as a document keeps it: read-only. A view (of a caller's image, of a decoder's buffer) is
    copied first, so the document owns its memory and a transaction can always make it writable."""
    if array.base is not None:
        array = array.copy()
    array.flags.writeable = False
    return array


def thaw(array: np.ndarray) -> None:
    array.flags.writeable = True


def freeze(array: np.ndarray) -> None:
    array.flags.writeable = False


@contextmanager
def writable(array: np.ndarray) -> Iterator[np.ndarray]:
    """``array`` writable inside the block, as it was afterwards."""
    was = array.flags.writeable
    thaw(array)
    try:
        yield array
    finally:
        array.flags.writeable = was
