"""`python main.py models ...`: output and exit codes (0 ok, 2 bad input, 3 missing/corrupt/failed)."""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest
import tomli_w

from app import cli_models
from app.cli import CliError
from models import paths


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture()
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, astronaut: np.ndarray) -> dict[str, bytes]:
    """A two-model catalog, an empty store, and an installer folder that bundles one of the models."""
    good, other = astronaut[:64].tobytes(), astronaut[64:80].tobytes()
    cat = tmp_path / "catalog"
    cat.mkdir()
    unreachable = {"kind": "url", "urls": ["http://127.0.0.1:9/none.onnx"]}
    entries = [
        {"id": "sharp-x4", "task": "upscale", "title": "Sharp", "licence": "BSD-3-Clause", "builtin": True,
         "files": [{"name": "sharp-x4.onnx", "sha256": sha(good), "size": len(good)}], "sources": [unreachable]},
        {"id": "paint-style", "task": "style", "title": "Paint", "licence": "MIT", "builtin": False,
         "files": [{"name": "paint.onnx", "sha256": sha(other), "size": len(other)}], "sources": [unreachable]},
    ]
    (cat / "test.toml").write_text(tomli_w.dumps({"model": entries}), "utf-8")
    app_dir = tmp_path / "app"
    (app_dir / "bundled-models" / "sharp-x4").mkdir(parents=True)
    (app_dir / "bundled-models" / "sharp-x4" / "sharp-x4.onnx").write_bytes(good)
    monkeypatch.setattr(paths, "catalog_dir", lambda: cat)
    monkeypatch.setattr(paths, "app_dir", lambda: app_dir)
    monkeypatch.setenv("KINTSUGI_MODELS", str(tmp_path / "store"))
    return {"good": good, "other": other}


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    cli_models.add_parser(parser.add_subparsers())
    args = parser.parse_args(["models", *argv])
    try:
        return args.func(args)
    except CliError as exc:  # as app.cli.run_cli reports it
        print(f"error: {exc}", file=sys.stderr)
        return exc.code


def test_list_fetch_verify_delete(setup: dict[str, bytes], capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  http_folder: tuple[Path, str]) -> None:
    assert run("list") == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    sharp = next(line.split() for line in lines if line.startswith("sharp-x4"))
    # The installer's copy is used where it lies: ready without a fetch and without a second copy.
    assert sharp[1:3] == ["upscale", "ready"] and sharp[-2:] == ["BSD-3-Clause", "builtin"]
    paint = next(line.split() for line in lines if line.startswith("paint-style"))
    assert paint[2] == "missing" and paint[-1] == "optional"
    assert run("path", "sharp-x4") == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "app" / "bundled-models" / "sharp-x4")
    assert not (tmp_path / "store" / "sharp-x4").exists()

    assert run("verify", "paint-style") == 3  # not installed
    capsys.readouterr()

    served, base = http_folder
    (served / "paint.onnx").write_bytes(setup["other"])
    point_paint_style_at(tmp_path, f"{base}/paint.onnx")
    assert run("fetch", "paint-style") == 0
    captured = capsys.readouterr()
    assert "paint-style: ready" in captured.out
    assert "[" + "#" * 30 + "] 100%" in captured.err  # the text progress bar went to stderr
    assert (tmp_path / "store" / "paint-style" / "paint.onnx").read_bytes() == setup["other"]

    assert run("list") == 0
    assert "ready" in next(line for line in capsys.readouterr().out.splitlines() if line.startswith("paint-style"))
    assert run("verify") == 0
    assert capsys.readouterr().out.count("passed the SHA-256 check") == 2

    assert run("path") == 0 and capsys.readouterr().out.strip() == str(tmp_path / "store")
    assert run("path", "paint-style") == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "store" / "paint-style")

    assert run("delete", "paint-style") == 0
    assert not (tmp_path / "store" / "paint-style").exists()
    assert run("delete", "sharp-x4") == 0  # the installer's copy is not ours to delete
    assert "part of the installation" in capsys.readouterr().out
    assert (tmp_path / "app" / "bundled-models" / "sharp-x4" / "sharp-x4.onnx").exists()


def test_fetch_replaces_a_folder_where_the_file_belongs(setup: dict[str, bytes], capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path, http_folder: tuple[Path, str]) -> None:
    served, base = http_folder
    (served / "paint.onnx").write_bytes(setup["other"])
    point_paint_style_at(tmp_path, f"{base}/paint.onnx")
    in_the_way = tmp_path / "store" / "paint-style" / "paint.onnx"
    in_the_way.mkdir(parents=True)
    assert run("list") == 0
    paint = next(line.split() for line in capsys.readouterr().out.splitlines() if line.startswith("paint-style"))
    assert paint[2] == "corrupt"  # a folder where paint.onnx belongs
    assert run("fetch", "paint-style") == 0
    assert "paint-style: ready" in capsys.readouterr().out
    assert in_the_way.read_bytes() == setup["other"]


def point_paint_style_at(tmp_path: Path, url: str) -> None:
    """Give paint-style (the second model in the catalog) a working URL instead of the unreachable one."""
    toml = tmp_path / "catalog" / "test.toml"
    toml.write_text(_replace_second(toml.read_text("utf-8"), url), "utf-8")


def _replace_second(text: str, url: str) -> str:
    first = text.index("http://127.0.0.1:9/none.onnx")
    second = text.index("http://127.0.0.1:9/none.onnx", first + 1)
    return text[:second] + url + text[second + len("http://127.0.0.1:9/none.onnx"):]


def test_exit_codes_for_bad_input_and_failures(setup: dict[str, bytes], capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    assert run("fetch", "no-such-model") == 2
    assert "does not know a model called 'no-such-model'" in capsys.readouterr().err
    assert run("fetch") == 2
    assert run("delete", "nope") == 2

    assert run("fetch", "paint-style") == 3  # its only source is unreachable
    err = capsys.readouterr().err
    assert "Could not fetch model 'paint-style'" in err and "cannot connect" in err

    assert run("fetch", "--builtin") == 0  # the bundled one works
    capsys.readouterr()
    stored = tmp_path / "store" / "sharp-x4" / "sharp-x4.onnx"
    stored.write_bytes(setup["good"][::-1])
    assert run("verify", "sharp-x4") == 3
    assert "failed the SHA-256 check and was deleted" in capsys.readouterr().err
    assert not stored.exists()


def test_import(setup: dict[str, bytes], capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outside = tmp_path / "paint-downloaded.onnx"
    outside.write_bytes(setup["other"])
    assert run("import", str(outside), "--id", "sharp-x4") == 2
    assert "not a file of model 'sharp-x4'" in capsys.readouterr().err
    assert run("import", str(outside)) == 0
    assert "of model 'paint-style'" in capsys.readouterr().out
    assert run("import", str(tmp_path / "missing.onnx")) == 2
    assert run("verify", "paint-style") == 0
