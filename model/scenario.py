"""Scenarios and the one parser of the scenario query string (CLI ``--scenario`` and app URL).

A scenario query string is what the app's URL carries, e.g.
``fiscal_revenue=7&fai=30&fai.h1_share=45&preset=optimistic&lang=en``.

Keys:

- ``<id>``: the H2 assumption of an indicator: H2 growth in % for growth and level
  indicators, H2 amount in the indicator's unit for amount indicators.
- ``<id>.<param>``: an assumption the indicator declares in the data file
  (``h1_share``, ``prior_fy``, ``h1_value``, ``h1_growth``, ``target_growth``,
  ``prev_h1_growth``, ``prev_fy_growth``, ``prev2_h1_growth``, ``prev2_fy_growth``; the
  aliases ``prev_ytd_growth``/``prev2_ytd_growth`` name the same-period keys).
- ``<id>.<driver>``: H2 growth in % of a driver (part) of the indicator, e.g.
  ``industrial_output.baojun`` (for a part with no H1 growth, a new base: its H2 amount);
  ``<id>.rest`` is the part no driver names. Setting any part derives the parent's H2.
- ``preset``: one of the presets in the data file.
- ``lang`` (``zh``/``en``), ``meeting`` (``0``/``1``).
- ``data``: the id of the dataset the link was made on (a hash of its figures; the app
  loads it from the store); ``hist``: the id of a stored history file for the baseline;
  ``v``: the data vintage of links made before data ids (still accepted).
- ``s`` (repeatable, up to 4): a scenario of the compare page — a saved name, or a query string.

:func:`parse_scenario` never raises on bad input: it returns the valid part as a
:class:`Scenario` and every rejected value as a :class:`ScenarioIssue`. Callers decide:
the CLI exits with status 2 on the first issue, the app warns and keeps the rest.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any
from urllib.parse import parse_qsl

from model.catalogue import DEFAULT_LANG, LANGS
from model.data import Dataset
from model.fmt import general, link_number, one_line
from model.limits import control_char
from model.typedefs import REST_DRIVER, Scenario, ScenarioIssue  # noqa: F401 - re-exported

#: Keys the UI owns (not indicator inputs).
UI_KEYS: tuple[str, ...] = ("preset", "lang", "meeting", "v", "s", "data", "hist")
#: The keys naming a stored dataset (``data``) and a stored history file (``hist``).
DATA_KEY = "data"
HIST_KEY = "hist"
_ID = re.compile(r"^[0-9a-f]{12}\Z")
#: The one repeatable key: a scenario of the compare page (a saved name, or a query string).
COMPARE_KEY = "s"
#: A topic page's focused indicator (``focus=fai``): a view of the page, not part of the
#: scenario — accepted and ignored here, read by the app's topic pages.
FOCUS_KEY = "focus"
MAX_COMPARE = 4
#: The most characters of one compared scenario's name (``s=``).
MAX_COMPARE_CHARS = 2000

_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_MAX_VALUE_CHARS = 40
_MAX_KEY_SHOWN = 40


@dataclass(frozen=True)
class KeySpec:
    """What one scenario key accepts: a number in [low, high] (bounds inclusive)."""

    key: str
    low: float
    high: float
    low_open: bool = False


_SPECS_CACHE: dict[int, tuple[Dataset, dict[str, KeySpec]]] = {}
_SPECS_LOCK = threading.Lock()
#: Datasets whose specs are kept (each uploaded or stored dataset is a new object; the
#: oldest is dropped first, so a long-running server holds at most this many).
_SPECS_MAX = 16


def key_specs(ds: Dataset) -> dict[str, KeySpec]:
    """Every numeric scenario key the dataset allows, with its accepted range (computed once
    per dataset object, for the last :data:`_SPECS_MAX` datasets; the dataset is immutable)."""
    with _SPECS_LOCK:
        hit = _SPECS_CACHE.get(id(ds))
    if hit is not None and hit[0] is ds:
        return hit[1]
    specs = _key_specs(ds)
    with _SPECS_LOCK:
        _SPECS_CACHE.pop(id(ds), None)  # a dead dataset's id, reused: its entry goes
        while len(_SPECS_CACHE) >= _SPECS_MAX:
            _SPECS_CACHE.pop(next(iter(_SPECS_CACHE)))
        _SPECS_CACHE[id(ds)] = (ds, specs)
    return specs


def _key_specs(ds: Dataset) -> dict[str, KeySpec]:
    """Every numeric scenario key the dataset allows, with its accepted range.

    Ranges: H2 growth and any growth assumption in ``ranges.h2_growth_pct``; an H2 amount in
    [0, h2_amount_factor_max × max(H1, target)]; ``h1_share`` in ``ranges.h1_share_pct``;
    ``prior_fy`` in (0, level_max]; ``h1_value`` in [0, level_max].
    """
    g_lo, g_hi = ds.ranges.h2_growth_pct
    s_lo, s_hi = ds.ranges.h1_share_pct
    specs: dict[str, KeySpec] = {}
    for ind in ds.indicators:
        if ind.kind == "amount":
            scale = max(
                ind.figure("h1_value") or 0.0,
                ind.figure("target_value") or 0.0,
                _derived_amount_target(ind.figure("h1_value"), ind.figure("target_share_done_pct"))
                or 0.0,
            )
            high = ds.ranges.h2_amount_factor_max * scale if scale > 0 else ds.ranges.level_max
            specs[ind.id] = KeySpec(ind.id, 0.0, high)
        else:
            specs[ind.id] = KeySpec(ind.id, g_lo, g_hi)
        for param in ind.assumptions:
            k = f"{ind.id}.{param}"
            if param == "h1_share":
                specs[k] = KeySpec(k, s_lo, s_hi)
            elif param == "prior_fy":
                specs[k] = KeySpec(k, 0.0, ds.ranges.level_max, low_open=True)
            elif param == "h1_value":
                specs[k] = KeySpec(k, 0.0, ds.ranges.level_max)
            else:  # h1_growth, target_growth, prev_h1_growth
                specs[k] = KeySpec(k, g_lo, g_hi)
        drivers = ds.drivers_of(ind.id)
        for d in drivers:
            k = f"{ind.id}.{d.id}"
            if d.figure("h1_growth_pct") is None:  # a part whose H2 is an amount (new base)
                parent_h1 = ind.figure("h1_value") or ds.ranges.level_max
                specs[k] = KeySpec(k, 0.0, ds.ranges.h2_amount_factor_max * parent_h1)
            else:
                specs[k] = KeySpec(k, g_lo, g_hi)
        if drivers:
            k = f"{ind.id}.{REST_DRIVER}"
            specs[k] = KeySpec(k, g_lo, g_hi)
    return specs


def _derived_amount_target(h1: float | None, share_done_pct: float | None) -> float | None:
    if h1 is None or share_done_pct is None or share_done_pct <= 0:
        return None
    return h1 / (share_done_pct / 100.0)


def _shown(key: str) -> str:
    return one_line(key, limit=_MAX_KEY_SHOWN)


_fmt = general


def parse_number(key: str, raw: str, spec: KeySpec) -> tuple[float | None, ScenarioIssue | None]:
    """Parse ``raw`` as a plain decimal number within ``spec``'s range."""
    k = _shown(key)
    text = raw
    if text.strip() == "":
        return None, ScenarioIssue(key, "empty", f"{k}: empty value")
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        return None, ScenarioIssue(key, "not_finite", f"{k}: value must be a finite number")
    if len(text) > _MAX_VALUE_CHARS:
        return None, ScenarioIssue(
            key,
            "too_long",
            f"{k}: longer than {_MAX_VALUE_CHARS} characters ({len(text)})",
            high=_MAX_VALUE_CHARS,
        )
    if not _NUMBER.match(text):
        # no spaces either: a '+' in a query string decodes to a space ("5+" → "5 ")
        shown = one_line(text, limit=20)
        return None, ScenarioIssue(key, "not_a_number", f"{k}: '{shown}' is not a number")
    value = float(text)
    if not math.isfinite(value):
        return None, ScenarioIssue(key, "not_finite", f"{k}: value must be a finite number")
    if value == 0.0 and any(c in "123456789" for c in text.lower().partition("e")[0]):
        return None, ScenarioIssue(
            key, "not_a_number", f"{k}: '{one_line(text, limit=20)}' is too small to represent"
        )
    # a bound written into a link with 10 significant digits (format_number) may round past
    # it by float noise: such a value is the bound itself
    noise = 1e-9 * max(1.0, abs(spec.high), abs(spec.low))
    if spec.high < value <= spec.high + noise:
        value = spec.high
    elif not spec.low_open and spec.low - noise <= value < spec.low:
        value = spec.low
    too_low = value <= spec.low if spec.low_open else value < spec.low
    if too_low or value > spec.high:
        bracket = "(" if spec.low_open else "["
        return None, ScenarioIssue(
            key,
            "out_of_range",
            f"{k}: {_fmt(value)} is outside the allowed range {bracket}{_fmt(spec.low)}, "
            f"{_fmt(spec.high)}]",
            low=spec.low,
            high=spec.high,
        )
    return value, None


def query_pairs(query: str) -> list[tuple[str, str]]:
    """Split a query string into (key, value) pairs, keeping blanks and repeats."""
    q = query[1:] if query.startswith("?") else query
    return parse_qsl(q, keep_blank_values=True)


def parse_scenario(
    query: str | Iterable[tuple[str, str]],
    ds: Dataset,
    *,
    specs: Mapping[str, KeySpec] | None = None,
) -> tuple[Scenario, list[ScenarioIssue]]:
    """Parse a scenario query string (or its (key, value) pairs) against dataset ``ds``.

    Returns the scenario made of every valid value and the list of issues, one per rejected
    key, in the order the keys came. A rejected key keeps its default. A key given more
    than once is rejected as a whole (``repeated``).
    """
    pairs = [(_alias(k), v) for k, v in (query_pairs(query) if isinstance(query, str) else query)]
    specs = key_specs(ds) if specs is None else specs
    counts: dict[str, int] = {}
    for k, _ in pairs:
        counts[k] = counts.get(k, 0) + 1
    issues: list[ScenarioIssue] = []
    values = _Values()
    settings: dict[str, Any] = dict(_SETTINGS_DEFAULT)
    seen: set[str] = set()
    compare: list[str] = []
    for key, raw in pairs:
        issue: ScenarioIssue | None
        if key == COMPARE_KEY:  # repeatable: the compare page's scenarios, in order
            issue = _add_compare(key, raw, compare)
        elif key == FOCUS_KEY or key in seen:
            continue
        else:
            seen.add(key)
            if counts[key] > 1:
                issue = ScenarioIssue(key, "repeated", f"{_shown(key)}: given {counts[key]} times")
            elif key in _SETTINGS:
                issue = _read_setting(key, raw, ds, settings)
            else:
                issue = _read_value(key, raw, ds, specs, values)
        if issue is not None:
            issues.append(issue)
    for bad in implausible(values.assumptions, ds):
        issues.append(bad)
        values.assumptions.pop(_assumption_of(bad.key), None)
    scenario = Scenario(
        h2=MappingProxyType(values.h2),
        assumptions=MappingProxyType(values.assumptions),
        drivers=MappingProxyType(values.drivers),
        compare=tuple(compare),
        **settings,
    )
    return scenario, issues


@dataclass
class _Values:
    """The numbers a scenario link sets: H2 assumptions, assumptions, drivers."""

    h2: dict[str, float] = field(default_factory=dict)
    assumptions: dict[tuple[str, str], float] = field(default_factory=dict)
    drivers: dict[tuple[str, str], float] = field(default_factory=dict)


#: The keys of a link that are settings rather than numbers, and what the scenario field
#: each sets is when the link leaves it out.
_SETTINGS = ("preset", "lang", "meeting", DATA_KEY, HIST_KEY, "v")
_SETTINGS_DEFAULT: dict[str, Any] = {
    "preset": None,
    "lang": DEFAULT_LANG,
    "meeting": False,
    "vintage": None,
    "data_id": None,
    "hist_id": None,
}


def _add_compare(key: str, raw: str, compare: list[str]) -> ScenarioIssue | None:
    """One more scenario of the compare page (at most :data:`MAX_COMPARE`)."""
    if len(compare) >= MAX_COMPARE:
        return ScenarioIssue(key, "repeated", f"s: at most {MAX_COMPARE} scenarios")
    if (code := control_char(raw)) is not None:  # the one rule of model.limits
        return ScenarioIssue(key, "control", f"s: control character {code}")
    if len(raw) > MAX_COMPARE_CHARS:
        return ScenarioIssue(
            key,
            "too_long",
            f"s: longer than {MAX_COMPARE_CHARS} characters ({len(raw)})",
            high=MAX_COMPARE_CHARS,
        )
    if raw.strip():
        compare.append(raw.strip())
        return None
    return ScenarioIssue(key, "empty", "s: empty value")


def _read_setting(
    key: str, raw: str, ds: Dataset, settings: dict[str, Any]
) -> ScenarioIssue | None:
    """A setting of the link (one of :data:`_SETTINGS`) into ``settings``; its issue."""
    if key == "preset":
        choices = tuple(ds.presets) + ("model",)
        return _choice(settings, key, raw, choices, raw)
    if key == "lang":
        return _choice(settings, key, raw, LANGS, raw)
    if key == "meeting":
        return _choice(settings, key, raw, ("0", "1"), raw == "1")
    if key == DATA_KEY:
        settings["data_id"] = raw
        if raw == ds.data_id:
            return None
        return ScenarioIssue(
            key,
            "unknown_data",
            f"data: no dataset '{one_line(raw, limit=20)}' here; the data in use is '{ds.data_id}'",
        )
    if key == HIST_KEY:
        if _ID.match(raw):
            settings["hist_id"] = raw
            return None
        return ScenarioIssue(
            key, "unknown_hist", f"hist: '{one_line(raw, limit=20)}' is not a history id"
        )
    settings["vintage"] = raw  # "v"
    if raw == ds.vintage:
        return None
    return ScenarioIssue(
        key,
        "vintage_mismatch",
        f"v: link made on data vintage '{one_line(raw, limit=20)}', data now '{ds.vintage}'",
    )


def _choice(
    settings: dict[str, Any], key: str, raw: str, choices: tuple[str, ...], value: Any
) -> ScenarioIssue | None:
    """``settings[key] = value`` when ``raw`` is one of ``choices``, else its issue."""
    if raw not in choices:
        return bad_choice(key, raw, choices)
    settings[key] = value
    return None


def _read_value(
    key: str, raw: str, ds: Dataset, specs: Mapping[str, KeySpec], values: _Values
) -> ScenarioIssue | None:
    """A number of the link (H2 assumption, assumption or driver) into ``values``."""
    spec = specs.get(key)
    if spec is None:
        return ScenarioIssue(key, "unknown_key", f"{_shown(key)}: unknown key")
    value, issue = parse_number(key, raw, spec)
    if issue is not None:
        return issue
    assert value is not None
    ind_id, _, sub = key.partition(".")
    if not sub:
        values.h2[ind_id] = value
    elif sub in ds.get(ind_id).assumptions:
        values.assumptions[(ind_id, sub)] = value
    else:
        values.drivers[(ind_id, sub)] = value
    return None


#: Other names of a key's last part: the prior year's same period ("ytd") is ``prev_h1_growth``.
ALIASES: dict[str, str] = {
    "prev_ytd_growth": "prev_h1_growth",
    "prev2_ytd_growth": "prev2_h1_growth",
}


def _alias(key: str) -> str:
    ind, dot, part = key.rpartition(".")
    return f"{ind}.{ALIASES[part]}" if dot and part in ALIASES else key


def _assumption_of(key: str) -> tuple[str, str]:
    ind_id, _, param = key.partition(".")
    return ind_id, param


def implausible(assumptions: Mapping[tuple[str, str], float], ds: Dataset) -> list[ScenarioIssue]:
    """Assumption values that are each in range but whose consequence is not: an H1 growth
    derived from them (g1 = H1 / (w·F0) − 1, e.g. from a prior-year level) outside the
    allowed growth range, or not a finite number. Every assumption of such an indicator that
    the scenario sets is reported (code ``implausible``), so the caller can drop them all."""
    from model.projection import project_indicator  # imported when needed: cheap to import

    lo, hi = ds.ranges.h2_growth_pct
    out: list[ScenarioIssue] = []
    for ind_id in dict.fromkeys(i for i, _ in assumptions):
        ind = ds.get(ind_id)
        if ind.figure("h1_growth_pct") is not None:
            continue
        mine = {k: v for k, v in assumptions.items() if k[0] == ind_id}
        sc = Scenario(assumptions=MappingProxyType(mine))
        g1 = project_indicator(ind, sc, ds).h1_growth_pct
        if g1 is None or (math.isfinite(g1) and lo <= g1 <= hi):
            continue
        shown = f"of {g1:.1f}%" if math.isfinite(g1) else "that is not a finite number"
        for ind_param in mine:
            key = f"{ind_id}.{ind_param[1]}"
            out.append(
                ScenarioIssue(
                    key,
                    "implausible",
                    f"{key}: with the other figures it implies an H1 growth {shown}, "
                    f"outside the allowed range [{_fmt(lo)}, {_fmt(hi)}]",
                    low=lo,
                    high=hi,
                )
            )
    return out


def bad_choice(key: str, raw: str, choices: tuple[str, ...]) -> ScenarioIssue:
    """The issue of a value ``raw`` of ``key`` that is none of ``choices`` (the accepted values;
    a page names them for a person, :func:`ui.state.issue_reason`)."""
    return ScenarioIssue(
        key,
        "bad_choice",
        f"{_shown(key)}: '{one_line(raw, limit=20)}' is not one of {', '.join(choices)}",
        choices=choices,
    )


def _unless_default(key: str, value: str) -> list[tuple[str, str]]:
    """The link's ``(key, value)`` for a setting, or nothing when ``value`` is the setting's
    default (:data:`_SETTINGS_DEFAULT`): a link carries only what differs."""
    return [] if value == _SETTINGS_DEFAULT[key] else [(key, value)]


def to_query_pairs(scenario: Scenario, ds: Dataset) -> list[tuple[str, str]]:
    """The (key, value) pairs of everything in ``scenario`` that differs from the default.

    The inverse of :func:`parse_scenario`: ``parse_scenario(to_query_pairs(s, ds), ds)``
    gives back ``s`` (with ``data_id`` set to the dataset's). Numbers are written with
    up to 10 significant digits; ``data`` (the dataset's id) is always present, last.
    """
    pairs: list[tuple[str, str]] = []
    if scenario.preset is not None:
        pairs.append(("preset", scenario.preset))
    for ind in ds.indicators:
        if ind.id in scenario.h2:
            pairs.append((ind.id, format_number(scenario.h2[ind.id])))
        for param in ind.assumptions:
            if (ind.id, param) in scenario.assumptions:
                pairs.append(
                    (f"{ind.id}.{param}", format_number(scenario.assumptions[(ind.id, param)]))
                )
        for d in [*(d.id for d in ds.drivers_of(ind.id)), REST_DRIVER]:
            if (ind.id, d) in scenario.drivers:
                pairs.append((f"{ind.id}.{d}", format_number(scenario.drivers[(ind.id, d)])))
    pairs += _unless_default("lang", scenario.lang)
    if scenario.meeting:
        pairs.append(("meeting", "1"))
    pairs += [(COMPARE_KEY, c) for c in scenario.compare]
    if scenario.hist_id is not None:
        pairs.append((HIST_KEY, scenario.hist_id))
    pairs.append((DATA_KEY, ds.data_id))
    return pairs


#: A short decimal text for ``x`` that parses back to the same float within 1e-10.
format_number = link_number
