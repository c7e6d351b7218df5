"""数据来源: every figure with its source phrase, every assumption with its default and reason
(the tables: ui/sources.py)."""

from __future__ import annotations

import streamlit as st

from model.data import ROOT
from model.template import UPLOADED
from report.answer import from_speech
from ui import sources
from ui.keys import SOURCES_FULLTEXT
from ui.lazy import on_demand
from ui.state import get_dataset, init_state, shipped_dataset, show_url_issues, t

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.title(t(lang, "sources_title"))
show_url_issues(ds)
speech = from_speech(ds)  # a year built wholly from a table never names the speech
if speech:
    st.write(sources.document(ds, lang))
if ds.data_id != shipped_dataset().data_id:
    key = "sources_uploaded" if speech else "sources_uploaded_all"
    st.info(t(lang, key, id=ds.data_id, section=UPLOADED))

sources.figures(ds, lang)
sources.assumptions(ds, sc, lang)
sources.derived(ds, lang)

# the speech's full text only while open (a lazy expander): a long text a first visitor
# does not need before the tables
if (
    speech
    and (full_text := on_demand(t(lang, "sources_fulltext"), key=SOURCES_FULLTEXT)) is not None
):
    with full_text:
        st.text((ROOT / ds.source_file).read_text(encoding="utf-8"))
