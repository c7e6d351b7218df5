"""Who is using the app: sign-in and roles in the UI. With an OIDC provider configured in
``.streamlit/secrets.toml`` (section ``[auth]``) the app signs in with ``st.login`` and the
role comes from the admins' list (``users add EMAIL --role editor --oidc``; anyone else is a
viewer); otherwise a local account (argon2 hash in the database) signs in with a plain HTML
form that posts to ``/session/login`` (:mod:`ui.session_web`), which sets a signed, HttpOnly
cookie of a server-side session (:mod:`store.sessions`): read here when a session connects
(``st.context.cookies``), so a reload or a link opened in the tab keeps the sign-in. No
sign-in: a viewer. The store checks the role (and the session) of every write again; here
write controls are hidden from viewers."""

from __future__ import annotations

import html
import json
import math
import time
import urllib.request
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

import streamlit as st

from report.access_text import tr
from report.i18n import message
from store import ANONYMOUS, EDITOR, Actor, StoreError
from store.accounts import refused
from store.sessions import lifetimes
from ui import db
from ui.keys import AUTH_CHECKED as CHECKED
from ui.keys import AUTH_COOKIE as HELD
from ui.keys import AUTH_ERROR as ERROR
from ui.keys import AUTH_HAS_EDITOR as HAS_EDITOR
from ui.keys import AUTH_LOGOUT, PAGE, auth_login
from ui.keys import AUTH_OIDC_ACTOR as OIDC_ACTOR
from ui.keys import AUTH_PANEL as PANEL
from ui.keys import AUTH_SIGNED_IN as SIGNED_IN  # session state: the Actor of a local sign-in
from ui.safe import md_escape
from ui.session_web import (
    CODE_KEY,
    CODES,
    COOKIE,
    LOGIN_PATH,
    LOGOUT_PATH,
    REFUSED,
    UNAVAILABLE,
    client_address,
)

__all__ = ["client_address"]  # where the tests and the bench find it

OIDC_UNREACHABLE = "oidc_unreachable"  # ERROR's value when the provider did not answer
#: How often an open session's sign-in is confirmed against the store (display only: every
#: write checks the account and its session in the store anyway).
RECHECK_S = 10.0
OIDC_KEYS = ("client_id", "client_secret", "server_metadata_url")


def oidc_providers(section: Mapping | None) -> list[str]:
    """The providers an ``[auth]`` secrets section configures, as ``st.login`` reads them:
    ``redirect_uri`` and ``cookie_secret`` are required; ``default`` when the client keys are
    in the section itself, and each sub-section with them (names without ``_``)."""
    if not isinstance(section, Mapping):
        return []
    if not section.get("redirect_uri") or not section.get("cookie_secret"):
        return []
    out = []
    if all(section.get(k) for k in OIDC_KEYS):
        out.append("default")
    for name, sub in section.items():
        if isinstance(sub, Mapping) and "_" not in name and all(sub.get(k) for k in OIDC_KEYS):
            out.append(str(name))
    return out


def auth_section() -> Mapping | None:
    """The ``[auth]`` section of the secrets (None without a secrets file or section)."""
    try:
        if not st.secrets.load_if_toml_exists():
            return None
        got = st.secrets.get("auth")
    except (FileNotFoundError, KeyError, ValueError):
        return None
    return got if isinstance(got, Mapping) else None


def providers() -> list[str]:
    """The configured OIDC providers (empty: local accounts)."""
    return oidc_providers(auth_section())


def actor() -> Actor:
    """Who uses this session: the OIDC user (role from the admins' list), the local
    account signed in in this tab, else an anonymous viewer."""
    if providers():
        try:
            user = st.user
            logged_in = bool(user.get("is_logged_in"))
            email = str(user.get("email") or "")
        except (AttributeError, KeyError):
            logged_in, email = False, ""
        if not logged_in or not email:
            return ANONYMOUS
        cached = st.session_state.get(OIDC_ACTOR)
        if isinstance(cached, tuple) and cached[0] == email:
            return cached[1]
        store = db.get_store(quiet=True)
        try:
            who = store.oidc_actor(email) if store is not None else Actor(email.lower())
        except StoreError:
            who = Actor(email.lower())
        if store is not None:
            st.session_state[OIDC_ACTOR] = (email, who)
        return who
    return _local()


def _browser_cookie() -> str:
    """The sign-in cookie the browser sent when this session connected ("" without one)."""
    try:
        got = st.context.cookies.get(COOKIE)
    except (AttributeError, RuntimeError, KeyError):
        return ""
    return got if isinstance(got, str) else ""


def _local() -> Actor:
    """The local account signed in in this browser: the session its cookie carries, read
    when this Streamlit session connects and confirmed against the store every
    :data:`RECHECK_S` seconds of use (signed out elsewhere, expired, removed: a viewer; the
    role the account has now)."""
    if HELD not in st.session_state:
        st.session_state[HELD] = _browser_cookie()
    cookie = st.session_state[HELD]
    got = st.session_state.get(SIGNED_IN)
    stale = time.monotonic() - st.session_state.get(CHECKED, -math.inf) >= RECHECK_S
    if cookie and (stale or not isinstance(got, Actor)):
        got = _read_session(cookie, got)
    return got if isinstance(got, Actor) else ANONYMOUS


def _read_session(cookie: str, held: object) -> object:
    """The actor of ``cookie``'s session now (kept in the session state), None when it has
    ended; what the session held while the store cannot answer (writes are checked there)."""
    store = db.get_store(quiet=True)
    if store is None:
        return held
    st.session_state[CHECKED] = time.monotonic()  # asked: not again for a while, even if failed
    try:
        who = store.session_actor(cookie)
    except StoreError:
        return held
    if who is None:  # ended: this session is signed out
        st.session_state[HELD] = ""
        st.session_state.pop(SIGNED_IN, None)
        return None
    st.session_state[SIGNED_IN] = who
    return who


def take_signin_code() -> None:
    """A refused sign-in comes back to its page with ``signin=<code>`` in the address: the
    code is kept for the sidebar's one line and removed from the address (before the link's
    scenario is read, which would call it an unknown key)."""
    code = st.query_params.get(CODE_KEY)
    if code is None:
        return
    del st.query_params[CODE_KEY]
    st.session_state[ERROR] = code if code in CODES else REFUSED


def can_edit() -> bool:
    """Whether this session may change shared state."""
    return actor().can(EDITOR)


def role_name(lang: str, who: Actor) -> str:
    """The role of ``who`` in words."""
    return tr(lang, f"role_{who.role}")


def provider_reachable(provider: str, section: Mapping | None, timeout: float = 3.0) -> bool:
    """Whether the OpenID provider ``provider`` of ``section`` answers its metadata (an
    ``authorization_endpoint``): asked before ``st.login`` leaves the app, because a provider
    that cannot be reached would leave the person on a bare error page with no way back."""
    conf = section if provider == "default" else (section or {}).get(provider)
    url = str((conf or {}).get("server_metadata_url") or "")
    if not url.startswith(("http://", "https://")):
        return False
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 - the operator's URL
            meta = json.loads(r.read(1_000_000))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and bool(meta.get("authorization_endpoint"))


def _oidc_login(provider: str) -> None:
    """``st.login`` when the provider answers; else a one-line error in the app."""
    if not provider_reachable(provider, auth_section()):
        st.session_state[ERROR] = OIDC_UNREACHABLE
        return
    st.session_state.pop(ERROR, None)
    if provider == "default":
        st.login()
    else:
        st.login(provider)


def here() -> str:
    """The page this run draws as a path of this site, with its query: where the sign-in and
    sign-out forms come back to (the app's own prefix behind a proxy kept)."""
    try:
        url = st.context.url or ""
    except (AttributeError, RuntimeError, KeyError):
        url = ""
    base = urlsplit(url).path.rsplit("/", 1)[0] if isinstance(url, str) else ""
    page = str(st.session_state.get(PAGE) or "")
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    path = f"{base}/{'' if page == 'home' else page}"
    return path + (f"?{query}" if query else "")


def _prefix() -> str:
    """The app's prefix in the browser's address ("" at the host's root)."""
    return here().split("?", 1)[0].rsplit("/", 1)[0]


#: The look of the two plain forms (Streamlit's own widgets cannot post to a route).
FORM_CSS = (
    "<style>.signin-form{display:flex;flex-direction:column;gap:.3rem;margin:0}"
    ".signin-form label{font-size:.875rem;margin-top:.25rem}"
    ".signin-form input{font:inherit;padding:.45rem .65rem;border:1px solid #c5cad3;"
    "border-radius:.5rem;background:#fff;color:inherit}"
    ".signin-form input:focus{outline:2px solid #1f4e79;outline-offset:0}"
    ".signin-form button{font:inherit;align-self:flex-start;margin-top:.5rem;"
    "padding:.35rem .9rem;border:1px solid #c5cad3;border-radius:.5rem;background:#fff;"
    "color:inherit;cursor:pointer}"
    ".signin-form button:hover,.signin-form button:focus{border-color:#1f4e79;color:#1f4e79}"
    "</style>"
)


def sign_in_form(lang: str) -> str:
    """The 编辑登录 form: account and password sent together (button or Enter) to
    ``/session/login`` with the page to come back to."""
    e = html.escape
    return (
        f'{FORM_CSS}<form class="signin-form" method="post" action="{e(_prefix() + LOGIN_PATH)}">'
        f'<label for="signin-account">{e(tr(lang, "auth_name"))}</label>'
        '<input id="signin-account" name="account" autocomplete="username" maxlength="200"'
        ' required autocapitalize="off" spellcheck="false">'
        f'<label for="signin-password">{e(tr(lang, "auth_password"))}</label>'
        '<input id="signin-password" name="password" type="password"'
        ' autocomplete="current-password" maxlength="200" required>'
        f'<input type="hidden" name="next" value="{e(here())}">'
        f'<button type="submit">{e(tr(lang, "auth_submit"))}</button></form>'
    )


def sign_out_form(lang: str) -> str:
    """The 退出登录 button: a form posting to ``/session/logout`` with the page to come back
    to."""
    e = html.escape
    return (
        f'{FORM_CSS}<form class="signin-form" method="post" action="{e(_prefix() + LOGOUT_PATH)}">'
        f'<input type="hidden" name="next" value="{e(here())}">'
        f'<button type="submit">{e(tr(lang, "auth_sign_out"))}</button></form>'
    )


def _said(lang: str, err: object) -> str:
    """The words of a sign-in's refusal: a code brought back by ``/session/login``, else an
    exception."""
    if err == UNAVAILABLE:
        return tr(lang, "sess_unavailable")
    if err == REFUSED:
        return message(lang, refused())
    return message(lang, err) if isinstance(err, Exception) else str(err)


def sidebar_panel(lang: str) -> None:
    """The sidebar's sign-in: who is signed in and a sign-out button; else st.login
    buttons (OIDC) or the local form (lazy expander); with no editor account at all, how
    to create the first one."""
    who = actor()
    names = providers()
    if who.name != ANONYMOUS.name:
        st.caption(tr(lang, "auth_signed_in", name=md_escape(who.name), role=role_name(lang, who)))
        if names:
            st.button(tr(lang, "auth_sign_out"), key=AUTH_LOGOUT, on_click=st.logout)
        else:
            st.html(sign_out_form(lang))
        return
    if names:
        if st.session_state.pop(ERROR, None) == OIDC_UNREACHABLE:
            st.error(tr(lang, "auth_oidc_unreachable"))
        for p in names:
            st.button(
                tr(lang, "auth_oidc_login") + ("" if p == "default" else f" · {p}"),
                key=auth_login(p),
                on_click=_oidc_login,
                args=(p,),
            )
        return
    if not st.session_state.get(HAS_EDITOR):  # asked once per session until there is one
        store = db.get_store(quiet=True)
        try:
            st.session_state[HAS_EDITOR] = store is not None and store.has_editor()
        except StoreError:
            store = None
        if store is not None and not st.session_state[HAS_EDITOR]:
            st.caption(tr(lang, "auth_no_editor"))
            return
    if ERROR in st.session_state:
        st.session_state[PANEL] = True
    box = st.expander(tr(lang, "auth_title"), key=PANEL, on_change="rerun")
    if not box.open:
        return
    with box:
        err = st.session_state.pop(ERROR, None)
        if err:
            st.error(tr(lang, "auth_error", error=md_escape(_said(lang, err), limit=300)))
        idle, most = lifetimes()
        hours = f"{idle.total_seconds() / 3600:g}"
        st.caption(tr(lang, "sess_lasts", hours=hours, days=f"{most.total_seconds() / 86400:g}"))
        # one plain form, posted to /session/login: name and password are sent together by
        # the button or Enter, and the answer sets the session's cookie
        st.html(sign_in_form(lang))
