"""Task name -> engine class, imported lazily so that starting the app loads no engine code.

A new engine is one line here: everything else (the dialog, its menu entry, CLI flags, the Model
Manager's task label, the self-test) is derived from the engine class's own data.
"""
from __future__ import annotations

import importlib
import logging

from engines.base import Engine
from engines.params import check_params

log = logging.getLogger(__name__)

# task: "module:ClassName". Each engine module owns its entry here.
ENGINE_TABLE: dict[str, str] = {
    "upscale": "engines.superres:UpscaleEngine",
    "style": "engines.style:StyleEngine",
    "faces": "engines.faces.engine:FacesEngine",
    "adjust": "engines.adjust.engine:AdjustEngine",
    "filter": "engines.adjust.filter_engine:FilterEngine",
    "inpaint": "engines.inpaint.engine:InpaintEngine",
    "scratches": "engines.inpaint.scratch_engine:ScratchesEngine",
    "segment": "engines.segment.engine:SegmentEngine",
}


def task_names() -> list[str]:
    return sorted(ENGINE_TABLE)


def engine_class(task: str) -> type[Engine]:
    if task not in ENGINE_TABLE:
        raise KeyError(f"unknown task {task!r}; known: {', '.join(task_names())}")
    module_name, class_name = ENGINE_TABLE[task].split(":")
    cls: type[Engine] = getattr(importlib.import_module(module_name), class_name)
    check_params(cls.params)
    return cls


def engine_classes() -> dict[str, type[Engine]]:
    """Every registered engine that loads, by task. One that fails to import is logged and left out, so
    it cannot take the other engines' menu entries with it (the CLI and the self-test report it)."""
    out: dict[str, type[Engine]] = {}
    for task in task_names():
        try:
            out[task] = engine_class(task)
        except Exception:  # noqa: BLE001 - any import-time failure of one engine
            log.exception("the %s engine cannot be loaded", task)
    return out


def create_engine(task: str) -> Engine:
    return engine_class(task)()
