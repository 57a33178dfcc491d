"""Face detection and keypoints: BlazeFace / CenterFace detectors, FaceMesh, irises, masks, alignment.

Public API (see each module):
    FacesEngine                          engine.py   (task "faces", JSON data output)
    draw_faces(rgb, faces) -> rgb        engine.py
    region_mask(face, region, shape, feather=0) -> uint8 mask      regions.py (REGION_NAMES)
    faces_region_mask(faces, region, shape, feather=0)             regions.py
    align_crop(rgb, face, size=None, eye_line_y=None, head_height=None, preset=None, ...)  align.py (PRESETS)
Importing this package loads no model; the heavy modules load on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from engines.faces.align import PRESETS, align_crop
from engines.faces.regions import REGION_NAMES, faces_region_mask, region_mask

if TYPE_CHECKING:
    from engines.faces.engine import FacesEngine, draw_faces


def __getattr__(name: str) -> Any:  # the engine (onnxruntime) is imported only when asked for
    if name in ("FacesEngine", "draw_faces"):
        from engines.faces import engine

        return getattr(engine, name)
    raise AttributeError(name)


__all__ = ["FacesEngine", "draw_faces", "region_mask", "faces_region_mask", "align_crop", "PRESETS", "REGION_NAMES"]
