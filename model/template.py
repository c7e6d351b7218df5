"""The fill-in table of a progress meeting: write it (prefilled with the data in use), read a
filled one (CSV in UTF-8, UTF-8 with BOM or GBK, or XLSX) and turn it into a dataset.

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
months outside 1–11, periods that disagree with each other or with the months, a share
outside 0–100, a growth at or below −100%, negative levels, and identities a model cannot
hold (a level target with its growth implying a prior-year share ≥ 100%).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from model.cells import csv_row, csv_unescape, xlsx_strings
from model.data import (
    Assumption,
    DataFileError,
    Dataset,
    Figure,
    Indicator,
    check_identities,
    load_dataset,
    period_code,
    register_data_id,
)
from model.fmt import one_line
from model.limits import UploadRefused, capped, control_problems, table_rows
from model.projection import amount_target

COLUMNS: tuple[str, ...] = (
    "id",
    "name_zh",
    "unit",
    "kind",
    "year",
    "period",
    "months_elapsed",
    "ytd_value",
    "ytd_growth_pct",
    "target_value",
    "target_growth_pct",
    "target_increase",
    "prior_share_pct",
    "prior_fy_value",
    "prev_ytd_growth_pct",
    "prev_fy_growth_pct",
    "prev2_ytd_growth_pct",
    "prev2_fy_growth_pct",
    "source",
)
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
#: The columns of the prior year (and the one before): filled only in a template of the
#: data's own year.
PRIOR_COLUMNS: tuple[str, ...] = tuple(ASSUMPTION_OF)
#: The years a table may name.
YEAR_RANGE = (1990, 2100)
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_PERIOD = re.compile(r"^(Q1|H1|Q3|M(?:[1-9]|1[01]))\Z")


class TemplateError(DataFileError):
    """A filled template with problems; ``problems`` lists every one (``row R, column C: why``)."""

    def __init__(self, problems: list[str], *, lang: str = "en") -> None:
        super().__init__(problems[0] if problems else "invalid template")
        self.problems = capped(problems, lang)


def _value(ind: Indicator, name: str) -> float | None:
    if name in ind.figures:
        return ind.figures[name].value
    a = ind.assumptions.get(name)
    return None if a is None else a.default


def template_rows(
    ds: Dataset, *, with_actuals: bool = False, year: int | None = None
) -> list[dict[str, Any]]:
    """The template of ``ds``: one row per indicator with its targets in use (a target stated
    as a share of the task is written as its level), and its actuals only ``with_actuals``.
    ``year`` (default the data's year) fills the ``year`` column; for another year the
    targets, the prior-year columns and the actuals stay blank (unknown)."""
    year = ds.year if year is None else year
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year: {year} is not between {YEAR_RANGE[0]} and {YEAR_RANGE[1]}")
    rows = []
    for ind in ds.indicators:
        row: dict[str, Any] = {c: None for c in COLUMNS}
        row.update(
            id=ind.id,
            name_zh=ind.name_zh,
            unit=ind.unit,
            kind=ind.kind,
            year=year,
            period=ds.period_code,
            months_elapsed=ds.months_elapsed,
        )
        for col, name in FIGURE_OF.items():
            row[col] = ind.figure(name)
        if ind.kind == "amount" and row["target_value"] is None:
            row["target_value"] = amount_target(ind)
        for col, param in ASSUMPTION_OF.items():
            row[col] = _value(ind, param)
        if ind.figure("h1_value") is None and "h1_value" in ind.assumptions:
            row["ytd_value"] = _value(ind, "h1_value")
        if not with_actuals or year != ds.year:
            for col in ACTUALS:
                row[col] = None
        if year != ds.year:
            for col in (*TARGETS, *PRIOR_COLUMNS):
                row[col] = None
        uploaded = {f.quote for f in ind.figures.values() if f.section.startswith(UPLOADED)}
        quotes = uploaded or {f.quote for f in ind.figures.values()}
        row["source"] = "；".join(sorted(quotes)) if quotes and year == ds.year else ""
        rows.append(row)
    return rows


def _cell(v: Any) -> str:
    """A CSV cell: blank for None; a float as the shortest text that reads back exactly."""
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def write_template(
    ds: Dataset, kind: str = "csv", *, with_actuals: bool = False, year: int | None = None
) -> bytes:
    """The template as CSV (UTF-8 with BOM) or XLSX bytes (``year``: see
    :func:`template_rows`)."""
    rows = template_rows(ds, with_actuals=with_actuals, year=year)
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow(csv_row(_cell(r[c]) for c in COLUMNS))
        return ("\ufeff" + buf.getvalue()).encode("utf-8")
    if kind == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "data"
        ws.append(list(COLUMNS))
        for r in rows:
            ws.append([r[c] for c in COLUMNS])
        ws.freeze_panes = "A2"
        xlsx_strings(wb)
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    raise ValueError(f"format: '{kind}' is not one of csv, xlsx")


def read_table(data: bytes, filename: str, *, lang: str = "en") -> list[dict[str, str]]:
    """The rows of a filled template as text cells; :class:`TemplateError` when unreadable,
    over a cap of :mod:`model.limits` (bytes, uncompressed size, rows, columns, cells) or
    holding a control character (every such cell named). CSV line endings may be CRLF, LF or
    CR alone; a percent-formatted XLSX cell reads as the percent shown (6.25% is 6.25); a
    text cell escaped by the writer (a leading apostrophe) reads as the text it escaped."""
    try:
        values = table_rows(data, filename, lang)
    except UploadRefused as exc:
        raise TemplateError([f"file: {exc}" if lang == "en" else str(exc)]) from exc
    if not values:
        raise TemplateError(["file: empty"])
    bad = control_problems(values, lang)
    if bad:
        raise TemplateError(bad, lang=lang)
    head = [h.strip().lstrip("\ufeff") for h in values[0]]
    missing = [c for c in ("id", "months_elapsed") if c not in head]
    if missing:
        raise TemplateError([f"row 1: missing columns: {', '.join(missing)}"])
    return [
        {h: (csv_unescape(row[i].strip()) if i < len(row) else "") for i, h in enumerate(head) if h}
        for row in values[1:]
        if any(cell.strip() for cell in row)
    ]


def dataset_from_table(rows: list[dict[str, str]], base: Dataset, *, lang: str = "en") -> Dataset:
    """``base`` with the figures, targets and assumption defaults of a filled template (its
    indicators, drivers, presets, thresholds and ranges are kept). Every problem is listed
    (:class:`TemplateError`)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    months_seen: set[int] = set()
    years_seen: set[int] = set()
    periods: set[str] = set()
    updates: dict[str, dict[str, float | None]] = {}
    sources: dict[str, str] = {}
    for n, row in enumerate(rows, start=2):
        iid = row.get("id", "")
        where = f"row {n}"
        if iid not in base.by_id:
            problems.append(f"{where}, column id: unknown id '{one_line(iid, limit=40)}'")
            continue
        if iid in seen:
            problems.append(f"{where}, column id: '{iid}' given again (first in row {seen[iid]})")
            continue
        seen[iid] = n
        values: dict[str, float | None] = {}
        for col in (*FIGURE_OF, *ASSUMPTION_OF, "months_elapsed"):
            raw = row.get(col, "")
            if col.endswith("_pct") and raw.endswith("%"):  # "6.25%" typed as text: 6.25
                raw = raw[:-1].rstrip()
            if raw == "":
                values[col] = None
                continue
            if not _NUMBER.match(raw) or not math.isfinite(float(raw)):
                problems.append(
                    f"{where}, column {col}: '{one_line(raw, limit=20)}' is not a number"
                )
                continue
            values[col] = float(raw)
        year_cell = row.get("year", "")
        if year_cell != "":
            y = _year(year_cell)
            if y is None:
                problems.append(
                    f"{where}, column year: '{one_line(year_cell, limit=10)}' must be a whole "
                    f"number from {YEAR_RANGE[0]} to {YEAR_RANGE[1]}"
                )
            else:
                years_seen.add(y)
        m = values.get("months_elapsed")
        if m is None or m != int(m) or not 1 <= m <= 11:
            problems.append(f"{where}, column months_elapsed: must be a whole number from 1 to 11")
        else:
            months_seen.add(int(m))
            period = row.get("period", "")
            if period and (not _PERIOD.match(period) or period != period_code(int(m))):
                problems.append(
                    f"{where}, column period: '{one_line(period, limit=10)}' does not match "
                    f"{int(m)} months elapsed ({period_code(int(m))})"
                )
            periods.add(period_code(int(m)))
        share = values.get("prior_share_pct")
        if share is not None and not 0 < share < 100:
            problems.append(f"{where}, column prior_share_pct: {share:g} must be between 0 and 100")
        for col in (
            "ytd_growth_pct",
            "target_growth_pct",
            "prev_ytd_growth_pct",
            "prev_fy_growth_pct",
            "prev2_ytd_growth_pct",
            "prev2_fy_growth_pct",
        ):
            g = values.get(col)
            if g is not None and g <= -100:
                problems.append(f"{where}, column {col}: {g:g} must be above -100")
        for col in ("ytd_value", "target_value", "prior_fy_value"):
            v = values.get(col)
            if v is not None and v < 0:
                problems.append(f"{where}, column {col}: {v:g} must not be negative")
        if values.get("prior_fy_value") == 0:
            problems.append(f"{where}, column prior_fy_value: must be above 0")
        h1, g1 = values.get("ytd_value"), values.get("ytd_growth_pct")
        t, g = values.get("target_value"), values.get("target_growth_pct")
        kind = base.by_id[iid].kind
        if kind != "amount" and None not in (h1, g1, t, g) and t and g1 > -100 and g > -100:
            w = (h1 / (1 + g1 / 100)) / (t / (1 + g / 100)) * 100
            if not 0 < w < 100:
                problems.append(
                    f"{where}, column target_value: with the year-to-date figures it implies a "
                    f"prior-year share of {w:.1f}%, which must be below 100%"
                )
        updates[iid] = values
        sources[iid] = row.get("source", "")
    if len(months_seen) > 1:
        problems.append(
            f"column months_elapsed: the rows disagree ({', '.join(map(str, sorted(months_seen)))})"
        )
    if len(years_seen) > 1:
        problems.append(
            f"column year: the rows disagree ({', '.join(map(str, sorted(years_seen)))})"
        )
    if problems:
        raise TemplateError(problems, lang=lang)
    months = months_seen.pop() if months_seen else base.months_elapsed
    year = years_seen.pop() if years_seen else base.year
    same_year = year == base.year
    same = months == base.months_elapsed and same_year
    indicators = tuple(
        _updated(
            ind, updates[ind.id], sources[ind.id], period_code(months), same, same_year=same_year
        )
        if ind.id in updates
        else (ind if same else _period_cleared(ind, same_year=same_year))
        for ind in base.indicators
    )
    digest = hashlib.sha256(
        repr(sorted((k, sorted(v.items())) for k, v in updates.items())).encode()
    ).hexdigest()[:8]
    ds = replace(
        base,
        indicators=indicators,
        by_id={i.id: i for i in indicators},
        year=year,
        months_elapsed=months,
        period=period_code(months),
        vintage=f"{year}{period_code(months)}.{digest}",
    )
    try:
        check_identities(ds)
    except DataFileError as exc:
        iid = str(exc).split("'")[1] if "'" in str(exc) else ""
        row = seen.get(iid, 0)
        raise TemplateError([f"row {row}, column target_value: {exc}"]) from exc
    return ds


#: The section of an uploaded figure, and its quote when the table's source cell is blank.
UPLOADED = "上传表格"
UNSOURCED = "上传表格，未注明来源"
#: Columns that state the year's targets (valid whatever the period).
TARGETS = ("target_value", "target_growth_pct", "target_increase")

#: What describes a period rather than the year: cleared from an indicator a table of another
#: period leaves out, so its old year-to-date figures never pass for the new period's.
PERIOD_FIGURES = ("h1_value", "h1_growth_pct", "target_share_done_pct")
PERIOD_ASSUMPTIONS = ("h1_share", "prev_h1_growth", "h1_value", "h1_growth")


def _period_cleared(ind: Indicator, *, same_year: bool = True) -> Indicator:
    """``ind`` without its year-to-date figures and period-bound defaults (its annual targets,
    prior-year level and growth stay): an indicator the table of a new period leaves out is
    unknown for that period, not its old period's figures. A target stated as a share of the
    task done is kept as the level it implies. For a table of another year nothing of the
    old year stays: no figure, no assumption default (blank stays unknown)."""
    if not same_year:
        return replace(ind, figures={}, assumptions=_year_cleared(ind.assumptions))
    figures = {k: v for k, v in ind.figures.items() if k not in PERIOD_FIGURES}
    if "target_share_done_pct" in ind.figures and "target_value" not in figures:
        level = amount_target(ind)
        if level is not None:
            done = ind.figures["target_share_done_pct"]
            figures["target_value"] = Figure(level, done.section, done.quote)
    assumptions = {
        k: (replace(a, default=None) if k in PERIOD_ASSUMPTIONS else a)
        for k, a in ind.assumptions.items()
    }
    return replace(ind, figures=figures, assumptions=assumptions)


def _year_cleared(assumptions: dict[str, Assumption]) -> dict[str, Assumption]:
    """The assumptions of a table of another year: no default of the old year, and no reason
    that names the old year's figures (blank stays unknown)."""
    return {
        k: replace(
            a,
            default=None,
            reason_zh="上传表格未给出（另一年份的表）",
            reason_en="not given in the table (a table of another year)",
            source=None,
        )
        for k, a in assumptions.items()
    }


def _updated(
    ind: Indicator,
    values: dict[str, float | None],
    source: str,
    period: str,
    same_period: bool,
    *,
    same_year: bool = True,
) -> Indicator:
    """``ind`` with the uploaded figures (blank = unknown). A blank prior-year share keeps its
    default only for the period (of the year) the default was made for."""
    quote = source or UNSOURCED
    figures = {k: v for k, v in ind.figures.items() if k not in FIGURE_OF.values()}
    done = ind.figures.get("target_share_done_pct")
    if not same_year:  # nothing of the old year's figures: blank stays unknown
        figures, done = {}, None
    derived = amount_target(ind) if done is not None else None
    if values.get("target_value") is not None:
        figures.pop("target_share_done_pct", None)
        # the level it implied, as a spreadsheet keeps it (Excel holds 15 digits, not 17)
        if done is not None and _normal(values["target_value"]) == _normal(derived):
            if same_period and values.get("ytd_value") in (None, ind.figure("h1_value")):
                figures["target_share_done_pct"] = done
                values = {**values, "target_value": None}
            else:
                figures["target_value"] = Figure(derived, done.section, done.quote)
    for col, name in FIGURE_OF.items():
        v = values.get(col)
        if name in figures and col == "target_value":
            continue
        old = ind.figures.get(name)
        same = same_period or (col in TARGETS and same_year)
        if v is not None and old is not None and old.value == v and same:
            figures[name] = old  # the same figure: its source stays the one it had
        elif v is not None:
            figures[name] = Figure(v, f"{UPLOADED} {period}", quote)
    assumptions = dict(ind.assumptions if same_year else _year_cleared(ind.assumptions))
    for col, param in ASSUMPTION_OF.items():
        v = values.get(col)
        if param in assumptions:
            keep = col == "prior_share_pct" and same_period
            default = v if v is not None else (assumptions[param].default if keep else None)
            assumptions[param] = replace(assumptions[param], default=default)
            if not same_year and v is not None:
                assumptions[param] = replace(
                    assumptions[param],
                    reason_zh="上传数据",
                    reason_en="uploaded data",
                    source=quote,
                )
        elif v is not None:
            assumptions[param] = Assumption(
                param,
                v,
                "%" if col.endswith("_pct") else ind.unit,
                "上传数据",
                "uploaded data",
                quote,
            )
    # an amount whose H1 value the source lacked (an assumption) takes the uploaded value
    if ind.kind == "amount" and values.get("ytd_value") is not None and "h1_value" in assumptions:
        assumptions.pop("h1_value")
    return replace(ind, figures=figures, assumptions=assumptions)


# --- stored datasets: one canonical text, one id ----------------------------------------
#: The columns whose values make a dataset's id (its figures, not its labels or sources).
VALUE_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in ("name_zh", "source"))
#: Columns added after datasets were first stored: they enter the id only when filled (the
#: ``year`` only when it is not :data:`ID_BASE_YEAR`), so every id made before they existed
#: (the shipped data's b2558a7f3282, stored datasets, saved scenarios, ``data=`` links) stays.
LATER_COLUMNS: tuple[str, ...] = ("year", "prev2_ytd_growth_pct", "prev2_fy_growth_pct")
#: The year of every dataset stored before the ``year`` column existed.
ID_BASE_YEAR = 2021
DATA_ID_CHARS = 12
_ID = re.compile(rf"^[0-9a-f]{{{DATA_ID_CHARS}}}\Z")


def canonical(ds: Dataset) -> str:
    """The text a dataset is stored as: its template with actuals, as CSV (no BOM, CRLF)."""
    return write_template(ds, "csv", with_actuals=True).decode("utf-8").lstrip("\ufeff")


def data_id(ds: Dataset) -> str:
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
        return any(r[c] is not None for r in rows)

    cols = [c for c in VALUE_COLUMNS if hashed(c)]
    text = "\n".join(",".join(_normal(r[c]) for c in cols) for r in rows)
    return hashlib.sha256(f"{','.join(cols)}\n{text}".encode()).hexdigest()[:DATA_ID_CHARS]


def _year(text: str) -> int | None:
    """A year cell as a whole number in :data:`YEAR_RANGE` (``2022`` or ``2022.0``), else None."""
    if not _NUMBER.match(text):
        return None
    v = float(text)
    if not v.is_integer() or not YEAR_RANGE[0] <= v <= YEAR_RANGE[1]:
        return None
    return int(v)


def stale_prior_figures(rows: list[dict[str, str]], in_use: Dataset) -> list[str]:
    """Warnings for a table whose year differs from the data in use but which still carries
    that data's prior-year figures (the same value in the same column): one line each,
    naming the row, the column and the figure. Empty when the years agree."""
    years = {_year(r.get("year", "")) for r in rows if r.get("year", "")} - {None}
    if len(years) != 1:
        return []
    year = years.pop()
    if year == in_use.year:
        return []
    old = {r["id"]: r for r in template_rows(in_use)}
    out = []
    for n, row in enumerate(rows, start=2):
        mine = old.get(row.get("id", ""))
        if mine is None:
            continue
        for col in PRIOR_COLUMNS:
            raw, was = row.get(col, ""), mine.get(col)
            if raw and was is not None and _NUMBER.match(raw) and float(raw) == was:
                out.append(
                    f"row {n}, column {col}: {raw} is the {in_use.year} data's figure "
                    f"({_cell(was)}), not one for {year}; clear it or enter {year}'s"
                )
    return out


def _normal(v: Any) -> str:
    """A value as the data id sees it: floats to 12 significant digits, -0 as 0."""
    if isinstance(v, float):
        text = f"{v:.12g}"
        return "0" if text == "-0" else text
    return _cell(v)


def is_data_id(text: str) -> bool:
    """Whether ``text`` has the form of a data or history id (12 lowercase hex digits)."""
    return bool(_ID.match(text))


def from_canonical(text: str, base: Dataset) -> Dataset:
    """The dataset stored as ``text`` (see :func:`canonical`), built on ``base``."""
    return dataset_from_table(read_table(text.encode("utf-8"), "data.csv"), base)


def history_id(canonical_history: str) -> str:
    """The id of a history table stored as ``canonical_history`` (SHA-256, 12 hex digits)."""
    return hashlib.sha256(canonical_history.encode()).hexdigest()[:DATA_ID_CHARS]


register_data_id(data_id)  # what Dataset.data_id calls


def load_any(path: Path | str) -> Dataset:
    """A dataset from the TOML data file, or from a filled template (``.csv``, ``.xlsx``)
    applied to the shipped data file (see :mod:`model.template`)."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DataFileError(f"data file {p} cannot be read: {exc.strerror}") from exc
        return dataset_from_table(read_table(data, p.name), load_dataset())
    return load_dataset(p)
