"""Helpers shared by the test modules (test modules import from here, from ``tests.conftest``
and from data modules such as ``tests.html_table``, never from one another)."""

from __future__ import annotations

import os

import pytest
from streamlit.testing.v1 import AppTest

from model.data import Dataset, load_dataset
from model.template import canonical, dataset_from_table, read_table
from store import Actor, Store

#: The editor the tests write as (direct store calls) and the local account they sign in with.
EDITOR = Actor("test-editor", "editor")
ADMIN = Actor("cli:test", "admin")
EDITOR_NAME, EDITOR_PASSWORD = "editor1", "correct horse 1"


def editor_account(url: str | None = None) -> None:
    """The local editor account of the tests, in the store at ``url`` (default: the test's)."""
    store = Store(url)
    if not any(a.name == EDITOR_NAME for a in store.list_users()):
        store.add_user(EDITOR_NAME, "editor", actor=ADMIN, password=EDITOR_PASSWORD)


def _routes_client():
    """Starlette's test client of the sign-in routes (``ui.session_web``), not following
    redirects."""
    import warnings

    from starlette.applications import Starlette

    from ui.session_web import routes

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx is the pinned client
        from starlette.testclient import TestClient

        # a loopback peer without X-Real-IP, as a browser on this machine: address 127.0.0.1
        return TestClient(
            Starlette(routes=routes()), follow_redirects=False, client=("127.0.0.1", 50000)
        )


def _reconnect(at: AppTest, cookie: str) -> None:
    """What a reload does to ``at``'s session: the browser's cookie read anew (AppTest cannot
    send cookies; the app keeps the one a session connected with under ``auth_cookie``)."""
    at.session_state["auth_cookie"] = cookie
    at.session_state["auth_checked_at"] = float("-inf")


def sign_in(at: AppTest, name: str = EDITOR_NAME, password: str = EDITOR_PASSWORD) -> AppTest:
    """Sign ``at`` in as a person's browser does (the account must exist): the sidebar's form
    posted to ``/session/login`` (the real route, with this site's Origin), then the page it
    redirects to — with the cookie it set, or with the refusal's ``signin=`` code."""
    from urllib.parse import parse_qs, urlsplit

    from ui.session_web import COOKIE

    with _routes_client() as client:
        r = client.post(
            "/session/login",
            data={"account": name, "password": password, "next": "/"},
            headers={"Origin": "http://testserver"},
        )
    assert r.status_code == 303, r.text
    cookie = r.cookies.get(COOKIE)
    if cookie:
        _reconnect(at, cookie)
    else:
        at.query_params["signin"] = parse_qs(urlsplit(r.headers["location"]).query)["signin"][0]
    at.run()
    return at


def sign_out(at: AppTest) -> AppTest:
    """The sidebar's 退出登录 as the browser sends it (``/session/logout`` with the session's
    cookie), then the page it redirects to."""
    from ui.session_web import COOKIE

    cookie = at.session_state["auth_cookie"]
    with _routes_client() as client:
        client.cookies.set(COOKIE, cookie)
        r = client.post(
            "/session/logout", data={"next": "/"}, headers={"Origin": "http://testserver"}
        )
    assert r.status_code == 303 and "Max-Age=0" in r.headers["set-cookie"]
    _reconnect(at, cookie)  # even the old cookie is no sign-in now (revoked in the store)
    at.run()
    return at


#: The environment variable naming the PostgreSQL server of the store tests.
PG_ENV = "TEST_DATABASE_URL"


def qp(at, key):
    """The value of ``key`` in an AppTest's query parameters (the first, if a list)."""
    v = at.query_params.get(key)
    return v[0] if isinstance(v, list) else v


def pg_url() -> str:
    """The PostgreSQL server of the store tests; skips (or fails under CI) without one."""
    url = os.environ.get(PG_ENV, "")
    if not url:
        message = f"{PG_ENV} is not set: .ci/run starts a PostgreSQL cluster and sets it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


HEAD = "id,months_elapsed,period,ytd_value,ytd_growth_pct,target_value,target_growth_pct,prior_share_pct\n"
#: A third-quarter upload: fiscal revenue 45亿 (+6%) against 55.37亿; new jobs 2,000 of 2,600;
#: FAI +5% with a prior-year Q1–Q3 share of 70%.
Q3 = HEAD + "fiscal_revenue,9,Q3,45,6,55.37,6,\nnew_jobs,9,Q3,2000,,2600,,\nfai,9,Q3,,5,,16,70\n"


def q3() -> Dataset:
    return dataset_from_table(read_table(Q3.encode(), "q3.csv"), load_dataset())


def stored_q3(store: Store | None = None) -> Dataset:
    """The Q3 dataset, stored (as the 数据更新 page stores it) in ``store`` or the default."""
    new = q3()
    (store if store is not None else Store()).put_data(
        "data", new.data_id, canonical(new), actor=EDITOR, label="Q3", period="Q3", year=2021
    )
    return new


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)
    page.wait_for_timeout(200)


def retyped_next_year(year: int = 2022) -> bytes:
    """The shipped 2021 template with its actuals, its year retyped as ``year`` and its targets
    blanked (a clerk enters the new year's targets: a 2021 target in a 2022 table is refused,
    tests/test_year_data.py) — the prior-year figures of 2021 are still in it."""
    from model.table import COLUMNS, rows_csv, template_rows

    rows = template_rows(load_dataset(), with_actuals=True)
    for r in rows:
        r.update(year=year, target_value=None, target_growth_pct=None, target_increase=None)
    return rows_csv(rows, COLUMNS)


def fill_signin_form(page, server_db: str, password: str):
    """The tests' editor account in ``server_db``, a reload (a session opened before the first
    account offers no form), and the sidebar's 编辑登录 form filled with it and ``password``
    (not sent); the sidebar's locator."""
    editor_account(server_db)
    page.reload()
    page.locator('[data-testid="stApp"]').wait_for()
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("编辑登录").click()
    sidebar.get_by_label("账号").fill(EDITOR_NAME)
    sidebar.get_by_label("密码").fill(password)
    return sidebar
