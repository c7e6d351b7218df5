"""The local sign-in's routes (``/session/login``, ``/session/logout``) on the ASGI app,
driven with Starlette's test client: a form from another site is refused before any
password is checked, a wrong password sets no cookie and comes back with its code, a right
one sets a signed HttpOnly cookie of a server-side session and comes back to the page it was
sent from (paths of this site only, the query kept); signing out revokes and clears it."""

from __future__ import annotations

import warnings

import pytest
from starlette.applications import Starlette

from store import Store, StoreError
from tests.helpers import ADMIN, EDITOR_NAME, EDITOR_PASSWORD, editor_account
from ui import db, session_web
from ui.session_web import COOKIE, routes, safe_next, with_code, without_code

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx is the pinned client
    from starlette.testclient import TestClient

HERE = "http://testserver"
PAGE = "/investment?fai=25&focus=fai"


@pytest.fixture
def client(tmp_path, monkeypatch):
    """A test client of the routes on a fresh store with the tests' editor account."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'routes.sqlite3'}")
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    db.forget_failures()
    editor_account()
    with TestClient(Starlette(routes=routes()), follow_redirects=False) as c:
        yield c


def _login(c, *, origin: str | None = HERE, password: str = EDITOR_PASSWORD, **extra):
    headers = {"Origin": origin} if origin is not None else {}
    headers.update(extra.pop("headers", {}))
    form = {"account": EDITOR_NAME, "password": password, "next": PAGE, **extra}
    return c.post("/session/login", data=form, headers=headers)


def _audit_actions() -> list[str]:
    return [r.action for r in Store().audit_log(actor=ADMIN)]


def test_a_right_password_sets_a_signed_httponly_cookie_and_goes_back_with_the_query(client):
    r = _login(client)
    assert r.status_code == 303
    assert r.headers["location"] == PAGE
    assert r.headers["cache-control"] == "no-store"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    attrs = {a.strip().split("=")[0].lower() for a in cookie.split(";")}
    assert {"httponly", "path", "samesite", "max-age"} <= attrs and "secure" not in attrs
    assert "samesite=lax" in cookie.lower() and "Max-Age=604800" in cookie
    value = r.cookies[COOKIE]
    who = Store().session_actor(value)
    assert (who.name, who.role, who.kind) == (EDITOR_NAME, "editor", "local")
    # on https the cookie is Secure
    https = TestClient(client.app, base_url="https://testserver", follow_redirects=False)
    r2 = _login(https, origin="https://testserver")
    assert r2.status_code == 303 and "secure" in r2.headers["set-cookie"].lower()


def test_a_form_from_another_site_is_refused_before_the_password_is_checked(client):
    before = _audit_actions()
    for origin in ("https://evil.example", "http://testserver.evil.example", "null", None):
        r = _login(client, origin=origin, password="a wrong guess")
        assert r.status_code == 403, origin
        assert "set-cookie" not in r.headers
        assert (
            r.text
            == "已拒绝：此表单不是从本网站发出的。\nrefused: this form was not sent from this site\n"
        )
    # http vs https of the same host is another origin
    assert _login(client, origin="https://testserver").status_code == 403
    # a foreign site's form with the right password signs no one in either
    assert "set-cookie" not in _login(client, origin="https://evil.example").headers
    assert _audit_actions() == before  # no password was checked: no failure counted
    # without Origin, a Referer of this site is enough; of another site, not
    ok = _login(client, origin=None, headers={"Referer": f"{HERE}/investment"})
    assert ok.status_code == 303 and COOKIE in ok.cookies
    bad = _login(client, origin=None, headers={"Referer": "https://evil.example/x"})
    assert bad.status_code == 403


def test_public_url_is_an_own_origin_too(client, monkeypatch):
    monkeypatch.setenv("PUBLIC_URL", "https://whatif.example.gov.cn/liudong/")
    assert _login(client, origin="https://whatif.example.gov.cn").status_code == 303
    assert _login(client, origin="https://whatif.example.gov.cn.evil").status_code == 403


def test_a_wrong_password_sets_no_cookie_and_comes_back_with_its_code(client):
    r = _login(client, password="a wrong guess")
    assert r.status_code == 303
    assert "set-cookie" not in r.headers
    assert r.headers["location"] == "/investment?fai=25&focus=fai&signin=refused"
    assert _audit_actions()[0] == "account.signin_failed"
    # an unknown account: the same answer
    r = client.post(
        "/session/login",
        data={"account": "nobody", "password": EDITOR_PASSWORD, "next": "/"},
        headers={"Origin": HERE},
    )
    assert (r.status_code, r.headers["location"]) == (303, "/?signin=refused")
    # an old code in the page's address is replaced, not repeated
    r = _login(client, password="a wrong guess", next="/land?signin=refused&x=1")
    assert r.headers["location"] == "/land?x=1&signin=refused"


def test_the_database_down_comes_back_as_its_own_code(client, monkeypatch):
    def down():
        raise StoreError("store unreachable")

    monkeypatch.setattr(session_web, "_store", down)
    r = _login(client)
    assert (r.status_code, r.headers["location"]) == (303, f"{PAGE}&signin=unavailable")
    assert "set-cookie" not in r.headers


@pytest.mark.parametrize(
    ("raw", "target"),
    [
        ("/investment?fai=25&focus=fai", "/investment?fai=25&focus=fai"),
        ("/", "/"),
        ("/liudong/land?lang=en#top", "/liudong/land?lang=en"),
        ("https://evil.example/x", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example/x", "/"),
        ("\\\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("investment", "/"),
        ("/x\r\nSet-Cookie: a=b", "/"),
        ("/session/logout", "/"),
        ("/" + "a" * 5000, "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_only_paths_of_this_site_are_redirect_targets(raw, target):
    assert safe_next(raw) == target


def test_a_foreign_redirect_target_goes_to_the_overview_instead(client):
    r = _login(client, next="https://evil.example/phish")
    assert (r.status_code, r.headers["location"]) == (303, "/")
    r = _login(client, next="//evil.example/phish", password="a wrong guess")
    assert r.headers["location"] == "/?signin=refused"
    # no next: the Referer's path and query (of this site)
    r = client.post(
        "/session/login",
        data={"account": EDITOR_NAME, "password": EDITOR_PASSWORD},
        headers={"Origin": HERE, "Referer": f"{HERE}/economy?lang=en"},
    )
    assert r.headers["location"] == "/economy?lang=en"


def test_the_codes_go_in_and_out_of_a_query():
    assert with_code("/", "refused") == "/?signin=refused"
    assert with_code("/a?x=1&signin=unavailable", "refused") == "/a?x=1&signin=refused"
    assert without_code("/a?signin=refused&x=1") == "/a?x=1"
    assert without_code("/a?signin=refused") == "/a"


def test_signing_out_revokes_the_session_and_clears_the_cookie(client):
    value = _login(client).cookies[COOKIE]
    assert Store().session_actor(value) is not None
    # another site cannot sign anyone out
    client.cookies.set(COOKIE, value)
    r = client.post("/session/logout", data={"next": PAGE}, headers={"Origin": "https://x.example"})
    assert r.status_code == 403 and Store().session_actor(value) is not None
    r = client.post("/session/logout", data={"next": PAGE}, headers={"Origin": HERE})
    assert (r.status_code, r.headers["location"]) == (303, PAGE)
    cleared = r.headers["set-cookie"]
    assert cleared.startswith(f'{COOKIE}=""') and "Max-Age=0" in cleared
    assert "httponly" in cleared.lower()
    assert Store().session_actor(value) is None
    # signing out without a session (or twice) still clears and goes back
    client.cookies.clear()
    r = client.post("/session/logout", data={"next": "/land"}, headers={"Origin": HERE})
    assert (r.status_code, r.headers["location"]) == (303, "/land")


def test_only_posts_of_a_small_form_are_taken(client):
    assert client.get("/session/login").status_code == 405
    assert client.get("/session/logout").status_code == 405
    huge = {"account": EDITOR_NAME, "password": "x" * 20_000, "next": "/"}
    r = client.post("/session/login", data=huge, headers={"Origin": HERE})
    assert r.status_code == 413 and "set-cookie" not in r.headers


def test_the_routes_keep_clear_of_streamlits_own_and_follow_a_base_path():
    paths = [r.path for r in routes()]
    assert paths == ["/session/login", "/session/logout"]
    assert not any(p.startswith(("/auth", "/_stcore", "/oauth2callback")) for p in paths)
    assert [r.path for r in routes("liudong")] == [
        "/session/login",
        "/session/logout",
        "/liudong/session/login",
        "/liudong/session/logout",
    ]


def test_behind_the_proxy_on_this_host_the_forwarded_scheme_counts(client):
    """``X-Forwarded-Proto: https`` from a loopback peer (the proxy): the browser's origin is
    https and the cookie Secure; from a remote peer the header is ignored."""
    proxied = TestClient(client.app, follow_redirects=False, client=("127.0.0.1", 40000))
    forwarded = {"X-Forwarded-Proto": "https"}
    r = _login(proxied, origin="https://testserver", headers=forwarded)
    assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()
    assert _login(proxied, origin="http://testserver", headers=forwarded).status_code == 403
    remote = TestClient(client.app, follow_redirects=False, client=("198.51.100.7", 40000))
    assert _login(remote, origin="https://testserver", headers=forwarded).status_code == 403
    r = _login(remote, origin="http://testserver", headers=forwarded)
    assert r.status_code == 303 and "secure" not in r.headers["set-cookie"].lower()


def test_streamlit_run_app_py_serves_the_asgi_app_with_these_routes():
    """``streamlit run app.py`` (``make run``) finds ``app`` in app.py and serves it with
    uvicorn (Streamlit's own discovery, as the command line runs it)."""
    from pathlib import Path

    from streamlit.web.server.app_discovery import discover_asgi_app

    app_py = Path(__file__).resolve().parent.parent / "app.py"
    found = discover_asgi_app(app_py)
    assert (found.is_asgi_app, found.import_string) == (True, "app:app")
    assert "routes=routes(" in app_py.read_text(encoding="utf-8")
