"""Static CSS and one static script (no user or link text ever goes in here)."""

from __future__ import annotations

import json
import re

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
/* a wide screen (a room's 1920×1080 projector) reads the table in 16 px: every column still fits */
@media (min-width: 1600px) { .answer-table { font-size: 1rem; } }
.answer-table caption { caption-side: top; text-align: left; font-size: 0.8rem; opacity: 0.75;
  padding-bottom: 0.3rem; }
.answer-table th, .answer-table td { padding: 0.3rem 0.4rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid rgba(128, 128, 128, 0.25); word-break: keep-all; overflow-wrap: normal; }
.answer-table th[scope="row"] { font-weight: 600; word-break: normal; min-width: 7em; }
.answer-table thead th { font-weight: 600; background: rgba(128, 128, 128, 0.1); }
.answer-table[lang="en"] thead th { word-break: normal; }
/* meeting mode (a projector, 1400×900): 20 px type in compact rows, so the overview's rows fit
   in one and a half screens; headers on one line; a Chinese name wraps only past 10
   characters, a level with its growth between the two, every other cell on one line */
@media (min-width: 641px) {
  .answer-table.meeting { line-height: 1.25; }
  .answer-table.meeting th, .answer-table.meeting td { padding: 0.12rem 0.22rem; }
  .answer-table.meeting[lang="zh"] thead th, .answer-table.meeting[lang="zh"] td { white-space: nowrap; }
  .answer-table.meeting[lang="zh"] th[scope="row"] { min-width: 10em; }
  .answer-table.meeting[lang="zh"] td.c-projected, .answer-table.meeting[lang="zh"] td.c-h1,
  .answer-table.meeting[lang="zh"] td.c-target { white-space: normal; }
  .answer-table.meeting .nw { white-space: nowrap; }
  .answer-table .derived { font-size: 0.8em; word-break: normal; }
  /* a projector shows a derived target as its figure with its mark (the words in the tooltip and the panel) */
  .answer-table.meeting .derived { display: none; }
  .answer-table.meeting[lang="en"] td { word-break: normal; }
  /* English words are longer: a figure, a gap or a pace in words stays on one line, in 18 px
     type (set by the table itself) and tighter lines, so that the 22 rows and all 11 columns
     fit in 1350 px as they do in Chinese (1,607 px before) */
  .answer-table.meeting[lang="en"] { line-height: 1.15; }
  .answer-table.meeting[lang="en"] th, .answer-table.meeting[lang="en"] td {
    padding-top: 0.06rem; padding-bottom: 0.06rem; }
  .answer-table.meeting[lang="en"] td:not(.c-projected):not(.c-h1) { white-space: nowrap; }
  .answer-table.meeting tr.group th { padding: 0.05rem 0.22rem; font-size: 0.8em; }
}
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
/* a topic page: the fragment's table and panel (ui.panels._topic_body) and the focus choice,
   which the page's full run draws outside the fragment, are one column: a link's rejected
   values, the table, the choice, the panel */
.st-key-topic_body > [data-testid="stLayoutWrapper"],
.st-key-topic_body > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"] {
  display: contents; }
.st-key-topic_body > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]
  > [data-testid="stElementContainer"]:has(> [data-testid="stAlert"]) { order: -3; }
.st-key-topic_body > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]
  > [data-testid="stElementContainer"]:has(.answer-table) { order: -2; }
.st-key-topic_body > [class*="st-key-focus-"] { order: -1; }
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
  /* a card shows its figures two to a line: the overview is about half as long */
  .answer-table tbody td { display: inline-block; width: 50%; box-sizing: border-box;
    vertical-align: top; padding-right: 0.4rem; }
  .answer-table tbody td::before { font-size: 0.8em; }
  .answer-table tbody tr { margin: 0.35rem 0; padding: 0.25rem 0.5rem; }
  /* a topic page on a phone: the focused panel first, then the choice, then the cards (a
     link's rejected values stay first, where the reader sees them) */
  .st-key-topic_body > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]
    > [data-testid="stElementContainer"]:has(.answer-table) { order: 0; }
  .st-key-topic_body > [data-testid="stLayoutWrapper"] > [data-testid="stVerticalBlock"]
    > [data-testid="stLayoutWrapper"]:has(> [class*="st-key-panel_"]) { order: -2; }
  /* a panel's slider gets the phone's whole width, its number box the line below */
  [class*="st-key-h2row_"] { flex-wrap: wrap; }
  [class*="st-key-h2row_"] > [data-testid="stElementContainer"]:has([data-testid="stSlider"]) {
    flex: 1 1 100% !important; width: 100% !important; }
}
/* a panel (or a link's warning above it) scrolled into view stops below the page's header */
[class*="st-key-panel_"], .st-key-topic_body [data-testid="stElementContainer"]:has(> [data-testid="stAlert"]) {
  scroll-margin-top: 4.5rem; }
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
/* the live part's hidden run mark (ui.inputs.sync_mark): one element, no gap of its own */
.st-key-live_sync { display: none !important; }
/* the script that says a switched language to the document (document_language) takes no room */
[data-testid="stElementContainer"]:has(.doc-lang) { display: none !important; }
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
  /* the overview (it carries .print-summary) on one page: the title, the headline, the table
     and the changed assumptions; the briefing, captions and charts stay on the screen */
  body:has(.print-summary) [data-testid="stMain"] [data-testid="stVerticalBlock"]
    > :not(:has(h1, .answer-table, .print-summary, [data-testid="stAlert"])) {
    display: none !important; }
  body:has(.print-summary) [data-testid="stMainBlockContainer"] { padding: 0 !important; }
  body:has(.print-summary) [data-testid="stVerticalBlock"] { gap: 0.3rem !important; }
  body:has(.print-summary) h1 { font-size: 16pt !important; padding: 0 0 2pt 0 !important; }
  body:has(.print-summary) [data-testid="stAlert"] * { font-size: 9pt !important;
    padding-top: 0 !important; padding-bottom: 0 !important; }
  body:has(.print-summary) .answer-table th, body:has(.print-summary) .answer-table td {
    padding: 1px 3px; line-height: 1.2; }
  .print-changed { font-size: 8.5pt; margin: 4pt 0 16pt 0; }
}
</style>
"""

_MEETING = """
<style>
html { font-size: 19px; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stSidebar"] { display: none; }
[data-testid="stExpander"], [data-testid="stCaptionContainer"] { display: none; }
/* the screen's width and height for the figures: narrow margins, a smaller title, hidden
   captions take no gap; the data-age line (ui.sidebar.as_of) stays */
[data-testid="stMainBlockContainer"] { padding: 4rem 1rem 3rem !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.5rem; }
[data-testid="stHeading"] h1 { font-size: 2rem; padding: 0.2rem 0; }
[data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]):not(.st-key-as_of *):not(.st-key-preset_kept *) {
  display: none; }
.st-key-as_of [data-testid="stCaptionContainer"], .st-key-preset_kept [data-testid="stCaptionContainer"] {
  display: block; }
</style>
"""


def compact(css: str) -> str:
    """``css`` without its comments and the spaces CSS does not need: every full run sends
    the styles again (the base styles 8.6 → 6.6 KB; bench/RESULTS.md). Only for this
    module's static styles, which hold no string with a brace, semicolon, comma or ``>``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};,>])\s*", r"\1", css).strip()


_BASE_SENT = compact(_BASE)
_MEETING_SENT = compact(_MEETING)


def base() -> None:
    """Styles for every page."""
    st.html(_BASE_SENT)


def meeting_mode() -> None:
    """Meeting mode: large figures, sidebar hidden, secondary detail hidden."""
    st.html(_MEETING_SENT)


_SCROLL = """<script>
(() => {
  const box = document.querySelector.bind(document), cls = %s, seen = location.pathname + cls;
  if (window.focusShown === seen) return;
  /* a page just loaded (a link, a row click), not one the reader has since clicked or
     tapped in (a choice in the focus selector of a page opened without a focus) */
  const fresh = window.focusShown === undefined
    && !(navigator.userActivation && navigator.userActivation.hasBeenActive);
  let tries = 0, left = 30, moved = false, mine = null;
  const main = () => box('[data-testid="stMain"]');
  const stop = () => { moved = true; };
  for (const ev of ["wheel", "touchstart", "keydown", "mousedown"])
    window.addEventListener(ev, stop, {once: true, capture: true});
  /* a link's rejected values, said above the panel (just above it on a phone, above the
     table on a wide screen), come first: the reader sees why a value was reset */
  const target = (el) => {
    const said = [...document.querySelectorAll('.st-key-topic_body [data-testid="stAlert"]')]
      .find(a => !el.contains(a));
    if (!said) return el;
    const a = said.closest('[data-testid="stElementContainer"]') || said;
    return el.getBoundingClientRect().top > a.getBoundingClientRect().top ? a : el;
  };
  const place = (panel) => {
    const el = target(panel), top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight * 0.3) el.scrollIntoView({block: "start"});
    mine = main() ? main().scrollTop : null;
  };
  /* the reader scrolled: on a page just loaded, before this script ran (it is no longer at
     its top), or since the script last placed the panel (the position is not the one it set) */
  const theirs = () => main() && (mine === null ? fresh && main().scrollTop > 0
                                                 : Math.abs(main().scrollTop - mine) > 2);
  const go = () => {
    const el = box("." + cls);
    if (!el) { if (++tries < 100) setTimeout(go, 100); return; }
    window.focusShown = seen;
    if (theirs()) return;
    place(el);
    /* what is drawn above the panel after it (fonts, the table) can push it down again:
       keep it in view for three seconds unless the reader scrolls or types */
    const hold = setInterval(() => {
      const now = box("." + cls);
      if (moved || theirs() || !now || --left <= 0) { clearInterval(hold); return; }
      place(now);
    }, 100);
  };
  go();
})();
</script>"""


def scroll_into_view(key: str) -> None:
    """Scroll the container of widget key ``key`` into view once per page and key, unless
    its top is already in the upper third of the window (a row click on the overview lands
    on the topic page with the focused panel in view), and keep it there while the page
    settles; a reader's own scrolling, even before the script runs, is never undone.
    ``key`` is a key of :mod:`ui.keys` (letters, digits, ``_``, ``-``)."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError(key)
    st.html(_SCROLL % json.dumps(f"st-key-{key}"), unsafe_allow_javascript=True)


#: The language tag the page's document has, as this session last set it (the first run: the
#: one the server's HTML head said, ``ui.html_head``, from the same link).
DOC_LANG = "_doc_lang"


def document_language(code: str) -> None:
    """Keep ``<html lang>`` the page's language: the server's head says the link's; a switch
    in the sidebar changes the language without a reload, and this run then says the new one
    (``code``, the catalogue's ``html_lang``) with a one-line script. Nothing is drawn on a run
    whose language the document already has."""
    said = st.session_state.setdefault(DOC_LANG, code)
    if said == code:
        return
    st.session_state[DOC_LANG] = code
    st.html(
        f'<i class="doc-lang"></i><script>document.documentElement.lang = {json.dumps(code)};'
        "</script>",
        unsafe_allow_javascript=True,
    )
