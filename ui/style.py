"""Static CSS (no user or link text ever goes in here)."""

from __future__ import annotations

import streamlit as st

_BASE = """
<style>
/* figures are never cut off: metric values wrap instead of ending in an ellipsis */
[data-testid="stMetricValue"] { overflow-wrap: anywhere; font-size: clamp(1.3rem, 2.1vw, 2.1rem); }
[data-testid="stMetricValue"] > div { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; }
[data-testid="stMetricLabel"] p { overflow-wrap: anywhere; }
[data-testid="stCode"] pre, [data-testid="stCode"] code { white-space: pre-wrap; overflow-wrap: anywhere; }
/* overview: a table on wide screens, one card per indicator on a phone */
.st-key-overview_cards, .st-key-compare_cards { display: none !important; }
@media (max-width: 640px) {
  .st-key-overview_wide { display: none !important; }
  .st-key-overview_cards, .st-key-compare_cards { display: flex !important; }
}
/* the copy button of a link or text box is always shown, not only on hover (a projector
   and a phone have no hover) */
[data-testid="stCode"] > div, [data-testid="stCode"] > div * {
  visibility: visible !important; opacity: 1 !important;
}
.print-only { display: none; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stExpander"], .st-key-overview_wide, .st-key-overview_cards,
  .st-key-compare_cards, [data-testid="stDownloadButton"], [data-testid="stMultiSelect"],
  [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"] { display: none !important; }
  .print-only { display: block !important; }
  .print-table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
  .print-table th, .print-table td { border: 1px solid #888; padding: 2px 4px; text-align: left; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  .print-foot { position: fixed; bottom: 0; left: 0; right: 0; margin: 0; font-size: 8pt;
    color: #444; background: #fff; overflow-wrap: anywhere; }
}
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
