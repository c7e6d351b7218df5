"""DOCX export (python-docx), landscape A4: title, date in Asia/Shanghai, with two or more
scenarios first the side-by-side comparison (:mod:`report.comparison`), then per scenario its
definition (with its own link, and its QR code when the link is absolute), its briefing as a
short list (misses first) and its table (the page's strings) at column widths where no figure
wraps mid-number. Never imports streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from model.data import Dataset
from report import answer
from report.briefing import briefing_items
from report.comparison import CHANGED, absolute, relative_links, side_cells, side_header, side_rows
from report.records import ScenarioView, _now, changed_inputs, definition
from report.voice import Voice, voice_of


def to_docx(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """A briefing document, landscape A4: title, date (Asia/Shanghai), the scenario name(s),
    and per scenario: its definition (preset, inputs differing from it, note, data and
    period, its own link with its QR code), its briefing as a short list (the counts, then
    the misses first), and its table (the page's strings) with column widths at which no
    figure wraps mid-number."""
    voice = voice_of(lang).at(ds.months_elapsed)  # the labels follow the data's period
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
    doc.add_heading(voice.t("app_title"), level=0)
    doc.add_paragraph(voice.t("docx_date", date=voice.date(when)))
    doc.add_paragraph(voice.t("docx_scenarios", names=voice.list(v.name for v in views)))
    if len(views) >= 2:  # the comparison first: the document's first table
        doc.add_heading(voice.t("xlsx_compare"), level=1)
        _docx_side_by_side(doc, views, voice, Cm, Pt)
        doc.add_paragraph(voice.t("hand_compare_note", first=views[0].name, mark=CHANGED))
    if relative_links(views):  # no QR code a phone cannot open: said instead
        doc.add_paragraph(voice.t("hand_links_relative"))
    for v in views:
        vds = v.ds or ds
        _docx_scenario(doc, v, ds, vds, voice.at(vds.months_elapsed), when, segno, Cm, Pt)
    doc.add_paragraph(answer.source_line(ds, lang))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


#: The side-by-side table's column widths (cm) at their least: unit, a projection, a verdict,
#: a difference, the differences' unit, the ◆ column; widened to fill the 26.5 cm between the
#: margins, the indicator's column 5.5 cm (less with four scenarios).
SIDE_WIDTHS_CM = {"unit": 1.2, "value": 1.7, "verdict": 1.7, "diff": 1.6, "dunit": 1.9, "mark": 1.5}
#: The side-by-side table's cell padding left and right (twentieths of a point: 0.08 cm), so
#: that four scenarios' columns hold their words whole.
SIDE_PADDING_DXA = 45


def _side_widths(n: int) -> list[float]:
    """The widths (cm) of the side-by-side table of ``n`` scenarios."""
    w = SIDE_WIDTHS_CM
    rest = w["unit"] + n * (w["value"] + w["verdict"]) + (n - 1) * w["diff"] + w["dunit"]
    rest += w["mark"]
    f = max(1.0, (26.5 - 5.5) / rest)
    widths = [26.5 - rest * f, w["unit"] * f] + [w["value"] * f, w["verdict"] * f] * n
    return widths + [w["diff"] * f] * (n - 1) + [w["dunit"] * f, w["mark"] * f]


def _docx_side_by_side(
    doc: Any, views: Sequence[ScenarioView], voice: Voice, Cm: Any, Pt: Any
) -> None:  # noqa: N803
    """The comparison as one table with a grid: indicator, unit, each scenario's projected
    full year and verdict (separate cells), each later scenario's difference from the first,
    the differences' unit and ◆ where the verdict changes; numbers right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    n = len(views)
    widths = _side_widths(n)
    numeric = {2 + 2 * k for k in range(n)} | {2 + 2 * n + k for k in range(n - 1)}
    table = doc.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, side_header(views, voice), strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in side_rows(views, voice):
        for k, (cell, text) in enumerate(zip(table.add_row().cells, side_cells(row), strict=True)):
            cell.text = text
            if k in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _docx_widths(table, tuple(Cm(x) for x in widths))
    _cell_padding(table, SIDE_PADDING_DXA)
    size = Pt(8.5 if n <= 2 else 8)
    for tr in table.rows:
        for cell in tr.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = size


def _cell_padding(table: Any, dxa: int) -> None:
    """The left and right padding of every cell of ``table`` (the table's default margins)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(dxa))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    table._tbl.tblPr.append(margins)


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
    voice: Voice,
    when: datetime,
    segno: Any,
    Cm: Any,
    Pt: Any,
) -> None:  # noqa: N803, PLR0913
    """One scenario's part of the DOCX: heading, definition, link and QR, briefing list,
    answer table (``voice``: the words of the scenario's own data)."""
    doc.add_heading(v.name, level=1)
    defs = doc.add_table(rows=0, cols=2)
    defs.style = "Table Grid"
    for label, text in definition(v, ds, voice, now=when):
        if label == voice.t("def_changed"):
            text = "\n".join(changed_inputs(v, ds, voice)) or voice.t("def_none")
        cells = defs.add_row().cells
        cells[0].text, cells[1].text = label, text
    _docx_widths(defs, (Cm(4.5), Cm(22.0)))
    if absolute(v.link):  # a relative link gets no QR code (the note above says why)
        qr = segno.make_qr(v.link, error="m")
        png = io.BytesIO()
        qr.save(png, kind="png", scale=4, border=4)
        png.seek(0)
        doc.add_picture(png, width=Cm(3.5))
    thresholds = v.results.pace_thresholds
    doc.add_heading(voice.t("docx_briefing"), level=2)
    for item in briefing_items(v.results, voice, scenario_name=v.name, pace_thresholds=thresholds):
        doc.add_paragraph(item, style="List Bullet")
    cols = answer.ANSWER_COLUMNS
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    table.autofit = False
    for cell, c in zip(table.rows[0].cells, cols, strict=True):
        cell.text = voice.t(c)
    for row in answer.rows(v.results.results, voice, thresholds):
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
