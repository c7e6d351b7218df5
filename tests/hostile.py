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


def store_markdown_dataset(url: str | None = None):
    """Store (at ``url``, default the session's store) the dataset whose label, file name and
    source quotes carry Markdown, and two scenarios on it (one with a Markdown name and note);
    the dataset."""
    from model.data import load_dataset
    from model.template import canonical, dataset_from_table, read_table
    from store import Store
    from tests.conftest import EDITOR

    ds = dataset_from_table(read_table((HEAD + TABLE).encode(), "t.csv"), load_dataset())
    store = Store(url)
    store.put_data(
        "data",
        ds.data_id,
        canonical(ds),
        actor=EDITOR,
        label=LABEL,
        period="Q3",
        year=2021,
        filename=FILE,
    )
    store.save(
        NAME, "fai=20", ds.vintage, actor=EDITOR, note=NOTE, data_id=ds.data_id, replace=True
    )
    store.save("plain", "fai=25", ds.vintage, actor=EDITOR, data_id=ds.data_id, replace=True)
    return ds
