"""Checks of a filled table against the data of other years and periods: a table of another
year that still carries the prior-year figures of the data in use (:func:`stale_prior_figures`,
a warning), and the period-dependent prior-year figures a table carries unchanged from a
dataset of another period (:func:`carried_prior`, dropped with a warning)."""

from __future__ import annotations

from collections.abc import Sequence

from model.data import Dataset, Indicator
from model.messages import Text
from model.messages import text as keyed_text
from model.period import words
from model.table import (
    NUMBER,
    PRIOR_COLUMNS,
    YEAR_RANGE,
    Table,
    as_table,
    template_rows,
)
from model.table import cell as _cell
from model.table_merge import PERIOD_PRIOR


def _cell_said(
    key: str, table: Table, n: int, col: str, ind: Indicator, /, **params: object
) -> Text:
    """The keyed warning ``key`` about one cell of ``table``: its row number, column and header,
    and the indicator (id, names) it belongs to, with ``params``."""
    return keyed_text(
        key,
        row=n,
        col=col,
        header=table.headers.get(col, col),
        id=ind.id,
        name=ind.name_zh,
        name_en=ind.name_en,
        **params,
    )


def _year(text: str) -> int | None:
    """A year cell as a whole number in :data:`YEAR_RANGE` (``2022`` or ``2022.0``), else None."""
    if not NUMBER.match(text):
        return None
    v = float(text)
    if not v.is_integer() or not YEAR_RANGE[0] <= v <= YEAR_RANGE[1]:
        return None
    return int(v)


def stale_prior_figures(rows: list[dict[str, str]], in_use: Dataset) -> list[Text]:
    """Warnings for a table whose year differs from the data in use but which still carries
    that data's prior-year figures (the same value in the same column): one each, naming the
    row, the indicator, the column and the figure (a keyed :class:`~model.messages.Text`: the
    command line's English, the app's words in the UI language). Empty when the years agree."""
    table = as_table(rows)
    years = {_year(r.get("year", "")) for r in table if r.get("year", "")} - {None}
    if len(years) != 1:
        return []
    year = years.pop()
    if year == in_use.year:
        return []
    old = {r["id"]: r for r in template_rows(in_use)}
    out = []
    for n, row in zip(table.numbers, table, strict=True):
        mine = old.get(row.get("id", ""))
        if mine is None:
            continue
        ind = in_use.by_id[row["id"]]
        for col in PRIOR_COLUMNS:
            raw, was = row.get(col, ""), mine.get(col)
            if raw and was is not None and NUMBER.match(raw) and float(raw) == was:
                out.append(
                    _cell_said(
                        "tpl_stale_prior",
                        table,
                        n,
                        col,
                        ind,
                        value=raw,
                        was=_cell(was),
                        was_year=in_use.year,
                        year=year,
                    )
                )
    return out


def _table_period(table: Table, base: Dataset) -> tuple[int, int] | None:
    """(year, months) a table names (its year blank: ``base``'s), or None when its rows do
    not agree on one valid months elapsed (the reader refuses it)."""
    months = {r.get("months_elapsed", "") for r in table}
    years = {_year(r.get("year", "")) for r in table if r.get("year", "")}
    if len(months) != 1 or len(years) > 1 or None in years:
        return None
    raw = months.pop()
    if not NUMBER.match(raw) or not float(raw).is_integer() or not 1 <= float(raw) <= 11:
        return None
    year = years.pop() if years else base.year
    return (base.year if year is None else year), int(float(raw))


def carried_prior(
    rows: list[dict[str, str]], base: Dataset, earlier: Sequence[Dataset]
) -> tuple[Table, list[Text]]:
    """The table without the period-dependent prior-year figures (:data:`PERIOD_PRIOR`) it
    carries unchanged from a dataset of ``earlier`` (the shipped and stored ones) of the same
    year and another period, where no dataset of its own period has the same figure: such a
    figure describes the other period (上半年's −5.5 is not 前三季度's), so it is dropped,
    never used by the baseline. With one warning per figure dropped, naming the row, the
    indicator, the column, the figure and both periods (a keyed
    :class:`~model.messages.Text`). The table itself when nothing is carried."""
    table = as_table(rows)
    named = _table_period(table, base)
    if named is None:
        return table, []
    year, months = named
    others: dict[tuple[str, str], dict[float, int]] = {}  # (id, col) → value → its months
    own: set[tuple[str, str, float]] = set()
    for d in earlier:
        if d.year != year:
            continue
        for r in template_rows(d):
            for col in PERIOD_PRIOR:
                if r[col] is None:
                    continue
                if d.months_elapsed == months:
                    own.add((r["id"], col, r[col]))
                else:
                    others.setdefault((r["id"], col), {}).setdefault(r[col], d.months_elapsed)
    out = Table(dict(r) for r in table)
    out.numbers, out.headers = table.numbers, table.headers
    said: list[Text] = []
    for n, row in zip(out.numbers, out, strict=True):
        iid = row.get("id", "")
        for col in PERIOD_PRIOR:
            raw = row.get(col, "")
            if iid not in base.by_id or not raw or not NUMBER.match(raw):
                continue
            v = float(raw)
            was = others.get((iid, col), {}).get(v)
            if was is None or (iid, col, v) in own:
                continue
            row[col] = ""
            ind = base.by_id[iid]
            said.append(
                _cell_said(
                    "tpl_prior_period",
                    table,
                    n,
                    col,
                    ind,
                    value=raw,
                    months=months,
                    period=words(months, "en").ytd,
                    was_months=was,
                    was_period=words(was, "en").ytd,
                )
            )
    return (out, said) if said else (table, [])
