"""A briefing paragraph in the register of a work report, generated from the projections.

No number is typed here: every figure comes from :class:`model.projection.IndicatorResult`
and is formatted with :mod:`model.fmt` (growth in percent with one decimal, amounts with
their unit).
"""

from __future__ import annotations

from model.fmt import half_up, pct, ratio, value
from model.projection import IndicatorResult, ProjectionResults

_DIFFICULTY_ZH = {"needs_acceleration": "需加快进度", "at_risk": "难度较大"}
_DIFFICULTY_EN = {"needs_acceleration": "needs to speed up", "at_risk": "a hard climb"}


def _growth_zh(r: IndicatorResult) -> str | None:
    if r.h1_growth_pct is None or r.required_h2_growth_pct is None:
        return None
    h1 = f"同比{_change_zh(r.h1_growth_pct)}"
    if r.status == "on_track":
        text = (
            f"{r.name_zh}{h1}，下半年增长{pct(r.required_h2_growth_pct)}"
            f"即可完成全年增长{pct(r.target_growth_pct)}的目标"
        )
    else:
        text = (
            f"{r.name_zh}{h1}，下半年需增长约{pct(r.required_h2_growth_pct)}"
            f"方能完成全年增长{pct(r.target_growth_pct)}的目标，{_DIFFICULTY_ZH[r.status]}"
        )
    if r.h2_assumption is not None and r.projected_fy_growth_pct is not None:
        text += (
            f"，按下半年{_change_zh(r.h2_assumption)}测算，全年预计"
            f"{_change_zh(r.projected_fy_growth_pct)}"
        )
    return text


def _growth_en(r: IndicatorResult) -> str | None:
    if r.h1_growth_pct is None or r.required_h2_growth_pct is None:
        return None
    verb = "grew" if r.h1_growth_pct >= 0 else "fell"
    lead = f"{r.name_en} {verb} {pct(abs(r.h1_growth_pct))} in H1"
    if r.status == "on_track":
        text = (
            f"{lead}; H2 growth of {pct(r.required_h2_growth_pct)} meets the "
            f"{pct(r.target_growth_pct)} target"
        )
    else:
        text = (
            f"{lead}; H2 must grow about {pct(r.required_h2_growth_pct)} to meet the "
            f"{pct(r.target_growth_pct)} target, {_DIFFICULTY_EN[r.status]}"
        )
    if r.h2_assumption is not None and r.projected_fy_growth_pct is not None:
        text += f"; at {pct(r.h2_assumption)} in H2 the year grows {pct(r.projected_fy_growth_pct)}"
    return text


def _change_zh(x: float) -> str:
    """'增长5.7%' or '下降3.2%'."""
    return f"{'增长' if x >= 0 else '下降'}{pct(abs(x))}"


def _times_zh(x: float | None) -> str:
    return "—" if x is None else f"{half_up(x, 1)}倍"


def _amount_zh(r: IndicatorResult) -> str | None:
    if r.progress_pct is None or r.required_h2_amount is None or r.target_value is None:
        return None
    done = f"{r.name_zh}完成全年目标的{pct(r.progress_pct)}"
    if r.progress_pct >= r.elapsed_pct:
        return f"{done}，时间过半、任务过半"
    return (
        f"{done}，未达序时进度，下半年需完成{value(r.required_h2_amount, r.unit)}"
        f"（为上半年的{_times_zh(r.pace_ratio)}），{_DIFFICULTY_ZH.get(r.status, '需加快进度')}"
    )


def _amount_en(r: IndicatorResult) -> str | None:
    if r.progress_pct is None or r.required_h2_amount is None or r.target_value is None:
        return None
    done = f"{r.name_en} reached {pct(r.progress_pct)} of its target"
    if r.progress_pct >= r.elapsed_pct:
        return f"{done}, ahead of the calendar"
    return (
        f"{done}, behind the calendar: H2 must deliver "
        f"{value(r.required_h2_amount, r.unit, 'en')} ({ratio(r.pace_ratio)} the H1 amount)"
    )


def briefing(results: ProjectionResults, lang: str = "zh", *, scenario_name: str = "") -> str:
    """One paragraph on every target with the data to judge it, then the scenario's verdict:
    how many targets the scenario reaches, misses, or cannot judge for lack of data."""
    rs = results.results
    growth = [r for r in rs if r.kind != "amount"]
    amounts = [r for r in rs if r.kind == "amount"]
    reach = sum(1 for r in rs if r.reachable is True)
    miss = sum(1 for r in rs if r.reachable is False)
    unknown = sum(1 for r in rs if r.status in ("insufficient_data", "no_target"))
    if lang == "en":
        parts = [s for s in map(_growth_en, growth) if s] + [
            s for s in map(_amount_en, amounts) if s
        ]
        verdict = (
            f"Under the current scenario{f' ({scenario_name})' if scenario_name else ''}, "
            f"{reach} targets are reached and {miss} are missed; "
            f"{unknown} lack data or a target."
        )
        return "; ".join(parts) + ". " + verdict
    parts = [s for s in map(_growth_zh, growth) if s] + [s for s in map(_amount_zh, amounts) if s]
    verdict = (
        f"按当前情景{f'（{scenario_name}）' if scenario_name else ''}测算，"
        f"全年预计{reach}项目标能够完成，{miss}项难以完成，{unknown}项缺少数据或未设目标，需补充研判。"
    )
    return "上半年，" + "；".join(parts) + "。" + verdict
