"""The floor of a master–detail page (``bench/floor_table_app.py``) with 24 plain lines more in
its fragment: 33 frames per keypress, as many as a topic page's fragment sends, each with
the least the framework can send (one line of text). What a keypress costs for the number of
frames alone, whatever the elements are."""

import streamlit as st

from model.data import load_dataset
from model.projection import pace_thresholds, project
from model.typedefs import Scenario
from report import answer

LINES = 24


@st.cache_resource
def _data():
    ds = load_dataset()
    return ds, pace_thresholds(ds)


@st.fragment
def body() -> None:
    ds, thresholds = _data()
    x = st.session_state.get("x", 8.5)
    results = [
        r for r in project(ds, Scenario(h2={"gdp": x})).results if ds.get(r.id).group == "economy"
    ]
    st.html(answer.table_html(results, "zh", thresholds, focus="gdp"), width="stretch")
    st.segmented_control("focus", [r.id for r in results], default="gdp", key="focus")
    x = st.slider("x", 0.0, 20.0, 8.5, 0.1, key="x")
    st.metric("value", f"{x:.1f}")
    for i in range(LINES):
        st.markdown(f"line {i}: {x:.1f}")


body()
