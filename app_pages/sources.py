"""数据来源: every figure with its source phrase, every assumption with its default and reason."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.data import ROOT
from model.projection import assumption_value
from model.template import UPLOADED
from report import fmt
from report.i18n import t
from ui.lazy import on_demand
from ui.state import get_dataset, init_state, shipped_dataset, show_url_issues

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.title(t(lang, "sources_title"))
show_url_issues(ds)
st.write(
    t(
        lang,
        "sources_doc",
        title=ds.source_title if lang == "zh" else ds.source_title_en,
        file=ds.source_file,
        origin=ds.source_origin,
    )
)
if ds.data_id != shipped_dataset().data_id:
    st.info(t(lang, "sources_uploaded", id=ds.data_id, section=UPLOADED))


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return t(lang, "none_value")
    return fmt.pct(value) if unit == "%" else fmt.value(value, unit, lang)


# each figure under its origin: the uploaded table's figures apart from the speech's
speech_rows: list[dict[str, str]] = []
upload_rows: list[dict[str, str]] = []
figures = [(ind.name(lang), ind.unit, ind.figures) for ind in ds.indicators] + [
    (d.name_en if lang == "en" else d.name_zh, ds.get(d.parent).unit, d.figures) for d in ds.drivers
]
for label, ind_unit, figs in figures:
    for name, fig in figs.items():
        unit = "%" if name.endswith("_pct") else ind_unit
        uploaded = fig.uploaded
        (upload_rows if uploaded else speech_rows).append(
            {
                t(lang, "col_indicator"): label,
                t(lang, "col_field"): t(lang, f"field_{name}"),
                t(lang, "col_value"): shown(fig.value, unit),
                t(lang, "col_section"): fig.section,
                t(lang, "col_upload_quote" if uploaded else "col_quote"): fig.quote,
            }
        )
if upload_rows:
    st.subheader(t(lang, "sources_upload_figures"))
    name, file, date = ds.upload or (t(lang, "source_unnamed"), "—", "—")
    st.caption(t(lang, "sources_upload_of", label=name, file=file or "—", date=date or "—"))
    st.table(pd.DataFrame(upload_rows), hide_index=True, width="stretch")
if speech_rows:
    st.subheader(t(lang, "sources_figures"))
    st.table(pd.DataFrame(speech_rows), hide_index=True, width="stretch")

st.subheader(t(lang, "sources_assumptions"))
arows = []
for ind in ds.indicators:
    for param, a in ind.assumptions.items():
        current = assumption_value(ind, sc, param)
        arows.append(
            {
                t(lang, "col_indicator"): ind.name(lang),
                t(lang, "col_field"): t(lang, f"param_{param}"),
                t(lang, "col_default"): shown(a.default, a.unit),
                t(lang, "col_current"): shown(current, a.unit)
                + (f" ({t(lang, 'changed_tag')})" if (ind.id, param) in sc.assumptions else ""),
                t(lang, "col_reason"): a.reason_en if lang == "en" else a.reason_zh,
                t(lang, "col_source"): a.source or "—",
            }
        )
st.table(pd.DataFrame(arows), hide_index=True, width="stretch")

st.subheader(t(lang, "sources_derived"))
drows = [
    {
        t(lang, "col_indicator"): ind.name(lang),
        t(lang, "col_note"): ind.note_en if lang == "en" else ind.note_zh,
    }
    for ind in ds.indicators
    if ind.note_zh
]
st.table(pd.DataFrame(drows), hide_index=True, width="stretch")

# the speech's full text only while open (a lazy expander): a long text a first visitor
# does not need before the tables
if (full_text := on_demand(t(lang, "sources_fulltext"), key="sources_fulltext")) is not None:
    with full_text:
        st.text((ROOT / ds.source_file).read_text(encoding="utf-8"))
