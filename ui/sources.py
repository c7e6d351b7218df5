"""The sources page's tables (数据来源): every figure with its source phrase (the uploaded
table's figures apart from the speech's), every assumption with its default and reason, and
the derived indicators' notes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.data import Dataset
from model.projection import assumption_value
from model.scenario import Scenario
from report import bilingual, fmt
from report.answer import from_speech
from report.records import param_label
from ui.safe import md_rows, md_text
from ui.state import t, voice


def shown(value: float | None, unit: str, lang: str) -> str:
    """A figure as the tables show it (a percent, or a value with its unit)."""
    if value is None:
        return t(lang, "none_value")
    return fmt.pct(value) if unit == "%" else fmt.value(value, unit, lang)


def document(ds: Dataset, lang: str) -> str:
    """The sentence naming the source document."""
    return t(
        lang,
        "sources_doc",
        title=md_text(bilingual.pick(lang, ds.source_title, ds.source_title_en)),
        file=md_text(ds.source_file),
        origin=md_text(ds.source_origin),
    )


def figures(ds: Dataset, lang: str) -> None:
    """Each figure under its origin: the uploaded table's, then the speech's."""
    speech_rows: list[dict[str, str]] = []
    upload_rows: list[dict[str, str]] = []
    owners = [(bilingual.name(ind, lang), ind.unit, ind.figures) for ind in ds.indicators] + [
        (bilingual.name(d, lang), ds.get(d.parent).unit, d.figures) for d in ds.drivers
    ]
    for label, ind_unit, figs in owners:
        for name, fig in figs.items():
            unit = "%" if name.endswith("_pct") else ind_unit
            uploaded = fig.uploaded
            (upload_rows if uploaded else speech_rows).append(
                {
                    t(lang, "col_indicator"): label,
                    t(lang, "col_field"): t(lang, f"field_{name}"),
                    t(lang, "col_value"): shown(fig.value, unit, lang),
                    t(lang, "col_section"): fig.section,
                    t(lang, "col_upload_quote" if uploaded else "col_quote"): fig.quote,
                }
            )
    if upload_rows:
        st.subheader(t(lang, "sources_upload_figures"))
        name, file, date = ds.upload or (t(lang, "source_unnamed"), "—", "—")
        said = {"label": md_text(name), "file": md_text(file or "—"), "date": md_text(date or "—")}
        st.caption(t(lang, "sources_upload_of", **said))
        st.table(pd.DataFrame(md_rows(upload_rows)), hide_index=True, width="stretch")
    if speech_rows:
        st.subheader(t(lang, "sources_figures"))
        st.table(pd.DataFrame(md_rows(speech_rows)), hide_index=True, width="stretch")


def assumptions(ds: Dataset, sc: Scenario, lang: str) -> None:
    """Every assumption: its default, the value in use (marked when changed), reason, source."""
    speech = from_speech(ds)  # a year built wholly from a table never names the speech
    st.subheader(t(lang, "sources_assumptions" if speech else "sources_assumptions_table"))
    arows = []
    for ind in ds.indicators:
        for param, a in ind.assumptions.items():
            current = assumption_value(ind, sc, param)
            changed = (ind.id, param) in sc.assumptions
            arows.append(
                {
                    t(lang, "col_indicator"): bilingual.name(ind, lang),
                    t(lang, "col_field"): param_label(voice(lang), param, a, ds),
                    t(lang, "col_default"): shown(a.default, a.unit, lang),
                    t(lang, "col_current"): shown(current, a.unit, lang)
                    + (f" ({t(lang, 'changed_tag')})" if changed else ""),
                    t(lang, "col_reason"): bilingual.pick(lang, a.reason_zh, a.reason_en),
                    t(lang, "col_source"): a.source or "—",
                }
            )
    st.table(pd.DataFrame(md_rows(arows)), hide_index=True, width="stretch")


def derived(ds: Dataset, lang: str) -> None:
    """The notes of the indicators that are derived or assumed."""
    st.subheader(t(lang, "sources_derived"))
    drows = [
        {
            t(lang, "col_indicator"): bilingual.name(ind, lang),
            t(lang, "col_note"): bilingual.pick(lang, ind.note_zh, ind.note_en),
        }
        for ind in ds.indicators
        if ind.note_zh
    ]
    st.table(pd.DataFrame(md_rows(drows)), hide_index=True, width="stretch")
