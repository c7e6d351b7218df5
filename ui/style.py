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
/* the answer table (overview and topic pages): one HTML table, wrapping (never cut), verdict
   colours; below 640 px one card per row */
.answer-table { border-collapse: collapse; width: 100%; font-size: 0.875rem; line-height: 1.35; }
.answer-table caption { caption-side: top; text-align: left; font-size: 0.8rem; opacity: 0.75;
  padding-bottom: 0.3rem; }
.answer-table th, .answer-table td { padding: 0.3rem 0.4rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid rgba(128, 128, 128, 0.25); word-break: keep-all; overflow-wrap: normal; }
.answer-table th[scope="row"] { font-weight: 600; word-break: normal; min-width: 7em; }
.answer-table thead th { font-weight: 600; background: rgba(128, 128, 128, 0.1); }
.answer-table[lang="en"] thead th, .answer-table.meeting thead th { word-break: normal; }
/* large type: Chinese words may wrap between characters (figures never split) so the table fits */
.answer-table.meeting td { word-break: normal; }
.answer-table thead th[title] { text-decoration: underline dotted; cursor: help; }
.answer-table tr.group th { background: rgba(128, 128, 128, 0.06); font-size: 0.85em; }
.answer-table tr.focus > * { background: rgba(255, 196, 0, 0.12); }
.answer-table .verdict { display: inline-block; padding: 0 0.35em; border-radius: 0.3em;
  font-weight: 600; white-space: nowrap; }
.answer-table tr > :first-child { border-left: 4px solid transparent; }
.v-miss .verdict { background: #fde0de; color: #a3130d; }
.v-exact .verdict { background: #ffefc2; color: #7a4d00; }
.v-reach .verdict { background: #dcf3e1; color: #11652c; }
.v-done .verdict { background: #c9ecd2; color: #0b4d21; }
.v-insufficient_data .verdict, .v-no_target .verdict { background: #e8e8ea; color: #4a4a52; }
.answer-table tr.v-miss > :first-child { border-left-color: #d7261e; }
.answer-table tr.v-exact > :first-child { border-left-color: #e0a000; }
.answer-table tr.v-reach > :first-child, .answer-table tr.v-done > :first-child { border-left-color: #2e9e4f; }
.answer-table tr.v-insufficient_data > :first-child, .answer-table tr.v-no_target > :first-child {
  border-left-color: #9a9aa2; }
.answer-table a { color: inherit; text-decoration: underline; text-decoration-thickness: 1px; }
@media (max-width: 640px) {
  .answer-table thead { display: none; }
  .answer-table caption { display: block; width: auto; }
  .answer-table, .answer-table tbody, .answer-table tr, .answer-table td, .answer-table th {
    display: block; width: auto; }
  .answer-table tbody tr { border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem;
    margin: 0.5rem 0; padding: 0.35rem 0.6rem; }
  .answer-table tbody tr.group { border: none; padding: 0.2rem 0; }
  .answer-table th, .answer-table td { border-bottom: none; padding: 0.1rem 0; word-break: normal;
    overflow-wrap: anywhere; }
  .answer-table td::before { content: attr(data-label) "\\ff1a"; opacity: 0.7; } /* U+FF1A, the full-width colon */
  .answer-table[lang="en"] td::before { content: attr(data-label) ": "; }
}
.st-key-compare_cards { display: none !important; }
@media (max-width: 640px) {
  .st-key-compare_cards { display: flex !important; }
}
/* the copy button of a link or text box is always shown, not only on hover (a projector
   and a phone have no hover) */
[data-testid="stCode"] > div, [data-testid="stCode"] > div * {
  visibility: visible !important; opacity: 1 !important;
}
/* a panel's progress bar (report.answer.progress_html): year-to-date + rest of the year, the
   target as a red mark */
.progress-bar { margin: 0.25rem 0 0.5rem; font-size: 0.875rem; }
.progress-bar .pb-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin-bottom: 0.3rem; }
.progress-bar .pb-item { display: inline-flex; align-items: center; gap: 0.35rem; white-space: nowrap; }
.progress-bar .pb-key { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; }
.progress-bar .pb-track { position: relative; display: flex; height: 1.6rem;
  background: rgba(128, 128, 128, 0.08); border-radius: 3px; }
.progress-bar .pb-seg { height: 100%; }
.progress-bar .pb-h1 { background: #1f4e79; }
.progress-bar .pb-h2 { background: #8fb3d9; }
.progress-bar .pb-target { position: absolute; top: -0.3rem; bottom: -0.3rem; width: 3px;
  margin-left: -1px; background: #c0392b; }
.progress-bar .pb-key.pb-target { position: static; width: 0.8rem; height: 3px; margin: 0; }
.print-only { display: none; }
/* the live part's hidden run mark (ui.inputs.sync_mark): neither it nor its wrapper's gap */
.st-key-live_sync_box, :has(> .st-key-live_sync_box) { display: none !important; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stExpander"], .st-key-compare_cards, [data-testid="stButtonGroup"], [data-testid="stDownloadButton"], [data-testid="stMultiSelect"],
  [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"] { display: none !important; }
  .print-only { display: block !important; }
  .answer-table { font-size: 8.5pt !important; }
  .answer-table th, .answer-table td { border: 1px solid #888; padding: 2px 4px; }
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
