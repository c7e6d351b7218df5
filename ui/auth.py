"""Who is using the app: sign-in and roles in the UI. With an OIDC provider configured in
``.streamlit/secrets.toml`` (section ``[auth]``) the app signs in with ``st.login`` and the
role comes from the admins' list (``users add EMAIL --role editor --oidc``; anyone else is a
viewer); otherwise a local account (argon2 hash in the database) signs in with a form, for
this browser tab's session only. No sign-in: a viewer. The store checks the role of every
write again; here write controls are hidden from viewers."""

from __future__ import annotations

import ipaddress
import json
import urllib.request
from collections.abc import Mapping

import streamlit as st

from report.access_text import tr
from report.i18n import message
from store import ANONYMOUS, EDITOR, Actor, StoreError
from ui import db
from ui.keys import AUTH_ERROR as ERROR
from ui.keys import AUTH_FORM, AUTH_LOGOUT, AUTH_SIGN_OUT, AUTH_SUBMIT, auth_login
from ui.keys import AUTH_HAS_EDITOR as HAS_EDITOR
from ui.keys import AUTH_NAME as NAME
from ui.keys import AUTH_OIDC_ACTOR as OIDC_ACTOR
from ui.keys import AUTH_PANEL as PANEL
from ui.keys import AUTH_PASSWORD as PASSWORD
from ui.keys import AUTH_SIGNED_IN as SIGNED_IN  # session state: the Actor of a local sign-in
from ui.safe import md_escape

OIDC_UNREACHABLE = "oidc_unreachable"  # ERROR's value when the provider did not answer
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
    got = st.session_state.get(SIGNED_IN)
    return got if isinstance(got, Actor) else ANONYMOUS


def can_edit() -> bool:
    """Whether this session may change shared state."""
    return actor().can(EDITOR)


def role_name(lang: str, who: Actor) -> str:
    """The role of ``who`` in words."""
    return tr(lang, f"role_{who.role}")


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


def _this_client() -> str:
    try:
        peer = st.context.ip_address
        real = st.context.headers.get("X-Real-IP")
    except (AttributeError, RuntimeError, KeyError):
        return "unknown"
    # without a server (tests) these are not strings: a loopback peer without the header
    peer = peer if isinstance(peer, str) else None
    return client_address(peer, {"X-Real-IP": real} if isinstance(real, str) else {})


def _sign_in() -> None:
    store = db.get_store(quiet=True)
    name = st.session_state.get(NAME, "") or ""
    password = st.session_state.get(PASSWORD, "") or ""
    st.session_state[PASSWORD] = ""
    if store is None:
        st.session_state[ERROR] = "database unavailable"
        return
    try:
        st.session_state[SIGNED_IN] = store.sign_in(name, password, _this_client())
        st.session_state.pop(ERROR, None)
    except (ValueError, StoreError) as exc:
        st.session_state[ERROR] = exc  # rendered in the UI language


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


def _sign_out() -> None:
    st.session_state.pop(SIGNED_IN, None)
    st.session_state.pop(OIDC_ACTOR, None)


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
            st.button(tr(lang, "auth_sign_out"), key=AUTH_SIGN_OUT, on_click=_sign_out)
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
            said = message(lang, err) if isinstance(err, Exception) else str(err)
            st.error(tr(lang, "auth_error", error=md_escape(said, limit=300)))
        st.caption(tr(lang, "auth_session_only"))
        # one form: name and password are sent together by the button or Enter, whatever
        # the keyboard did in between (a Tab onto the password's eye then Enter had sent the
        # button before the password: refused, and counted towards the lock)
        with st.form(AUTH_FORM, border=False, enter_to_submit=True):
            st.text_input(tr(lang, "auth_name"), key=NAME, max_chars=200)
            st.text_input(tr(lang, "auth_password"), key=PASSWORD, type="password", max_chars=200)
            st.form_submit_button(tr(lang, "auth_submit"), key=AUTH_SUBMIT, on_click=_sign_in)
