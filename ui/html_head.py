"""The page's HTML shell, as the server sends it: Streamlit's ``index.html`` with a head that
fits the app (``app.py`` hands :class:`HtmlHead` to ``st.App`` as a middleware).

- ``<html lang>`` and ``<title>`` in the language of the link (``lang=`` in its query, else
  the catalogue's first, Chinese): a screen reader reads Chinese as Chinese, and the tab
  shows the app's name before the first run sets it.
- ``<link rel="modulepreload">`` for the code of the elements the page draws at once.
  Streamlit fetches an element's code only when the first run's first message with that
  element arrives, while the server is busy with the run: on a cold cache a topic page waited
  ~300 ms for some 30 files, one after the other (bench/RESULTS.md, Round 9). Listed in the
  head, they load with Streamlit's own code, before the session starts.

Which elements a page draws is named below by Streamlit's element names (``Slider``,
``NumberInput`` …); their files and the files they import are found in the installed
Streamlit's build once per process. A name with no file (another Streamlit version) is left
out: the page works as before, only slower (``tests/test_html_head.py`` names such a loss).

No streamlit here: this runs in the server's event loop, outside any session."""

from __future__ import annotations

import functools
import gzip
import html
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from model import catalogue
from report.i18n import t

_log = logging.getLogger(__name__)

#: The elements of the sidebar, drawn on every page.
SIDEBAR = ("Radio", "Checkbox", "Button")
#: The elements each page draws on its first screen, by the page's path (its first segment;
#: "" is the overview at "/"). A path not listed gets the sidebar's.
PAGE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "": (*SIDEBAR, "Html", "DownloadButton"),
    "home": (*SIDEBAR, "Html", "DownloadButton"),
    "overview": (*SIDEBAR, "Html", "DownloadButton"),
    **{
        topic: (*SIDEBAR, "ButtonGroup", "Html", "Metric", "Slider", "NumberInput")
        for topic in ("economy", "industry", "investment", "land")
    },
}
#: Where Streamlit's build keeps its code, relative to the package.
JS_DIR = Path("static") / "static" / "js"
_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.$-]+\.js)"')
_PRELOADED = re.compile(r'rel="modulepreload"[^>]*href="\./static/js/([\w.$-]+\.js)"')
_ENTRY = re.compile(r'<script type="module"[^>]*src="\./static/js/([\w.$-]+\.js)"')
_HTML_TAG = re.compile(r"<html\b[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)
#: The largest HTML shell rewritten (Streamlit's is ~6 KB, ~2 KB gzipped, as the server sends it
#: to a browser); a larger answer passes unchanged.
MAX_SHELL = 256 * 1024


def streamlit_dir() -> Path:
    """The installed Streamlit package (found without importing it: this is server code)."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:  # pragma: no cover - streamlit is a dependency
        raise RuntimeError("streamlit is not installed")
    return Path(spec.origin).parent


def entry_files(js_dir: Path, names: Iterable[str]) -> dict[str, str | None]:
    """Each element name's own file in ``js_dir`` (``Slider`` → ``Slider.WU6er_Bo.js``), or
    None where the build has none or more than one."""
    listing = sorted(os.listdir(js_dir)) if js_dir.is_dir() else []
    out: dict[str, str | None] = {}
    for name in names:
        found = [f for f in listing if re.fullmatch(rf"{re.escape(name)}\.[\w-]+\.js", f)]
        out[name] = found[0] if len(found) == 1 else None
    return out


def closure(js_dir: Path, files: Iterable[str]) -> list[str]:
    """``files`` and every file they import, statically and transitively, in first-seen
    order."""
    seen: dict[str, None] = {}
    todo = list(files)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        seen[name] = None
        try:
            text = (js_dir / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        todo.extend(m for m in _IMPORT.findall(text) if m not in seen)
    return list(seen)


@functools.cache
def _build() -> tuple[Path, str]:
    root = streamlit_dir()
    return root / JS_DIR, (root / "static" / "index.html").read_text(encoding="utf-8")


def preloads(page: str) -> tuple[str, ...]:
    """The files a page's head preloads: its elements' files and what they import, less what
    Streamlit's shell already loads (its entry and its own preloads, and what they import).
    A page not named in :data:`PAGE_ELEMENTS` (any other path) gets the sidebar's."""
    return _preloads(PAGE_ELEMENTS.get(page, SIDEBAR))


@functools.cache  # one entry per list of names above, however many paths are asked for
def _preloads(names: tuple[str, ...]) -> tuple[str, ...]:
    js_dir, shell = _build()
    entries = [f for f in entry_files(js_dir, names).values() if f]
    loaded = set(closure(js_dir, _ENTRY.findall(shell) + _PRELOADED.findall(shell)))
    return tuple(f for f in closure(js_dir, entries) if f not in loaded)


def page_path(path: str, base: str = "") -> list[str]:
    """The segments of a request's path below the app's ``base`` path ("/economy" →
    ["economy"]; "/app/economy" below "app" → ["economy"]; "/" → [])."""
    parts = [p for p in path.split("/") if p]
    prefix = [p for p in base.split("/") if p]
    if prefix and parts[: len(prefix)] == prefix:
        parts = parts[len(prefix) :]
    return parts


def language(query: str) -> str:
    """The link's language as the app will read it: its ``lang=`` if the catalogue has it,
    else the first; a ``lang`` given twice is rejected by the link's parser
    (:func:`model.scenario.parse_scenario`), so it is the first too."""
    asked = [v for k, v in parse_qsl(query, keep_blank_values=True) if k == "lang"]
    return asked[0] if len(asked) == 1 and asked[0] in catalogue.LANGS else catalogue.LANGS[0]


#: Where the server is, for Streamlit's code (its own embedding setting, read once when its
#: code starts): the page's address less its last ``depth`` segments (the page's own path, as the
#: server saw it), so a prefix a proxy adds and strips, or ``server.baseUrlPath``, stays in.
#: Without it, a page opened at /economy first asks /economy/_stcore/health, is refused, and
#: asks the root ~150 ms later.
_WHERE = (
    "<script>(() => {"
    " const s = window.location.pathname.split('/').filter(Boolean);"
    " const root = s.slice(0, Math.max(0, s.length - %d)).join('/');"
    " window.__streamlit = Object.assign({}, window.__streamlit,"
    " {BACKEND_BASE_URL: window.location.origin + '/' + (root ? root + '/' : '')});"
    " })();</script>\n"
)


def rewrite(shell: str, *, lang: str, files: Iterable[str], depth: int = 0) -> str:
    """Streamlit's shell with the language, the title, the server's address and the preloads
    of one page; ``depth``: how many segments the page's path has below the app's (0 for the
    overview, 1 for a page). A deeper path (no page of the app) is left to Streamlit's own
    search for the server."""
    out = _HTML_TAG.sub(f'<html lang="{html.escape(t(lang, "html_lang"))}">', shell, count=1)
    out = _TITLE.sub(f"<title>{html.escape(t(lang, 'app_title'))}</title>", out, count=1)
    where = _WHERE % depth if depth in (0, 1) else ""
    links = "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{html.escape(f)}">\n'
        for f in files
    )
    return out.replace("</head>", where + links + "</head>", 1)


class HtmlHead:
    """An ASGI middleware: a ``GET`` answered with Streamlit's HTML shell gets the page's head
    (:func:`rewrite`); every other answer, and a WebSocket, passes unchanged."""

    def __init__(self, app: ASGIApp, base: str = "") -> None:
        self.app, self.base = app, base

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method") if scope["type"] == "http" else None
        path = scope.get("path", "")
        if method not in ("GET", "HEAD") or "/_stcore/" in path or "/static/" in path:
            await self.app(scope, receive, send)
        elif method == "HEAD":  # no body to rewrite: claim nothing about the one GET sends
            await self.app(scope, receive, _without_validators(send))
        else:
            await _Rewriting(self.app, scope, self.base).run(receive, send)


def _drop_file_headers(headers: MutableHeaders) -> None:
    """Drop the length and validators of Streamlit's file from an answer that sends another
    page (rewritten) or none (``HEAD``)."""
    for name in ("content-length", "etag", "last-modified"):
        del headers[name]  # none there: nothing happens


def _without_validators(send: Send) -> Send:
    """``send`` for a ``HEAD``: an HTML answer loses its length and validators, which are those
    of Streamlit's file, not of the page a ``GET`` sends."""

    async def relay(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message["headers"]))
            if headers.get("content-type", "").startswith("text/html"):
                _drop_file_headers(headers)
                message = {**message, "headers": headers.raw}
        await send(message)

    return relay


class _Rewriting:
    """One answer, held back only while it may be the HTML shell."""

    def __init__(self, app: ASGIApp, scope: Scope, base: str) -> None:
        self.app, self.scope, self.base = app, scope, base
        self.start: Message | None = None
        self.body: list[bytes] = []
        self.size = 0

    async def run(self, receive: Receive, send: Send) -> None:
        async def relay(message: Message) -> None:
            if self.start is None and message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message["headers"]))
                is_shell = (
                    headers.get("content-type", "").startswith("text/html")
                    and headers.get("content-encoding", "gzip") == "gzip"
                    and message.get("status") == 200
                )
                if is_shell:
                    self.start = message
                    return
            if self.start is None:
                await send(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            self.body.append(message.get("body", b""))
            self.size += len(self.body[-1])
            if self.size > MAX_SHELL:  # not the shell: send what is held, unchanged
                await self._flush(send, b"".join(self.body), more=message.get("more_body", False))
                return
            if not message.get("more_body", False):
                await self._finish(send)

        await self.app(self.scope, receive, relay)

    async def _flush(self, send: Send, body: bytes, *, more: bool) -> None:
        assert self.start is not None
        start, self.start = self.start, None
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": more})

    async def _finish(self, send: Send) -> None:
        assert self.start is not None
        raw = b"".join(self.body)
        headers = MutableHeaders(raw=list(self.start["headers"]))
        zipped = headers.get("content-encoding") == "gzip"
        try:
            text = (gzip.decompress(raw) if zipped else raw).decode("utf-8")
        except (OSError, EOFError, UnicodeDecodeError):  # not a shell we can read: unchanged
            await self._flush(send, raw, more=False)
            return
        query = self.scope.get("query_string", b"").decode("latin-1")
        parts = page_path(self.scope.get("path", ""), self.base)
        try:
            new = rewrite(
                text,
                lang=language(query),
                # a deeper path is no page of the app (its relative links do not load)
                files=preloads(parts[0] if parts else "") if len(parts) <= 1 else (),
                depth=len(parts),
            )
        except Exception:  # noqa: BLE001 - the page is served as Streamlit made it
            _log.exception("the page head was not rewritten")
            await self._flush(send, raw, more=False)
            return
        new_body = new.encode("utf-8")
        if zipped:
            new_body = gzip.compress(new_body, compresslevel=6, mtime=0)
        _drop_file_headers(headers)
        headers["content-length"] = str(len(new_body))
        self.start["headers"] = headers.raw
        await self._flush(send, new_body, more=False)
