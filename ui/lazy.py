"""Content drawn on demand: an expander whose content runs only while it is open."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def on_demand(label: str, *, key: str, icon: str | None = None) -> DeltaGenerator | None:
    """A lazy expander (Streamlit's ``on_change="rerun"``): its container while it is open,
    else None. The caller draws the content only then, so nothing of it is sent — nor the
    scripts its elements need loaded — until a person opens it (bench/RESULTS.md, Round 6);
    the open state lives in ``st.session_state[key]``."""
    box = st.expander(label, key=key, on_change="rerun", icon=icon)
    return box if box.open else None
