"""How much more a province, city or district swings from its first half to its full year than
the nation (issue 28): the spread table of ``data/history/README.md``.

    python -m bench.spread [--min-pairs N] [--skip-years 2020,2021,2022] [--markdown]

For each sub-national (region, indicator) of the published history with at least N years
(default 3) whose first-half (H1) and full-year (FY) growth are both published (primary rows
only), prints the root-mean-square of its H1-to-FY gap d = 100·(ln(1+FY/100) − ln(1+H1/100))
in log points, the same RMS for the national (``china``) series of that indicator over the
same years, and their ratio; then the series with fewer pairs, counted. No value is filled
in: a year counts only where both growth rates are in the file. ``--skip-years`` leaves out
years (the shock and rebound years dominate both RMS values).
"""

from __future__ import annotations

import argparse
import csv
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HISTORY = Path(__file__).resolve().parent.parent / "data" / "history" / "macro_history.csv"

Key = tuple[str, str]  # (region, indicator)


def gap(h1: float, fy: float) -> float:
    """The H1-to-FY gap in log points: 100·(ln(1+FY/100) − ln(1+H1/100))."""
    return 100.0 * (math.log1p(fy / 100.0) - math.log1p(h1 / 100.0))


def rms(values: list[float]) -> float:
    return math.sqrt(sum(v * v for v in values) / len(values))


def pairs(
    path: Path = HISTORY, skip: frozenset[int] = frozenset()
) -> tuple[dict[Key, dict[int, float]], dict[Key, str]]:
    """Each (region, indicator)'s gap by year (years with both H1 and FY growth, primary rows),
    and each region's geo level as written in the file."""
    growth: dict[tuple[str, str, int, str], float] = {}
    level: dict[Key, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["note"].startswith("ALT") or not row["growth_pct"].strip():
                continue
            key = (row["region"], row["indicator"], int(row["year"]), row["period"])
            growth[key] = float(row["growth_pct"])
            level[row["region"], row["indicator"]] = row.get("geo_level") or ""
    out: dict[Key, dict[int, float]] = defaultdict(dict)
    for (region, indicator, year, period), h1 in growth.items():
        fy = growth.get((region, indicator, year, "FY"))
        if period == "H1" and fy is not None and year not in skip:
            out[region, indicator][year] = gap(h1, fy)
    return dict(out), level


@dataclass(frozen=True)
class Spread:
    """One series of the spread table."""

    series: str
    level: str
    years: tuple[int, ...]
    rms: float  # RMS of its H1-to-FY gaps, log points
    national_years: tuple[int, ...]  # the years the national series has a pair too
    national_rms: float  # NaN when the national series has none of those years
    ratio: float  # rms / national_rms (NaN as above)


def table(
    min_pairs: int = 3, path: Path = HISTORY, skip: frozenset[int] = frozenset()
) -> tuple[list[Spread], list[str]]:
    """The rows of the spread table (sub-national series with ≥ ``min_pairs`` pairs, largest
    ratio first) and, for each series with fewer pairs, a line with its gaps and the nation's
    (d, log points) in those years."""
    gaps, level = pairs(path, skip)
    rows: list[Spread] = []
    few: list[str] = []
    for (region, indicator), by_year in sorted(gaps.items()):
        if region == "china":
            continue
        years = tuple(sorted(by_year))
        national = gaps.get(("china", indicator), {})
        common = tuple(y for y in years if y in national)
        if len(years) < min_pairs:
            each = ", ".join(
                f"{y}: d={by_year[y]:+.1f}"
                + (f" (national {national[y]:+.1f})" if y in national else "")
                for y in years
            )
            few.append(f"{region} {indicator} [{level.get((region, indicator), '')}] {each}")
            continue
        local = rms([by_year[y] for y in years])
        nat = rms([national[y] for y in common]) if common else math.nan
        ratio = local / nat if common and nat > 0 else math.nan
        rows.append(
            Spread(
                f"{region} {indicator}",
                level.get((region, indicator), ""),
                years,
                local,
                common,
                nat,
                ratio,
            )
        )
    rows.sort(key=lambda r: -r.ratio if not math.isnan(r.ratio) else 0.0)
    return rows, few


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.spread")
    parser.add_argument("--min-pairs", type=int, default=3)
    parser.add_argument("--skip-years", default="", help="comma-separated years to leave out")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args(argv)
    skip = frozenset(int(y) for y in args.skip_years.split(",") if y.strip())
    rows, few = table(args.min_pairs, skip=skip)
    if args.markdown:
        print(
            "| series | level | H1+FY years | RMS gap (log pts) | national RMS, same years | ratio |"
        )
        print("|---|---|---|---|---|---|")
    for r in rows:
        years = ", ".join(map(str, r.years))
        if args.markdown:
            print(
                f"| {r.series} | {r.level} | {years} | {r.rms:.2f} | "
                f"{r.national_rms:.2f} | {r.ratio:.2f} |"
            )
        else:
            print(
                f"{r.series:<20} {r.level:<9} n={len(r.years)} ({years}) "
                f"rms={r.rms:.2f} national={r.national_rms:.2f} ratio={r.ratio:.2f}"
            )
    print(f"\nfewer than {args.min_pairs} H1+FY pairs:")
    for line in few or ["none"]:
        print(f"- {line}")


if __name__ == "__main__":
    main()
