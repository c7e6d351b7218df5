"""XLSX export (openpyxl): with two or more scenarios first the side-by-side comparison sheet
(:mod:`report.comparison`, cell borders), then a sheet per scenario (with its rest-of-year
assumption column), a 情景定义 sheet, sources and assumptions; full-precision numbers with the
page's number formats, units in the headers, frozen header row; every sheet set to print on
A4 landscape, one page wide, header row repeated, name and date in header and footer. Never
imports streamlit.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from model.cells import xlsx_strings
from model.data import Dataset
from model.projection import assumption_value
from model.view import required_shown
from report import answer, fmt
from report.comparison import CHANGED, relative_links, side_header, side_rows
from report.records import ScenarioView, _now, changed_inputs, definition, param_label
from report.voice import Voice, voice_of


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


def _xlsx_print_setup(ws: Any, when: datetime, voice: Voice) -> None:
    """A4 landscape, one page wide, the header row repeated on every page, the sheet's name
    in the page header and the date and page number in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.left.text = voice.t("docx_date", date=voice.date(when))
    ws.oddFooter.right.text = "&P / &N"


def _result_formats(ws: Any, row: int, r: Any) -> None:
    """The number formats of a scenario sheet's ``row`` (result ``r``): levels in its unit's
    decimals, growth and percentage points with one."""
    level = _number_format(r.unit)
    gapf = "0.0" if r.gap_unit == "pp" else level
    for col, f in ((4, level), (6, level), (13, level), (15, level), (8, gapf)):
        ws.cell(row, col).number_format = f
    ws.cell(row, 10).number_format = level if r.kind == "amount" else "0.0"
    for col in (5, 7, 12, 16):
        ws.cell(row, col).number_format = "0.0"


def to_xlsx(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """With two or more scenarios first the side-by-side 情景对比 sheet; a sheet per scenario
    (with its rest-of-year assumption column, named by its data's period: 下半年假设 /
    四季度假设), a 情景定义 sheet with one block
    per scenario (:func:`definition`), and the sources and assumptions in use (each
    scenario's value beside the default). Numbers are stored at full precision with formats
    that show them as the page does; units are in the headers; the header row is frozen;
    every sheet prints on A4 landscape, one page wide, header row repeated, with its name
    and the date in the page header and footer."""
    voice = voice_of(lang).at(ds.months_elapsed)  # the labels follow the data's period
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    when = _now(now)
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    bold = Font(bold=True)

    def finish(ws: Any, widths: Sequence[int]) -> None:
        ws.freeze_panes = "A2"
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, wdt in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = wdt
        # the wrapped header shows whole (no office suite sizes a row by itself on print)
        longest = max(len(str(c.value or "")) / max(1.0, widths[c.column - 1] / 2.0) for c in ws[1])
        ws.row_dimensions[1].height = 15 * min(4, max(1, math.ceil(longest)))
        _xlsx_print_setup(ws, when, voice)

    if len(views) >= 2:  # the comparison first: one side-by-side table with gridlines
        ws = wb.create_sheet(_sheet_title(voice.t("xlsx_compare"), used))
        _side_by_side_sheet(ws, views, voice)
        n = len(views)
        finish(ws, [24, 8] + [12, 10] * n + [12] * (n - 1) + [10, 9])
    pct = "%"
    for v in views:
        vds = v.ds or ds
        ws = wb.create_sheet(_sheet_title(v.name, used))
        said = voice.at(vds.months_elapsed)  # the words of the scenario's own data
        ws.append(
            [
                said.t("col_indicator"),
                said.t("col_unit"),
                said.t("col_outcome"),
                said.t("xlsx_projected"),
                f"{said.t('col_projected_growth')} ({pct})",
                said.t("xlsx_target"),
                f"{said.t('col_target_growth')} ({pct})",
                said.t("xlsx_gap"),
                said.t("xlsx_gap_unit"),
                said.t("col_h2_assumption"),
                said.t("col_unit"),
                f"{said.t('metric_required_growth')} ({pct})",
                said.t("xlsx_required_amount"),
                said.t("col_difficulty"),
                said.t("xlsx_h1"),
                f"{said.t('col_h1_growth')} ({pct})",
            ]
        )
        for r in v.results.results:
            unit = fmt.unit_label(lang, r.unit)
            gap_unit = said.t("points") if r.gap_unit == "pp" else unit
            ws.append(
                [
                    voice.name(r),
                    unit,
                    answer.outcome(r, lang),
                    r.projected_fy_value,
                    r.projected_fy_growth_pct,
                    r.target_value,
                    r.target_growth_pct,
                    r.gap_to_target,
                    gap_unit,
                    r.h2_assumption,
                    unit if r.kind == "amount" else "%",
                    required_shown(r) if r.kind != "amount" else r.required_h2_growth_pct,
                    required_shown(r) if r.kind == "amount" else r.required_h2_amount,
                    answer.difficulty(r, said),
                    r.h1_value,
                    r.h1_growth_pct,
                ]
            )
            _result_formats(ws, ws.max_row, r)
        finish(ws, [26, 8, 10, 13, 11, 13, 11, 11, 8, 12, 7, 12, 13, 14, 13, 11])

    _definition_sheet(
        wb.create_sheet(_sheet_title(voice.t("xlsx_definitions"), used)), views, ds, voice, when
    )
    finish(wb.worksheets[-1], [24, 100])

    ws = wb.create_sheet(_sheet_title(voice.t("xlsx_sources"), used))
    ws.append(
        [
            voice.t("col_indicator"),
            voice.t("col_field"),
            voice.t("def_default"),
            voice.t("col_unit"),
            voice.t("xlsx_kind"),
            voice.t("col_quote") + " / " + voice.t("col_reason"),
            *(v.name for v in views),
        ]
    )
    ws.append(
        [
            voice.t("data_col_id"),
            voice.t("data_col_period"),
            ds.data_id,
            "",
            "",
            answer.as_of_line(ds, lang),
            *((v.ds or ds).data_id for v in views),
        ]
    )
    ws.append(["", "", "", "", "", answer.source_line(ds, lang)])  # each figure's origin
    for ind in ds.indicators:
        for fname, fig in ind.figures.items():
            unit = "%" if fname.endswith("_pct") else fmt.unit_label(lang, ind.unit)
            ws.append(
                [
                    voice.name(ind),
                    voice.t(f"field_{fname}"),
                    fig.value,
                    unit,
                    voice.t(
                        "xlsx_uploaded" if fig.uploaded else "xlsx_sourced",
                    ),
                    f"{fig.section} {fig.quote}",
                ]
            )
        for param, a in ind.assumptions.items():
            ws.append(
                [
                    voice.name(ind),
                    param_label(voice, param, a, ds),
                    a.default,
                    fmt.unit_label(lang, a.unit),
                    voice.t("assumption_tag"),
                    a.reason_en if lang == "en" else a.reason_zh,
                    *(assumption_value(ind, v.scenario, param) for v in views),
                ]
            )
    finish(ws, [24, 20, 12, 8, 10, 70] + [14] * len(views))
    xlsx_strings(wb)  # a name or source starting with "=" stays text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _side_by_side_sheet(ws: Any, views: Sequence[ScenarioView], voice: Voice) -> None:
    """The 情景对比 sheet (:mod:`report.comparison`): indicator, unit, each scenario's
    projected full year (a number at full precision, shown at the row's decimals) and verdict
    (text) in cells of their own, each later scenario's difference from the first (a signed
    number in the row's unit, percentage points for a growth row), the differences' unit and
    ◆ where the verdict changes; every cell of the table with a thin border."""
    from openpyxl.styles import Border, Side

    ws.append(side_header(views, voice))
    n = len(views)
    for row in side_rows(views, voice):
        line: list[Any] = [row.indicator, row.unit]
        for x, verdict in zip(row.values, row.verdicts, strict=True):
            line += [x, verdict]
        line += [*row.diffs, row.diff_unit, CHANGED if row.changed else None]
        ws.append(line)
        level = "#,##0" + ("." + "0" * row.decimals if row.decimals else "")
        for k in range(n):
            ws.cell(ws.max_row, 3 + 2 * k).number_format = level
        for k in range(n - 1):
            ws.cell(ws.max_row, 3 + 2 * n + k).number_format = f"+{level};-{level};{level}"
    thin = Side(style="thin", color="808080")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    for cells in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in cells:
            cell.border = grid


def _definition_sheet(
    ws: Any, views: Sequence[ScenarioView], ds: Dataset, voice: Voice, when: datetime
) -> None:
    """The 情景定义 sheet: one block per scenario (name, preset, every input differing from
    the preset, note, data id and period, its own link, the file's time), a blank row
    between blocks."""
    from openpyxl.styles import Alignment, Font

    ws.append([voice.t("def_item"), voice.t("def_text")])
    for k, v in enumerate(views):
        if k:
            ws.append([])
        for label, text in definition(v, ds, voice, now=when):
            if label == voice.t("def_changed"):  # one line per input
                text = "\n".join(changed_inputs(v, ds, voice)) or voice.t("def_none")
            ws.append([label, text])
            ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[ws.max_row].height = 15 * (text.count("\n") + 1)
            if label == voice.t("def_name"):
                ws.cell(ws.max_row, 1).font = ws.cell(ws.max_row, 2).font = Font(bold=True)
    if relative_links(views):  # the links above open only after the app's own address
        ws.append([])
        ws.append([voice.t("def_link"), voice.t("hand_links_relative")])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
