"""The megapixel limit that protects against decompression bombs, kept in step with Pillow's own check."""
from __future__ import annotations

import os
import warnings

from PIL import Image

DEFAULT_MAX_MEGAPIXELS = 300.0
_ENV = "KINTSUGI_MAX_MEGAPIXELS"


def _initial() -> float:
    try:
        value = float(os.environ.get(_ENV, DEFAULT_MAX_MEGAPIXELS))
    except ValueError:
        value = DEFAULT_MAX_MEGAPIXELS
    return value if value > 0 else DEFAULT_MAX_MEGAPIXELS


_max_megapixels = _initial()


def _sync_pillow() -> None:
    # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; we refuse at the limit ourselves,
    # and keep Pillow's threshold equal so code that bypasses us is guarded at the same size.
    Image.MAX_IMAGE_PIXELS = int(_max_megapixels * 1_000_000)


def max_megapixels() -> float:
    return _max_megapixels


def set_max_megapixels(value: float) -> None:
    """Change the limit (preferences); values <= 0 are rejected."""
    global _max_megapixels
    if value <= 0:
        raise ValueError("the megapixel limit must be positive")
    _max_megapixels = float(value)
    _sync_pillow()


def max_pixels() -> int:
    return int(_max_megapixels * 1_000_000)


def exceeds(width: int, height: int) -> bool:
    return int(width) * int(height) > max_pixels()


_sync_pillow()
# We refuse oversized images ourselves with a clear message, so Pillow's warning between 1x and 2x the
# limit is redundant; broken EXIF is tolerated on purpose. Set once here (filters are process-wide and
# changing them per call is not thread-safe) so neither reaches a user's terminal.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
warnings.filterwarnings("ignore", message=r"(Possibly )?[Cc]orrupt EXIF", category=UserWarning)
