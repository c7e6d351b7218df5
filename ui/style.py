"""Static CSS (no user or link text ever goes in here)."""

from __future__ import annotations

import streamlit as st

_BASE = """
<style>
/* keep long numbers and Chinese labels inside narrow screens */
[data-testid="stMetricValue"] { overflow-wrap: anywhere; }
[data-testid="stMetricLabel"] p { overflow-wrap: anywhere; }
[data-testid="stCode"] pre, [data-testid="stCode"] code { white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
"""

_MEETING = """
<style>
html { font-size: 19px; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stSidebar"] { display: none; }
[data-testid="stExpander"], [data-testid="stCaptionContainer"] { display: none; }
</style>
"""


def base() -> None:
    """Styles for every page."""
    st.html(_BASE)


def meeting_mode() -> None:
    """Meeting mode: large figures, sidebar hidden, secondary detail hidden."""
    st.html(_MEETING)
