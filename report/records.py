"""The record builder of the exports and the compare page: a scenario parsed and projected
on its own data (:class:`ScenarioView`), its definition (what it assumes, its data, its own
link), and one comparison record per indicator. Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from model.data import Assumption, Dataset
from model.period import words
from model.projection import ProjectionResults
from model.scenario import COMPARE_KEY, DATA_KEY, Scenario, parse_scenario, query_pairs
from model.view import views_of
from report import fmt
from report.changes import hand_set
from report.i18n import t
from report.period_words import as_of
from report.scenarios import scenario_name
from report.voice import TZ, Voice, voice_of


@dataclass(frozen=True)
class ScenarioView:
    """A scenario ready to export or compare: its name, query string, parsed scenario,
    projections (the views of :func:`model.view.views_of`, whose pace thresholds the tables
    and the briefing read), its own link, the data it is projected on and its note."""

    name: str
    query: str
    scenario: Scenario
    results: ProjectionResults
    link: str = ""
    ds: Dataset | None = None  # the data this scenario is projected on (None: the document's)
    note: str = ""
    saved_by: str | None = None  # who saved it last (a saved scenario; the page passes it)
    saved_at: datetime | None = None  # when (the store's time; said in Beijing time)


def view(
    ds: Dataset,
    query: str,
    *,
    name: str | None = None,
    baselines: Mapping[str, Any] | None = None,
    base_url: str = "",
    lang: str = "zh",
    note: str = "",
    public_url: str | None = None,
    saved_by: str | None = None,
    saved_at: datetime | None = None,
) -> ScenarioView:
    """Parse ``query`` (``ValueError`` naming the first bad key) and project it on ``ds``
    (the data the scenario was made on). Its link is its own
    (:func:`scenario_link` on ``public_url``: the query with ``data=``); with only an old
    ``base_url``, that address + the query. ``saved_by``/``saved_at``: who saved it and when,
    for a saved scenario (the caller reads them from the store: report/ never imports it)."""
    sc, issues = parse_scenario(query, ds)
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    if hard:
        err = ValueError(hard[0].message)
        err.issue = hard[0]  # type: ignore[attr-defined]  # the page says it in its language
        raise err
    res = views_of(ds, sc, baselines)
    shown = name or scenario_name(ds, sc, lang)
    if public_url is not None:
        link = scenario_link(query, ds, public_url=public_url)
    else:
        link = f"{base_url}?{query}" if base_url else ""
    return ScenarioView(shown, query, sc, res, link, ds, note, saved_by, saved_at)


# --- each scenario on its own data ----------------------------------------------------------


def query_data_id(query: str) -> str | None:
    """The ``data=`` id a scenario's query string names (None: none, or given twice)."""
    ids = [v for k, v in query_pairs(query) if k == DATA_KEY]
    return ids[0] if len(ids) == 1 else None


def without_data(query: str) -> str:
    """``query`` without its ``data=`` (and old ``v=``) pairs."""
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in query_pairs(query) if k not in (DATA_KEY, "v")])


def own_data(
    data_id: str | None, current: Dataset, lookup: Callable[[str], Dataset | None]
) -> tuple[Dataset, bool]:
    """The data a scenario is projected on: the dataset ``data_id`` (the one it was saved
    or linked with) when ``lookup`` finds it (the shipped data always is), else ``current``;
    the flag says whether it was found (False only when the id really is not stored)."""
    if not data_id or data_id == current.data_id:
        return current, True
    found = lookup(data_id)
    return (found, True) if found is not None else (current, False)


# --- what a scenario is: its definition, carried by every document ------------------------


def scenario_link(query: str, ds: Dataset, *, public_url: str = "", path: str = "") -> str:
    """The scenario's own full link: ``PUBLIC_URL`` + ``path`` + its query with ``data=``
    (the id of the data it is projected on); ``/path?query`` when ``PUBLIC_URL`` is unset."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in query_pairs(query) if k not in (DATA_KEY, "v", COMPARE_KEY)]
    pairs.append((DATA_KEY, ds.data_id))
    q = urlencode(pairs)
    base = public_url.strip().rstrip("/")
    return f"{base}/{path.lstrip('/')}?{q}"


#: The assumptions that describe a period of an earlier year, by how many years back.
#: (``h1_share``'s own label names its period: 上年前三季度占全年比重.)
PERIOD_PARAMS: dict[str, int] = {"prev_h1_growth": 1, "prev2_h1_growth": 2}


def param_label(voice: Voice, param: str, a: Assumption | None, ds: Dataset) -> str:
    """An assumption's label; one that describes a period of an earlier year names that
    period as the figure's own (``Assumption.months``, else the data's): 上年同期增速
    （2020年前三季度）, never the period of the data it was first given with."""
    label = voice.t(f"param_{param}")
    back = PERIOD_PARAMS.get(param)
    if back is None:
        return label
    months = (a.months if a is not None else None) or ds.months_elapsed
    return label + voice.t(
        "param_period_of", year=ds.year - back, ytd=words(months, voice.lang).ytd
    )


def _param_text(unit: str, value: float, lang: str) -> str:
    return fmt.pct(value) if unit == "%" else fmt.value(value, unit, lang)


def changed_inputs(v: ScenarioView, ds: Dataset, lang: str | Voice) -> list[str]:
    """Every input of the scenario that differs from its preset, with its unit: the
    rest-of-year values set by hand (labelled by the data's period: 下半年假设 / 四季度假设),
    the assumptions overridden, and the parts of a built-up indicator."""
    vds = v.ds or ds
    voice = voice_of(lang).at(vds.months_elapsed)  # the words of the scenario's own data
    lang = voice.lang
    out = []
    rest = voice.t("col_h2_assumption")
    for h in hand_set(v.scenario, vds):
        name = voice.name(h.ind)
        if h.param:
            label = param_label(voice, h.param, h.assumption, vds)
            out.append(f"{name} · {label}: {_param_text(h.unit, h.value, lang)}")
        elif h.part_id:
            pname = h.part_id if h.part is None else voice.name(h.part)
            out.append(f"{name} · {pname} · {rest}: {fmt.pct(h.value, signed=True)}")
        elif h.ind.kind == "amount":
            out.append(f"{name} · {rest}: {fmt.value(h.value, h.unit, lang)}")
        else:
            out.append(f"{name} · {rest}: {fmt.pct(h.value, signed=True)}")
    return out


def preset_name(v: ScenarioView, ds: Dataset, lang: str) -> str:
    """The preset the scenario starts from (保守 / 基准 / 乐观 / 模型基准)."""
    base = Scenario(preset=v.scenario.preset)
    return scenario_name(v.ds or ds, base, lang)


def definition(
    v: ScenarioView, ds: Dataset, lang: str | Voice, *, now: datetime | None = None
) -> list[tuple[str, str]]:
    """The scenario's definition as (label, text) lines: name, preset, every input that
    differs from the preset (with units), note, who saved it and when (a saved scenario),
    data id and period, its own link, and the time the document was made (Asia/Shanghai)."""
    vds = v.ds or ds
    voice = voice_of(lang)
    lang = voice.lang
    when = (now or datetime.now(TZ)).astimezone(TZ)
    changed = changed_inputs(v, ds, voice)
    sep = "; " if lang == "en" else "；"
    saved = []
    if v.saved_at is not None:  # a saved scenario: by whom and when (Beijing time)
        saved = [
            (t(lang, "hand_saved_by"), v.saved_by or "—"),
            (t(lang, "hand_saved_at"), voice.date(v.saved_at)),
        ]
    return [
        (t(lang, "def_name"), v.name),
        (t(lang, "def_preset"), preset_name(v, ds, lang)),
        (t(lang, "def_changed"), sep.join(changed) if changed else t(lang, "def_none")),
        (t(lang, "def_note"), v.note or "—"),
        *saved,
        (t(lang, "def_data"), f"{vds.data_id} · {as_of(vds.year, vds.months_elapsed, lang)}"),
        (t(lang, "def_link"), v.link or "—"),
        (t(lang, "def_made"), voice.date(when)),
    ]


def compare_records(views: Sequence[ScenarioView]) -> list[dict[str, Any]]:
    """One record per indicator: each scenario's projected full year, reachable, gap to the
    target and the difference of the projection from the first scenario (None where a figure
    does not apply), with the data id each scenario is projected on."""
    out = []
    first = views[0].results
    for r0 in first.results:
        rows = []
        for v in views:
            r = v.results.get(r0.id)
            base = r0.projected_fy_value
            value = r.projected_fy_value
            delta = None if (value is None or base is None) else value - base
            rows.append(
                {
                    "name": v.name,
                    "data_id": None if v.ds is None else v.ds.data_id,
                    "projected_fy_value": value,
                    "projected_fy_growth_pct": r.projected_fy_growth_pct,
                    "reachable": r.reachable,
                    "outcome": r.outcome,
                    "gap_to_target": r.gap_to_target,
                    "gap_unit": r.gap_unit,
                    "delta_projected_fy_value": delta,
                }
            )
        out.append({"id": r0.id, "scenarios": rows})
    return out


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(TZ)).astimezone(TZ)
