"""The store: saved scenarios and their versions, stored datasets and history files, the
default's history, accounts and the audit trail, in a real database (SQLAlchemy 2): SQLite
by default, PostgreSQL by URL.

The URL comes from the environment variable ``DATABASE_URL`` (SQLAlchemy form, e.g.
``postgresql+psycopg://user:pw@host:5432/whatif``); unset, a SQLite file in the project
folder (``data/scenarios.sqlite3``, gitignored), created on first use.

Modules: :mod:`store.engine` (settings, engine, UTC timestamps), :mod:`store.schema`
(tables), :mod:`store.migrate` (Alembic revisions in ``store/migrations``, run when a store
is opened; a database of the first store's ``schema_version`` is upgraded in place),
:mod:`store.scenarios`, :mod:`store.datasets`, :mod:`store.roles`, :mod:`store.accounts` (argon2 sign-in),
:mod:`store.sessions` (the local sign-in's server-side sessions),
:mod:`store.audit`. Every write takes the :class:`Actor` who makes it (``actor=``, or the
actor a store was bound to by :meth:`Store.acting_as`), refuses one without the role
(:class:`AccessDenied`, a ``ValueError`` of one line) and leaves an audit row. SQL goes
through SQLAlchemy Core with bound parameters only. Never imports streamlit.
"""

from __future__ import annotations

import copy
import logging

from model.fmt import one_line
from store.accounts import Account, AccountMixin
from store.audit import AuditMixin, AuditRow
from store.datasets import DataMixin, DefaultChange, StoredData
from store.engine import StoreBase, StoreError, database_url, masked
from store.migrate import head
from store.roles import ADMIN, ANONYMOUS, EDITOR, ROLES, VIEWER, AccessDenied, Actor, require
from store.scenarios import Saved, ScenarioMixin, Version, check_name
from store.schema import KINDS
from store.sessions import SessionMixin

_LOG = logging.getLogger("store")

#: The schema version a store opened now is at (the number of the newest Alembic revision).
SCHEMA_VERSION = int(head())


class Store(ScenarioMixin, DataMixin, AccountMixin, SessionMixin, AuditMixin, StoreBase):
    """Saved scenarios, stored datasets and history files, accounts and the audit trail.
    ``Store(url)`` opens (and migrates) the database; every method runs in its own
    transaction. Reads need no actor; writes need one with the role they name."""

    def __init__(self, url: str | None = None) -> None:
        super().__init__(url)
        if self.migrated:  # names saved before names were normalised: reported, never merged
            for group in self.name_collisions():
                _LOG.warning(
                    "scenario names that are one name once normalised (kept apart; "
                    "python -m model scenarios collisions): %s",
                    one_line(" | ".join(group)),
                )

    def acting_as(self, actor: Actor) -> Store:
        """This store (same engine) with ``actor`` making every write not given its own."""
        other = copy.copy(self)
        other.bound = actor
        return other


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url`` (default :func:`database_url`); :class:`StoreError` if it
    cannot be reached."""
    return Store(url)


__all__ = [
    "ADMIN",
    "ANONYMOUS",
    "EDITOR",
    "KINDS",
    "ROLES",
    "SCHEMA_VERSION",
    "VIEWER",
    "AccessDenied",
    "Account",
    "Actor",
    "AuditRow",
    "DefaultChange",
    "Saved",
    "Store",
    "StoredData",
    "StoreError",
    "Version",
    "check_name",
    "database_url",
    "masked",
    "open_store",
    "require",
]
