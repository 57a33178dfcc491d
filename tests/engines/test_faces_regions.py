"""Face-part masks, the 68/5-point subsets and align/crop, on landmarks the real models find."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from skimage.color import rgb2lab

from engines.base import RunContext
from engines.faces import PRESETS, REGION_NAMES, align_crop, faces_region_mask, region_mask
from engines.faces.engine import FacesEngine
from engines.faces.subsets import MESH_TO_68, points5, points68
from engines.params import resolve_options


@pytest.fixture(scope="module")
def engine() -> FacesEngine:
    return FacesEngine()


def find(engine: FacesEngine, image: np.ndarray, **options) -> list[dict]:
    return engine.run(image, resolve_options(engine.params, options), RunContext()).data["faces"]


@pytest.fixture(scope="module")
def face(engine, astronaut) -> dict:
    faces = find(engine, astronaut)
    assert len(faces) == 1
    return faces[0]


def at(mask: np.ndarray, point) -> int:
    return int(mask[int(point[1]), int(point[0])])


def test_eye_masks_hold_the_eyes_and_skin_excludes_them(face, astronaut):
    eyes = region_mask(face, "eyes", astronaut.shape)
    skin = region_mask(face, "skin", astronaut.shape)
    left = region_mask(face, "left_eye", astronaut.shape)
    for side, point in zip(("left", "right"), face["points5"][:2]):
        assert at(eyes, point) == 255 and at(skin, point) == 0
        assert at(eyes, face["iris"][side]["center"]) == 255
    assert at(left, face["points5"][0]) == 255 and at(left, face["points5"][1]) == 0
    # skin covers the cheeks (mesh 50 and 280) and not the lips
    mesh = face["landmarks468"]
    assert at(skin, mesh[50]) == 255 and at(skin, mesh[280]) == 255
    lip = (np.array(mesh[17][:2]) + np.array(mesh[14][:2])) / 2  # between the lower lip's edges
    assert at(skin, lip) == 0 and at(region_mask(face, "lips", astronaut.shape), lip) > 127


def test_masks_cover_the_right_pixels(face, astronaut):
    """Colour statistics of the real photo under each mask: lips redder than skin, eyes darker."""
    lab = rgb2lab(astronaut)

    def mean(region, channel):
        return lab[..., channel][region_mask(face, region, astronaut.shape) > 127].mean()

    assert mean("lips", 1) > mean("skin", 1) + 4  # a*: red
    assert mean("eyes", 0) < mean("skin", 0) - 12  # L*: the eyes' dark irises and lashes
    assert mean("nose", 0) > mean("eyes", 0)


def test_region_areas_nest(face, astronaut):
    areas = {r: int((region_mask(face, r, astronaut.shape[:2]) > 127).sum()) for r in REGION_NAMES}
    assert all(a > 0 for a in areas.values())
    assert areas["face_oval"] > areas["skin"] > areas["nose"] > areas["mouth_inner"]
    assert areas["eyes"] == pytest.approx(areas["left_eye"] + areas["right_eye"], rel=0.02)
    assert areas["mouth"] == pytest.approx(areas["lips"] + areas["mouth_inner"], rel=0.05)
    iris = region_mask(face, "irises", astronaut.shape)
    eyes = region_mask(face, "eyes", astronaut.shape)
    assert (iris > 127).sum() < areas["eyes"] and ((iris > 127) & (eyes > 127)).sum() > 0.5 * (iris > 127).sum()


def test_feather_softens_the_edge(face, astronaut):
    hard = region_mask(face, "face_oval", astronaut.shape)
    soft = region_mask(face, "face_oval", astronaut.shape, feather=4)
    assert np.count_nonzero((soft > 10) & (soft < 245)) > 3 * np.count_nonzero((hard > 10) & (hard < 245))
    assert at(soft, face["points5"][2]) == 255


def test_union_over_faces_and_errors(face, astronaut):
    union = faces_region_mask([face, face], "eyes", astronaut.shape)
    assert np.array_equal(union, region_mask(face, "eyes", astronaut.shape))
    with pytest.raises(ValueError, match="Unknown face region"):
        region_mask(face, "ears", astronaut.shape)
    with pytest.raises(ValueError, match="no mesh"):
        region_mask({"box": face["box"], "points5": face["points5"]}, "skin", astronaut.shape)


def test_subsets_follow_the_ibug_layout(face):
    mesh = np.array(face["landmarks468"])
    p68 = points68(mesh)
    assert len(set(MESH_TO_68)) == 68
    assert p68[0, 0] < p68[8, 0] < p68[16, 0]  # jaw from image left to right through the chin
    assert p68[36:42, 0].max() < p68[42:48, 0].min()  # left eye wholly left of the right eye
    assert p68[48, 0] < p68[51, 0] < p68[54, 0] and p68[51, 1] < p68[57, 1]  # mouth: corners, top, bottom
    assert p68[19, 1] < p68[37, 1] < p68[30, 1] < p68[51, 1]  # brow above eye above nose tip above lip
    p5 = points5(mesh)  # without irises: eyelid centres, close to the iris centres
    assert np.abs(p5[:2] - np.array(face["points5"])[:2]).max() < 4


def test_align_crop_puts_eyes_on_the_eye_line(engine, astronaut):
    """Tilt the photo, align it, and look again: the eyes are level and where the preset wants them."""
    h, w = astronaut.shape[:2]
    tilted = cv2.warpAffine(astronaut, cv2.getRotationMatrix2D((w / 2, h / 2), 20, 1.0), (w, h),
                            borderMode=cv2.BORDER_REFLECT)
    face = find(engine, tilted)[0]
    preset = PRESETS["passport-35x45"]
    out = align_crop(tilted, face, preset="passport-35x45")
    assert out.shape == (preset.height, preset.width, 3)
    again = find(engine, out)
    assert len(again) == 1
    left, right = np.array(again[0]["points5"][:2])
    assert abs(again[0]["angle"]) < 3
    assert (left[1] + right[1]) / 2 == pytest.approx(preset.eye_line_y * preset.height, abs=0.03 * preset.height)
    assert (left[0] + right[0]) / 2 == pytest.approx(preset.width / 2, abs=0.03 * preset.width)


def test_align_crop_options(face, astronaut):
    out = align_crop(astronaut, face, size=(300, 400), eye_line_y=0.5, straighten=False, background=(255, 255, 255))
    assert out.shape == (400, 300, 3)
    with pytest.raises(ValueError, match="preset"):
        align_crop(astronaut, face, preset="nope")
    with pytest.raises(ValueError, match="eye line"):
        align_crop(astronaut, face, eye_line_y=1.5)
