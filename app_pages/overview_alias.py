"""``/overview``: an accepted address of the overview (the default page lives at ``/``); it
switches to the overview with the link's query string kept, so a typed or bookmarked
``/overview?…`` opens the same scenario without a "page not found" notice."""

from __future__ import annotations

import streamlit as st

st.switch_page(
    "app_pages/overview.py",
    query_params={k: st.query_params.get_all(k) for k in st.query_params},
)
