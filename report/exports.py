"""File exports of one or more scenarios: CSV (UTF-8 with BOM), XLSX (openpyxl), DOCX
(python-docx), one module each (:mod:`report.csv_writer`, :mod:`report.xlsx_writer`,
:mod:`report.docx_writer`) over the record builder (:mod:`report.records`). Used by the pages'
download buttons and by ``python -m model export``. A new format: a module ``to_<kind>(views,
ds, lang) -> bytes`` and a line in :data:`FORMATS` and :data:`MIME`.

Every file holds the page's figures: CSV and DOCX carry the display strings of
:func:`report.answer.rows` (the overview's table, e.g. "55.69亿元（+6.6%）"); XLSX stores the
full-precision numbers with number formats that show them as the page does. Files follow the
language asked for. Never imports streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from model.data import Dataset
from report.csv_writer import to_csv
from report.docx_writer import to_docx
from report.records import (
    TZ,
    ScenarioView,
    changed_inputs,
    compare_records,
    definition,
    own_data,
    query_data_id,
    scenario_link,
    view,
    without_data,
)
from report.summary_writer import to_summary
from report.xlsx_writer import to_xlsx

__all__ = ["FORMATS", "MIME", "TZ", "ScenarioView", "compare_records", "export", "to_csv"]
__all__ += ["to_docx", "to_xlsx", "view", "changed_inputs", "definition", "own_data"]
__all__ += ["query_data_id", "scenario_link", "without_data", "to_summary"]

#: ``summary``: the overview of the first scenario on one A4 page (DOCX).
FORMATS = {"csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "summary": to_summary}
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MIME["summary"] = MIME["docx"]


def export(
    views: Sequence[ScenarioView],
    ds: Dataset,
    kind: str,
    lang: str = "zh",
    *,
    now: datetime | None = None,
) -> bytes:
    """The file of ``views`` in format ``kind`` (csv, xlsx, docx or summary: the first
    scenario's one-page DOCX); ``ValueError`` otherwise.
    ``now``: the time the document is made (default: now, Asia/Shanghai)."""
    if kind not in FORMATS:
        raise ValueError(f"format: '{kind}' is not one of {', '.join(FORMATS)}")
    return FORMATS[kind](views, ds, lang, now=now)
