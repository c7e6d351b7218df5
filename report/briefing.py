"""The briefing paragraph, in the register of a work report, generated from the projections.

No number is typed here: every figure comes from :class:`model.projection.IndicatorResult`
and is formatted with :mod:`report.fmt`. The words come from the verdicts (``outcome``) and
the difficulty (``status``, decided by the thresholds in the data file), never from rounded
numbers. Layout: one sentence with the scenario's name and the count of its outcomes; one
sentence per missed target stating its gap and what the second half must deliver; one
sentence naming the targets reached (and those already completed in H1).
"""

from __future__ import annotations

from model.projection import IndicatorResult, ProjectionResults
from model.view import required_shown
from report import fmt
from report.answer import exact, gap_size
from report.voice import Voice, voice_of


def _name(r: IndicatorResult, voice: Voice) -> str:
    return r.name_en if voice.lang == "en" else r.name_zh


def _change(x: float | None, voice: Voice, vs: float | None = None) -> str:
    """A growth as said: "增长5.7%" / "下降3.2%" (the size, with the word); "5.7%" in English."""
    if voice.lang == "en":
        return fmt.pct(x, vs=vs)
    x = x or 0.0
    size = fmt.pct(abs(x), vs=None if vs is None else abs(vs))
    return voice.t("briefing_up" if x >= 0 else "briefing_down", x=size)


def _projected(r: IndicatorResult, voice: Voice) -> tuple[str, str]:
    """(projected, target) as text, the projection with enough decimals to differ from the
    target as the exact figures do."""
    if r.gap_unit == "pp" and r.projected_fy_growth_pct is not None:
        t = r.target_growth_pct
        return _change(r.projected_fy_growth_pct, voice, t), _change(t, voice)
    return (
        voice.number(r.projected_fy_value, r.unit, vs=r.target_value),
        voice.number(r.target_value, r.unit),
    )


def _required(r: IndicatorResult, voice: Voice, thresholds: tuple[float, ...]) -> str:
    """What the rest of the year must deliver, in the words of the period (an amount's pace
    against the year to date's amount at mid-year, its monthly pace otherwise)."""
    if r.kind == "amount":
        amount = fmt.value_required(required_shown(r), r.unit, voice.lang)
        ratio = fmt.ratio(r.pace_ratio, vs=thresholds, suffix=voice.t("briefing_ratio_suffix"))
        key = "briefing_required_amount" if voice.months == 6 else "briefing_required_amount_m"
        return voice.t(key, amount=amount, ratio=ratio)
    return voice.t("briefing_required_growth", x=fmt.pct_required(required_shown(r)))


def _missed(r: IndicatorResult, voice: Voice, thresholds: tuple[float, ...]) -> str:
    projected, target = _projected(r, voice)
    pace = voice.t(f"briefing_pace_{r.status}") if r.status in _PACES else ""
    return voice.t(
        "briefing_missed",
        name=_name(r, voice),
        projected=projected,
        target=target,
        gap=gap_size(r, voice.lang),
        required=_required(r, voice, thresholds),
        pace=pace,
    )


#: The statuses worded in a miss sentence (``briefing_pace_<status>``): the pace needed,
#: worded as a pace against the year to date, never as a verdict; the miss sentence of a
#: target whose pace needed is at or below the H1 pace says that this scenario assumes less
#: (issue 19: no "按上半年节奏即可完成" beside a gap).
_PACES = ("on_track", "needs_acceleration", "at_risk")


def _done(r: IndicatorResult, voice: Voice) -> str:
    over = (r.h1_value or 0.0) - (r.target_value or 0.0)
    if over > 0:
        return voice.t(
            "briefing_done_by", name=_name(r, voice), x=voice.number(over, r.unit, vs=0.0)
        )
    return _name(r, voice)


def briefing_items(
    results: ProjectionResults,
    lang: str | Voice = "zh",
    *,
    scenario_name: str = "",
    pace_thresholds: tuple[float, ...] = (1.0,),
) -> list[str]:
    """The briefing as a short list: the counts first (only targets that exist: a row
    without a target is said apart, 已完成 and 恰好达标 named only when there are any), then
    one item per missed target (its gap, what the rest of the year must deliver and the pace
    that needs), then the targets reached (恰好达标 marked), completed, and not judged. The
    words are those of the results' period, whatever period ``lang`` (a voice) speaks of."""
    voice = voice_of(lang).at(results.months_elapsed)
    rs = results.results
    ytd = voice.period.ytd
    by = {o: [r for r in rs if r.outcome == o] for o in ("done", "reach", "miss")}
    no_data = [r for r in rs if r.outcome == "insufficient_data"]
    no_target = [r for r in rs if r.outcome == "no_target"]
    just_met = [r for r in by["reach"] if exact(r)]
    n = len(rs) - len(no_target)
    n_reach = len(by["reach"]) + len(by["done"])
    name = scenario_name or voice.t("scenario_baseline")
    notes = [voice.t("briefing_note_done", k=len(by["done"]), ytd=ytd)] if by["done"] else []
    notes += [voice.t("briefing_note_exact", k=len(just_met))] if just_met else []
    head = (
        voice.t("briefing_head", name=name, n=n, reach=n_reach)
        + (
            voice.t("briefing_notes", notes=voice.t("briefing_notes_sep").join(notes))
            if notes
            else ""
        )
        + voice.t("briefing_miss", k=len(by["miss"]))
        + (voice.t("briefing_no_data", k=len(no_data)) if no_data else "")
        + voice.t("briefing_end")
    )
    if no_target:
        one = len(no_target) == 1
        head += voice.t("briefing_no_target_one" if one else "briefing_no_target", k=len(no_target))
    parts = [head]
    parts += [_missed(r, voice, pace_thresholds) for r in by["miss"]]
    if by["reach"]:
        reached = (
            _name(r, voice) + (voice.t("briefing_just_met") if exact(r) else "")
            for r in by["reach"]
        )
        parts.append(voice.t("briefing_reached", names=voice.list(reached)))
    if by["done"]:
        done = voice.list(_done(r, voice) for r in by["done"])
        parts.append(voice.t("briefing_done", ytd=ytd, names=done))
    unknown = no_data + no_target
    if unknown:
        parts.append(
            voice.t("briefing_unknown", names=voice.list(_name(r, voice) for r in unknown))
        )
    return parts


def briefing(
    results: ProjectionResults,
    lang: str | Voice = "zh",
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
    return voice_of(lang).t("briefing_join").join(items)
