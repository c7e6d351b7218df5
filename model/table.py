"""The fill-in table's columns and a dataset's rows in them.

The columns (ids, headers and help in both languages, whether a cell may stay blank) and the
words around them live in one data file, ``data/template_columns.toml``, that the reader
(:mod:`model.template`) and the writer (``report.template_writer``) both read. This module
sits below :mod:`model.data` (it imports no other model module but :mod:`model.cells`): the
data id (:mod:`model.data_id`) is computed from :func:`template_rows`, and
:attr:`model.data.Dataset.data_id` calls it. It therefore takes datasets and indicators by
their shape (the protocols below), not by their classes.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from model.catalogue import DEFAULT_LANG
from model.cells import csv_row
from model.fmt import exact

#: The data file of the table's columns and words.
SPEC_FILE = Path(__file__).resolve().parent.parent / "data" / "template_columns.toml"
_SPEC: dict[str, Any] = tomllib.loads(SPEC_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Column:
    """A template column as a clerk sees it: its header, meaning and unit in both languages,
    and whether it may stay blank."""

    zh: str
    en: str
    help_zh: str
    help_en: str
    blank: bool = True


#: Every column's header and meaning, in the table's order (``data/template_columns.toml``).
COLUMN_INFO: dict[str, Column] = {
    c["id"]: Column(c["zh"], c["en"], c["help_zh"], c["help_en"], c.get("blank", True))
    for c in _SPEC["column"]
}
COLUMNS: tuple[str, ...] = tuple(COLUMN_INFO)
#: What a kind is called in a template (every spelling reads back).
KIND_WORDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _SPEC["kinds"].items()}
#: The section of an uploaded figure, and its quote when the table's source cell is blank.
UPLOADED: str = _SPEC["marks"]["uploaded"]
UNSOURCED: str = _SPEC["marks"]["unsourced"]
#: The year's actual figures: blank in a template unless asked for, so that stale H1 figures
#: never slip into a later upload.
ACTUALS: tuple[str, ...] = ("ytd_value", "ytd_growth_pct")
#: Template column → (figure name of the data file, or assumption parameter).
FIGURE_OF = {
    "ytd_value": "h1_value",
    "ytd_growth_pct": "h1_growth_pct",
    "target_value": "target_value",
    "target_growth_pct": "target_growth_pct",
    "target_increase": "target_increase",
}
ASSUMPTION_OF = {
    "prior_share_pct": "h1_share",
    "prior_fy_value": "prior_fy",
    "prev_ytd_growth_pct": "prev_h1_growth",
    "prev_fy_growth_pct": "prev_fy_growth",
    "prev2_ytd_growth_pct": "prev2_h1_growth",
    "prev2_fy_growth_pct": "prev2_fy_growth",
}
#: The two-year average growth of the year to date (the 2021 releases print it): read into the
#: prior year's YTD growth where that is blank (:func:`model.template.prior_from_two_year_avg`);
#: the data holds no figure of its own for it, so a written table leaves it blank.
TWO_YEAR_AVG = "two_year_avg_ytd_growth_pct"
#: The columns of the prior year (and the one before): filled only in a template of the
#: data's own year.
PRIOR_COLUMNS: tuple[str, ...] = tuple(ASSUMPTION_OF)
#: The prior-year columns that describe a period (its same-period share and growth): blank in
#: a template for another period; the full-year ones stay.
PERIOD_PRIOR_COLUMNS: tuple[str, ...] = (
    "prior_share_pct",
    "prev_ytd_growth_pct",
    "prev2_ytd_growth_pct",
)
#: A template for the next year: its prior-year column ← the column of the year-end (``FY``)
#: table of the year before that fills it (the full year's level and growth, and the growth
#: of the year before that).
NEXT_YEAR_PRIOR: dict[str, str] = {
    "prior_fy_value": "ytd_value",
    "prev_fy_growth_pct": "ytd_growth_pct",
    "prev2_fy_growth_pct": "prev_fy_growth_pct",
}
#: The columns that describe an indicator rather than its figures (a new indicator's row
#: needs them; the id and the Chinese name are the others).
LABEL_COLUMNS: tuple[str, ...] = ("name_zh", "name_en", "unit", "kind", "group")
#: The groups an indicator may belong to (its topic page).
GROUPS: tuple[str, ...] = tuple(_SPEC["groups"]["ids"])
#: The values of the optional ``series_type`` and ``geo_level`` columns (model.scale); a blank
#: cell is the indicator's own (:data:`DEFAULT_LEVEL` for the district's data).
SERIES_TYPES: tuple[str, ...] = tuple(_SPEC["labels"]["series_type"])
GEO_LEVELS: tuple[str, ...] = tuple(_SPEC["labels"]["geo_level"])
DEFAULT_LEVEL = "district"
#: The optional label columns: written and hashed only where they differ from the default.
SCALE_COLUMNS: tuple[str, ...] = ("series_type", "geo_level")
#: Columns that state the year's targets (valid whatever the period).
TARGETS = ("target_value", "target_growth_pct", "target_increase")
#: The years a table may name.
YEAR_RANGE = (1990, 2100)
#: The row of an XLSX template that holds the machine ids (hidden; row 1 is the clerk's).
ID_ROW = 2


def table_words(group: str, key: str, lang: str | None = None) -> Any:
    """A text of the data file's ``[group]``: ``key`` in ``lang`` (``key_zh``/``key_en``;
    anything but ``en`` is Chinese), or ``key`` itself when ``lang`` is None."""
    if lang is None:
        return _SPEC[group][key]
    texts = _SPEC[group]
    return texts.get(f"{key}_{lang}", texts[f"{key}_{DEFAULT_LANG}"])


def header(col: str, lang: str | None) -> str:
    """The header of ``col`` as a clerk sees it (``lang`` zh/en), or its id (``lang`` None)."""
    info = COLUMN_INFO.get(col)
    if lang is None or info is None:
        return col
    return {"zh": info.zh, "en": info.en}.get(lang, info.zh)


class _Figure(Protocol):
    @property
    def value(self) -> float: ...
    @property
    def section(self) -> str: ...
    @property
    def quote(self) -> str: ...
    @property
    def uploaded(self) -> bool: ...


class _Assumption(Protocol):
    @property
    def default(self) -> float | None: ...


class IndicatorLike(Protocol):
    """What :func:`template_rows` reads of a :class:`model.data.Indicator`."""

    @property
    def id(self) -> str: ...
    @property
    def name_zh(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def figures(self) -> Mapping[str, _Figure]: ...
    @property
    def assumptions(self) -> Mapping[str, _Assumption]: ...
    def figure(self, name: str) -> float | None: ...


class DatasetLike(Protocol):
    """What :func:`template_rows` reads of a :class:`model.data.Dataset`."""

    @property
    def year(self) -> int: ...
    @property
    def months_elapsed(self) -> int: ...
    @property
    def period_code(self) -> str: ...
    @property
    def indicators(self) -> Sequence[IndicatorLike]: ...


def amount_target(ind: IndicatorLike) -> float | None:
    """The full-year amount target: the sourced target, or H1 / share-done when the source
    states the H1 amount as a share of the task (招商引资 47.74亿 = 52.7% → 90.59亿)."""
    t = ind.figure("target_value")
    if t is not None:
        return t
    h1 = ind.figure("h1_value")
    share = ind.figure("target_share_done_pct")
    if h1 is None or share is None or share <= 0:
        return None
    return h1 / (share / 100.0)


def _value(ind: IndicatorLike, name: str) -> float | None:
    if name in ind.figures:
        return ind.figures[name].value
    a = ind.assumptions.get(name)
    return None if a is None else a.default


def _row(ds: DatasetLike, ind: IndicatorLike, year: int) -> dict[str, Any]:
    """An indicator's row with everything the data holds (nothing blanked yet)."""
    row: dict[str, Any] = {c: None for c in COLUMNS}
    row.update(
        id=ind.id,
        name_zh=ind.name_zh,
        name_en=ind.name_en,
        group=ind.group,
        unit=ind.unit,
        kind=ind.kind,
        year=year,
        period=ds.period_code,
        months_elapsed=ds.months_elapsed,
    )
    for col in SCALE_COLUMNS:  # only where it differs from the indicator's own
        value = getattr(ind, col, None)
        if value != getattr(ind, f"{col}_default", None if col == "series_type" else DEFAULT_LEVEL):
            row[col] = value
    for col, name in FIGURE_OF.items():
        row[col] = ind.figure(name)
    if ind.kind == "amount" and row["target_value"] is None:
        row["target_value"] = amount_target(ind)
    for col, param in ASSUMPTION_OF.items():
        row[col] = _value(ind, param)
    if ind.figure("h1_value") is None and "h1_value" in ind.assumptions:
        row["ytd_value"] = _value(ind, "h1_value")
    return row


def template_rows(
    ds: DatasetLike,
    *,
    with_actuals: bool = False,
    year: int | None = None,
    blank: bool = False,
    months: int | None = None,
    prior: Mapping[str, Mapping[str, float | None]] | None = None,
) -> list[dict[str, Any]]:
    """The template of ``ds``: one row per indicator with its targets in use (a target stated
    as a share of the task is written as its level), and its actuals and sources only
    ``with_actuals`` (a blank template carries no old figures and no old quotes).
    ``year`` (default the data's year) fills the ``year`` column; for another year the
    targets, the prior-year columns, the actuals, the period, the months and the sources stay
    blank (unknown), but for the full-year prior columns ``prior`` gives (the year-end table
    of the year before: :func:`next_year_prior`). ``months`` (another period of the data's
    year) fills the period and months and leaves the period-dependent prior-year columns
    blank (the targets and the full-year ones stay). ``blank``: only the indicator's labels
    and the year (no period, months, targets, figures, prior-year columns or quotes)."""
    year = ds.year if year is None else year
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year: {year} is not between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    if months is not None and not 1 <= months <= 11:
        raise ValueError(f"months: {months} is not a whole number from 1 to 11")
    other_year = year != ds.year
    rows = []
    for ind in ds.indicators:
        row = _row(ds, ind, year)
        if not with_actuals or other_year:
            for col in ACTUALS:
                row[col] = None
        uploaded = {f.quote for f in ind.figures.values() if f.uploaded}
        quotes = uploaded or {f.quote for f in ind.figures.values()}
        row["source"] = (
            "；".join(sorted(quotes)) if quotes and with_actuals and not other_year else ""
        )
        if blank or other_year:
            _blank_year(row, (prior or {}).get(ind.id) if not blank else None)
        elif months is not None and months != ds.months_elapsed:
            _other_period(row, months)
        rows.append(row)
    return rows


def _blank_year(row: dict[str, Any], prior: Mapping[str, float | None] | None) -> None:
    """``row`` for another year: only its labels and year, and the full-year prior columns
    ``prior`` gives."""
    for col in (*ACTUALS, *TARGETS, *PRIOR_COLUMNS, "period", "months_elapsed", "source"):
        row[col] = None if col != "source" else ""
    for col, src in NEXT_YEAR_PRIOR.items():
        if prior is not None and prior.get(src) is not None:
            row[col] = prior[src]


def _other_period(row: dict[str, Any], months: int) -> None:
    """``row`` for another period of its year: that period's code and months, no actuals nor
    period-dependent prior-year figures (the targets and the full-year ones stay)."""
    code = {3: "Q1", 6: "H1", 9: "Q3"}.get(months, f"M{months}")  # as model.data.period_code
    row.update(period=code, months_elapsed=months, source="")
    for col in (*ACTUALS, *PERIOD_PRIOR_COLUMNS):
        row[col] = None


def next_year_prior(rows: Iterable[Mapping[str, str]]) -> dict[str, dict[str, float | None]]:
    """The full-year figures of a year-end (``FY``) table's rows (column id → text cell, as
    stored), per indicator: what a template for the next year pre-fills (the columns of
    :data:`NEXT_YEAR_PRIOR`'s values; a blank or non-number cell is None). Never a target."""
    out: dict[str, dict[str, float | None]] = {}
    for r in rows:
        got: dict[str, float | None] = {}
        for src in NEXT_YEAR_PRIOR.values():
            try:
                v = float(r.get(src, "") or "nan")
            except ValueError:
                v = math.nan
            got[src] = v if math.isfinite(v) else None
        out[str(r.get("id", ""))] = got
    return out


def cell(v: Any) -> str:
    """A CSV cell: blank for None; a float as the shortest text that reads back exactly."""
    if v is None:
        return ""
    if isinstance(v, float):
        return exact(v)
    return str(v)


def rows_csv(rows: Iterable[dict[str, Any]], heads: Sequence[str]) -> bytes:
    """The rows as CSV in UTF-8 with BOM, CRLF, headed by ``heads`` (one per column)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(heads)
    for r in rows:
        w.writerow(csv_row(cell(r[c]) for c in COLUMNS))
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


#: A number as a cell may hold it.
NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")


class Table(list):  # type: ignore[type-arg]
    """The rows of a filled template (``dict`` column id → text cell), with the spreadsheet
    row number of each (``numbers``) and each column's header as the file wrote it
    (``headers``)."""

    numbers: list[int]
    headers: dict[str, str]


def as_table(rows: list[dict[str, str]]) -> Table:
    if isinstance(rows, Table):
        return rows
    out = Table(rows)
    out.numbers = list(range(2, len(rows) + 2))
    out.headers = {}
    return out
