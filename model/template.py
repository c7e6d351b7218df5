"""The fill-in table of a progress meeting: write it (prefilled with the data in use), read a
filled one (CSV in UTF-8, UTF-8 with BOM or GBK, or XLSX) and turn it into a dataset.

Columns (blank = unknown): ``id, name_zh, unit, kind, year, period, months_elapsed,
ytd_value, ytd_growth_pct, target_value, target_growth_pct, target_increase, prior_share_pct,
prior_fy_value, prev_ytd_growth_pct, prev_fy_growth_pct, prev2_ytd_growth_pct,
prev2_fy_growth_pct, source``. "ytd" is the year to date over ``months_elapsed`` months (H1
at 6); ``year`` the data's year (blank: the year of the data it is read against);
``prior_share_pct`` the prior year's share of the same period in its full year; ``prev_*``
the prior year's same-period and full-year growth, ``prev2_*`` those of the year before.
A template for another year than its data's leaves the year's targets and every prior-year
column blank (never the old year's figures under a new year's heading).

Reading checks every cell and lists every problem at once, one line each
(``row R, column C: why``; the header is row 1): unknown or duplicate ids, non-numbers,
months outside 1–11, periods that disagree with each other or with the months, a share
outside 0–100, a growth at or below −100%, negative levels, and identities a model cannot
hold (a level target with its growth implying a prior-year share ≥ 100%).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from model.cells import csv_row, csv_unescape, xlsx_strings
from model.data import (
    KINDS,
    Assumption,
    DataFileError,
    Dataset,
    Figure,
    Indicator,
    identity_breaks,
    implied_prior_share,
    load_dataset,
    period_code,
    register_data_id,
)
from model.fmt import exact, one_line
from model.limits import UploadRefused, capped, control_problems, table_rows
from model.messages import Problem, Text
from model.messages import text as keyed_text
from model.period import months_of, periodize, words
from model.projection import amount_target

COLUMNS: tuple[str, ...] = (
    "id",
    "name_zh",
    "unit",
    "kind",
    "year",
    "period",
    "months_elapsed",
    "ytd_value",
    "ytd_growth_pct",
    "target_value",
    "target_growth_pct",
    "target_increase",
    "prior_share_pct",
    "prior_fy_value",
    "prev_ytd_growth_pct",
    "prev_fy_growth_pct",
    "prev2_ytd_growth_pct",
    "prev2_fy_growth_pct",
    "source",
)
#: The year's actual figures: blank in a template unless asked for, so that stale H1 figures
#: never slip into a later upload.
ACTUALS: tuple[str, ...] = ("ytd_value", "ytd_growth_pct")
#: Template column → (figure name of the data file, or assumption parameter).
FIGURE_OF = {
    "ytd_value": "h1_value",
    "ytd_growth_pct": "h1_growth_pct",
    "target_value": "target_value",
    "target_growth_pct": "target_growth_pct",
    "target_increase": "target_increase",
}
ASSUMPTION_OF = {
    "prior_share_pct": "h1_share",
    "prior_fy_value": "prior_fy",
    "prev_ytd_growth_pct": "prev_h1_growth",
    "prev_fy_growth_pct": "prev_fy_growth",
    "prev2_ytd_growth_pct": "prev2_h1_growth",
    "prev2_fy_growth_pct": "prev2_fy_growth",
}
#: The columns of the prior year (and the one before): filled only in a template of the
#: data's own year.
PRIOR_COLUMNS: tuple[str, ...] = tuple(ASSUMPTION_OF)
#: The years a table may name.
YEAR_RANGE = (1990, 2100)
#: The highest growth (%) a table may give: above it a cell is a typo or a wrong unit.
GROWTH_MAX = 1000.0
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_PERIOD = re.compile(r"^(Q1|H1|Q3|M(?:[1-9]|1[01]))\Z")


class TemplateError(DataFileError):
    """A filled template with problems; ``problems`` lists every one (``row R, column C: why``)
    as English text, ``items`` the same as :class:`~model.messages.Problem` (key + params) for
    the app to render in the UI language."""

    def __init__(self, problems: list[Problem] | list[str], *, lang: str = "en") -> None:
        # a plain string (a check not yet given a message key, or a line of model.limits
        # already in ``lang``) is shown as it is; a long list is capped (model.limits)
        items = [
            p if isinstance(p, Problem) else Problem("raw", error=p)
            for p in capped(list[Any](problems), lang)
        ]
        self.items: list[Problem] = items
        self.problems = [str(p) for p in items]
        super().__init__(self.problems[0] if items else "invalid template")


@dataclass(frozen=True)
class Column:
    """A template column as a clerk sees it: its header, meaning and unit in both languages,
    and whether it may stay blank."""

    zh: str
    en: str
    help_zh: str
    help_en: str
    blank: bool = True


#: Every column's header and meaning (one table: a column added to :data:`COLUMNS` gets its
#: header here; a column without an entry is headed by its id).
COLUMN_INFO: dict[str, Column] = {
    "id": Column(
        "指标代码",
        "Indicator id",
        "程序使用的指标代码，请勿修改。",
        "The program's indicator id: do not change.",
        False,
    ),
    "name_zh": Column(
        "指标名称",
        "Indicator name",
        "指标的中文名称，仅供阅读。",
        "The indicator's Chinese name, for reading only.",
    ),
    "unit": Column(
        "单位",
        "Unit",
        "本行数值的单位（增速一律为%）。",
        "Unit of the row's levels (growth always in %).",
    ),
    "kind": Column(
        "类别",
        "Kind",
        "growth＝增速目标，level＝水平目标，amount＝完成量目标；请勿修改。",
        "growth = growth target, level = level target, amount = amount target; do not change.",
    ),
    "period": Column(
        "期间代码",
        "Period code",
        "可留空；填写时须与已过月数一致：Q1（3个月）、H1（6个月）、Q3（9个月），其余为 M月数（如 M8）。",
        "May stay blank; if given it must match the months: Q1 (3), H1 (6), Q3 (9), else M<months> (e.g. M8).",
    ),
    "months_elapsed": Column(
        "已过月数",
        "Months elapsed",
        "本期数据截至的月份数，1—11 的整数，各行必须相同（一季度 3，上半年 6，前三季度 9）。",
        "Months the figures cover, a whole number 1–11, the same in every row (Q1 3, H1 6, Q1–Q3 9).",
        False,
    ),
    "ytd_value": Column(
        "本期累计完成",
        "Year-to-date value",
        "年初至本期末的累计数，单位见“单位”列；不知道可留空。",
        "The figure from January to the end of the period, in the row's unit; blank if unknown.",
    ),
    "ytd_growth_pct": Column(
        "本期累计增速（%）",
        "Year-to-date growth (%)",
        "累计数比上年同期增长的百分数，如 12.5；不知道可留空。",
        "Growth over the same months of the prior year, in %, e.g. 12.5; blank if unknown.",
    ),
    "target_value": Column(
        "全年目标",
        "Full-year target",
        "全年目标水平，单位见“单位”列；无则留空。",
        "The full-year target level, in the row's unit; blank if none.",
    ),
    "target_growth_pct": Column(
        "全年目标增速（%）",
        "Target growth (%)",
        "全年目标增速，百分数；无则留空。",
        "The full-year target growth, in %; blank if none.",
    ),
    "target_increase": Column(
        "全年新增目标",
        "Target increase",
        "比上年新增的目标量，单位见“单位”列；无则留空。",
        "The target as an increase over the prior year, in the row's unit; blank if none.",
    ),
    "prior_share_pct": Column(
        "上年同期占全年比重（%）",
        "Prior-year share (%)",
        "上年同期累计数占上年全年的百分数（0—100 之间），如前三季度一般为 65—75；不知道可留空。",
        "The prior year's same-period figure as a share of its full year, in % (0–100); blank if unknown.",
    ),
    "prior_fy_value": Column(
        "上年全年水平",
        "Prior full year",
        "上年全年数，单位见“单位”列；不知道可留空。",
        "The prior year's full-year figure, in the row's unit; blank if unknown.",
    ),
    "prev_ytd_growth_pct": Column(
        "上年同期增速（%）",
        "Prior-year YTD growth (%)",
        "上年同期累计增速，百分数；不知道可留空。",
        "The prior year's growth over the same months, in %; blank if unknown.",
    ),
    "prev_fy_growth_pct": Column(
        "上年全年增速（%）",
        "Prior-year growth (%)",
        "上年全年增速，百分数；不知道可留空。",
        "The prior year's full-year growth, in %; blank if unknown.",
    ),
    "year": Column(
        "年份",
        "Year",
        "数据所属年份（四位数），可留空。",
        "The data's year (four digits); may stay blank.",
    ),
    "prev2_ytd_growth_pct": Column(
        "前年同期增速（%）",
        "Two years ago YTD growth (%)",
        "前年同期累计增速，百分数；不知道可留空。",
        "Growth over the same months two years before, in %; blank if unknown.",
    ),
    "prev2_fy_growth_pct": Column(
        "前年全年增速（%）",
        "Two years ago growth (%)",
        "前年全年增速，百分数；不知道可留空。",
        "Full-year growth two years before, in %; blank if unknown.",
    ),
    "source": Column(
        "来源",
        "Source",
        "数字的出处（文件名称、原文语句或日期），可留空。",
        "Where the figures come from (document, quote or date); may stay blank.",
    ),
}
#: What a kind is called in a template (both spellings read back).
KIND_WORDS = {
    "growth": ("增速", "growth"),
    "level": ("水平", "level"),
    "amount": ("完成量", "amount"),
}
#: The row of an XLSX template that holds the machine ids (hidden; row 1 is the clerk's).
ID_ROW = 2


def header(col: str, lang: str | None) -> str:
    """The header of ``col`` as a clerk sees it (``lang`` zh/en), or its id (``lang`` None)."""
    info = COLUMN_INFO.get(col)
    if lang is None or info is None:
        return col
    return info.en if lang == "en" else info.zh


#: A header's trailing unit in brackets: 本期累计完成（亿元） reads as 本期累计完成.
_UNIT = re.compile(r"\s*[（(][^）)]*[）)]\s*$")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().lstrip("\ufeff")).lower()


def _header_map() -> dict[str, str]:
    """Header text (id, Chinese or English, with or without its unit) → column id."""
    out: dict[str, str] = {}
    for col in (*COLUMNS, *COLUMN_INFO):
        info = COLUMN_INFO.get(col)
        names = [col] if info is None else [col, info.zh, info.en]
        for n in names:
            out[_key(n)] = col
            out[_key(_UNIT.sub("", n))] = col
    return out


def _value(ind: Indicator, name: str) -> float | None:
    if name in ind.figures:
        return ind.figures[name].value
    a = ind.assumptions.get(name)
    return None if a is None else a.default


def template_rows(
    ds: Dataset, *, with_actuals: bool = False, year: int | None = None
) -> list[dict[str, Any]]:
    """The template of ``ds``: one row per indicator with its targets in use (a target stated
    as a share of the task is written as its level), and its actuals and sources only
    ``with_actuals`` (a blank template carries no old figures and no old quotes).
    ``year`` (default the data's year) fills the ``year`` column; for another year the
    targets, the prior-year columns, the actuals and the sources stay blank (unknown)."""
    year = ds.year if year is None else year
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year: {year} is not between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    rows = []
    for ind in ds.indicators:
        row: dict[str, Any] = {c: None for c in COLUMNS}
        row.update(
            id=ind.id,
            name_zh=ind.name_zh,
            unit=ind.unit,
            kind=ind.kind,
            year=year,
            period=ds.period_code,
            months_elapsed=ds.months_elapsed,
        )
        for col, name in FIGURE_OF.items():
            row[col] = ind.figure(name)
        if ind.kind == "amount" and row["target_value"] is None:
            row["target_value"] = amount_target(ind)
        for col, param in ASSUMPTION_OF.items():
            row[col] = _value(ind, param)
        if ind.figure("h1_value") is None and "h1_value" in ind.assumptions:
            row["ytd_value"] = _value(ind, "h1_value")
        if not with_actuals or year != ds.year:
            for col in ACTUALS:
                row[col] = None
        if year != ds.year:
            for col in (*TARGETS, *PRIOR_COLUMNS):
                row[col] = None
        uploaded = {f.quote for f in ind.figures.values() if f.uploaded}
        quotes = uploaded or {f.quote for f in ind.figures.values()}
        row["source"] = (
            "；".join(sorted(quotes)) if quotes and with_actuals and year == ds.year else ""
        )
        rows.append(row)
    return rows


def _cell(v: Any) -> str:
    """A CSV cell: blank for None; a float as the shortest text that reads back exactly."""
    if v is None:
        return ""
    if isinstance(v, float):
        return exact(v)
    return str(v)


def write_template(
    ds: Dataset,
    kind: str = "csv",
    *,
    with_actuals: bool = False,
    year: int | None = None,
    lang: str | None = None,
) -> bytes:
    """The template as CSV (UTF-8 with BOM, one header row) or XLSX bytes. ``lang`` None heads
    the columns with their ids (the command line, the stored text); ``zh``/``en`` with the
    clerk's headers — an XLSX then keeps the ids in a hidden second row, validates the cells
    with few valid values and adds a 填表说明 sheet. Both header styles read back. ``year``: see
    :func:`template_rows`."""
    rows = template_rows(ds, with_actuals=with_actuals, year=year)
    heads = [header(c, lang) for c in COLUMNS]
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(heads)
        for r in rows:
            w.writerow(csv_row(_cell(r[c]) for c in COLUMNS))
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
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
    ws.title = "data" if lang is None else ("数据" if lang != "en" else "data")
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
    zh = lang != "en"

    def validate(col: str, dv: DataValidation) -> None:
        if col not in COLUMNS:
            return
        letter = get_column_letter(COLUMNS.index(col) + 1)
        dv.add(f"{letter}{first}:{letter}{last}")
        dv.showErrorMessage = True
        ws.add_data_validation(dv)

    months = ",".join(str(m) for m in range(1, 12))
    codes = ",".join(period_code(m) for m in range(1, 12))
    validate("months_elapsed", DataValidation(type="list", formula1=f'"{months}"', allow_blank=False,
             error="1—11 的整数" if zh else "a whole number 1–11"))  # fmt: skip
    validate("period", DataValidation(type="list", formula1=f'"{codes}"', allow_blank=True,
             error="Q1、H1、Q3 或 M1—M11" if zh else "Q1, H1, Q3 or M1–M11"))  # fmt: skip
    validate("kind", DataValidation(type="list", formula1=f'"{",".join(KINDS)}"', allow_blank=False,
             error="growth、level 或 amount" if zh else "growth, level or amount"))  # fmt: skip
    validate("prior_share_pct", DataValidation(type="decimal", operator="between", formula1="0",
             formula2="100", allow_blank=True, error="0—100 之间的百分数" if zh else "a percentage 0–100"))  # fmt: skip
    if lang is not None:
        _instructions(wb.create_sheet("填表说明" if zh else "Instructions"), ds, rows, lang)
    xlsx_strings(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instructions(ws: Any, ds: Dataset, rows: list[dict[str, Any]], lang: str) -> None:
    """The 填表说明 sheet: what the period and months mean, each column's meaning, unit and
    whether it may stay blank, and an example row."""
    from openpyxl.styles import Font

    from model.period import as_of

    zh = lang != "en"
    bold = Font(bold=True)
    lines_zh = [
        "填表说明",
        f"本模板对应的数据：{as_of(ds.year, ds.months_elapsed, 'zh')}。在“数据”表中每个指标一行，填入本期数字后上传到“数据更新”页。",
        "期间与月数：“已过月数”为本期数据截至的月份数（1—11），各行必须相同：3＝一季度，6＝上半年，9＝前三季度，其余为1—n月。序时进度＝已过月数÷12。",
        "“本期累计”指年初至本期末的累计数，不是单月或单季数；增速一律按百分数填写（12.5 表示 12.5%），不带%号、单位或文字。",
        "留空表示“不知道”：程序不会用旧数字代替。第2行（隐藏）为程序使用的列代码，请勿删除；列的顺序可以调整。",
        "上传前程序会逐格检查；有误时列出全部问题（行号、指标、列名），当前数据不变。",
    ]
    lines_en = [
        "Instructions",
        f"This template is for: {as_of(ds.year, ds.months_elapsed, 'en')}. One row per indicator in the 'data' sheet; fill in the period's figures and upload the file on the Data page.",
        "Period and months: 'Months elapsed' is the number of months the figures cover (1–11), the same in every row: 3 = Q1, 6 = H1, 9 = Q1–Q3, else Jan–month. The calendar share = months ÷ 12.",
        "'Year to date' means January to the end of the period, not one month or quarter; growth in percent (12.5 means 12.5%), without %, units or words.",
        "Blank means unknown: old figures never stand in. Row 2 (hidden) holds the program's column ids: do not delete it; columns may be reordered.",
        "Every cell is checked on upload; all problems are listed (row, indicator, column) and the data in use stays.",
    ]
    for i, line in enumerate(lines_zh if zh else lines_en):
        ws.append([line])
        if i == 0:
            ws.cell(row=1, column=1).font = bold
    ws.append([])
    head = (
        ["列名", "列代码", "含义与单位", "可否留空"]
        if zh
        else ["Header", "Column id", "Meaning and unit", "May stay blank"]
    )
    ws.append(head)
    for cell in ws[ws.max_row]:
        cell.font = bold
    for col in COLUMNS:
        info = COLUMN_INFO.get(col)
        meaning = "" if info is None else (info.help_zh if zh else info.help_en)
        blank = info is None or info.blank
        ws.append(
            [
                header(col, lang),
                col,
                meaning,
                ("可以" if blank else "不可") if zh else ("yes" if blank else "no"),
            ]
        )
    ws.append([])
    ws.append(
        [
            "示例（一行填好的数据，仅供参考）"
            if zh
            else "Example (one filled row, for reference only)"
        ]
    )
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
               prior_share_pct=70, source="统计局快报（示例）")  # fmt: skip
    return row


class Table(list):  # type: ignore[type-arg]
    """The rows of a filled template (``dict`` column id → text cell), with the spreadsheet
    row number of each (``numbers``) and each column's header as the file wrote it
    (``headers``)."""

    numbers: list[int]
    headers: dict[str, str]


def _as_table(rows: list[dict[str, str]]) -> Table:
    if isinstance(rows, Table):
        return rows
    out = Table(rows)
    out.numbers = list(range(2, len(rows) + 2))
    out.headers = {}
    return out


def read_table(data: bytes, filename: str, *, lang: str = "en") -> Table:
    """The rows of a filled template as text cells (:class:`Table`); :class:`TemplateError`
    when unreadable, over a cap of :mod:`model.limits` (bytes, uncompressed size, rows,
    columns, cells) or holding a control character (every such cell named). The header row
    may name the columns by id or as a clerk's template does (Chinese or English); an XLSX's
    hidden row of ids under it is read as the header. CSV line endings may be CRLF, LF or CR
    alone; a percent-formatted XLSX cell reads as the percent shown (6.25% is 6.25); a text
    cell escaped by the writer (a leading apostrophe) reads as the text it escaped."""
    try:
        values = table_rows(data, filename, lang)
    except UploadRefused as exc:
        raise TemplateError([f"file: {exc}" if lang == "en" else str(exc)]) from exc
    if not values:
        raise TemplateError([Problem("file_empty")])
    first = values[0]
    seps = {"\t": "tab", ";": ";", "；": "；"}
    if len(first) == 1 and (sep := next((x for x in seps if x in first[0]), None)):
        # a table saved with another separator reads as one column
        raise TemplateError([Problem("file_separator", sep=seps[sep])])
    bad = control_problems(values, lang)
    if bad:
        raise TemplateError(bad, lang=lang)
    known = _header_map()
    shown = [h.strip().lstrip("\ufeff") for h in values[0]]
    head = [known.get(_key(h)) or known.get(_key(_UNIT.sub("", h)), h) if h else "" for h in shown]
    start = 1
    if len(values) > 1:  # a clerk's XLSX: row 2 holds the ids
        ids = [c.strip() for c in values[1]]
        if "id" in ids and all(not c or c in known.values() for c in ids):
            head = [c if c else h for c, h in zip(ids, head, strict=False)] + head[len(ids) :]
            start = ID_ROW
    headers = {c: (shown[i] if i < len(shown) and shown[i] else c) for i, c in enumerate(head) if c}
    twice = [c for c in dict.fromkeys(head) if c in known.values() and head.count(c) > 1]
    if twice:  # the last column would silently win
        raise TemplateError(
            [
                Problem(
                    "file_column_twice",
                    row=start,
                    headers="、".join(shown[i] or c for i, h in enumerate(head) if h == c),
                    col=c,
                )
                for c in twice
            ]
        )
    missing = tuple(c for c in ("id", "months_elapsed") if c not in head)
    if missing:
        raise TemplateError(
            [Problem("file_columns", row=1, columns=", ".join(missing), ids=missing)]
        )
    out = Table()
    out.numbers = []
    out.headers = headers
    for n, row in enumerate(values[start:], start=start + 1):
        if any(str(cell).strip() for cell in row):
            out.append(
                {
                    h: (csv_unescape(row[i].strip()) if i < len(row) else "")
                    for i, h in enumerate(head)
                    if h
                }
            )
            out.numbers.append(n)
    return out


def dataset_from_table(rows: list[dict[str, str]], base: Dataset, *, lang: str = "en") -> Dataset:
    """``base`` with the figures, targets and assumption defaults of a filled template (its
    indicators, drivers, presets, thresholds and ranges are kept). Every problem is listed
    (:class:`TemplateError`), each naming the row, the indicator and the column's header."""
    table = _as_table(rows)
    if not table:
        raise TemplateError([Problem("file_no_rows")])
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    months_seen: set[int] = set()
    years_seen: set[int] = set()
    periods: set[str] = set()
    updates: dict[str, dict[str, float | None]] = {}
    sources: dict[str, str] = {}

    def head(col: str) -> str:
        return table.headers.get(col, col)

    for n, row in zip(table.numbers, table, strict=True):
        iid = row.get("id", "")
        if iid not in base.by_id:
            problems.append(
                Problem(
                    "tpl_unknown_id",
                    row=n,
                    header=head("id"),
                    col="id",
                    value=one_line(iid, limit=40),
                )  # fmt: skip
            )
            continue
        ind = base.by_id[iid]
        at = {"row": n, "id": iid, "name": ind.name("zh"), "name_en": ind.name("en")}

        def problem(key: str, col: str, at: dict[str, Any] = at, **params: Any) -> None:
            problems.append(Problem(key, header=head(col), col=col, **at, **params))

        if iid in seen:
            problem("tpl_repeated_id", "id", value=iid, first=seen[iid])
            continue
        seen[iid] = n
        values: dict[str, float | None] = {}
        for col in (*FIGURE_OF, *ASSUMPTION_OF, "months_elapsed"):
            raw = row.get(col, "")
            if col.endswith("_pct") and raw.endswith("%"):  # "6.25%" typed as text: 6.25
                raw = raw[:-1].rstrip()
            if raw == "":
                values[col] = None
                continue
            if not _NUMBER.match(raw) or not math.isfinite(float(raw)):
                problem("tpl_not_number", col, value=one_line(raw, limit=20))
                continue
            values[col] = float(raw)
        year_cell = row.get("year", "")
        if year_cell != "":
            y = _year(year_cell)
            if y is None:
                problem("tpl_year", "year", value=one_line(year_cell, limit=10),
                        low=YEAR_RANGE[0], high=YEAR_RANGE[1])  # fmt: skip
            else:
                years_seen.add(y)
        unit = row.get("unit", "").strip()
        if unit and unit != ind.unit:  # figures in another unit would be read as the template's
            problem("tpl_unit", "unit", value=one_line(unit, limit=20), unit=ind.unit)
        kind = row.get("kind", "")
        if kind and not any(kind.lower() in words for words in KIND_WORDS.values()):
            problem("tpl_kind", "kind", value=one_line(kind, limit=20), choices=", ".join(KINDS))
        m = values.get("months_elapsed")
        if m is None or m != int(m) or not 1 <= m <= 11:
            problem("tpl_months", "months_elapsed")
        else:
            months_seen.add(int(m))
            period = row.get("period", "")
            code = period_code(int(m))
            names = {code, *(words(int(m), lg).ytd for lg in ("zh", "en"))}
            if period and (period not in names or not _PERIOD.match(code)):
                problem("tpl_period", "period", value=one_line(period, limit=10), months=int(m),
                        code=code)  # fmt: skip
            periods.add(code)
        share = values.get("prior_share_pct")
        if share is not None and not 0 < share < 100:
            problem("tpl_share", "prior_share_pct", value=f"{share:g}")
        for col in (
            "ytd_growth_pct",
            "target_growth_pct",
            "prev_ytd_growth_pct",
            "prev_fy_growth_pct",
            "prev2_ytd_growth_pct",
            "prev2_fy_growth_pct",
        ):
            g = values.get(col)
            if g is not None and g <= -100:
                problem("tpl_growth", col, value=f"{g:g}")
            elif g is not None and g > GROWTH_MAX:
                problem("tpl_growth_high", col, value=f"{g:g}", limit=f"{GROWTH_MAX:g}")
        for col in ("ytd_value", "target_value", "prior_fy_value", "target_increase"):
            v = values.get(col)
            if v is not None and v < 0 and col != "target_increase":
                problem("tpl_negative", col, value=f"{v:g}")
            elif v is not None and abs(v) > base.ranges.level_max:
                limit = f"{base.ranges.level_max:,.0f}"
                problem("tpl_level_high", col, value=f"{v:g}", limit=limit)
        for col in ("prior_fy_value", "target_value"):  # a divisor: 0 is no figure
            if values.get(col) == 0:
                problem("tpl_zero", col)
        h1, g1 = values.get("ytd_value"), values.get("ytd_growth_pct")
        t, g = values.get("target_value"), values.get("target_growth_pct")
        in_range = all(v is not None and abs(v) <= base.ranges.level_max for v in (h1, t)) and all(
            v is not None and -100 < v <= GROWTH_MAX for v in (g1, g)
        )
        if ind.kind != "amount" and in_range and t:  # refused cells are said once, above
            assert h1 is not None and g1 is not None and g is not None  # in_range
            w = implied_prior_share(h1, g1, t, g)
            if not 0 < w < 100:
                problem("tpl_implied_share", "target_value", share=f"{w:.1f}")
        updates[iid] = values
        sources[iid] = row.get("source", "")
    if len(months_seen) > 1:
        problems.append(
            Problem(
                "tpl_months_disagree",
                header=head("months_elapsed"),
                col="months_elapsed",
                values=", ".join(map(str, sorted(months_seen))),
            )  # fmt: skip
        )
    if len(years_seen) > 1:
        problems.append(
            Problem(
                "tpl_years_disagree",
                header=head("year"),
                col="year",
                values=", ".join(map(str, sorted(years_seen))),
            )  # fmt: skip
        )
    if problems:
        raise TemplateError(problems, lang=lang)
    months = months_seen.pop() if months_seen else base.months_elapsed
    year = years_seen.pop() if years_seen else base.year
    same_year = year == base.year
    same = months == base.months_elapsed and same_year
    indicators = tuple(
        _updated(
            ind, updates[ind.id], sources[ind.id], period_code(months), same, same_year=same_year
        )
        if ind.id in updates
        else (ind if same else _period_cleared(ind, same_year=same_year))
        for ind in base.indicators
    )
    indicators = tuple(
        _period_reasons(_period_note(ind, base.months_elapsed, months), base, months)
        for ind in indicators
    )
    digest = hashlib.sha256(
        repr(sorted((k, sorted(v.items())) for k, v in updates.items())).encode()
    ).hexdigest()[:8]
    ds = replace(
        base,
        indicators=indicators,
        by_id={i.id: i for i in indicators},
        year=year,
        months_elapsed=months,
        period=period_code(months),
        vintage=f"{year}{period_code(months)}.{digest}",
        # the parts of a total (the auto bases) are the base period's figures: another
        # period's total is not built from them
        drivers=base.drivers if same else (),
    )
    # the merged figures (a row's own were checked above; here the base's target with the
    # uploaded year-to-date figures, say) must not contradict each other either
    breaks = identity_breaks(ds)
    if breaks:
        raise TemplateError(
            [
                Problem(
                    "tpl_implied_share",
                    row=seen.get(ind.id, 0),
                    header=head("target_value"),
                    col="target_value",
                    id=ind.id,
                    name=ind.name("zh"),
                    name_en=ind.name("en"),
                    share=f"{w:.1f}",
                )
                for ind, w in breaks
            ]
        )
    return ds


#: The section of an uploaded figure, and its quote when the table's source cell is blank.
UPLOADED = "上传表格"
UNSOURCED = "上传表格，未注明来源"
#: Columns that state the year's targets (valid whatever the period).
TARGETS = ("target_value", "target_growth_pct", "target_increase")

#: What describes a period rather than the year: cleared from an indicator a table of another
#: period leaves out, so its old year-to-date figures never pass for the new period's.
PERIOD_FIGURES = ("h1_value", "h1_growth_pct", "target_share_done_pct")
PERIOD_ASSUMPTIONS = ("h1_share", "prev_h1_growth", "h1_value", "h1_growth")


def uploaded_ids(ds: Dataset) -> list[str]:
    """The indicators with at least one figure from an uploaded table (in data order)."""
    return [ind.id for ind in ds.indicators if any(f.uploaded for f in ind.figures.values())]


def with_origin(ds: Dataset, label: str, filename: str, date: str) -> Dataset:
    """``ds`` knowing where its uploaded figures came from (its source lines name them)."""
    return replace(ds, upload=(label, filename, date))


def _period_cleared(ind: Indicator, *, same_year: bool = True) -> Indicator:
    """``ind`` without its year-to-date figures and period-bound defaults (its annual targets,
    prior-year level and growth stay): an indicator the table of a new period leaves out is
    unknown for that period, not its old period's figures. A target stated as a share of the
    task done is kept as the level it implies. For a table of another year nothing of the
    old year stays: no figure, no assumption default (blank stays unknown)."""
    if not same_year:
        return replace(ind, figures={}, assumptions=_year_cleared(ind.assumptions))
    figures = {k: v for k, v in ind.figures.items() if k not in PERIOD_FIGURES}
    if "target_share_done_pct" in ind.figures and "target_value" not in figures:
        level = amount_target(ind)
        if level is not None:
            done = ind.figures["target_share_done_pct"]
            figures["target_value"] = Figure(level, done.section, done.quote)
    assumptions = {
        k: (replace(a, default=None) if k in PERIOD_ASSUMPTIONS else a)
        for k, a in ind.assumptions.items()
    }
    return replace(ind, figures=figures, assumptions=assumptions)


def _period_note(ind: Indicator, base_months: int, months: int) -> Indicator:
    """``ind`` with a note that speaks of the base data's period ("讲话未给出上半年数据")
    written for the table's data: dropped when the table gives the indicator's year-to-date
    figures, said of the new period when it leaves them out, kept otherwise."""
    if words(base_months, "zh").ytd not in ind.note_zh and not re.search(
        rf"\b{words(base_months, 'en').ytd}\b", ind.note_en
    ):
        return ind
    uploaded = any(f.uploaded for k, f in ind.figures.items() if k in ("h1_value", "h1_growth_pct"))
    if uploaded:
        return replace(ind, note_zh="", note_en="")
    if months == base_months:
        return ind
    zh, en = words(months, "zh").ytd, words(months, "en").ytd
    return replace(
        ind,
        note_zh=f"上传的表格未给出{zh}数据，可在“数据更新”页填入后研判。",
        note_en=f"The uploaded table gives no {en} figure: enter it on the Data page to judge it.",
    )


#: What a period-bound assumption is, per period (``{ytd}`` the period's word, ``{prior}`` the
#: prior year): its reason when a table of another period leaves it blank.
_PERIOD_REASONS = {
    "h1_share": (
        "上年{ytd}占全年比重（{prior}年）。上传的表格未给出，须填入（{ytd}一般约为{lo}%—{hi}%）。",
        "The prior year's {ytd} share of its full year ({prior}). The uploaded table gives "
        "none: enter it (usually {lo}–{hi}% for {ytd}).",
    ),
    "prev_h1_growth": (
        "上年同期（{prior}年{ytd}）增速，用于计算两年平均增速以识别基数效应。上传的表格未给出。",
        "The prior year's {ytd} growth ({prior}), for the two-year average that removes the "
        "base effect. The uploaded table gives none.",
    ),
    "h1_value": (
        "{ytd}完成数。上传的表格未给出，须填入。",
        "The {ytd} figure. The uploaded table gives none: enter it.",
    ),  # fmt: skip
    "h1_growth": (
        "{ytd}同比增速。上传的表格未给出，须填入。",
        "The {ytd} growth. The uploaded table gives none: enter it.",
    ),  # fmt: skip
}


def _period_reasons(ind: Indicator, base: Dataset, months: int) -> Indicator:
    """``ind`` whose period-bound assumptions left blank by a table of another period say so
    for that period (their reasons explained the base data's period's defaults)."""
    if months == base.months_elapsed:
        return ind
    from model.period import share_band

    lo, hi = share_band(months)
    changed = {}
    a: Assumption | None
    for param, a in ind.assumptions.items():  # another parameter's reason that names the
        if param not in _PERIOD_REASONS:  # base period's word (上年上半年增速) names the new one
            changed[param] = replace(
                a,
                reason_zh=periodize(a.reason_zh, months, "zh"),
                reason_en=periodize(a.reason_en, months, "en"),
            )
    for param, (zh, en) in _PERIOD_REASONS.items():
        a = ind.assumptions.get(param)
        if a is None or a.default is not None:
            continue
        fill = {"prior": base.year - 1, "lo": f"{lo:g}", "hi": f"{hi:g}"}
        changed[param] = replace(
            a,
            reason_zh=zh.format(ytd=words(months, "zh").ytd, **fill),
            reason_en=en.format(ytd=words(months, "en").ytd, **fill),
            source=None,
        )
    if not changed:
        return ind
    return replace(ind, assumptions={**ind.assumptions, **changed})


def _year_cleared(assumptions: dict[str, Assumption]) -> dict[str, Assumption]:
    """The assumptions of a table of another year: no default of the old year, and no reason
    that names the old year's figures (blank stays unknown)."""
    return {
        k: replace(
            a,
            default=None,
            reason_zh="上传表格未给出（另一年份的表）",
            reason_en="not given in the table (a table of another year)",
            source=None,
        )
        for k, a in assumptions.items()
    }


def _updated(
    ind: Indicator,
    values: dict[str, float | None],
    source: str,
    period: str,
    same_period: bool,
    *,
    same_year: bool = True,
) -> Indicator:
    """``ind`` with the uploaded figures (blank = unknown). A blank prior-year share keeps its
    default only for the period (of the year) the default was made for."""
    quote = source or UNSOURCED
    figures = {k: v for k, v in ind.figures.items() if k not in FIGURE_OF.values()}
    done = ind.figures.get("target_share_done_pct")
    if not same_year:  # nothing of the old year's figures: blank stays unknown
        figures, done = {}, None
    derived = amount_target(ind) if done is not None else None
    if values.get("target_value") is not None:
        figures.pop("target_share_done_pct", None)
        # the level it implied, as a spreadsheet keeps it (Excel holds 15 digits, not 17)
        if (
            done is not None
            and derived is not None
            and _normal(values["target_value"]) == _normal(derived)
        ):
            if same_period and values.get("ytd_value") in (None, ind.figure("h1_value")):
                figures["target_share_done_pct"] = done
                values = {**values, "target_value": None}
            else:
                figures["target_value"] = Figure(derived, done.section, done.quote, done.uploaded)
    for col, name in FIGURE_OF.items():
        v = values.get(col)
        if name in figures and col == "target_value":
            continue
        old = ind.figures.get(name)
        same = same_period or (col in TARGETS and same_year)
        if v is not None and old is not None and old.value == v and same:
            figures[name] = old  # the same figure: its source stays the one it had
        elif v is not None:
            figures[name] = Figure(v, f"{UPLOADED} {period}", quote, uploaded=True)
    assumptions = dict(ind.assumptions if same_year else _year_cleared(ind.assumptions))
    for col, param in ASSUMPTION_OF.items():
        v = values.get(col)
        if param in assumptions:
            a = assumptions[param]
            keep = col == "prior_share_pct" and same_period
            default = v if v is not None else (a.default if keep else None)
            said = {}
            if not same_year and v is not None:
                said = {"reason_zh": "上传数据", "reason_en": "uploaded data", "source": quote}
            elif v is not None and v != a.default:  # the old reason explained the old default
                m = months_of(period) or 6
                said = {
                    "reason_zh": f"由上传表格给出（{words(m, 'zh').ytd}）：{quote}",
                    "reason_en": f"From the uploaded table ({words(m, 'en').ytd}): {quote}",
                    "source": quote,
                }
            assumptions[param] = replace(a, default=default, **said)
        elif v is not None:
            assumptions[param] = Assumption(
                param,
                v,
                "%" if col.endswith("_pct") else ind.unit,
                "上传数据",
                "uploaded data",
                quote,
            )
    # an amount whose H1 value the source lacked (an assumption) takes the uploaded value
    if ind.kind == "amount" and values.get("ytd_value") is not None and "h1_value" in assumptions:
        assumptions.pop("h1_value")
    return replace(ind, figures=figures, assumptions=assumptions)


# --- stored datasets: one canonical text, one id ----------------------------------------
#: The columns whose values make a dataset's id (its figures, not its labels or sources).
VALUE_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in ("name_zh", "source"))
#: Columns added after datasets were first stored: they enter the id only when filled (the
#: ``year`` only when it is not :data:`ID_BASE_YEAR`), so every id made before they existed
#: (the shipped data's b2558a7f3282, stored datasets, saved scenarios, ``data=`` links) stays.
LATER_COLUMNS: tuple[str, ...] = ("year", "prev2_ytd_growth_pct", "prev2_fy_growth_pct")
#: The year of every dataset stored before the ``year`` column existed.
ID_BASE_YEAR = 2021
DATA_ID_CHARS = 12
_ID = re.compile(rf"^[0-9a-f]{{{DATA_ID_CHARS}}}\Z")


def canonical(ds: Dataset) -> str:
    """The text a dataset is stored as: its template with actuals, as CSV (no BOM, CRLF)."""
    return write_template(ds, "csv", with_actuals=True).decode("utf-8").lstrip("\ufeff")


def data_id(ds: Dataset) -> str:
    """The dataset's id: the first 12 hex digits of SHA-256 over its template's value columns
    (:data:`VALUE_COLUMNS`, numbers normalised to 12 significant digits: a spreadsheet that
    keeps 15 gives the same id), so the same figures give the same id on every machine, and a
    change of any figure, target or assumption gives another."""
    rows = template_rows(ds, with_actuals=True)

    def hashed(c: str) -> bool:
        if c not in LATER_COLUMNS:
            return True
        if c == "year":
            return ds.year != ID_BASE_YEAR
        return any(r[c] is not None for r in rows)

    cols = [c for c in VALUE_COLUMNS if hashed(c)]
    text = "\n".join(",".join(_normal(r[c]) for c in cols) for r in rows)
    return hashlib.sha256(f"{','.join(cols)}\n{text}".encode()).hexdigest()[:DATA_ID_CHARS]


def _year(text: str) -> int | None:
    """A year cell as a whole number in :data:`YEAR_RANGE` (``2022`` or ``2022.0``), else None."""
    if not _NUMBER.match(text):
        return None
    v = float(text)
    if not v.is_integer() or not YEAR_RANGE[0] <= v <= YEAR_RANGE[1]:
        return None
    return int(v)


def stale_prior_figures(rows: list[dict[str, str]], in_use: Dataset) -> list[Text]:
    """Warnings for a table whose year differs from the data in use but which still carries
    that data's prior-year figures (the same value in the same column): one each, naming the
    row, the indicator, the column and the figure (a keyed :class:`~model.messages.Text`: the
    command line's English, the app's words in the UI language). Empty when the years agree."""
    table = _as_table(rows)
    years = {_year(r.get("year", "")) for r in table if r.get("year", "")} - {None}
    if len(years) != 1:
        return []
    year = years.pop()
    if year == in_use.year:
        return []
    old = {r["id"]: r for r in template_rows(in_use)}
    out = []
    for n, row in zip(table.numbers, table, strict=True):
        mine = old.get(row.get("id", ""))
        if mine is None:
            continue
        ind = in_use.by_id[row["id"]]
        for col in PRIOR_COLUMNS:
            raw, was = row.get(col, ""), mine.get(col)
            if raw and was is not None and _NUMBER.match(raw) and float(raw) == was:
                out.append(
                    keyed_text(
                        "tpl_stale_prior",
                        row=n,
                        col=col,
                        header=table.headers.get(col, col),
                        id=ind.id,
                        name=ind.name("zh"),
                        name_en=ind.name("en"),
                        value=raw,
                        was=_cell(was),
                        was_year=in_use.year,
                        year=year,
                    )
                )
    return out


def _normal(v: Any) -> str:
    """A value as the data id sees it: floats to 12 significant digits, -0 as 0."""
    if isinstance(v, float):
        text = f"{v:.12g}"
        return "0" if text == "-0" else text
    return _cell(v)


def is_data_id(text: str) -> bool:
    """Whether ``text`` has the form of a data or history id (12 lowercase hex digits)."""
    return bool(_ID.match(text))


def from_canonical(text: str, base: Dataset) -> Dataset:
    """The dataset stored as ``text`` (see :func:`canonical`), built on ``base``."""
    return dataset_from_table(read_table(text.encode("utf-8"), "data.csv"), base)


def history_id(canonical_history: str) -> str:
    """The id of a history table stored as ``canonical_history`` (SHA-256, 12 hex digits)."""
    return hashlib.sha256(canonical_history.encode()).hexdigest()[:DATA_ID_CHARS]


register_data_id(data_id)  # what Dataset.data_id calls


def load_any(path: Path | str) -> Dataset:
    """A dataset from the TOML data file, or from a filled template (``.csv``, ``.xlsx``)
    applied to the shipped data file (see :mod:`model.template`)."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DataFileError(f"data file {p} cannot be read: {exc.strerror}") from exc
        from datetime import date

        ds = dataset_from_table(read_table(data, p.name), load_dataset())
        when = date.fromtimestamp(p.stat().st_mtime).isoformat()
        return with_origin(ds, p.name, p.name, when)
    return load_dataset(p)
