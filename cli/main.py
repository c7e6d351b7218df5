"""Command line over the model: ``python -m model [--json | --briefing] [--scenario QUERY]
[--lang zh|en] [--data PATH] [--history PATH]``.

Prints the projection of every indicator (a table, ``--json``, or the briefing paragraph the
overview shows). ``--scenario`` takes exactly the query string the app's URL carries; an
explicit ``--lang`` wins over a ``lang=`` inside it. Bad input exits with status 2 and a
one-line message naming the key, control characters escaped.
"""

from __future__ import annotations

import argparse
import json
import sys
from types import ModuleType

from cli import admin, data, scenarios, year
from cli.common import (
    _cell,
    _fail,
    _fail_data,
    _from_store,
    _linked_dataset,
    _round,
    _StoreFailure,
    _warn_stale,
    scenario_failure,
)
from model.baseline import BaselineReport, backtest_records, backtest_table, build_report
from model.calibration import coverage, summary_records
from model.data import DEFAULT_DATA_PATH, DataFileError, Dataset, is_year_end
from model.fmt import one_line
from model.history import DEFAULT_HISTORY_PATH, load_history, parse_history
from model.messages import Problem
from model.period import periodize
from model.projection import ProjectionResults, just_met, project
from model.scenario import LANGS, Scenario, parse_scenario
from model.template import load_any
from model.view import required_shown
from report.briefing import briefing
from report.scenarios import scenario_name

#: Fields of the ``--json`` output, in order.
JSON_FIELDS: tuple[str, ...] = (
    "id",
    "name_zh",
    "name_en",
    "unit",
    "kind",
    "h1_value",
    "h1_growth_pct",
    "target_value",
    "target_growth_pct",
    "h1_share_pct",
    "h1_share_derived",
    "prior_fy_value",
    "h2_assumption",
    "h2_assumption_unit",
    "projected_fy_value",
    "projected_fy_growth_pct",
    "required_h2_growth_pct",
    "required_h2_amount",
    "pace_ratio",
    "progress_pct",
    "elapsed_pct",
    "status",
    "outcome",
    "reachable",
    "gap_to_target",
    "gap_unit",
    "target_value_assumed",
    "missing",
    "level_is_approximation",
    "two_year_avg_h1_growth_pct",
    "h2_baseline_pct",
    "h2_interval_80",
    "h2_interval_95",
    "p_reach",
    "baseline_method",
    "baseline_needs",
    "baseline_rule",
    "baseline_chain_years",
    "baseline_assumed",
    "baseline_scale",
    "baseline_scale_source",
    "baseline_scale_years",
)
#: Period-neutral names (year to date / rest of year) of the h1_/h2_ fields, which stay as
#: aliases carrying the same figures whatever the period.
YTD_FIELDS: dict[str, str] = {
    "ytd_value": "h1_value",
    "ytd_growth_pct": "h1_growth_pct",
    "rest_assumption": "h2_assumption",
    "required_rest_growth_pct": "required_h2_growth_pct",
    "required_rest_amount": "required_h2_amount",
}

#: The pace needed (``status``) in the table: against the year-to-date pace, not a verdict.
PACE_WORDS = {
    "on_track": "<= H1 pace",
    "needs_acceleration": "above H1 pace",
    "at_risk": "well above H1 pace",
}


#: The subcommand groups, one module each: ``COMMANDS`` (the first words it answers),
#: ``ACTIONS`` (second words it adds under another group's first word: ``{"scenarios":
#: ("history", "revert")}``), ``add_parsers(sub, actions)`` (its argparse parsers; ``actions``
#: maps a first word to its subparsers: the group that owns the word puts them there, a later
#: group adds its second words to them) and ``run(args, ds, opened) -> int`` (``ds`` the
#: dataset of ``--data``, ``opened()`` the store, opened on first use). A new group: a module
#: of ``cli/`` with these four, added here (after the groups whose first words it extends).
GROUPS: tuple[ModuleType, ...] = (scenarios, data, admin, year)
SUBCOMMANDS: tuple[str, ...] = tuple(c for g in GROUPS for c in g.COMMANDS)


#: The subcommands that take a year-end table (period FY) as ``--data``: they store, list or
#: write it, or review it; the others project, and a year-end table is never projected.
UNPROJECTED: tuple[str, ...] = ("data", "template", "review", "users", "audit")


def _year_end(ds: Dataset) -> Problem:
    """The one-line refusal of a year-end table where a projection is asked for."""
    return Problem("data_year_end", kind="data", id=ds.data_id, year=ds.year)


def _group(args: argparse.Namespace) -> ModuleType:
    """The group that runs ``args``: the one adding its second word, else its first word's."""
    for group in GROUPS:
        if getattr(args, "action", None) in group.ACTIONS.get(args.command, ()):
            return group
    return next(g for g in GROUPS if args.command in g.COMMANDS)


def _subcommand(argv: list[str]) -> int:
    """A subcommand of :data:`GROUPS` (saved scenarios in package ``store``, files of
    :mod:`report.exports`), imported lazily: the plain projection never loads them."""
    parser = argparse.ArgumentParser(prog="python -m model")
    sub = parser.add_subparsers(dest="command", required=True)
    actions: dict[str, argparse._SubParsersAction] = {}
    for group in GROUPS:
        group.add_parsers(sub, actions)
    args = parser.parse_args(argv)

    from store import Store, StoreError

    try:
        ds = load_any(getattr(args, "data", str(DEFAULT_DATA_PATH)))
        _warn_stale(getattr(args, "data", None))
        if is_year_end(ds) and args.command not in UNPROJECTED:
            return _fail(str(_year_end(ds)))
        store = None

        def opened() -> Store:
            nonlocal store
            if store is None:
                from cli.admin import cli_actor

                store = Store().acting_as(cli_actor())  # writes as cli:<OS user>
            return store

        return _group(args).run(args, ds, opened)
    except StoreError as exc:
        return _fail(f"store: {exc}")
    except DataFileError as exc:
        return _fail_data(exc)
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or 'file'}: {exc.strerror or exc}")
    except ValueError as exc:
        return _fail(str(exc))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return _subcommand(argv)
    args = _parser().parse_args(argv)
    try:
        # an unknown data id: the parser below reports it (exit 2)
        ds = _linked_dataset([args.scenario], load_any(args.data), args.data)
        _warn_stale(args.data)
    except DataFileError as exc:
        return _fail_data(exc)
    except _StoreFailure as exc:
        return _fail(str(exc))
    if is_year_end(ds):  # the year's outcome (--data FILE of period FY): reviewed, not projected
        return _fail(str(_year_end(ds)))
    scenario = _scenario(args.scenario, ds)
    if isinstance(scenario, str):
        return _fail(scenario)
    report = _report(args.history, scenario, ds)
    if isinstance(report, str):
        return _fail(report)
    if args.summary and not args.backtest:
        return _fail("--summary goes with --backtest")
    if args.backtest:
        if args.summary:
            _print_summary(report, as_json=args.json)
        else:
            _print_backtest(report, as_json=args.json)
        return 0
    results = project(ds, scenario, baselines=report.baselines)
    if args.briefing:
        lang = args.lang or scenario.lang
        name = scenario_name(ds, scenario, lang)
        print(briefing(results, lang, scenario_name=name, pace_thresholds=results.pace_thresholds))
    elif args.json:
        _print_json(results, ds)
    else:
        _print_table(results, ds)
    return 0


def _parser() -> argparse.ArgumentParser:
    """The projection command's options (the subcommands have their own parsers)."""
    parser = argparse.ArgumentParser(
        prog="python -m model",
        description="Project the full-year outcome of every target of Liudong New District in the "
        "data's year (the shipped 2021 data, a stored dataset or a filled table of any year).",
    )
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print a JSON list of objects")
    out.add_argument(
        "--briefing", action="store_true", help="print the overview's briefing paragraph"
    )
    parser.add_argument(
        "--backtest",
        action="store_true",
        help="the baseline's backtest (series × year × method) instead of the projections",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="with --backtest: the calibration by series, geographic level and year group "
        "(shock, rebound, after, normal): n, MAE, naive MAE, 95%% coverage",
    )
    parser.add_argument(
        "--lang", choices=LANGS, default=None, help="language of --briefing (wins over lang=)"
    )
    parser.add_argument(
        "--scenario",
        default="",
        help='the app URL\'s query string, e.g. "fiscal_revenue=7&fai=30&fai.h1_share=45"',
    )
    parser.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")
    parser.add_argument(
        "--history",
        default=str(DEFAULT_HISTORY_PATH),
        help="published history CSV for the baseline",
    )
    return parser


def _scenario(query: str, ds: Dataset) -> Scenario | str:
    """The ``--scenario`` query string parsed (a vintage mismatch is warned on stderr), or the
    one-line failure to print."""
    scenario, issues = parse_scenario(query, ds)
    for i in issues:
        if i.code == "vintage_mismatch":
            print(f"warning: {one_line(i.message)}", file=sys.stderr)
    failure = scenario_failure(issues)
    return scenario if failure is None else failure


def _report(history_path: str, scenario: Scenario, ds: Dataset) -> BaselineReport | str:
    """The baseline fitted on the history in use (a stored file the link names, else the
    ``--history`` file), or the one-line failure to print."""
    try:
        if scenario.hist_id is not None and history_path == str(DEFAULT_HISTORY_PATH):
            text = _from_store("hist", scenario.hist_id)
            if text is None:
                return f"--scenario hist: no stored history file '{scenario.hist_id}'"
            parsed = parse_history(text.encode("utf-8"), f"{scenario.hist_id}.csv")
            if parsed.table is None:
                return f"history: {'; '.join(parsed.problems)}"
            history = parsed.table
        else:
            history = load_history(history_path)
        return build_report(history, ds.year, ds.period_code)
    except _StoreFailure as exc:
        return str(exc)
    except (OSError, ValueError, ArithmeticError) as exc:
        return f"history: {exc}"


def _print_backtest(report: BaselineReport, *, as_json: bool) -> None:
    """The baseline's backtest: JSON records, or one line per record and the summary table."""
    records = [{k: _round(v) for k, v in r.items()} for r in backtest_records(report)]
    if as_json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    for r in records:
        print(
            f"{r['series']:<22} {r['year']}  {r['method']:<9}"
            f"{'*' if r['default'] else ' '} pred {r['predicted_fy_growth_pct']:>7.2f}"
            f"  actual {r['actual_fy_growth_pct']:>7.2f}"
        )
    print()
    for line in backtest_table(report):
        print(line)


def _print_summary(report: BaselineReport, *, as_json: bool) -> None:
    """The backtest's calibration (model.calibration): JSON objects, or one line per object and
    the pooled 95% coverage."""
    records = [{k: _round(v) for k, v in r.items()} for r in summary_records(report)]
    if as_json:
        print(json.dumps(records, ensure_ascii=False, indent=1))
        return
    print(f"{'series':<22} {'level':<9} {'group':<8} {'n':>3} {'MAE':>6} {'naive':>6} {'cov95':>6}")
    for r in records:
        cov = "-" if r["coverage_95"] is None else f"{r['coverage_95'] * 100:.0f}%"
        print(
            f"{r['series']:<22} {r['geo_level']:<9} {r['group']:<8} {r['n']:>3} "
            f"{r['mae']:>6.3f} {r['naive_mae']:>6.3f} {cov:>6}"
        )
    share, n = coverage(records)
    print("" if share is None else f"95% coverage over {n} years with an interval: {share:.0%}")


def _print_json(results: ProjectionResults, ds: Dataset) -> None:
    """Every indicator's projection as a JSON list of objects."""
    rows = []
    for r in results.results:
        d = r.to_dict()
        row = {k: _round(d[k]) for k in JSON_FIELDS}
        row["period"] = ds.period_code
        row["months_elapsed"] = ds.months_elapsed
        row.update({k: _round(d[v]) for k, v in YTD_FIELDS.items()})
        rows.append(row)
    print(json.dumps(rows, ensure_ascii=False, indent=1))


def _print_table(results: ProjectionResults, ds: Dataset) -> None:
    """Every indicator's projection as a plain-text table, then the source line."""
    header = (
        "id",
        "unit",
        "H1",
        "H1 g%",
        "target",
        "target g%",
        "H2 assum.",
        "FY proj.",
        "FY g%",
        "req. H2 g%",
        "req. H2 amt",
        "progress%",
        "pace needed",
        "outcome",
        "gap",
    )
    header = tuple(periodize(h, ds.months_elapsed, "en") for h in header)
    rows_txt = [header]
    for r in results.results:
        rows_txt.append(
            (
                r.id,
                r.unit,
                _cell(r.h1_value),
                _cell(r.h1_growth_pct),
                _cell(r.target_value),
                _cell(r.target_growth_pct),
                _cell(r.h2_assumption),
                _cell(r.projected_fy_value),
                _cell(r.projected_fy_growth_pct),
                _cell(required_shown(r) if r.kind != "amount" else r.required_h2_growth_pct),
                _cell(required_shown(r) if r.kind == "amount" else r.required_h2_amount),
                _cell(r.progress_pct, 1),
                periodize(PACE_WORDS.get(r.status, "-"), ds.months_elapsed, "en"),
                "exact" if just_met(r) else r.outcome,
                _cell(r.gap_to_target),
            )
        )
    widths = [max(len(row[i]) for row in rows_txt) for i in range(len(header))]
    for row in rows_txt:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print(f"\n{_source(ds)}")


def run() -> int:
    """Run from a shell (``python -m model``): :func:`main`, a closed pipe counting as success."""
    try:
        return main()
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


def _source(ds: Dataset) -> str:
    """The table's source line: the speech for its figures, the uploaded table (label, file,
    date) for the uploaded ones."""
    from model.template import uploaded_ids

    speech = f"{ds.source_title} ({ds.source_file})"
    n = len(uploaded_ids(ds))
    if not n:
        return f"source: {speech}; data vintage {ds.vintage}"
    label, file, date = ds.upload or ("unnamed", "", "")
    table = f"uploaded table '{one_line(label)}' ({one_line(file) or '-'}, {date or '-'})"
    return (
        f"source: {table} for the period's figures of {n} indicators; targets and the other "
        f"figures: {speech}; data vintage {ds.vintage}"
    )


if __name__ == "__main__":
    sys.exit(run())
