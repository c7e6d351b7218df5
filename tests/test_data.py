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


_TOKEN = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?![0-9.])")


def number_tokens(text: str) -> list[float]:
    """Every whole number token of ``text`` ("145.07", "8.5"), never a part of one."""
    return [float(m) for m in _TOKEN.findall(re.sub(r"\s", "", text))]


def test_number_tokens_match_whole_numbers_only():
    quote = "上半年新区地区生产总值完成145.07亿元，同比增长8.5%"
    assert number_tokens(quote) == [145.07, 8.5]
    for wrong in (5, 45, 14, 7, 0.5):
        assert wrong not in number_tokens(quote)


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
            assert abs(fig.value) in number_tokens(fig.quote), (
                f"{owner.id}.{name}: {fig.value} not a number of '{fig.quote}'"
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


def test_gdp_share_default_uses_only_figures_published_before_the_speech(ds):
    # Liuzhou 2020: H1 1411.6亿, full year 3176.9亿 (history file) → 44.4%
    from model.history import load_history

    h = load_history()
    lz = h[(h.region == "liuzhou") & (h.indicator == "gdp") & (h.year == 2020)]
    lz = lz[~lz.note.fillna("").str.startswith("ALT")].set_index("period")["value"]
    share = lz["H1"] / lz["FY"] * 100
    a = ds.get("gdp").assumptions["h1_share"]
    assert round(share, 1) == a.default == 44.4
    assert "2020" in a.source and "44.4%" in a.reason_zh and "44.4%" in a.reason_en


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
        (lambda r: r["indicators"][0]["h1_value"].update(value="x"), "must be a number"),
        (lambda r: r["status_thresholds"].update(growth_gap_pp="x"), "growth_gap_pp: must be a"),
        (lambda r: r["ranges"].update(h2_growth_pct=[5.0]), "range of two numbers"),
        (lambda r: r["ranges"].update(h2_growth_pct=[9.0, 1.0]), "must be below the high end"),
        (lambda r: r["meta"].update(months_elapsed=12), "months_elapsed"),
        (lambda r: r["presets"]["optimistic"].update(amount_factor=-1), "amount_factor: -1"),
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


def _toml_with(tmp_path, old: str, new: str):
    text = (ROOT / "data" / "indicators.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "d.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("default = 44.4\n", "default = 0.0\n", "'gdp'.h1_share.default: 0 must be > 0"),
        ("default = 44.4\n", "default = 100.0\n", "h1_share.default: 100 must be < 100"),
        ("default = 44.4\n", "default = -5.0\n", "h1_share.default: -5 must be > 0"),
        ("value = 6.25,", "value = -100,", "h1_growth_pct.value: -100 must be > -100"),
        ("value = 55.37,", "value = 20.0,", "imply a prior-year H1 share of 146.1%"),
        ('param = "prior_fy"\ndefault = nan', 'param = "prior_fy"\ndefault = -3.0', "> 0"),
        ("h1_share_pct = [1.0, 99.0]", "h1_share_pct = [99.0, 1.0]", "must be below"),
        ("amount_pace_ratio = 1.5", 'amount_pace_ratio = "1.5"', "must be a number"),
    ],
)
def test_data_file_edges_exit_2_with_one_line(tmp_path, capsys, old, new, message):
    from cli.main import main

    path = _toml_with(tmp_path, old, new)
    with pytest.raises(DataFileError, match=re.escape(message)):
        load_dataset(path)
    assert main(["--data", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: data:") and message in err
