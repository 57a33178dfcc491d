"""Engine parameters described as data, so the GUI builds option panels and the CLI parses flags
from the same description.

What a GUI needs beyond the value itself: ``group`` (a titled box in the dialog), ``advanced`` (behind an
"Advanced" expander), ``visible_when`` (shown only while other parameters have given values) and where
the parameter exists at all (``cli_only``: e.g. an output file; ``gui_only``: no flag). How an editor shows
the value: ``unit`` after it ("px", "%"), ``display_scale`` (a float shown multiplied, e.g. a 0..1 fraction
as 0..100 %), ``choice_labels`` (the English label of a choice that is not shown as it is spelt).

The same schema describes the canvas tools' options (widgets.tools.base.ToolOption).
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
    unit: str = ""  # shown after the value in editors ("px", "%"); not translated
    display_scale: float = 1.0  # editors show a float times this (100: a fraction in per cent)
    choice_labels: tuple[tuple[str, str], ...] = ()  # (choice, English label) where the label differs

    def __post_init__(self) -> None:
        if self.cli_only and self.gui_only:
            raise ValueError(f"parameter {self.name!r} cannot be both cli_only and gui_only")
        if self.display_scale != 1.0 and (self.kind != "float" or self.display_scale <= 0):
            raise ValueError(f"parameter {self.name!r}: display_scale is for floats, and positive")
        unknown = [choice for choice, _label in self.choice_labels if choice not in self.choices]
        if unknown:
            raise ValueError(f"parameter {self.name!r}: choice_labels for {unknown}, not among its choices")

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def choice_label(self, choice: str) -> str:
        """The English label of ``choice`` (the choice itself unless ``choice_labels`` names one)."""
        return dict(self.choice_labels).get(choice, choice)

    def to_display(self, value: Any) -> Any:
        """The number an editor shows for ``value`` (times ``display_scale``)."""
        return value * self.display_scale if self.kind == "float" else value

    def from_display(self, shown: Any) -> Any:
        """The value for the number an editor shows (the inverse of ``to_display``)."""
        return shown / self.display_scale if self.kind == "float" else shown

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
