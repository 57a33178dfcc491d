"""The engine template: everything around a model's forward step, written once for every engine.

``TemplateEngine.run`` checks the image, mask and prompts against the engine's ``needs``, calls the
engine's ``forward``, turns its float result back into an image of the input's type with the input's
alpha (engines.adapt), and, for engines that take a mask, blends the result into the original through
the mask (feathered by the engine's ``feather`` option, when it has one: ``FEATHER``), so pixels outside
the mask stay exactly as they were. An engine writes only ``forward``:

    class InpaintEngine(TemplateEngine):
        task, title, model_task, default_model = "inpaint", "Inpaint", "inpaint", "lama"
        needs = ModelNeeds(multiple=8, mask="required")
        params = (FEATHER,)

        def forward(self, job: EngineInput, options: dict, ctx: RunContext) -> Output:
            loaded = get_cache().get(job.model_id or self.default_model, ctx.device, ctx=ctx)

            def fn(pixels, mask):  # float32 (h, w, 3) 0..1 and (h, w) uint8, sides multiples of 8
                ...  # feeds from pixels and mask; loaded.run(names, feeds, ctx=ctx); back to (h, w, 3)

            out = crop_around_mask(fn, job.rgb, job.mask, needs=self.needs, ctx=ctx, span=(0.05, 0.95),
                                   cost=loaded.cost)
            return Output(image=out, provider=loaded.provider, model_id=loaded.model_id)
"""
from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from engines.adapt import Source, check_image
from engines.base import Engine, EngineResult, RunContext
from engines.masking import blend, check_mask, mask_weights
from engines.needs import ModelNeeds
from engines.params import Param
from engines.prompts import Prompt, Prompts, check_prompts
from engines.session import EngineSession, ImageSession

FEATHER = Param("feather", "float", 0.0, "Mask feather", "Soft edge inside the mask, in pixels.",
                minimum=0.0, maximum=1000.0)


@dataclass(frozen=True)
class EngineInput:
    """What ``forward`` gets: the checked input of one run."""

    source: Source
    mask: np.ndarray | None  # (H, W) uint8, not empty; None when not given or not taken
    prompts: Prompts
    model_id: str | None  # as asked for; None: the engine's default

    @property
    def rgb(self) -> np.ndarray:
        """float32 (H, W, 3) 0..1, alpha left out (it is put back by the template)."""
        return self.source.rgb

    @property
    def rgb8(self) -> np.ndarray:
        return self.source.rgb8

    @property
    def size(self) -> tuple[int, int]:
        return self.source.size


@dataclass
class Output:
    """What ``forward`` returns; the template makes the EngineResult from it."""

    model_id: str
    provider: str = ""
    # float32 (h, w, 3) 0..1, any size: converted and given the alpha; or RGB of the input's own type and
    # size (an engine that worked on ``job.source.image``): only given the alpha
    image: np.ndarray | None = None
    mask: np.ndarray | None = None  # (H, W) uint8, for output_kind "mask"
    data: dict[str, Any] | None = None  # for output_kind "data"
    picture: np.ndarray | None = None  # a finished 8-bit RGB picture passed on as it is (faces' drawing)
    # The mask ``image`` is blended through when forward changed it (inpainting grows it); None: the input's
    blend_mask: np.ndarray | None = None
    message: str = "done"  # the last progress message


class TemplateEngine(Engine):
    """An engine made of a declared ``needs`` and a ``forward`` step; see the module docstring."""

    needs: ClassVar[ModelNeeds] = ModelNeeds()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # What callers read (app.jobs, the self-test) follows the declared needs: set ``needs``, not these.
        cls.needs_mask = cls.needs.mask == "required"
        cls.uses_mask = cls.needs.mask != "none"

    def open_session(
        self, image: np.ndarray, model_id: str | None = None, ctx: RunContext | None = None
    ) -> EngineSession:
        """Keep per-image state for interactive use (a tool answering clicks): ``session.predict(prompts,
        options)``. Engines with an expensive per-image step (an encoder) override this; by default the
        session holds the image and each prediction is one ``run``."""
        return ImageSession(self, image, model_id)

    @abstractmethod
    def forward(self, job: EngineInput, options: dict[str, Any], ctx: RunContext) -> Output:
        """The engine's own work on a checked input. Must call ``ctx.report`` between units of work."""

    def prepare(self, image: np.ndarray, *, mask: np.ndarray | None = None, model_id: str | None = None,
                inputs: Sequence[Prompt] = ()) -> EngineInput:
        """Check a run's input (EngineInputError with a message for the user) and wrap it for forward."""
        check_image(image, self.needs, self.title)
        size = (image.shape[0], image.shape[1])
        return EngineInput(Source(image), check_mask(mask, size, self.needs.mask, self.title),
                           check_prompts(inputs, size, self.needs.inputs, self.title), model_id)

    def finish(self, job: EngineInput, out: Output, options: dict[str, Any], ctx: RunContext) -> EngineResult:
        """forward's output as the run's result: image converted, alpha back, mask applied."""
        image = out.picture
        if out.image is not None:
            native = out.image.dtype == job.source.image.dtype
            image = job.source.with_alpha(out.image) if native else job.source.to_image(out.image)
            mask = job.mask if out.blend_mask is None else out.blend_mask
            if mask is not None:
                image = blend(job.source.image, image, mask_weights(mask, float(options.get("feather", 0.0))))
        ctx.report(1.0, out.message)
        return EngineResult(image=image, mask=out.mask, data=out.data, provider=out.provider,
                            model_id=out.model_id, notes=list(ctx.notes))

    def run(
        self,
        image: np.ndarray,
        options: dict[str, Any],
        ctx: RunContext,
        *,
        mask: np.ndarray | None = None,
        model_id: str | None = None,
        inputs: Sequence[Prompt] = (),
    ) -> EngineResult:
        job = self.prepare(image, mask=mask, model_id=model_id, inputs=inputs)
        return self.finish(job, self.forward(job, options, ctx), options, ctx)
