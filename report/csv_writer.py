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
from report import answer
from report.period_words import as_of
from report.records import ScenarioView, _now, definition
from report.voice import Voice, voice_of


def _headers(voice: Voice) -> list[str]:
    return [voice.t(c) for c in answer.COLUMNS]


def to_csv(
    views: Sequence[ScenarioView], ds: Dataset, lang: str = "zh", *, now: datetime | None = None
) -> bytes:
    """The overview's table of every scenario, one row per scenario × indicator, in UTF-8
    with a BOM (Excel then opens the Chinese correctly); each row carries its scenario's
    definition: preset, inputs differing from it, note, who saved it and when (a saved
    scenario; empty for a link), data id and period (each scenario's
    own data), the data's source line (the speech, or the uploaded table for its figures),
    its own link and the time the file was made."""
    voice = voice_of(lang).at(ds.months_elapsed)  # the labels follow the data's period
    when = _now(now)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(
        [
            voice.t("col_scenario"),
            *_headers(voice),
            voice.t("def_preset"),
            voice.t("def_changed"),
            voice.t("def_note"),
            voice.t("hand_saved_by"),
            voice.t("hand_saved_at"),
            voice.t("data_col_id"),
            voice.t("data_col_period"),
            voice.t("col_data_source"),
            voice.t("def_link"),
            voice.t("def_made"),
        ]
    )
    for v in views:
        vds = v.ds or ds
        d = dict(definition(v, ds, voice, now=when))
        rows = answer.rows(
            v.results.results, voice.at(vds.months_elapsed), v.results.pace_thresholds
        )
        period = as_of(vds.year, vds.months_elapsed, lang)
        source = answer.source_line(vds, lang)  # each figure's origin, as under the page
        for row in rows:
            w.writerow(
                [
                    csv_text(v.name),  # the user's text: escaped
                    *(row[c] for c in answer.COLUMNS),
                    d[voice.t("def_preset")],
                    d[voice.t("def_changed")],
                    csv_text(v.note or ""),
                    csv_text(d.get(voice.t("hand_saved_by"), "")),  # a saved scenario's author
                    d.get(voice.t("hand_saved_at"), ""),
                    vds.data_id,
                    period,
                    source,
                    v.link,
                    voice.date(when),
                ]
            )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
