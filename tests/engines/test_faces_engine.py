"""FacesEngine on real photos with the real MediaPipe / CenterFace models from the store."""
from __future__ import annotations

import json
import math

import cv2
import numpy as np
import pytest
from skimage import data

from engines.base import Cancelled, RunContext
from engines.faces.engine import FacesEngine
from engines.params import resolve_options
from engines.registry import create_engine
from engines.runtime import get_cache

# Hand-measured on skimage's astronaut (512 x 512): the eyes and the mouth.
ASTRONAUT_LEFT_EYE = (196, 94, 212, 108)  # x0, y0, x1, y1 around the iris on image left
ASTRONAUT_RIGHT_EYE = (239, 96, 255, 110)
ASTRONAUT_MOUTH = (190, 128, 258, 152)


@pytest.fixture(scope="module")
def engine() -> FacesEngine:
    engine = create_engine("faces")
    assert isinstance(engine, FacesEngine)
    return engine


def find(engine: FacesEngine, image: np.ndarray, ctx: RunContext | None = None, **options):
    return engine.run(image, resolve_options(engine.params, options), ctx or RunContext())


@pytest.fixture(scope="module")
def astronaut_result(engine, astronaut):
    return find(engine, astronaut)


def inside(point, rect) -> bool:
    return rect[0] <= point[0] <= rect[2] and rect[1] <= point[1] <= rect[3]


def rotate(image: np.ndarray, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Rotate with the canvas grown to fit; returns the image and the 2x3 matrix for points."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos), int(h * cos + w * sin)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    return cv2.warpAffine(image, m, (nw, nh), borderMode=cv2.BORDER_REPLICATE), m


def test_one_face_on_astronaut_with_the_json_layout(astronaut_result):
    data_ = astronaut_result.data
    assert data_["image"] == {"width": 512, "height": 512}
    assert len(data_["faces"]) == 1
    face = data_["faces"][0]
    assert len(face["points5"]) == 5 and len(face["points68"]) == 68 and len(face["landmarks468"]) == 468
    assert all(len(p) == 3 for p in face["landmarks468"])
    assert set(face["iris"]) == {"left", "right"}
    assert len(face["iris"]["left"]["contour"]) == 4 and len(face["iris"]["left"]["eyelid"]) == 16
    assert 0.5 <= face["score"] <= 1.0
    json.dumps(data_)  # plain JSON types only
    assert astronaut_result.provider
    assert astronaut_result.image is None  # no --draw asked for


def test_astronaut_eyes_and_mouth_fall_in_hand_measured_regions(astronaut_result):
    face = astronaut_result.data["faces"][0]
    left, right, nose, mouth_l, mouth_r = face["points5"]
    assert inside(left, ASTRONAUT_LEFT_EYE)
    assert inside(right, ASTRONAUT_RIGHT_EYE)
    assert inside(mouth_l, ASTRONAUT_MOUTH) and inside(mouth_r, ASTRONAUT_MOUTH)
    for side, rect in (("left", ASTRONAUT_LEFT_EYE), ("right", ASTRONAUT_RIGHT_EYE)):
        iris = face["iris"][side]
        assert inside(iris["center"], rect)
        assert 2.0 < iris["radius"] < 8.0  # the irises are about 9 px across


def test_face_parts_are_ordered_and_inside_the_box(astronaut_result):
    face = astronaut_result.data["faces"][0]
    x0, y0, x1, y1 = face["box"]
    left, right, nose, mouth_l, mouth_r = face["points5"]
    assert left[0] < nose[0] < right[0]
    assert mouth_l[0] < mouth_r[0]
    assert max(left[1], right[1]) < nose[1] < min(mouth_l[1], mouth_r[1])  # eyes above nose above mouth
    for x, y in face["points5"] + face["points68"]:
        assert x0 <= x <= x1 and y0 <= y <= y1
    p68 = np.array(face["points68"])
    assert p68[8, 1] == pytest.approx(p68[:, 1].max(), abs=2.0)  # jaw point 8 is the chin
    assert np.linalg.norm(p68[36:42].mean(axis=0) - np.array(left)) < 6  # 68-point eye around the eye centre


def _lfw(index: int) -> np.ndarray:
    small = data.lfw_subset()[index]  # 25 x 25 grey, 0..1; the first 100 are faces, the rest are not
    return cv2.resize((small * 255).astype(np.uint8), (112, 112), interpolation=cv2.INTER_CUBIC)


def test_lfw_faces_one_each(engine):
    counts = []
    for index in range(0, 100, 10):  # 10 different people
        result = find(engine, _lfw(index), with_iris=False)
        counts.append(len(result.data["faces"]))
        for face in result.data["faces"]:
            left, right, nose, ml, mr = face["points5"]
            assert max(left[1], right[1]) < nose[1] < max(ml[1], mr[1])
    assert max(counts) == 1
    assert sum(counts) >= 9  # no. 30 is a blurred, tilted 25-px face that neither detector is sure of


def test_lfw_non_faces_give_nothing(engine):
    for index in range(100, 200, 20):
        assert find(engine, _lfw(index), with_iris=False).data["faces"] == []


@pytest.mark.parametrize("degrees", [40, -40])
def test_tilted_face(engine, astronaut, astronaut_result, degrees):
    tilted, m = rotate(astronaut, degrees)
    result = find(engine, tilted)
    assert len(result.data["faces"]) == 1
    face = result.data["faces"][0]
    upright = astronaut_result.data["faces"][0]
    # cv2 turns positive angles counter-clockwise on screen, which lifts the eye line's right end
    assert face["angle"] == pytest.approx(upright["angle"] - degrees, abs=6)
    expected = np.array(upright["points5"]) @ m[:, :2].T + m[:, 2]
    assert np.abs(np.array(face["points5"]) - expected).max() < 6


def test_two_faces_side_by_side(engine, astronaut):
    pair = np.hstack([astronaut, astronaut[:, ::-1]])
    faces = find(engine, pair).data["faces"]
    assert len(faces) == 2
    assert faces[0]["box"][2] < 512 < faces[1]["box"][0]  # one in each half, left to right
    # the mirrored copy's eyes are the mirror of the first one's
    mirrored = 1024 - np.array(faces[0]["points5"])[:2, 0]
    assert np.abs(np.sort(mirrored) - np.sort(np.array(faces[1]["points5"])[:2, 0])).max() < 4


def test_small_faces_in_a_group_need_centerface(engine, astronaut):
    canvas = cv2.resize(data.coffee(), (1600, 1000), interpolation=cv2.INTER_AREA)
    small = cv2.resize(astronaut, (128, 128), interpolation=cv2.INTER_AREA)  # faces about 25 px wide
    spots = [(80 + 300 * j, 100 + 300 * i) for i in range(3) for j in range(5)]
    for x, y in spots:
        canvas[y:y + 128, x:x + 128] = small
    auto = find(engine, canvas, with_iris=False).data["faces"]
    short = find(engine, canvas, detector="short", with_mesh=False).data["faces"]
    assert len(short) < 5  # BlazeFace is made for portrait framing
    assert len(auto) >= 13
    for face in auto:  # every find is one of the pasted faces
        cx, cy = (face["box"][0] + face["box"][2]) / 2, (face["box"][1] + face["box"][3]) / 2
        assert any(x <= cx <= x + 128 and y <= cy <= y + 128 for x, y in spots)


def test_grayscale_photo_matches_colour(engine, astronaut, astronaut_result):
    grey = cv2.cvtColor(astronaut, cv2.COLOR_RGB2GRAY)
    faces = find(engine, grey).data["faces"]
    assert len(faces) == 1
    diff = np.abs(np.array(faces[0]["points5"]) - np.array(astronaut_result.data["faces"][0]["points5"]))
    assert diff.max() < 4


def test_no_face_on_coffee(engine):
    assert find(engine, data.coffee()).data["faces"] == []


def test_detector_only_mode_and_each_detector(engine, astronaut):
    for detector in ("short", "full", "centerface"):
        result = find(engine, astronaut, detector=detector, with_mesh=False)
        faces = result.data["faces"]
        assert len(faces) == 1 and faces[0]["detector"] == result.model_id
        assert "landmarks468" not in faces[0]
        left, right = faces[0]["points5"][:2]
        assert inside(left, (190, 88, 218, 114)) and inside(right, (233, 90, 261, 116))


def test_max_faces_and_draw(engine, astronaut):
    pair = np.hstack([astronaut, astronaut[:, ::-1]])
    result = find(engine, pair, max_faces=1, draw="out.png")
    assert len(result.data["faces"]) == 1
    assert result.image is not None and result.image.shape == pair.shape
    x0, y0, x1, y1 = (int(v) for v in result.data["faces"][0]["box"])
    assert np.any(result.image[y0:y1, x0:x1] != pair[y0:y1, x0:x1])  # something was drawn on the face


def test_cancel_between_faces(engine, astronaut):
    ctx = RunContext()
    ctx.cancel()
    with pytest.raises(Cancelled):
        find(engine, astronaut, ctx=ctx)


def test_progress_is_reported(engine, astronaut):
    seen: list[float] = []
    find(engine, astronaut, ctx=RunContext(on_progress=lambda f, m: seen.append(f)))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_bare_benchmark_feeds_run_on_the_model(engine, astronaut):
    model_id, feeds, outputs = engine.bare_benchmark(astronaut)
    raw_boxes, raw_scores = get_cache().get(model_id).run(outputs, feeds)
    assert raw_boxes.shape == (1, 896, 16) and raw_scores.shape == (1, 896, 1)
    assert raw_scores.max() > 0  # a logit above 0: the face is there


def test_rgba_and_16_bit_inputs(engine, astronaut, astronaut_result):
    rgba = np.dstack([astronaut, np.full(astronaut.shape[:2], 255, np.uint8)])
    deep = astronaut.astype(np.uint16) * 257
    expected = np.array(astronaut_result.data["faces"][0]["points5"])
    for image in (rgba, deep):
        faces = find(engine, image).data["faces"]
        assert len(faces) == 1 and np.abs(np.array(faces[0]["points5"]) - expected).max() < 1.0


def test_angle_of_upright_face_is_small(astronaut_result):
    assert abs(astronaut_result.data["faces"][0]["angle"]) < 10
    assert math.isfinite(astronaut_result.data["faces"][0]["mesh_presence"])
