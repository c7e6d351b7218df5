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
from report.scenarios import SCENARIO_NAMES

_DIFFICULTY = {
    "zh": {
        "on_track": "按上半年节奏即可完成",
        "needs_acceleration": "需加快",
        "at_risk": "难度较大",
    },
    "en": {
        "on_track": "the H1 pace suffices",
        "needs_acceleration": "needs a faster pace",
        "at_risk": "a hard climb",
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
    diff = _DIFFICULTY[lang].get(r.status, "")
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


def briefing(
    results: ProjectionResults,
    lang: str = "zh",
    *,
    scenario_name: str = "",
    pace_thresholds: tuple[float, ...] = (1.0,),
) -> str:
    """The briefing paragraph of ``results``: the scenario's name and outcome counts, one
    sentence per missed target with its gap, and the targets reached or already completed.
    A pace ratio is shown with enough decimals to sit on the right side of each of
    ``pace_thresholds`` (see :func:`model.projection.pace_thresholds`)."""
    rs = results.results
    months = results.months_elapsed
    in_ytd = periodize("上半年" if lang != "en" else "H1", months, lang)
    by = {o: [r for r in rs if r.outcome == o] for o in ("done", "reach", "miss")}
    unknown = [r for r in rs if r.outcome in ("no_target", "insufficient_data")]
    n_reach = len(by["reach"]) + len(by["done"])
    name = scenario_name or SCENARIO_NAMES.get(lang, SCENARIO_NAMES["zh"])["baseline"]
    if lang == "en":
        parts = [
            f"Scenario “{name}”: {n_reach} of {len(rs)} targets are reached"
            + (f" ({len(by['done'])} already completed in {in_ytd})" if by["done"] else "")
            + f", {len(by['miss'])} are missed and {len(unknown)} lack data or a target."
        ]
        parts += [_missed(r, lang, pace_thresholds, months) for r in by["miss"]]
        if by["reach"]:
            parts.append("Reached: " + ", ".join(_name(r, lang) for r in by["reach"]) + ".")
        if by["done"]:
            parts.append(
                f"Completed in {in_ytd}: " + ", ".join(_done(r, lang) for r in by["done"]) + "."
            )
        if unknown:
            parts.append(
                "Not judged (data or target missing): "
                + ", ".join(_name(r, lang) for r in unknown)
                + "."
            )
        return " ".join(parts)
    parts = [
        f"按“{name}”情景测算，全年{len(rs)}项目标中预计{n_reach}项可完成"
        + (f"（其中{len(by['done'])}项{in_ytd}已完成）" if by["done"] else "")
        + f"，{len(by['miss'])}项难以完成，{len(unknown)}项缺少数据或未设目标。"
    ]
    parts += [_missed(r, lang, pace_thresholds, months) for r in by["miss"]]
    if by["reach"]:
        parts.append("预计可完成：" + "、".join(_name(r, lang) for r in by["reach"]) + "。")
    if by["done"]:
        parts.append(f"{in_ytd}已完成：" + "、".join(_done(r, lang) for r in by["done"]) + "。")
    if unknown:
        parts.append(
            "暂无法研判（缺数据或未设目标）：" + "、".join(_name(r, lang) for r in unknown) + "。"
        )
    return "".join(parts)
