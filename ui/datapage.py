"""The data page's logic, apart from its widgets: labels of stored datasets, the figure-by-
figure difference of an upload against the data in use, storing an applied upload, and the
table of stored datasets."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from model.data import Dataset
from model.period import months_of
from model.scenario import format_number
from model.template import LABEL_COLUMNS, VALUE_COLUMNS, template_rows
from report import bilingual
from report.period_words import as_of
from store import Actor, Store, StoreError
from store.years import stored_datasets
from ui.state import t

#: Times are shown in the district's time zone, whatever the database hands back.
TZ = ZoneInfo("Asia/Shanghai")


def shown_time(when: datetime) -> str:
    """A stored time as shown (``2021-07-20 09:30``, Asia/Shanghai): SQLite gives the stored
    UTC time without a zone, PostgreSQL an aware time in its session's zone; both show the
    same instant the same way."""
    aware = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
    return f"{aware.astimezone(TZ):%Y-%m-%d %H:%M}"


#: The columns a difference is shown for (what an upload can change), in template order.
DIFF_COLUMNS: tuple[str, ...] = (
    *(c for c in VALUE_COLUMNS if c not in ("id", "unit", "kind", "period", *LABEL_COLUMNS)),
    "source",
)


def _shown(v: Any) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float):
        return format_number(v)
    return str(v)


def diff(old: Dataset, new: Dataset, lang: str) -> pd.DataFrame:
    """One row per (indicator, field) whose value differs between ``old`` and ``new``: the
    indicator's name, the field's label, the value in use and the uploaded value."""
    before = {r["id"]: r for r in template_rows(old, with_actuals=True)}
    rows = []
    for r in template_rows(new, with_actuals=True):
        b = before.get(r["id"], {})
        for col in DIFF_COLUMNS:
            if _shown(b.get(col)) != _shown(r.get(col)):
                rows.append(
                    {
                        t(lang, "data_col_indicator"): bilingual.name(new.get(r["id"]), lang),
                        t(lang, "data_col_field"): t(lang, f"field_{col}"),
                        t(lang, "data_col_old"): _shown(b.get(col)),
                        t(lang, "data_col_new"): _shown(r.get(col)),
                    }
                )
    columns = [t(lang, f"data_col_{c}") for c in ("indicator", "field", "old", "new")]
    return pd.DataFrame(rows, columns=columns)


def apply(
    store: Store,
    data_id: str,
    text: str,
    filename: str,
    label: str,
    ds: Dataset,
    *,
    actor: Actor | None = None,
) -> None:
    """Store an upload under its data id (storing the same figures again changes nothing);
    ``actor`` must be an editor (the store refuses anyone else)."""
    store.put_data(
        "data",
        data_id,
        text,
        actor=actor,
        label=label.strip() or f"{as_of(ds.year, ds.months_elapsed)} · {filename}"[:120],
        period=ds.period_code,
        year=ds.year,
        filename=filename,
    )


def earlier(store: Store | None, shipped: Dataset) -> list[Dataset]:
    """The datasets already stored (the shipped one first), for the plausibility warnings of
    an upload: a figure of a shorter period of the same year is compared with them."""
    if store is None:
        return [shipped]
    try:
        return [shipped, *stored_datasets(store, shipped)]
    except StoreError:
        return [shipped]


def shipped_label(shipped: Dataset, lang: str) -> str:
    """The shipped data's label: its own period (whatever the period of the data in use)."""
    return t(lang, "data_shipped_label", period=as_of(shipped.year, shipped.months_elapsed, lang))


def labels(store: Store | None, shipped: Dataset, lang: str) -> dict[str, str]:
    """Data id → label, the shipped data first."""
    out = {shipped.data_id: shipped_label(shipped, lang)}
    if store is not None:
        try:
            out.update({d.id: d.label for d in store.list_data("data", include_deleted=True)})
        except StoreError:
            pass
    return out


def stored_table(store: Store | None, shipped: Dataset, lang: str) -> list[dict[str, Any]]:
    """The rows of the stored-data table: the shipped data, then every stored one (newest
    first), with which one new sessions open (no store: the shipped data only)."""
    stored = [] if store is None else store.list_data("data")
    default = next((d.id for d in stored if d.is_default), shipped.data_id)

    def row(i: str, label: str, period: str, created: str) -> dict[str, Any]:
        return {
            t(lang, "data_col_id"): i,
            t(lang, "data_col_label"): label,
            t(lang, "data_col_period"): period,
            t(lang, "data_col_created"): created,
            t(lang, "data_col_default"): "✓" if i == default else "",
        }

    out = [
        row(
            shipped.data_id,
            shipped_label(shipped, lang),
            as_of(shipped.year, shipped.months_elapsed, lang),
            "",
        )
    ]
    for d in stored:
        months = months_of(d.period or "")
        period = as_of(d.year or shipped.year, months, lang) if months else (d.period or "")
        out.append(row(d.id, d.label, period, shown_time(d.created_at)))
    return out
