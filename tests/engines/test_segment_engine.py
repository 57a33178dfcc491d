"""Select Subject on real photos: the person model on the astronaut, GrabCut from a box on the cup and the
cat, auto's fallback on the cat, clicks that add and remove, the session's reuse of GrabCut's state, cancel
and prompts that do not fit. References are polygons drawn by hand over each photo (tests/data/segment)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from engines.base import Cancelled, EngineInputError, RunContext
from engines.prompts import Box, Points, Strokes
from engines.registry import create_engine
from engines.segment import grabcut
from engines.segment.upsample import upsample_mask
from models.store import default_store
from tests.engines.segment_refs import iou, reference

CUP_BOX = Box(70, 10, 485, 395)  # around the cup, its saucer and spoon
CAT_BOX = Box(0, 0, 400, 300)  # the cat runs off the left, top and bottom


def test_the_person_model_is_installed_for_these_tests():
    assert default_store().status("selfie") == "ready"  # fetched by bootstrap (builtin)


def test_auto_finds_the_astronaut_with_the_person_model(astronaut):
    result = create_engine("segment").run(astronaut, {}, RunContext())
    assert result.model_id == "selfie" and result.mask is not None
    assert result.mask.shape == astronaut.shape[:2] and result.mask.dtype == np.uint8
    assert set(np.unique(result.mask)) <= {0, 255}  # hard edged unless refined
    assert iou(result.mask, reference("astronaut_person")) >= 0.85


def test_auto_does_not_take_the_person_model_for_a_cat(chelsea):
    """The selfie model calls most of the cat "person"; auto must see there is no person and fall back to
    GrabCut from the middle, which still finds the cat that fills the frame."""
    result = create_engine("segment").run(chelsea, {}, RunContext())
    assert result.model_id == "grabcut"
    assert iou(result.mask, reference("chelsea_cat")) >= 0.75


@pytest.mark.parametrize(("photo", "box", "ref"),
                         [("coffee", CUP_BOX, "coffee_cup"), ("chelsea", CAT_BOX, "chelsea_cat")])
def test_grabcut_from_a_box_selects_the_object(request, photo, box, ref):
    image = request.getfixturevalue(photo)
    result = create_engine("segment").run(image, {}, RunContext(), model_id="grabcut", inputs=(box,))
    assert result.model_id == "grabcut"
    assert iou(result.mask, reference(ref)) >= 0.9
    assert not result.mask[:, int(box.x1) + 15:].any()  # nothing beyond the box and its margin


def test_a_background_click_removes_the_spoon_and_keeps_the_cup(coffee):
    session = create_engine("segment").open_session(coffee, "grabcut")
    spoon = np.zeros(coffee.shape[:2], np.uint8)
    cv2.ellipse(spoon, (365, 280), (30, 40), 0, 0, 360, 255, -1)  # the spoon's bowl
    cup = np.zeros_like(spoon)
    cv2.ellipse(cup, (285, 150), (90, 70), 0, 0, 360, 255, -1)  # the cup's inside
    before = session.predict([CUP_BOX]).mask
    assert (before[spoon > 0] > 0).mean() > 0.95
    after = session.predict([CUP_BOX, Points.of([(365, 285)], [False])]).mask
    assert (after[spoon > 0] > 0).mean() < 0.2
    assert (after[cup > 0] > 0).mean() > 0.98


def test_foreground_clicks_alone_select_around_them(chelsea):
    """No box: a click on the cat's face and one on the background behind it."""
    result = create_engine("segment").open_session(chelsea, "grabcut").predict(
        [Points.of([(200, 150), (430, 150)], [True, False])])
    cat = reference("chelsea_cat")
    assert result.mask[150, 200] == 255 and result.mask[150, 430] == 0
    assert (result.mask[cat] > 0).mean() > 0.6 and (result.mask[~cat] > 0).mean() < 0.2


def test_a_background_scribble_works_like_clicks(coffee):
    strokes = np.zeros(coffee.shape[:2], np.uint8)
    cv2.line(strokes, (345, 260), (385, 300), 2, 9)  # a background stroke across the spoon
    after = create_engine("segment").open_session(coffee, "grabcut").predict([CUP_BOX, Strokes(strokes)]).mask
    assert after[280, 365] == 0 and after[150, 285] == 255


def test_added_clicks_continue_from_the_kept_grabcut_state(coffee, monkeypatch):
    """A click added to the same box goes on from the kept labels and colour models (GC_EVAL, fewer
    iterations); another box starts again (GC_INIT_WITH_MASK)."""
    modes: list[int] = []
    real = cv2.grabCut

    def counting(*args):
        modes.append(args[-1])
        return real(*args)

    monkeypatch.setattr(grabcut.cv2, "grabCut", counting)
    session = create_engine("segment").open_session(coffee, "grabcut")
    session.predict([CUP_BOX])
    assert modes == [cv2.GC_INIT_WITH_MASK] + [cv2.GC_EVAL] * (grabcut.FIRST_ITERATIONS - 1)
    modes.clear()
    session.predict([CUP_BOX, Points.of([(365, 285)], [False])])
    assert modes == [cv2.GC_EVAL] * grabcut.MORE_ITERATIONS
    modes.clear()
    session.predict([Box(60, 10, 485, 395), Points.of([(365, 285)], [False])])
    assert modes[0] == cv2.GC_INIT_WITH_MASK


def test_a_large_image_is_selected_on_a_working_copy(coffee):
    big = cv2.resize(coffee, (2400, 1600), interpolation=cv2.INTER_CUBIC)
    mask = create_engine("segment").open_session(big, "grabcut").predict([Box(280, 40, 1940, 1580)]).mask
    ref = cv2.resize(reference("coffee_cup").astype(np.uint8), (2400, 1600), interpolation=cv2.INTER_NEAREST) > 0
    assert mask.shape == (1600, 2400) and iou(mask, ref) >= 0.9


def test_the_working_copys_mask_comes_to_full_size_along_the_photos_edges(chelsea, coffee):
    """The cat pasted onto the coffee photo through a wavy disc at 2048²: the disc found at 320² and brought
    up by the guided filter misses far fewer pixels than plain bilinear upsampling."""
    size = 2048
    angle = np.linspace(0, 2 * np.pi, 400)
    radius = size * (0.3 + 0.03 * np.sin(7 * angle))
    outline = np.stack([size / 2 + radius * np.cos(angle), size / 2 + radius * np.sin(angle)], 1).astype(np.int32)
    truth = np.zeros((size, size), np.uint8)
    cv2.fillPoly(truth, [outline], 255)
    photo = np.where(truth[..., None] > 0, cv2.resize(chelsea, (size, size)), cv2.resize(coffee, (size, size)))
    small = np.where(cv2.resize(truth, (320, 320), interpolation=cv2.INTER_AREA) >= 128, 255, 0).astype(np.uint8)
    guided = upsample_mask(small, cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY))
    plain = np.where(cv2.resize(small, (size, size), interpolation=cv2.INTER_LINEAR) >= 128, 255, 0)
    assert (guided != truth).sum() < 0.3 * (plain != truth).sum()


def test_cancel_stops_a_prediction(coffee):
    ctx = RunContext()
    ctx.cancel()
    with pytest.raises(Cancelled):
        create_engine("segment").open_session(coffee, "grabcut").predict([CUP_BOX], ctx=ctx)


@pytest.mark.parametrize(("prompt", "needle"), [
    (Box(10, 10, 700, 300), "box must lie inside"),
    (Points.of([(650, 20)], [True]), "outside the image"),
    (Strokes(np.zeros((10, 10), np.uint8)), "size of the image"),
])
def test_prompts_that_do_not_fit_are_refused(coffee, prompt, needle):
    with pytest.raises(EngineInputError, match=needle):
        create_engine("segment").open_session(coffee).predict([prompt])


def test_refine_softens_only_the_edge(chelsea):
    result = create_engine("segment").run(chelsea, {"refine": True, "edge_radius": 6}, RunContext(),
                                          model_id="grabcut", inputs=(CAT_BOX,))
    soft = (result.mask > 0) & (result.mask < 255)
    hard = create_engine("segment").run(chelsea, {}, RunContext(), model_id="grabcut", inputs=(CAT_BOX,)).mask
    edge = cv2.morphologyEx(hard, cv2.MORPH_GRADIENT, np.ones((3, 3), np.uint8)) > 0
    distance = cv2.distanceTransform((~edge).astype(np.uint8), cv2.DIST_L2, 5)
    assert soft.sum() > 500
    assert distance[soft].max() <= 7.5
    assert np.array_equal(result.mask[distance > 8], hard[distance > 8])


def test_the_engine_is_registered_with_its_menu_and_result_modes():
    engine = create_engine("segment")
    assert engine.output_kind == "mask" and engine.menu == "select"
    assert engine.result_modes == ("selection", "mask", "layer", "alpha")
    assert [m.id for m in engine.methods] == ["auto", "grabcut"]
    assert set(engine.needs.inputs) == {"points", "box", "strokes"}


def test_a_grey_16_bit_photo_is_selected_and_cut_out_at_its_depth(astronaut):
    grey = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY).astype(np.uint16) * 257
    result = create_engine("segment").run(grey, {"cutout": "subject.png"}, RunContext())
    assert iou(result.mask, reference("astronaut_person")) >= 0.85
    assert result.image is not None and result.image.dtype == np.uint16 and result.image.shape == (512, 512, 4)
    assert np.array_equal(result.image[:, :, 0], grey)
    assert np.array_equal(result.image[:, :, 3] // 257, result.mask)
