"""The shared sidebar: language, scenario preset, meeting mode, reset, share link."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from model.data import Dataset
from model.scenario import LANGS
from ui.i18n import t
from ui.state import LANG_WIDGET, on_change, scenario, seed_widget, share_url


def draw(ds: Dataset) -> None:
    """Draw the sidebar for the current scenario."""
    sc = scenario()
    lang = sc.lang
    with st.sidebar:
        seed_widget(LANG_WIDGET, sc.lang)
        st.radio(
            t(lang, "sidebar_lang"),
            options=list(LANGS),
            format_func=lambda code: "中文" if code == "zh" else "English",
            key=LANG_WIDGET,
            horizontal=True,
            on_change=on_change(ds, lambda s: replace(s, lang=st.session_state[LANG_WIDGET])),
        )
        st.subheader(t(lang, "sidebar_share"))
        st.caption(t(lang, "share_hint"))
        st.code(share_url(ds), language=None, wrap_lines=True)
