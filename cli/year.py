"""``path`` (the month-by-month path of the scenario's year) and ``review --year Y`` (the
year-end review: what the model preset and each saved scenario projected against the year's
outcome), over the shipped data and the store's datasets of the year (:mod:`model.path`)."""

from __future__ import annotations

import argparse
import functools
import json
from typing import Any

from cli.common import _cell, _linked_dataset, _round, scenario_failure
from model.baseline import build_report
from model.data import DEFAULT_DATA_PATH, Dataset
from model.history import DEFAULT_HISTORY_PATH, load_history
from model.messages import Problem
from model.path import month_path, review_of_year
from model.projection import Baselines, project
from model.scenario import LANGS, parse_scenario

COMMANDS: tuple[str, ...] = ("path", "review")
ACTIONS: dict[str, tuple[str, ...]] = {}  # no second-level commands under another group's


def add_parsers(sub: argparse._SubParsersAction, actions: dict[str, Any]) -> None:
    """The parsers of :data:`COMMANDS` under ``sub``."""
    path = sub.add_parser(
        "path", help="the month-by-month year-to-date path: actual, needed by the target, projected"
    )
    path.add_argument("--json", action="store_true", help="print a JSON list of objects")
    path.add_argument("--scenario", default="", help="the app URL's query string")
    rev = sub.add_parser(
        "review", help="the year-end review: projections against the year's outcome (period FY)"
    )
    rev.add_argument("--year", type=int, required=True, help="the year reviewed")
    out = rev.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print a JSON list of objects")
    out.add_argument("--format", choices=("xlsx",), default=None, help="write a file (-o)")
    rev.add_argument("-o", "--output", default=None, help="the file --format writes")
    rev.add_argument("--lang", choices=LANGS, default="zh", help="language of the file")
    for p in (path, rev):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")


@functools.lru_cache(maxsize=16)
def _baselines(year: int, period: str) -> Baselines | None:
    """The statistical baselines of the published history for ``year``'s ``period`` (None
    when the history cannot give them)."""
    try:
        return build_report(load_history(DEFAULT_HISTORY_PATH), year, period).baselines
    except (OSError, ValueError, ArithmeticError):
        return None


def baselines_of(ds: Dataset) -> Baselines | None:
    """The baselines of ``ds``'s year and period (see :func:`_baselines`)."""
    return _baselines(ds.year, ds.period_code)


def run(args: argparse.Namespace, ds: Dataset, opened) -> int:  # noqa: ANN001
    """Run ``args.command`` (one of :data:`COMMANDS`) on ``ds``; ``opened()`` opens the store."""
    from store.years import saved_of_year, year_data

    if args.command == "path":
        scenario_ds = _linked_dataset([args.scenario], ds, args.data)
        scenario, issues = parse_scenario(args.scenario, scenario_ds)
        failure = scenario_failure(issues)
        if failure is not None:
            raise ValueError(failure)
        results = project(scenario_ds, scenario, baselines=baselines_of(scenario_ds))
        year = year_data(opened(), ds, scenario_ds.year)
        datasets = [*year.periods, *year.year_end[:1]]
        if scenario_ds.data_id not in {d.data_id for d in datasets}:  # --data's file, say
            datasets.append(scenario_ds)
        _print_path(month_path(datasets, scenario_ds, results), as_json=args.json)
        return 0
    if args.format and not args.output:
        raise ValueError("review: --format xlsx needs -o FILE")
    year = year_data(opened(), ds, args.year)
    if not year.year_end:
        raise Problem("review_no_fy", year=args.year)
    fy = year.year_end[0]  # the most recently stored
    saved = [(s.name, d.data_id, s.query, d) for s, d in saved_of_year(opened(), ds, args.year)]
    rows = review_of_year(fy, year.periods, saved, baselines_of)
    if args.format == "xlsx":
        from report.review_writer import to_review_xlsx

        data = to_review_xlsx(rows, fy, args.lang)
        with open(args.output, "wb") as fh:
            fh.write(data)
        print(f"wrote {args.output} ({len(data):,} bytes)")
    elif args.json:
        print(json.dumps(_deep(rows), ensure_ascii=False, indent=1))
    else:
        _print_review(rows)
    return 0


def _deep(x: Any) -> Any:
    """``x`` with every float rounded for JSON (:func:`cli.common._round`), in lists and
    objects too."""
    if isinstance(x, dict):
        return {k: _deep(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_deep(v) for v in x]
    return _round(x)


def _print_path(rows: list[dict[str, Any]], *, as_json: bool) -> None:
    """The path as JSON, or a line per indicator and month (actual, required)."""
    if as_json:
        print(json.dumps(_deep(rows), ensure_ascii=False, indent=1))
        return
    for r in rows:
        for m, a, q in zip(r["months"], r["actual"], r["required"], strict=True):
            print(f"{r['id']}\t{m}\t{_cell(a)}\t{_cell(q)}\t{r['unit']}")


def _print_review(rows: list[dict[str, Any]]) -> None:
    """A line per indicator and projection: id, who, period, projected, actual, error."""
    for r in rows:
        for b in r["baseline"]:
            print(f"{r['id']}\tmodel\t{b['period']}\t{_cell(b['projected'])}\t{_cell(r['actual'])}")
        for s in r["scenarios"]:
            print(
                f"{r['id']}\t{s['name']}\t{s['period']}\t{_cell(s['projected'])}"
                f"\t{_cell(r['actual'])}\t{_cell(s['error'])}\t{_cell(s['verdict_held'])}"
            )
