"""Test-wide setup: offscreen Qt, the project root on sys.path, real photos from scikit-image."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(scope="session")
def astronaut() -> np.ndarray:
    from skimage import data

    return data.astronaut()  # (512, 512, 3) uint8


@pytest.fixture(scope="session")
def coffee() -> np.ndarray:
    from skimage import data

    return data.coffee()  # (400, 600, 3) uint8


@pytest.fixture(scope="session")
def chelsea() -> np.ndarray:
    from skimage import data

    return data.chelsea()  # (300, 451, 3) uint8
