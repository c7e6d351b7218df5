"""Data ids: what ``data=`` names, what the store keys datasets and histories by.

A dataset's id is computed from its rows in the fill-in table (:func:`model.table.
template_rows`), so the same figures give the same id on every machine. This module sits below
:mod:`model.data`, whose :attr:`~model.data.Dataset.data_id` calls :func:`data_id`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from model.table import COLUMNS, DatasetLike, cell, template_rows

# --- stored datasets: one canonical text, one id ----------------------------------------
#: The columns whose values make a dataset's id (its figures, not its labels or sources).
VALUE_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c != "source")
#: Columns added after datasets were first stored: they enter the id only when filled (the
#: ``year`` only when it is not :data:`ID_BASE_YEAR`; the names and group — an indicator's
#: labels — only when a table added an indicator of its own), so every id made before they
#: existed (the shipped data's b2558a7f3282, stored datasets, saved scenarios, ``data=``
#: links) stays.
LATER_COLUMNS: tuple[str, ...] = (
    "year",
    "prev2_ytd_growth_pct",
    "prev2_fy_growth_pct",
    "two_year_avg_ytd_growth_pct",
    "name_zh",
    "name_en",
    "group",
    "series_type",
    "geo_level",
)
#: The labels of :data:`LATER_COLUMNS`: fixed by the data file for its own indicators.
_LABELS = ("name_zh", "name_en", "group")
#: The year of every dataset stored before the ``year`` column existed.
ID_BASE_YEAR = 2021
DATA_ID_CHARS = 12
_ID = re.compile(rf"^[0-9a-f]{{{DATA_ID_CHARS}}}\Z")


def normal(v: Any) -> str:
    """A value as the data id sees it: floats to 12 significant digits, -0 as 0."""
    if isinstance(v, float):
        text = f"{v:.12g}"
        return "0" if text == "-0" else text
    return cell(v)


def data_id(ds: DatasetLike) -> str:
    """The dataset's id: the first 12 hex digits of SHA-256 over its template's value columns
    (:data:`VALUE_COLUMNS`, numbers normalised to 12 significant digits: a spreadsheet that
    keeps 15 gives the same id), so the same figures give the same id on every machine, and a
    change of any figure, target or assumption gives another."""
    rows = template_rows(ds, with_actuals=True)

    def hashed(c: str) -> bool:
        if c not in LATER_COLUMNS:
            return True
        if c == "year":
            return ds.year != ID_BASE_YEAR
        if c in _LABELS:
            return any(getattr(ind, "added", False) for ind in ds.indicators)
        return any(r[c] is not None for r in rows)

    cols = [c for c in VALUE_COLUMNS if hashed(c)]
    text = "\n".join(",".join(normal(r[c]) for c in cols) for r in rows)
    return hashlib.sha256(f"{','.join(cols)}\n{text}".encode()).hexdigest()[:DATA_ID_CHARS]


def is_data_id(text: str) -> bool:
    """Whether ``text`` has the form of a data or history id (12 lowercase hex digits)."""
    return bool(_ID.match(text))


def history_id(canonical_history: str) -> str:
    """The id of a history table stored as ``canonical_history`` (SHA-256, 12 hex digits)."""
    return hashlib.sha256(canonical_history.encode()).hexdigest()[:DATA_ID_CHARS]
