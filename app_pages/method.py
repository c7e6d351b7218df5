"""方法与回测: the statistical baseline, its backtest against real figures, the series used,
the limits, and the upload of another history file (the parts: ui/method.py)."""

from __future__ import annotations

import streamlit as st

from ui import method
from ui.state import get_dataset, get_report, init_state, show_url_issues, t

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.title(t(lang, "nav_method"), anchor=False)
show_url_issues(ds)
st.markdown(t(lang, "method_intro", year=ds.year))
method.history_upload(ds, lang)  # the data in use stays until a valid file arrives

report = get_report(ds)
if report is None:  # get_report has shown the error; offer the way back, keep the rest intact
    st.page_link("app_pages/overview.py", label=t(lang, "back_to_overview"), icon="↩️")
    st.stop()

method.baselines(ds, report, lang)
method.rules(ds, report, lang)
method.fallback(ds, report, lang)
method.backtest(report, lang)
method.series_used(ds, report, lang)
