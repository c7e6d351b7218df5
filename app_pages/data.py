"""数据更新: download the template filled with the data in use, upload a filled one, see what
changes figure by figure, apply it (stored under its data id), and switch between stored
datasets or make one the default. Nothing changes until a valid file is applied. The parts:
ui/data_upload.py (upper half) and ui/data_stored.py (stored datasets)."""

from __future__ import annotations

import streamlit as st

from ui import data_stored, data_upload, datapage
from ui.db import get_store
from ui.state import get_dataset, init_state, shipped_dataset, show_url_issues, t

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang
shipped = shipped_dataset()

st.title(t(lang, "data_title"), anchor=False)
show_url_issues(ds)
st.caption(t(lang, "data_intro"))
data_upload.notice()

store = get_store(lang, quiet=True)
labels = datapage.labels(store, shipped, lang)
data_upload.in_use(ds, labels, lang)
data_upload.downloads(ds, lang)
data_upload.other_templates(ds, store, lang)
data_upload.upload_box(ds, shipped, store, lang)  # the data in use stays until Apply
data_stored.stored(ds, shipped, store, labels, lang)
