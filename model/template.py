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
months outside 1–11, periods that disagree with each other or with the months, a share
outside 0–100, a growth at or below −100%, negative levels, and identities a model cannot
hold (a level target with its growth implying a prior-year share ≥ 100%).
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from model.cells import csv_unescape
from model.data import (
    KINDS,
    Assumption,
    DataFileError,
    Dataset,
    Figure,
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
from model.data_id import normal as _normal
from model.fmt import one_line
from model.limits import UploadRefused, capped, control_problems, table_rows
from model.messages import Problem, Text
from model.messages import text as keyed_text
from model.period import months_of, periodize, words
from model.table import (  # noqa: F401  (re-exported: where callers import them from)
    ASSUMPTION_OF,
    COLUMN_INFO,
    COLUMNS,
    FIGURE_OF,
    ID_ROW,
    KIND_WORDS,
    PRIOR_COLUMNS,
    TARGETS,
    UNSOURCED,
    UPLOADED,
    YEAR_RANGE,
    Column,
    amount_target,
    header,
    rows_csv,
    table_words,
    template_rows,
)
from model.table import cell as _cell

#: The highest growth (%) a table may give: above it a cell is a typo or a wrong unit.
GROWTH_MAX = 1000.0
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_PERIOD = re.compile(r"^(Q1|H1|Q3|M(?:[1-9]|1[01]))\Z")


class TemplateError(DataFileError):
    """A filled template with problems; ``problems`` lists every one (``row R, column C: why``)
    as English text, ``items`` the same as :class:`~model.messages.Problem` (key + params) for
    the app to render in the UI language."""

    def __init__(self, problems: list[Problem] | list[str], *, lang: str = "en") -> None:
        # a plain string (a check not yet given a message key, or a line of model.limits
        # already in ``lang``) is shown as it is; a long list is capped (model.limits)
        items = [
            p if isinstance(p, Problem) else Problem("raw", error=p)
            for p in capped(list(problems), lang)
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


class Table(list):  # type: ignore[type-arg]
    """The rows of a filled template (``dict`` column id → text cell), with the spreadsheet
    row number of each (``numbers``) and each column's header as the file wrote it
    (``headers``)."""

    numbers: list[int]
    headers: dict[str, str]


def _as_table(rows: list[dict[str, str]]) -> Table:
    if isinstance(rows, Table):
        return rows
    out = Table(rows)
    out.numbers = list(range(2, len(rows) + 2))
    out.headers = {}
    return out


def read_table(data: bytes, filename: str, *, lang: str = "en") -> Table:
    """The rows of a filled template as text cells (:class:`Table`); :class:`TemplateError`
    when unreadable, over a cap of :mod:`model.limits` (bytes, uncompressed size, rows,
    columns, cells) or holding a control character (every such cell named). The header row
    may name the columns by id or as a clerk's template does (Chinese or English); an XLSX's
    hidden row of ids under it is read as the header. CSV line endings may be CRLF, LF or CR
    alone; a percent-formatted XLSX cell reads as the percent shown (6.25% is 6.25); a text
    cell escaped by the writer (a leading apostrophe) reads as the text it escaped."""
    try:
        values = table_rows(data, filename, lang)
    except UploadRefused as exc:
        raise TemplateError([f"file: {exc}" if lang == "en" else str(exc)]) from exc
    if not values:
        raise TemplateError([Problem("file_empty")])
    first = values[0]
    seps = {"\t": "tab", ";": ";", "；": "；"}
    if len(first) == 1 and (sep := next((x for x in seps if x in first[0]), None)):
        # a table saved with another separator reads as one column
        raise TemplateError([Problem("file_separator", sep=seps[sep])])
    bad = control_problems(values, lang)
    if bad:
        raise TemplateError(bad, lang=lang)
    known = _header_map()
    shown = [h.strip().lstrip("\ufeff") for h in values[0]]
    head = [known.get(_key(h)) or known.get(_key(_UNIT.sub("", h)), h) if h else "" for h in shown]
    start = 1
    if len(values) > 1:  # a clerk's XLSX: row 2 holds the ids
        ids = [c.strip() for c in values[1]]
        if "id" in ids and all(not c or c in known.values() for c in ids):
            head = [c if c else h for c, h in zip(ids, head, strict=False)] + head[len(ids) :]
            start = ID_ROW
    headers = {c: (shown[i] if i < len(shown) and shown[i] else c) for i, c in enumerate(head) if c}
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


def dataset_from_table(rows: list[dict[str, str]], base: Dataset, *, lang: str = "en") -> Dataset:
    """``base`` with the figures, targets and assumption defaults of a filled template (its
    indicators, drivers, presets, thresholds and ranges are kept). Every problem is listed
    (:class:`TemplateError`), each naming the row, the indicator and the column's header."""
    table = _as_table(rows)
    if not table:
        raise TemplateError([Problem("file_no_rows")])
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    months_seen: set[int] = set()
    years_seen: set[int] = set()
    periods: set[str] = set()
    updates: dict[str, dict[str, float | None]] = {}
    sources: dict[str, str] = {}

    def head(col: str) -> str:
        return table.headers.get(col, col)

    for n, row in zip(table.numbers, table, strict=True):
        iid = row.get("id", "")
        if iid not in base.by_id:
            problems.append(
                Problem(
                    "tpl_unknown_id",
                    row=n,
                    header=head("id"),
                    col="id",
                    value=one_line(iid, limit=40),
                )  # fmt: skip
            )
            continue
        ind = base.by_id[iid]
        at = {"row": n, "id": iid, "name": ind.name("zh"), "name_en": ind.name("en")}

        def problem(key: str, col: str, at: dict[str, Any] = at, **params: Any) -> None:
            problems.append(Problem(key, header=head(col), col=col, **at, **params))

        if iid in seen:
            problem("tpl_repeated_id", "id", value=iid, first=seen[iid])
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
                problem("tpl_not_number", col, value=one_line(raw, limit=20))
                continue
            values[col] = float(raw)
        year_cell = row.get("year", "")
        if year_cell != "":
            y = _year(year_cell)
            if y is None:
                problem("tpl_year", "year", value=one_line(year_cell, limit=10),
                        low=YEAR_RANGE[0], high=YEAR_RANGE[1])  # fmt: skip
            else:
                years_seen.add(y)
        unit = row.get("unit", "").strip()
        if unit and unit != ind.unit:  # figures in another unit would be read as the template's
            problem("tpl_unit", "unit", value=one_line(unit, limit=20), unit=ind.unit)
        kind = row.get("kind", "")
        if kind and not any(kind.lower() in words for words in KIND_WORDS.values()):
            problem("tpl_kind", "kind", value=one_line(kind, limit=20), choices=", ".join(KINDS))
        m = values.get("months_elapsed")
        if m is None or m != int(m) or not 1 <= m <= 11:
            problem("tpl_months", "months_elapsed")
        else:
            months_seen.add(int(m))
            period = row.get("period", "")
            code = period_code(int(m))
            names = {code, *(words(int(m), lg).ytd for lg in ("zh", "en"))}
            if period and (period not in names or not _PERIOD.match(code)):
                problem("tpl_period", "period", value=one_line(period, limit=10), months=int(m),
                        code=code)  # fmt: skip
            periods.add(code)
        share = values.get("prior_share_pct")
        if share is not None and not 0 < share < 100:
            problem("tpl_share", "prior_share_pct", value=f"{share:g}")
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
        h1, g1 = values.get("ytd_value"), values.get("ytd_growth_pct")
        t, g = values.get("target_value"), values.get("target_growth_pct")
        in_range = all(v is not None and abs(v) <= base.ranges.level_max for v in (h1, t)) and all(
            v is not None and -100 < v <= GROWTH_MAX for v in (g1, g)
        )
        if ind.kind != "amount" and in_range and t:  # refused cells are said once, above
            w = implied_prior_share(h1, g1, t, g)
            if not 0 < w < 100:
                problem("tpl_implied_share", "target_value", share=f"{w:.1f}")
        updates[iid] = values
        sources[iid] = row.get("source", "")
    if len(months_seen) > 1:
        problems.append(
            Problem(
                "tpl_months_disagree",
                header=head("months_elapsed"),
                col="months_elapsed",
                values=", ".join(map(str, sorted(months_seen))),
            )  # fmt: skip
        )
    if len(years_seen) > 1:
        problems.append(
            Problem(
                "tpl_years_disagree",
                header=head("year"),
                col="year",
                values=", ".join(map(str, sorted(years_seen))),
            )  # fmt: skip
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
    indicators = tuple(
        _period_reasons(_period_note(ind, base.months_elapsed, months), base, months)
        for ind in indicators
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
        # the parts of a total (the auto bases) are the base period's figures: another
        # period's total is not built from them
        drivers=base.drivers if same else (),
    )
    # the merged figures (a row's own were checked above; here the base's target with the
    # uploaded year-to-date figures, say) must not contradict each other either
    breaks = identity_breaks(ds)
    if breaks:
        raise TemplateError(
            [
                Problem(
                    "tpl_implied_share",
                    row=seen.get(ind.id, 0),
                    header=head("target_value"),
                    col="target_value",
                    id=ind.id,
                    name=ind.name("zh"),
                    name_en=ind.name("en"),
                    share=f"{w:.1f}",
                )
                for ind, w in breaks
            ]
        )
    return ds


#: What describes a period rather than the year: cleared from an indicator a table of another
#: period leaves out, so its old year-to-date figures never pass for the new period's.
PERIOD_FIGURES = ("h1_value", "h1_growth_pct", "target_share_done_pct")
PERIOD_ASSUMPTIONS = ("h1_share", "prev_h1_growth", "h1_value", "h1_growth")


def uploaded_ids(ds: Dataset) -> list[str]:
    """The indicators with at least one figure from an uploaded table (in data order)."""
    return [
        ind.id
        for ind in ds.indicators
        if any(f.section.startswith(UPLOADED) for f in ind.figures.values())
    ]


def with_origin(ds: Dataset, label: str, filename: str, date: str) -> Dataset:
    """``ds`` knowing where its uploaded figures came from (its source lines name them)."""
    return replace(ds, upload=(label, filename, date))


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


def _period_note(ind: Indicator, base_months: int, months: int) -> Indicator:
    """``ind`` with a note that speaks of the base data's period ("讲话未给出上半年数据")
    written for the table's data: dropped when the table gives the indicator's year-to-date
    figures, said of the new period when it leaves them out, kept otherwise."""
    if words(base_months, "zh").ytd not in ind.note_zh and not re.search(
        rf"\b{words(base_months, 'en').ytd}\b", ind.note_en
    ):
        return ind
    uploaded = any(
        f.section.startswith(UPLOADED)
        for k, f in ind.figures.items()
        if k in ("h1_value", "h1_growth_pct")
    )
    if uploaded:
        return replace(ind, note_zh="", note_en="")
    if months == base_months:
        return ind
    return replace(
        ind,
        note_zh=table_words("reader", "no_ytd_note", "zh").format(ytd=words(months, "zh").ytd),
        note_en=table_words("reader", "no_ytd_note", "en").format(ytd=words(months, "en").ytd),
    )


#: What a period-bound assumption is, per period (``{ytd}`` the period's word, ``{prior}`` the
#: prior year): its reason when a table of another period leaves it blank.
_PERIOD_REASONS = {
    param: (table_words("period_reasons", param, "zh"), table_words("period_reasons", param, "en"))
    for param in ("h1_share", "prev_h1_growth", "h1_value", "h1_growth")
}


def _period_reasons(ind: Indicator, base: Dataset, months: int) -> Indicator:
    """``ind`` whose period-bound assumptions left blank by a table of another period say so
    for that period (their reasons explained the base data's period's defaults)."""
    if months == base.months_elapsed:
        return ind
    from model.period import share_band

    lo, hi = share_band(months)
    changed = {}
    for param, a in ind.assumptions.items():  # another parameter's reason that names the
        if param not in _PERIOD_REASONS:  # base period's word (上年上半年增速) names the new one
            changed[param] = replace(
                a,
                reason_zh=periodize(a.reason_zh, months, "zh"),
                reason_en=periodize(a.reason_en, months, "en"),
            )
    for param, (zh, en) in _PERIOD_REASONS.items():
        a = ind.assumptions.get(param)
        if a is None or a.default is not None:
            continue
        fill = {"prior": base.year - 1, "lo": f"{lo:g}", "hi": f"{hi:g}"}
        changed[param] = replace(
            a,
            reason_zh=zh.format(ytd=words(months, "zh").ytd, **fill),
            reason_en=en.format(ytd=words(months, "en").ytd, **fill),
            source=None,
        )
    if not changed:
        return ind
    return replace(ind, assumptions={**ind.assumptions, **changed})


def _year_cleared(assumptions: dict[str, Assumption]) -> dict[str, Assumption]:
    """The assumptions of a table of another year: no default of the old year, and no reason
    that names the old year's figures (blank stays unknown)."""
    return {
        k: replace(
            a,
            default=None,
            reason_zh=table_words("reader", "other_year", "zh"),
            reason_en=table_words("reader", "other_year", "en"),
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
    figures = _updated_figures(ind, values, quote, period, same_period, same_year)
    assumptions = _updated_assumptions(ind, values, quote, period, same_period, same_year)
    return replace(ind, figures=figures, assumptions=assumptions)


def _updated_figures(
    ind: Indicator,
    values: dict[str, float | None],
    quote: str,
    period: str,
    same_period: bool,
    same_year: bool,
) -> dict[str, Figure]:
    """The figures of :func:`_updated`: the uploaded ones, an unchanged figure keeping its
    source, a target given as a share of the task kept as such when the table repeats it."""
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
    return figures


def _updated_assumptions(
    ind: Indicator,
    values: dict[str, float | None],
    quote: str,
    period: str,
    same_period: bool,
    same_year: bool,
) -> dict[str, Assumption]:
    """The assumptions of :func:`_updated`: defaults from the table, each saying where it came
    from when it changed; a blank one keeps its default only as :func:`_updated` says."""
    assumptions = dict(ind.assumptions if same_year else _year_cleared(ind.assumptions))
    for col, param in ASSUMPTION_OF.items():
        v = values.get(col)
        if param in assumptions:
            a = assumptions[param]
            keep = col == "prior_share_pct" and same_period
            default = v if v is not None else (a.default if keep else None)
            said = _said(a, v, quote, period, same_year)
            assumptions[param] = replace(a, default=default, **said)
        elif v is not None:
            assumptions[param] = Assumption(
                param,
                v,
                "%" if col.endswith("_pct") else ind.unit,
                table_words("reader", "uploaded", "zh"),
                table_words("reader", "uploaded", "en"),
                quote,
            )
    # an amount whose H1 value the source lacked (an assumption) takes the uploaded value
    if ind.kind == "amount" and values.get("ytd_value") is not None and "h1_value" in assumptions:
        assumptions.pop("h1_value")
    return assumptions


def _said(
    a: Assumption, v: float | None, quote: str, period: str, same_year: bool
) -> dict[str, Any]:
    """The new reason and source of an assumption the table gives ``v`` (none to change)."""
    if not same_year and v is not None:
        return {
            "reason_zh": table_words("reader", "uploaded", "zh"),
            "reason_en": table_words("reader", "uploaded", "en"),
            "source": quote,
        }
    if v is not None and v != a.default:  # the old reason explained the old default
        m = months_of(period) or 6
        return {
            "reason_zh": table_words("reader", "from_table", "zh").format(
                ytd=words(m, "zh").ytd, quote=quote
            ),
            "reason_en": table_words("reader", "from_table", "en").format(
                ytd=words(m, "en").ytd, quote=quote
            ),
            "source": quote,
        }
    return {}


def canonical(ds: Dataset) -> str:
    """The text a dataset is stored as: its template with actuals, as CSV (no BOM, CRLF)."""
    rows = template_rows(ds, with_actuals=True)
    return rows_csv(rows, COLUMNS).decode("utf-8").lstrip("\ufeff")


def _year(text: str) -> int | None:
    """A year cell as a whole number in :data:`YEAR_RANGE` (``2022`` or ``2022.0``), else None."""
    if not _NUMBER.match(text):
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
    table = _as_table(rows)
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
            if raw and was is not None and _NUMBER.match(raw) and float(raw) == was:
                out.append(
                    keyed_text(
                        "tpl_stale_prior",
                        row=n,
                        col=col,
                        header=table.headers.get(col, col),
                        id=ind.id,
                        name=ind.name("zh"),
                        name_en=ind.name("en"),
                        value=raw,
                        was=_cell(was),
                        was_year=in_use.year,
                        year=year,
                    )
                )
    return out


def from_canonical(text: str, base: Dataset) -> Dataset:
    """The dataset stored as ``text`` (see :func:`canonical`), built on ``base``."""
    return dataset_from_table(read_table(text.encode("utf-8"), "data.csv"), base)


def load_any(path: Path | str) -> Dataset:
    """A dataset from the TOML data file, or from a filled template (``.csv``, ``.xlsx``)
    applied to the shipped data file (see :mod:`model.template`)."""
    p = Path(path)
    if p.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise DataFileError(f"data file {p} cannot be read: {exc.strerror}") from exc
        from datetime import date

        ds = dataset_from_table(read_table(data, p.name), load_dataset())
        when = date.fromtimestamp(p.stat().st_mtime).isoformat()
        return with_origin(ds, p.name, p.name, when)
    return load_dataset(p)
