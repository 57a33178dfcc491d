"""Names of the 26 built-in styles, in the order of the network's ``style_weights``, and parsing of a
style choice ("7", "Starry swirl", "starry-swirl") or a mix ("3:0.5,starry-swirl:0.5") into weights.

The network came without names (its source, the TensorFlow Android stylize demo, numbers its styles);
these describe what each style does to a photo.
"""
from __future__ import annotations

import re

import numpy as np

PRESET_NAMES: tuple[str, ...] = (
    "Honey pastel",        # 0
    "Yellow blocks",       # 1
    "Charcoal wash",       # 2
    "Fauvist tangle",      # 3
    "Crimson cubist",      # 4
    "Autumn brushwork",    # 5
    "Indigo leopard",      # 6
    "Blue and gold",       # 7
    "Pastel sketch",       # 8
    "Teal mosaic",         # 9
    "Terracotta",          # 10
    "Ink and ochre",       # 11
    "Soft impression",     # 12
    "Green expressionist", # 13
    "Frost",               # 14
    "Stained glass",       # 15
    "Pointillist dusk",    # 16
    "Red grid",            # 17
    "Sepia etching",       # 18
    "Starry swirl",        # 19
    "Red fire",            # 20
    "Paper cut",           # 21
    "Blue woodcut",        # 22
    "Ink smoke",           # 23
    "Blue engraving",      # 24
    "Tapestry",            # 25
)
NUM_PRESETS = len(PRESET_NAMES)


class StyleSpecError(ValueError):
    """A style name, index or mix a user typed is not valid; the message says why."""


def slug(name: str) -> str:
    """'Blue and gold' -> 'blue-and-gold' (what the CLI accepts besides the index and the exact name)."""
    return re.sub(r"[^a-z0-9]+", "-", name.strip().lower()).strip("-")


_BY_SLUG = {slug(name): i for i, name in enumerate(PRESET_NAMES)}


def preset_index(spec: str | int) -> int:
    """Index 0..25 from an index, a name or a slug."""
    if isinstance(spec, (int, np.integer)):
        index = int(spec)
    else:
        text = str(spec).strip()
        if re.fullmatch(r"\d+", text):
            index = int(text)
        elif slug(text) in _BY_SLUG:
            return _BY_SLUG[slug(text)]
        else:
            raise StyleSpecError(f"unknown style {text!r}; use 0 to {NUM_PRESETS - 1} or a name such as "
                                 f"{slug(PRESET_NAMES[19])!r}")
    if not 0 <= index < NUM_PRESETS:
        raise StyleSpecError(f"style index must be 0 to {NUM_PRESETS - 1}, got {index}")
    return index


def one_hot(index: int) -> np.ndarray:
    weights = np.zeros(NUM_PRESETS, np.float32)
    weights[preset_index(index)] = 1.0
    return weights


def parse_mix(spec: str) -> np.ndarray:
    """'3:0.5,starry-swirl:0.5' -> 26 weights summing to 1 (a part without ':w' weighs 1)."""
    weights = np.zeros(NUM_PRESETS, np.float64)
    parts = [p.strip() for p in spec.split(",") if p.strip()]
    if not parts:
        raise StyleSpecError("the style mix is empty; use e.g. 3:0.5,7:0.5")
    for part in parts:
        name, sep, value = part.rpartition(":")
        if not sep:
            name, value = part, "1"
        try:
            weight = float(value)
        except ValueError:
            raise StyleSpecError(f"bad weight in {part!r}; use e.g. 3:0.5,7:0.5") from None
        if weight < 0 or not np.isfinite(weight):
            raise StyleSpecError(f"weights must be zero or positive, got {value} in {part!r}")
        weights[preset_index(name)] += weight
    total = float(weights.sum())
    if total <= 0:
        raise StyleSpecError("the style mix weights add up to zero")
    return (weights / total).astype(np.float32)


def style_weights(style: str | int, mix: str | None = None) -> np.ndarray:
    """The network's ``style_weights`` for a single style or, when ``mix`` is given, a mix."""
    if mix and mix.strip():
        return parse_mix(mix)
    return one_hot(preset_index(style))
