"""Interactive sessions: per-image state kept between predictions, so a tool answers each click quickly.

    session = engine.open_session(image, model_id=None, ctx=None)   # engines.template.TemplateEngine
    result = session.predict([Points.of([(120, 80)], [True])], options)   # -> EngineResult

The state lives as long as the session object: a tool drops it when the image changes or it closes.

An engine with an expensive per-image step (an encoder embedding, a downscaled working copy, a GrabCut
model) returns its own ``EngineSession`` from ``open_session``: it computes that step once in ``__init__``
and answers in ``predict``; a TemplateEngine's session checks the image once with ``engine.prepare`` and
makes each result with ``engine.finish`` (tests/engines/test_sessions.py shows one).
``ImageSession`` is the default for every other engine: it holds the image and each prediction is one
``run``. Sessions are not thread-safe: one tool, one thread.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from engines.base import EngineResult, RunContext
from engines.params import resolve_options
from engines.prompts import Prompt

if TYPE_CHECKING:
    from engines.base import Engine


class EngineSession(ABC):
    """One image opened for interactive predictions with one engine and model."""

    def __init__(self, engine: Engine, image: np.ndarray, model_id: str | None) -> None:
        self.engine = engine
        self.image = image
        self.model_id = model_id

    @abstractmethod
    def predict(
        self,
        prompts: Sequence[Prompt] = (),
        options: dict[str, Any] | None = None,
        ctx: RunContext | None = None,
        *,
        mask: np.ndarray | None = None,
    ) -> EngineResult:
        """Answer one set of prompts; ``options`` are given as a user would (resolved from the engine's
        params here)."""

    def options(self, given: dict[str, Any] | None) -> dict[str, Any]:
        return resolve_options(self.engine.params, dict(given or {}))


class ImageSession(EngineSession):
    """The default session: no per-image state beyond the image; each prediction is one run."""

    def predict(
        self,
        prompts: Sequence[Prompt] = (),
        options: dict[str, Any] | None = None,
        ctx: RunContext | None = None,
        *,
        mask: np.ndarray | None = None,
    ) -> EngineResult:
        # Engines written before prompts existed take no ``inputs`` keyword; they get none.
        extra: dict[str, Any] = {"inputs": tuple(prompts)} if prompts else {}
        return self.engine.run(self.image, self.options(options), ctx or RunContext(), mask=mask,
                               model_id=self.model_id, **extra)
