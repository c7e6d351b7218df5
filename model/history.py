"""Published history (China / Guangxi / Liuzhou): loading and validating a history file.

The file has the columns of ``data/history/macro_history.csv`` (see its README): one row per
(region, indicator, year, period), growth in %, levels in 亿元, each with its source address.
Rows whose ``note`` starts with ``ALT`` are revised vintages or disagreeing sources and are
dropped before fitting (:func:`primary_rows`).

:func:`parse_history` takes the bytes of an uploaded CSV or XLSX (UTF-8, UTF-8 with BOM, or
GBK) and returns either the table or *every* problem found, never raising on bad input.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.data import ROOT

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
PERIODS: tuple[str, ...] = ("Q1", "H1", "Q3YTD", "FY")
INDICATORS: tuple[str, ...] = ("gdp", "industry_va", "fai", "fiscal_revenue")
MAX_BYTES = 2 * 1024 * 1024
YEAR_RANGE = (1950, 2100)
GROWTH_RANGE = (-90.0, 300.0)
MAX_LISTED = 12
_NUMBER = re.compile(r"^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$")
_THOUSANDS = re.compile(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?$")


@dataclass(frozen=True)
class HistoryResult:
    """The outcome of reading a history file: the table (None if invalid) and all problems."""

    table: pd.DataFrame | None
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the file is usable."""
        return self.table is not None and not self.problems


def load_history(path: Path | str = DEFAULT_HISTORY_PATH) -> pd.DataFrame:
    """Read and validate the history CSV at ``path``; ``ValueError`` listing the problems."""
    p = Path(path)
    result = parse_history(p.read_bytes(), p.name)
    if not result.ok:
        raise ValueError(f"{p}: " + "; ".join(result.problems))
    assert result.table is not None
    return result.table


def _decode(data: bytes) -> str | None:
    for enc in ("utf-8-sig", "gbk"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return None


def _read_raw(data: bytes, filename: str) -> tuple[pd.DataFrame | None, str | None]:
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        try:
            return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl"), None
        except Exception as exc:  # noqa: BLE001 - any reader failure is a user-facing problem
            return None, f"不是可读的 XLSX 文件（{type(exc).__name__}）"
    if b"\x00" in data[:4096]:
        return None, "文件含二进制内容，不是 CSV 文本"
    text = _decode(data)
    if text is None:
        return None, "文件编码无法识别（请用 UTF-8、带 BOM 的 UTF-8 或 GBK）"
    if not text.strip():
        return None, "文件为空"
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001
        return None, f"不是可读的 CSV 文件（{type(exc).__name__}）"
    return frame, None


def _numbers(frame: pd.DataFrame, column: str, problems: list[str], *, required: bool) -> pd.Series:
    out: list[float | None] = []
    bad: list[str] = []
    for i, raw in enumerate(frame[column].fillna("").astype(str), start=2):
        text = raw.strip()
        if text == "":
            if required:
                bad.append(f"第{i}行为空")
            out.append(None)
        elif _NUMBER.match(text):
            out.append(float(text))
        elif _THOUSANDS.match(text):
            bad.append(f"第{i}行“{text[:20]}”含千位分隔符")
            out.append(None)
        else:
            bad.append(f"第{i}行“{text[:20]}”不是数字")
            out.append(None)
    if bad:
        shown = "，".join(bad[:MAX_LISTED]) + (
            f" 等共{len(bad)}处" if len(bad) > MAX_LISTED else ""
        )
        problems.append(f"列 {column}：{shown}")
    return pd.Series(out, index=frame.index, dtype="float64")


def parse_history(data: bytes, filename: str = "history.csv") -> HistoryResult:
    """Validate an uploaded history file and return the table or every problem found.

    Checks: size (at most 2 MiB), readable CSV/XLSX text in UTF-8/UTF-8-BOM/GBK, the required
    columns, numbers in ``year``/``value``/``growth_pct`` (no thousands separators), periods
    in Q1/H1/Q3YTD/FY, known indicators, years in 1950–2100, growth in −90…300%, no negative
    levels, and no duplicated primary row (region, indicator, year, period).
    """
    if len(data) > MAX_BYTES:
        return HistoryResult(None, (f"文件过大（{len(data) / 1048576:.1f} MB，上限 2 MB）",))
    frame, error = _read_raw(data, filename)
    if error is not None or frame is None:
        return HistoryResult(None, (error or "文件无法读取",))
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        return HistoryResult(None, (f"缺少列：{', '.join(missing)}",))
    if frame.empty:
        return HistoryResult(None, ("文件没有数据行",))
    for c in COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    frame = frame[list(COLUMNS)].copy()
    for c in ("region", "indicator", "period", "unit", "growth_basis", "source_url", "note"):
        frame[c] = frame[c].fillna("").astype(str).str.strip()
    problems: list[str] = []
    years = _numbers(frame, "year", problems, required=True)
    values = _numbers(frame, "value", problems, required=False)
    growth = _numbers(frame, "growth_pct", problems, required=False)

    def listed(rows: pd.Series, what: str) -> None:
        idx = [int(i) + 2 for i in rows[rows].index]
        if idx:
            more = f" 等共{len(idx)}行" if len(idx) > MAX_LISTED else ""
            problems.append(f"{what}：第{'、'.join(map(str, idx[:MAX_LISTED]))}行{more}")

    listed(~frame["period"].isin(PERIODS), f"期别不在 {'/'.join(PERIODS)} 之内")
    listed(~frame["indicator"].isin(INDICATORS), f"指标不在 {'/'.join(INDICATORS)} 之内")
    listed(frame["region"] == "", "地区为空")
    listed(
        years.notna() & ((years < YEAR_RANGE[0]) | (years > YEAR_RANGE[1]) | (years % 1 != 0)),
        f"年份不是 {YEAR_RANGE[0]}—{YEAR_RANGE[1]} 之间的整数",
    )
    listed(
        growth.notna() & ((growth < GROWTH_RANGE[0]) | (growth > GROWTH_RANGE[1])),
        f"增速超出 {GROWTH_RANGE[0]:g}%—{GROWTH_RANGE[1]:g}% 的合理范围",
    )
    listed(values.notna() & (values < 0), "水平值为负")
    listed(growth.isna() & values.isna(), "增速和水平值都为空")
    frame["year"] = years
    frame["value"] = values
    frame["growth_pct"] = growth
    is_primary = ~frame["note"].str.startswith("ALT")
    keys = ["region", "indicator", "year", "period"]
    dup = frame[is_primary].duplicated(keys, keep=False)
    listed(
        dup.reindex(frame.index, fill_value=False), "同一地区、指标、年份、期别有多条主行（非 ALT）"
    )
    if problems:
        return HistoryResult(None, tuple(problems))
    frame["year"] = frame["year"].astype(int)
    return HistoryResult(frame.reset_index(drop=True), ())


def primary_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The primary rows: those whose note does not start with ``ALT``."""
    return table[~table["note"].fillna("").str.startswith("ALT")].copy()
