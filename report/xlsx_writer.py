"""XLSX export (openpyxl): a sheet per scenario, a comparison sheet, sources and assumptions;
full-precision numbers with the page's number formats, units in the headers, frozen header
row. Never imports streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from model.data import Dataset
from model.projection import assumption_value
from model.template import UPLOADED
from report import answer, fmt
from report.i18n import set_months, t
from report.records import ScenarioView, compare_records


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
