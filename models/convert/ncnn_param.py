"""Readers for ncnn's model files: the text ``.param`` graph and the binary ``.bin`` weights.

Only what the converter needs: layers in file order with their typed parameters, and a sequential
weight reader that understands ncnn's per-blob storage tags (fp32 and fp16).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

PARAM_MAGIC = 7767517
# ncnn stores an array parameter with id k under the key -23300 - k.
_ARRAY_KEY_BASE = -23300
_TAG_FP32 = 0x00000000
_TAG_FP16 = 0x01306B47
_TAG_FP32_ALT = 0x0002C056  # fp32 data written by ncnn's own fp32 serialiser

ParamValue = int | float | list[int | float]


@dataclass
class NcnnLayer:
    type: str
    name: str
    inputs: list[str]
    outputs: list[str]
    params: dict[int, ParamValue] = field(default_factory=dict)

    def get(self, key: int, default: ParamValue) -> ParamValue:
        return self.params.get(key, default)

    def number(self, key: int, default: int | float) -> int | float:
        """A scalar parameter (an array under a scalar's id is a malformed file)."""
        value = self.params.get(key, default)
        if isinstance(value, list):
            raise ValueError(f"{self.name}: parameter {key} is an array where a number is expected")
        return value


def _number(text: str) -> int | float:
    # ncnn writes floats with a decimal point or exponent; everything else is an int.
    if any(ch in text for ch in ".eE") and not text.lower().startswith("0x"):
        return float(text)
    return int(text)


def _parse_params(tokens: list[str]) -> dict[int, ParamValue]:
    params: dict[int, ParamValue] = {}
    for token in tokens:
        key_text, _, value_text = token.partition("=")
        key = int(key_text)
        if key <= _ARRAY_KEY_BASE:
            count_text, *items = value_text.split(",")
            values = [_number(v) for v in items]
            if len(values) != int(count_text):
                raise ValueError(f"array parameter {token!r}: count does not match its values")
            params[_ARRAY_KEY_BASE - key] = values
        else:
            params[key] = _number(value_text)
    return params


def parse_param(path: Path) -> list[NcnnLayer]:
    """Layers of a text ``.param`` file in file order (which is also the ``.bin`` order)."""
    lines = [line.split() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    if not lines or lines[0] != [str(PARAM_MAGIC)]:
        raise ValueError(f"{path}: not an ncnn text .param file (magic {PARAM_MAGIC} missing)")
    layer_count = int(lines[1][0])
    layers: list[NcnnLayer] = []
    for parts in lines[2:]:
        layer_type, name, n_in, n_out = parts[0], parts[1], int(parts[2]), int(parts[3])
        inputs = parts[4:4 + n_in]
        outputs = parts[4 + n_in:4 + n_in + n_out]
        params = _parse_params(parts[4 + n_in + n_out:])
        layers.append(NcnnLayer(layer_type, name, inputs, outputs, params))
    if len(layers) != layer_count:
        raise ValueError(f"{path}: header says {layer_count} layers, found {len(layers)}")
    return layers


class WeightReader:
    """Reads weights from a ``.bin`` sequentially, the way ncnn's ModelBinFromDataReader does."""

    def __init__(self, path: Path) -> None:
        self._data = memoryview(Path(path).read_bytes())
        self._pos = 0

    @property
    def remaining(self) -> int:
        return len(self._data) - self._pos

    def _take(self, nbytes: int) -> memoryview:
        if self._pos + nbytes > len(self._data):
            raise ValueError("ncnn .bin ended early: it does not match the .param file")
        chunk = self._data[self._pos:self._pos + nbytes]
        self._pos += nbytes
        return chunk

    def raw_fp32(self, count: int) -> np.ndarray:
        """An untagged fp32 array (biases, PReLU slopes)."""
        return np.frombuffer(self._take(4 * count), dtype="<f4").copy()

    def tagged(self, count: int) -> np.ndarray:
        """A tagged array (convolution weights): fp16 stays fp16 so the caller can keep it compact."""
        tag = int(np.frombuffer(self._take(4), dtype="<u4")[0])
        if tag == _TAG_FP16:
            nbytes = (2 * count + 3) // 4 * 4  # fp16 data is padded to 4 bytes
            return np.frombuffer(self._take(nbytes)[: 2 * count], dtype="<f2").copy()
        if tag in (_TAG_FP32, _TAG_FP32_ALT):
            return self.raw_fp32(count)
        raise ValueError(f"unsupported ncnn weight storage tag 0x{tag:08X} (only fp32 and fp16 are handled)")
