"""Task name -> engine class, imported lazily so that starting the app loads no engine code."""
from __future__ import annotations

import importlib

from engines.base import Engine

# task: "module:ClassName". Each engine module owns its entry here.
ENGINE_TABLE: dict[str, str] = {
    "upscale": "engines.superres:UpscaleEngine",
    "style": "engines.style:StyleEngine",
    "faces": "engines.faces.engine:FacesEngine",
}


def task_names() -> list[str]:
    return sorted(ENGINE_TABLE)


def engine_class(task: str) -> type[Engine]:
    if task not in ENGINE_TABLE:
        raise KeyError(f"unknown task {task!r}; known: {', '.join(task_names())}")
    module_name, class_name = ENGINE_TABLE[task].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def create_engine(task: str) -> Engine:
    return engine_class(task)()
