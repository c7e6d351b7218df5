"""CSV export (UTF-8 with BOM): the overview's table of every scenario, the display strings of
:func:`report.answer.rows`, each row with its scenario's definition. Never imports streamlit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime

from model.cells import csv_text
from model.data import Dataset
from model.period import as_of
from model.projection import pace_thresholds
from report import answer
from report.i18n import period_words, set_months, t
from report.records import ScenarioView, _now, definition


def _headers(lang: str) -> list[str]:
    return [t(lang, c) for c in answer.COLUMNS]


def to_csv(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """The overview's table of every scenario, one row per scenario × indicator, in UTF-8
    with a BOM (Excel then opens the Chinese correctly); each row carries its scenario's
    definition: preset, inputs differing from it, note, data id and period (each scenario's
    own data), the data's source line (the speech, or the uploaded table for its figures),
    its own link and the time the file was made."""
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
            t(lang, "col_data_source"),
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
        source = answer.source_line(vds, lang)  # each figure's origin, as under the page
        for row in rows:
            w.writerow(
                [
                    csv_text(v.name),  # the user's text: escaped
                    *(row[c] for c in answer.COLUMNS),
                    d[t(lang, "def_preset")],
                    d[t(lang, "def_changed")],
                    csv_text(v.note or ""),
                    vds.data_id,
                    period,
                    source,
                    v.link,
                    when.strftime("%Y-%m-%d %H:%M"),
                ]
            )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
