"""DOCX export (python-docx): title, date in Asia/Shanghai, each scenario's briefing and
table (the page's strings), the assumptions in use, the link and its QR code. Never imports
streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from model.data import Dataset
from model.projection import assumption_value, pace_thresholds
from report import answer, fmt
from report.briefing import briefing
from report.i18n import set_months, t
from report.records import TZ, ScenarioView


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
