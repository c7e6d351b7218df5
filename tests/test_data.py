"""The data file: every figure traceable to the source, ids and kinds as the issues fix them."""

from __future__ import annotations

import math
import re

import pytest

from model.data import ROOT, DataFileError, load_dataset, parse_dataset

REQUIRED_IDS = (
    "gdp industrial_output industrial_output_local fai fiscal_revenue tertiary_va "
    "investment_attraction new_industrial_enterprises new_service_enterprises new_jobs "
    "land_acquisition land_supply land_reserve demolition financing "
    "illegal_construction_removal signed_enterprises projects_region projects_city projects_local"
).split()


def _number_texts(x: float) -> set[str]:
    a = abs(x)
    texts = {f"{a:g}", f"{a:.2f}".rstrip("0").rstrip(".")}
    if a == int(a):
        texts.add(str(int(a)))
    return texts


def test_every_required_id_is_present(ds):
    ids = [i.id for i in ds.indicators]
    for rid in REQUIRED_IDS:
        assert rid in ids
    assert len(ids) == len(set(ids))


def test_every_quote_is_in_the_source_and_holds_its_number(ds):
    source = (ROOT / ds.source_file).read_text(encoding="utf-8")
    seen = 0
    for owner in (*ds.indicators, *ds.drivers):
        for name, fig in owner.figures.items():
            assert fig.quote in source, f"{owner.id}.{name}: quote not in source"
            digits = re.sub(r"\s", "", fig.quote)
            assert any(t in digits for t in _number_texts(fig.value)), (
                f"{owner.id}.{name}: {fig.value} not in '{fig.quote}'"
            )
            assert fig.section, f"{owner.id}.{name}: no section"
            seen += 1
    assert seen >= 40


def test_source_copy_matches_shared_seed_when_present(ds):
    seed = ROOT.parent / "shared" / "seed" / "000_a758eb157387da20.txt"
    copy = (ROOT / ds.source_file).read_bytes()
    if seed.exists():
        assert seed.read_bytes() == copy
    assert "柳东新区" in copy.decode("utf-8")


def test_no_h1_indicators_are_explicitly_waiting_for_input(ds):
    for iid in ("tertiary_va", "land_reserve"):
        ind = ds.get(iid)
        assert ind.figure("h1_value") is None and ind.figure("h1_growth_pct") is None
        param = "h1_growth" if ind.kind != "amount" else "h1_value"
        assert ind.assumptions[param].default is None


def test_assumptions_have_reasons_and_sane_defaults(ds):
    for ind in ds.indicators:
        for a in ind.assumptions.values():
            assert a.reason_zh and a.reason_en
            if a.param == "h1_share":
                assert a.default is not None and 0 < a.default < 100


def test_gdp_share_default_matches_published_liuzhou_figures(ds):
    # 2022: 1499.95 / 3109.09 = 48.2%; 2023: 1471.50 / 3115.86 = 47.2%
    mean = (1499.95 / 3109.09 + 1471.50 / 3115.86) / 2 * 100
    assert abs(ds.get("gdp").assumptions["h1_share"].default - mean) < 0.5


def test_drivers_add_up_to_less_than_parent(ds):
    parts = sum(d.figure("h1_value") for d in ds.drivers_of("industrial_output"))
    assert math.isclose(parts, 96.23 + 155.53 + 7.18)
    assert parts < ds.get("industrial_output").figure("h1_value")


def test_period_and_vintage(ds):
    assert ds.year == 2021 and ds.months_elapsed == 6 and ds.elapsed_share == 0.5
    assert ds.vintage


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda r: r.pop("meta"), "missing field 'meta'"),
        (lambda r: r["indicators"][0].update(kind="ratio"), "kind must be one of"),
        (lambda r: r["indicators"][1].update(id="gdp"), "duplicate indicator ids: gdp"),
        (lambda r: r["indicators"][0]["h1_value"].update(value="x"), "finite number"),
        (lambda r: r["drivers"][0].update(parent="nope"), "unknown parent 'nope'"),
    ],
)
def test_malformed_data_is_rejected_with_a_message(mutate, message):
    import tomllib

    raw = tomllib.loads((ROOT / "data" / "indicators.toml").read_text(encoding="utf-8"))
    mutate(raw)
    with pytest.raises(DataFileError, match=re.escape(message)):
        parse_dataset(raw)


def test_missing_and_invalid_files(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        load_dataset(tmp_path / "none.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[meta\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid TOML"):
        load_dataset(bad)
