"""The handouts' side-by-side comparison (the first table of the compare DOCX, the first sheet
of the compare XLSX): per indicator its unit, each scenario's projected full year and verdict
in cells of their own, the difference of each later scenario from the first (in the row's
unit; a growth-stated row in percentage points) and a ◆ where the verdict changes. Whether a
link can be opened from paper (absolute) is decided here too. Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from model.projection import IndicatorResult
from report import answer, fmt
from report.records import ScenarioView
from report.voice import Voice

#: The mark of a row whose verdict changes between the scenarios.
CHANGED = "◆"


@dataclass(frozen=True)
class SideRow:
    """One indicator across the scenarios. ``values``: each scenario's projected full year as
    its target is stated (the level in its unit, or the growth in percent), at full
    precision; ``diffs``: each later scenario's shown value minus the first's shown value
    (both rounded to ``decimals`` first, so the difference is what a reader subtracts)."""

    id: str
    indicator: str
    unit: str  # the unit of the values: the indicator's, or % for a growth-stated row
    diff_unit: str  # the unit of the differences: the indicator's, or 个百分点 / points
    decimals: int
    growth: bool
    values: tuple[float | None, ...]
    verdicts: tuple[str, ...]
    diffs: tuple[float | None, ...]
    changed: bool

    def shown(self, x: float | None, *, signed: bool = False) -> str:
        """A value or a difference as the table shows it ("1,072.30", "+0.5", "—")."""
        if x is None:
            return "—"
        r = fmt.half_up(x, self.decimals)
        if r.is_zero():
            return f"{abs(r):,.{self.decimals}f}"  # "0.00", never "-0.00"
        return ("+" if signed and r > 0 else "") + f"{r:,.{self.decimals}f}"


def verdict_changed(results: Sequence[IndicatorResult | None]) -> bool:
    """Whether the verdict changes between scenarios: one reaches the target (or has already
    reached it) where another misses it."""
    outcomes = {r.outcome for r in results if r is not None}
    return bool(outcomes & {"reach", "done"}) and "miss" in outcomes


def _get(v: ScenarioView, iid: str) -> IndicatorResult | None:
    try:
        return v.results.get(iid)
    except KeyError:  # an indicator the scenario's own data does not have
        return None


def _value(r: IndicatorResult | None, growth: bool) -> float | None:
    if r is None:
        return None
    return r.projected_fy_growth_pct if growth else r.projected_fy_value


def side_rows(views: Sequence[ScenarioView], voice: Voice) -> list[SideRow]:
    """One :class:`SideRow` per indicator of the first scenario, in its order."""
    lang = voice.lang
    out = []
    for r0 in views[0].results.results:
        growth = r0.gap_unit == "pp"  # stated as a growth rate: compared in percent, points
        rs = [_get(v, r0.id) for v in views]
        values = tuple(_value(r, growth) for r in rs)
        decimals = fmt.PCT_DECIMALS if growth else fmt.unit_decimals(r0.unit)
        shown = [None if x is None else float(fmt.half_up(x, decimals)) for x in values]
        first = shown[0]
        diffs = tuple(
            None if (x is None or first is None) else round(x - first, decimals) for x in shown[1:]
        )
        unit = "%" if growth else fmt.unit_label(lang, r0.unit)
        out.append(
            SideRow(
                id=r0.id,
                indicator=voice.name(r0),
                unit=unit,
                diff_unit=voice.t("points") if growth else unit,
                decimals=decimals,
                growth=growth,
                values=values,
                verdicts=tuple("—" if r is None else answer.outcome(r, lang) for r in rs),
                diffs=diffs,
                changed=verdict_changed(rs),
            )
        )
    return out


def side_header(views: Sequence[ScenarioView], voice: Voice) -> list[str]:
    """The table's header row: 指标, 单位, per scenario its projected full year and its
    verdict, per later scenario its difference from the first, the differences' unit and
    结论变化."""
    head = [voice.t("col_indicator"), voice.t("col_unit")]
    for v in views:
        head += [voice.t("hand_projected", name=v.name), voice.t("hand_verdict", name=v.name)]
    first = views[0].name
    head += [voice.t("hand_diff", name=v.name, first=first) for v in views[1:]]
    head += [voice.t("hand_diff_unit"), voice.t("compare_changed")]
    return head


def side_cells(row: SideRow) -> list[str]:
    """A row as the DOCX shows it: text cells in the order of :func:`side_header`."""
    cells = [row.indicator, row.unit]
    for x, verdict in zip(row.values, row.verdicts, strict=True):
        cells += [row.shown(x), verdict]
    cells += [row.shown(d, signed=True) for d in row.diffs]
    cells += [row.diff_unit, CHANGED if row.changed else ""]
    return cells


def absolute(link: str) -> bool:
    """Whether ``link`` opens from paper or a phone (an http(s) address, from ``PUBLIC_URL``);
    a relative link (``/?preset=…``) gets no QR code."""
    return link.startswith(("http://", "https://"))


def relative_links(views: Sequence[ScenarioView]) -> bool:
    """Whether any scenario's link is relative (``PUBLIC_URL`` unset): the handout says so."""
    return any(v.link and not absolute(v.link) for v in views)
