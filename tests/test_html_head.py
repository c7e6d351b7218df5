"""The page's HTML shell (``ui.html_head``): Streamlit's ``index.html`` as the server sends it,
with the link's language and the app's title, the server's address for Streamlit's code (no
refused probe of ``/<page>/_stcore/health``), and the code of the page's elements preloaded.

Driven through Starlette's test client over Streamlit's own static handler and a gzip layer,
as ``st.App`` stacks them; the browser's side is in ``tests/browser/test_page_head.py``."""

from __future__ import annotations

import gzip
import re
import warnings

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Mount
from streamlit.web.server.starlette.starlette_static_routes import (
    create_streamlit_static_handler,
)

from model.data import load_dataset
from model.scenario import parse_scenario
from report.i18n import t
from ui import html_head
from ui.html_head import (
    PAGE_ELEMENTS,
    SIDEBAR,
    HtmlHead,
    entry_files,
    language,
    page_path,
    preloads,
    rewrite,
    streamlit_dir,
)

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette asks for httpx2; httpx is the pinned client
    from starlette.testclient import TestClient

STATIC = streamlit_dir() / "static"
JS = STATIC / "static" / "js"
SHELL = (STATIC / "index.html").read_text(encoding="utf-8")
TOPICS = ("economy", "industry", "investment", "land")


def _client(base: str = "") -> TestClient:
    handler = create_streamlit_static_handler(str(STATIC), base or None)
    mount = f"/{base}" if base else "/"
    app = Starlette(
        routes=[Mount(mount, app=handler)],
        # st.App puts the app's middleware outside its own gzip layer, as here
        middleware=[Middleware(HtmlHead, base=base), Middleware(GZipMiddleware, minimum_size=500)],
    )
    return TestClient(app)


def _preloaded(text: str) -> list[str]:
    return re.findall(r'rel="modulepreload" crossorigin href="\./static/js/([^"]+)"', text)


def test_every_element_a_page_names_has_its_file_in_the_installed_streamlit():
    """A Streamlit that renamed an element's file would lose that preload silently; this names
    the loss (the page would still work, only slower)."""
    names = {n for page in PAGE_ELEMENTS.values() for n in page}
    found = entry_files(JS, names)
    assert {n: f for n, f in found.items() if f is None} == {}
    assert found["Slider"].startswith("Slider.") and found["Slider"].endswith(".js")


def test_a_topic_page_preloads_its_elements_and_what_they_import_not_what_the_shell_has():
    files = preloads("economy")
    entries = entry_files(JS, PAGE_ELEMENTS["economy"])
    assert set(entries.values()) <= set(files)
    # what the slider's file imports comes along (Streamlit would fetch it only after it)
    slider = (JS / entries["Slider"]).read_text(encoding="utf-8")
    imported = set(re.findall(r'from"\./([^"]+\.js)"', slider))
    shell_has = set(_preloaded(SHELL)) | set(re.findall(r'src="\./static/js/([^"]+)"', SHELL))
    assert imported - shell_has, "the slider imports files of its own"
    assert imported - shell_has <= set(files)
    assert not set(files) & shell_has  # never twice
    assert len(files) == len(set(files))
    # the overview has no slider; a page not named gets the sidebar's elements only
    assert entries["Slider"] not in preloads("")
    assert set(preloads("audit")) < set(files)
    assert set(entry_files(JS, SIDEBAR).values()) <= set(preloads("audit"))
    for topic in TOPICS:
        assert preloads(topic) == files


@pytest.mark.parametrize(
    ("path", "base", "parts"),
    [
        ("/", "", []),
        ("/economy", "", ["economy"]),
        ("/economy/", "", ["economy"]),
        ("/app/economy", "app", ["economy"]),
        ("/app", "app", []),
        ("/app/", "/app/", []),
        ("/economy", "app", ["economy"]),  # not below the base: read as it is
        ("//land", "", ["land"]),
        ("/economy/extra/deep", "", ["economy", "extra", "deep"]),
    ],
)
def test_page_path(path, base, parts):
    assert page_path(path, base) == parts


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("", "zh"),
        ("lang=en", "en"),
        ("focus=gdp&lang=en", "en"),
        ("lang=en&lang=zh", "zh"),  # given twice: the link's parser rejects it (the default)
        ("lang=zh&lang=en", "zh"),
        ("lang=en&lang=en", "zh"),
        ("lang=fr", "zh"),
        ("lang=%3Cscript%3E", "zh"),
        ("lang", "zh"),
    ],
)
def test_language_of_the_link(query, lang):
    assert language(query) == lang
    # the head says the language the app's own parser reads from the same link
    scenario, _ = parse_scenario(query, load_dataset())
    assert scenario.lang == lang


def test_rewrite_says_the_language_title_and_address_and_lists_the_preloads_in_the_head():
    out = rewrite(SHELL, lang="en", files=["Slider.X.js"], depth=1)
    assert '<html lang="en">' in out and '<html lang="en">' in SHELL  # the same tag, now ours
    assert f"<title>{t('en', 'app_title')}</title>" in out
    head, _, body = out.partition("</head>")
    assert '<link rel="modulepreload" crossorigin href="./static/js/Slider.X.js">' in head
    # where the server is: the page's address less the page's own segment
    assert "s.slice(0, Math.max(0, s.length - 1))" in head and "BACKEND_BASE_URL" in head
    # the address is set before Streamlit's module runs (a module runs after the document)
    assert head.index("window.__streamlit") > head.index('type="module"')
    assert "modulepreload" not in body
    zh = rewrite(SHELL, lang="zh", files=[], depth=0)
    assert f'<html lang="{t("zh", "html_lang")}">' in zh and t("zh", "html_lang") == "zh-CN"
    assert f"<title>{t('zh', 'app_title')}</title>" in zh
    assert "s.length - 0" in zh
    assert zh.count("<title>") == 1 and zh.count("<html") == 1
    # a deeper path is no page of the app: Streamlit looks for its server as before
    assert "BACKEND_BASE_URL" not in rewrite(SHELL, lang="zh", files=[], depth=2)


def test_a_deeper_path_gets_no_preloads():
    """/economy/extra is no page: its relative links do not load, so nothing is preloaded."""
    r = _client().get("/economy/extra", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert set(_preloaded(r.text)) == set(_preloaded(SHELL))
    assert "BACKEND_BASE_URL" not in r.text and '<html lang="zh-CN">' in r.text


def test_any_number_of_paths_keeps_one_preload_list_per_kind_of_page():
    """The lists are cached by the page's elements, not by the path asked for: a client
    asking for a million made-up paths leaves the cache as it was."""
    preloads("economy"), preloads("")
    before = html_head._preloads.cache_info().currsize
    for i in range(200):
        assert preloads(f"made-up-{i}") == preloads("audit")
    assert html_head._preloads.cache_info().currsize <= before + 1


def test_a_head_that_cannot_be_written_leaves_the_page_as_streamlit_made_it(monkeypatch):
    def broken(*_a, **_k):
        raise KeyError("html_lang")

    monkeypatch.setattr(html_head, "rewrite", broken)
    r = _client().get("/economy", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200 and r.text == SHELL


def test_the_server_sends_the_page_head_gzipped_or_not_with_a_right_length():
    c = _client()
    r = c.get("/economy?focus=gdp&lang=en", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    text = r.text  # httpx un-gzips
    assert '<html lang="en">' in text
    assert set(preloads("economy")) == set(_preloaded(text)) - set(_preloaded(SHELL))
    # no validator of the file's own bytes: a browser never revalidates a rewritten page
    assert "etag" not in r.headers and "last-modified" not in r.headers
    assert r.headers["cache-control"] == "no-cache"
    raw = c.get("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in raw.headers
    assert int(raw.headers["content-length"]) == len(raw.content)
    assert f'<html lang="{t("zh", "html_lang")}">' in raw.text
    assert set(_preloaded(raw.text)) - set(_preloaded(SHELL)) == set(preloads(""))


def test_code_and_other_answers_pass_unchanged():
    c = _client()
    slider = entry_files(JS, ["Slider"])["Slider"]
    r = c.get(f"/static/js/{slider}", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200 and r.content == (JS / slider).read_bytes()
    assert "immutable" in r.headers["cache-control"]
    head = c.head("/economy")
    assert head.status_code == 200 and head.content == b""
    # the length and validators of Streamlit's file are not claimed for the page GET sends
    assert not {"content-length", "etag", "last-modified"} & set(head.headers)
    assert head.headers["content-type"].startswith("text/html")
    code_head = c.head(f"/static/js/{slider}")
    assert int(code_head.headers["content-length"]) == (JS / slider).stat().st_size
    gz = c.get("/favicon.png", headers={"Accept-Encoding": "gzip"})
    assert gz.status_code == 200 and gz.content == (STATIC / "favicon.png").read_bytes()


def test_below_a_base_path_the_head_names_the_base():
    c = _client("app")
    r = c.get("/app/investment?lang=en")
    assert r.status_code == 200
    assert "s.length - 1" in r.text  # /app/investment: the page is one segment below /app
    assert set(preloads("investment")) <= set(_preloaded(r.text))


def test_an_answer_larger_than_a_shell_passes_unchanged(monkeypatch):
    monkeypatch.setattr(html_head, "MAX_SHELL", 100)
    r = _client().get("/economy", headers={"Accept-Encoding": "identity"})
    assert r.status_code == 200
    assert r.text == SHELL  # Streamlit's own, byte for byte


def test_a_gzipped_shell_round_trips():
    """The rewritten page is gzip again where Streamlit's was (a phone on a slow link)."""
    c = _client()
    r = c.get("/industry", headers={"Accept-Encoding": "gzip"})
    # httpx has decoded it; the raw stream is gzip with the declared length
    with c.stream("GET", "/industry", headers={"Accept-Encoding": "gzip"}) as s:
        raw = b"".join(s.iter_raw())
    assert int(s.headers["content-length"]) == len(raw)
    assert gzip.decompress(raw).decode("utf-8") == r.text
