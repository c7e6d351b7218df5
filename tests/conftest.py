"""Shared fixtures: the dataset, and AppTest with caches cleared between tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from model.data import Dataset, load_dataset
from store import Actor, Store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _scenario_store(tmp_path_factory, monkeypatch):
    """Tests never write saved scenarios into the project folder: unless a test sets its own,
    DATABASE_URL points at a SQLite file of the test session."""
    if "DATABASE_URL" not in __import__("os").environ:
        path = tmp_path_factory.getbasetemp() / "scenarios.sqlite3"
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")


#: The editor the tests write as (direct store calls) and the local account they sign in with.
EDITOR = Actor("test-editor", "editor")
ADMIN = Actor("cli:test", "admin")
EDITOR_NAME, EDITOR_PASSWORD = "editor1", "correct horse 1"


def editor_account(url: str | None = None) -> None:
    """The local editor account of the tests, in the store at ``url`` (default: the test's)."""
    store = Store(url)
    if not any(a.name == EDITOR_NAME for a in store.list_users()):
        store.add_user(EDITOR_NAME, "editor", actor=ADMIN, password=EDITOR_PASSWORD)


def sign_in(at: AppTest, name: str = EDITOR_NAME, password: str = EDITOR_PASSWORD) -> AppTest:
    """Sign ``at`` in through the sidebar's form, as a person does (the account must exist)."""
    at.session_state["auth_panel_open"] = True  # what opening the expander does
    at.run()
    at.text_input(key="auth_name").input(name)
    at.text_input(key="auth_password").input(password)
    at.button(key="auth_submit").click().run()
    return at


@pytest.fixture(scope="session")
def ds() -> Dataset:
    return load_dataset()


@pytest.fixture
def make_app() -> Callable[..., AppTest]:
    """AppTest factory: ``make_app(query="a=1&b=2", page="app_pages/x.py")``, already run."""
    st.cache_data.clear()
    st.cache_resource.clear()

    def _make(
        query: str = "", page: str | None = None, run: bool = True, editor: bool = False
    ) -> AppTest:
        from urllib.parse import parse_qsl

        at = AppTest.from_file(APP, default_timeout=60)
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
