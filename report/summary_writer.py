"""The overview on one A4 page (DOCX, landscape): the scenario's name and data, the headline,
the answer table of every indicator (misses first, the overview's order and strings), the
inputs that differ from its preset (with units) and its link — absolute with a QR code from
``PUBLIC_URL``, or the relative link with one line saying so. Sized so that an office suite
prints it on one page (tests/test_print.py). Never imports streamlit.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from model.data import Dataset
from report import answer
from report.comparison import absolute
from report.docx_writer import _docx_widths
from report.records import ScenarioView, _now, changed_inputs, preset_name
from report.voice import Voice, voice_of

#: Type sizes (pt) of the page: body, table (Chinese names are shorter than English ones: a
#: larger type still keeps each row on one line) and the small print.
BODY_PT, SMALL_PT = 10.0, 8.0
TABLE_PT = {"zh": 9.5, "en": 8.0}
#: The answer table's column widths (cm, 26.5 in all): an English name on one line.
SUMMARY_WIDTHS_CM = (6.9, 2.5, 4.0, 3.9, 3.2, 2.8, 3.2)
#: More changed inputs than this are listed in the small print (the page stays one page).
MANY_CHANGES = 8


def changed_text(v: ScenarioView, ds: Dataset, voice: Voice) -> tuple[str, str]:
    """The heading (naming the preset) and the list of the inputs that differ from it."""
    changed = changed_inputs(v, ds, voice)
    head = voice.t("sum_changed", preset=preset_name(v, ds, voice.lang))
    sep = "; " if voice.lang == "en" else "；"
    return head, (sep.join(changed) if changed else voice.t("def_none"))


def print_block(v: ScenarioView, ds: Dataset, lang: str | Voice) -> str:
    """The overview's A4 print below its table (HTML, shown only in print; the page's print
    styles keep the title, the headline and the table with it on one page): the inputs that
    differ from the preset, the data's period and id (and that the link is relative when it
    is), and the date and link in the page's footer."""
    voice = voice_of(lang)
    head, text = changed_text(v, ds, voice)
    foot = answer.print_footer(voice, v.link)
    return (
        '<div class="print-only print-summary"><p class="print-changed"><b>'
        f"{html.escape(head)}</b>{html.escape(voice.t('sum_colon'))}{html.escape(text)}<br>"
        f"{html.escape(answer.as_of_line(ds, voice.lang))}"
        + ("" if absolute(v.link) else f"<br>{html.escape(voice.t('hand_links_relative'))}")
        + "</p>"
        f'<p class="print-foot">{html.escape(foot)}</p></div>'
    )


def _tight(paragraph: Any, Pt: Any, size: float, *, bold: bool = False) -> Any:  # noqa: N803
    """A paragraph without space around it, its runs at ``size`` points."""
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(2)
    for run in paragraph.runs:
        run.font.size = Pt(size)
        run.font.bold = bold or run.font.bold
    return paragraph


def to_summary(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """The one-page summary of the first of ``views`` (the overview's scenario)."""
    v = views[0]
    vds = v.ds or ds
    voice = voice_of(lang).at(vds.months_elapsed)  # the words of the scenario's own data
    import segno
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.6)
    section.top_margin = section.bottom_margin = Cm(1.0)
    when = _now(now)
    _tight(doc.add_paragraph(voice.t("sum_title", name=v.name)), Pt, 13, bold=True)
    line = voice.t("docx_date", date=voice.date(when)) + " · " + answer.as_of_line(vds, lang)
    _tight(doc.add_paragraph(line), Pt, SMALL_PT)
    _tight(doc.add_paragraph(answer.headline(v.results.results, v.name, voice)), Pt, BODY_PT)
    _answer_table(doc, v, voice, Cm, Pt)
    _assumptions_and_link(doc, v, ds, voice, segno, Cm, Pt)
    _tight(doc.add_paragraph(answer.source_line(vds, lang)), Pt, SMALL_PT)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _answer_table(doc: Any, v: ScenarioView, voice: Any, Cm: Any, Pt: Any) -> None:  # noqa: N803
    """The overview's answer columns for every indicator, misses first, one line a row."""
    cols = answer.ANSWER_COLUMNS
    table = doc.add_table(rows=1, cols=len(cols))
    table.style = "Table Grid"
    for cell, c in zip(table.rows[0].cells, cols, strict=True):
        cell.text = voice.t(c)
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    results = answer.ordered(v.results.results)
    for row in answer.rows(results, voice, v.results.pace_thresholds):
        for cell, c in zip(table.add_row().cells, cols, strict=True):
            cell.text = row[c]
    _docx_widths(table, tuple(Cm(w) for w in SUMMARY_WIDTHS_CM))
    for tr in table.rows:
        for cell in tr.cells:
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    run.font.size = Pt(TABLE_PT.get(voice.lang, 8.5))


def _assumptions_and_link(
    doc: Any, v: ScenarioView, ds: Dataset, voice: Any, segno: Any, Cm: Any, Pt: Any
) -> None:  # noqa: N803, PLR0913
    """Below the table, side by side: the changed assumptions and the link (left), the QR
    code of an absolute link (right); a relative link is given with the line saying so."""
    box = doc.add_table(rows=1, cols=2)
    left, right = box.rows[0].cells
    changed = changed_inputs(v, ds, voice)
    head, text = changed_text(v, ds, voice)
    left.text = ""
    _tight(left.paragraphs[0], Pt, BODY_PT)
    left.paragraphs[0].add_run(head).bold = True
    _tight(left.add_paragraph(text), Pt, BODY_PT if len(changed) <= MANY_CHANGES else SMALL_PT)
    link = left.add_paragraph()
    link.add_run(voice.t("def_link") + voice.t("sum_colon")).bold = True
    link.add_run(v.link or "—")
    _tight(link, Pt, SMALL_PT)
    if v.link and not absolute(v.link):
        _tight(left.add_paragraph(voice.t("hand_links_relative")), Pt, SMALL_PT)
    if absolute(v.link):
        png = io.BytesIO()
        segno.make_qr(v.link, error="m").save(png, kind="png", scale=4, border=2)
        png.seek(0)
        right.paragraphs[0].add_run().add_picture(png, width=Cm(2.6))
    _docx_widths(box, (Cm(23.5), Cm(3.0)))
