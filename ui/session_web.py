"""The local sign-in's two routes on Streamlit's ASGI app (``app.py`` hands them to
``st.App``), clear of ``/auth/*`` (st.login) and ``/_stcore/*``:

- ``POST /session/login``: the sidebar's 编辑登录 form (fields ``account``, ``password``,
  ``next``). A form from another site is refused (403): its ``Origin`` (else its
  ``Referer``) must be this server's own. The password is checked by the store (argon2, the
  per-address lockout); a right one opens a server-side session (:mod:`store.sessions`) and
  sets it in a signed cookie (HttpOnly, SameSite=Lax, Secure on https, for the session's
  absolute lifetime); then a redirect (303) back to ``next`` — a path of this site only, its
  query kept. A refused sign-in sets no cookie and goes back with ``signin=<code>`` in the
  query, which the sidebar turns into its one line (and removes from the address).
- ``POST /session/logout``: revokes the session and clears the cookie; a redirect back.

No streamlit here: these run in the server's event loop, outside any session."""

from __future__ import annotations

import functools
import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from report.i18n import every_language
from store import Store, StoreError, database_url
from store.sessions import lifetimes

COOKIE = "whatif_signin"
LOGIN_PATH = "/session/login"
LOGOUT_PATH = "/session/logout"
#: The query key that brings a refused sign-in's code back to the page.
CODE_KEY = "signin"
REFUSED, UNAVAILABLE = "refused", "unavailable"
CODES = (REFUSED, UNAVAILABLE)
#: The largest form accepted (a name and a password of at most 200 characters each, and a
#: link back): anything larger is not the sidebar's form.
FORM_MAX = 16_384
NEXT_MAX = 4_000
PUBLIC_URL_ENV = "PUBLIC_URL"


def _loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)


def client_address(peer: str | None, headers: Mapping[str, str] | None) -> str:
    """The client's address for throttling sign-ins: the ``X-Real-IP`` header the documented
    reverse proxy sets (``proxy_set_header X-Real-IP $remote_addr;``), trusted only when the
    peer is loopback (the proxy on this host; Streamlit gives ``None`` for a loopback peer);
    else the peer itself. A header from a remote peer is ignored (anyone can send one)."""
    if peer is None or _loopback(peer):
        real = str((headers or {}).get("X-Real-IP") or "").strip()
        try:
            return str(ipaddress.ip_address(real))
        except ValueError:
            return "127.0.0.1"
    return peer.strip()


def _peer(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


def scheme(request: Request) -> str:
    """``https`` or ``http`` as the browser sees it: the proxy's ``X-Forwarded-Proto`` when
    the peer is loopback (the proxy on this host), else the request's own."""
    peer = _peer(request)
    forwarded = request.headers.get("x-forwarded-proto", "").strip().lower()
    if forwarded in ("http", "https") and (peer is None or _loopback(peer)):
        return forwarded
    return request.url.scheme


def _origin_of(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return parts.scheme, parts.netloc.lower()


def same_origin(request: Request) -> bool:
    """Whether the form was sent by a page of this site: its ``Origin`` header (else the
    origin of its ``Referer``) is this server as the browser reached it (scheme and
    ``Host``), or the ``PUBLIC_URL``'s origin. Neither header: refused."""
    sent = request.headers.get("origin", "").strip()
    if not sent or sent == "null":
        sent = request.headers.get("referer", "")
    origin = _origin_of(sent) if sent else None
    if origin is None:
        return False
    own = {(scheme(request), request.headers.get("host", "").strip().lower())}
    public = _origin_of(os.environ.get(PUBLIC_URL_ENV, ""))
    if public is not None:
        own.add(public)
    return origin in own


def safe_next(raw: str | None) -> str:
    """The page to go back to: ``raw`` when it is a path of this site (``/…``, not ``//…``,
    no scheme or host, no backslash or control character), its query kept and a fragment
    dropped; else ``/``."""
    got = (raw or "").strip()
    if (
        not got.startswith("/")
        or got.startswith("//")
        or len(got) > NEXT_MAX
        or "\\" in got
        or any(ord(c) < 32 or ord(c) == 127 for c in got)
    ):
        return "/"
    parts = urlsplit(got)
    if parts.scheme or parts.netloc or parts.path.startswith("/session/"):
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _split_code(target: str) -> tuple[str, list[tuple[str, str]]]:
    """``target``'s path and its query's pairs other than the ``signin=`` code."""
    path, _, query = target.partition("?")
    return path, [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != CODE_KEY]


def with_code(target: str, code: str) -> str:
    """``target`` with ``signin=<code>`` in its query (any earlier code replaced)."""
    path, pairs = _split_code(target)
    return f"{path}?{urlencode([*pairs, (CODE_KEY, code)])}"


def without_code(target: str) -> str:
    """``target`` without its ``signin=`` code."""
    path, pairs = _split_code(target)
    return f"{path}?{urlencode(pairs)}" if pairs else path


async def _form(request: Request) -> dict[str, str] | None:
    """The fields of an urlencoded form of at most :data:`FORM_MAX` bytes; None for anything
    larger or not text."""
    if int(request.headers.get("content-length") or 0) > FORM_MAX:
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_MAX:
            return None
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return None
    return dict(pairs)


def _back_to(request: Request, form: Mapping[str, str]) -> str:
    """Where the form came from: its ``next`` field, else the ``Referer``'s path (never
    another site)."""
    if form.get("next"):
        return without_code(safe_next(form["next"]))
    ref = urlsplit(request.headers.get("referer", ""))
    return without_code(safe_next(ref.path + (f"?{ref.query}" if ref.query else "")))


def _redirect(target: str) -> RedirectResponse:
    out = RedirectResponse(target, status_code=303)
    out.headers["Cache-Control"] = "no-store"
    return out


def _refused() -> Response:
    return PlainTextResponse(every_language("sess_refused_origin"), status_code=403)


@functools.lru_cache(maxsize=4)
def _store_at(url: str) -> Store:
    return Store(url)


def _store() -> Store:
    """The store at ``DATABASE_URL``, opened once per process and URL (not through
    ``ui.db``: its cache is Streamlit's, which wants a page's run; a route has none)."""
    return _store_at(database_url())


def _sign_in(name: str, password: str, address: str) -> tuple[str, str]:
    """(code, cookie): ``("", cookie)`` for a right password, ``(code, "")`` else."""
    try:
        store = _store()
        return "", store.open_session(store.sign_in(name, password, address))
    except StoreError:
        return UNAVAILABLE, ""
    except ValueError:  # refused: wrong, unknown, locked (one answer for all)
        return REFUSED, ""


def _sign_out(cookie: str | None) -> None:
    try:
        _store().end_session(cookie)
    except StoreError:
        pass  # the cookie is cleared anyway; the session ends at its idle end


async def login(request: Request) -> Response:
    """``POST /session/login`` (see the module's text)."""
    if not same_origin(request):
        return _refused()
    form = await _form(request)
    if form is None:
        return PlainTextResponse(every_language("sess_refused_size"), status_code=413)
    target = _back_to(request, form)
    address = client_address(_peer(request), {"X-Real-IP": request.headers.get("x-real-ip", "")})
    code, cookie = await run_in_threadpool(
        _sign_in, form.get("account", "")[:400], form.get("password", "")[:400], address
    )
    if code:
        return _redirect(with_code(target, code))
    out = _redirect(target)
    out.set_cookie(
        COOKIE,
        cookie,
        max_age=int(lifetimes()[1].total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=scheme(request) == "https",
    )
    return out


async def logout(request: Request) -> Response:
    """``POST /session/logout``: the session revoked, the cookie cleared, back to the page."""
    if not same_origin(request):
        return _refused()
    form = await _form(request) or {}
    await run_in_threadpool(_sign_out, request.cookies.get(COOKIE))
    out = _redirect(_back_to(request, form))
    out.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=scheme(request) == "https"
    )
    return out


def routes(base: str = "") -> list[BaseRoute]:
    """The routes ``app.py`` gives ``st.App``: at the host's root, and also below Streamlit's
    ``server.baseUrlPath`` (``base``) when one is set (the forms post below the app's prefix
    in the browser's address)."""
    prefixes = [""] + ([f"/{base.strip('/')}"] if base.strip("/") else [])
    return [
        Route(f"{prefix}{path}", endpoint, methods=["POST"])
        for prefix in prefixes
        for path, endpoint in ((LOGIN_PATH, login), (LOGOUT_PATH, logout))
    ]
