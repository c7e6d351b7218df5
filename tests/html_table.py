"""Read the app's answer table (one HTML element, see ``ui.answer.table_html``) back as a
DataFrame of its display strings, the way a reader sees it: header texts as columns, one row
per indicator (the verdict group headings are not rows), with the row's indicator id and
verdict colour key."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd

#: The answer table's first seven headers in Chinese (the answer first): the page's table and
#: the one-page summary's.
ANSWER_HEAD_ZH = [
    "指标",
    "本情景结果",
    "全年预计",
    "全年目标",
    "与目标差距",
    "下半年须",
    "所需节奏",
]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._attrs: dict[str, str] = {}
        self._head = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "answer-table" in a.get("class", ""):
            self.tables.append(
                {"heads": [], "rows": [], "class": a["class"], "lang": a.get("lang")}
            )
        elif not self.tables:
            return
        elif tag == "thead":
            self._head = True
        elif tag == "tbody":
            self._head = False
        elif tag == "tr":
            self._row, self._attrs = [], a
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and self._cell is not None:
            self._attrs.setdefault("href", a.get("href", ""))

    def handle_endtag(self, tag):
        if not self.tables:
            return
        table = self.tables[-1]
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._head:
                table["heads"] = self._row
            elif "group" not in self._attrs.get("class", "").split():
                table["rows"].append((self._row, dict(self._attrs)))
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def answer_tables(at) -> list[pd.DataFrame]:
    """Every answer table of an AppTest page, as DataFrames. ``df.attrs`` holds the ids,
    verdict keys, links and the table's classes."""
    out = []
    for el in at.get("html"):
        body = getattr(el.proto, "body", "")
        if "answer-table" not in body:
            continue
        r = _Reader()
        r.feed(body)
        for tb in r.tables:
            df = pd.DataFrame([cells for cells, _ in tb["rows"]], columns=tb["heads"])
            df.attrs["ids"] = [a.get("data-id") for _, a in tb["rows"]]
            df.attrs["verdicts"] = [
                next(c[2:] for c in a["class"].split() if c.startswith("v-")) for _, a in tb["rows"]
            ]
            df.attrs["focus"] = [a.get("data-id") for _, a in tb["rows"] if "focus" in a["class"]]
            df.attrs["links"] = [a.get("href") for _, a in tb["rows"]]
            df.attrs["class"] = tb["class"]
            out.append(df)
    return out


def focus_on(at, iid: str):
    """Choose indicator ``iid`` in the topic page's focus selector (what a click does), run,
    and return the AppTest."""
    selectors = [b for b in at.button_group if (b.key or "").startswith("focus.")]
    assert selectors, "no focus selector on this page"
    if selectors[0].value == iid:  # already in focus (the default): nothing to click
        return at
    selectors[0].set_value(iid).run()
    assert not at.exception
    assert at.query_params.get("focus") in (iid, [iid])
    assert at.button_group(key=selectors[0].key).value == iid
    return at
