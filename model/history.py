"""Published history (China / Guangxi / Liuzhou): loading and validating a history file.

The file has the columns of ``data/history/macro_history.csv`` (see its README): one row per
(region, indicator, year, period), growth in %, levels in 亿元, each with its source address.
Rows whose ``note`` starts with ``ALT`` are revised vintages or disagreeing sources and are
dropped before fitting (:func:`primary_rows`).

:func:`parse_history` takes the bytes of an uploaded CSV or XLSX (UTF-8, UTF-8 with BOM, or
GBK) and returns either the table or *every* problem found, never raising on bad input.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.data import ROOT
from model.fmt import one_line
from model.limits import MAX_BYTES, UploadRefused, capped, control_problems, table_rows
from model.limits import message as limits_message
from model.messages import Text, joined, text
from model.table import GEO_LEVELS

__all__ = ["MAX_BYTES", "HistoryResult", "load_history", "parse_history"]

DEFAULT_HISTORY_PATH = ROOT / "data" / "history" / "macro_history.csv"
COLUMNS: tuple[str, ...] = (
    "region",
    "indicator",
    "year",
    "period",
    "value",
    "unit",
    "growth_pct",
    "growth_basis",
    "source_url",
    "note",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("region", "indicator", "year", "period", "growth_pct")
#: The optional last column: the geographic level of a row's region (blank: the region's own,
#: :data:`REGION_LEVELS`). Written by :func:`canonical_history` only when a row's level is not
#: its region's default, so every history stored before it existed keeps its id.
GEO_COLUMN = "geo_level"
#: The level of a region when a row leaves ``geo_level`` blank.
REGION_LEVELS: dict[str, str] = {"china": "national", "guangxi": "province", "liuzhou": "city"}
PERIODS: tuple[str, ...] = ("Q1", "H1", "Q3YTD", "FY")
INDICATORS: tuple[str, ...] = ("gdp", "industry_va", "fai", "fiscal_revenue", "retail")
YEAR_RANGE = (1950, 2100)
GROWTH_RANGE = (-90.0, 300.0)
MAX_LISTED = 12
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")


@dataclass(frozen=True)
class HistoryResult:
    """The outcome of reading a history file: the table (None if invalid) and all problems."""

    table: pd.DataFrame | None
    #: Each problem as its key and parameters (``str()``: English), for ``report`` to say.
    problems: tuple[Text, ...]

    @property
    def ok(self) -> bool:
        """True when the file is usable."""
        return self.table is not None and not self.problems


def _m(key: str, /, **params: object) -> Text:
    """The problem ``key`` (``histfile_<key>`` of the catalogue's ``[history_file]`` table)
    with its parameters, for ``report`` to say."""
    return text(f"histfile_{key}", **params)


def load_history(path: Path | str = DEFAULT_HISTORY_PATH) -> pd.DataFrame:
    """Read and validate the history CSV at ``path``; ``ValueError`` listing the problems
    (a keyed :class:`~model.messages.Text`: ``histfile_file``)."""
    p = Path(path)
    result = parse_history(p.read_bytes(), p.name)
    if not result.ok:
        raise ValueError(_m("file", path=str(p), x=joined("histfile_list_sep", result.problems)))
    assert result.table is not None
    return result.table


def _read_raw(data: bytes, filename: str) -> tuple[pd.DataFrame | None, list[Text]]:
    """The table of an uploaded CSV or XLSX file as text columns, or the problems that stop
    it being read (over a cap of :mod:`model.limits`, control characters, unreadable)."""
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm"))
    if not is_xlsx and b"\x00" in data[:4096]:
        return None, [_m("binary")]
    try:
        rows = table_rows(data, filename)
    except UploadRefused as exc:  # a keyed refusal stays keyed (a Text, said in the UI)
        return None, [exc.said]
    if not any(any(cell.strip() for cell in row) for row in rows):
        return None, [_m("empty")]
    bad = control_problems(rows)
    if bad:
        return None, capped(bad)
    width = len(rows[0])
    if is_xlsx:  # cells right of the header's columns belong to no column
        rows = [row[:width] for row in rows]
    long = [i for i, row in enumerate(rows[1:], start=2) if len(row) > width]
    if long:  # an unquoted comma ("1,000") would shift or drop fields silently
        shown = ", ".join(map(str, long[:MAX_LISTED]))
        return None, [_m("too_many_fields", rows=shown, n=width)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    try:
        frame = pd.read_csv(
            io.StringIO(buf.getvalue()), dtype=str, keep_default_na=False, index_col=False
        )
    except Exception as exc:  # noqa: BLE001
        return None, [limits_message("csv", e=type(exc).__name__)]
    return frame, []


def _numbers(
    frame: pd.DataFrame, column: str, problems: list[Text], *, required: bool
) -> pd.Series:
    out: list[float | None] = []
    bad: list[Text] = []
    for i, raw in enumerate(frame[column].fillna("").astype(str), start=2):
        text = raw.strip()
        if column == "growth_pct" and text.endswith("%"):  # "8.2%" typed as text: 8.2
            text = text[:-1].rstrip()
        if text == "":
            if required:
                bad.append(_m("row_empty", i=i))
            out.append(None)
        elif _NUMBER.match(text):
            out.append(float(text))
        elif _THOUSANDS.match(text):
            bad.append(_m("thousands", i=i, x=one_line(text, limit=20)))
            out.append(None)
        else:
            bad.append(_m("not_number", i=i, x=one_line(text, limit=20)))
            out.append(None)
    if bad:
        more = _m("more_places", n=len(bad)) if len(bad) > MAX_LISTED else ""
        shown = joined("histfile_sep", bad[:MAX_LISTED], more)
        problems.append(_m("column", c=column, x=shown))
    return pd.Series(out, index=frame.index, dtype="float64")


def parse_history(data: bytes, filename: str = "history.csv") -> HistoryResult:
    """Validate an uploaded history file and return the table or every problem found.

    Checks: the caps of :mod:`model.limits` (2 MiB, uncompressed XLSX size, rows, columns,
    cells), no control characters (each cell named), readable CSV (CRLF, LF or CR-only lines)
    or XLSX (a percent cell read as the percent shown) text in UTF-8/UTF-8-BOM/GBK, the required
    columns, numbers in ``year``/``value``/``growth_pct`` (no thousands separators), periods
    in Q1/H1/Q3YTD/FY, known indicators, years in 1950–2100, growth in −90…300%, no negative
    levels, and no duplicated primary row (region, indicator, year, period).
    """
    frame, errors = _read_raw(data, filename)
    if errors or frame is None:
        return HistoryResult(None, tuple(errors) or (_m("unreadable"),))
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        return HistoryResult(None, (_m("missing_cols", x=", ".join(missing)),))
    if frame.empty:
        return HistoryResult(None, (_m("no_rows"),))
    has_geo = GEO_COLUMN in frame.columns  # kept in the table only when the file has it
    for c in (*COLUMNS, GEO_COLUMN):
        if c not in frame.columns:
            frame[c] = ""
    frame = frame[[*COLUMNS, GEO_COLUMN]].copy()
    for c in ("region", "indicator", "period", "unit", "growth_basis", "source_url", "note"):
        frame[c] = frame[c].fillna("").astype(str).str.strip()
    problems: list[Text] = []
    years = _numbers(frame, "year", problems, required=True)
    values = _numbers(frame, "value", problems, required=False)
    growth = _numbers(frame, "growth_pct", problems, required=False)

    def listed(rows: pd.Series, what: Text) -> None:
        idx = [int(i) + 2 for i in rows[rows].index]
        if idx:
            more = _m("more_rows", n=len(idx)) if len(idx) > MAX_LISTED else ""
            rows = ", ".join(map(str, idx[:MAX_LISTED]))
            problems.append(_m("rows", what=what, rows=rows, more=more))

    listed(~frame["period"].isin(PERIODS), _m("period", x="/".join(PERIODS)))
    listed(~frame["indicator"].isin(INDICATORS), _m("indicator", x="/".join(INDICATORS)))
    listed(frame["region"] == "", _m("region"))
    listed(
        years.notna() & ((years < YEAR_RANGE[0]) | (years > YEAR_RANGE[1]) | (years % 1 != 0)),
        _m("year", a=YEAR_RANGE[0], b=YEAR_RANGE[1]),
    )
    listed(
        growth.notna() & ((growth < GROWTH_RANGE[0]) | (growth > GROWTH_RANGE[1])),
        _m("growth", a=f"{GROWTH_RANGE[0]:g}", b=f"{GROWTH_RANGE[1]:g}"),
    )
    listed(values.notna() & (values < 0), _m("negative"))
    listed(growth.isna() & values.isna(), _m("both_empty"))
    _geo_levels(frame, listed)
    url = frame["source_url"]  # shown as a link on the method page: web addresses only
    listed((url != "") & ~url.str.match(r"(?i)https?://[^\s]+\Z"), _m("url"))
    frame["year"] = years
    frame["value"] = values
    frame["growth_pct"] = growth
    is_primary = ~frame["note"].str.startswith("ALT")
    keys = ["region", "indicator", "year", "period"]
    dup = frame[is_primary].duplicated(keys, keep=False)
    listed(dup.reindex(frame.index, fill_value=False), _m("duplicate"))
    if problems:
        return HistoryResult(None, tuple(problems))
    frame["year"] = frame["year"].astype(int)
    if not has_geo:
        frame = frame.drop(columns=[GEO_COLUMN])
    return HistoryResult(frame.reset_index(drop=True), ())


def _geo_levels(frame: pd.DataFrame, listed: Callable[[pd.Series, Text], None]) -> None:
    """Fill the ``geo_level`` column: a blank cell takes its region's level
    (:data:`REGION_LEVELS`); a value not in :data:`GEO_LEVELS`, or a blank one of another
    region, is a problem naming the rows."""
    level = frame[GEO_COLUMN].fillna("").astype(str).str.strip().str.lower()
    blank = level == ""
    default = frame["region"].map(REGION_LEVELS).fillna("")
    listed(~blank & ~level.isin(GEO_LEVELS), _m("geo_level", x="/".join(GEO_LEVELS)))
    listed(
        blank & (default == "") & (frame["region"] != ""),
        _m("geo_level_blank", x=", ".join(sorted(REGION_LEVELS))),
    )
    frame[GEO_COLUMN] = level.where(~blank, default)


def primary_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The primary rows: those whose note does not start with ``ALT``."""
    return table[~table["note"].fillna("").str.startswith("ALT")].copy()


def canonical_history(table: pd.DataFrame) -> str:
    """The text a validated history table is stored as (CSV, LF; reads back to the same table
    with :func:`parse_history`). ``geo_level`` is written only when some row's level is not its
    region's default, so a table without such rows keeps the text (and id) it had before."""
    cols = list(COLUMNS)
    if GEO_COLUMN in table.columns:
        default = table["region"].map(REGION_LEVELS)
        if (table[GEO_COLUMN] != default).any():
            cols.append(GEO_COLUMN)
    return table[cols].to_csv(index=False, lineterminator="\n")
