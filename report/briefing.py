"""The briefing paragraph, in the register of a work report, generated from the projections.

No number is typed here: every figure comes from :class:`model.projection.IndicatorResult`
and is formatted with :mod:`report.fmt`. The words come from the verdicts (``outcome``) and
the difficulty (``status``, decided by the thresholds in the data file), never from rounded
numbers. Layout: one sentence with the scenario's name and the count of its outcomes; one
sentence per missed target stating its gap and what the second half must deliver; one
sentence naming the targets reached (and those already completed in H1).
"""

from __future__ import annotations

from model.period import periodize
from model.projection import IndicatorResult, ProjectionResults
from report import fmt
from report.answer import exact
from report.scenarios import SCENARIO_NAMES

#: The pace needed (``status``), worded as a pace against the year to date, never as a
#: verdict; the miss sentence of a target whose pace needed is at or below the H1 pace says
#: that this scenario assumes less (issue 19: no "按上半年节奏即可完成" beside a gap).
_PACE = {
    "zh": {
        "on_track": "所需节奏不高于上半年，但本情景假设的下半年低于所需",
        "needs_acceleration": "须略快于上半年节奏",
        "at_risk": "须明显快于上半年节奏",
    },
    "en": {
        "on_track": "the pace needed is at or below H1's, but this scenario assumes less",
        "needs_acceleration": "somewhat faster than in H1",
        "at_risk": "well above the H1 pace",
    },
}


def _name(r: IndicatorResult, lang: str) -> str:
    return r.name_en if lang == "en" else r.name_zh


def _change_zh(x: float, vs: float | None = None) -> str:
    """'增长5.7%' or '下降3.2%'."""
    return f"{'增长' if x >= 0 else '下降'}{fmt.pct(abs(x), vs=None if vs is None else abs(vs))}"


def _projected(r: IndicatorResult, lang: str) -> tuple[str, str]:
    """(projected, target) as text, the projection with enough decimals to differ from the
    target as the exact figures do."""
    if r.gap_unit == "pp" and r.projected_fy_growth_pct is not None:
        t = r.target_growth_pct
        if lang == "en":
            return fmt.pct(r.projected_fy_growth_pct, vs=t), fmt.pct(t)
        return _change_zh(r.projected_fy_growth_pct, t), _change_zh(t or 0.0)
    return (
        fmt.value(r.projected_fy_value, r.unit, lang, vs=r.target_value),
        fmt.value(r.target_value, r.unit, lang),
    )


def _required(r: IndicatorResult, lang: str, thresholds: tuple[float, ...], months: int) -> str:
    return periodize(_required_h1(r, lang, thresholds, months == 6), months, lang)  # no name


def _required_h1(
    r: IndicatorResult, lang: str, thresholds: tuple[float, ...], mid: bool = True
) -> str:
    if r.kind == "amount":
        amount = fmt.value_required(r.required_h2_amount, r.unit, lang)
        if lang == "en":
            pace = fmt.ratio(r.pace_ratio, vs=thresholds)
            return f"H2 must deliver {amount}, {pace} the H1 {'amount' if mid else 'monthly pace'}"
        ratio = fmt.ratio(r.pace_ratio, vs=thresholds, suffix="倍")
        return f"下半年须完成{amount}，" + (
            f"为上半年的{ratio}" if mid else f"月均为上半年月均的{ratio}"
        )
    req = fmt.pct_required(r.required_h2_growth_pct)
    if lang == "en":
        return f"H2 must grow at least {req}"
    return f"下半年须增长{req}以上"


def _missed(r: IndicatorResult, lang: str, thresholds: tuple[float, ...], months: int) -> str:
    projected, target = _projected(r, lang)
    gap = fmt.gap(r.gap_to_target, r.gap_unit, lang)
    diff = periodize(_PACE[lang].get(r.status, ""), months, lang)
    if lang == "en":
        return (
            f"{_name(r, lang)}: projected {projected} against a target of {target}, "
            f"short by {gap}; {_required(r, lang, thresholds, months)}: {diff}."
        )
    return (
        f"{_name(r, lang)}全年预计{projected}，目标{target}，差{gap}；"
        f"{_required(r, lang, thresholds, months)}，{diff}。"
    )


def _done(r: IndicatorResult, lang: str) -> str:
    over = (r.h1_value or 0.0) - (r.target_value or 0.0)
    if over > 0:
        extra = fmt.value(over, r.unit, lang, vs=0.0)
        return (
            f"{_name(r, lang)} (by {extra})" if lang == "en" else f"{_name(r, lang)}（超出{extra}）"
        )
    return _name(r, lang)


def briefing_items(
    results: ProjectionResults,
    lang: str = "zh",
    *,
    scenario_name: str = "",
    pace_thresholds: tuple[float, ...] = (1.0,),
) -> list[str]:
    """The briefing as a short list: the counts first (only targets that exist: a row
    without a target is said apart, 已完成 and 恰好达标 named only when there are any), then
    one item per missed target (its gap, what the rest of the year must deliver and the pace
    that needs), then the targets reached (恰好达标 marked), completed, and not judged."""
    rs = results.results
    months = results.months_elapsed
    in_ytd = periodize("上半年" if lang != "en" else "H1", months, lang)
    by = {o: [r for r in rs if r.outcome == o] for o in ("done", "reach", "miss")}
    no_data = [r for r in rs if r.outcome == "insufficient_data"]
    no_target = [r for r in rs if r.outcome == "no_target"]
    just_met = [r for r in by["reach"] if exact(r)]
    n = len(rs) - len(no_target)
    n_reach = len(by["reach"]) + len(by["done"])
    name = scenario_name or SCENARIO_NAMES.get(lang, SCENARIO_NAMES["zh"])["baseline"]
    if lang == "en":
        notes = [f"{len(by['done'])} already completed in {in_ytd}"] if by["done"] else []
        notes += [f"{len(just_met)} just met"] if just_met else []
        head = (
            f"Scenario “{name}”: {n_reach} of {n} targets are reached"
            + (f" ({'; '.join(notes)})" if notes else "")
            + f", {len(by['miss'])} missed"
            + (f", {len(no_data)} lack data" if no_data else "")
            + "."
            + (
                f" {len(no_target)} more {'has' if len(no_target) == 1 else 'have'} no target."
                if no_target
                else ""
            )
        )
        parts = [head]
        parts += [_missed(r, lang, pace_thresholds, months) for r in by["miss"]]
        if by["reach"]:
            parts.append(
                "Reached: "
                + ", ".join(
                    _name(r, lang) + (" (just met)" if exact(r) else "") for r in by["reach"]
                )
                + "."
            )
        if by["done"]:
            parts.append(
                f"Completed in {in_ytd}: " + ", ".join(_done(r, lang) for r in by["done"]) + "."
            )
        unknown = no_data + no_target
        if unknown:
            parts.append(
                "Not judged (data or target missing): "
                + ", ".join(_name(r, lang) for r in unknown)
                + "."
            )
        return parts
    notes = [f"{len(by['done'])}项{in_ytd}已完成"] if by["done"] else []
    notes += [f"{len(just_met)}项恰好达标"] if just_met else []
    head = (
        f"按“{name}”情景测算，全年{n}项目标中预计{n_reach}项可完成"
        + (f"（其中{'，'.join(notes)}）" if notes else "")
        + f"，{len(by['miss'])}项难以完成"
        + (f"，{len(no_data)}项缺少数据" if no_data else "")
        + "。"
        + (f"另有{len(no_target)}项未设目标。" if no_target else "")
    )
    parts = [head]
    parts += [_missed(r, lang, pace_thresholds, months) for r in by["miss"]]
    if by["reach"]:
        parts.append(
            "预计可完成："
            + "、".join(_name(r, lang) + ("（恰好达标）" if exact(r) else "") for r in by["reach"])
            + "。"
        )
    if by["done"]:
        parts.append(f"{in_ytd}已完成：" + "、".join(_done(r, lang) for r in by["done"]) + "。")
    unknown = no_data + no_target
    if unknown:
        parts.append(
            "暂无法研判（缺数据或未设目标）：" + "、".join(_name(r, lang) for r in unknown) + "。"
        )
    return parts


def briefing(
    results: ProjectionResults,
    lang: str = "zh",
    *,
    scenario_name: str = "",
    pace_thresholds: tuple[float, ...] = (1.0,),
) -> str:
    """The briefing paragraph of ``results``: :func:`briefing_items` joined (the overview,
    the share dialog and ``--briefing`` print this, word for word). A pace ratio is shown
    with enough decimals to sit on the right side of each of ``pace_thresholds`` (see
    :func:`model.projection.pace_thresholds`)."""
    items = briefing_items(
        results, lang, scenario_name=scenario_name, pace_thresholds=pace_thresholds
    )
    return (" " if lang == "en" else "").join(items)
