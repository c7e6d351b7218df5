"""Entry point: page config, navigation and the shared sidebar. No model code here."""

from __future__ import annotations

import streamlit as st

from ui import sidebar
from ui.i18n import t
from ui.state import get_dataset, init_state

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang

st.set_page_config(
    page_title=t(lang, "app_title"),
    page_icon="📈",
    layout="wide",
    initial_sidebar_state="collapsed" if sc.meeting else "auto",
)

pages = [
    st.Page("pages/overview.py", title=t(lang, "nav_overview"), url_path="overview", default=True),
    st.Page("pages/sources.py", title=t(lang, "nav_sources"), url_path="sources"),
]
page = st.navigation(pages)
sidebar.draw(ds)
page.run()
