"""The styles every full run sends are compacted (ui.style.compact): only comments and spaces
CSS does not need are taken out; selectors, values and strings stay as written."""

from __future__ import annotations

import re

from ui import style


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def test_only_comments_and_spaces_are_taken_out():
    for css in (style._BASE, style._MEETING):
        sent = style.compact(css)
        assert re.sub(r"\s", "", sent) == re.sub(r"\s", "", _without_comments(css))
        assert "/*" not in sent and "\n" not in sent
    assert len(style._BASE_SENT.encode()) < 0.8 * len(style._BASE.encode())


def test_descendant_selectors_strings_and_values_keep_their_spaces():
    sent = style._BASE_SENT
    assert '.answer-table td::before{content: attr(data-label) "\\ff1a";opacity: 0.7;}' in sent
    assert '.answer-table[lang="en"] td::before{content: attr(data-label) ": ";}' in sent
    assert ".st-key-live_sync{display: none !important;}" in sent
    assert '.st-key-topic_body>[class*="st-key-focus-"]{order: -1;}' in sent
    assert (
        '.st-key-topic_body>[data-testid="stLayoutWrapper"],'
        '.st-key-topic_body>[data-testid="stLayoutWrapper"]>[data-testid="stVerticalBlock"]'
        "{display: contents;}"
    ) in sent
    assert ".answer-table tr>:first-child{border-left: 4px solid transparent;}" in sent
    assert "@media print{@page{size: A4 landscape;margin: 10mm;}" in sent
    assert style._MEETING_SENT.startswith("<style>html{font-size: 19px;}")
