"""The parameter schema a GUI needs (engines.params): groups, advanced, visible-when, where a parameter
exists; resolving and coercing stay as they were."""
from __future__ import annotations

import pytest

from engines.params import Param, ParamError, check_params, cli_params, gui_params, resolve_options

MODE = Param("mode", "choice", "scale", "Mode", choices=("scale", "fit"))
WIDTH = Param("width", "int", 0, "Width", minimum=0, maximum=100, visible_when=(("mode", "fit"),))
DRAW = Param("draw", "path", None, "Draw to file", cli_only=True)
LIVE = Param("live", "bool", True, "Live preview", gui_only=True, advanced=True, group="Preview")


def test_visible_when_holds_only_for_the_named_values():
    assert not WIDTH.visible({"mode": "scale", "width": 0})
    assert WIDTH.visible({"mode": "fit", "width": 0})
    assert MODE.visible({})  # no condition: always shown


def test_cli_and_gui_each_get_their_params():
    params = (MODE, WIDTH, DRAW, LIVE)
    assert cli_params(params) == (MODE, WIDTH, DRAW)
    assert gui_params(params) == (MODE, WIDTH, LIVE)
    with pytest.raises(ValueError, match="both"):
        Param("x", "int", 0, "X", cli_only=True, gui_only=True)


def test_schema_mistakes_are_found_when_an_engine_is_registered():
    check_params((MODE, WIDTH, DRAW, LIVE))
    with pytest.raises(ValueError, match="visible_when"):
        check_params((WIDTH,))  # names a parameter that is not there
    with pytest.raises(ValueError, match="duplicate"):
        check_params((MODE, MODE))


def test_resolving_keeps_defaults_coerces_and_refuses_unknowns():
    assert resolve_options((MODE, WIDTH), {"width": "40"}) == {"mode": "scale", "width": 40}
    with pytest.raises(ParamError, match="above the maximum"):
        resolve_options((MODE, WIDTH), {"width": 400})
    with pytest.raises(ParamError, match="unknown"):
        resolve_options((MODE,), {"height": 1})


def test_display_fields_default_to_showing_the_value_as_it_is():
    assert (WIDTH.unit, WIDTH.display_scale, WIDTH.choice_labels) == ("", 1.0, ())
    assert WIDTH.to_display(40) == 40 and WIDTH.from_display(40) == 40
    assert MODE.choice_label("fit") == "fit"


def test_a_display_scale_shows_a_fraction_in_per_cent_and_back():
    share = Param("share", "float", 0.5, "Share", minimum=0.01, maximum=2.0, unit="%", display_scale=100)
    assert share.to_display(0.37) == pytest.approx(37)
    assert share.from_display(37) == pytest.approx(0.37)
    assert share.coerce(share.from_display(1)) == pytest.approx(0.01)  # the smallest shown value is valid
    with pytest.raises(ParamError, match="above the maximum"):
        share.coerce(share.from_display(250))
    with pytest.raises(ValueError, match="display_scale"):
        Param("n", "int", 1, "N", display_scale=100)  # an int shown times 100 would not be an int
    with pytest.raises(ValueError, match="display_scale"):
        Param("x", "float", 1.0, "X", display_scale=0)


def test_choice_labels_name_only_known_choices():
    shape = Param("shape", "choice", "linear", "Shape", choices=("linear", "radial"),
                  choice_labels=(("linear", "Linear"),))
    assert (shape.choice_label("linear"), shape.choice_label("radial")) == ("Linear", "radial")
    assert shape.coerce("radial") == "radial"
    with pytest.raises(ParamError, match="not one of"):
        shape.coerce("Linear")  # the label is not a value
    with pytest.raises(ValueError, match="choice_labels"):
        Param("shape", "choice", "linear", "Shape", choices=("linear",), choice_labels=(("conic", "Conic"),))
