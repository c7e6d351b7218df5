"""The fill-in table of a progress meeting, written: prefilled with the data in use, as CSV or
as a clerk's XLSX (bold headers, frozen panes, validated cells, the hidden row of column ids
and the instruction sheet 填表说明). Its columns and words come from
``data/template_columns.toml`` (:mod:`model.table`); :mod:`model.template` reads it back.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from model.cells import xlsx_strings
from model.data import KINDS, Dataset, period_code
from model.table import (
    COLUMN_INFO,
    COLUMNS,
    GEO_LEVELS,
    ID_ROW,
    SCALE_COLUMNS,
    SERIES_TYPES,
    header,
    rows_csv,
    table_words,
    template_rows,
)
from report.period_words import as_of


def write_template(
    ds: Dataset,
    kind: str = "csv",
    *,
    with_actuals: bool = False,
    year: int | None = None,
    lang: str | None = None,
    blank: bool = False,
    months: int | None = None,
    prior: Mapping[str, Mapping[str, float | None]] | None = None,
) -> bytes:
    """The template as CSV (UTF-8 with BOM, one header row) or XLSX bytes. ``lang`` None heads
    the columns with their ids (the command line, the stored text); ``zh``/``en`` with the
    clerk's headers — an XLSX then keeps the ids in a hidden second row, validates the cells
    with few valid values and adds a 填表说明 sheet. Both header styles read back. ``year``: see
    :func:`model.table.template_rows`, as are ``blank``, ``months`` and ``prior``."""
    rows = template_rows(
        ds, with_actuals=with_actuals, year=year, blank=blank, months=months, prior=prior
    )
    heads = [header(c, lang) for c in COLUMNS]
    if kind == "csv":
        return rows_csv(rows, heads)
    if kind == "xlsx":
        return _xlsx(ds, rows, heads, lang, with_actuals=with_actuals)
    raise ValueError(f"format: '{kind}' is not one of csv, xlsx")


def _xlsx(
    ds: Dataset,
    rows: list[dict[str, Any]],
    heads: list[str],
    lang: str | None,
    *,
    with_actuals: bool,
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "data" if lang is None else table_words("sheet", "data", lang)
    ws.append(heads)
    first = 2
    if lang is not None:
        ws.append(list(COLUMNS))
        ws.row_dimensions[ID_ROW].hidden = True
        first = ID_ROW + 1
    for r in rows:
        ws.append([r[c] for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = f"C{first}"
    last = max(first + len(rows) - 1, first) + 50  # room for rows a clerk adds
    for i, text in enumerate(heads, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(28, 2 * len(text)))
    lg = "en" if lang == "en" else "zh"

    def validate(col: str, dv: DataValidation) -> None:
        if col not in COLUMNS:
            return
        letter = get_column_letter(COLUMNS.index(col) + 1)
        dv.add(f"{letter}{first}:{letter}{last}")
        dv.showErrorMessage = True
        ws.add_data_validation(dv)

    def error(key: str) -> str:
        return str(table_words("sheet", f"{key}_error", lg))

    months = ",".join(str(m) for m in range(1, 13))  # 12: the year-end table (FY)
    codes = ",".join(period_code(m) for m in range(1, 13))
    validate("months_elapsed", DataValidation(type="list", formula1=f'"{months}"', allow_blank=False,
             error=error("months")))  # fmt: skip
    validate("period", DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True,
             error=error("period")))  # fmt: skip
    validate("kind", DataValidation(type="list", formula1=f'"{",".join(KINDS)}"', allow_blank=False,
             error=error("kind")))  # fmt: skip
    for col, allowed in zip(SCALE_COLUMNS, (SERIES_TYPES, GEO_LEVELS), strict=True):
        validate(col, DataValidation(type="list", formula1=f'"{",".join(allowed)}"',
                 allow_blank=True, error=error(col)))  # fmt: skip
    validate("prior_share_pct", DataValidation(type="decimal", operator="between", formula1="0",
             formula2="100", allow_blank=True, error=error("share")))  # fmt: skip
    if lang is not None:
        _instructions(wb.create_sheet(table_words("sheet", "instructions", lg)), ds, rows, lang)
    xlsx_strings(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instructions(ws: Any, ds: Dataset, rows: list[dict[str, Any]], lang: str) -> None:
    """The 填表说明 sheet: what the period and months mean, each column's meaning, unit and
    whether it may stay blank, and an example row."""
    from openpyxl.styles import Font

    lg = "en" if lang == "en" else "zh"
    bold = Font(bold=True)
    lines = [
        line.format(as_of=as_of(ds.year, ds.months_elapsed, lg))
        for line in table_words("sheet", "lines", lg)
    ]
    for i, line in enumerate(lines):
        ws.append([line])
        if i == 0:
            ws.cell(row=1, column=1).font = bold
    ws.append([])
    ws.append(list(table_words("sheet", "head", lg)))
    for cell in ws[ws.max_row]:
        cell.font = bold
    yes, no = table_words("sheet", "blank_yes", lg), table_words("sheet", "blank_no", lg)
    for col in COLUMNS:
        info = COLUMN_INFO.get(col)
        meaning = "" if info is None else (info.help_en if lg == "en" else info.help_zh)
        blank = info is None or info.blank
        ws.append([header(col, lang), col, meaning, yes if blank else no])
    ws.append([])
    ws.append([table_words("sheet", "example", lg)])
    ws.cell(row=ws.max_row, column=1).font = bold
    ws.append([header(c, lang) for c in COLUMNS])
    example = _example(ds, rows)
    ws.append([example.get(c) for c in COLUMNS])
    for letter, width in zip("ABCD", (28, 22, 70, 12), strict=True):
        ws.column_dimensions[letter].width = width


def _example(ds: Dataset, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An illustrative filled row: the first growth indicator, its figures for the period."""
    row = dict(next((r for r in rows if r["kind"] == "growth"), rows[0]))
    row.update(period="Q3", months_elapsed=9, ytd_value=232.6, ytd_growth_pct=12.5,
               prior_share_pct=70, source=table_words("sheet", "example_source"))  # fmt: skip
    return row
