"""The operator's commands on accounts, the audit trail, scenario versions and withdrawn
datasets: ``users add|list|remove|unlock``, ``audit list``, ``scenarios history|revert``,
``data delete|defaults``. The command line writes as ``cli:<OS user>`` with the admin role
(it is the operator's tool, run on the server). Bad input exits 2 with one line."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from cli.common import print_rows
from model.fmt import one_line
from report.voice import iso_beijing

if TYPE_CHECKING:
    from model.data import Dataset
    from store.roles import Actor

#: The first words of the command lines of this group (a group of :data:`cli.main.GROUPS`),
#: and the second words it adds under another group's first word.
COMMANDS: tuple[str, ...] = ("users", "audit")
ACTIONS: dict[str, tuple[str, ...]] = {
    "scenarios": ("history", "revert"),
    "data": ("delete", "defaults"),
}


def cli_actor() -> Actor:
    """Who the command line writes as: ``cli:<OS user>``, an admin."""
    from store.roles import ADMIN, Actor

    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(f"cli:{user}", ADMIN)


def _one_line(text: object) -> str:
    """``text`` on one line, a control or unusual space escaped as every message escapes it
    (:func:`model.fmt.one_line`: U+3000 as ``\\u3000``)."""
    return one_line(str(text))


def _fail(message: str) -> int:
    print(f"error: {_one_line(message)}", file=sys.stderr)
    return 2


def _ts(value) -> str | None:  # noqa: ANN001 - datetime or None
    return iso_beijing(value)  # Beijing time, with its offset


def add_parsers(sub: argparse._SubParsersAction, actions: dict[str, Any]) -> None:
    """The parsers of :data:`COMMANDS` under ``sub``, and of :data:`ACTIONS` under the
    ``scenarios`` and ``data`` commands' actions (registered in ``actions`` by their groups)."""
    from store.roles import ROLES

    users = sub.add_parser("users", help="accounts (admins)")
    usub = users.add_subparsers(dest="action", required=True)
    add = usub.add_parser("add", help="add a local account or an OIDC e-mail address")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--password-stdin", action="store_true", help="read the password on stdin")
    add.add_argument("--oidc", action="store_true", help="NAME is an e-mail signed in by OIDC")
    ulist = usub.add_parser("list", help="every account (never a hash)")
    ulist.add_argument("--json", action="store_true")
    usub.add_parser("remove", help="remove an account").add_argument("name")
    usub.add_parser(
        "unlock", help="lift an account's sign-in locks (every client address)"
    ).add_argument("name")
    aud = sub.add_parser("audit", help="the audit trail")
    asub = aud.add_subparsers(dest="action", required=True)
    alist = asub.add_parser("list", help="every write, newest first")
    alist.add_argument("--json", action="store_true")
    alist.add_argument("--limit", type=int, default=200)
    alist.add_argument("--target", default=None, help="only writes to this target")
    ssub = actions["scenarios"]
    hist = ssub.add_parser("history", help="every version of a saved scenario")
    hist.add_argument("name")
    hist.add_argument("--json", action="store_true")
    rev = ssub.add_parser("revert", help="bring a version of a saved scenario back")
    rev.add_argument("name")
    rev.add_argument("version", type=int)
    dsub = actions["data"]
    dsub.add_parser("delete", help="withdraw a stored dataset (soft)").add_argument("id")
    dflt = dsub.add_parser("defaults", help="every change of the default, newest first")
    dflt.add_argument("--json", action="store_true")


def run(args: argparse.Namespace, ds: Dataset, opened) -> int:  # noqa: ANN001
    """Run one of this group's command lines (``ds`` is not used: these work on the store);
    ``opened()`` opens the store, as ``cli:<OS user>``. A local account's password is read
    from stdin before the store opens."""
    if args.command == "users" and args.action == "add" and not args.oidc:
        if not args.password_stdin:
            return _fail("users add: give --password-stdin (or --oidc for an e-mail address)")
    password = None
    if args.command == "users" and args.action == "add" and args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    return _run(args, opened(), password)


def _run(args: argparse.Namespace, store, password: str | None) -> int:  # noqa: ANN001
    if args.command == "users":
        if args.action == "add":
            acc = store.add_user(args.name, args.role, password=password, oidc=args.oidc)
            print(f"added {acc.kind} user '{_one_line(acc.name)}' as {acc.role}")
        elif args.action == "remove":
            store.remove_user(args.name)
            print(f"removed user '{_one_line(args.name)}'")
        elif args.action == "unlock":
            n = store.unlock_user(args.name)
            where = "1 locked client address" if n == 1 else f"{n} locked client addresses"
            print(f"unlocked user '{_one_line(args.name)}' ({where})")
        else:
            rows = [
                {
                    "name": a.name,
                    "role": a.role,
                    "kind": a.kind,
                    "created_at": _ts(a.created_at),
                    "created_by": a.created_by,
                    "locked_until": _ts(a.locked_until),
                }
                for a in store.list_users()
            ]
            print_rows(
                rows,
                args.json,
                lambda r: f"{_one_line(r['name'])}\t{r['role']}\t{r['kind']}\t{r['created_at']}",
            )
        return 0
    if args.command == "audit":
        rows = [
            {
                "at": _ts(r.at),
                "actor": r.actor,
                "role": r.role,
                "action": r.action,
                "target_kind": r.target_kind,
                "target": r.target,
                "before": r.before,
                "after": r.after,
            }
            for r in store.audit_log(limit=args.limit, target=args.target)
        ]
        print_rows(
            rows,
            args.json,
            lambda r: (
                f"{r['at']}\t{_one_line(r['actor'])}\t{r['action']}\t"
                f"{_one_line(r['target'])}\t"
                f"{_one_line(str(r['before'] or '-') + ' → ' + str(r['after'] or '-'))}"
            ),
        )
        return 0
    if args.command == "scenarios":
        if args.action == "revert":
            saved = store.revert(args.name, args.version)
            print(f"'{_one_line(saved.name)}' is version {args.version} again: {saved.query}")
            return 0
        rows = [
            {
                "version": v.version,
                "name": v.name,
                "query": v.query,
                "vintage": v.vintage,
                "note": v.note,
                "data_id": v.data_id,
                "deleted": v.deleted,
                "action": v.action,
                "by": v.actor,
                "at": _ts(v.at),
            }
            for v in store.history(args.name)
        ]
        print_rows(
            rows,
            args.json,
            lambda r: (
                f"v{r['version']}{' (deleted)' if r['deleted'] else ''}\t{r['at']}\t"
                f"{_one_line(r['by'] or '-')}\t{r['action']}\t{_one_line(r['query'])}\t"
                f"{r['data_id'] or '-'}"
            ),
        )
        return 0
    if args.action == "delete":
        store.delete_data("data", args.id)
        print(f"withdrew {args.id} (links to it still open it, marked withdrawn)")
        return 0
    rows = [
        {"data_id": c.data_id or "shipped", "by": c.actor, "at": _ts(c.at)}
        for c in store.default_history("data")
    ]
    print_rows(rows, args.json, lambda r: f"{r['at']}\t{r['data_id']}\t{_one_line(r['by'] or '-')}")
    return 0
