"""The engine template: input checks with clear messages, 8/16-bit and RGBA round trips through one
adapter, alpha kept or resized once, mask blending that leaves the outside bit-identical, prompts, and
the class attributes callers read. Forward steps here are plain numpy (no model)."""
from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import pytest

from engines.adapt import Source, to_float
from engines.base import EngineInputError, RunContext
from engines.masking import blend, mask_weights
from engines.needs import ModelNeeds
from engines.prompts import Box, HintImage, Points, Strokes
from engines.template import EngineInput, Output, TemplateEngine
from tests.engines.standin_models import StandinInvertEngine


class StandinDoubleEngine(TemplateEngine):
    """Doubles the size (nearest): the alpha must follow, resized once."""

    task = "standin-double"
    title = "Stand-in double"
    model_task = "standin"
    default_model = ""

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        return Output("standin", image=np.repeat(np.repeat(job.rgb, 2, axis=0), 2, axis=1))


class StandinPromptEngine(TemplateEngine):
    """Takes points and boxes, requires a mask; reports what it got."""

    task = "standin-prompts"
    title = "Stand-in prompts"
    model_task = "standin"
    default_model = ""
    output_kind = "data"
    needs = ModelNeeds(mask="required", inputs=("points", "box"))

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        box = job.prompts.first(Box)
        return Output("standin", data={"points": len(job.prompts.all(Points)), "box": box is not None})


def _run(engine: TemplateEngine, image: np.ndarray, **kwargs: Any):
    return engine.run(image, {"feather": 0.0}, RunContext(), **kwargs)


def test_class_attributes_follow_the_declared_needs():
    assert StandinInvertEngine.uses_mask and not StandinInvertEngine.needs_mask
    assert StandinPromptEngine.uses_mask and StandinPromptEngine.needs_mask
    assert not StandinDoubleEngine.uses_mask and not StandinDoubleEngine.needs_mask
    with pytest.raises(ValueError):
        ModelNeeds(grey=True, mask="optional")


@pytest.mark.parametrize("image, message", [
    (np.zeros((32, 32), np.uint8), "RGB or RGBA image, not an array of shape"),
    (np.zeros((32, 32, 2), np.uint8), "RGB or RGBA"),
    (np.zeros((32, 32, 3), np.float32), "8- or 16-bit image, not float32"),
    (np.zeros((4, 32, 3), np.uint8), r"too small for stand-in invert \(at least 8 px a side\)"),
])
def test_bad_images_get_a_clear_message(image, message):
    with pytest.raises(EngineInputError, match=message):
        _run(StandinInvertEngine(), image)


def test_bad_masks_get_a_clear_message(astronaut):
    engine = StandinInvertEngine()
    with pytest.raises(EngineInputError, match="size of the image"):
        _run(engine, astronaut, mask=np.zeros((10, 10), np.uint8))
    with pytest.raises(EngineInputError, match="8-bit"):
        _run(engine, astronaut, mask=np.ones(astronaut.shape[:2], np.float32))
    with pytest.raises(EngineInputError, match="empty"):
        _run(engine, astronaut, mask=np.zeros(astronaut.shape[:2], np.uint8))
    with pytest.raises(EngineInputError, match="needs a mask"):
        _run(StandinPromptEngine(), astronaut)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
@pytest.mark.parametrize("alpha", [False, True])
def test_round_trip_keeps_type_values_and_alpha(coffee, dtype, alpha):
    rng = np.random.default_rng(1)
    image = coffee.astype(dtype) * (257 if dtype == np.uint16 else 1)
    if dtype == np.uint16:
        image = image + rng.integers(0, 257, image.shape).astype(np.uint16)  # all 16 bits in use
    if alpha:
        image = np.dstack([image, rng.integers(0, np.iinfo(dtype).max, image.shape[:2]).astype(dtype)])
    source = Source(image)
    back = source.to_image(source.rgb.copy())
    assert back.dtype == image.dtype
    np.testing.assert_array_equal(back, image)  # float 0..1 and back is lossless at 8 and 16 bits
    inverted = _run(StandinInvertEngine(), image).image
    peak = np.iinfo(dtype).max
    np.testing.assert_array_equal(inverted[:, :, :3], peak - image[:, :, :3])
    if alpha:
        np.testing.assert_array_equal(inverted[:, :, 3], image[:, :, 3])  # untouched at the same size


def test_alpha_is_resized_once_when_the_size_changes(chelsea):
    alpha = np.tile(np.linspace(0, 65535, chelsea.shape[1]), (chelsea.shape[0], 1)).astype(np.uint16)
    image = np.dstack([chelsea.astype(np.uint16) * 257, alpha])
    out = _run(StandinDoubleEngine(), image).image
    assert out.shape == (600, 902, 4) and out.dtype == np.uint16
    expected = cv2.resize(alpha.astype(np.float32) / 65535, (902, 600), interpolation=cv2.INTER_CUBIC)
    np.testing.assert_array_equal(out[:, :, 3], np.rint(np.clip(expected, 0, 1) * 65535).astype(np.uint16))
    np.testing.assert_array_equal(out[::2, ::2, :3], image[:, :, :3])


def test_input_is_not_modified_and_an_identity_result_is_a_copy(astronaut):
    class Identity(StandinDoubleEngine):
        def forward(self, job, options, ctx):
            return Output("standin", image=job.rgb)  # the input's own float view

    image = astronaut.copy()
    out = _run(Identity(), image).image
    np.testing.assert_array_equal(out, astronaut)
    np.testing.assert_array_equal(image, astronaut)


def test_mask_limits_the_result_and_the_outside_stays_bit_identical(astronaut):
    mask = np.zeros(astronaut.shape[:2], np.uint8)
    cv2.circle(mask, (250, 250), 120, 255, -1)
    cv2.rectangle(mask, (0, 0), (60, 511), 255, -1)  # a second region touching the border
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 200, np.uint8)])
    engine = StandinInvertEngine()
    out = engine.run(rgba, {"feather": 25.0}, RunContext(), mask=mask).image
    outside = mask == 0
    np.testing.assert_array_equal(out[outside], rgba[outside])
    inside = cv2.copyMakeBorder((mask > 0).astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    dist = cv2.distanceTransform(inside, cv2.DIST_L2, 5)[1:-1, 1:-1]  # the feather fades at the border too
    deep = dist > 30
    np.testing.assert_array_equal(out[deep][:, :3], 255 - astronaut[deep])  # full weight deep inside
    edge = (dist > 0) & (dist < 3)
    assert np.abs(out[edge][:, :3].astype(int) - astronaut[edge]).mean() < 20  # feathered edge fades in
    assert (out[:, :, 3] == 200).all()


def test_blend_and_weights_directly():
    original = np.full((4, 4, 3), 100, np.uint16)
    result = np.full((4, 4, 3), 300, np.uint16)
    mask = np.zeros((4, 4), np.uint8)
    mask[:, 2:] = 255
    mask[0, 2] = 51  # a soft mask value: a fifth of the way
    out = blend(original, result, mask_weights(mask))
    assert (out[:, :2] == 100).all() and (out[1:, 2:] == 300).all() and (out[0, 2] == 140).all()


def test_prompts_are_checked_and_passed_on(astronaut):
    engine = StandinPromptEngine()
    mask = np.full(astronaut.shape[:2], 255, np.uint8)
    points = Points.of([(10, 20), (300, 400)], [True, False])
    result = engine.run(astronaut, {}, RunContext(), mask=mask, inputs=[points, Box(5, 5, 100, 80)])
    assert result.data == {"points": 1, "box": True}
    with pytest.raises(EngineInputError, match="does not take strokes input"):
        engine.run(astronaut, {}, RunContext(), mask=mask, inputs=[Strokes(mask)])
    with pytest.raises(EngineInputError, match="outside the image"):
        engine.run(astronaut, {}, RunContext(), mask=mask, inputs=[Points.of([(600, 20)], [True])])
    with pytest.raises(EngineInputError, match="one label each"):
        engine.run(astronaut, {}, RunContext(), mask=mask, inputs=[Points(np.zeros((2, 2)), np.ones(1, bool))])
    with pytest.raises(EngineInputError, match="box must lie inside"):
        engine.run(astronaut, {}, RunContext(), mask=mask, inputs=[Box(50, 50, 40, 80)])


def test_hint_and_strokes_must_have_the_image_size(astronaut):
    class Hints(StandinPromptEngine):
        needs = ModelNeeds(inputs=("hint", "strokes"))

    engine = Hints()
    with pytest.raises(EngineInputError, match="hint image does not have the size"):
        engine.run(astronaut, {}, RunContext(), inputs=[HintImage(np.zeros((5, 5, 4), np.uint8))])
    with pytest.raises(EngineInputError, match="strokes do not have the size"):
        engine.run(astronaut, {}, RunContext(), inputs=[Strokes(np.zeros((5, 5), np.uint8))])


def test_grey_sources_for_engines_that_take_them(astronaut):
    grey = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY)
    source = Source(np.dstack([grey, np.full_like(grey, 9)]))
    assert source.rgb8.shape == (512, 512, 3) and (source.rgb8 == grey[:, :, None]).all()
    np.testing.assert_array_equal(to_float(grey), np.repeat(grey[:, :, None], 3, axis=2) / np.float32(255))
    deep = Source(np.minimum(astronaut.astype(np.uint32) * 257 + 200, 65535).astype(np.uint16))
    np.testing.assert_array_equal(deep.rgb8, astronaut)  # 16 bits to 8 by flooring, as detectors expect


def test_blend_in_bands_equals_blend_at_once(monkeypatch, coffee):
    """The blend works a band of rows at a time inside the weights' box; any band size gives the same
    pixels, and nothing outside the box is touched."""
    from engines import masking

    mask = np.zeros(coffee.shape[:2], np.uint8)
    cv2.circle(mask, (300, 200), 90, 255, -1)
    mask[50:60, 20:580] = 255  # a thin line across: the box is wide
    weights = mask_weights(mask, 6.0)
    result = 255 - coffee
    whole = blend(coffee, result, weights)
    monkeypatch.setattr(masking, "BLEND_BAND_PIXELS", 7 * 560 + 13)  # a few rows, not a divisor
    banded = blend(coffee, result, weights)
    np.testing.assert_array_equal(banded, whole)
    np.testing.assert_array_equal(banded[mask == 0], coffee[mask == 0])
    inside = weights >= 1.0
    np.testing.assert_array_equal(banded[inside], result[inside])
    empty = blend(coffee, result, np.zeros_like(weights))
    np.testing.assert_array_equal(empty, coffee)
    assert empty is not coffee
