"""History: paint transactions stored as tile deltas, undo/redo exactness, goto, budget, clean mark."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from app import layer_ops as ops
from app.document import SELECTION, Document
from app.history import DocumentError
from app.tiles import TILE


def _doc(photo: np.ndarray) -> tuple[Document, list]:
    doc = Document.from_image(photo)
    events: list = []
    doc.subscribe(lambda what, rect: events.append((what, rect)))
    return doc, events


def _stroke(doc: Document, target, name: str, pts, color, thickness: int = 9) -> None:
    with doc.history.paint(target, name) as tx:
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        pad = thickness
        tx.touch((min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad))
        ox, oy = tx.origin
        for a, b in zip(pts, pts[1:]):
            cv2.line(tx.array, (a[0] - ox, a[1] - oy), (b[0] - ox, b[1] - oy), color, thickness)


def test_paint_undo_redo_is_exact_and_stores_only_changed_tiles(astronaut):
    doc, events = _doc(astronaut)
    layer = doc.layers[0]
    original = layer.pixels.copy()
    _stroke(doc, layer.uid, "Brush Stroke", [(20, 20), (60, 40), (100, 30)], (255, 0, 0, 255))
    painted = layer.pixels.copy()
    assert not np.array_equal(painted, original)
    assert doc.history.names == ["Brush Stroke"] and doc.history.index == 1
    # A short stroke touches one tile; its XOR delta compresses well below the raw tile size.
    assert 0 < doc.history.nbytes < TILE * TILE * 4 // 4
    events.clear()
    assert doc.history.undo()
    assert np.array_equal(layer.pixels, original)
    assert ("pixels", (0, 0, TILE, TILE)) in events
    assert ("history", None) in events
    assert doc.history.redo()
    assert np.array_equal(layer.pixels, painted)


def test_untouched_change_and_noop_transaction(astronaut):
    doc, _ = _doc(astronaut)
    layer = doc.layers[0]
    with doc.history.paint(layer, "Nothing") as tx:
        tx.touch((0, 0, 50, 50))  # touched but not changed
    assert len(doc.history) == 0
    with doc.history.paint(layer, "Far stroke") as tx:
        tx.touch((0, 0, 10, 10))
        layer.pixels[300:310, 300:310] = 0  # written outside the touched tiles: cannot be recorded
    assert len(doc.history) == 0


def test_exception_rolls_back_the_edit(astronaut):
    doc, _ = _doc(astronaut)
    layer = doc.layers[0]
    original = layer.pixels.copy()
    with pytest.raises(RuntimeError):
        with doc.history.paint(layer.uid, "Broken") as tx:
            tx.touch((0, 0, 200, 200))
            layer.pixels[:200, :200] = 0
            raise RuntimeError("tool failed")
    assert np.array_equal(layer.pixels, original)
    assert len(doc.history) == 0


def test_locked_layer_refuses_paint(astronaut):
    doc, _ = _doc(astronaut)
    ops.set_layer_locked(doc, None, True)
    with pytest.raises(DocumentError, match="locked"):
        doc.history.paint(doc.layers[0].uid, "Brush")


def test_offset_layer_paint_uses_canvas_coordinates(astronaut, coffee):
    doc, _ = _doc(astronaut)
    layer = ops.add_layer(doc, pixels=Layer_rgba(coffee[:100, :100]), offset=(200, 150))
    before = layer.pixels.copy()
    _stroke(doc, layer.uid, "Brush", [(210, 160), (260, 200)], (0, 255, 0, 255), 5)
    # The line starts at canvas (210, 160) = layer (10, 10).
    assert tuple(layer.pixels[10, 10]) == (0, 255, 0, 255)
    doc.history.undo()
    assert np.array_equal(layer.pixels, before)


def Layer_rgba(rgb: np.ndarray) -> np.ndarray:
    return np.dstack([rgb, np.full(rgb.shape[:2], 255, np.uint8)])


def test_selection_and_mask_painting(chelsea):
    doc, events = _doc(chelsea)
    assert doc.selection is None
    _stroke(doc, SELECTION, "Lasso", [(10, 10), (80, 60)], 255)
    assert doc.selection is not None and doc.selection.max() == 255
    doc.history.undo()
    assert doc.selection is None  # the selection did not exist before the stroke
    doc.history.redo()
    assert doc.selection is not None and doc.selection[10, 10] == 255

    mask = ops.add_mask(doc, "damage")
    _stroke(doc, mask.uid, "Mask Brush", [(100, 100), (200, 150)], 255, 15)
    painted = mask.data.copy()
    events.clear()
    doc.history.undo()
    assert not mask.data.any()
    assert any(what == "masks" for what, _ in events)
    doc.history.redo()
    assert np.array_equal(mask.data, painted)


def test_goto_names_and_redo_branch(astronaut):
    doc, _ = _doc(astronaut)
    layer = doc.layers[0]
    states = [layer.pixels.copy()]
    for i in range(4):
        _stroke(doc, layer.uid, f"Stroke {i}", [(30 * i, 10), (30 * i + 50, 200)], (i * 60, 0, 0, 255))
        states.append(layer.pixels.copy())
    assert doc.history.names == [f"Stroke {i}" for i in range(4)]
    for target in [2, 0, 4, 1, 3]:
        doc.history.goto(target)
        assert doc.history.index == target
        assert np.array_equal(layer.pixels, states[target])
    assert doc.history.can_undo and doc.history.can_redo
    assert doc.history.undo_name == "Stroke 2" and doc.history.redo_name == "Stroke 3"
    # A new step after undo discards the redo branch.
    doc.history.goto(1)
    ops.rename_layer(doc, layer, "Renamed")
    assert doc.history.names == ["Stroke 0", "Rename Layer"]
    assert not doc.history.can_redo
    with pytest.raises(IndexError):
        doc.history.goto(5)


def test_memory_budget_drops_oldest_steps(astronaut):
    doc, _ = _doc(astronaut)
    layer = doc.layers[0]
    rng = np.random.default_rng(1)
    states = [layer.pixels.copy()]
    for i in range(6):  # noise fills do not compress: each step holds ~256 KiB of deltas
        with doc.history.paint(layer.uid, f"Noise {i}") as tx:
            tx.touch((0, 0, 256, 256))
            layer.pixels[:256, :256] = rng.integers(0, 256, (256, 256, 4), dtype=np.uint8)
        states.append(layer.pixels.copy())
    step_bytes = doc.history.nbytes / 6
    assert step_bytes > 200_000
    doc.history.mark_clean()
    doc.history.budget_bytes = int(step_bytes * 3.5)
    assert doc.history.names == ["Noise 3", "Noise 4", "Noise 5"]
    assert doc.history.nbytes <= doc.history.budget_bytes
    assert doc.history.index == 3 and not doc.history.modified  # the clean mark moved with the drop
    doc.history.goto(0)
    assert np.array_equal(layer.pixels, states[3])  # the oldest kept state
    assert not doc.history.can_undo
    doc.history.goto(3)
    assert np.array_equal(layer.pixels, states[6])
    # New steps keep dropping the oldest.
    with doc.history.paint(layer.uid, "Noise 6") as tx:
        tx.touch((0, 0, 256, 256))
        layer.pixels[:256, :256] = 1
    assert doc.history.names[-1] == "Noise 6" and "Noise 3" not in doc.history.names


def test_clean_mark_and_modified(astronaut):
    doc, events = _doc(astronaut)
    assert not doc.modified
    ops.add_layer(doc)
    assert doc.modified
    doc.history.mark_clean()
    assert not doc.modified
    ops.rename_layer(doc, None, "x")
    assert doc.modified
    doc.history.undo()
    assert not doc.modified
    doc.history.undo()
    assert doc.modified
    ops.add_mask(doc)  # discards the saved state's branch: it can never be clean again by undo
    assert doc.history.clean_index is None
    doc.history.undo()
    assert doc.modified


def test_opacity_drag_coalesces_into_one_step(astronaut):
    doc, _ = _doc(astronaut)
    layer = ops.add_layer(doc)
    for value in (0.9, 0.7, 0.5, 0.3):
        ops.set_layer_opacity(doc, layer, value)
    assert doc.history.names == ["Add Layer", "Layer Opacity"]
    doc.history.undo()
    assert layer.opacity == 1.0
    doc.history.redo()
    assert layer.opacity == 0.3


def test_no_steps_while_transaction_open(astronaut):
    doc, _ = _doc(astronaut)
    ops.rename_layer(doc, None, "photo")
    tx = doc.history.paint(doc.layers[0].uid, "Brush")
    with pytest.raises(RuntimeError):
        ops.add_layer(doc)
    with pytest.raises(RuntimeError):
        doc.history.undo()
    assert len(doc.layers) == 1 and doc.layers[0].name == "photo"  # refused: nothing changed
    tx.commit()
    ops.add_layer(doc)
    assert doc.history.names == ["Rename Layer", "Add Layer"] and len(doc.layers) == 2


# -- groups: one user action made of several commands is one step ---------------------------------
def test_group_is_one_step_that_undoes_and_redoes_everything(astronaut):
    doc, _ = _doc(astronaut)
    before = len(doc.layers)
    with doc.history.group("Recipe"):
        ops.add_layer(doc, "a")
        ops.rename_layer(doc, None, "b")
        _stroke(doc, doc.layers[0].uid, "Brush", [(10, 10), (60, 40)], (255, 0, 0, 255))
        with doc.history.group("Inner"):  # folds into the outer group
            ops.add_mask(doc, "m")
    assert doc.history.names == ["Recipe"]
    painted = doc.layers[0].pixels.copy()
    doc.history.undo()
    assert len(doc.layers) == before and doc.masks == []
    assert not np.array_equal(doc.layers[0].pixels, painted)
    doc.history.redo()
    assert [layer.name for layer in doc.layers] == ["Background", "b"] and len(doc.masks) == 1
    assert np.array_equal(doc.layers[0].pixels, painted)
    with doc.history.group("Nothing"):
        pass
    assert doc.history.names == ["Recipe"]  # an empty group records nothing


def test_exception_in_group_rolls_back_and_records_nothing(astronaut):
    doc, _ = _doc(astronaut)
    ops.rename_layer(doc, None, "photo")
    original = doc.layers[0].pixels.copy()
    revision = doc.history.revision
    with pytest.raises(RuntimeError, match="recipe failed"):
        with doc.history.group("Recipe"):
            ops.add_layer(doc, "a")
            _stroke(doc, doc.layers[0].uid, "Brush", [(10, 10), (60, 40)], (255, 0, 0, 255))
            tx = doc.history.paint(doc.layers[0].uid, "Unfinished")  # still open when the group fails
            tx.touch((0, 0, 20, 20))
            tx.array[:20, :20] = 0
            raise RuntimeError("recipe failed")
    assert doc.history.names == ["Rename Layer"] and doc.history.transaction is None
    assert [layer.name for layer in doc.layers] == ["photo"]
    assert np.array_equal(doc.layers[0].pixels, original)
    assert doc.history.revision > revision  # the document did change (and changed back) meanwhile
    # A failing inner group rolls back only its own part when the caller carries on.
    with doc.history.group("Outer"):
        ops.add_layer(doc, "kept")
        with pytest.raises(DocumentError):
            with doc.history.group("Inner"):
                ops.add_layer(doc, "dropped")
                ops.rename_layer(doc, None, " ")
    assert doc.history.names == ["Rename Layer", "Outer"]
    assert [layer.name for layer in doc.layers] == ["photo", "kept"]


def test_no_undo_while_a_group_is_open(astronaut):
    doc, _ = _doc(astronaut)
    ops.add_layer(doc)
    with doc.history.group("Recipe"):
        assert doc.history.grouping
        with pytest.raises(RuntimeError):
            doc.history.undo()
    assert not doc.history.grouping and doc.history.names == ["Add Layer"]


def test_psd_import_into_an_open_image_is_one_undo_step(astronaut, coffee):
    from app.document import Layer
    from widgets import doc_ops

    doc, _ = _doc(astronaut)
    imported = [Layer.from_rgb(f"psd {i}", coffee[:50, :60]) for i in range(3)]
    doc_ops.add_layers(doc, imported, "Import PSD")
    assert doc.history.names == ["Import PSD"]
    assert doc.layers[1:] == imported
    doc.history.undo()
    assert len(doc.layers) == 1
    doc.history.redo()
    assert doc.layers[1:] == imported


# -- pixel arrays are read-only outside a transaction -----------------------------------------------
def _arrays(doc: Document) -> list[np.ndarray]:
    planes = [layer.pixels for layer in doc.layers] + [mask.data for mask in doc.masks]
    return planes + ([] if doc.selection is None else [doc.selection])


def test_arrays_are_read_only_outside_a_transaction(astronaut, coffee):
    doc, _ = _doc(astronaut)
    sel = np.zeros((512, 512), np.uint8)
    sel[100:200, 100:300] = 255
    steps = [
        lambda: ops.add_layer(doc, pixels=Layer_rgba(coffee[:100, :100]), offset=(50, 60)),
        lambda: ops.add_mask(doc, "m"),
        lambda: ops.set_selection(doc, sel),
        lambda: _stroke(doc, doc.layers[1].uid, "Brush", [(60, 70), (120, 90)], (0, 255, 0, 255)),
        lambda: _stroke(doc, doc.masks[0].uid, "Mask Brush", [(10, 10), (90, 90)], 255),
        lambda: ops.scale_image(doc, 300, 260).run(),
        lambda: ops.rotate_image(doc, 90),
        lambda: ops.crop_canvas(doc, (10, 10, 200, 200)),
        lambda: ops.resize_canvas(doc, 240, 220),
        lambda: ops.merge_down(doc),
    ]
    for step in steps:
        step()
        assert not any(a.flags.writeable for a in _arrays(doc)), doc.history.names[-1]
    for target in (0, len(steps), 3):
        doc.history.goto(target)
        assert not any(a.flags.writeable for a in _arrays(doc)), target
    with pytest.raises(ValueError, match="read-only"):
        doc.layers[0].pixels[0, 0] = 1  # a tool that forgot the transaction fails loudly
    with pytest.raises(ValueError, match="read-only"):
        doc.selection[0, 0] = 1
    with doc.history.paint(doc.layers[0], "Brush") as tx:
        assert tx.array.flags.writeable  # only while the transaction holds it
    assert not doc.layers[0].pixels.flags.writeable


def test_attached_views_are_copied_and_fresh_arrays_frozen(coffee):
    photo = np.dstack([coffee, np.full(coffee.shape[:2], 255, np.uint8)])
    doc = Document.from_image(photo[:100, :200])  # a view of the caller's image
    assert doc.layers[0].pixels.base is None and photo.flags.writeable
    plane = np.zeros((100, 200), np.uint8)
    doc.selection = plane  # a fresh array is adopted as it is
    assert doc.selection is plane and not plane.flags.writeable
    with doc.history.paint(SELECTION, "Lasso") as tx:
        tx.touch((0, 0, 10, 10))
        tx.array[:10, :10] = 255
    doc.history.undo()
    doc.history.redo()
    assert doc.selection[5, 5] == 255 and not doc.selection.flags.writeable
