"""The datasets and saved scenarios of one year, read back as the model's datasets: what the
month-by-month path and the year-end review (:mod:`model.path`) are built on. Reads only."""

from __future__ import annotations

from dataclasses import dataclass

from model.data import DataFileError, Dataset, is_year_end
from model.template import from_canonical, next_year_prior, read_table, with_origin
from store.datasets import StoredData
from store.scenarios import Saved


@dataclass(frozen=True)
class YearData:
    """The datasets of one year: ``periods`` (shipped first if of the year, then the stored,
    non-withdrawn ones, oldest first; no year-end table) and ``year_end`` (the stored
    year-end tables, the most recently stored first)."""

    periods: list[Dataset]
    year_end: list[Dataset]


def _dataset(row: StoredData, base: Dataset) -> Dataset | None:
    """The stored row as a dataset on ``base`` (None if it no longer reads)."""
    try:
        ds = from_canonical(row.content, base)
    except DataFileError:
        return None
    return with_origin(ds, row.label, row.filename or "", f"{row.created_at:%Y-%m-%d}")


def year_data(store, base: Dataset, year: int) -> YearData:  # noqa: ANN001 - a store.Store
    """The shipped dataset ``base`` (if of ``year``) and every stored, non-withdrawn dataset
    of ``year`` (see :class:`YearData`)."""
    rows = [r for r in store.list_data("data") if r.year == year]  # newest first
    periods = [base] if base.year == year else []
    year_end: list[Dataset] = []
    for row in reversed(rows):  # oldest first
        ds = _dataset(row, base)
        if ds is None or ds.year != year:
            continue
        (year_end if is_year_end(row) or is_year_end(ds) else periods).append(ds)
    return YearData(periods, year_end[::-1])


def saved_of_year(store, base: Dataset, year: int) -> list[tuple[Saved, Dataset]]:  # noqa: ANN001
    """Each live saved scenario whose data (the shipped ``base`` when it names none) is of
    ``year``, with that dataset (a withdrawn one too: its link still opens it); a scenario of
    a year-end table or of data no longer stored is left out."""
    out: list[tuple[Saved, Dataset]] = []
    cache: dict[str, Dataset | None] = {base.data_id: base}
    for saved in store.list():
        did = saved.data_id or base.data_id
        if did not in cache:
            row = store.get_data("data", did)
            cache[did] = None if row is None or is_year_end(row) else _dataset(row, base)
        ds = cache[did]
        if ds is not None and ds.year == year:
            out.append((saved, ds))
    return out


def year_end_prior(store, year: int) -> dict[str, dict[str, float | None]] | None:  # noqa: ANN001
    """The full-year figures of ``year``'s most recently stored year-end (``FY``) table, per
    indicator (:func:`model.table.next_year_prior`: what a template for the next year
    pre-fills, never a target); None when none is stored."""
    rows = [d for d in store.list_data("data") if d.period == "FY" and d.year == year]
    if not rows:
        return None
    latest = max(rows, key=lambda d: d.created_at)
    return next_year_prior(read_table(latest.content.encode("utf-8"), "fy.csv"))


def stored_datasets(store, base: Dataset) -> list[Dataset]:  # noqa: ANN001 - a store.Store
    """Every stored, non-withdrawn dataset that still reads on ``base``, newest first: what
    a new table is judged against (unit mistakes, figures carried from another period,
    plausibility)."""
    out = []
    for row in store.list_data("data"):
        try:
            out.append(from_canonical(row.content, base))
        except ValueError:  # a stored file that no longer reads (DataFileError and kin)
            continue
    return out
