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
import math
import os
import sys
from typing import Any
from urllib.parse import urlencode

from model.baseline import backtest_records, build_report
from model.briefing import briefing, scenario_name
from model.data import DEFAULT_DATA_PATH, DataFileError, Dataset, load_any
from model.fmt import one_line
from model.history import DEFAULT_HISTORY_PATH, load_history, parse_history
from model.period import periodize
from model.projection import pace_thresholds, project
from model.scenario import DATA_KEY, LANGS, parse_scenario, query_pairs
from model.template import from_canonical

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


def _round(x: Any) -> Any:
    if isinstance(x, float):
        return None if not math.isfinite(x) else round(x, 6)
    if isinstance(x, list):
        return [_round(v) for v in x]
    return x


def _cell(x: Any, digits: int = 2) -> str:
    if x is None:
        return "-"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{digits}f}"
    return str(x)


def _fail(message: str) -> int:
    """Print ``error: message`` on one line (control characters escaped); return status 2."""
    print(f"error: {one_line(message)}", file=sys.stderr)
    return 2


def _fail_data(exc: DataFileError) -> int:
    """Every problem of a data file, ``error: data: …`` a line each; return status 2."""
    for p in getattr(exc, "problems", None) or [str(exc)]:
        _fail(f"data: {p}")
    return 2


SUBCOMMANDS = ("scenarios", "compare", "export", "template", "data")


def _subcommand(argv: list[str]) -> int:
    """``scenarios save|list|delete|restore|rename``, ``compare A B [C D]`` and ``export``:
    saved scenarios (package ``store``) and files (package ``exports``), imported lazily so
    the rest of ``model`` never depends on them."""
    parser = argparse.ArgumentParser(prog="python -m model")
    sub = parser.add_subparsers(dest="command", required=True)
    sc = sub.add_parser("scenarios", help="saved scenarios")
    ssub = sc.add_subparsers(dest="action", required=True)
    save = ssub.add_parser("save", help="save a scenario under a name")
    save.add_argument("name")
    save.add_argument("--scenario", default="", help="the query string to save")
    save.add_argument("--note", default=None)
    save.add_argument("--author", default=None)
    save.add_argument("--replace", action="store_true", help="overwrite a scenario of that name")
    lst = ssub.add_parser("list", help="list saved scenarios")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--deleted", action="store_true", help="include deleted scenarios")
    for action in ("delete", "restore"):
        ssub.add_parser(action).add_argument("name")
    ren = ssub.add_parser("rename")
    ren.add_argument("name")
    ren.add_argument("new_name")
    cmp_ = sub.add_parser("compare", help="compare 2–4 scenarios (saved names or query strings)")
    cmp_.add_argument("items", nargs="+")
    cmp_.add_argument("--json", action="store_true")
    exp = sub.add_parser("export", help="write a scenario or a comparison to a file")
    what = exp.add_mutually_exclusive_group(required=True)
    what.add_argument("--scenario", default=None)
    what.add_argument("--compare", nargs="+", default=None)
    exp.add_argument("--format", choices=("csv", "xlsx", "docx"), required=True)
    exp.add_argument("-o", "--output", required=True)
    exp.add_argument("--lang", choices=LANGS, default="zh")
    dat = sub.add_parser("data", help="stored datasets (what the 数据更新 page applies)")
    dsub = dat.add_subparsers(dest="action", required=True)
    dstore = dsub.add_parser("store", help="check a filled table and store it; print its id")
    dstore.add_argument("file")
    dstore.add_argument("--label", default="")
    dlist = dsub.add_parser("list", help="the shipped data and every stored dataset")
    dlist.add_argument("--json", action="store_true")
    ddef = dsub.add_parser("default", help="the data new sessions open on")
    ddef.add_argument("id", help="a stored data id, or 'shipped'")
    for p in (dstore, dlist, ddef):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help=argparse.SUPPRESS)
    tpl = sub.add_parser("template", help="write the fill-in table of the data in use")
    tpl.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    tpl.add_argument("--with-actuals", action="store_true", help="prefill the year's actuals")
    tpl.add_argument("-o", "--output", required=True)
    tpl.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="headers as a clerk's template in zh/en (XLSX: hidden id row, 填表说明 sheet); "
        "default: the column ids",
    )
    tpl.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")
    for p in (sc, cmp_, exp):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")
    for p in (save, lst, ren):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    from store import Store, StoreError

    try:
        ds = load_any(args.data)
        if args.command == "template":
            from model.template import write_template

            data = write_template(ds, args.format, with_actuals=args.with_actuals, lang=args.lang)
            with open(args.output, "wb") as fh:
                fh.write(data)
            print(f"wrote {args.output} ({len(data):,} bytes)")
            return 0
        store = None

        def opened() -> Store:
            nonlocal store
            if store is None:
                store = Store()
            return store

        if args.command == "scenarios":
            return _scenarios(args, ds, opened)
        if args.command == "data":
            return _data(args, ds, opened)
        import exports

        items = args.items if args.command == "compare" else (args.compare or [args.scenario])
        if args.command == "compare" and not 2 <= len(items) <= 4:
            return _fail("compare: give 2 to 4 scenarios")
        ds = _linked_dataset(items, ds, args.data)  # unknown: exports.view reports it (exit 2)
        report = build_report(load_history(), ds.year, ds.period_code)
        public = os.environ.get("PUBLIC_URL", "").strip()
        views = []
        for item in items:
            if "=" in item or item == "":
                views.append(
                    exports.view(
                        ds, item, baselines=report.baselines, lang=getattr(args, "lang", "zh")
                    )
                )
                continue
            saved = opened().get(item)
            if saved is None:
                return _fail(f"compare: no saved scenario '{item}'")
            views.append(
                exports.view(
                    ds, saved.query, name=saved.name, baselines=report.baselines, base_url=public
                )
            )
        if args.command == "compare":
            records = [
                {
                    "id": r["id"],
                    "scenarios": [{k: _round(v) for k, v in s.items()} for s in r["scenarios"]],
                }
                for r in exports.compare_records(views)
            ]
            if args.json:
                print(json.dumps(records, ensure_ascii=False, indent=1))
            else:
                for r in records:
                    cells = "  ".join(
                        f"{s['name']}: {_cell(s['projected_fy_value'])} {s['outcome']}"
                        for s in r["scenarios"]
                    )
                    print(f"{r['id']:<30} {cells}")
            return 0
        data = exports.export(views, ds, args.format, args.lang)
        with open(args.output, "wb") as fh:
            fh.write(data)
        print(f"wrote {args.output} ({len(data):,} bytes)")
        return 0
    except StoreError as exc:
        return _fail(f"store: {exc}")
    except DataFileError as exc:
        return _fail_data(exc)
    except OSError as exc:
        return _fail(f"{getattr(exc, 'filename', '') or 'file'}: {exc.strerror or exc}")
    except ValueError as exc:
        return _fail(str(exc))


def _data(args: argparse.Namespace, ds, opened) -> int:  # noqa: ANN001
    """``data store FILE``, ``data list``, ``data default ID|shipped`` (the store's datasets)."""
    from model.period import as_of
    from model.template import canonical

    if args.action == "store":
        from model.plausibility import warnings
        from model.template import from_canonical

        new = load_any(args.file)  # every problem: DataFileError, one line each, exit 2
        stored = opened().list_data("data")
        in_use = next((d for d in stored if d.is_default), None)
        earlier = [ds, *(from_canonical(d.content, ds) for d in stored)]
        old = ds if in_use is None else from_canonical(in_use.content, ds)
        for w in warnings(new, old, earlier):  # warnings, not errors: the table is stored
            print(f"warning: data: {one_line(str(w))}", file=sys.stderr)
        label = args.label.strip() or f"{as_of(new.year, new.months_elapsed)} · {args.file}"
        opened().put_data(
            "data",
            new.data_id,
            canonical(new),
            label=label[:120],
            period=new.period_code,
            year=new.year,
            filename=os.path.basename(args.file)[:200],
        )
        print(new.data_id)
        return 0
    if args.action == "default":
        target = None if args.id == "shipped" or args.id == ds.data_id else args.id
        opened().set_default_data("data", target)
        print(f"new sessions open on {args.id}")
        return 0
    stored = opened().list_data("data")
    default = next((d.id for d in stored if d.is_default), ds.data_id)
    rows = [
        {
            "id": ds.data_id,
            "label": "shipped",
            "period": ds.period_code,
            "year": ds.year,
            "default": default == ds.data_id,
            "created_at": None,
        }
    ] + [
        {
            "id": d.id,
            "label": d.label,
            "period": d.period,
            "year": d.year,
            "default": d.is_default,
            "created_at": d.created_at.isoformat(),
        }
        for d in stored
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            mark = " (default)" if r["default"] else ""
            print(f"{r['id']}{mark}\t{r['year']}{r['period']}\t{one_line(str(r['label']))}")
    return 0


def _scenarios(args: argparse.Namespace, ds, opened) -> int:  # noqa: ANN001
    if args.action == "save":
        ds = _linked_dataset([args.scenario], ds, args.data)
        _, issues = parse_scenario(args.scenario, ds)
        hard = [i for i in issues if i.code != "vintage_mismatch"]
        if hard:
            return _fail(f"--scenario {hard[0].message}")
        # the data id is a column of its own, as when the app saves
        query = urlencode(
            [(k, v) for k, v in query_pairs(args.scenario) if k not in (DATA_KEY, "v")]
        )
        saved = opened().save(
            args.name,
            query,
            ds.vintage,
            note=args.note,
            author=args.author,
            data_id=ds.data_id,
            replace=args.replace,
        )
        print(f"saved '{saved.name}'")
        return 0
    if args.action == "list":
        rows = opened().list(include_deleted=args.deleted)
        if args.json:
            print(
                json.dumps(
                    [
                        {
                            "name": r.name,
                            "query": r.query,
                            "vintage": r.vintage,
                            "data_id": r.data_id,
                            "note": r.note,
                            "author": r.author,
                            "created_at": r.created_at.isoformat(),
                            "updated_at": r.updated_at.isoformat(),
                            "deleted": r.deleted,
                        }
                        for r in rows
                    ],
                    ensure_ascii=False,
                    indent=1,
                )
            )
        else:
            for r in rows:
                mark = " (deleted)" if r.deleted else ""
                print(f"{one_line(r.name)}{mark}\t{one_line(r.query)}\t{r.vintage}")
        return 0
    if args.action == "delete":
        opened().delete(args.name)
        print(f"deleted '{one_line(args.name)}' (restorable)")
        return 0
    if args.action == "restore":
        opened().restore(args.name)
        print(f"restored '{one_line(args.name)}'")
        return 0
    opened().rename(args.name, args.new_name)
    print(f"renamed '{one_line(args.name)}' to '{one_line(args.new_name)}'")
    return 0


class _StoreFailure(ValueError):
    """The store a link's ``data=``/``hist=`` needs cannot be reached (one line)."""


def _linked(query: str, key: str) -> str | None:
    """The value of ``key`` in a scenario query string (None if absent or repeated)."""
    values = [v for k, v in query_pairs(query) if k == key]
    return values[0] if len(values) == 1 else None


def _linked_dataset(queries: list[str], ds: Dataset, data_arg: str) -> Dataset:
    """The stored dataset the ``data=`` of ``queries`` names (one id at most, else
    ``ValueError``), built on ``ds``; ``ds`` itself when none names one, when ``--data`` gave
    a file of its own, or when the id is not stored (the scenario parser reports that)."""
    named = {d for q in queries if (d := _linked(q, DATA_KEY)) is not None}
    if len(named) > 1:
        raise ValueError("data: the scenarios name different datasets; compare one at a time")
    if not named or data_arg != str(DEFAULT_DATA_PATH):
        return ds
    from model.template import with_origin
    from store import Store, StoreError

    try:
        row = Store().get_data("data", named.pop())
    except StoreError as exc:
        raise _StoreFailure(f"store: {exc}") from exc
    if row is None:
        return ds
    new = from_canonical(row.content, ds)
    return with_origin(new, row.label, row.filename or "", f"{row.created_at:%Y-%m-%d}")


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


def _from_store(kind: str, item_id: str) -> str | None:
    """The canonical text stored as ``kind`` ``item_id`` (None if unknown)."""
    from store import Store, StoreError

    try:
        row = Store().get_data(kind, item_id)
    except StoreError as exc:
        raise _StoreFailure(f"store: {exc}") from exc
    return None if row is None else row.content


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return _subcommand(argv)
    parser = argparse.ArgumentParser(
        prog="python -m model",
        description="Project the full-year outcome of every 2021 target of Liudong New District.",
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
    args = parser.parse_args(argv)
    try:
        # an unknown data id: the parser below reports it (exit 2)
        ds = _linked_dataset([args.scenario], load_any(args.data), args.data)
    except DataFileError as exc:
        return _fail_data(exc)
    except _StoreFailure as exc:
        return _fail(str(exc))
    scenario, issues = parse_scenario(args.scenario, ds)
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    for i in issues:
        if i.code == "vintage_mismatch":
            print(f"warning: {one_line(i.message)}", file=sys.stderr)
    if hard:
        return _fail(f"--scenario {hard[0].message}")
    try:
        if scenario.hist_id is not None and args.history == str(DEFAULT_HISTORY_PATH):
            text = _from_store("hist", scenario.hist_id)
            if text is None:
                return _fail(f"--scenario hist: no stored history file '{scenario.hist_id}'")
            parsed = parse_history(text.encode("utf-8"), f"{scenario.hist_id}.csv")
            if parsed.table is None:
                return _fail(f"history: {'; '.join(parsed.problems)}")
            history = parsed.table
        else:
            history = load_history(args.history)
        report = build_report(history, ds.year, ds.period_code)
    except _StoreFailure as exc:
        return _fail(str(exc))
    except (OSError, ValueError, ArithmeticError) as exc:
        return _fail(f"history: {exc}")
    if args.backtest:
        records = [{k: _round(v) for k, v in r.items()} for r in backtest_records(report)]
        if args.json:
            print(json.dumps(records, ensure_ascii=False, indent=1))
        else:
            for r in records:
                print(
                    f"{r['series']:<22} {r['year']}  {r['method']:<9}"
                    f"{'*' if r['default'] else ' '} pred {r['predicted_fy_growth_pct']:>7.2f}"
                    f"  actual {r['actual_fy_growth_pct']:>7.2f}"
                )
        return 0
    results = project(ds, scenario, baselines=report.baselines)
    if args.briefing:
        lang = args.lang or scenario.lang
        name = scenario_name(ds, scenario, lang)
        print(briefing(results, lang, scenario_name=name, pace_thresholds=pace_thresholds(ds)))
        return 0
    if args.json:
        rows = []
        for r in results.results:
            d = r.to_dict()
            row = {k: _round(d[k]) for k in JSON_FIELDS}
            row["period"] = ds.period_code
            row["months_elapsed"] = ds.months_elapsed
            row.update({k: _round(d[v]) for k, v in YTD_FIELDS.items()})
            rows.append(row)
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
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
        "difficulty",
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
                _cell(r.required_h2_growth_pct),
                _cell(r.required_h2_amount),
                _cell(r.progress_pct, 1),
                r.status,
                r.outcome,
                _cell(r.gap_to_target),
            )
        )
    widths = [max(len(row[i]) for row in rows_txt) for i in range(len(header))]
    for row in rows_txt:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print(f"\n{_source(ds)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # e.g. piped into `head`
        sys.exit(0)
