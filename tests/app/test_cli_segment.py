"""`python main.py run segment`: prompt flags derived from the engine's ``needs.inputs`` (--box, --point),
the cutout side output, --refine, --model, folders as batch, and clear messages for malformed flags."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from app.cli import EXIT_BAD_INPUT, EXIT_OK, run_cli
from tests.engines.segment_refs import iou, reference

CUP = ["--box", "70,10,415,385"]  # x, y, w, h around the cup, its saucer and spoon


@pytest.fixture()
def photos(tmp_path, coffee, chelsea):
    folder = tmp_path / "in"
    folder.mkdir()
    Image.fromarray(coffee).save(folder / "coffee.png")
    Image.fromarray(chelsea).save(folder / "chelsea.png")
    return folder


def test_box_and_cutout(photos, tmp_path, coffee, capsys):
    mask_path, cut_path = tmp_path / "out" / "mask.png", tmp_path / "out" / "cup.png"
    code = run_cli(["run", "segment", str(photos / "coffee.png"), "-o", str(mask_path), *CUP,
                    "--model", "grabcut", "--cutout", str(cut_path)])
    assert code == EXIT_OK, capsys.readouterr().err
    mask = np.asarray(Image.open(mask_path))
    assert mask.shape == coffee.shape[:2] and iou(mask, reference("coffee_cup")) >= 0.9
    cut = Image.open(cut_path)
    assert cut.mode == "RGBA"
    rgba = np.asarray(cut)
    assert np.array_equal(rgba[:, :, 3], mask) and np.array_equal(rgba[:, :, :3], coffee)


def test_a_background_point_and_refine(photos, tmp_path):
    plain, clicked = tmp_path / "plain.png", tmp_path / "clicked.png"
    assert run_cli(["run", "segment", str(photos / "coffee.png"), "-o", str(plain), *CUP]) == EXIT_OK
    assert run_cli(["run", "segment", str(photos / "coffee.png"), "-o", str(clicked), *CUP,
                    "--point", "365,285,bg", "--refine"]) == EXIT_OK
    before, after = np.asarray(Image.open(plain)), np.asarray(Image.open(clicked))
    assert before[285, 365] == 255 and after[285, 365] < 128  # the spoon went (soft near the saucer's edge)
    assert set(np.unique(before)) <= {0, 255} and ((after > 0) & (after < 255)).any()  # refined: soft edge


def test_auto_without_prompts_takes_the_person_model_for_a_person(tmp_path, astronaut, capsys):
    src = tmp_path / "astronaut.png"
    Image.fromarray(astronaut).save(src)
    out = tmp_path / "person.png"
    assert run_cli(["run", "segment", str(src), "-o", str(out)]) == EXIT_OK
    assert iou(np.asarray(Image.open(out)), reference("astronaut_person")) >= 0.85


def test_a_folder_is_a_batch_with_a_cutout_folder(photos, tmp_path, capsys):
    out, cuts = tmp_path / "masks", tmp_path / "cuts"
    code = run_cli(["run", "segment", str(photos), "-o", str(out), "--cutout", str(cuts), "--model", "grabcut"])
    assert code == EXIT_OK, capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["chelsea.png", "coffee.png"]
    assert sorted(p.name for p in cuts.iterdir()) == ["chelsea.png", "coffee.png"]
    cat = np.asarray(Image.open(out / "chelsea.png"))
    assert iou(cat, reference("chelsea_cat")) >= 0.75
    assert np.array_equal(np.asarray(Image.open(cuts / "chelsea.png"))[:, :, 3], cat)


@pytest.mark.parametrize(("flags", "needle"), [
    (["--box", "10,20,30"], "--box “10,20,30”: expected X,Y,W,H"),
    (["--box", "10,20,0,30"], "width and height must be more than 0"),
    (["--box", "a,b,c,d"], "expected X,Y,W,H"),
    (["--box", "500,10,300,100"], "the box must lie inside the image"),
    (["--point", "10"], "--point “10”: expected X,Y or X,Y,fg or X,Y,bg"),
    (["--point", "10,20,maybe"], "expected X,Y or X,Y,fg or X,Y,bg"),
    (["--point", "10,nan"], "expected X,Y[,fg|bg]"),
    (["--point", "9000,20"], "a point lies outside the image"),
])
def test_malformed_prompt_flags_exit_2_with_a_message(photos, tmp_path, capsys, flags, needle):
    code = run_cli(["run", "segment", str(photos / "coffee.png"), "-o", str(tmp_path / "m.png"), *flags])
    assert code == EXIT_BAD_INPUT
    assert needle in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()


def test_prompt_flags_follow_the_engines_inputs(capsys):
    with pytest.raises(SystemExit):
        run_cli(["run", "segment", "--help"])
    text = capsys.readouterr().out
    assert "--box X,Y,W,H" in text and "--point X,Y[,fg|bg]" in text and "--cutout PATH" in text
    with pytest.raises(SystemExit):
        run_cli(["run", "upscale", "--help"])  # takes no prompts: no prompt flags
    text = capsys.readouterr().out
    assert "--box" not in text and "--point" not in text


def test_an_engine_without_prompts_refuses_the_flags(photos, tmp_path, capsys):
    code = run_cli(["run", "filter", str(photos / "coffee.png"), "-o", str(tmp_path / "f.png"), "--box", "1,1,5,5"])
    assert code == EXIT_BAD_INPUT
    assert "unrecognized arguments: --box" in capsys.readouterr().err


def test_list_shows_the_prompt_flags(capsys):
    assert run_cli(["run", "--list"]) == EXIT_OK
    section = capsys.readouterr().out.split("segment: ")[1].split("\n\n")[0]
    assert "model grabcut" in section and "--box X,Y,W,H" in section and "--point X,Y[,fg|bg]" in section


def test_an_unknown_model_is_a_missing_model(photos, tmp_path, capsys):
    from app.cli import EXIT_MODEL

    code = run_cli(["run", "segment", str(photos / "coffee.png"), "-o", str(tmp_path / "m.png"), "--model", "nosuch"])
    assert code == EXIT_MODEL
    assert "does not know a model called 'nosuch'" in capsys.readouterr().err
