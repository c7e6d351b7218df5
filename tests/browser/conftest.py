"""Real-browser fixtures: a Streamlit server on a free loopback port and Debian's Chromium.

Locally without Chromium these tests skip with a message saying how to install it; under
``CI=true`` they fail instead, so CI can never pass without running them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    message = (
        f"Chromium not found at {CHROMIUM}: install it with "
        "'apt-get update && apt-get install -y chromium fonts-noto-cjk'"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def server_db(tmp_path_factory) -> str:
    """The scenario store of the browser tests' server (a SQLite file of the session)."""
    return f"sqlite:///{tmp_path_factory.mktemp('store') / 'scenarios.sqlite3'}"


@contextmanager
def app_server(
    db: str, *args: str, port: int | None = None, log: Path | None = None, prefix: str = ""
) -> Iterator[str]:
    """``streamlit run app.py`` on a free loopback port with the store ``db`` (and the extra
    command-line ``args``, e.g. ``--secrets.files``); yields its base URL once healthy (its
    health asked below ``prefix``, the ``--server.baseUrlPath`` given in ``args``), and
    stops it. Its stderr goes to ``log`` when given (shown if it does not start)."""
    port = port or free_port()
    env = {**os.environ, "STREAMLIT_SERVER_PORT": str(port), "DATABASE_URL": db}
    err = log.open("wb") if log is not None else subprocess.PIPE
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=err,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}{prefix}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            if log is not None:
                said = log.read_text(errors="replace")
            else:
                said = proc.stderr.read().decode() if proc.stderr else ""
            pytest.fail(f"streamlit did not become healthy: {said[-2000:]}")
        time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server(server_db) -> Iterator[str]:
    """The app on a free port with the session's store; its base URL."""
    _require_chromium()
    with app_server(server_db) as base:
        yield base


@pytest.fixture(scope="session")
def chromium_browser():
    """The session's one Chromium (Playwright's sync API runs one driver per process: a
    second ``sync_playwright()`` while this one lives fails, so every browser test file
    takes its browser from here)."""
    from playwright.sync_api import expect, sync_playwright

    _require_chromium()
    # a loaded 2-core CI machine renders slower than Playwright's 5 s default expects
    expect.set_options(timeout=20_000)

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def browser(server, chromium_browser):
    """Chromium, with the app's server running."""
    return chromium_browser


@pytest.fixture
def new_page(chromium_browser):
    """Open pages in fresh browser contexts (no shared cookies or storage) of the session's
    Chromium, on whichever server the URL names; nothing is fetched from a CDN (the local
    OpenID provider's page links one: there is no network here)."""
    contexts = []

    def _open(url: str, *, width: int = 1280, height: int = 900):
        ctx = chromium_browser.new_context(viewport={"width": width, "height": height})
        ctx.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.goto(url)
        page.locator('[data-testid="stApp"]').wait_for()
        return page

    yield _open
    for ctx in contexts:
        ctx.close()
