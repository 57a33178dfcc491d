"""The subject selection engine (Select ▸ Subject, the Smart Select tool, Layer ▸ Remove Background,
`run segment`).

Ways of working, chosen like a model: "auto" and "grabcut" (built in) or a catalog model of task "segment"
(person, salient, matting or SAM; engines.segment.learned). "auto" without prompts takes the person model
when it finds a person (enough confident area), else an installed salient model, else GrabCut from a
centred box; with prompts it takes an installed SAM model, else GrabCut. The result is a mask (255 =
subject), hard edged unless ``refine`` mattes its edge (engines.segment.matting).

``open_session`` keeps the per-image work (GrabCut's working copy and colour models, a model's map, SAM's
embedding), so each click of a tool is answered by ``session.predict`` quickly.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np

from engines.adapt import Source, check_image
from engines.base import EngineInputError, EngineResult, Method, RunContext
from engines.needs import ModelNeeds
from engines.params import Param
from engines.prompts import Box, Points, Prompt, Prompts, Strokes, check_prompts
from engines.segment import learned
from engines.segment.background import cutout
from engines.segment.grabcut import GrabCutSelector
from engines.segment.matting import refine_edge
from engines.segment.upsample import upsample_mask
from engines.session import EngineSession
from engines.template import EngineInput, Output, TemplateEngine

AUTO, GRABCUT = "auto", "grabcut"
METHODS = (
    Method(AUTO, "Best available", "Without clicks: a person model when it finds a person, else an installed "
           "salient-object model, else GrabCut from the middle of the photo. With clicks or a box: an installed "
           "SAM model, else GrabCut."),
    Method(GRABCUT, "GrabCut (colour)", "Separates the subject from the background by colour, from a box, clicks "
           "or scribbles. Built in, no model file."),
)
REFINE = Param("refine", "bool", False, "Refine edge", "Soften the edge by matting, so hair and fur blend.")
EDGE_RADIUS = Param("edge_radius", "int", 8, "Edge radius", "How far from the edge refinement may soften it.",
                    minimum=1, maximum=100, unit="px", advanced=True)
CUTOUT = Param("cutout", "path", None, "Cutout", "Also write the subject alone as a transparent PNG.",
               cli_only=True)
PERSON_SHARE = 0.02  # a person model "finds a person" when this share of the picture is confident person
PERSON_CONFIDENT = 0.8
FACE_SCORE = 0.7  # people's faces score 0.75..0.95 with BlazeFace; a cat's close-up face scored 0.59


class SegmentEngine(TemplateEngine):
    task = "segment"
    title = "Segment Subject"
    description = "Select the subject of a photo (a person, an object), from nothing, a box or clicks."
    model_task = "segment"
    default_model = AUTO
    methods = METHODS
    params = (REFINE, EDGE_RADIUS, CUTOUT)
    needs = ModelNeeds(inputs=("points", "box", "strokes"), grey=True)  # old photos are often grey
    output_kind = "mask"
    menu = "select"
    result_modes = ("selection", "mask", "layer", "alpha")
    selftest_options = {"refine": True, "edge_radius": 3}  # exercises the matting too; small and quick

    def open_session(self, image: np.ndarray, model_id: str | None = None,
                     ctx: RunContext | None = None) -> SegmentSession:
        return SegmentSession(self, image, model_id)

    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        session = SegmentSession(self, job.source.image, job.model_id, source=job.source)
        return session.output(job.prompts, options, ctx)


class SegmentSession(EngineSession):
    """One image opened for selection; each kind of per-image work is done on first use and kept."""

    engine: SegmentEngine

    def __init__(self, engine: SegmentEngine, image: np.ndarray, model_id: str | None, *,
                 source: Source | None = None) -> None:
        if source is None:
            check_image(image, engine.needs, engine.title)
            source = Source(image)
        super().__init__(engine, image, model_id)
        self.source = source
        self.rgb8 = source.rgb8
        self._grabcut: GrabCutSelector | None = None
        self._grey: np.ndarray | None = None
        self._maps: dict[str, tuple[np.ndarray, str]] = {}  # model id -> (full-size mask, provider)
        self._confident: dict[str, float] = {}  # model id -> share of the picture the model is sure of
        self._sam: learned.SamModel | None = None
        self._faces: list[tuple[int, int]] | None = None  # face centres (x, y); None: not looked for yet

    @property
    def size(self) -> tuple[int, int]:
        return self.source.size

    def predict(
        self,
        prompts: Sequence[Prompt] = (),
        options: dict[str, Any] | None = None,
        ctx: RunContext | None = None,
        *,
        mask: np.ndarray | None = None,
    ) -> EngineResult:
        ctx = ctx or RunContext()
        checked = check_prompts(prompts, self.size, self.engine.needs.inputs, self.engine.title)
        resolved = self.options(options)
        out = self.output(checked, resolved, ctx)
        ctx.report(1.0, out.message)
        return EngineResult(image=out.picture, mask=out.mask, provider=out.provider, model_id=out.model_id,
                            notes=list(ctx.notes))

    def output(self, prompts: Prompts, options: dict[str, Any], ctx: RunContext) -> Output:
        mask, used, provider = self.select(prompts, ctx)
        if options.get("refine"):
            ctx.report(0.9, "refining the edge")
            mask = refine_edge(self.rgb8, mask, int(options.get("edge_radius", EDGE_RADIUS.default)), ctx)
        picture = cutout(_as_colour(self.image), mask) if options.get("cutout") else None
        return Output(model_id=used, provider=provider, mask=mask, picture=picture)

    def select(self, prompts: Prompts, ctx: RunContext) -> tuple[np.ndarray, str, str]:
        """(mask, what made it, provider) for ``prompts`` with the session's model."""
        method = self.model_id or AUTO
        has_prompts = bool(prompts.items)
        if method == GRABCUT:
            return self.grabcut(prompts, ctx), GRABCUT, ""
        if method == AUTO:
            if has_prompts:
                sam = learned.installed("sam")
                return self.sam(sam[0], prompts, ctx) if sam else (self.grabcut(prompts, ctx), GRABCUT, "")
            return self.auto(ctx)
        if learned.convention_of(method) == "sam":
            return self.sam(method, prompts, ctx)
        mask, provider = self.model_mask(method, ctx)
        return self.within_prompts(mask, prompts), method, provider

    def auto(self, ctx: RunContext) -> tuple[np.ndarray, str, str]:
        for model_id in learned.installed("person"):
            mask, provider = self.model_mask(model_id, ctx)
            if self._confident.get(model_id, 0.0) >= PERSON_SHARE and self.face_in(mask, ctx):
                return mask, model_id, provider
        for model_id in learned.installed("salient"):
            mask, provider = self.model_mask(model_id, ctx)
            if mask.any():
                return mask, model_id, provider
        return self.grabcut(Prompts(), ctx), GRABCUT, ""

    def grabcut(self, prompts: Prompts, ctx: RunContext) -> np.ndarray:
        if self._grabcut is None:
            self._grabcut = GrabCutSelector(self.rgb8, self.grey)
        ctx.report(0.05, "GrabCut")
        return self._grabcut.select(prompts, ctx)

    def model_mask(self, model_id: str, ctx: RunContext) -> tuple[np.ndarray, str]:
        """A person / salient / matting model's full-size mask (kept for the session)."""
        if model_id not in self._maps:
            ctx.report(0.05, "finding the subject")
            with ctx.unit(0.05, 0.8, "finding the subject"):
                small, provider = learned.model_map(model_id, self.rgb8, ctx)
            self._confident[model_id] = float((small >= PERSON_CONFIDENT).mean())
            self._maps[model_id] = (upsample_mask(small, self.grey), provider)
        return self._maps[model_id]

    @property
    def grey(self) -> np.ndarray:
        if self._grey is None:
            self._grey = cv2.cvtColor(self.rgb8, cv2.COLOR_RGB2GRAY)
        return self._grey

    def face_in(self, mask: np.ndarray, ctx: RunContext) -> bool:
        """Whether a face lies inside the person model's mask: the selfie model also finds animals and
        some objects confidently, a face detector tells people from them (a cat's face scores lower)."""
        from engines.base import ModelUnavailableError
        from engines.registry import create_engine

        if self._faces is None:
            child = RunContext(cancel_event=ctx.cancel_event, device=ctx.device)  # its progress is not ours
            try:
                found = create_engine("faces").run(self.rgb8, {"with_mesh": False, "with_iris": False,
                                                               "min_score": FACE_SCORE}, child)
            except ModelUnavailableError:
                ctx.note("No face detector is installed: the person model was trusted on its own.")
                return True
            height, width = self.size
            self._faces = [(min(width - 1, max(0, int((x0 + x1) / 2))), min(height - 1, max(0, int((y0 + y1) / 2))))
                           for x0, y0, x1, y1 in ((face["box"]) for face in (found.data or {}).get("faces", []))]
        return any(mask[y, x] for x, y in self._faces)

    def within_prompts(self, mask: np.ndarray, prompts: Prompts) -> np.ndarray:
        """A model's whole-image mask limited to a box, if one was drawn (clicks need SAM or GrabCut)."""
        box = prompts.first(Box)
        if box is None:
            if prompts.first(Points) is not None or prompts.first(Strokes) is not None:
                raise EngineInputError("This model selects the whole subject; use GrabCut or SAM for clicks.")
            return mask
        out = np.zeros_like(mask)
        y0, y1, x0, x1 = int(box.y0), int(np.ceil(box.y1)), int(box.x0), int(np.ceil(box.x1))
        out[y0:y1, x0:x1] = mask[y0:y1, x0:x1]
        return out

    def sam(self, model_id: str, prompts: Prompts, ctx: RunContext) -> tuple[np.ndarray, str, str]:
        if self._sam is None or self._sam.model_id != model_id:
            self._sam = learned.SamModel.encode(model_id, self.rgb8, ctx)
        coords: list[np.ndarray] = []
        labels: list[np.ndarray] = []
        for points in prompts.all(Points):
            coords.append(points.xy)
            labels.append(points.labels.astype(np.float64))
        box = prompts.first(Box)
        if box is not None:
            coords.append(np.array([[box.x0, box.y0], [box.x1, box.y1]]))
            labels.append(np.array([2.0, 3.0]))
        if not coords:
            raise EngineInputError("SAM needs a click or a box on the subject.")
        logits = self._sam.decode(np.concatenate(coords), np.concatenate(labels), ctx)
        return np.where(logits > 0, 255, 0).astype(np.uint8), model_id, self._sam.decoder.provider


def _as_colour(image: np.ndarray) -> np.ndarray:
    """A grey (H, W) or grey + alpha (H, W, 2) image as RGB / RGBA of its own dtype; colour as it is."""
    if image.ndim == 2:
        return np.dstack([image] * 3)
    if image.shape[2] == 2:
        return np.dstack([image[:, :, 0]] * 3 + [image[:, :, 1]])
    return image
