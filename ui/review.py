"""The year-end review page's parts (``/review``): the year chosen, the year's outcome (the
most recently stored year-end table, period ``FY``) beside what the model baseline projected
from each period of the year and what each saved scenario projected, and its XLSX."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model.data import Dataset
from model.messages import Problem
from model.path import review_of_year
from report.review_writer import review_table, to_review_xlsx
from store import StoreError
from store.years import saved_of_year, year_data
from ui import db
from ui.keys import REVIEW_DOWNLOAD, REVIEW_YEAR
from ui.safe import md_escape
from ui.state import get_baselines, shipped_dataset, t, voice

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def years(ds: Dataset) -> list[int]:
    """The years offered, newest first: each with a stored year-end table, and the data's."""
    store = db.get_store(quiet=True)
    stored: set[int] = set()
    if store is not None:
        try:
            stored = {r.year for r in store.list_data("data") if r.year_end and r.year}
        except StoreError:
            stored = set()
    return sorted(stored | {ds.year}, reverse=True)


def choose_year(ds: Dataset, lang: str) -> int:
    """The year reviewed (a select box; the newest year with a year-end table first)."""
    offered = years(ds)
    return int(st.selectbox(t(lang, "review_year"), offered, key=REVIEW_YEAR))


def show(year: int, lang: str) -> None:
    """The review of ``year``: its intro line, the table and its XLSX; without a year-end
    table of the year one line says so."""
    store = db.get_store(lang)
    if store is None:
        return
    shipped = shipped_dataset()
    try:
        data = year_data(store, shipped, year)
        saved = saved_of_year(store, shipped, year)
    except StoreError as exc:
        st.error(voice(lang).message(exc))
        return
    if not data.year_end:
        st.info(voice(lang).message(Problem("review_no_fy", year=year)))
        return
    fy = data.year_end[0]  # the most recently stored
    runs = [(s.name, d.data_id, s.query, d) for s, d in saved]
    rows = review_of_year(fy, data.periods, runs, get_baselines)
    label, _file, date = fy.upload or (fy.data_id, "", "")
    st.caption(t(lang, "review_intro", year=year, label=md_escape(label), date=date))
    heads, body = review_table(rows, fy, voice(lang), as_text=True)
    st.dataframe(pd.DataFrame(body, columns=heads), hide_index=True, width="stretch")
    st.download_button(
        t(lang, "review_download"),
        data=lambda: to_review_xlsx(rows, fy, lang),
        file_name=f"review-{year}.xlsx",
        mime=XLSX_MIME,
        key=REVIEW_DOWNLOAD,
    )
