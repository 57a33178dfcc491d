"""`python main.py run TASK INPUT -o OUTPUT [--mask MASK] [--model ID] [--device auto|cpu|gpu] [task flags]`

Runs one engine headless on an image, or on every image of a folder (batch). Task flags come from the
engine's ``params`` (``python main.py run TASK --help`` lists them); ``run --list`` lists tasks, their
models (with status) and flags. "data" engines (faces) write JSON. An engine that takes prompts
(``needs.inputs``) gets their flags: "box" -> ``--box x,y,w,h``, "points" -> ``--point x,y[,fg|bg]``
(repeatable); in a batch the same prompts apply to every image.
Exit codes: 0 done, 2 bad input, 3 model missing or corrupt, 4 cancelled or failed. Ctrl+C cancels
between tiles.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from app.cli import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_MODEL, EXIT_OK, CliError, prepare_output
from engines.base import (
    Cancelled,
    Engine,
    EngineError,
    EngineInputError,
    EngineResult,
    ModelUnavailableError,
    RunContext,
)
from engines.params import Param, ParamError, cli_params, resolve_options
from engines.prompts import Box, Points, Prompt
from engines.registry import engine_class, task_names
from models.store import default_store, on_corrupt

DEVICES = ("auto", "gpu", "cpu")
_RESERVED = {"input", "output", "mask", "model", "device", "help", "box", "point"}


class _CancelledByUser(CliError):
    def __init__(self) -> None:
        super().__init__("cancelled", EXIT_FAILED)


class _TaskArgumentParser(argparse.ArgumentParser):
    """Reports flag errors as CliError (exit 2, one line on stderr) instead of exiting the process."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise CliError(f"{message}\n{self.format_usage().strip()}", EXIT_BAD_INPUT)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "run",
        help="run an engine on an image or a folder of images",
        description="Run an engine headless. `run --list` lists tasks, models and flags; "
                    "`run TASK --help` shows one task's flags.",
        usage="%(prog)s TASK INPUT -o OUTPUT [--mask MASK] [--model ID] [--device auto|cpu|gpu] [task flags]"
              "\n       %(prog)s --list",
    )
    p.add_argument("--list", action="store_true", help="list tasks, their models (with status) and flags")
    p.add_argument("task", nargs="?", metavar="TASK", help="one of: " + ", ".join(task_names()))
    p.add_argument("rest", nargs=argparse.REMAINDER, metavar="...", help="INPUT -o OUTPUT and the task's flags")
    p.set_defaults(func=cmd_run)


# -- flags from an engine's params ------------------------------------------------------------------
def _param_help(param: Param) -> str:
    text = param.help or param.label
    bits = []
    if param.minimum is not None or param.maximum is not None:
        low = "" if param.minimum is None else param.minimum
        high = "" if param.maximum is None else param.maximum
        bits.append(f"{low}..{high}")
    if param.kind != "bool" and param.default not in (None, ""):
        bits.append(f"default {param.default}")
    elif param.kind == "bool":
        bits.append("default " + ("yes" if param.default else "no"))
    return text + (f" ({', '.join(bits)})" if bits else "")


def add_param_flags(parser: argparse.ArgumentParser, params: tuple[Param, ...]) -> None:
    """One flag per Param that has one (not gui_only); bools as --flag/--no-flag, in the Param's group.
    Values stay strings here: Param.coerce checks them."""
    groups: dict[str, Any] = {}
    for param in cli_params(params):
        title = f"{param.group.lower()} options" if param.group else "task options"
        if title not in groups:
            groups[title] = parser.add_argument_group(title)
        group = groups[title]
        if param.name in _RESERVED:
            raise ValueError(f"engine parameter {param.name!r} clashes with a `run` option")
        if param.kind == "bool":
            flags = group.add_mutually_exclusive_group()
            flags.add_argument(param.flag, dest=param.name, action="store_const", const=True, default=None,
                               help=_param_help(param))
            flags.add_argument("--no-" + param.flag[2:], dest=param.name, action="store_const", const=False,
                               help=argparse.SUPPRESS)
        elif param.kind == "choice":
            group.add_argument(param.flag, dest=param.name, choices=param.choices, default=None,
                               help=_param_help(param))
        else:
            metavar = {"int": "N", "float": "X", "path": "PATH"}.get(param.kind, "TEXT")
            group.add_argument(param.flag, dest=param.name, metavar=metavar, default=None, help=_param_help(param))


def _prompt_kinds(cls: type[Engine]) -> tuple[str, ...]:
    needs = getattr(cls, "needs", None)  # TemplateEngines declare the prompts they take
    return tuple(getattr(needs, "inputs", ()))


def add_prompt_flags(parser: argparse.ArgumentParser, kinds: tuple[str, ...]) -> None:
    """Flags for the prompt kinds an engine takes that can be typed (strokes and images cannot)."""
    if "box" in kinds:
        parser.add_argument("--box", metavar="X,Y,W,H", help="a box around the subject, in image pixels")
    if "points" in kinds:
        parser.add_argument("--point", metavar="X,Y[,fg|bg]", action="append", default=[],
                            help="a click in image pixels, on the subject (fg, the default) or on the "
                                 "background (bg); repeatable")


def _numbers(text: str, count: int, flag: str, form: str) -> list[float]:
    parts = [part.strip() for part in text.split(",")]
    try:
        values = [float(part) for part in parts[:count]]
    except ValueError:
        values = []
    if len(values) != count or not all(np.isfinite(values)):
        raise CliError(f"{flag} “{text}”: expected {form} (numbers in image pixels)", EXIT_BAD_INPUT)
    return values


def parse_prompts(ns: argparse.Namespace) -> tuple[Prompt, ...]:
    """The typed prompts of ``--box`` and ``--point`` flags; malformed ones are a CliError (exit 2)."""
    prompts: list[Prompt] = []
    box = getattr(ns, "box", None)
    if box is not None:
        if len(box.split(",")) != 4:
            raise CliError(f"--box “{box}”: expected X,Y,W,H (numbers in image pixels)", EXIT_BAD_INPUT)
        x, y, w, h = _numbers(box, 4, "--box", "X,Y,W,H")
        if w <= 0 or h <= 0:
            raise CliError(f"--box “{box}”: the width and height must be more than 0", EXIT_BAD_INPUT)
        prompts.append(Box(x, y, x + w, y + h))
    xy, labels = [], []
    for text in getattr(ns, "point", None) or []:
        parts = [part.strip().lower() for part in text.split(",")]
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("fg", "bg")):
            raise CliError(f"--point “{text}”: expected X,Y or X,Y,fg or X,Y,bg", EXIT_BAD_INPUT)
        x, y = _numbers(text, 2, "--point", "X,Y[,fg|bg]")
        xy.append((x, y))
        labels.append(len(parts) == 2 or parts[2] == "fg")
    if xy:
        prompts.append(Points.of(xy, labels))
    return tuple(prompts)


def task_parser(task: str, cls: type[Engine]) -> argparse.ArgumentParser:
    parser = _TaskArgumentParser(
        prog=f"kintsugi run {task}", description=f"{cls.title}. {cls.description}".strip(),
    )
    parser.add_argument("input", metavar="INPUT", help="image file, or a folder of images (batch)")
    parser.add_argument("-o", "--output", required=True, metavar="OUTPUT",
                        help="output file, or a folder (required when INPUT is a folder)")
    if cls.needs_mask or cls.uses_mask:
        parser.add_argument("--mask", metavar="MASK",
                            help="mask image (white = on), or a folder of masks named like the inputs"
                                 + (" (required)" if cls.needs_mask else ""))
    methods = "".join(f"{m.id}|" for m in cls.methods)
    parser.add_argument("--model", metavar="ID", help=f"{methods}model id (default {cls.default_model or 'none'})")
    parser.add_argument("--device", choices=DEVICES, default=None,
                        help="where to run (default: the setting, else auto)")
    add_prompt_flags(parser, _prompt_kinds(cls))
    add_param_flags(parser, cls.params)
    return parser


@dataclass
class _Run:
    cls: type[Engine]
    engine: Engine
    options: dict[str, Any]
    model_id: str | None
    device: str
    batch: bool = False  # INPUT is a folder: side outputs (--draw, --mask-out, --cutout) name folders
    inputs: tuple[Prompt, ...] = ()  # --box / --point


# Path options that write a second part of the result beside OUTPUT: option -> the part it writes.
# A mask engine's "picture" is its cutout (segment: the subject as RGBA).
SIDE_OUTPUTS = {"draw": "picture", "mask_out": "mask", "cutout": "picture"}


# -- files ------------------------------------------------------------------------------------------
def _input_extensions() -> tuple[str, ...]:
    """What a batch folder picks up: flat images, OpenRaster projects and PSDs (those are flattened)."""
    from app.files import OPEN_EXTENSIONS

    return OPEN_EXTENSIONS


def _read_image(path: Path) -> tuple[np.ndarray, Any]:
    """Pixels at the file's own depth (16-bit stays uint16) and metadata; a project or PSD is flattened."""
    from app.files import detect_kind, flatten, open_document, read_image_array

    if detect_kind(path) == "image":
        return read_image_array(path)
    doc = open_document(path)
    return flatten(doc), doc.metadata


def _read_mask(path: Path, shape: tuple[int, int]) -> np.ndarray:
    import cv2

    from app.files.image_io import to_uint8

    pixels, _ = _read_image(path)
    array = to_uint8(pixels)
    if array.shape[2] == 4 and (array[:, :, 3] < 255).any():
        mask = array[:, :, 3]  # a transparent PNG: the opaque part is the mask
    else:
        mask = cv2.cvtColor(np.ascontiguousarray(array[:, :, :3]), cv2.COLOR_RGB2GRAY)
    if mask.shape != shape:
        raise CliError(f"the mask “{path.name}” is {mask.shape[1]}×{mask.shape[0]} but the image is "
                       f"{shape[1]}×{shape[0]}", EXIT_BAD_INPUT)
    return mask


def _output_suffix(cls: type[Engine], source: Path) -> str:
    from app.files.export import EXPORT_EXTENSIONS

    if cls.output_kind == "data":
        return ".json"
    if cls.output_kind == "mask":
        return ".png"
    return source.suffix.lower() if source.suffix.lower() in EXPORT_EXTENSIONS else ".png"


def _check_image_name(path: Path) -> None:
    from app.files.errors import FileError
    from app.files.export import format_for_path

    try:
        format_for_path(path)
    except FileError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None


def _side_outputs(run: _Run, source: Path) -> dict[str, Path]:
    """{result part: path} of the side outputs asked for; in a batch each is a folder holding one file per
    input, named after it."""
    out = {}
    for option, part in SIDE_OUTPUTS.items():
        value = run.options.get(option)
        if value:
            out[part] = Path(value) / (source.stem + ".png") if run.batch else Path(value)
    return out


def _check_outputs(run: _Run, source: Path, target: Path) -> None:
    """Every output of one input, checked before any work: a name that fits the output, a folder that
    exists (created if need be) and can be written."""
    if run.cls.output_kind == "data":
        if target.suffix.lower() != ".json":
            hint = " (--draw PATH writes the picture)" if "draw" in run.options else ""
            raise CliError(f"the {run.cls.task} task writes JSON, so OUTPUT must end in .json, "
                           f"not “{target.name}”{hint}", EXIT_BAD_INPUT)
    else:
        _check_image_name(target)
    sides = list(_side_outputs(run, source).values())
    for side in sides:
        _check_image_name(side)
    for path in (target, *sides):
        prepare_output(path)


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _save(cls: type[Engine], result: EngineResult, path: Path, metadata: Any) -> None:
    from app.files.atomic import atomic_write_bytes

    if cls.output_kind == "data":
        if result.data is None:
            raise EngineError(f"the {cls.task} engine returned no data")
        payload = dict(result.data)
        payload.setdefault("model", result.model_id)
        text = json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default)
        atomic_write_bytes(path, (text + "\n").encode("utf-8"))
    elif cls.output_kind == "mask":
        if result.mask is None:
            raise EngineError(f"the {cls.task} engine returned no mask")
        _write_mask(result.mask, path)
    else:
        if result.image is None:
            raise EngineError(f"the {cls.task} engine returned no image")
        from app.files.export import export_array

        export_array(result.image, path, metadata=metadata)


def _write_mask(mask: np.ndarray, path: Path) -> None:
    from PIL import Image

    from app.files.atomic import atomic_write
    from app.files.export import format_for_path

    image = Image.fromarray(np.ascontiguousarray(mask, dtype=np.uint8), "L")
    atomic_write(path, lambda handle: image.save(handle, format=format_for_path(path)))


def _save_all(run: _Run, source: Path, result: EngineResult, target: Path, metadata: Any) -> None:
    """Write every output of one input, or none: when a side output fails, the ones written are removed."""
    from app.files.export import export_array

    _save(run.cls, result, target, metadata)
    written = [target]
    try:
        for part, path in _side_outputs(run, source).items():
            if part == "picture" and result.image is not None:
                export_array(result.image, path, metadata=None)
            elif part == "mask" and result.mask is not None:
                _write_mask(result.mask, path)
            else:
                continue
            written.append(path)
    except BaseException:  # noqa: BLE001 - Ctrl+C too: re-raised once the outputs are gone
        for path in written:
            path.unlink(missing_ok=True)
        raise


# -- running ----------------------------------------------------------------------------------------
def _run_engine(run: _Run, image: np.ndarray, mask: np.ndarray | None, label: str) -> EngineResult:
    """Run in a worker thread so that Ctrl+C in the main thread can cancel between tiles."""
    from app.cli_models import ProgressBar

    bar = ProgressBar(label)
    ctx = RunContext(on_progress=bar, device=run.device)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            # Engines that take no prompts may have no ``inputs`` keyword: it is passed only when given.
            extra: dict[str, Any] = {"inputs": run.inputs} if run.inputs else {}
            box["result"] = run.engine.run(image, run.options, ctx, mask=mask, model_id=run.model_id, **extra)
        except BaseException as exc:  # handed to the main thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="kintsugi-run", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        ctx.cancel()
        print("\ncancelling… (press Ctrl+C again to quit at once)", file=sys.stderr)
        worker.join()
        raise Cancelled() from None
    finally:
        bar.close()
    if "error" in box:
        raise box["error"]
    result: EngineResult = box["result"]
    for note in dict.fromkeys([*ctx.notes, *result.notes]):
        print(f"note: {note}", file=sys.stderr)
    return result


def _process(run: _Run, source: Path, target: Path, mask_path: Path | None, label: str) -> EngineResult:
    """One file; raises CliError with the right exit code for anything that goes wrong."""
    from app.files.errors import FileError, SaveError

    try:
        image, metadata = _read_image(source)
        mask = _read_mask(mask_path, image.shape[:2]) if mask_path is not None else None
    except FileError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    if run.cls.needs_mask and mask is None:
        raise CliError(f"the {run.cls.task} task needs a mask: give --mask MASK", EXIT_BAD_INPUT)
    try:
        result = _run_engine(run, image, mask, label)
        _save_all(run, source, result, target, metadata)
        return result
    except ModelUnavailableError as exc:
        raise CliError(str(exc), EXIT_MODEL) from None
    except Cancelled:
        raise _CancelledByUser() from None
    except (ParamError, EngineInputError) as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    except SaveError as exc:
        raise CliError(str(exc), EXIT_FAILED) from None
    except FileError as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    except EngineError as exc:
        raise CliError(str(exc), EXIT_FAILED) from None
    except MemoryError:
        raise CliError("not enough memory for this image", EXIT_FAILED) from None
    except Exception as exc:
        if os.environ.get("KINTSUGI_DEBUG"):
            raise
        raise CliError(f"unexpected error ({type(exc).__name__}): {exc}", EXIT_FAILED) from None


def _mask_for(mask: Path | None, source: Path) -> Path | None:
    if mask is None or not mask.is_dir():
        return mask
    for candidate in sorted(mask.iterdir()):
        if candidate.stem == source.stem and candidate.suffix.lower() in _input_extensions():
            return candidate
    raise CliError(f"no mask named “{source.stem}.*” in {mask}", EXIT_BAD_INPUT)


def _batch(run: _Run, folder: Path, out_dir: Path, mask: Path | None) -> int:
    sources = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _input_extensions())
    if not sources:
        raise CliError(f"no images ({', '.join(_input_extensions())}) in {folder}", EXIT_BAD_INPUT)
    if out_dir.exists() and not out_dir.is_dir():
        raise CliError(f"INPUT is a folder, so OUTPUT must be a folder too: {out_dir} is a file", EXIT_BAD_INPUT)
    if out_dir.resolve() == folder.resolve():
        raise CliError("OUTPUT must be another folder than INPUT (results would overwrite the originals)",
                       EXIT_BAD_INPUT)
    targets = [out_dir / (source.stem + _output_suffix(run.cls, source)) for source in sources]
    run.batch = True
    for source, target in zip(sources, targets, strict=True):
        _check_outputs(run, source, target)
    failures: list[tuple[Path, CliError]] = []
    started = time.monotonic()
    for index, (source, target) in enumerate(zip(sources, targets, strict=True), 1):
        try:
            _process(run, source, target, _mask_for(mask, source), f"[{index}/{len(sources)}] {source.name}")
        except CliError as exc:
            if exc.code == EXIT_MODEL or isinstance(exc, _CancelledByUser):
                raise  # every other file would fail the same way, or the user asked to stop
            print(f"error: {source.name}: {exc}", file=sys.stderr)
            failures.append((source, exc))
    done = len(sources) - len(failures)
    print(f"{done} of {len(sources)} images done in {time.monotonic() - started:.1f} s"
          + (f", {len(failures)} failed:" if failures else f"; results in {out_dir}"), file=sys.stderr)
    for source, error in failures:
        print(f"  {source.name}: {error}", file=sys.stderr)
    if not failures:
        return EXIT_OK
    return EXIT_FAILED if any(exc.code != EXIT_BAD_INPUT for _, exc in failures) else EXIT_BAD_INPUT


def _default_device() -> str:
    try:
        from app.settings import Settings

        return Settings().device
    except Exception:  # no settings backend (e.g. a bare container): fall back to auto
        return "auto"


def cmd_run(args: argparse.Namespace) -> int:
    if args.list:
        return list_tasks()
    if not args.task:
        raise CliError("name a task: python main.py run TASK INPUT -o OUTPUT (see `run --list`)", EXIT_BAD_INPUT)
    try:
        cls = engine_class(args.task)
    except KeyError:
        raise CliError(f"unknown task “{args.task}”; known: {', '.join(task_names())}", EXIT_BAD_INPUT) from None
    except ImportError as exc:
        raise CliError(f"the {args.task} engine cannot be loaded: {exc}", EXIT_FAILED) from None
    ns = task_parser(args.task, cls).parse_args(args.rest)
    given = {p.name: getattr(ns, p.name) for p in cli_params(cls.params) if getattr(ns, p.name) is not None}
    engine = cls()
    try:
        options = resolve_options(cls.params, given)
        engine.check_options(options)  # before any model is loaded
    except (ParamError, EngineInputError) as exc:
        raise CliError(str(exc), EXIT_BAD_INPUT) from None
    run = _Run(cls, engine, options, ns.model, ns.device or _default_device(), inputs=parse_prompts(ns))
    source, output = Path(ns.input), Path(ns.output)
    mask = Path(ns.mask) if getattr(ns, "mask", None) else None
    if mask is not None and not mask.exists():
        raise CliError(f"the mask “{mask}” does not exist", EXIT_BAD_INPUT)
    damaged: list[str] = []
    stop_watching = on_corrupt(lambda _model_id, message: damaged.append(message))
    try:
        code = _run_input(run, source, output, mask)
        # The store re-hashes a model file in the background on its first use in a process: wait for that
        # verdict, so a damaged model is reported instead of leaving with a silent, possibly wrong result.
        default_store().join_checks()
    finally:
        stop_watching()
    for message in damaged:
        print(f"error: {message}", file=sys.stderr)
    return EXIT_MODEL if damaged else code


def _run_input(run: _Run, source: Path, output: Path, mask: Path | None) -> int:
    if source.is_dir():
        return _batch(run, source, output, mask)
    if not source.exists():
        raise CliError(f"the input “{source}” does not exist", EXIT_BAD_INPUT)
    if mask is not None and mask.is_dir():
        mask = _mask_for(mask, source)
    if output.is_dir():
        output = output / (source.stem + _output_suffix(run.cls, source))
    _check_outputs(run, source, output)
    result = _process(run, source, output, mask, source.name)
    provider = f" on {result.provider}" if result.provider else ""
    print(f"wrote {output}{provider}", file=sys.stderr)
    return EXIT_OK


# -- run --list -------------------------------------------------------------------------------------
def _flag_text(param: Param) -> str:
    if param.kind == "bool":
        return f"{param.flag}/--no-{param.flag[2:]}"
    if param.kind == "choice":
        return f"{param.flag} {{{','.join(param.choices)}}}"
    return f"{param.flag} {dict(int='N', float='X', path='PATH').get(param.kind, 'TEXT')}"


def list_tasks() -> int:
    from models.catalog import models_for_task
    from models.errors import ModelError
    from models.store import default_store

    try:
        store = default_store()
        catalog = store.catalog()
    except ModelError as exc:
        store, catalog = None, None
        print(f"warning: the model catalog cannot be read: {exc}", file=sys.stderr)
    for task in task_names():
        try:
            cls = engine_class(task)
        except Exception as exc:  # an engine that fails to import must not hide the others
            print(f"{task}: (unavailable: {exc})\n")
            continue
        print(f"{task}: {cls.title} [output: {cls.output_kind}{', needs --mask' if cls.needs_mask else ''}]")
        for method in cls.methods:
            default = ", default" if method.id == cls.default_model else ""
            print(f"  model {method.id:<28} built in{default}  {method.title}")
        if catalog is not None and store is not None:
            entries = models_for_task(cls.model_task, catalog)
            for entry in entries:
                default = ", default" if entry.id == cls.default_model else ""
                print(f"  model {entry.id:<28} {store.status(entry.id)}{default}  {entry.title}")
            if not entries and cls.default_model and not cls.methods:
                print(f"  model {cls.default_model:<28} (not in the catalog)")
        kinds = _prompt_kinds(cls)
        if "box" in kinds:
            print(f"  {'--box X,Y,W,H':<34} a box around the subject, in image pixels")
        if "points" in kinds:
            print(f"  {'--point X,Y[,fg|bg]':<34} a click on the subject or the background (repeatable)")
        for param in cli_params(cls.params):
            print(f"  {_flag_text(param):<34} {_param_help(param)}")
        print()
    return EXIT_OK
