"""What the subcommand groups share: the one-line error (exit 2), the JSON rounding and table
cells, and the stored dataset or history file a scenario's ``data=``/``hist=`` names."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Sequence
from typing import Any

from model.data import DEFAULT_DATA_PATH, DataFileError, Dataset, is_year_end
from model.fmt import fixed, one_line
from model.messages import Problem
from model.scenario import DATA_KEY, query_pairs
from model.template import from_canonical


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
        return fixed(x, digits)
    return str(x)


def print_rows(rows: Sequence[Any], as_json: bool, line: Callable[[Any], str]) -> None:
    """``rows`` as one JSON array (``as_json``), else one line each by ``line`` (tab-separated
    columns for a person or a shell pipe)."""
    if as_json:
        print(json.dumps(list(rows), ensure_ascii=False, indent=1))
        return
    for r in rows:
        print(line(r))


def _fail(message: str) -> int:
    """Print ``error: message`` on one line (control characters escaped); return status 2."""
    print(f"error: {one_line(message)}", file=sys.stderr)
    return 2


def _fail_data(exc: DataFileError) -> int:
    """Every problem of a data file, ``error: data: …`` a line each; return status 2."""
    for p in getattr(exc, "problems", None) or [str(exc)]:
        _fail(f"data: {p}")
    return 2


def _warn_stale(path: str | None, earlier: Sequence[Dataset] = ()) -> None:
    """A warning line on stderr for each prior-year figure a filled table of another year
    still carries from the shipped data (:func:`model.template.stale_prior_figures`), and for
    each period-dependent prior-year figure it carries from the shipped data or ``earlier``
    of another period, dropped (:func:`model.template.carried_prior`)."""
    if not path or not path.lower().endswith((".csv", ".xlsx", ".xlsm")):
        return
    from model.data import load_dataset
    from model.template import carried_prior, read_table, stale_prior_figures

    with open(path, "rb") as fh:
        rows = read_table(fh.read(), path)
    shipped = load_dataset()
    for w in stale_prior_figures(rows, shipped):
        print(f"warning: data: {one_line(w)}", file=sys.stderr)
    for w in carried_prior(rows, shipped, [shipped, *earlier])[1]:
        print(f"warning: data: {one_line(w)}", file=sys.stderr)


class _StoreFailure(ValueError):
    """The store a link's ``data=``/``hist=`` needs cannot be reached (one line)."""


def scenario_failure(issues: Sequence[Any]) -> str | None:
    """The one line a ``--scenario`` fails with: its first issue other than a vintage mismatch
    (which only warns), or None when it has none."""
    hard = [i for i in issues if i.code != "vintage_mismatch"]
    return f"--scenario {hard[0].message}" if hard else None


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
    if is_year_end(row):  # the year's outcome: reviewed (``review``), never projected
        raise _StoreFailure(str(Problem("data_year_end", kind="data", id=row.id, year=row.year)))
    new = from_canonical(row.content, ds)
    return with_origin(new, row.label, row.filename or "", f"{row.created_at:%Y-%m-%d}")


def _from_store(kind: str, item_id: str) -> str | None:
    """The canonical text stored as ``kind`` ``item_id`` (None if unknown)."""
    from store import Store, StoreError

    try:
        row = Store().get_data(kind, item_id)
    except StoreError as exc:
        raise _StoreFailure(f"store: {exc}") from exc
    return None if row is None else row.content
