"""CSV export (UTF-8 with BOM): the overview's table of every scenario, the display strings of
:func:`report.answer.rows`. Never imports streamlit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from model.data import Dataset
from model.projection import pace_thresholds
from report import answer
from report.i18n import set_months, t
from report.records import ScenarioView


def _headers(lang: str) -> list[str]:
    return [t(lang, c) for c in answer.COLUMNS]


def to_csv(views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh") -> bytes:
    """The overview's table of every scenario, one row per scenario × indicator, in UTF-8
    with a BOM (Excel then opens the Chinese correctly)."""
    set_months(ds.months_elapsed)  # the labels follow the data's period
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([t(lang, "col_scenario"), *_headers(lang), t(lang, "data_col_id")])
    thresholds = pace_thresholds(ds)
    for v in views:
        for row in answer.rows(v.results.results, lang, thresholds):
            w.writerow([v.name, *(row[c] for c in answer.COLUMNS), ds.data_id])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
