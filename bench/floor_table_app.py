"""The floor of a master–detail page: the floor app's slider and figure plus what issue 18
asks to update in the same keypress — the topic's answer table (the real HTML element of
``report.answer.table_html``, its row following the slider) and the focus selector — in one
fragment, with no sidebar, panel or chart. What the real topic page cannot go below."""

from bench.master_detail import page

page()
