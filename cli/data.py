"""``template`` (the fill-in table of the data in use) and ``data store|list|default`` (the
stored datasets the 数据更新 page applies)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from cli.common import _warn_stale
from model.catalogue import LANGS
from model.data import DEFAULT_DATA_PATH, Dataset
from model.fmt import one_line
from model.template import load_any
from report.i18n import t
from report.voice import iso_beijing

COMMANDS: tuple[str, ...] = ("data", "template")
ACTIONS: dict[str, tuple[str, ...]] = {}  # no second-level commands under another group's


def add_parsers(sub: argparse._SubParsersAction, actions: dict[str, Any]) -> None:
    """The parsers of :data:`COMMANDS` under ``sub``; ``data``'s actions in ``actions``."""
    page = t("zh", "nav_data")  # the page's name as the clerks know it
    dat = sub.add_parser("data", help=f"stored datasets (what the {page} page applies)")
    dsub = dat.add_subparsers(dest="action", required=True)
    actions["data"] = dsub
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
        "--year", type=int, default=None, help="the table's year (default: the data's year)"
    )
    tpl.add_argument(
        "--blank",
        action="store_true",
        help="a truly blank table: the indicators' labels and the year only",
    )
    tpl.add_argument(
        "--months",
        type=int,
        default=None,
        help="a table for another period of the data's year (its targets kept)",
    )
    tpl.add_argument("--scenario", default="", help="a link's query string: its data= is used")
    tpl.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="headers as a clerk's template in zh/en (XLSX: hidden id row, instructions sheet); "
        "default: the column ids",
    )
    tpl.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")


def run(args: argparse.Namespace, ds: Dataset, opened) -> int:  # noqa: ANN001
    """Run ``args.command`` (one of :data:`COMMANDS`) on ``ds``; ``opened()`` opens the store."""
    if args.command == "template":
        from cli.common import _linked_dataset
        from report.template_writer import write_template

        ds = _linked_dataset([args.scenario], ds, args.data)
        year = ds.year if args.year is None else args.year
        prior = None if args.blank or year != ds.year + 1 else _year_end(opened, ds.year)
        data = write_template(
            ds,
            args.format,
            with_actuals=args.with_actuals,
            year=args.year,
            lang=args.lang,
            blank=args.blank,
            months=args.months,
            prior=prior,
        )
        with open(args.output, "wb") as fh:
            fh.write(data)
        print(f"wrote {args.output} ({len(data):,} bytes)")
        return 0
    return _data(args, ds, opened)


def _year_end(opened, year: int) -> dict[str, dict[str, float | None]] | None:  # noqa: ANN001
    """:func:`store.years.year_end_prior` (None too when the store cannot be reached: the
    prior-year columns then stay blank)."""
    from store import StoreError
    from store.years import year_end_prior

    try:
        return year_end_prior(opened(), year)
    except StoreError:
        return None


def _data(args: argparse.Namespace, ds, opened) -> int:  # noqa: ANN001
    """``data store FILE``, ``data list``, ``data default ID|shipped`` (the store's datasets)."""
    from model.template import canonical
    from report.period_words import as_of

    if args.action == "store":
        from model.plausibility import warnings
        from model.template import from_canonical
        from store.years import stored_datasets

        stored = opened().list_data("data")
        kept = stored_datasets(opened(), ds)
        new = load_any(args.file, kept)  # every problem: DataFileError, one line each, exit 2
        _warn_stale(args.file, kept)
        in_use = next((d for d in stored if d.is_default), None)
        earlier = [ds, *kept]
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
            "created_at": iso_beijing(d.created_at),
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
