"""The floor of a master–detail page, shared by ``bench/floor_table_app.py`` and
``bench/floor_lines_app.py``: the floor app's slider and figure plus the topic's answer table
(the real HTML element of ``report.answer.table_html``, its row following the slider) and the
focus selector, in one fragment, with no sidebar, panel or chart; ``lines`` lines of plain
text more in the fragment."""

import streamlit as st

from model.data import load_dataset
from model.projection import pace_thresholds, project
from model.typedefs import Scenario
from report import answer


@st.cache_resource
def _data():
    ds = load_dataset()
    return ds, pace_thresholds(ds)


def page(*, lines: int = 0) -> None:
    """Draw the page: one fragment with the table, the selector, the slider, the figure and
    ``lines`` lines of text."""

    @st.fragment
    def body() -> None:
        ds, thresholds = _data()
        x = st.session_state.get("x", 8.5)
        results = [
            r
            for r in project(ds, Scenario(h2={"gdp": x})).results
            if ds.get(r.id).group == "economy"
        ]
        st.html(answer.table_html(results, "zh", thresholds, focus="gdp"), width="stretch")
        st.segmented_control("focus", [r.id for r in results], default="gdp", key="focus")
        x = st.slider("x", 0.0, 20.0, 8.5, 0.1, key="x")
        st.metric("value", f"{x:.1f}")
        for i in range(lines):
            st.markdown(f"line {i}: {x:.1f}")

    body()
