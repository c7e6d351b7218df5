"""The answer of one indicator as text, in one place: the overview's table, its phone cards,
its print table, the panels and the CSV/DOCX exports all show these strings (display rules in
:mod:`report.fmt`). Pure Python: no streamlit, so the exports can use it too.

Two separate questions, named so they cannot be read as opposites:

- 本情景结果 (the scenario's verdict, :func:`verdict`): 可达标 / 恰好达标 / 难达标 / 已完成 /
  缺数据 / 无目标 — 恰好达标 (``exact``, amber) where the gap rounds to zero at its displayed
  precision (:func:`model.fmt.on_target`, the one tolerance; the JSON ``outcome`` is then
  ``reach``);
- 所需节奏 (the pace needed, ``status``): what H2 must deliver against the H1 pace — 不高于 /
  略高于 / 明显高于上半年 (period-aware). It does not change with the scenario, so it is
  worded as a pace, never as a second verdict ("easy" beside 难达标).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from model.data import Dataset
from model.projection import IndicatorResult, just_met
from model.template import uploaded_ids
from model.view import required_shown
from report import fmt
from report.i18n import t
from report.period_words import as_of
from report.voice import TZ, Voice, voice_of

OUTCOME_COLOR = {
    "done": "green",
    "reach": "green",
    "exact": "orange",
    "miss": "red",
    "no_target": "gray",
    "insufficient_data": "gray",
}
DIFFICULTY_COLOR = {
    "on_track": "blue",
    "needs_acceleration": "orange",
    "at_risk": "red",
    "no_target": "gray",
    "insufficient_data": "gray",
}


def exact(r: IndicatorResult) -> bool:
    """Whether the scenario reaches the target only at display precision (恰好达标: a hair
    short, by a gap that rounds to zero); at or above the target it is 可达标
    (:func:`model.projection.just_met`)."""
    return just_met(r)


def on_line(r: IndicatorResult) -> bool:
    """Whether the full year is level with the target at display precision (the gap rounds
    to zero, :func:`model.fmt.on_target`), reached or just met: shown at the target's figure,
    with 与目标持平 for the gap."""
    return r.outcome == "reach" and fmt.on_target(r.gap_to_target, r.gap_unit)


def verdict(r: IndicatorResult) -> str:
    """The verdict key a page colours (:data:`OUTCOME_COLOR`): the JSON ``outcome``, except
    ``exact`` for a reach whose gap rounds to zero at display precision."""
    return "exact" if exact(r) else r.outcome


def outcome(r: IndicatorResult, lang: str) -> str:
    """可达标 / 恰好达标 / 难达标 / 已完成 / 缺数据 / 无目标."""
    return t(lang, f"outcome_{verdict(r)}")


def difficulty(r: IndicatorResult, lang: str | Voice) -> str:
    """The pace needed: 不高于 / 略高于 / 明显高于上半年 (— without a target or data)."""
    voice = voice_of(lang)
    if r.status in ("no_target", "insufficient_data"):
        return "—"
    return voice.t(f"difficulty_{r.status}")


def growth_or_level(
    r: IndicatorResult,
    growth: float | None,
    level: float | None,
    lang: str,
    *,
    vs_growth: float | None = None,
    vs_level: float | None = None,
) -> str:
    """A full-year figure as the target is stated: the level for level and amount targets
    (with its growth where known), the growth otherwise."""
    if r.gap_unit != "pp":
        text = fmt.value(level, r.unit, lang, vs=vs_level)
        if growth is not None and r.kind != "amount":
            text += (
                f"（{fmt.pct(growth, signed=True, vs=vs_growth)}）"
                if lang == "zh"
                else (f" ({fmt.pct(growth, signed=True, vs=vs_growth)})")
            )
        return text
    return fmt.pct(growth, signed=True, vs=vs_growth)


def projected(r: IndicatorResult, lang: str) -> str:
    """The projected full year, with enough decimals to tell it from the target (at the
    standard precision when it is on the target: 恰好达标)."""
    if on_line(r):  # on the target at display precision: the same level as the target's
        level = r.target_value if r.target_value is not None else r.projected_fy_value
        return growth_or_level(r, r.projected_fy_growth_pct, level, lang)
    return growth_or_level(
        r,
        r.projected_fy_growth_pct,
        r.projected_fy_value,
        lang,
        vs_growth=r.target_growth_pct,
        vs_level=r.target_value,
    )


def target(r: IndicatorResult, lang: str) -> str:
    """The full-year target as stated (a growth target's level is not repeated here: it rests
    on an assumed share)."""
    if r.gap_unit == "pp":
        return fmt.pct(r.target_growth_pct, signed=True)
    return target_level(r, lang)


def target_level(r: IndicatorResult, lang: str | Voice) -> str:
    """The target level with its unit; a target derived from another figure (an amount's H1
    ÷ its share done) as derived: "≈28.66亿元（按完成进度推算）"."""
    voice = voice_of(lang)
    text = fmt.value(r.target_value, r.unit, voice.lang)
    if r.target_derived and r.target_value is not None:
        return voice.t("p27_target_derived", x=text)
    return text


def _shown(x: float, ref: float, unit: str, base: int) -> tuple[Decimal, Decimal, int]:
    """``x`` as shown beside ``ref`` (the decimals that tell them apart, whole for counts),
    ``ref`` as shown (``base`` decimals), and the decimals of ``x``."""
    if unit in fmt.COUNT_UNITS:
        return fmt.whole_vs(x, ref), fmt.half_up(ref, 0), 0
    d = fmt.decimals_vs(x, ref, base)
    return fmt.half_up(x, d), fmt.half_up(ref, base), d


def shown_difference(r: IndicatorResult) -> tuple[Decimal, int] | None:
    """The gap a reader subtracts: the full year as :func:`projected` shows it less the
    target as :func:`target` shows it (H1 less the target when H1 alone met it), and its
    decimals; None where a figure is missing."""
    if r.outcome == "done" and r.h1_value is not None and r.target_value is not None:
        d = fmt.unit_decimals(r.unit)
        return fmt.half_up(r.h1_value, d) - fmt.half_up(r.target_value, d), d
    if r.gap_unit == "pp":
        x, ref, base, unit = r.projected_fy_growth_pct, r.target_growth_pct, fmt.PCT_DECIMALS, "%"
    else:
        x, ref, base, unit = r.projected_fy_value, r.target_value, fmt.unit_decimals(r.unit), r.unit
    if x is None or ref is None:
        return None
    a, b, d = _shown(x, ref, unit, base)
    return a - b, max(d, base)


def gap_size(r: IndicatorResult, lang: str) -> str:
    """The size of the gap without its word: the difference of the shown figures."""
    shown = shown_difference(r)
    if shown is None:
        return fmt.gap(r.gap_to_target, r.gap_unit, lang)
    return fmt.gap_shown(shown[0], shown[1], r.gap_unit, lang)


def gap(r: IndicatorResult, lang: str) -> str:
    """ "超 0.32亿元" / "差 1.0个百分点" / "—": the gap to the target, never shown as zero
    when it is not, and with the word of the verdict: the difference of the figures as shown
    (:func:`shown_difference`), so that it subtracts exactly."""
    if r.gap_to_target is None or r.outcome in ("no_target", "insufficient_data"):
        return "—"
    size = gap_size(r, lang)
    if r.outcome == "miss":
        return t(lang, "gap_short", x=size)
    if r.outcome == "done":
        return t(lang, "gap_done", x=size)
    if on_line(r):
        return t(lang, "gap_exact")
    return t(lang, "gap_over", x=size)


def required(r: IndicatorResult, lang: str) -> str:
    """What H2 must deliver, rounded up (doing it reaches the target); 已完成 when H1 alone
    met it."""
    if r.outcome == "done":
        return t(lang, "outcome_done")
    shown = required_shown(r)  # rounded once, toward the target (model.view)
    if r.kind == "amount":
        return fmt.value_required(shown, r.unit, lang)
    if shown is None:
        return "—"
    return t(lang, "required_growth", value=fmt.pct_required(shown))


def pace(r: IndicatorResult, thresholds: tuple[float, ...]) -> str:
    """The pace ratio (required H2 ÷ H1), on the right side of every threshold."""
    return fmt.ratio(r.pace_ratio, vs=thresholds)


def h1(r: IndicatorResult, lang: str) -> str:
    """The H1 figure: the amount, or the growth (with the level where the source gives it)."""
    if r.kind == "amount":
        return fmt.value(r.h1_value, r.unit, lang)
    g = fmt.pct(r.h1_growth_pct, signed=True)
    if r.h1_value is None:
        return g
    if r.h1_growth_pct is None:
        return fmt.value(r.h1_value, r.unit, lang)
    return (
        f"{fmt.value(r.h1_value, r.unit, lang)}（{g}）"
        if lang == "zh"
        else (f"{fmt.value(r.h1_value, r.unit, lang)} ({g})")
    )


def h2_assumption(r: IndicatorResult, lang: str) -> str:
    """The scenario's H2 assumption as shown."""
    if r.h2_assumption is None:
        return "—"
    if r.kind == "amount":
        return fmt.value(r.h2_assumption, r.unit, lang)
    return fmt.pct(r.h2_assumption, signed=True)


def progress(r: IndicatorResult) -> str:
    """H1 ÷ target, or — where the target level rests on an assumed share."""
    return fmt.pct(r.progress_pct)


#: The answer table's type in meeting mode (a projector at 1400×900), by whether the voice is
#: English: 20 px in Chinese, 18 px in English, whose longer words would otherwise take two
#: lines a row (ui.style: the 22 shipped rows and 11 columns end within one and a half
#: screens either way).
MEETING_PX: tuple[int, int] = (20, 18)

#: The overview's columns, answer first.
COLUMNS: tuple[str, ...] = (
    "col_indicator",
    "col_outcome",
    "col_projected",
    "col_target",
    "col_gap",
    "col_required",
    "col_difficulty",
    "col_h1",
    "col_h2_assumption",
    "col_pace",
    "col_progress",
)
#: The answer columns alone (up to 达标难度): the DOCX table, the compare page.
ANSWER_COLUMNS: tuple[str, ...] = COLUMNS[:7]


def rows(
    results: Sequence[IndicatorResult], lang: str | Voice, thresholds: tuple[float, ...]
) -> list[dict[str, str]]:
    """One row of display strings per indicator, keyed by :data:`COLUMNS`."""
    voice = voice_of(lang)
    lang = voice.lang
    return [
        {
            "col_indicator": r.name_en if lang == "en" else r.name_zh,
            "col_outcome": outcome(r, lang),
            "col_projected": projected(r, lang),
            "col_target": target(r, lang),
            "col_gap": gap(r, lang),
            "col_required": required(r, lang),
            "col_difficulty": difficulty(r, voice),
            "col_h1": h1(r, lang),
            "col_h2_assumption": h2_assumption(r, lang),
            "col_pace": pace(r, thresholds),
            "col_progress": progress(r),
        }
        for r in results
    ]


def headline(results: Sequence[IndicatorResult], name: str, lang: str | Voice) -> str:
    """The overview's headline: the targets that exist (a 无目标 row is not one of "N 项目标"),
    how many are reached (已完成 and 恰好达标 named only when there are any), missed, and
    lacking data; the rows without a target said apart."""
    voice = voice_of(lang)
    lang = voice.lang
    verdicts = [verdict(r) for r in results]
    k = {v: verdicts.count(v) for v in set(verdicts)}
    n = len(verdicts) - k.get("no_target", 0)
    reach = k.get("reach", 0) + k.get("exact", 0) + k.get("done", 0)
    text = voice.t("headline_main", name=name, n=n, reach=reach)
    if k.get("done"):
        text += voice.t("headline_done", k=k["done"])
    if k.get("exact"):
        text += voice.t("headline_exact", k=k["exact"])
    text += voice.t("headline_miss", k=k.get("miss", 0))
    if k.get("insufficient_data"):
        text += voice.t("headline_missing", k=k["insufficient_data"])
    text += voice.t("headline_end")
    if k.get("no_target"):
        one = k["no_target"] == 1 and lang == "en"  # "1 more has", "2 more have"
        text += voice.t("headline_no_target_one" if one else "headline_no_target", k=k["no_target"])
    return text


def print_footer(lang: str | Voice, link: str, when: datetime | None = None) -> str:
    """The A4 print's footer: the time the page was made (Asia/Shanghai) and its link."""
    voice = voice_of(lang)
    return voice.t("print_footer", date=voice.date(when or datetime.now(TZ)), link=link)


def from_speech(ds: Dataset) -> bool:
    """Whether any figure of ``ds`` came from the speech (a year built wholly from a table
    has none: its pages never name the speech)."""
    return any(not f.uploaded for ind in ds.indicators for f in ind.figures.values())


def assumption_note(ds: Dataset) -> str:
    """The key of the overview's note on assumed values: "not in the speech", or "not in the
    table" for data with no figure from the speech."""
    return "overview_note_assumption" if from_speech(ds) else "overview_note_assumption_table"


def source_line(ds: Dataset, lang: str) -> str:
    """数据来源 line under a page or a document: each figure's origin — the speech for its
    figures, the uploaded table (label, file, date) for the uploaded ones —, the data vintage
    and the data id."""
    title = ds.source_title if lang == "zh" else ds.source_title_en
    uploaded = uploaded_ids(ds)
    if not uploaded:
        return t(lang, "source_line", title=title, vintage=ds.vintage, id=ds.data_id)
    label, file, date = ds.upload or (t(lang, "source_unnamed"), "—", "—")
    key = "source_uploaded" if from_speech(ds) else "source_uploaded_all"
    return t(
        lang,
        key,
        n=len(uploaded),
        label=label,
        file=file or "—",
        date=date or "—",
        title=title,
        vintage=ds.vintage,
        id=ds.data_id,
    )


def as_of_line(ds: Dataset, lang: str) -> str:
    """数据截至 line: the period the figures describe and the data id."""
    return t(lang, "as_of", period=as_of(ds.year, ds.months_elapsed, lang), id=ds.data_id)


# --- the answer table (overview and topic pages) ----------------------------------------------
#: The colour key of each verdict: ``exact`` is 恰好达标 (amber), the others are outcomes.
VERDICT_KEYS: tuple[str, ...] = (
    "miss",
    "exact",
    "reach",
    "done",
    "insufficient_data",
    "no_target",
)


def ordered(results: Sequence[IndicatorResult]) -> list[IndicatorResult]:
    """The results grouped by verdict in the order of :data:`VERDICT_KEYS` (misses first),
    in data-file order within a group."""
    rank = {k: i for i, k in enumerate(VERDICT_KEYS)}
    return sorted(results, key=lambda r: rank[verdict(r)])


def table_html(
    results: Sequence[IndicatorResult],
    lang: str | Voice,
    thresholds: tuple[float, ...],
    *,
    grouped: bool = False,
    links: Mapping[str, str] | None = None,
    focus: str | None = None,
    meeting: bool = False,
    caption: str = "",
    help: Mapping[str, str] | None = None,
) -> str:
    """The answer table as one HTML element: one row per indicator, :data:`COLUMNS`, the
    display strings of :func:`rows`, each verdict cell coloured by :func:`verdict`. Below
    640 px the CSS of the page shows each row as a card (every cell carries its header in
    ``data-label``). ``grouped`` orders the rows misses first with a heading row per verdict;
    ``links`` maps an indicator id to the address its name opens; ``focus`` marks a row;
    ``meeting`` sets the large type in the element itself (no race with the page's styles);
    ``help`` gives a column's header a tooltip. Every text is escaped here."""
    voice = voice_of(lang)
    lang = voice.lang
    esc = html.escape
    items = ordered(results) if grouped else list(results)
    texts = rows(items, voice, thresholds)
    heads = {c: voice.t(c) for c in COLUMNS}
    ncols = len(COLUMNS)
    out = [
        f'<table class="answer-table{" meeting" if meeting else ""}"'
        + (f' style="font-size: {MEETING_PX[lang == "en"]}px"' if meeting else "")
        + f' lang="{"en" if lang == "en" else "zh"}">'
    ]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(
            f'<th scope="col" class="c-{c[4:]}"'
            + (f' title="{esc(help[c], quote=True)}"' if help and c in help else "")
            + f">{esc(heads[c])}</th>"
            for c in COLUMNS
        )
        + "</tr></thead><tbody>"
    )
    group = None
    for r, row in zip(items, texts, strict=True):
        key = verdict(r)
        if grouped and key != group:
            group = key
            n = sum(1 for x in items if verdict(x) == key)
            out.append(
                f'<tr class="group v-{key}"><th colspan="{ncols}" scope="rowgroup">'
                f"{esc(voice.t('table_group', x=_verdict_word(key, lang), n=n))}</th></tr>"
            )
        cls = f"v-{key}" + (" focus" if r.id == focus else "")
        cells = []
        for c in COLUMNS:
            text = esc(row[c])
            if c == "col_target" and r.target_derived and r.target_value is not None:
                # ≈28.66亿元 on one line, its words (按完成进度推算) below it (on a projector only
                # in its tooltip: ui.style)
                value = esc(fmt.value(r.target_value, r.unit, lang))
                before, after = esc(voice.t("p27_target_derived", x="\x00")).split("\x00", 1)
                text = (
                    f'<span class="nw" title="{text}">{before}{value}</span>'
                    f'<span class="derived">{after}</span>'
                )
            if c == "col_indicator" and links and r.id in links:
                text = f'<a href="{esc(links[r.id], quote=True)}">{text}</a>'
            elif c == "col_outcome":
                text = f'<span class="verdict">{text}</span>'
            label = esc(heads[c], quote=True)
            tag = 'th scope="row"' if c == "col_indicator" else "td"
            cells.append(f'<{tag} class="c-{c[4:]}" data-label="{label}">{text}</{tag.split()[0]}>')
        out.append(f'<tr class="{cls}" data-id="{esc(r.id, quote=True)}">{"".join(cells)}</tr>')
    out.append("</tbody></table>")
    return "".join(out)


def difficulty_help(ds: Dataset, lang: str | Voice) -> str:
    """The 达标难度 column's tooltip: how the difficulty is judged."""
    return voice_of(lang).t(
        "difficulty_help",
        pp=f"{ds.thresholds.growth_gap_pp:g}",
        ratio=f"{ds.thresholds.amount_pace_ratio:g}",
    )


def _verdict_word(key: str, lang: str) -> str:
    return t(lang, "outcome_exact_group") if key == "exact" else t(lang, f"outcome_{key}")


# --- the progress bar of a panel ---------------------------------------------------------------
def progress_parts(r: IndicatorResult, lang: str | Voice) -> list[tuple[str, float, str]] | None:
    """The parts of the progress bar as (kind, value, label): the year-to-date actual
    (``h1``), the projected rest of the year (``h2``) and the full-year target (``target``,
    if any), each labelled by the table's display function; None without a projection."""
    voice = voice_of(lang)
    lang = voice.lang
    if r.h1_value is None or r.projected_fy_value is None:
        return None
    h2 = r.projected_fy_value - r.h1_value
    parts = [
        ("h1", r.h1_value, f"{voice.t('chart_h1_actual')} {fmt.value(r.h1_value, r.unit, lang)}"),
        ("h2", h2, f"{voice.t('chart_h2_projected')} {fmt.value(h2, r.unit, lang)}"),
    ]
    if r.target_value is not None:
        label = voice.t("chart_target", value=fmt.value(r.target_value, r.unit, lang))
        parts.append(("target", r.target_value, label))
    return parts


def progress_html(r: IndicatorResult, lang: str | Voice) -> str | None:
    """The year-to-date actual and the projected rest of the year as one stacked bar, the
    target as a red mark with its label: one HTML element (no charting library), scaled so
    that the longer of the full year and the target fills 95% of the width. Labels come
    from :func:`progress_parts`; a rest of the year below zero draws no segment."""
    voice = voice_of(lang)
    lang = voice.lang
    parts = progress_parts(r, voice)
    if parts is None:
        return None
    values = {kind: value for kind, value, _ in parts}
    top = max(values["h1"] + max(values["h2"], 0.0), values.get("target", 0.0))
    if not top > 0:
        return None

    def pct(x: float) -> str:
        return f"{max(0.0, min(100.0, x / top * 95)):.2f}%"

    legend = "".join(
        f'<span class="pb-item"><span class="pb-key pb-{kind}"></span>{html.escape(label)}</span>'
        for kind, _, label in parts
    )
    segments = (
        f'<div class="pb-seg pb-h1" style="width:{pct(values["h1"])}"></div>'
        f'<div class="pb-seg pb-h2" style="width:{pct(max(values["h2"], 0.0))}"></div>'
    )
    mark = (
        f'<div class="pb-target" style="left:{pct(values["target"])}"></div>'
        if "target" in values
        else ""
    )
    said = ("; " if lang == "en" else "；").join(label for _, _, label in parts)
    return (
        f'<div class="progress-bar" role="img" aria-label="{html.escape(said)}">'
        f'<div class="pb-legend">{legend}</div>'
        f'<div class="pb-track">{segments}{mark}</div></div>'
    )
