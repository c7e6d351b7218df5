"""Loading the indicator data file into typed, frozen records.

The data file (``data/indicators.toml``) is the one source of truth for every indicator:
its names, unit, kind, H1 figures, targets, provenance and the assumptions the arithmetic
needs. Nothing here computes a projection; see :mod:`model.projection`.
"""

from __future__ import annotations

import functools
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from model.data_id import data_id as _data_id
from model.fmt import one_line
from model.table import DEFAULT_LEVEL, GEO_LEVELS, SERIES_TYPES

Kind = Literal["growth", "level", "amount"]
KINDS: tuple[str, ...] = ("growth", "level", "amount")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_PATH = ROOT / "data" / "indicators.toml"

#: Figure fields an indicator may carry, each a sourced {value, section, quote} table.
FIGURE_FIELDS: tuple[str, ...] = (
    "h1_value",
    "h1_growth_pct",
    "target_value",
    "target_growth_pct",
    "target_increase",
    "target_share_done_pct",
)

#: Assumption parameters the model understands (``<id>.<param>`` in a scenario).
ASSUMPTION_PARAMS: tuple[str, ...] = (
    "h1_share",
    "prior_fy",
    "h1_value",
    "h1_growth",
    "target_growth",
    "prev_h1_growth",
    "prev_fy_growth",
    "prev2_h1_growth",
    "prev2_fy_growth",
)


class DataFileError(ValueError):
    """The indicator data file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Figure:
    """A number read from the source: its value, the section heading and the verbatim phrase."""

    value: float
    section: str
    quote: str
    #: From an uploaded table (its section reads 上传表格 and the period), not the source file.
    uploaded: bool = False


@dataclass(frozen=True)
class Assumption:
    """A value the arithmetic needs that no source gives: editable, with a default and reason.

    ``default`` is ``None`` where there is no sensible default (the user must fill it in).
    """

    param: str
    default: float | None
    unit: str
    reason_zh: str
    reason_en: str
    source: str | None = None
    #: The months of the period a prior-year same-period figure describes (``h1_share``,
    #: ``prev_h1_growth``, ``prev2_h1_growth`` from a table: its months elapsed); None: the
    #: data's own period.
    months: int | None = None


@dataclass(frozen=True)
class Indicator:
    """One target of the district: H1 figures, full-year target, provenance, assumptions."""

    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: Kind
    group: str
    figures: dict[str, Figure]
    assumptions: dict[str, Assumption]
    growth_basis: str | None = None
    note_zh: str = ""
    note_en: str = ""
    #: Added by a filled table (a row with an id of its own), not by the data file: its names,
    #: unit, kind and group are the table's.
    added: bool = False
    #: The series type (which national series its uncertainty refers to) and the geographic
    #: level of its figures (model.scale), and the data file's own (a table's blank cell):
    #: ``series_type`` None for an indicator without one (a table's new row left blank).
    series_type: str | None = None
    geo_level: str = DEFAULT_LEVEL
    series_type_default: str | None = None
    geo_level_default: str = DEFAULT_LEVEL

    def figure(self, name: str) -> float | None:
        """The sourced value of figure ``name``, or ``None`` when the source has none."""
        fig = self.figures.get(name)
        return None if fig is None else fig.value


@dataclass(frozen=True)
class Driver:
    """A part of a parent indicator's H1 value (an auto base within industrial output)."""

    parent: str
    id: str
    name_zh: str
    name_en: str
    figures: dict[str, Figure]
    note_zh: str = ""
    note_en: str = ""

    def figure(self, name: str) -> float | None:
        """The sourced value of figure ``name``, or ``None``."""
        fig = self.figures.get(name)
        return None if fig is None else fig.value


@dataclass(frozen=True)
class Preset:
    """A named H2 assumption relative to the H1 pace.

    growth: g2 = g1 + ``growth_margin_pp``; amount: H2 = H1 × ``amount_factor``.
    """

    id: str
    name_zh: str
    name_en: str
    growth_margin_pp: float
    amount_factor: float


@dataclass(frozen=True)
class Thresholds:
    """Status thresholds: see ``[status_thresholds]`` in the data file."""

    growth_gap_pp: float
    amount_pace_ratio: float


@dataclass(frozen=True)
class Ranges:
    """Allowed ranges of scenario inputs (the sliders' scales and the parser's bounds)."""

    h2_growth_pct: tuple[float, float]
    h2_amount_factor_max: float
    h1_share_pct: tuple[float, float]
    level_max: float


@dataclass(frozen=True)
class Dataset:
    """Everything in the data file, typed."""

    vintage: str
    year: int
    period: str
    months_elapsed: int
    source_file: str
    source_origin: str
    source_title: str
    source_title_en: str
    indicators: tuple[Indicator, ...]
    drivers: tuple[Driver, ...]
    presets: dict[str, Preset]
    thresholds: Thresholds
    ranges: Ranges
    by_id: dict[str, Indicator] = field(default_factory=dict, compare=False, repr=False)
    #: Where an uploaded table came from: (label, file name, date stored); None for the
    #: shipped file (set by whoever read it from the store or a file).
    upload: tuple[str, str, str] | None = field(default=None, compare=False)

    @property
    def period_code(self) -> str:
        """``Q1``, ``H1``, ``Q3`` for 3, 6, 9 months elapsed, else ``M1`` … ``M11``."""
        return period_code(self.months_elapsed)

    @functools.cached_property
    def data_id(self) -> str:
        """The id of these figures (:func:`model.data_id.data_id`): what ``data=`` names."""
        return _data_id(self)

    @property
    def elapsed_share(self) -> float:
        """序时进度: the share of the year elapsed, months_elapsed / 12."""
        return self.months_elapsed / 12.0

    def get(self, indicator_id: str) -> Indicator:
        """The indicator with ``indicator_id``; ``KeyError`` if there is none."""
        return self.by_id[indicator_id]

    def drivers_of(self, parent: str) -> tuple[Driver, ...]:
        """The drivers (parts) of indicator ``parent``, in file order."""
        return tuple(d for d in self.drivers if d.parent == parent)


def period_code(months: int) -> str:
    """The period code of ``months`` elapsed: Q1 (3), H1 (6), Q3 (9), FY (12: the year-end
    review's outcome), else M<months>."""
    return {3: "Q1", 6: "H1", 9: "Q3", 12: YEAR_END}.get(months, f"M{months}")


#: The period code of a year-end table (12 months: the year's outcome). Such a dataset is
#: stored like any other but never projected, never the default, never the newest for links.
YEAR_END = "FY"


def is_year_end(item: Any) -> bool:
    """Whether ``item`` (a :class:`Dataset`, or a stored dataset's record with a ``period``)
    is a year-end table (period ``FY``, 12 months)."""
    return getattr(item, "period", None) == YEAR_END or getattr(item, "period_code", None) == (
        YEAR_END
    )


def _require(table: dict[str, Any], key: str, where: str) -> Any:
    if not isinstance(table, dict):
        raise DataFileError(f"{where}: must be a table")
    if key not in table:
        raise DataFileError(f"{where}: missing field '{key}'")
    return table[key]


def _number(
    raw: Any,
    where: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    nan_ok: bool = False,
) -> float:
    """``raw`` as a finite float within [low, high] (``*_open``: bound excluded), else
    :class:`DataFileError` naming ``where``. ``nan_ok``: NaN (an empty default) passes."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise DataFileError(f"{where}: must be a number, got {one_line(repr(raw), limit=30)}")
    x = float(raw)
    if math.isnan(x) and nan_ok:
        return x
    if not math.isfinite(x):
        raise DataFileError(f"{where}: must be a finite number")
    if low is not None and (x <= low if low_open else x < low):
        sign = ">" if low_open else ">="
        raise DataFileError(f"{where}: {x:g} must be {sign} {low:g}")
    if high is not None and (x >= high if high_open else x > high):
        sign = "<" if high_open else "<="
        raise DataFileError(f"{where}: {x:g} must be {sign} {high:g}")
    return x


def _pair(
    raw: Any, where: str, *, low: float | None = None, high: float | None = None
) -> tuple[float, float]:
    """A [low, high] range of two numbers with low < high (within the given bounds)."""
    if not isinstance(raw, list) or len(raw) != 2:
        raise DataFileError(f"{where}: must be a range of two numbers [low, high]")
    a = _number(raw[0], f"{where}[0]", low=low, high=high)
    b = _number(raw[1], f"{where}[1]", low=low, high=high)
    if not a < b:
        raise DataFileError(f"{where}: the low end {a:g} must be below the high end {b:g}")
    return a, b


#: Bounds of each sourced figure (low, high, low_open): a growth above −100%, levels ≥ 0.
_FIGURE_BOUNDS: dict[str, tuple[float | None, float | None, bool]] = {
    "h1_value": (0.0, None, False),
    "h1_growth_pct": (-100.0, None, True),
    "target_value": (0.0, None, True),
    "target_growth_pct": (-100.0, None, True),
    "target_increase": (None, None, False),
    "target_share_done_pct": (0.0, None, True),
}


def _figures(table: dict[str, Any], where: str) -> dict[str, Figure]:
    out: dict[str, Figure] = {}
    for name in FIGURE_FIELDS:
        if name not in table:
            continue
        raw = table[name]
        if not isinstance(raw, dict):
            raise DataFileError(f"{where}.{name}: must be a table {{value, section, quote}}")
        low, high, low_open = _FIGURE_BOUNDS[name]
        value = _number(
            _require(raw, "value", f"{where}.{name}"),
            f"{where}.{name}.value",
            low=low,
            high=high,
            low_open=low_open,
        )
        out[name] = Figure(
            value=value,
            section=str(_require(raw, "section", f"{where}.{name}")),
            quote=str(_require(raw, "quote", f"{where}.{name}")),
        )
    return out


#: Bounds of each assumption's default (low, high, low_open, high_open).
_ASSUMPTION_BOUNDS: dict[str, tuple[float | None, float | None, bool, bool]] = {
    "h1_share": (0.0, 100.0, True, True),
    "prior_fy": (0.0, None, True, False),
    "h1_value": (0.0, None, False, False),
    "h1_growth": (-100.0, None, True, False),
    "target_growth": (-100.0, None, True, False),
    "prev_h1_growth": (-100.0, None, True, False),
    "prev_fy_growth": (-100.0, None, True, False),
    "prev2_h1_growth": (-100.0, None, True, False),
    "prev2_fy_growth": (-100.0, None, True, False),
}


def _assumptions(rows: list[dict[str, Any]], where: str) -> dict[str, Assumption]:
    out: dict[str, Assumption] = {}
    if not isinstance(rows, list):
        raise DataFileError(f"{where}.assumptions: must be a list of tables")
    for row in rows:
        param = str(_require(row, "param", where))
        if param not in ASSUMPTION_PARAMS:
            raise DataFileError(f"{where}: unknown assumption '{one_line(param, limit=30)}'")
        if param in out:
            raise DataFileError(f"{where}: assumption '{param}' given twice")
        low, high, low_open, high_open = _ASSUMPTION_BOUNDS[param]
        default = _number(
            _require(row, "default", f"{where}.{param}"),
            f"{where}.{param}.default",
            low=low,
            high=high,
            low_open=low_open,
            high_open=high_open,
            nan_ok=True,
        )
        out[param] = Assumption(
            param=param,
            default=None if math.isnan(default) else default,
            unit=str(_require(row, "unit", f"{where}.{param}")),
            reason_zh=str(_require(row, "reason_zh", f"{where}.{param}")),
            reason_en=str(_require(row, "reason_en", f"{where}.{param}")),
            source=row.get("source"),
        )
    return out


def _scale_labels(row: dict[str, Any], where: str) -> dict[str, Any]:
    """An indicator's ``series_type`` and ``geo_level`` in the data file (each optional, one of
    :data:`SERIES_TYPES` / :data:`GEO_LEVELS`), as its own and its defaults."""
    st = row.get("series_type")
    if st is not None and st not in SERIES_TYPES:
        raise DataFileError(f"{where}: series_type must be one of {', '.join(SERIES_TYPES)}")
    level = row.get("geo_level", DEFAULT_LEVEL)
    if level not in GEO_LEVELS:
        raise DataFileError(f"{where}: geo_level must be one of {', '.join(GEO_LEVELS)}")
    return {
        "series_type": st,
        "series_type_default": st,
        "geo_level": level,
        "geo_level_default": level,
    }


def parse_dataset(raw: dict[str, Any]) -> Dataset:
    """Build a :class:`Dataset` from the parsed TOML; raise :class:`DataFileError` if malformed."""
    meta = _require(raw, "meta", "file")
    indicators: list[Indicator] = []
    for i, row in enumerate(_require(raw, "indicators", "file")):
        where = f"indicators[{i}]"
        ind_id = str(_require(row, "id", where))
        where = f"indicator '{ind_id}'"
        kind = str(_require(row, "kind", where))
        if kind not in KINDS:
            raise DataFileError(f"{where}: kind must be one of {', '.join(KINDS)}")
        indicators.append(
            Indicator(
                id=ind_id,
                name_zh=str(_require(row, "name_zh", where)),
                name_en=str(_require(row, "name_en", where)),
                unit=str(_require(row, "unit", where)),
                kind=kind,  # type: ignore[arg-type]
                group=str(_require(row, "group", where)),
                figures=_figures(row, where),
                assumptions=_assumptions(row.get("assumptions", []), where),
                growth_basis=row.get("growth_basis"),
                note_zh=str(row.get("note_zh", "")),
                note_en=str(row.get("note_en", "")),
                **_scale_labels(row, where),
            )
        )
    ids = [ind.id for ind in indicators]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DataFileError(f"duplicate indicator ids: {', '.join(dupes)}")
    drivers = tuple(
        Driver(
            parent=str(_require(row, "parent", f"drivers[{i}]")),
            id=str(_require(row, "id", f"drivers[{i}]")),
            name_zh=str(_require(row, "name_zh", f"drivers[{i}]")),
            name_en=str(_require(row, "name_en", f"drivers[{i}]")),
            figures=_figures(row, f"drivers[{i}]"),
            note_zh=str(row.get("note_zh", "")),
            note_en=str(row.get("note_en", "")),
        )
        for i, row in enumerate(raw.get("drivers", []))
    )
    for d in drivers:
        if d.parent not in ids:
            raise DataFileError(f"driver '{d.id}': unknown parent '{d.parent}'")
    presets = {
        pid: Preset(
            id=pid,
            name_zh=str(_require(p, "name_zh", f"presets.{pid}")),
            name_en=str(_require(p, "name_en", f"presets.{pid}")),
            growth_margin_pp=_number(
                _require(p, "growth_margin_pp", f"presets.{pid}"), f"presets.{pid}.growth_margin_pp"
            ),
            amount_factor=_number(
                _require(p, "amount_factor", f"presets.{pid}"),
                f"presets.{pid}.amount_factor",
                low=0.0,
            ),
        )
        for pid, p in raw.get("presets", {}).items()
    }
    th = _require(raw, "status_thresholds", "file")
    rg = _require(raw, "ranges", "file")
    months_raw = _require(meta, "months_elapsed", "meta")
    if isinstance(months_raw, bool) or not isinstance(months_raw, int) or not 1 <= months_raw <= 11:
        raise DataFileError("meta.months_elapsed: must be a whole number from 1 to 11")
    months = months_raw
    year_raw = _require(meta, "year", "meta")
    if isinstance(year_raw, bool) or not isinstance(year_raw, int):
        raise DataFileError("meta.year: must be a whole number")
    return Dataset(
        vintage=str(_require(meta, "vintage", "meta")),
        year=year_raw,
        period=str(_require(meta, "period", "meta")),
        months_elapsed=months,
        source_file=str(_require(meta, "source_file", "meta")),
        source_origin=str(meta.get("source_origin", "")),
        source_title=str(_require(meta, "source_title", "meta")),
        source_title_en=str(meta.get("source_title_en", "")),
        indicators=tuple(indicators),
        drivers=drivers,
        presets=presets,
        thresholds=Thresholds(
            growth_gap_pp=_number(
                _require(th, "growth_gap_pp", "status_thresholds"),
                "status_thresholds.growth_gap_pp",
                low=0.0,
            ),
            amount_pace_ratio=_number(
                _require(th, "amount_pace_ratio", "status_thresholds"),
                "status_thresholds.amount_pace_ratio",
                low=1.0,
            ),
        ),
        ranges=Ranges(
            h2_growth_pct=_pair(
                _require(rg, "h2_growth_pct", "ranges"), "ranges.h2_growth_pct", low=-100.0
            ),
            h2_amount_factor_max=_number(
                _require(rg, "h2_amount_factor_max", "ranges"),
                "ranges.h2_amount_factor_max",
                low=0.0,
                low_open=True,
            ),
            h1_share_pct=_pair(
                _require(rg, "h1_share_pct", "ranges"), "ranges.h1_share_pct", low=0.0, high=100.0
            ),
            level_max=_number(
                _require(rg, "level_max", "ranges"), "ranges.level_max", low=0.0, low_open=True
            ),
        ),
        by_id={ind.id: ind for ind in indicators},
    )


def implied_prior_share(h1: float, g1: float, t: float, g: float) -> float:
    """The prior year's year-to-date share of its full year (percent) implied by this year's
    year-to-date value ``h1`` at growth ``g1`` % and the level target ``t`` at growth ``g`` %:
    w = (h1 / (1 + g1/100)) / (t / (1 + g/100)) · 100."""
    return (h1 / (1 + g1 / 100)) / (t / (1 + g / 100)) * 100


def identity_breaks(ds: Dataset) -> list[tuple[Indicator, float]]:
    """The indicators whose figures contradict each other, with the implied prior-year share:
    a sourced level target T with its growth G* and the year-to-date value and growth give
    w = :func:`implied_prior_share`, which must lie strictly between 0 and 100%; a
    year-to-date value above a level target is valid (the target is already met) only for
    amounts, which are not checked."""
    out = []
    for ind in ds.indicators:
        h1, g1 = ind.figure("h1_value"), ind.figure("h1_growth_pct")
        t, g = ind.figure("target_value"), ind.figure("target_growth_pct")
        if ind.kind == "amount" or h1 is None or g1 is None or t is None or g is None:
            continue
        if t <= 0 or g1 <= -100 or g <= -100:  # no share (each refused where it is read)
            continue
        w = implied_prior_share(h1, g1, t, g)
        if not 0 < w < 100:
            out.append((ind, w))
    return out


def check_identities(ds: Dataset) -> None:
    """Raise :class:`DataFileError` for the first of :func:`identity_breaks`."""
    breaks = identity_breaks(ds)
    if not breaks:
        return
    ind, w = breaks[0]
    h1, g1 = ind.figure("h1_value"), ind.figure("h1_growth_pct")
    t, g = ind.figure("target_value"), ind.figure("target_growth_pct")
    raise DataFileError(
        f"indicator '{ind.id}': H1 {h1:g} at {g1:g}% and the target {t:g} at {g:g}% "
        f"imply a prior-year H1 share of {w:.1f}%, which must be between 0 and 100%"
    )


def load_dataset(path: Path | str = DEFAULT_DATA_PATH) -> Dataset:
    """Read and validate the indicator data file at ``path``: every field, range and
    identity; any problem is a one-line :class:`DataFileError` naming the field."""
    p = Path(path)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataFileError(f"data file not found: {p}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"data file {p} is not valid TOML: {one_line(str(exc))}") from exc
    except OSError as exc:
        raise DataFileError(f"data file {p} cannot be read: {exc.strerror}") from exc
    try:
        ds = parse_dataset(raw)
    except DataFileError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a field of a wrong type
        raise DataFileError(f"data file {p}: {one_line(str(exc), limit=120)}") from exc
    check_identities(ds)
    return ds
