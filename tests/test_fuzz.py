"""Fuzzed links: generated query strings through the parser and through AppTest (100 examples
per test by default, 1,000 under ``CI=true``).

Properties: no exception; the scenario is always valid (every accepted value in its range);
every rejected key gets exactly one warning naming it; what the app writes back to the URL
parses without a single issue. Examples are derandomized, so every run tests the same links.
"""

from __future__ import annotations

import math
import os
import re
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from model.data import load_dataset
from model.scenario import (
    COMPARE_KEY,
    FOCUS_KEY,
    UI_KEYS,
    key_specs,
    parse_scenario,
    to_query_pairs,
)

DS = load_dataset()
SPECS = key_specs(DS)
VALID_KEYS = sorted(SPECS) + list(UI_KEYS)

numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "-inf",
            "Infinity",
            "1e999",
            "-0",
            "+5",
            ".5",
            "5.",
            "1,5",
            "1_000",
            "0x10",
            "١٢",
            "５",
        ]
    ),
)
values = st.one_of(
    numbers,
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "zh",
            "en",
            "1",
            "0",
            "optimistic",
            "model",
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "%00",
            "%E4%B8%AD",
        ]
    ),
    st.just("9" * 10_000),
    st.text(min_size=1, max_size=8, alphabet="ab<>%&").map(lambda s: (s * 10_000)[:10_240]),
)
keys = st.one_of(
    st.sampled_from(VALID_KEYS),
    st.text(max_size=20),
    st.sampled_from(
        ["gdp.", ".h1_share", "fai.h1_share.x", "GDP", "fai ", "<script>", "v", "preset"]
    ),
)
pairs = st.lists(st.tuples(keys, values), max_size=8)

# Two profiles: 100 examples on a developer's run, 1,000 under CI=true (.ci/run).
settings.register_profile(
    "fuzz",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
settings.register_profile("fuzz-ci", parent=settings.get_profile("fuzz"), max_examples=1000)
FUZZ = settings.get_profile("fuzz-ci" if os.environ.get("CI") == "true" else "fuzz")


def check_parse(items: list[tuple[str, str]] | str):
    scenario, issues = parse_scenario(items, DS)
    if isinstance(items, str):  # the pairs the parser splits a raw query string into
        from model.scenario import query_pairs

        items = query_pairs(items)
    rejected = {i.key for i in issues if i.code != "vintage_mismatch"}
    # one issue per key (the compare list s= is a list: one per bad item, at most its count)
    per_key = [i for i in issues if i.code != "vintage_mismatch" and i.key != COMPARE_KEY]
    assert len({i.key for i in per_key}) == len(per_key)
    n_compare = sum(1 for k, _ in items if k == COMPARE_KEY)
    assert sum(1 for i in issues if i.key == COMPARE_KEY) <= n_compare
    for k in {k for k, _ in items}:
        accepted = (
            k in scenario.h2
            or any(f"{a}.{b}" == k for a, b in scenario.assumptions)
            or any(f"{a}.{b}" == k for a, b in scenario.drivers)
            or k in UI_KEYS
            or k == FOCUS_KEY  # the topic page's, read by the page (ui.panels), never rejected here
        )
        assert (k in rejected) != (accepted and k not in rejected), k
    for iid, v in scenario.h2.items():
        spec = SPECS[iid]
        assert math.isfinite(v) and spec.low <= v <= spec.high
    for (iid, param), v in scenario.assumptions.items():
        spec = SPECS[f"{iid}.{param}"]
        assert math.isfinite(v) and spec.low <= v <= spec.high
    back, again = parse_scenario(to_query_pairs(scenario, DS), DS)
    assert again == []
    assert dict(back.h2) == pytest.approx(dict(scenario.h2), rel=1e-9, abs=1e-9)
    assert dict(back.assumptions) == pytest.approx(dict(scenario.assumptions), rel=1e-9, abs=1e-9)
    return scenario, issues


@FUZZ
@given(items=pairs)
def test_parser_on_generated_pairs(items):
    check_parse(items)


@FUZZ
@given(raw=st.text(max_size=200))
@example(raw="focus")  # the page's own key, empty: found by this test once (2026-12-08)
@example(raw="focus=gdp&focus=&fai=25")
def test_parser_on_raw_query_strings(raw):
    # raw text, percent-escapes and all, straight into the query-string splitter: every key is
    # either accepted (in range, and the scenario's own link reads back to it) or named once
    scenario, issues = check_parse(raw)
    for issue in issues:
        assert "\n" not in issue.message and "\r" not in issue.message


@FUZZ
@given(items=st.lists(st.tuples(keys, values), max_size=5))
def test_app_on_generated_links(make_app, items):
    query = urlencode(items)
    at = make_app(query, run=False)
    at.run()
    assert not at.exception
    _, issues = parse_scenario(items, DS)
    warnings = " ".join(re.sub(r"\\(.)", r"\1", w.value) for w in at.warning)
    for issue in issues:
        if issue.code == "vintage_mismatch":
            assert "数据版本" in warnings
            continue
        shown = "".join(ch for ch in issue.key if ch.isprintable())[:40]
        assert shown in warnings, (issue.key, warnings[:200])
    written = (
        [(k, v) for k in at.query_params for v in at.query_params.get_all(k)]
        if hasattr(at.query_params, "get_all")
        else list(at.query_params.items())
    )
    _, after = parse_scenario([(k, v[0] if isinstance(v, list) else v) for k, v in written], DS)
    assert after == []


@pytest.mark.parametrize(
    "payload",
    [
        "<script>window.__x=1</script>",
        "<img src=x onerror=alert(1)>",
        "[a](javascript:alert(1))",
        "$\\\\frac{1}{0}$",
    ],
)
def test_markup_in_every_parameter_is_inert(make_app, payload, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    keys_ = ["fai", "fai.h1_share", "lang", "preset", "meeting", "v", payload]
    query = urlencode([(k, payload) for k in keys_])
    at = make_app(query)
    assert not at.exception
    assert len(at.warning) == len(keys_)
    for w in at.warning:
        body = w.value
        # every markup character arrives escaped: shown as text, never parsed
        assert not re.search(r"(?<!\\)[<>\[\]()$]", body), body
