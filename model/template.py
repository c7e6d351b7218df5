"""The fill-in table of a progress meeting, read: a filled one (CSV in UTF-8, UTF-8 with BOM
or GBK, or XLSX) turned into a dataset; its canonical stored text; ``load_any``. The columns
and their words are in ``data/template_columns.toml`` (:mod:`model.table`); the writer with
its styling and instruction sheet is ``report.template_writer``; data ids are
:mod:`model.data_id` (their names are re-exported here, where callers import them from).

Columns (blank = unknown): ``id, name_zh, unit, kind, year, period, months_elapsed,
ytd_value, ytd_growth_pct, target_value, target_growth_pct, target_increase, prior_share_pct,
prior_fy_value, prev_ytd_growth_pct, prev_fy_growth_pct, prev2_ytd_growth_pct,
prev2_fy_growth_pct, source``. "ytd" is the year to date over ``months_elapsed`` months (H1
at 6); ``year`` the data's year (blank: the year of the data it is read against);
``prior_share_pct`` the prior year's share of the same period in its full year; ``prev_*``
the prior year's same-period and full-year growth, ``prev2_*`` those of the year before.
A template for another year than its data's leaves the year's targets and every prior-year
column blank (never the old year's figures under a new year's heading).

Reading checks every cell and lists every problem at once, one line each
(``row R, column C: why``; the header is row 1): unknown or duplicate ids, non-numbers,
months outside 1–12 (12: the year-end table, period ``FY``), periods that disagree with each other or with the months, a share
outside 0–100, a growth at or below −100%, negative levels, and identities a model cannot
hold (a level target with its growth implying a prior-year share ≥ 100%).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from model.catalogue import LANGS
from model.cells import csv_unescape
from model.data import (
    KINDS,
    DataFileError,
    Dataset,
    Indicator,
    identity_breaks,
    implied_prior_share,
    load_dataset,
    period_code,
)
from model.data_id import (  # noqa: F401  (re-exported: where callers import them from)
    DATA_ID_CHARS,
    VALUE_COLUMNS,
    data_id,
    history_id,
    is_data_id,
)
from model.fmt import UNITS, one_line, plain
from model.limits import UploadRefused, capped, control_problems, table_rows
from model.messages import Problem
from model.period import words
from model.scenario import FOCUS_KEY, UI_KEYS
from model.table import (  # noqa: F401  (re-exported: where callers import them from)
    ASSUMPTION_OF,
    COLUMN_INFO,
    COLUMNS,
    FIGURE_OF,
    GEO_LEVELS,
    GROUPS,
    ID_ROW,
    KIND_WORDS,
    LABEL_COLUMNS,
    NEXT_YEAR_PRIOR,
    PERIOD_PRIOR_COLUMNS,
    PRIOR_COLUMNS,
    SCALE_COLUMNS,
    SERIES_TYPES,
    TARGETS,
    TWO_YEAR_AVG,
    UNSOURCED,
    UPLOADED,
    YEAR_RANGE,
    Column,
    Table,
    amount_target,
    header,
    next_year_prior,
    rows_csv,
    table_words,
    template_rows,
)
from model.table import NUMBER as _NUMBER
from model.table import as_table as _as_table
from model.table import cell as _cell
from model.table_checks import (  # noqa: F401  (re-exported: where callers import them from)
    _year,
    carried_prior,
    stale_prior_figures,
)
from model.table_merge import (  # noqa: F401  (PERIOD_*: re-exported)
    PERIOD_ASSUMPTIONS,
    PERIOD_FIGURES,
    PERIOD_PRIOR,
    _calendar_share,
    _period_cleared,
    _period_note,
    _period_reasons,
    _updated,
)

#: The highest growth (%) a table may give: above it a cell is a typo or a wrong unit.
GROWTH_MAX = 1000.0
_PERIOD = re.compile(r"^(Q1|H1|Q3|FY|M(?:[1-9]|1[01]))\Z")
#: A new indicator's id (a table row that adds one): never a word of a link's query string.
NEW_ID = re.compile(r"^[a-z][a-z0-9_]{1,39}\Z")
RESERVED_IDS: tuple[str, ...] = (*UI_KEYS, FOCUS_KEY)


class TemplateError(DataFileError):
    """A filled template with problems; ``problems`` lists every one (``row R, column C: why``)
    as English text, ``items`` the same as :class:`~model.messages.Problem` (key + params) for
    the app to render in the UI language."""

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        # a text (a keyed line of model.limits: a Text, said in the UI language; or a plain
        # string) is shown as it is; a long list is capped (model.limits)
        items = [
            p if isinstance(p, Problem) else Problem("raw", error=p)
            for p in capped(list[Any](problems))
        ]
        self.items: list[Problem] = items
        self.problems = [str(p) for p in items]
        super().__init__(self.problems[0] if items else "invalid template")


#: A header's trailing unit in brackets: 本期累计完成（亿元） reads as 本期累计完成.
_UNIT = re.compile(r"\s*[（(][^）)]*[）)]\s*$")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text.strip().lstrip("\ufeff")).lower()


def _header_map() -> dict[str, str]:
    """Header text (id, Chinese or English, with or without its unit) → column id."""
    out: dict[str, str] = {}
    for col in (*COLUMNS, *COLUMN_INFO):
        info = COLUMN_INFO.get(col)
        names = [col] if info is None else [col, info.zh, info.en]
        for n in names:
            out[_key(n)] = col
            out[_key(_UNIT.sub("", n))] = col
    return out


def read_table(data: bytes, filename: str) -> Table:
    """The rows of a filled template as text cells (:class:`Table`); :class:`TemplateError`
    when unreadable, over a cap of :mod:`model.limits` (bytes, uncompressed size, rows,
    columns, cells) or holding a control character (every such cell named). The header row
    may name the columns by id or as a clerk's template does (Chinese or English); an XLSX's
    hidden row of ids under it is read as the header. CSV line endings may be CRLF, LF or CR
    alone; a percent-formatted XLSX cell reads as the percent shown (6.25% is 6.25); a text
    cell escaped by the writer (a leading apostrophe) reads as the text it escaped."""
    values = _cells(data, filename)
    known = _header_map()
    shown, head, start = _head(values, known)
    headers = {c: (shown[i] if i < len(shown) and shown[i] else c) for i, c in enumerate(head) if c}
    _check_head(head, shown, start, known)
    return _body(values, head, start, headers)


def _cells(data: bytes, filename: str) -> list[list[str]]:
    """The file's cells (:func:`model.limits.table_rows`); :class:`TemplateError` when it is
    refused, empty, written with another separator or holds a control character."""
    try:
        values = table_rows(data, filename)
    except UploadRefused as exc:
        raise TemplateError([exc.problem]) from exc
    if not values:
        raise TemplateError([Problem("file_empty")])
    first = values[0]
    seps = {"\t": "tab", ";": ";", "；": "；"}
    if len(first) == 1 and (sep := next((x for x in seps if x in first[0]), None)):
        # a table saved with another separator reads as one column
        raise TemplateError([Problem("file_separator", sep=seps[sep])])
    bad = control_problems(values)
    if bad:
        raise TemplateError(bad)
    return values


def _head(values: list[list[str]], known: dict[str, str]) -> tuple[list[str], list[str], int]:
    """(the header cells as shown, the column id of each, the row the data starts after): a
    clerk's XLSX holds the ids in row 2."""
    shown = [h.strip().lstrip("\ufeff") for h in values[0]]
    head = [known.get(_key(h)) or known.get(_key(_UNIT.sub("", h)), h) if h else "" for h in shown]
    start = 1
    if len(values) > 1:  # a clerk's XLSX: row 2 holds the ids
        ids = [c.strip() for c in values[1]]
        if "id" in ids and all(not c or c in known.values() for c in ids):
            head = [c if c else h for c, h in zip(ids, head, strict=False)] + head[len(ids) :]
            start = ID_ROW
    return shown, head, start


def _check_head(head: list[str], shown: list[str], start: int, known: dict[str, str]) -> None:
    """:class:`TemplateError` for a column given twice or a required column missing."""
    twice = [c for c in dict.fromkeys(head) if c in known.values() and head.count(c) > 1]
    if twice:  # the last column would silently win
        raise TemplateError(
            [
                Problem(
                    "file_column_twice",
                    row=start,
                    headers="、".join(shown[i] or c for i, h in enumerate(head) if h == c),
                    col=c,
                )
                for c in twice
            ]
        )
    missing = tuple(c for c in ("id", "months_elapsed") if c not in head)
    if missing:
        raise TemplateError(
            [Problem("file_columns", row=1, columns=", ".join(missing), ids=missing)]
        )


def _body(values: list[list[str]], head: list[str], start: int, headers: dict[str, str]) -> Table:
    """The rows after the header that hold anything, as column id → text cell."""
    out = Table()
    out.numbers = []
    out.headers = headers
    for n, row in enumerate(values[start:], start=start + 1):
        if any(str(cell).strip() for cell in row):
            out.append(
                {
                    h: (csv_unescape(row[i].strip()) if i < len(row) else "")
                    for i, h in enumerate(head)
                    if h
                }
            )
            out.numbers.append(n)
    return out


@dataclass
class _Reading:
    """What reading a table's rows against a base dataset has found so far: every problem,
    the row of each id, the months, years and periods named, and each row's values and
    source."""

    table: Table
    problems: list[Problem] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    months_seen: set[int] = field(default_factory=set)
    years_seen: set[int] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)
    updates: dict[str, dict[str, float | None]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    #: The indicators the table adds (rows with an id of their own), in the table's order.
    added: dict[str, Indicator] = field(default_factory=dict)
    #: Each row's filled ``series_type`` / ``geo_level`` cells (a blank one is the default).
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def head(self, col: str) -> str:
        """The column's header as the file wrote it."""
        return self.table.headers.get(col, col)


class _RowProblems:
    """The problems of one row: each names the row, the indicator and the column's header."""

    def __init__(self, reading: _Reading, at: dict[str, Any]) -> None:
        self.reading, self.at = reading, at

    def __call__(self, key: str, col: str, **params: Any) -> None:
        self.reading.problems.append(
            Problem(key, header=self.reading.head(col), col=col, **self.at, **params)
        )


def dataset_from_table(
    rows: list[dict[str, str]],
    base: Dataset,
    *,
    year_targets: bool = True,
    earlier: Sequence[Dataset] | None = None,
) -> Dataset:
    """``base`` with the figures, targets and assumption defaults of a filled template (its
    drivers, presets, thresholds and ranges are kept; a row with an id of its own adds an
    indicator; a table of another year has only the indicators it lists). Every problem is
    listed (:class:`TemplateError`), each naming the row, the indicator and the column's
    header. ``year_targets``: a table of another year may not carry the base's targets
    (:func:`_check_year_targets`; off for a stored table, checked when it was stored). A new
    table (``earlier`` given: the shipped and stored datasets; None for a stored one read
    back) is also refused for a unit mistake (:func:`_check_scale`)."""
    table = _as_table(rows)
    if not table:
        raise TemplateError([Problem("file_no_rows")])
    reading = _Reading(table)
    for n, row in zip(table.numbers, table, strict=True):
        _read_row(reading, n, row, base)
    _check_agreement(reading)
    if year_targets:
        _check_year_targets(reading, base)
    if earlier is not None:
        _check_scale(reading, base, earlier)
    if reading.problems:
        raise TemplateError(reading.problems)
    ds = _merged(reading, base)
    # the merged figures (a row's own were checked above; here the base's target with the
    # uploaded year-to-date figures, say) must not contradict each other either
    breaks = identity_breaks(ds)
    if breaks:
        raise TemplateError(
            [
                Problem(
                    "tpl_implied_share",
                    row=reading.seen.get(ind.id, 0),
                    header=reading.head(
                        _implied_col(reading.updates.get(ind.id, {}), base.by_id[ind.id])
                    ),
                    col=_implied_col(reading.updates.get(ind.id, {}), base.by_id[ind.id]),
                    id=ind.id,
                    name=ind.name_zh,
                    name_en=ind.name_en,
                    share=f"{w:.1f}",
                )
                for ind, w in breaks
            ]
        )
    return ds


def _read_row(reading: _Reading, n: int, row: dict[str, str], base: Dataset) -> None:
    """Check row ``n`` of the table; its values and source when its id is known and new."""
    iid = row.get("id", "")
    # a mistyped id (no labels, or the name of an indicator the data has), not a new one
    names = {i.name_zh for i in base.indicators}
    labelled = any(row.get(c, "").strip() for c in LABEL_COLUMNS) and (
        row.get("name_zh", "").strip() not in names
    )
    if iid not in base.by_id and (not labelled or not NEW_ID.match(iid) or iid in RESERVED_IDS):
        reading.problems.append(
            Problem(
                "tpl_bad_id" if labelled else "tpl_unknown_id",
                row=n,
                header=reading.head("id"),
                col="id",
                value=one_line(iid, limit=40),
                **({"reserved": ", ".join(RESERVED_IDS)} if labelled else {}),
            )  # fmt: skip
        )
        return
    ind = base.by_id.get(iid) or reading.added.get(iid) or _new_indicator(row)
    problem = _RowProblems(reading, {"row": n, "id": iid, "name": ind.name_zh,
                                     "name_en": ind.name_en})  # fmt: skip
    if iid in reading.seen:
        problem("tpl_repeated_id", "id", value=iid, first=reading.seen[iid])
        return
    reading.seen[iid] = n
    values = _numbers(row, problem)
    if ind.added:
        _check_new(reading, row, values, ind, problem)
    _check_labels(reading, row, ind, problem)
    _check_period(reading, row, values, problem)
    _check_values(values, base, problem)
    values = prior_from_two_year_avg(values)
    if _scale_target(values, ind, base) is None:  # a unit mistake is said of its own column
        _check_implied(values, ind, base, problem)
    reading.updates[iid] = values
    reading.sources[iid] = row.get("source", "")


def _numbers(row: dict[str, str], problem: _RowProblems) -> dict[str, float | None]:
    """The row's numeric cells (blank None; "6.25%" typed as text in a percent column 6.25)."""
    values: dict[str, float | None] = {}
    for col in (*FIGURE_OF, *ASSUMPTION_OF, TWO_YEAR_AVG, "months_elapsed"):
        raw = row.get(col, "")
        if col.endswith("_pct") and raw.endswith("%"):  # "6.25%" typed as text: 6.25
            raw = raw[:-1].rstrip()
        if raw == "":
            values[col] = None
            continue
        if not _NUMBER.match(raw) or not math.isfinite(float(raw)):
            problem("tpl_not_number", col, value=one_line(raw, limit=20))
            continue
        values[col] = float(raw)
    return values


def _check_labels(
    reading: _Reading, row: dict[str, str], ind: Indicator, problem: _RowProblems
) -> None:
    """The year, unit and kind cells: a year in range, the template's unit, a known kind."""
    year_cell = row.get("year", "")
    if year_cell != "":
        y = _year(year_cell)
        if y is None:
            problem("tpl_year", "year", value=one_line(year_cell, limit=10),
                    low=YEAR_RANGE[0], high=YEAR_RANGE[1])  # fmt: skip
        else:
            reading.years_seen.add(y)
    unit = row.get("unit", "").strip()
    if unit and unit not in UNITS:  # one list of units, each with its decimals
        problem("tpl_unit_unknown", "unit", value=one_line(unit, limit=20), units="、".join(UNITS))
    elif unit and unit != ind.unit:  # figures in another unit would be read as the template's
        problem("tpl_unit", "unit", value=one_line(unit, limit=20), unit=ind.unit)
    kind = row.get("kind", "")
    if kind and not any(kind.lower() in words for words in KIND_WORDS.values()):
        problem("tpl_kind", "kind", value=one_line(kind, limit=20), choices=", ".join(KINDS))
    group = row.get("group", "").strip()
    if group and group not in GROUPS:
        problem("tpl_group", "group", value=one_line(group, limit=20), groups=", ".join(GROUPS))
    for col, allowed in zip(SCALE_COLUMNS, (SERIES_TYPES, GEO_LEVELS), strict=True):
        value = row.get(col, "").strip()
        if value and value.lower() not in allowed:
            problem(f"tpl_{col}", col, value=one_line(value, limit=20), allowed=", ".join(allowed))
        elif value:
            reading.labels.setdefault(ind.id, {})[col] = value.lower()


def _kind_of(text: str) -> str | None:
    """The kind a table's ``kind`` cell names (any spelling of :data:`KIND_WORDS`), or None."""
    return next((k for k, w in KIND_WORDS.items() if text.strip().lower() in w), None)


def _new_indicator(row: dict[str, str]) -> Indicator:
    """The indicator a row with an id of its own adds: its names, unit, kind and group from
    the row (checked by :func:`_check_new`), no figures yet."""
    name_zh = row.get("name_zh", "").strip()
    return Indicator(
        id=row.get("id", ""),
        name_zh=name_zh,
        name_en=row.get("name_en", "").strip() or name_zh,
        unit=row.get("unit", "").strip(),
        kind=_kind_of(row.get("kind", "")) or "growth",  # type: ignore[arg-type]
        group=row.get("group", "").strip(),
        figures={},
        assumptions={},
        added=True,
    )


def _check_new(
    reading: _Reading,
    row: dict[str, str],
    values: dict[str, float | None],
    ind: Indicator,
    problem: _RowProblems,
) -> None:
    """A new indicator's row: its Chinese name, unit, kind and group given, and a target."""
    for col in LABEL_COLUMNS:
        if col != "name_en" and not row.get(col, "").strip():
            problem("tpl_new_label", col)
    if all(values.get(c) is None for c in TARGETS) and not any(
        p.key == "tpl_not_number" and p.params.get("col") in TARGETS
        for p in reading.problems
        if p.params.get("id") == ind.id
    ):
        problem("tpl_new_target", "target_value")
    reading.added[ind.id] = ind


def _check_year_targets(reading: _Reading, base: Dataset) -> None:
    """A table of another year than ``base``'s may not carry ``base``'s targets: a target
    equal to the base's in the same column is refused, naming row, indicator and column,
    unless the row's source cell names where it comes from (another source than the base's
    quotes). A year's targets never come from another year."""
    years = set(reading.years_seen)
    if len(years) != 1 or (year := years.pop()) == base.year:
        return
    old = {r["id"]: r for r in template_rows(base)}
    for iid, values in reading.updates.items():
        was, ind = old.get(iid), base.by_id.get(iid)
        if was is None or ind is None:
            continue
        source = reading.sources.get(iid, "").strip()
        quotes = {f.quote for f in ind.figures.values()}
        if source and not set(source.split("；")) <= quotes:  # a source of its own
            continue
        for col in TARGETS:
            v = values.get(col)
            if v is not None and was[col] is not None and _cell(v) == _cell(was[col]):
                reading.problems.append(
                    Problem(
                        "tpl_target_other_year",
                        row=reading.seen[iid],
                        header=reading.head(col),
                        col=col,
                        id=iid,
                        name=ind.name_zh,
                        name_en=ind.name_en,
                        value=_cell(v),
                        was_year=base.year,
                        year=year,
                    )
                )


def _check_period(
    reading: _Reading,
    row: dict[str, str],
    values: dict[str, float | None],
    problem: _RowProblems,
) -> None:
    """The months elapsed (a whole number 1–11, or 12 for the year-end table, period ``FY``)
    and a period code that agrees with them."""
    m = values.get("months_elapsed")
    if m is None or m != int(m) or not 1 <= m <= 12:
        problem("tpl_months", "months_elapsed")
        return
    reading.months_seen.add(int(m))
    period = row.get("period", "")
    code = period_code(int(m))
    names = {code, *(words(int(m), lg).ytd for lg in LANGS)}
    if period and (period not in names or not _PERIOD.match(code)):
        problem("tpl_period", "period", value=one_line(period, limit=10), months=int(m),
                code=code)  # fmt: skip
    reading.periods.add(code)


#: The growth columns of a row (each above −100% and at most :data:`GROWTH_MAX`).
_GROWTHS = (
    "ytd_growth_pct",
    "target_growth_pct",
    "prev_ytd_growth_pct",
    "prev_fy_growth_pct",
    "prev2_ytd_growth_pct",
    "prev2_fy_growth_pct",
    TWO_YEAR_AVG,
)


def prior_from_two_year_avg(values: dict[str, float | None]) -> dict[str, float | None]:
    """The row's values with the prior year's YTD growth from the two-year average growth a
    the releases print, where that column is blank: g_prev = (1 + a)² ÷ (1 + g1) − 1 (percent
    in and out); unchanged without a, g1 or with the prior year's figure given."""
    a, g1 = values.get(TWO_YEAR_AVG), values.get("ytd_growth_pct")
    if a is None or g1 is None or values.get("prev_ytd_growth_pct") is not None or g1 <= -100:
        return values
    return {**values, "prev_ytd_growth_pct": ((1 + a / 100) ** 2 / (1 + g1 / 100) - 1) * 100}


def _check_values(values: dict[str, float | None], base: Dataset, problem: _RowProblems) -> None:
    """Shares in 0–100, growth above −100% and at most :data:`GROWTH_MAX`, levels not
    negative nor above the data's ``level_max``, no zero divisor."""
    share = values.get("prior_share_pct")
    if share is not None and not 0 < share < 100:
        problem("tpl_share", "prior_share_pct", value=f"{share:g}")
    for col in _GROWTHS:
        g = values.get(col)
        if g is not None and g <= -100:
            problem("tpl_growth", col, value=f"{g:g}")
        elif g is not None and g > GROWTH_MAX:
            problem("tpl_growth_high", col, value=f"{g:g}", limit=f"{GROWTH_MAX:g}")
    for col in ("ytd_value", "target_value", "prior_fy_value", "target_increase"):
        v = values.get(col)
        if v is not None and v < 0 and col != "target_increase":
            problem("tpl_negative", col, value=f"{v:g}")
        elif v is not None and abs(v) > base.ranges.level_max:
            limit = f"{base.ranges.level_max:,.0f}"
            problem("tpl_level_high", col, value=f"{v:g}", limit=limit)
    for col in ("prior_fy_value", "target_value"):  # a divisor: 0 is no figure
        if values.get(col) == 0:
            problem("tpl_zero", col)


def _check_implied(
    values: dict[str, float | None], ind: Indicator, base: Dataset, problem: _RowProblems
) -> None:
    """A level target with its growth and the year-to-date figures must imply a prior-year
    share between 0 and 100% (cells refused above are not judged again)."""
    h1, g1 = values.get("ytd_value"), values.get("ytd_growth_pct")
    t, g = values.get("target_value"), values.get("target_growth_pct")
    in_range = all(v is not None and abs(v) <= base.ranges.level_max for v in (h1, t)) and all(
        v is not None and -100 < v <= GROWTH_MAX for v in (g1, g)
    )
    if ind.kind != "amount" and in_range and t:  # refused cells are said once, above
        assert h1 is not None and g1 is not None and g is not None  # in_range
        w = implied_prior_share(h1, g1, t, g)
        if not 0 < w < 100:
            problem("tpl_implied_share", _implied_col(values, ind), share=f"{w:.1f}")


def _implied_col(values: dict[str, float | None], ind: Indicator) -> str:
    """The column a broken identity of a row (or of the merged data) is said of: the target,
    unless the row repeats the data's targets or leaves them blank (a template's prefilled
    cells the clerk never touched) — then the year-to-date figure it changed."""
    same = all(
        values.get(c) is None or values.get(c) == ind.figure(c)
        for c in ("target_value", "target_growth_pct")
    )
    if same:
        for col, name in (("ytd_value", "h1_value"), ("ytd_growth_pct", "h1_growth_pct")):
            if values.get(col) != ind.figure(name):
                return col
    return "target_value"


def _scale_target(
    values: dict[str, float | None], ind: Indicator, base: Dataset, *, same_year: bool = True
) -> float | None:
    """The full-year target a row's year-to-date level is at least
    :data:`~model.plausibility.SCALE_TARGET` times (a unit mistake), else None. The target
    is the row's, else (same year) the data's."""
    from model.plausibility import SCALE_TARGET

    v = values.get("ytd_value")
    target = values.get("target_value")
    if target is None and same_year:
        target = amount_target(ind) if ind.kind == "amount" else ind.figure("target_value")
    if v is None or not target or target < 0 or v < SCALE_TARGET * target:
        return None
    return target


def _check_scale(reading: _Reading, base: Dataset, earlier: Sequence[Dataset]) -> None:
    """Unit mistakes, refused: a year-to-date level at least ten times its full-year target,
    or at least a hundred times the same indicator's figure of an earlier period of the same
    year stored before (``earlier``), each named by row, indicator and column with the likely
    fix (:func:`model.plausibility.scale_fix`)."""
    from model.plausibility import SCALE_EARLIER, scale_fix

    months = min(reading.months_seen) if len(reading.months_seen) == 1 else base.months_elapsed
    year = min(reading.years_seen) if len(reading.years_seen) == 1 else base.year
    shorter = sorted(
        (d for d in earlier if d.year == year and d.months_elapsed < months),
        key=lambda d: -d.months_elapsed,
    )
    for iid, values in reading.updates.items():
        v = values.get("ytd_value")
        if v is None or v <= 0:
            continue
        ind = base.by_id.get(iid) or reading.added.get(iid)  # a new indicator: the table's
        if ind is None:
            continue
        problem = _RowProblems(reading, {"row": reading.seen[iid], "id": iid,
                                         "name": ind.name_zh, "name_en": ind.name_en})  # fmt: skip
        fix = scale_fix(v, ind.unit)
        said = {"value": plain(v), "unit": ind.unit, **fix}
        said_before = len(reading.problems)
        suffix = "_fix" if fix else ""
        target = _scale_target(values, ind, base, same_year=year == base.year)
        if target is not None:
            times = f"{v / target:,.0f}"
            problem(f"tpl_scale_target{suffix}", "ytd_value", target=plain(target), times=times,
                    **said)  # fmt: skip
        prev = next(
            (
                (d, f)
                for d in shorter
                if (i := d.by_id.get(iid)) is not None and (f := i.figure("h1_value"))
            ),
            None,
        )
        if target is None and prev is not None and prev[1] > 0 and v >= SCALE_EARLIER * prev[1]:
            d = prev[0]
            problem(f"tpl_scale_earlier{suffix}", "ytd_value", was=plain(prev[1]),
                    times=f"{v / prev[1]:,.0f}", was_months=d.months_elapsed,
                    was_period=words(d.months_elapsed, "en").ytd, **said)  # fmt: skip
        if len(reading.problems) > said_before:  # one problem per cell: this one says more
            row = reading.seen[iid]
            reading.problems[:] = [
                p
                for p in reading.problems
                if not (p.key == "tpl_level_high" and p.params.get("row") == row
                        and p.params.get("col") == "ytd_value")
            ]  # fmt: skip


def _check_agreement(reading: _Reading) -> None:
    """Every row must give the same months elapsed and the same year."""
    if len(reading.months_seen) > 1:
        reading.problems.append(
            Problem(
                "tpl_months_disagree",
                header=reading.head("months_elapsed"),
                col="months_elapsed",
                values=", ".join(map(str, sorted(reading.months_seen))),
            )  # fmt: skip
        )
    if len(reading.years_seen) > 1:
        reading.problems.append(
            Problem(
                "tpl_years_disagree",
                header=reading.head("year"),
                col="year",
                values=", ".join(map(str, sorted(reading.years_seen))),
            )  # fmt: skip
        )


def _merged(reading: _Reading, base: Dataset) -> Dataset:
    """``base`` with the table's figures (see :func:`dataset_from_table`)."""
    updates, sources = reading.updates, reading.sources
    months = reading.months_seen.pop() if reading.months_seen else base.months_elapsed
    year = reading.years_seen.pop() if reading.years_seen else base.year
    same_year = year == base.year
    same = months == base.months_elapsed and same_year
    # a table of another year has only the indicators it lists; it may add its own
    listed = [i for i in base.indicators if same_year or i.id in updates]
    indicators = tuple(
        _updated(
            ind, updates[ind.id], sources[ind.id], period_code(months), same, same_year=same_year
        )
        if ind.id in updates
        else (ind if same else _period_cleared(ind, same_year=same_year))
        for ind in listed
    ) + tuple(
        _updated(
            ind, updates[ind.id], sources[ind.id], period_code(months), False, same_year=False
        )  # fmt: skip
        for ind in reading.added.values()
    )
    indicators = tuple(
        _scale_labels(
            _calendar_share(
                _period_reasons(_period_note(ind, base.months_elapsed, months), base, months),
                months,
                ind.added or not same_year,
            ),
            reading.labels.get(ind.id, {}),
        )
        for ind in indicators
    )
    digest = hashlib.sha256(
        repr(sorted((k, sorted(v.items())) for k, v in updates.items())).encode()
    ).hexdigest()[:8]
    return replace(
        base,
        indicators=indicators,
        by_id={i.id: i for i in indicators},
        year=year,
        months_elapsed=months,
        period=period_code(months),
        vintage=f"{year}{period_code(months)}.{digest}",
        # the parts of a total (the auto bases) are the base period's figures: another
        # period's total is not built from them
        drivers=base.drivers if same else (),
    )


def _scale_labels(ind: Indicator, cells: dict[str, str]) -> Indicator:
    """``ind`` with the table's ``series_type`` and ``geo_level`` (a blank cell: the
    indicator's own, the data file's)."""
    return replace(
        ind,
        series_type=cells.get("series_type", ind.series_type_default),
        geo_level=cells.get("geo_level", ind.geo_level_default),
    )


def uploaded_ids(ds: Dataset) -> list[str]:
    """The indicators with at least one figure from an uploaded table (in data order)."""
    return [ind.id for ind in ds.indicators if any(f.uploaded for f in ind.figures.values())]


def with_origin(ds: Dataset, label: str, filename: str, date: str) -> Dataset:
    """``ds`` knowing where its uploaded figures came from (its source lines name them)."""
    return replace(ds, upload=(label, filename, date))


def canonical(ds: Dataset) -> str:
    """The text a dataset is stored as: its template with actuals, as CSV (no BOM, CRLF)."""
    rows = template_rows(ds, with_actuals=True)
    return rows_csv(rows, COLUMNS).decode("utf-8").lstrip("\ufeff")


def from_canonical(text: str, base: Dataset) -> Dataset:
    """The dataset stored as ``text`` (see :func:`canonical`), built on ``base``."""
    return dataset_from_table(read_table(text.encode("utf-8"), "data.csv"), base)


def load_any(path: Path | str, earlier: Sequence[Dataset] = ()) -> Dataset:
    """A dataset from the TOML data file, or from a filled template (``.csv``, ``.xlsx``)
    applied to the shipped data file (see :mod:`model.template`): a new table, checked for
    unit mistakes against the shipped data and ``earlier`` (stored datasets), without the
    prior-year figures it carries from another period (:func:`carried_prior`, whose warnings
    the command line prints)."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DataFileError(f"data file {p} cannot be read: {exc.strerror}") from exc
        from datetime import date

        shipped = load_dataset()
        known = [shipped, *earlier]
        rows, _ = carried_prior(read_table(data, p.name), shipped, known)
        ds = dataset_from_table(rows, shipped, earlier=known)
        when = date.fromtimestamp(p.stat().st_mtime).isoformat()
        return with_origin(ds, p.name, p.name, when)
    return load_dataset(p)
