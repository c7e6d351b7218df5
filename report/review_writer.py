"""The year-end review (:func:`model.path.review`) as a table for people: its rows in the
page's and the file's words (:func:`review_table`), and as XLSX (:func:`to_review_xlsx`:
units in their own column and in each number's format, every cell ruled, the header frozen
and bold). Never imports streamlit."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from model.cells import xlsx_strings
from model.data import Dataset
from model.period import months_of
from report import fmt
from report.voice import Voice, voice_of

#: The columns of the review table, as catalogue keys.
COLUMNS: tuple[str, ...] = (
    "col_indicator",
    "col_unit",
    "review_col_actual",
    "review_col_who",
    "review_col_period",
    "review_col_projected",
    "review_col_error",
    "review_col_held",
)


def _held(voice: Voice, held: bool | None) -> str:
    if held is None:
        return voice.t("review_held_unknown")
    return voice.t("review_held_yes" if held else "review_held_no")


def _period(voice: Voice, code: str) -> str:
    """A period code as its words (前三季度 / Q1–Q3; 1—7月 / Jan–Jul)."""
    months = months_of(code)
    return code if months is None else voice.at(months).period.ytd


def _number(voice: Voice, x: float | None, unit: str, *, signed: bool = False) -> str:
    """A figure as the page shows it: a growth in percent, a level with its unit."""
    if unit == "%" and signed:  # an error of growth: percentage points
        space = " " if voice.lang == "en" else ""  # "+0.6 points" / "+0.6个百分点"
        return f"{fmt.points(x)}{space}{voice.t('points')}" if x is not None else fmt.points(x)
    if unit == "%":
        return voice.pct(x)
    text = voice.number(x, unit)
    return f"+{text}" if signed and x is not None and x > 0 else text


def review_table(
    rows: Sequence[dict[str, Any]], fy: Dataset, lang: str | Voice, *, as_text: bool = False
) -> tuple[list[str], list[list[Any]]]:
    """(the headers, a row per indicator and projection): the model baseline from each
    period of the year, then each saved scenario, beside the outcome (numbers as numbers,
    an unknown one None; ``as_text``: as the page shows them, with their units)."""
    voice = voice_of(lang)
    heads = [voice.t(k) for k in COLUMNS]
    body: list[list[Any]] = []
    for r in rows:
        ind = fy.by_id.get(r["id"])
        name = r["id"] if ind is None else voice.name(ind)
        unit = r["unit"]
        runs: list[tuple[str, dict[str, Any], str | None]] = [
            (voice.t("review_baseline"), b, None) for b in r["baseline"]
        ]
        runs += [(s["name"], s, _held(voice, s["verdict_held"])) for s in r["scenarios"]]
        for who, run, held in runs:
            figures = [r["actual"], run["projected"], run["error"]]
            if as_text:
                figures = [_number(voice, x, unit, signed=i == 2) for i, x in enumerate(figures)]
            actual, projected, error = figures
            shown = fmt.unit_label(voice.lang, unit) if as_text else unit
            period = _period(voice, run["period"])
            if as_text and held is None:
                held = "—"  # the baseline shows no verdict of its own here
            body.append([name, shown, actual, who, period, projected, error, held])
    return heads, body


def _number_format(unit: str) -> str:
    d = 2 if unit == "%" else fmt.unit_decimals(unit)
    return "#,##0" + ("." + "0" * d if d else "")


def to_review_xlsx(rows: Sequence[dict[str, Any]], fy: Dataset, lang: str = "zh") -> bytes:
    """The review as one XLSX sheet (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    voice = voice_of(lang)
    heads, body = review_table(rows, fy, voice)
    wb = Workbook()
    ws = wb.active
    ws.title = voice.t("nav_review")[:31]
    ws.append(heads)
    for row in body:
        ws.append(row)
    thin = Side(style="thin", color="999999")
    ruled = Border(left=thin, right=thin, top=thin, bottom=thin)
    for n, line in enumerate(ws.iter_rows(), start=1):
        unit = line[1].value
        for cell in line:
            cell.border = ruled
            if n == 1:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(cell.value, float) and isinstance(unit, str):
                cell.number_format = _number_format(unit)
    for col, width in zip("ABCDEFGH", (28, 8, 12, 22, 14, 12, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.sheet_view.showGridLines = True
    ws.print_options.gridLines = True
    xlsx_strings(wb)  # a scenario's name starting with "=" stays text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
