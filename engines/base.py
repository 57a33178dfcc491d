"""The interface every engine implements, and the context a running job hands it."""
from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from engines.params import Param

if TYPE_CHECKING:
    from engines.prompts import Prompt


class EngineError(Exception):
    """A failure to show the user as is (the message is written for a person, not a developer)."""


class EngineInputError(EngineError):
    """The image, mask or options given cannot be processed (too small, empty mask, unknown style...):
    the user's input is at fault, not the engine (CLI exit code 2)."""


class ModelUnavailableError(EngineError):
    """The model a job needs is missing or corrupt in the store (CLI exit code 3)."""


class Cancelled(Exception):
    """The user cancelled the job; raised from RunContext.report between units of work, and from a model
    run that cancel stopped (engines.runtime)."""


ProgressFn = Callable[[float, str], None]


@dataclass(frozen=True)
class WorkUnit:
    """The progress range one long unit of work (one model run) moves through while it runs."""

    start: float
    end: float
    message: str


@dataclass
class RunContext:
    """Progress, cancellation and device choice for one engine run.

    Engines call ``report(fraction, message)`` between units of work (tiles, faces, steps); it forwards
    progress and raises ``Cancelled`` once cancellation was requested. Inside one long unit (a single
    model run of a minute), ``unit(start, end, message)`` tells the runtime which range to move progress
    through on a timer, and a model run stops at once on cancel (``on_cancel`` hooks; engines.runtime).
    """

    on_progress: ProgressFn | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    device: str = "auto"  # "auto" | "gpu" | "cpu"
    notes: list[str] = field(default_factory=list)  # user-facing remarks, e.g. "fell back to the CPU"
    _hooks: list[Callable[[], None]] = field(default_factory=list, init=False, repr=False)
    _hooks_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _unit: WorkUnit | None = field(default=None, init=False, repr=False)
    _shown: float = field(default=0.0, init=False, repr=False)  # the last fraction reported

    def report(self, fraction: float, message: str = "") -> None:
        self.progress(fraction, message)
        self.check_cancelled()

    def progress(self, fraction: float, message: str = "") -> None:
        """Forward progress without the cancel check (for estimates while a model runs)."""
        self._shown = min(max(float(fraction), 0.0), 1.0)
        if self.on_progress is not None:
            self.on_progress(self._shown, message)

    @property
    def shown(self) -> float:
        return self._shown

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check_cancelled(self) -> None:
        if self.cancel_event.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        """Request cancellation (any thread): the run stops at its next check, and a model run that is
        going on now is told to stop at once through the hooks registered with ``on_cancel``."""
        self.cancel_event.set()
        with self._hooks_lock:
            hooks = list(self._hooks)
        for hook in hooks:
            hook()

    def on_cancel(self, hook: Callable[[], None]) -> Callable[[], None]:
        """Call ``hook`` (on the cancelling thread) when ``cancel()`` is called; returns the function
        that unregisters it. The cancel event may also be set directly (app.jobs does): long model runs
        poll it as well, so they stop either way."""
        with self._hooks_lock:
            self._hooks.append(hook)

        def unregister() -> None:
            with self._hooks_lock:
                self._hooks.remove(hook)

        return unregister

    @contextmanager
    def unit(self, start: float, end: float, message: str = "") -> Iterator[None]:
        """Mark one long unit of work (one model run: a tile, or the whole image) as spanning progress
        ``start``..``end``; while it runs, the runtime moves progress through that range on a timer from
        the model's measured speed, so a one-tile job does not sit at one value for a minute."""
        previous, self._unit = self._unit, WorkUnit(start, end, message)
        try:
            yield
        finally:
            self._unit = previous

    @property
    def current_unit(self) -> WorkUnit | None:
        return self._unit

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)


@dataclass(frozen=True)
class Method:
    """A way an engine works that needs no model file (an algorithm such as PatchMatch). It is offered
    beside the catalog's models wherever a model is chosen (the dialog's model box, ``run --model``,
    ``run --list``) and is passed to ``run`` as the ``model_id``."""

    id: str
    title: str  # English; translated in widgets ("Engines" context)
    description: str = ""


@dataclass
class EngineResult:
    """What an engine returns. Exactly what the engine's ``output_kind`` says is filled in."""

    image: np.ndarray | None = None  # (H, W, 3|4) uint8 or uint16
    mask: np.ndarray | None = None  # (H, W) uint8
    data: dict[str, Any] | None = None  # structured output (e.g. faces as JSON-able dict)
    provider: str = ""  # execution provider actually used, e.g. "CPUExecutionProvider"
    model_id: str = ""
    notes: list[str] = field(default_factory=list)


class Engine(ABC):
    """One task (upscale, style, faces, ...). Stateless between runs apart from cached sessions.

    New engines derive from ``engines.template.TemplateEngine``, which implements ``run`` (checks,
    conversions, alpha, mask blending) around the engine's own ``forward`` step.

    Benchmark hook (optional): an engine may define
    ``bare_benchmark(image, model_id=None) -> (model_id, feeds: dict[str, np.ndarray], output_names)``
    describing one whole-image ``session.run`` of a model on ``image`` (no tiling, no post-processing),
    so that benchmarks/bench_engines.py can time a bare onnxruntime session on the same work as
    ``run``. The ``model_id`` keyword may be left out; the hook then describes its default model, and the
    benchmark reuses its feeds for other models whose input and output names match. The first line of the
    hook's docstring is shown in the benchmark table as what "bare" measured. A companion hook
    ``benchmark_options(model_id) -> dict`` may give the options under which ``run`` does that same work
    (e.g. faces: detection only), so the overhead ratio compares like with like.
    """

    task: ClassVar[str]  # CLI name: `python main.py run TASK`
    title: ClassVar[str]  # English title; translated in widgets
    description: ClassVar[str] = ""
    model_task: ClassVar[str]  # catalog "task" whose models this engine can run
    default_model: ClassVar[str]  # catalog id (or a ``methods`` id) used when none is given
    methods: ClassVar[tuple[Method, ...]] = ()  # built-in ways of working that need no model file
    params: ClassVar[tuple[Param, ...]] = ()
    needs_mask: ClassVar[bool] = False  # True: a mask is required; False: optional or unused
    uses_mask: ClassVar[bool] = False  # True: a mask restricts where the result applies
    output_kind: ClassVar[str] = "image"  # "image" | "mask" | "data"
    # Where the GUI offers the engine, derived by widgets from these (no edits in widgets for a new engine):
    menu: ClassVar[str | None] = "filter"  # top-level menu: "filter", "image", "layer", "select", "face";
    #                                       None: no menu entry (a tool or another dialog drives it)
    shortcut: ClassVar[str | None] = None  # QKeySequence text of the menu entry, e.g. "Ctrl+Shift+U"
    selftest_options: ClassVar[dict[str, Any]] = {}  # options for the self-test's small run (fast ones)
    # True: one menu entry per param group (a submenu titled ``title``), each opening the dialog with that
    # group's params only, e.g. Image ▸ Adjust ▸ Levels…
    menu_per_group: ClassVar[bool] = False
    # Where a result may go in the dialog, the first the default ("layer": a new layer, "replace": this
    # layer); None: what suits the output kind (app.engine_results.modes_for).
    result_modes: ClassVar[tuple[str, ...] | None] = None
    canvas_preview: ClassVar[bool] = False  # True: cheap enough to preview live on the visible canvas (widgets)

    @abstractmethod
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
        """Process ``image`` ((H, W, 3|4) uint8 or uint16, RGB order). ``options`` are already resolved and
        coerced from ``params``. ``inputs`` are typed prompts (engines.prompts) for engines that take
        them. Must call ``ctx.report`` regularly. Must not modify ``image``."""

    def check_options(self, options: dict[str, Any]) -> None:
        """Raise EngineInputError for resolved options that are invalid in ways ``params`` cannot
        express (e.g. a style name). Cheap and loads nothing, so callers can check before any work."""
