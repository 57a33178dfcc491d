"""Engine parameters described as data, so the GUI builds option panels and the CLI parses flags
from the same description."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ParamKind = Literal["int", "float", "bool", "choice", "str", "path"]


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

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

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
