"""The calibration of the baseline's intervals (issue 28): how often the 95% rest-of-year
interval of the default method held what happened, over the backtest of the shipped history.

    python -m bench.calibration [--write]

Prints the pooled 95% coverage (aim: 90–98%), the coverage by year group (shock, rebound,
after, normal; model.calibration) and the scale each geographic level takes for the shipped
data's year (model.scale). ``--write`` puts the figures in bench/RESULTS.md (its section
replaced, everything else kept).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from model.baseline import build_report
from model.calibration import GROUPS, coverage, summary_records
from model.data import load_dataset
from model.history import GEO_LEVELS, load_history

ROOT = Path(__file__).resolve().parent.parent
HEAD = "## Calibration of the 95% intervals"


def lines() -> list[str]:
    """The section's lines."""
    ds = load_dataset()
    report = build_report(load_history(), ds.year, ds.period_code)
    records = summary_records(report)
    share, n = coverage(records)
    out = [
        f"{HEAD} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC (`python -m bench.calibration`)",
        "Backtest of the shipped history (national series, expanding window, default method "
        "`chain`; the published sub-national series at their level's scale); each interval "
        "the backtest's error scale combined with the rule's own doubt where it moved the pace "
        "(`Chain.extra_se`, model.chain_rule; the same function as the app's); aim 90–98%.",
        "",
        f"- pooled 95% coverage: {'-' if share is None else f'{share:.0%}'} of {n} years "
        "with an interval",
    ]
    for lv in GEO_LEVELS:
        s, k = coverage(r for r in records if r["geo_level"] == lv)
        if k:
            out.append(f"- {lv}: coverage {'-' if s is None else f'{s:.0%}'} of {k}")
    for g in GROUPS:
        part = [r for r in records if r["group"] == g]
        s, k = coverage(part)
        mae = sum(r["mae"] * r["n"] for r in part) / max(1, sum(r["n"] for r in part))
        naive = sum(r["naive_mae"] * r["n"] for r in part) / max(1, sum(r["n"] for r in part))
        cov = "-" if s is None else f"{s:.0%}"
        out.append(f"- {g}: coverage {cov} of {k}; MAE {mae:.2f} against naive {naive:.2f}")
    if share is not None and share < 0.90:
        out.append(
            "- below the aim: the misses are shock years (a year whose own gap is abnormal: "
            "2020, 2021 for most series), which no interval learned from the years before "
            "them holds"
        )
    missed = sorted(
        f"{r.series} {r.year} ({r.used})"
        for r in (*report.rows, *report.local_rows)
        if r.spec == "chain" and r.in95 is False
    )
    if missed:
        out.append(f"- outside the 95% interval (the rule's kind): {', '.join(missed)}")
    b = next(iter(report.baselines.values()), None)
    if b is not None:
        scales = ", ".join(
            f"{lv} ×{(sc := b.scale_for(lv)).multiplier:.2f} ({sc.source}, {sc.years})"
            for lv in GEO_LEVELS
        )
        out.append(f"- scale of each level for {ds.year} (source, years or pairs): {scales}")
    return out


def write(section: list[str]) -> None:
    """Put ``section`` at the end of bench/RESULTS.md in place of its previous one."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if HEAD in text:
        start = text.index(HEAD)
        end = text.find("\n## ", start + 1)
        text = text[:start] + (text[end + 1 :] if end != -1 else "")
    path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(section) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.calibration")
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS.md")
    args = parser.parse_args()
    section = lines()
    print("\n".join(section))
    if args.write:
        write(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
