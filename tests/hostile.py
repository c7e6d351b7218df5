"""User text that would be live Markdown if rendered as such: a link, an image and HTML
pointing at a beacon address, emphasis and LaTeX (tests/test_text_stays_text.py and its
browser check)."""

from __future__ import annotations

BEACON = "http://127.0.0.1:9"
LINK = f"[x]({BEACON}/a)"
IMAGE = f"![i]({BEACON}/i.png)"
HTML = f"<img src={BEACON}/h.png>"
LABEL = f"{LINK} **b** $x$"
FILE = f"{IMAGE}.csv"
QUOTE = f"{HTML} {LINK} www.example.com"
NAME = f"**b** {LINK} scenario"
NOTE = f"{IMAGE} $x$"
HEAD = "id,months_elapsed,period,ytd_value,ytd_growth_pct,target_value,source\n"
TABLE = f'fiscal_revenue,9,Q3,45,6,55.37,"{QUOTE}"\nnew_jobs,9,Q3,2000,,2600,"{QUOTE}"\n'
