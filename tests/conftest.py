"""Shared fixtures: the dataset, and AppTest with caches cleared between tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from model.data import Dataset, load_dataset

# The tests' editor and accounts live in tests.helpers; test modules may import them from here.
from tests.helpers import (  # noqa: F401
    ADMIN,
    EDITOR,
    EDITOR_NAME,
    EDITOR_PASSWORD,
    editor_account,
    pg_url,
    sign_in,
)

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _scenario_store(tmp_path_factory, monkeypatch):
    """Tests never write saved scenarios into the project folder: unless a test sets its own,
    DATABASE_URL points at a SQLite file of the test session."""
    if "DATABASE_URL" not in __import__("os").environ:
        path = tmp_path_factory.getbasetemp() / "scenarios.sqlite3"
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def _components():
    """Streamlit's registry of the installed packages' components, scanned once per session.
    AppTest scans every installed package's metadata for each new AppTest (about 90% of a
    short page's run: 3 s of a fuzzed link's 3.3 s on a loaded machine); the packages do not
    change during a test session and the app declares no component of its own."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    manager = BidiComponentManager()
    manager.discover_and_register_components(start_file_watching=False)
    return manager


@pytest.fixture
def make_app(_components) -> Callable[..., AppTest]:
    """AppTest factory: ``make_app(query="a=1&b=2", page="app_pages/x.py")``, already run."""
    st.cache_data.clear()
    st.cache_resource.clear()

    def _make(
        query: str = "", page: str | None = None, run: bool = True, editor: bool = False
    ) -> AppTest:
        from urllib.parse import parse_qsl

        at = AppTest.from_file(APP, default_timeout=60)
        at._bidi_component_manager = _components  # the session's scan (see _components)
        grouped: dict[str, list[str]] = {}
        for k, v in parse_qsl(query, keep_blank_values=True):
            grouped.setdefault(k, []).append(v)
        for k, vs in grouped.items():
            at.query_params[k] = vs if len(vs) > 1 else vs[0]
        if page is not None:
            at.switch_page(page)
        if run:
            at.run()
        if editor:  # signed in with the local editor account, as a person does
            editor_account()
            sign_in(at)
            assert at.session_state["auth_actor"].role == "editor"
        return at

    yield _make
    st.cache_data.clear()
    st.cache_resource.clear()


def _fresh_postgresql() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the test server, dropped afterwards."""
    base = pg_url()
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """A fresh, empty database of each kind (the store tests' SQLite and PostgreSQL)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'scenarios.sqlite3'}"
        return
    yield from _fresh_postgresql()


@pytest.fixture
def postgresql_url():
    """A fresh, empty PostgreSQL database (for what only PostgreSQL does, e.g. deadlocks)."""
    yield from _fresh_postgresql()
