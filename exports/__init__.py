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
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from model import fmt
from model.briefing import briefing_items, scenario_name
from model.data import Dataset
from model.period import as_of
from model.projection import ProjectionResults, assumption_value, pace_thresholds, project
from model.scenario import COMPARE_KEY, DATA_KEY, Scenario, parse_scenario, query_pairs
from ui import answer
from ui.i18n import period_words, set_months, t

TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class ScenarioView:
    """A scenario ready to export or compare: its name, query string, parsed scenario,
    projections, its own link, the data it is projected on and its note."""

    name: str
    query: str
    scenario: Scenario
    results: ProjectionResults
    link: str = ""
    ds: Dataset | None = None  # the data this scenario is projected on (None: the document's)
    note: str = ""


def view(
    ds: Dataset,
    query: str,
    *,
    name: str | None = None,
    baselines: Mapping[str, Any] | None = None,
    base_url: str = "",
    lang: str = "zh",
    note: str = "",
    public_url: str | None = None,
) -> ScenarioView:
    """Parse ``query`` (``ValueError`` naming the first bad key) and project it on ``ds``
    (the data the scenario was made on). Its link is its own
    (:func:`scenario_link` on ``public_url``: the query with ``data=``); with only an old
    ``base_url``, that address + the query."""
    sc, issues = parse_scenario(query, ds)
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    if hard:
        raise ValueError(hard[0].message)
    res = project(ds, sc, baselines=baselines)
    shown = name or scenario_name(ds, sc, lang)
    if public_url is not None:
        link = scenario_link(query, ds, public_url=public_url)
    else:
        link = f"{base_url}?{query}" if base_url else ""
    return ScenarioView(shown, query, sc, res, link, ds, note)


# --- each scenario on its own data ----------------------------------------------------------


def query_data_id(query: str) -> str | None:
    """The ``data=`` id a scenario's query string names (None: none, or given twice)."""
    ids = [v for k, v in query_pairs(query) if k == DATA_KEY]
    return ids[0] if len(ids) == 1 else None


def without_data(query: str) -> str:
    """``query`` without its ``data=`` (and old ``v=``) pairs."""
    from urllib.parse import urlencode

    return urlencode([(k, v) for k, v in query_pairs(query) if k not in (DATA_KEY, "v")])


def own_data(
    data_id: str | None, current: Dataset, lookup: Callable[[str], Dataset | None]
) -> tuple[Dataset, bool]:
    """The data a scenario is projected on: the dataset ``data_id`` (the one it was saved
    or linked with) when ``lookup`` finds it (the shipped data always is), else ``current``;
    the flag says whether it was found (False only when the id really is not stored)."""
    if not data_id or data_id == current.data_id:
        return current, True
    found = lookup(data_id)
    return (found, True) if found is not None else (current, False)


# --- what a scenario is: its definition, carried by every document ------------------------


def scenario_link(query: str, ds: Dataset, *, public_url: str = "", path: str = "") -> str:
    """The scenario's own full link: ``PUBLIC_URL`` + ``path`` + its query with ``data=``
    (the id of the data it is projected on); ``/path?query`` when ``PUBLIC_URL`` is unset."""
    from urllib.parse import urlencode

    pairs = [(k, v) for k, v in query_pairs(query) if k not in (DATA_KEY, "v", COMPARE_KEY)]
    pairs.append((DATA_KEY, ds.data_id))
    q = urlencode(pairs)
    base = public_url.strip().rstrip("/")
    return f"{base}/{path.lstrip('/')}?{q}"


def _param_text(unit: str, value: float, lang: str) -> str:
    return fmt.pct(value) if unit == "%" else fmt.value(value, unit, lang)


def changed_inputs(v: ScenarioView, ds: Dataset, lang: str) -> list[str]:
    """Every input of the scenario that differs from its preset, with its unit: the
    rest-of-year values set by hand (labelled by the data's period: 下半年假设 / 四季度假设),
    the assumptions overridden, and the parts of a built-up indicator."""
    vds = v.ds or ds
    out = []
    with period_words(vds.months_elapsed):
        rest = t(lang, "col_h2_assumption")
        for iid, value in v.scenario.h2.items():
            ind = vds.get(iid)
            shown = (
                fmt.value(value, ind.unit, lang)
                if ind.kind == "amount"
                else fmt.pct(value, signed=True)
            )
            out.append(f"{ind.name(lang)} · {rest}: {shown}")
        for (iid, param), value in v.scenario.assumptions.items():
            ind = vds.get(iid)
            a = ind.assumptions.get(param)
            unit = a.unit if a is not None else "%"
            out.append(
                f"{ind.name(lang)} · {t(lang, f'param_{param}')}: {_param_text(unit, value, lang)}"
            )
        for (iid, pid), value in v.scenario.drivers.items():
            ind = vds.get(iid)
            part = next((d for d in vds.drivers_of(iid) if d.id == pid), None)
            pname = pid if part is None else (part.name_en if lang == "en" else part.name_zh)
            out.append(f"{ind.name(lang)} · {pname} · {rest}: {fmt.pct(value, signed=True)}")
    return out


def preset_name(v: ScenarioView, ds: Dataset, lang: str) -> str:
    """The preset the scenario starts from (保守 / 基准 / 乐观 / 模型基准)."""
    base = Scenario(preset=v.scenario.preset)
    return scenario_name(v.ds or ds, base, lang)


def definition(
    v: ScenarioView, ds: Dataset, lang: str, *, now: datetime | None = None
) -> list[tuple[str, str]]:
    """The scenario's definition as (label, text) lines: name, preset, every input that
    differs from the preset (with units), note, data id and period, its own link, and the
    time the document was made (Asia/Shanghai)."""
    vds = v.ds or ds
    when = (now or datetime.now(TZ)).astimezone(TZ)
    changed = changed_inputs(v, ds, lang)
    sep = "; " if lang == "en" else "；"
    return [
        (t(lang, "def_name"), v.name),
        (t(lang, "def_preset"), preset_name(v, ds, lang)),
        (t(lang, "def_changed"), sep.join(changed) if changed else t(lang, "def_none")),
        (t(lang, "def_note"), v.note or "—"),
        (t(lang, "def_data"), f"{vds.data_id} · {as_of(vds.year, vds.months_elapsed, lang)}"),
        (t(lang, "def_link"), v.link or "—"),
        (t(lang, "def_made"), when.strftime("%Y-%m-%d %H:%M")),
    ]


def compare_records(views: Sequence[ScenarioView]) -> list[dict[str, Any]]:
    """One record per indicator: each scenario's projected full year, reachable, gap to the
    target and the difference of the projection from the first scenario (None where a figure
    does not apply), with the data id each scenario is projected on."""
    out = []
    first = views[0].results
    for r0 in first.results:
        rows = []
        for v in views:
            r = v.results.get(r0.id)
            base = r0.projected_fy_value
            value = r.projected_fy_value
            delta = None if (value is None or base is None) else value - base
            rows.append(
                {
                    "name": v.name,
                    "data_id": None if v.ds is None else v.ds.data_id,
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


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(TZ)).astimezone(TZ)


def to_csv(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """The overview's table of every scenario, one row per scenario × indicator, in UTF-8
    with a BOM (Excel then opens the Chinese correctly); each row carries its scenario's
    definition: preset, inputs differing from it, note, data id and period (each scenario's
    own data), its own link and the time the file was made."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    when = _now(now)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            t(lang, "col_scenario"),
            *_headers(lang),
            t(lang, "def_preset"),
            t(lang, "def_changed"),
            t(lang, "def_note"),
            t(lang, "data_col_id"),
            t(lang, "data_col_period"),
            t(lang, "def_link"),
            t(lang, "def_made"),
        ]
    )
    for v in views:
        vds = v.ds or ds
        d = dict(definition(v, ds, lang, now=when))
        with period_words(vds.months_elapsed):
            rows = answer.rows(v.results.results, lang, pace_thresholds(vds))
        period = as_of(vds.year, vds.months_elapsed, lang)
        for row in rows:
            w.writerow(
                [
                    v.name,
                    *(row[c] for c in answer.COLUMNS),
                    d[t(lang, "def_preset")],
                    d[t(lang, "def_changed")],
                    v.note,
                    vds.data_id,
                    period,
                    v.link,
                    when.strftime("%Y-%m-%d %H:%M"),
                ]
            )
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


def _xlsx_print_setup(ws: Any, when: datetime, lang: str) -> None:
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
    ws.oddFooter.left.text = t(lang, "docx_date", date=when.strftime("%Y-%m-%d %H:%M"))
    ws.oddFooter.right.text = "&P / &N"


def to_xlsx(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """A sheet per scenario (with its rest-of-year assumption column, named by its data's
    period: 下半年假设 / 四季度假设), a comparison sheet, a 情景定义 sheet with one block
    per scenario (:func:`definition`), and the sources and assumptions in use (each
    scenario's value beside the default). Numbers are stored at full precision with formats
    that show them as the page does; units are in the headers; the header row is frozen;
    every sheet prints on A4 landscape, one page wide, header row repeated, with its name
    and the date in the page header and footer."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
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
        _xlsx_print_setup(ws, when, lang)

    pct = "%"
    for v in views:
        vds = v.ds or ds
        ws = wb.create_sheet(_sheet_title(v.name, used))
        with period_words(vds.months_elapsed):
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
                    t(lang, "col_h2_assumption"),
                    t(lang, "col_unit"),
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
                        r.h2_assumption,
                        unit if r.kind == "amount" else "%",
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
                for col, f in ((4, level), (6, level), (13, level), (15, level), (8, gapf)):
                    ws.cell(row, col).number_format = f
                ws.cell(row, 10).number_format = level if r.kind == "amount" else "0.0"
                for col in (5, 7, 12, 16):
                    ws.cell(row, col).number_format = "0.0"
        finish(ws, [26, 8, 10, 13, 11, 13, 11, 11, 8, 12, 7, 12, 13, 14, 13, 11])

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
    finish(ws, [26, 8] + [14, 10, 12] * len(views))

    _definition_sheet(
        wb.create_sheet(_sheet_title(t(lang, "xlsx_definitions"), used)), views, ds, lang, when
    )
    finish(wb.worksheets[-1], [24, 100])

    ws = wb.create_sheet(_sheet_title(t(lang, "xlsx_sources"), used))
    ws.append(
        [
            t(lang, "col_indicator"),
            t(lang, "col_field"),
            t(lang, "def_default"),
            t(lang, "col_unit"),
            t(lang, "xlsx_kind"),
            t(lang, "col_quote") + " / " + t(lang, "col_reason"),
            *(v.name for v in views),
        ]
    )
    ws.append(
        [
            t(lang, "data_col_id"),
            t(lang, "data_col_period"),
            ds.data_id,
            "",
            "",
            answer.as_of_line(ds, lang),
            *((v.ds or ds).data_id for v in views),
        ]
    )
    for ind in ds.indicators:
        for fname, fig in ind.figures.items():
            unit = "%" if fname.endswith("_pct") else fmt.unit_label(lang, ind.unit)
            ws.append(
                [
                    ind.name(lang),
                    t(lang, f"field_{fname}"),
                    fig.value,
                    unit,
                    t(lang, "xlsx_sourced"),
                    f"{fig.section} {fig.quote}",
                ]
            )
        for param, a in ind.assumptions.items():
            ws.append(
                [
                    ind.name(lang),
                    t(lang, f"param_{param}"),
                    a.default,
                    fmt.unit_label(lang, a.unit),
                    t(lang, "assumption_tag"),
                    a.reason_en if lang == "en" else a.reason_zh,
                    *(assumption_value(ind, v.scenario, param) for v in views),
                ]
            )
    finish(ws, [24, 20, 12, 8, 10, 70] + [14] * len(views))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _definition_sheet(
    ws: Any, views: Sequence[ScenarioView], ds: Dataset, lang: str, when: datetime
) -> None:
    """The 情景定义 sheet: one block per scenario (name, preset, every input differing from
    the preset, note, data id and period, its own link, the file's time), a blank row
    between blocks."""
    from openpyxl.styles import Alignment, Font

    ws.append([t(lang, "def_item"), t(lang, "def_text")])
    for k, v in enumerate(views):
        if k:
            ws.append([])
        for label, text in definition(v, ds, lang, now=when):
            if label == t(lang, "def_changed"):  # one line per input
                text = "\n".join(changed_inputs(v, ds, lang)) or t(lang, "def_none")
            ws.append([label, text])
            ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[ws.max_row].height = 15 * (text.count("\n") + 1)
            if label == t(lang, "def_name"):
                ws.cell(ws.max_row, 1).font = ws.cell(ws.max_row, 2).font = Font(bold=True)


def to_docx(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """A briefing document, landscape A4: title, date (Asia/Shanghai), the scenario name(s),
    and per scenario: its definition (preset, inputs differing from it, note, data and
    period, its own link with its QR code), its briefing as a short list (the counts, then
    the misses first), and its table (the page's strings) with column widths at which no
    figure wraps mid-number."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    import segno
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.6))
    section.top_margin = section.bottom_margin = Cm(1.5)
    when = _now(now)
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
    for v in views:
        vds = v.ds or ds
        with period_words(vds.months_elapsed):
            _docx_scenario(doc, v, ds, vds, lang, when, segno, Cm, Pt)
    doc.add_paragraph(answer.source_line(ds, lang))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_widths(table: Any, widths: Sequence[Any]) -> None:
    """Fixed column widths an office suite keeps: the table grid and every cell (Word reads
    the cells, LibreOffice the grid)."""
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w


#: DOCX answer-table column widths (cm) on landscape A4 (26.5 cm between the margins): wide
#: enough that "232.60亿元（+8.3%）" or "7,762.7亩" never wraps inside a number.
DOCX_WIDTHS_CM = (5.2, 2.3, 5.0, 3.3, 3.9, 3.6, 3.2)


def _docx_scenario(
    doc: Any,
    v: ScenarioView,
    ds: Dataset,
    vds: Dataset,
    lang: str,
    when: datetime,
    segno: Any,
    Cm: Any,
    Pt: Any,
) -> None:  # noqa: N803, PLR0913
    """One scenario's part of the DOCX: heading, definition, link and QR, briefing list,
    answer table."""
    doc.add_heading(v.name, level=1)
    defs = doc.add_table(rows=0, cols=2)
    defs.style = "Table Grid"
    for label, text in definition(v, ds, lang, now=when):
        if label == t(lang, "def_changed"):
            text = "\n".join(changed_inputs(v, ds, lang)) or t(lang, "def_none")
        cells = defs.add_row().cells
        cells[0].text, cells[1].text = label, text
    _docx_widths(defs, (Cm(4.5), Cm(22.0)))
    if v.link:
        qr = segno.make_qr(v.link, error="m")
        png = io.BytesIO()
        qr.save(png, kind="png", scale=4, border=4)
        png.seek(0)
        doc.add_picture(png, width=Cm(3.5))
    thresholds = pace_thresholds(vds)
    doc.add_heading(t(lang, "docx_briefing"), level=2)
    for item in briefing_items(v.results, lang, scenario_name=v.name, pace_thresholds=thresholds):
        doc.add_paragraph(item, style="List Bullet")
    cols = answer.ANSWER_COLUMNS
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    table.autofit = False
    for cell, c in zip(table.rows[0].cells, cols, strict=True):
        cell.text = t(lang, c)
    for row in answer.rows(v.results.results, lang, thresholds):
        cells = table.add_row().cells
        for cell, c in zip(cells, cols, strict=True):
            cell.text = row[c]
    _docx_widths(table, tuple(Cm(w) for w in DOCX_WIDTHS_CM))
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9.5)
    doc.add_paragraph()


FORMATS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export(
    views: Sequence[ScenarioView],
    ds: Dataset,
    kind: str,
    lang: str = "zh",
    *,
    now: datetime | None = None,
) -> bytes:
    """The file of ``views`` in format ``kind`` (csv, xlsx or docx); ``ValueError`` otherwise."""
    if kind not in FORMATS:
        raise ValueError(f"format: '{kind}' is not one of {', '.join(FORMATS)}")
    return FORMATS[kind](views, ds, lang, now=now)
