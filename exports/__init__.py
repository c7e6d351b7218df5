"""File exports of one or more scenarios: CSV (UTF-8 with BOM), XLSX (openpyxl), DOCX
(python-docx). Used by the pages' download buttons and by ``python -m model export``.

Every file holds the page's figures: CSV and DOCX carry the display strings of
:func:`ui.answer.rows` (the overview's table, e.g. "55.69亿元（+6.6%）"); XLSX stores the
full-precision numbers with number formats that show them as the page does. Files follow the
language asked for. Never imports streamlit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from model import fmt
from model.briefing import briefing, scenario_name
from model.data import Dataset
from model.projection import ProjectionResults, assumption_value, pace_thresholds, project
from model.scenario import Scenario, parse_scenario
from model.template import UPLOADED
from ui import answer
from ui.i18n import set_months, t

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ScenarioView:
    """A scenario ready to export or compare: its name, query string, parsed scenario,
    projections and link."""

    name: str
    query: str
    scenario: Scenario
    results: ProjectionResults
    link: str = ""


def view(
    ds: Dataset,
    query: str,
    *,
    name: str | None = None,
    baselines: Mapping[str, Any] | None = None,
    base_url: str = "",
    lang: str = "zh",
) -> ScenarioView:
    """Parse ``query`` (``ValueError`` naming the first bad key) and project it; the link is
    ``base_url`` + the query (none without a base address: a relative link opens nothing)."""
    sc, issues = parse_scenario(query, ds)
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    if hard:
        err = ValueError(hard[0].message)
        err.issue = hard[0]  # type: ignore[attr-defined]  # the page says it in its language
        raise err
    res = project(ds, sc, baselines=baselines)
    shown = name or scenario_name(ds, sc, lang)
    link = f"{base_url}?{query}" if base_url else ""
    return ScenarioView(shown, query, sc, res, link)


def compare_records(views: Sequence[ScenarioView]) -> list[dict[str, Any]]:
    """One record per indicator: each scenario's projected full year, reachable, gap to the
    target and the difference of the projection from the first scenario (None where a figure
    does not apply)."""
    out = []
    first = views[0].results
    for i, r0 in enumerate(first.results):
        rows = []
        for v in views:
            r = v.results.results[i]
            base = r0.projected_fy_value
            value = r.projected_fy_value
            delta = None if (value is None or base is None) else value - base
            rows.append(
                {
                    "name": v.name,
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


def _headers(lang: str) -> list[str]:
    return [t(lang, c) for c in answer.COLUMNS]


def to_csv(views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh") -> bytes:
    """The overview's table of every scenario, one row per scenario × indicator, in UTF-8
    with a BOM (Excel then opens the Chinese correctly)."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([t(lang, "col_scenario"), *_headers(lang), t(lang, "data_col_id")])
    thresholds = pace_thresholds(ds)
    for v in views:
        for row in answer.rows(v.results.results, lang, thresholds):
            w.writerow([v.name, *(row[c] for c in answer.COLUMNS), ds.data_id])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _number_format(unit: str) -> str:
    d = fmt.unit_decimals(unit)
    return "#,##0" + ("." + "0" * d if d else "")


def _sheet_title(name: str, used: set[str]) -> str:
    clean = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Sheet"
    title, n = clean, 2
    while title in used:
        suffix = f" ({n})"
        title, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(title)
    return title


def to_xlsx(views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh") -> bytes:
    """A sheet per scenario, a comparison sheet, and a sheet of the sources and assumptions in
    use. Numbers are stored at full precision with formats that show them as the page does
    (levels and amounts with their unit's decimals, growth with one decimal); units are in
    the headers; the header row is frozen."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)

    def finish(ws: Any, widths: Sequence[int]) -> None:
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = bold
        for i, wdt in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = wdt

    pct = "%"
    for v in views:
        ws = wb.create_sheet(_sheet_title(v.name, used))
        ws.append(
            [
                t(lang, "col_indicator"),
                t(lang, "col_unit"),
                t(lang, "col_outcome"),
                t(lang, "xlsx_projected"),
                f"{t(lang, 'col_projected_growth')} ({pct})",
                t(lang, "xlsx_target"),
                f"{t(lang, 'col_target_growth')} ({pct})",
                t(lang, "xlsx_gap"),
                t(lang, "xlsx_gap_unit"),
                f"{t(lang, 'metric_required_growth')} ({pct})",
                t(lang, "xlsx_required_amount"),
                t(lang, "col_difficulty"),
                t(lang, "xlsx_h1"),
                f"{t(lang, 'col_h1_growth')} ({pct})",
            ]
        )
        for r in v.results.results:
            unit = fmt.unit_label(lang, r.unit)
            gap_unit = t(lang, "points") if r.gap_unit == "pp" else unit
            ws.append(
                [
                    r.name_en if lang == "en" else r.name_zh,
                    unit,
                    answer.outcome(r, lang),
                    r.projected_fy_value,
                    r.projected_fy_growth_pct,
                    r.target_value,
                    r.target_growth_pct,
                    r.gap_to_target,
                    gap_unit,
                    r.required_h2_growth_pct,
                    r.required_h2_amount,
                    answer.difficulty(r, lang),
                    r.h1_value,
                    r.h1_growth_pct,
                ]
            )
            row = ws.max_row
            level = _number_format(r.unit)
            gapf = "0.0" if r.gap_unit == "pp" else level
            for col, f in ((4, level), (6, level), (11, level), (13, level), (8, gapf)):
                ws.cell(row, col).number_format = f
            for col in (5, 7, 10, 14):
                ws.cell(row, col).number_format = "0.0"
        finish(ws, [30, 10, 12, 16, 14, 16, 14, 14, 10, 14, 16, 12, 16, 14])

    ws = wb.create_sheet(_sheet_title(t(lang, "xlsx_compare"), used))
    head = [t(lang, "col_indicator"), t(lang, "col_unit")]
    for v in views:
        head += [
            f"{v.name}: {t(lang, 'xlsx_projected')}",
            f"{v.name}: {t(lang, 'col_outcome')}",
            f"{v.name}: {t(lang, 'xlsx_gap')}",
        ]
    ws.append(head)
    for rec, r0 in zip(compare_records(views), views[0].results.results, strict=True):
        line: list[Any] = [
            r0.name_en if lang == "en" else r0.name_zh,
            fmt.unit_label(lang, r0.unit),
        ]
        for v, s in zip(views, rec["scenarios"], strict=True):
            r = v.results.get(rec["id"])
            line += [s["projected_fy_value"], answer.outcome(r, lang), s["gap_to_target"]]
        ws.append(line)
        row = ws.max_row
        for k in range(len(views)):
            ws.cell(row, 3 + 3 * k).number_format = _number_format(r0.unit)
            ws.cell(row, 5 + 3 * k).number_format = (
                "0.0" if r0.gap_unit == "pp" else _number_format(r0.unit)
            )
    finish(ws, [30, 10] + [16, 12, 14] * len(views))

    ws = wb.create_sheet(_sheet_title(t(lang, "xlsx_sources"), used))
    ws.append(
        [
            t(lang, "col_indicator"),
            t(lang, "col_field"),
            t(lang, "col_value"),
            t(lang, "col_unit"),
            t(lang, "xlsx_kind"),
            t(lang, "col_quote") + " / " + t(lang, "col_reason"),
        ]
    )
    sc = views[0].scenario
    ws.append(
        [
            t(lang, "data_col_id"),
            t(lang, "data_col_period"),
            ds.data_id,
            "",
            "",
            answer.as_of_line(ds, lang),
        ]
    )
    ws.append(["", "", "", "", "", answer.source_line(ds, lang)])  # each figure's origin
    for ind in ds.indicators:
        for fname, fig in ind.figures.items():
            unit = "%" if fname.endswith("_pct") else fmt.unit_label(lang, ind.unit)
            ws.append(
                [
                    ind.name(lang),
                    t(lang, f"field_{fname}"),
                    fig.value,
                    unit,
                    t(
                        lang,
                        "xlsx_uploaded" if fig.section.startswith(UPLOADED) else "xlsx_sourced",
                    ),
                    f"{fig.section} {fig.quote}",
                ]
            )
        for param, a in ind.assumptions.items():
            value = assumption_value(ind, sc, param)
            ws.append(
                [
                    ind.name(lang),
                    t(lang, f"param_{param}"),
                    value,
                    fmt.unit_label(lang, a.unit),
                    t(lang, "assumption_tag"),
                    a.reason_en if lang == "en" else a.reason_zh,
                ]
            )
    finish(ws, [30, 24, 14, 10, 12, 90])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_docx(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """A briefing document: title, date (Asia/Shanghai), the scenario name(s), each
    scenario's briefing paragraph and table (the page's strings), the assumptions in use,
    and the link with its QR code."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    import segno
    from docx import Document
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    when = (now or datetime.now(TZ)).astimezone(TZ)
    doc.add_heading(t(lang, "app_title"), level=0)
    doc.add_paragraph(t(lang, "docx_date", date=when.strftime("%Y-%m-%d %H:%M")))
    doc.add_paragraph(
        t(
            lang,
            "docx_scenarios",
            names="、".join(v.name for v in views)
            if lang == "zh"
            else ", ".join(v.name for v in views),
        )
    )
    thresholds = pace_thresholds(ds)
    for v in views:
        doc.add_heading(v.name, level=1)
        doc.add_paragraph(
            briefing(v.results, lang, scenario_name=v.name, pace_thresholds=thresholds)
        )
        cols = answer.ANSWER_COLUMNS
        table = doc.add_table(rows=1, cols=len(cols))
        table.style = "Table Grid"
        for cell, c in zip(table.rows[0].cells, cols, strict=True):
            cell.text = t(lang, c)
        for row in answer.rows(v.results.results, lang, thresholds):
            cells = table.add_row().cells
            for cell, c in zip(cells, cols, strict=True):
                cell.text = row[c]
        doc.add_heading(t(lang, "docx_assumptions"), level=2)
        for ind in ds.indicators:
            for param, a in ind.assumptions.items():
                value = assumption_value(ind, v.scenario, param)
                if value is None:
                    continue
                shown = fmt.pct(value) if a.unit == "%" else fmt.value(value, a.unit, lang)
                changed = (ind.id, param) in v.scenario.assumptions
                doc.add_paragraph(
                    f"{ind.name(lang)} · {t(lang, f'param_{param}')}: {shown}"
                    + (f" ({t(lang, 'changed_tag')})" if changed else ""),
                    style="List Bullet",
                )
        if v.link:
            doc.add_paragraph(t(lang, "docx_link", link=v.link))
            qr = segno.make_qr(v.link, error="m")
            png = io.BytesIO()
            qr.save(png, kind="png", scale=4, border=4)
            png.seek(0)
            doc.add_picture(png, width=Cm(4))
    doc.add_paragraph(answer.source_line(ds, lang))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


FORMATS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export(views: Sequence[ScenarioView], ds: Dataset, kind: str, lang: str = "zh") -> bytes:
    """The file of ``views`` in format ``kind`` (csv, xlsx or docx); ``ValueError`` otherwise."""
    if kind not in FORMATS:
        raise ValueError(f"format: '{kind}' is not one of {', '.join(FORMATS)}")
    return FORMATS[kind](views, ds, lang)
