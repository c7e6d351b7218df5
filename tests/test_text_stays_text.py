"""Text stays text (issue 29, finding 3): a dataset's label, its uploaded file name, its table's
source column and a saved scenario's name and note carry Markdown — a link and an image to a
beacon address, HTML, emphasis, LaTeX —; every page shows them as the characters they are:
no element that renders Markdown (markdown, caption, info/warning/error/success, st.table's
cells and headers, a widget's help) holds them live, and the literal text is still there."""

from __future__ import annotations

import re

import pytest

from report import answer
from tests.hostile import FILE, LABEL, LINK, NAME, NOTE, QUOTE, store_markdown_dataset
from ui.safe import JOINER, md_escape, md_rows, md_text

PAGES = (
    "app_pages/overview.py",
    "app_pages/economy.py",
    "app_pages/industry.py",
    "app_pages/investment.py",
    "app_pages/land.py",
    "app_pages/sources.py",
    "app_pages/data.py",
    "app_pages/method.py",
    "app_pages/compare.py",
    "app_pages/audit.py",
)


def unescaped(md: str) -> str:
    """What Markdown makes of ``md``'s backslash escapes, without the invisible word joiner
    that breaks a bare address: the characters a reader sees."""
    return re.sub(r"\\(.)", r"\1", md).replace(JOINER, "")


def live(md: str) -> list[str]:
    """The pieces of the payload that ``md`` would render as markup: a bare address to the
    beacon (GitHub-flavoured Markdown links it even when its characters are escaped: only
    the text after the escapes counts), or an unescaped ``[``/``](`` link, ``<img``,
    ``**b**`` or ``$x$``."""
    seen = re.sub(r"\\(.)", r"\1", md)  # the text after the escapes are read
    found = [p for p in ("http://127.0.0.1", "www.example") if p in seen]
    bare = re.sub(r"\\.", "", md)  # every escaped character gone: what is left is markup
    found += [p for p in ("](http", "<img", "**b**", "$x$") if p in bare]
    return found


def test_the_escape_keeps_every_character_and_leaves_nothing_live():
    for text in (LABEL, FILE, QUOTE, NAME, NOTE, "_u_ #h |t| ~s~ `c`"):
        shown = md_text(text)
        assert unescaped(shown) == text and live(shown) == []
    assert md_text("x" * 3000) == "x" * 2000 + "…"
    rows = md_rows([{"[h](x)": LINK, "n": 1.5}])
    assert rows == [{r"\[h\]\(x\)": md_text(LINK), "n": "1.5"}]
    assert md_escape("www.a.example", limit=80) == f"www{JOINER}.a.example"
    assert md_escape("see https://a.example", limit=80) == f"see https{JOINER}\\://a.example"


@pytest.fixture
def markdown_dataset():
    """The dataset stored with the Markdown label, file name and source quotes."""
    return store_markdown_dataset()


def _shown(at) -> list[tuple[str, str]]:
    """Every Markdown text of the run: (where, text)."""
    out: list[tuple[str, str]] = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
        out += [(kind, e.value) for e in getattr(at, kind)]
    out += [("subheader", e.value) for e in at.subheader]
    for table in at.table:
        frame = table.value
        out += [("table header", str(c)) for c in frame.columns]
        out += [("table", str(v)) for v in frame.to_numpy().ravel()]
    for kind in ("number_input", "slider", "text_input", "selectbox", "button", "checkbox"):
        out += [(f"{kind} help", w.help) for w in getattr(at, kind) if getattr(w, "help", None)]
    out += [("expander", e.label) for e in at.expander]
    return out


def test_every_page_shows_user_and_uploaded_text_as_text(make_app, markdown_dataset):
    ds = markdown_dataset
    seen: dict[str, set[str]] = {}
    for page in PAGES:
        query = f"data={ds.data_id}" + (f"&s={NAME}&s=plain" if "compare" in page else "")
        at = make_app(query, page=page, editor=page.endswith(("audit.py", "data.py")))
        assert not at.exception, page
        for where, text in _shown(at):
            assert live(text) == [], (page, where, text)
            for payload in (LABEL, FILE, QUOTE, NAME, NOTE):
                if payload in unescaped(text):
                    seen.setdefault(payload, set()).add(page)
    # the literal text is visible where it belongs
    assert {"app_pages/overview.py", "app_pages/sources.py"} <= seen[LABEL]
    assert {"app_pages/overview.py", "app_pages/economy.py", "app_pages/sources.py"} <= seen[FILE]
    assert "app_pages/sources.py" in seen[QUOTE]
    assert "app_pages/compare.py" in seen[NAME]


def test_the_source_line_and_exports_keep_the_plain_text(markdown_dataset):
    from report.exports import FORMATS  # noqa: F401 - the writers are plain text already

    ds = markdown_dataset
    from ui.state import stored_dataset

    stored = stored_dataset(ds.data_id)
    assert stored is not None
    line = answer.source_line(stored, "zh")
    assert LABEL in line and FILE in line  # plain text: a document shows it as typed
    assert live(md_text(line)) == [] and unescaped(md_text(line)) == line
