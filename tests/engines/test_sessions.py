"""Interactive sessions: per-image state is computed once when a session opens and reused by every
prediction; ordinary engines get a default session whose predictions are plain runs."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
import pytest

from engines.base import EngineInputError, EngineResult, RunContext
from engines.needs import ModelNeeds
from engines.params import Param
from engines.prompts import Points, Prompt, check_prompts
from engines.session import EngineSession, ImageSession
from engines.template import EngineInput, Output, TemplateEngine
from tests.engines.standin_models import StandinInvertEngine


class StandinSelectEngine(TemplateEngine):
    """Smart-select stand-in: an "encoder" (a blurred Lab copy) per image, then a cheap "decoder" per set
    of clicks (pixels near a foreground click's colour and farther from every background click's)."""

    task = "standin-select"
    title = "Stand-in select"
    model_task = "standin"
    default_model = ""
    output_kind = "mask"
    needs = ModelNeeds(inputs=("points",))
    params = (Param("tolerance", "float", 25.0, "Tolerance", minimum=1.0, maximum=100.0),)
    encoded = 0  # how many times the expensive per-image step ran

    def encode(self, rgb: np.ndarray) -> np.ndarray:
        StandinSelectEngine.encoded += 1
        return cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab), (0, 0), 2)

    def decode(self, embedding: np.ndarray, job: EngineInput, options: dict[str, Any]) -> Output:
        points = job.prompts.first(Points)
        if points is None:
            raise EngineInputError("Click on the image to select.")
        colours = embedding[points.xy[:, 1].astype(int), points.xy[:, 0].astype(int)]
        distances = np.linalg.norm(embedding[:, :, None, :] - colours[None, None], axis=3)
        near = distances[:, :, points.labels].min(axis=2)
        far = distances[:, :, ~points.labels].min(axis=2) if (~points.labels).any() else np.inf
        selected = (near < options["tolerance"]) & (near < far)
        return Output("standin", mask=np.where(selected, 255, 0).astype(np.uint8))

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        return self.decode(self.encode(job.rgb), job, options)

    def open_session(self, image: np.ndarray, model_id: str | None = None,
                     ctx: RunContext | None = None) -> StandinSelectSession:
        return StandinSelectSession(self, image, model_id)


class StandinSelectSession(EngineSession):
    engine: StandinSelectEngine

    def __init__(self, engine: StandinSelectEngine, image: np.ndarray, model_id: str | None) -> None:
        super().__init__(engine, image, model_id)
        self.job = engine.prepare(image, model_id=model_id)  # checked and converted once
        self.embedding = engine.encode(self.job.rgb)  # the expensive step, once per image

    def predict(self, prompts: Sequence[Prompt] = (), options: dict[str, Any] | None = None,
                ctx: RunContext | None = None, *, mask: np.ndarray | None = None) -> EngineResult:
        engine, resolved = self.engine, self.options(options)
        job = dataclasses.replace(self.job, prompts=check_prompts(prompts, self.job.size, engine.needs.inputs,
                                                                 engine.title))
        return engine.finish(job, engine.decode(self.embedding, job, resolved), resolved, ctx or RunContext())


def test_session_state_is_computed_once_and_reused_across_predictions(coffee):
    engine = StandinSelectEngine()
    StandinSelectEngine.encoded = 0
    session = engine.open_session(coffee)
    cup = Points.of([(300, 190)], [True])  # the cup's white rim
    clicks = [cup, Points.of([(300, 190), (80, 80)], [True, False]), Points.of([(500, 350)], [True])]
    masks = [session.predict([points], {"tolerance": 20}).mask for points in clicks]
    assert StandinSelectEngine.encoded == 1
    assert all(m is not None and m.shape == coffee.shape[:2] and m.any() for m in masks)
    assert not np.array_equal(masks[0], masks[2])  # each prediction answers its own clicks
    # the same answer as a plain run, which encodes again
    run = engine.run(coffee, {"tolerance": 20.0}, RunContext(), inputs=[cup]).mask
    np.testing.assert_array_equal(run, masks[0])
    assert StandinSelectEngine.encoded == 2
    with pytest.raises(EngineInputError, match="outside the image"):
        session.predict([Points.of([(900, 10)], [True])])


def test_ordinary_engines_get_a_session_whose_predictions_are_runs(astronaut):
    engine = StandinInvertEngine()
    session = engine.open_session(astronaut)
    assert isinstance(session, ImageSession)
    mask = np.zeros(astronaut.shape[:2], np.uint8)
    mask[100:200, 100:300] = 255
    predicted = session.predict(options={"feather": 5}, mask=mask).image
    ran = engine.run(astronaut, {"feather": 5.0}, RunContext(), mask=mask).image
    np.testing.assert_array_equal(predicted, ran)
    with pytest.raises(EngineInputError, match="does not take points input"):
        session.predict([Points.of([(5, 5)], [True])])
