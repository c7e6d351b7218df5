"""``scenarios save|list|delete|restore|rename|collisions``, ``compare A B [C D]`` and ``export``: saved
scenarios (package ``store``) and files (:mod:`report.exports`)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from urllib.parse import urlencode

from cli.common import (
    _cell,
    _fail,
    _from_store,
    _linked_dataset,
    _round,
    print_rows,
    scenario_failure,
)
from model.baseline import build_report
from model.data import DEFAULT_DATA_PATH, Dataset
from model.fmt import one_line
from model.history import load_history
from model.scenario import DATA_KEY, LANGS, parse_scenario, query_pairs
from model.template import from_canonical, is_data_id
from report.voice import iso_beijing

COMMANDS: tuple[str, ...] = ("scenarios", "compare", "export")
ACTIONS: dict[str, tuple[str, ...]] = {}  # no second-level commands under another group's


def add_parsers(sub: argparse._SubParsersAction, actions: dict[str, Any]) -> None:
    """The parsers of :data:`COMMANDS` under ``sub``; ``scenarios``' actions in ``actions``."""
    sc = sub.add_parser("scenarios", help="saved scenarios")
    ssub = sc.add_subparsers(dest="action", required=True)
    actions["scenarios"] = ssub
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
    col = ssub.add_parser(
        "collisions", help="saved names that are one name once normalised (NFKC); never merged"
    )
    col.add_argument("--json", action="store_true")
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
    exp.add_argument("--format", choices=("csv", "xlsx", "docx", "summary"), required=True)
    exp.add_argument("-o", "--output", required=True)
    exp.add_argument("--lang", choices=LANGS, default="zh")
    for p in (sc, cmp_, exp):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help="indicator data file")
    for p in (save, lst, ren):
        p.add_argument("--data", default=str(DEFAULT_DATA_PATH), help=argparse.SUPPRESS)


def run(args: argparse.Namespace, ds: Dataset, opened) -> int:  # noqa: ANN001
    """Run ``args.command`` (one of :data:`COMMANDS`) on ``ds``; ``opened()`` opens the store."""
    if args.command == "scenarios":
        return _scenarios(args, ds, opened)
    from report import exports

    items = args.items if args.command == "compare" else (args.compare or [args.scenario])
    if args.command == "compare" and not 2 <= len(items) <= 4:
        return _fail("compare: give 2 to 4 scenarios")
    views = _own_views(args, items, ds, opened)
    if isinstance(views, int):
        return views
    ds = views[0].ds or ds  # the document's data: the first scenario's
    if args.command == "compare":
        records = [
            {
                "id": r["id"],
                "scenarios": [{k: _round(v) for k, v in s.items()} for s in r["scenarios"]],
            }
            for r in exports.compare_records(views)
        ]
        print_rows(
            records,
            args.json,
            lambda r: (
                f"{r['id']:<30} "
                + "  ".join(
                    f"{s['name']}: {_cell(s['projected_fy_value'])} {s['outcome']}"
                    for s in r["scenarios"]
                )
            ),
        )
        return 0
    data = exports.export(views, ds, args.format, args.lang)
    with open(args.output, "wb") as fh:
        fh.write(data)
    print(f"wrote {args.output} ({len(data):,} bytes)")
    return 0


def _own_views(args: argparse.Namespace, items: list[str], ds: Dataset, opened) -> Any:  # noqa: ANN001
    """Each scenario of ``compare``/``export`` on its own data: a saved scenario on the data
    id it was saved with, a query string on its ``data=``, when that data is stored (the
    shipped data always is) — else on ``ds`` with a note on stderr saying so. An explicit
    ``--data FILE`` wins for every scenario. Named as everywhere (模型基准, 乐观, 自定义情景 …),
    each with its own link (``PUBLIC_URL`` + query with ``data=``). A list of views, or the
    exit status of a failure."""
    from report import exports

    lang = getattr(args, "lang", "zh") or "zh"
    public = os.environ.get("PUBLIC_URL", "").strip()
    explicit = args.data != str(DEFAULT_DATA_PATH)
    reports: dict[str, Any] = {}

    def lookup(data_id: str) -> Dataset | None:
        if explicit or not is_data_id(data_id):
            return None
        text = _from_store("data", data_id)
        return None if text is None else from_canonical(text, ds)

    views = []
    for item in items:
        saved = None
        if "=" in item or item == "":
            asked, query, name, note = exports.query_data_id(item), item, None, ""
        else:
            saved = opened().get(item)
            if saved is None:
                return _fail(f"compare: no saved scenario '{item}'")
            asked, query, name, note = saved.data_id, saved.query, saved.name, saved.note or ""
        item_ds, found = exports.own_data(asked, ds, lookup)
        if "=" in item or item == "":
            if found:  # its data= is the data it is projected on (the link adds it back)
                query = exports.without_data(query)
            # else: the parser reports the unknown data id (exit 2)
        elif not found:
            print(
                f"note: scenario '{one_line(item, limit=60)}' was saved on data {asked}, which is"
                f" not stored here; it is projected on the data in use ({ds.data_id}), and its"
                " assumptions were set for that data",
                file=sys.stderr,
            )
        if item_ds.data_id not in reports:
            reports[item_ds.data_id] = build_report(
                load_history(), item_ds.year, item_ds.period_code
            )
        views.append(
            exports.view(
                item_ds,
                query,
                name=name,
                baselines=reports[item_ds.data_id].baselines,
                lang=lang,
                note=note,
                public_url=public,
                saved_by=None if saved is None else saved.author,  # the handouts say who, when
                saved_at=None if saved is None else saved.updated_at,
            )
        )
    return views


def _scenarios(args: argparse.Namespace, ds, opened) -> int:  # noqa: ANN001
    if args.action == "save":
        ds = _linked_dataset([args.scenario], ds, args.data)
        _, issues = parse_scenario(args.scenario, ds)
        failure = scenario_failure(issues)
        if failure is not None:
            return _fail(failure)
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
        rows = [
            {
                "name": r.name,
                "query": r.query,
                "vintage": r.vintage,
                "data_id": r.data_id,
                "note": r.note,
                "author": r.author,
                "created_at": iso_beijing(r.created_at),
                "updated_at": iso_beijing(r.updated_at),
                "deleted": r.deleted,
            }
            for r in opened().list(include_deleted=args.deleted)
        ]
        groups = opened().name_collisions()
        if groups:
            print(
                f"note: {len(groups)} group{'s' if len(groups) > 1 else ''} of saved names"
                " are one name once normalised (each is kept; a lookup tries the exact name"
                " first): python -m model scenarios collisions",
                file=sys.stderr,
            )
        print_rows(
            rows,
            args.json,
            lambda r: (
                f"{one_line(r['name'])}{' (deleted)' if r['deleted'] else ''}\t"
                f"{one_line(r['query'])}\t{r['vintage']}"
            ),
        )
        return 0
    if args.action == "collisions":
        print_rows(
            opened().name_collisions(),
            args.json,
            lambda group: " | ".join(f"'{one_line(n)}'" for n in group),
        )
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
