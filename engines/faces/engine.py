"""FacesEngine: find faces, then 468-point mesh, irises and the 68/5-point subsets, as JSON-able data.

Pipeline: detector(s) on the whole photo -> per face an upright crop for FaceMesh (two passes) -> eye
crops for the iris model. With ``detector="auto"`` BlazeFace short range (close faces) and CenterFace
(small faces; BlazeFace full range when CenterFace is not installed) both run and their finds are merged;
FaceMesh's face-presence score then drops false finds. The detectors take 8-bit RGB (the template's
``rgb8``: grey, alpha and 16-bit inputs are adapted there).
"""
from __future__ import annotations

import math
from typing import Any

import cv2
import numpy as np

from engines.adapt import Source
from engines.base import ModelUnavailableError, RunContext
from engines.faces import iris as iris_mod
from engines.faces import mesh as mesh_mod
from engines.faces.detector import (
    BLAZEFACE,
    CENTERFACE_ID,
    CENTERFACE_INPUT,
    CENTERFACE_OUTPUTS,
    Detection,
    blazeface_input,
    centerface_input,
    detect_blazeface,
    detect_centerface,
    iou_matrix,
)
from engines.faces.subsets import points5, points68
from engines.needs import ModelNeeds
from engines.params import Param
from engines.runtime import get_cache
from engines.template import EngineInput, Output, TemplateEngine

DETECTORS = ("auto", "short", "full", "centerface")
_DETECTOR_IDS = {"short": "blazeface-short", "full": "blazeface-full", "centerface": CENTERFACE_ID}
DUPLICATE_IOU = 0.45  # two finds whose landmark boxes overlap this much are the same face


def _r(values: np.ndarray) -> list[Any]:
    """Rounded nested lists for JSON (1/100 pixel is far below the models' accuracy)."""
    rounded: list[Any] = np.round(np.asarray(values, np.float64), 2).tolist()
    return rounded


def _mouth_corners_estimate(det: Detection) -> np.ndarray:
    """BlazeFace gives the mouth centre only; corners sit about 0.4 eye-distances to either side."""
    eye_vec = det.keypoints[1] - det.keypoints[0]
    mouth = det.keypoints[3]
    return np.array([mouth - 0.4 * eye_vec, mouth + 0.4 * eye_vec])


def _points5_from_detection(det: Detection) -> np.ndarray:
    if det.detector == CENTERFACE_ID:
        return det.keypoints[:5]
    return np.vstack([det.keypoints[:3], _mouth_corners_estimate(det)])


def _same_face(a: Detection, b: Detection) -> bool:
    """Detectors frame faces differently (CenterFace includes the forehead): compare centres instead."""
    ca = (a.box[:2] + a.box[2:]) / 2
    cb = (b.box[:2] + b.box[2:]) / 2
    size = max(min(a.width, a.height), min(b.width, b.height))
    ratio = max(a.width, b.width) / max(min(a.width, b.width), 1e-6)
    return float(np.linalg.norm(ca - cb)) < 0.35 * size and ratio < 2.0


class FacesEngine(TemplateEngine):
    task = "faces"
    title = "Find faces"
    description = "Finds faces and their landmarks (468-point mesh, irises, 68 and 5-point sets)."
    model_task = "faces"
    default_model = "blazeface-short"
    output_kind = "data"
    menu = "face"
    needs = ModelNeeds(grey=True)
    params = (
        Param("min_score", "float", 0.5, "Minimum confidence", "Detections scoring below this are ignored.",
              minimum=0.05, maximum=1.0, step=0.05),
        Param("detector", "choice", "auto", "Detector",
              "auto: close and small faces; short: portraits; full: faces further away; "
              "centerface: small faces in group photos.", choices=DETECTORS),
        Param("max_faces", "int", 50, "Maximum faces", "Keep at most this many (the most confident).",
              minimum=1, maximum=1000),
        Param("with_mesh", "bool", True, "Face mesh", "Find the 468 landmarks (and the 68-point set)."),
        Param("with_iris", "bool", True, "Irises", "Find iris centres and outlines (needs the mesh)."),
        Param("draw", "path", "", "Draw to file",
              "Command line: also return the photo with the faces drawn on it (written to this PNG).",
              cli_only=True),
    )

    # -- public entry points -------------------------------------------------------------------------
    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        opts = {p.name: p.default for p in self.params} | dict(options)
        rgb = job.rgb8
        ctx.report(0.0, "Finding faces")
        dets, provider, used = self._detect(rgb, opts, ctx, job.model_id)
        faces = self._landmarks(rgb, dets, opts, ctx)
        faces.sort(key=lambda f: (f["box"][0], f["box"][1]))  # reading order: stable numbering in the UI
        data = {"image": {"width": int(rgb.shape[1]), "height": int(rgb.shape[0])}, "faces": faces,
                "detector": "+".join(used)}
        drawn = draw_faces(rgb, faces) if opts.get("draw") else None
        return Output(used[0], provider, data=data, picture=drawn, message=f"{len(faces)} face(s) found")

    def bare_benchmark(
        self, image: np.ndarray, model_id: str | None = None
    ) -> tuple[str, dict[str, np.ndarray], list[str]]:
        """A detector alone on ``image``: (model id, feeds, output names) for benchmarks."""
        rgb = Source(image).rgb8
        if model_id == CENTERFACE_ID:
            tensor, _ = centerface_input(rgb)
            return CENTERFACE_ID, {CENTERFACE_INPUT: tensor}, list(CENTERFACE_OUTPUTS)
        model = BLAZEFACE[model_id if model_id in BLAZEFACE else "blazeface-short"]
        tensor, _ = blazeface_input(rgb, model)
        return model.model_id, {model.input_name: tensor}, list(model.outputs)

    def benchmark_options(self, model_id: str) -> dict[str, Any]:
        """Options under which the pipeline does the same work as ``bare_benchmark`` for ``model_id``
        (detection only), so the benchmark's overhead ratio compares like with like."""
        detectors = {v: k for k, v in _DETECTOR_IDS.items()}
        if model_id in detectors:
            return {"detector": detectors[model_id], "with_mesh": False, "with_iris": False}
        return {}

    # -- steps -------------------------------------------------------------------------------------------
    def _detector_plan(self, choice: str, model_id: str | None) -> list[str]:
        if model_id in ("blazeface-short", "blazeface-full", CENTERFACE_ID) and choice == "auto":
            return [model_id]
        if choice == "auto":
            return ["blazeface-short", CENTERFACE_ID]
        return [_DETECTOR_IDS[choice]]

    def _detect(
        self, rgb: np.ndarray, opts: dict[str, Any], ctx: RunContext, model_id: str | None
    ) -> tuple[list[Detection], str, list[str]]:
        plan = self._detector_plan(str(opts["detector"]), model_id)
        min_score = float(opts["min_score"])
        found: list[Detection] = []
        used: list[str] = []
        provider = ""
        for index, detector_id in enumerate(plan):
            try:
                loaded = get_cache().get(detector_id, device=ctx.device)
            except ModelUnavailableError:
                if index == 0 or detector_id != CENTERFACE_ID:
                    raise
                # auto mode: small faces still get BlazeFace full range when CenterFace is missing
                ctx.note("CenterFace is not installed; used BlazeFace full range for small faces.")
                detector_id = "blazeface-full"
                loaded = get_cache().get(detector_id, device=ctx.device)
            if detector_id == CENTERFACE_ID:
                dets = detect_centerface(rgb, loaded, min_score)
            else:
                dets = detect_blazeface(rgb, loaded, BLAZEFACE[detector_id], min_score)
            provider = provider or loaded.provider
            used.append(detector_id)
            found += [d for d in dets if not any(_same_face(d, f) for f in found)]
            ctx.report(0.1 * (index + 1) / len(plan), "Finding faces")
        return found, provider, used

    def _landmarks(
        self, rgb: np.ndarray, dets: list[Detection], opts: dict[str, Any], ctx: RunContext
    ) -> list[dict[str, Any]]:
        with_mesh = bool(opts["with_mesh"])
        with_iris = with_mesh and bool(opts["with_iris"])
        mesh_runner = get_cache().get(mesh_mod.MODEL_ID, device=ctx.device) if with_mesh and dets else None
        iris_runner = get_cache().get(iris_mod.MODEL_ID, device=ctx.device) if with_iris and dets else None
        faces: list[dict[str, Any]] = []
        boxes: list[np.ndarray] = []
        dets = sorted(dets, key=lambda d: d.score, reverse=True)  # the most confident first ...
        for i, det in enumerate(dets):
            if len(faces) >= int(opts["max_faces"]):
                break  # ... so that max_faces stops the landmark work early
            ctx.report(0.1 + 0.9 * i / max(len(dets), 1), f"Face {i + 1} of {len(dets)}")
            face: dict[str, Any] = {"score": round(det.score, 4), "detector": det.detector,
                                    "keypoints": _r(det.keypoints)}
            if mesh_runner is None:
                face["box"] = _r(det.box)
                face["points5"] = _r(_points5_from_detection(det))
                face["angle"] = round(math.degrees(math.atan2(*(det.keypoints[1] - det.keypoints[0])[::-1])), 2)
                faces.append(face)
                continue
            mesh = mesh_mod.detect_mesh(rgb, mesh_runner, det)
            if mesh.presence < mesh_mod.PRESENCE_MIN:
                continue  # the detector's find is not a face after all
            pts = mesh.points
            box = np.concatenate([pts[:, :2].min(axis=0), pts[:, :2].max(axis=0)])
            if boxes and iou_matrix(box[None], np.array(boxes)).max() > DUPLICATE_IOU:
                continue  # two detectors (or two anchors) found the same face
            boxes.append(box)
            centres = None
            if iris_runner is not None:
                irises = iris_mod.detect_iris(rgb, iris_runner, pts)
                centres = {side: r.center for side, r in irises.items()}
                face["iris"] = {
                    side: {"center": _r(r.center), "contour": _r(r.contour), "radius": round(r.radius, 2),
                           "eyelid": _r(r.eyelid)}
                    for side, r in irises.items()
                }
            p5 = points5(pts, centres)
            face.update(
                box=_r(box),
                points5=_r(p5),
                points68=_r(points68(pts)),
                landmarks468=_r(pts),
                mesh_presence=round(mesh.presence, 4),
                angle=round(math.degrees(mesh.roi.angle), 2),
            )
            faces.append(face)
        return faces


def draw_faces(rgb: np.ndarray, faces: list[dict[str, Any]]) -> np.ndarray:
    """A copy of ``rgb`` with boxes, mesh points, the 5 points and irises drawn (for ``--draw``).

    Marks are sized by each face, so small faces in a group photo stay readable."""
    out = Source(rgb).rgb8.copy()
    shift = 4
    one = 1 << shift

    def pt(p: Any) -> tuple[int, int]:
        return int(round((p[0] - 0.5) * one)), int(round((p[1] - 0.5) * one))

    for face in faces:
        x0, y0, x1, y1 = face["box"]
        unit = max(x1 - x0, y1 - y0) / 100.0  # marks scale with the face
        thick = max(1, int(round(1.5 * unit)))
        cv2.rectangle(out, pt((x0, y0)), pt((x1, y1)), (40, 220, 40), thick, cv2.LINE_AA, shift)
        for p in face.get("landmarks468", []):
            cv2.circle(out, pt(p), max(one // 3, int(one * 0.5 * unit)), (255, 255, 255), -1, cv2.LINE_AA, shift)
        for p in face.get("points5", []):
            cv2.circle(out, pt(p), max(one, int(one * 2 * unit)), (230, 40, 40), -1, cv2.LINE_AA, shift)
        for eye in (face.get("iris") or {}).values():
            cv2.circle(out, pt(eye["center"]), int(eye["radius"] * one), (40, 200, 255), thick, cv2.LINE_AA, shift)
        font = max(0.35, 0.4 * unit)
        cv2.putText(out, f"{face['score']:.2f}", (int(x0), max(int(y0) - 3, 10)), cv2.FONT_HERSHEY_SIMPLEX, font,
                    (40, 220, 40), max(1, thick // 2), cv2.LINE_AA)
    return out
