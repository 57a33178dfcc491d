"""The common 68-point (iBUG 300-W layout) and 5-point subsets, picked from the 468-point mesh.

The mesh has no exact counterpart of every iBUG point; these indices are the nearest mesh vertices on
the same contour (jaw, brows' upper edge, nose bridge and base, eyelids, outer and inner lips). Points
run in iBUG order: jaw from image left to image right, then brows, nose, eyes, mouth.
"""
from __future__ import annotations

import numpy as np

from engines.faces.regions import LEFT_EYE, RIGHT_EYE

MESH_TO_68: tuple[int, ...] = (
    # jaw 0-16
    234, 93, 132, 58, 172, 136, 149, 148, 152, 377, 378, 365, 397, 288, 361, 323, 454,
    # brows 17-21 (image left, outer -> inner), 22-26 (image right, inner -> outer)
    70, 63, 105, 66, 107, 336, 296, 334, 293, 300,
    # nose bridge 27-30, base 31-35
    168, 197, 5, 4, 98, 97, 2, 326, 327,
    # eye on image left 36-41 (outer corner, upper lid x2, inner corner, lower lid x2)
    33, 160, 158, 133, 153, 144,
    # eye on image right 42-47 (inner corner, upper lid x2, outer corner, lower lid x2)
    362, 385, 387, 263, 373, 380,
    # outer lips 48-59 (left corner, upper lip, right corner, lower lip)
    61, 40, 37, 0, 267, 270, 291, 321, 314, 17, 84, 91,
    # inner lips 60-67
    78, 81, 13, 311, 308, 402, 14, 178,
)
assert len(MESH_TO_68) == 68

NOSE_TIP = 1
MOUTH_CORNERS = (61, 291)  # image left, image right
EYE_RINGS = {"left": LEFT_EYE, "right": RIGHT_EYE}  # their mean is the eye centre when no iris was found


def points68(mesh: np.ndarray) -> np.ndarray:
    """(68, 2) from the (468, 2+) mesh."""
    return np.asarray(mesh)[list(MESH_TO_68), :2]


def points5(mesh: np.ndarray, iris_centres: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """(5, 2): left eye centre, right eye centre, nose tip, left and right mouth corners (image sides).

    Eye centres are the iris centres when given, else the mean of the eyelid contour."""
    mesh = np.asarray(mesh)
    eyes = []
    for side in ("left", "right"):
        if iris_centres and side in iris_centres:
            eyes.append(np.asarray(iris_centres[side], np.float64)[:2])
        else:
            eyes.append(mesh[list(EYE_RINGS[side]), :2].mean(axis=0))
    rest = mesh[[NOSE_TIP, *MOUTH_CORNERS], :2]
    return np.vstack([np.array(eyes), rest])
