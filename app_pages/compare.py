"""情景对比: 2–4 saved scenarios side by side (``/compare?s=NAME&s=NAME``), as selectable text
(a table on a screen, cards on a phone), a chart of the gaps, and the downloads (the parts:
ui/compare.py). Never stops early: the sidebar (drawn by app.py after the page) stays at every
step, also with none or one scenario chosen."""

from __future__ import annotations

import streamlit as st

from ui import compare
from ui.keys import COMPARE_DOWNLOADS
from ui.saved import downloads
from ui.state import get_dataset, init_state, public_url, show_url_issues, t

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang
st.title(t(lang, "nav_compare"), anchor=False)
show_url_issues(ds)
st.caption(t(lang, "compare_intro"))

saved = compare.saved_scenarios()
compare.choose(ds, sc, saved)
views = compare.views(ds, saved, lang)  # each on its own data; a missing name is said
if len(views) < 2:
    st.info(t(lang, "compare_need_two"))  # no st.stop(): it would take the sidebar with it
else:
    compare.definitions(ds, views, lang)
    if public_url() is None:  # the links above are relative: said, and no QR code is made
        st.caption(t(lang, "hand_links_relative"))
    compare.table(ds, views, compare.records(ds, views, lang), lang)
    compare.gap_chart(views, lang)
    downloads(ds, views, key=COMPARE_DOWNLOADS)  # each scenario with its own link and data
