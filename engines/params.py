"""Engine parameters described as data, so the GUI builds option panels and the CLI parses flags
from the same description.

What a GUI needs beyond the value itself: ``group`` (a titled box in the dialog), ``advanced`` (behind an
"Advanced" expander), ``visible_when`` (shown only while other parameters have given values) and where
the parameter exists at all (``cli_only``: e.g. an output file; ``gui_only``: no flag).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

ParamKind = Literal["int", "float", "bool", "choice", "str", "path"]
# ((name, value), ...): the parameter is shown while every named parameter has that value.
Condition = tuple[tuple[str, Any], ...]


class ParamError(ValueError):
    """A parameter value a user gave is not acceptable; the message says why."""


@dataclass(frozen=True)
class Param:
    name: str  # python identifier; CLI flag is --name-with-dashes
    kind: ParamKind
    default: Any
    label: str  # short label for the GUI (English source text; translated in widgets)
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)  # for kind == "choice"
    group: str = ""  # English title of the dialog box it sits in; "" = the main options
    advanced: bool = False  # behind the dialog's "Advanced" expander
    visible_when: Condition = ()
    cli_only: bool = False  # no widget in the dialog
    gui_only: bool = False  # no command-line flag

    def __post_init__(self) -> None:
        if self.cli_only and self.gui_only:
            raise ValueError(f"parameter {self.name!r} cannot be both cli_only and gui_only")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def visible(self, values: Mapping[str, Any]) -> bool:
        """Whether the dialog shows this parameter while the parameters have ``values``."""
        return all(values.get(name) == value for name, value in self.visible_when)

    def coerce(self, value: Any) -> Any:
        """Turn a CLI string or GUI value into the typed value, or raise ParamError."""
        try:
            if self.kind == "bool":
                if isinstance(value, str):
                    low = value.strip().lower()
                    if low in ("1", "true", "yes", "on"):
                        return True
                    if low in ("0", "false", "no", "off"):
                        return False
                    raise ParamError(f"{self.flag}: expected yes/no, got {value!r}")
                return bool(value)
            if self.kind == "int":
                out: Any = int(value)
            elif self.kind == "float":
                out = float(value)
            elif self.kind == "choice":
                out = str(value)
                if out not in self.choices:
                    raise ParamError(f"{self.flag}: {out!r} is not one of {', '.join(self.choices)}")
                return out
            else:
                return None if value is None else str(value)
        except (TypeError, ValueError) as exc:
            if isinstance(exc, ParamError):
                raise
            raise ParamError(f"{self.flag}: {value!r} is not a valid {self.kind}") from exc
        if self.minimum is not None and out < self.minimum:
            raise ParamError(f"{self.flag}: {out} is below the minimum {self.minimum}")
        if self.maximum is not None and out > self.maximum:
            raise ParamError(f"{self.flag}: {out} is above the maximum {self.maximum}")
        return out


def check_params(params: tuple[Param, ...]) -> None:
    """Raise ValueError for a schema mistake (a duplicate name, a condition on an unknown parameter),
    so an engine's bad description fails when it is registered, not when a dialog is opened."""
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise ValueError(f"duplicate parameter names in {names}")
    for param in params:
        for name, _value in param.visible_when:
            if name not in names or name == param.name:
                raise ValueError(f"parameter {param.name!r}: visible_when names {name!r}, not another parameter")


def cli_params(params: tuple[Param, ...]) -> tuple[Param, ...]:
    return tuple(p for p in params if not p.gui_only)


def gui_params(params: tuple[Param, ...]) -> tuple[Param, ...]:
    return tuple(p for p in params if not p.cli_only)


def resolve_options(params: tuple[Param, ...], given: dict[str, Any]) -> dict[str, Any]:
    """Defaults overlaid by given values, each coerced; unknown names are an error."""
    by_name = {p.name: p for p in params}
    unknown = set(given) - set(by_name)
    if unknown:
        raise ParamError(f"unknown option(s): {', '.join(sorted(unknown))}")
    out = {p.name: p.default for p in params}
    for name, value in given.items():
        if value is not None:
            out[name] = by_name[name].coerce(value)
    return out
