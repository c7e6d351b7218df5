"""OIDC end to end: a local OpenID provider (oidc-provider-mock), a Streamlit server whose
secrets carry an ``[auth]`` section, and Chromium signing in through ``st.login``. An address
the admin listed (``python -m model users add EMAIL --oidc --role editor``) becomes an editor;
another address a viewer; a provider that cannot be reached leaves the app usable with one
line saying so. Under ``CI=true`` a missing Chromium fails (see conftest)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, _require_chromium, app_server, free_port
from tests.helpers import wait_idle

pytestmark = pytest.mark.browser

EDITOR_MAIL = "Boss@Example.org"  # listed by the admin (stored lower-cased)
VIEWER_MAIL = "stranger@example.org"  # not listed: a viewer


class Provider:
    """The local OpenID provider, running in a thread until :meth:`stop`."""

    def __init__(self) -> None:
        from oidc_provider_mock import run_server_in_thread

        self._cm = run_server_in_thread(port=0)
        self.server = self._cm.__enter__()
        self.port = self.server.server_port
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.running = False
            self._cm.__exit__(None, None, None)


def _cli(db: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "model", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": db},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    p = Provider()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def oidc_server(provider, tmp_path_factory) -> Iterator[str]:
    """``streamlit run app.py`` with an ``[auth]`` section pointing at the local provider."""
    _require_chromium()
    tmp = tmp_path_factory.mktemp("oidc")
    db = f"sqlite:///{tmp / 'store.sqlite3'}"
    added = _cli(db, "users", "add", EDITOR_MAIL, "--oidc", "--role", "editor")
    assert added.returncode == 0, added.stderr
    assert "boss@example.org" in added.stdout
    port = free_port()
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        'client_id = "whatif-test"\n'
        'client_secret = "whatif-test-secret"\n'
        f'server_metadata_url = "http://localhost:{provider.port}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with app_server(
        db, "--secrets.files", str(secrets_file), port=port, log=tmp / "server.log"
    ) as base:
        yield base


def _sign_in_as(page, base: str, mail: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    wait_idle(page)
    # OIDC is the sign-in: the local form is not offered
    expect(sidebar.get_by_text("编辑登录")).to_have_count(0)
    sidebar.get_by_role("button", name="单点登录").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.locator('input[name="sub"]').fill(mail)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**")
    page.locator('[data-testid="stApp"]').wait_for()
    wait_idle(page)


def _editor_controls(page) -> int:
    """How many 'save the current scenario' buttons the saved-scenario panel shows."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("保存的情景").click()
    wait_idle(page)
    # the panel is drawn on its opening's run: wait for its end (the save button, or the
    # viewer's read-only note) before counting
    drawn = sidebar.locator(".st-key-store_save").or_(sidebar.get_by_text("只读"))
    expect(drawn.first).to_be_visible()
    return sidebar.locator(".st-key-store_save").count()


def test_a_listed_address_signs_in_as_editor_and_another_as_viewer(oidc_server, new_page):
    page = new_page(oidc_server)
    _sign_in_as(page, oidc_server, EDITOR_MAIL)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("已登录：boss@example.org（编辑）")).to_be_visible()
    assert _editor_controls(page) == 1
    assert page.locator('[data-testid="stException"]').count() == 0

    other = new_page(oidc_server)
    _sign_in_as(other, oidc_server, VIEWER_MAIL)
    sidebar = other.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text(f"已登录：{VIEWER_MAIL}（查看）")).to_be_visible()
    assert _editor_controls(other) == 0


def test_a_sign_in_refused_at_the_provider_comes_back_to_the_app_signed_out(oidc_server, new_page):
    page = new_page(oidc_server)
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="单点登录").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_role("button", name="Deny").click()
    page.wait_for_url(f"{oidc_server}/**")
    page.locator('[data-testid="stApp"]').wait_for()
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("button", name="单点登录")).to_be_visible()
    expect(sidebar.get_by_text("已登录")).to_have_count(0)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_an_unreachable_provider_leaves_the_app_usable_with_one_line(
    provider, oidc_server, new_page
):
    provider.stop()  # the provider goes away (last test of this module)
    page = new_page(oidc_server)
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="单点登录").click()
    wait_idle(page)
    assert page.url.startswith(oidc_server)  # still in the app, not on an error page
    alert = sidebar.locator('[data-testid="stAlert"]')
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("单点登录服务暂时无法连接")
    assert "/auth/" not in page.url  # no bare "Authentication error" page of /auth/login
    # the app still works: the button is offered again and the page has no exception
    expect(sidebar.get_by_role("button", name="单点登录")).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stMain"] [data-testid="stHeading"]').count() > 0
