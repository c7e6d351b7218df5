"""The fill-in table of a progress meeting: write it (prefilled with the data in use), read a
filled one (CSV in UTF-8, UTF-8 with BOM or GBK, or XLSX) and turn it into a dataset.

Columns (blank = unknown): ``id, name_zh, unit, kind, period, months_elapsed, ytd_value,
ytd_growth_pct, target_value, target_growth_pct, target_increase, prior_share_pct,
prior_fy_value, prev_ytd_growth_pct, prev_fy_growth_pct, source``. "ytd" is the year to date
over ``months_elapsed`` months (H1 at 6); ``prior_share_pct`` the prior year's share of the
same period in its full year; ``prev_*`` the prior year's same-period and full-year growth.

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
from model.projection import amount_target

COLUMNS: tuple[str, ...] = (
    "id",
    "name_zh",
    "unit",
    "kind",
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
}
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_PERIOD = re.compile(r"^(Q1|H1|Q3|M(?:[1-9]|1[01]))\Z")


class TemplateError(DataFileError):
    """A filled template with problems; ``problems`` lists every one (``row R, column C: why``)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else "invalid template")
        self.problems = problems


def _value(ind: Indicator, name: str) -> float | None:
    if name in ind.figures:
        return ind.figures[name].value
    a = ind.assumptions.get(name)
    return None if a is None else a.default


def template_rows(ds: Dataset, *, with_actuals: bool = False) -> list[dict[str, Any]]:
    """The template of ``ds``: one row per indicator with its targets in use (a target stated
    as a share of the task is written as its level), and its actuals only ``with_actuals``."""
    rows = []
    for ind in ds.indicators:
        row: dict[str, Any] = {c: None for c in COLUMNS}
        row.update(
            id=ind.id,
            name_zh=ind.name_zh,
            unit=ind.unit,
            kind=ind.kind,
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
        if not with_actuals:
            for col in ACTUALS:
                row[col] = None
        uploaded = {f.quote for f in ind.figures.values() if f.section.startswith(UPLOADED)}
        quotes = uploaded or {f.quote for f in ind.figures.values()}
        row["source"] = "；".join(sorted(quotes)) if quotes else ""
        rows.append(row)
    return rows


def _cell(v: Any) -> str:
    """A CSV cell: blank for None; a float as the shortest text that reads back exactly."""
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def write_template(ds: Dataset, kind: str = "csv", *, with_actuals: bool = False) -> bytes:
    """The template as CSV (UTF-8 with BOM) or XLSX bytes."""
    rows = template_rows(ds, with_actuals=with_actuals)
    if kind == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([_cell(r[c]) for c in COLUMNS])
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
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    raise ValueError(f"format: '{kind}' is not one of csv, xlsx")


def read_table(data: bytes, filename: str) -> list[dict[str, str]]:
    """The rows of a filled template as text cells; :class:`TemplateError` when unreadable."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            from openpyxl import load_workbook

            ws = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
            values = [
                ["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)
            ]
        except Exception as exc:  # noqa: BLE001 - any reader failure is the user's file
            raise TemplateError([f"file: not a readable XLSX file ({type(exc).__name__})"]) from exc
    else:
        text = None
        for enc in ("utf-8-sig", "gbk"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise TemplateError(["file: unknown text encoding (use UTF-8, UTF-8 with BOM or GBK)"])
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise TemplateError(["file: empty"])
    head = [h.strip().lstrip("\ufeff") for h in values[0]]
    missing = [c for c in ("id", "months_elapsed") if c not in head]
    if missing:
        raise TemplateError([f"row 1: missing columns: {', '.join(missing)}"])
    return [
        {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(head) if h}
        for row in values[1:]
        if any(cell.strip() for cell in row)
    ]


def dataset_from_table(rows: list[dict[str, str]], base: Dataset) -> Dataset:
    """``base`` with the figures, targets and assumption defaults of a filled template (its
    indicators, drivers, presets, thresholds and ranges are kept). Every problem is listed
    (:class:`TemplateError`)."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    months_seen: set[int] = set()
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
            if raw == "":
                values[col] = None
                continue
            if not _NUMBER.match(raw) or not math.isfinite(float(raw)):
                problems.append(
                    f"{where}, column {col}: '{one_line(raw, limit=20)}' is not a number"
                )
                continue
            values[col] = float(raw)
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
    if problems:
        raise TemplateError(problems)
    months = months_seen.pop() if months_seen else base.months_elapsed
    indicators = tuple(
        _updated(
            ind,
            updates[ind.id],
            sources[ind.id],
            period_code(months),
            months == base.months_elapsed,
        )
        if ind.id in updates
        else (ind if months == base.months_elapsed else _period_cleared(ind))
        for ind in base.indicators
    )
    digest = hashlib.sha256(
        repr(sorted((k, sorted(v.items())) for k, v in updates.items())).encode()
    ).hexdigest()[:8]
    ds = replace(
        base,
        indicators=indicators,
        by_id={i.id: i for i in indicators},
        months_elapsed=months,
        period=period_code(months),
        vintage=f"{base.year}{period_code(months)}.{digest}",
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


def _period_cleared(ind: Indicator) -> Indicator:
    """``ind`` without its year-to-date figures and period-bound defaults (its annual targets,
    prior-year level and growth stay): an indicator the table of a new period leaves out is
    unknown for that period, not its old period's figures. A target stated as a share of the
    task done is kept as the level it implies."""
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


def _updated(
    ind: Indicator, values: dict[str, float | None], source: str, period: str, same_period: bool
) -> Indicator:
    """``ind`` with the uploaded figures (blank = unknown). A blank prior-year share keeps its
    default only for the period the default was made for."""
    quote = source or UNSOURCED
    figures = {k: v for k, v in ind.figures.items() if k not in FIGURE_OF.values()}
    done = ind.figures.get("target_share_done_pct")
    derived = amount_target(ind) if done is not None else None
    if values.get("target_value") is not None:
        figures.pop("target_share_done_pct", None)
        if done is not None and values["target_value"] == derived:  # the level it implied
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
        if v is not None and old is not None and old.value == v and (same_period or col in TARGETS):
            figures[name] = old  # the same figure: its source stays the one it had
        elif v is not None:
            figures[name] = Figure(v, f"{UPLOADED} {period}", quote)
    assumptions = dict(ind.assumptions)
    for col, param in ASSUMPTION_OF.items():
        v = values.get(col)
        if param in assumptions:
            keep = col == "prior_share_pct" and same_period
            default = v if v is not None else (assumptions[param].default if keep else None)
            assumptions[param] = replace(assumptions[param], default=default)
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
    text = "\n".join(",".join(_normal(r[c]) for c in VALUE_COLUMNS) for r in rows)
    return hashlib.sha256(f"{','.join(VALUE_COLUMNS)}\n{text}".encode()).hexdigest()[:DATA_ID_CHARS]


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
