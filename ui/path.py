"""The month-by-month path of the focused indicator: its year-to-date figure of each month
the year's datasets give (shipped and stored, not withdrawn; the most recently stored wins a
month), the path its target needs (序时进度) and the scenario's path to December
(:mod:`model.path`), drawn on demand in an expander of the panel."""

from __future__ import annotations

import streamlit as st

from model.data import Dataset
from model.path import indicator_path
from model.projection import IndicatorResult
from store import StoreError
from store.years import year_data
from ui import charts, db
from ui.keys import path_key
from ui.lazy import on_demand
from ui.state import shipped_dataset, t, voice


def year_datasets(ds: Dataset) -> list[Dataset]:
    """Every dataset of ``ds``'s year, oldest first: the shipped one (if of the year), the
    stored ones, the most recently stored year-end table, and ``ds`` itself if none of those
    (when the store cannot be reached, the shipped data and ``ds``)."""
    shipped = shipped_dataset()
    store = db.get_store(quiet=True)
    out = [shipped] if shipped.year == ds.year else []
    if store is not None:
        try:
            year = year_data(store, shipped, ds.year)
            out = [*year.periods, *year.year_end[:1]]
        except StoreError:
            pass
    if ds.data_id not in {d.data_id for d in out}:
        out.append(ds)
    return out


def expander(ds: Dataset, r: IndicatorResult, lang: str) -> None:
    """The path chart of ``r`` in a lazy expander (nothing read nor drawn while closed)."""
    box = on_demand(t(lang, "path_expander"), key=path_key(r.id), icon=":material/timeline:")
    if box is None:
        return
    with box:
        chart = charts.path_chart(indicator_path(year_datasets(ds), ds, r), voice(lang))
        if chart is None:
            st.caption(t(lang, "path_empty"))
        else:
            charts.draw(chart)
