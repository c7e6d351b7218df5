"""年终复盘 (``/review``): the year's outcome (its most recently stored year-end table,
period FY) beside what the model baseline and each saved scenario projected (the parts:
ui/review.py)."""

from __future__ import annotations

import streamlit as st

from ui import review
from ui.state import get_dataset, init_state, show_url_issues, t

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang
year = review.choose_year(ds, lang)
st.title(t(lang, "review_title", year=year), anchor=False)
show_url_issues(ds)
review.show(year, lang)
