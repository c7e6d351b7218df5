"""Session state and URL sync: the scenario lives in one place and the URL mirrors it.

On a session's first run the URL's query string is parsed with the model's parser (the
same one as the CLI's ``--scenario``); rejected values are kept as issues to warn about and
fall back to their defaults. Every change goes through :func:`set_scenario`, which rewrites
the URL, so a link copied at any moment reproduces the scenario on any page.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from model.baseline import BaselineReport, build_report
from model.data import DataFileError, Dataset, load_dataset
from model.history import DEFAULT_HISTORY_PATH, canonical_history, parse_history
from model.messages import joined
from model.period import DEFAULT_MONTHS
from model.projection import ProjectionResults
from model.scenario import (
    DATA_KEY,
    FOCUS_KEY,
    HIST_KEY,
    LANGS,
    Scenario,
    ScenarioIssue,
    parse_scenario,
    to_query_pairs,
)
from model.template import from_canonical, history_id, is_data_id, with_origin
from model.view import IndicatorView, Views, views_of
from report import bilingual, i18n
from report.scenarios import MODEL_PRESET, scenario_name
from report.voice import Voice, voice_of
from store import StoreError, database_url, masked
from ui import db, warm
from ui.keys import (  # session-state keys: one place for the app
    DATA_HELD,
    DATA_IN_USE,
    FOCUS,
    FOCUS_SHOWN,
    NEWEST_OF,
    PAGE,
    SCENARIO,
    URL_ISSUES,
    VIEWS,
)
from ui.safe import md_escape

#: The topic pages (url path → groups of indicators), in navigation order.
TOPICS: dict[str, tuple[str, ...]] = {
    "economy": ("economy",),
    "industry": ("industry",),
    "investment": ("investment",),
    "land": ("land", "livelihood"),
}


@st.cache_resource(show_spinner=False)
def _load_dataset_cached() -> Dataset:
    return load_dataset()


def shipped_dataset() -> Dataset:
    """The shipped data file, or stop the page with a clear error if it is faulty."""
    try:
        return _load_dataset_cached()
    except DataFileError as exc:
        st.error(t(_lang_guess(), "error_data", error=md_escape(str(exc), limit=300)))
        st.stop()
        raise  # unreachable: st.stop() raises


_STORED: dict[tuple[str, str, str], object] = {}  # (kind, id, base) → Dataset or history bytes
_STORED_LOCK = threading.Lock()
_STORED_MAX = 32


def _memo(kind: str, data_id: str, base: str, make: Callable[[], object | None]) -> object | None:
    """Stored content is named by its hash, so what an id gives never changes: kept per
    process (a bounded memo), read from the store once."""
    key = (kind, data_id, base)
    with _STORED_LOCK:
        if key in _STORED:
            return _STORED[key]
    value = make()
    if value is not None:
        with _STORED_LOCK:
            if len(_STORED) >= _STORED_MAX:
                _STORED.pop(next(iter(_STORED)))
            _STORED[key] = value
    return value


def stored_dataset(data_id: str) -> Dataset | None:
    """The dataset with ``data_id``: the shipped one, or one stored in the database (None
    when unknown, or the store is unreachable or holds a file that no longer reads)."""
    shipped = shipped_dataset()
    if data_id == shipped.data_id:
        return shipped
    if not is_data_id(data_id):
        return None

    def make() -> Dataset | None:
        from model.data import is_year_end

        store = db.get_store(quiet=True)
        row = None if store is None else _safe(lambda: store.get_data("data", data_id))
        if row is None or is_year_end(row):  # the year's outcome is reviewed, never opened
            return None
        try:
            ds = from_canonical(row.content, shipped)  # type: ignore[union-attr]
        except DataFileError:
            return None
        return with_origin(ds, row.label, row.filename or "", f"{row.created_at:%Y-%m-%d}")  # type: ignore[union-attr]

    got = _memo("data", data_id, shipped.vintage, make)
    return got if isinstance(got, Dataset) else None


def _safe(call: Callable[[], object]) -> object | None:
    try:
        return call()
    except StoreError:
        return None


def _initial_data_id() -> str:
    """A new session's dataset: the link's ``data=`` when it is known here, else the stored
    default (if someone made one), else the shipped file."""
    shipped = shipped_dataset()
    asked = st.query_params.get_all(DATA_KEY)
    if len(asked) == 1 and stored_dataset(asked[0]) is not None:
        return asked[0]
    if len(asked) == 1 and is_data_id(asked[0]) and not _reachable():
        # never silently open other figures, nor rewrite the link: say so and stop
        from report.access_text import tr

        st.error(tr(_lang_guess(), "data_link_unreachable", id=asked[0]))
        st.stop()
    store = db.get_store(quiet=True)
    default = None if store is None else _safe(lambda: store.default_data("data"))
    if default is not None and stored_dataset(default.id) is not None:  # type: ignore[union-attr]
        return default.id  # type: ignore[union-attr]
    return shipped.data_id


def get_dataset() -> Dataset:
    """The session's dataset (fixed on its first run: see :func:`_initial_data_id`). The
    run's voice (:func:`voice`) speaks in the words of its period (上半年 → 前三季度 …)."""
    if DATA_IN_USE not in st.session_state:
        st.session_state[DATA_IN_USE] = _initial_data_id()
    want = st.session_state[DATA_IN_USE]
    held = st.session_state.get(DATA_HELD)
    if isinstance(held, Dataset) and held.data_id == want:
        ds = held  # the session's figures stay its own even when the database goes away
    else:
        ds = stored_dataset(want) or shipped_dataset()
        st.session_state[DATA_HELD] = ds
    return ds


def _reachable() -> bool:
    """Whether the database answers now."""
    store = db.get_store(quiet=True)
    if store is None:
        return False
    try:
        store.ping()
    except StoreError:
        return False
    return True


def use_dataset(data_id: str) -> Dataset:
    """Switch the session to the stored dataset ``data_id`` (``ValueError`` if unknown). The
    scenario's own inputs are cleared — an assumption made for one period means something
    else in another — and language, meeting mode and history stay."""
    ds = stored_dataset(data_id)
    if ds is None:
        _refuse_year_end(data_id)
        raise ValueError(f"data: no dataset '{data_id}'")
    st.session_state[DATA_IN_USE] = data_id
    st.session_state[DATA_HELD] = ds
    cur = st.session_state.get(SCENARIO)
    if isinstance(cur, Scenario):
        set_scenario(
            ds, Scenario(lang=cur.lang, meeting=cur.meeting, hist_id=cur.hist_id, data_id=data_id)
        )
    return ds


def _refuse_year_end(data_id: str) -> None:
    """A keyed error when ``data_id`` is a stored year-end table (reviewed, never opened)."""
    from model.data import is_year_end
    from model.messages import Problem

    store = db.get_store(quiet=True)
    row = None if store is None else _safe(lambda: store.get_data("data", data_id))
    if row is not None and is_year_end(row):
        raise Problem("data_year_end", kind="data", id=data_id, year=row.year)  # type: ignore[attr-defined]


_REPORTS: dict[tuple[int, str, int, str], BaselineReport] = {}
_REPORTS_LOCK = threading.Lock()
_REPORTS_MAX = 8


def _report_cached(data: bytes, name: str, year: int, period: str = "H1") -> BaselineReport:
    """Backtests and baselines for one history file, kept per process on its bytes (a slider
    never refits; the warm-up thread fills the default one before the first visitor). The
    report is shared, not copied, on every panel rerun; a new fit is followed by a freeze of
    the heap (:mod:`ui.warm`)."""
    key = (hash(data), name, year, period)
    with _REPORTS_LOCK:
        hit = _REPORTS.get(key)
        if hit is not None:
            return hit
        result = parse_history(data, "history.csv")  # stored as CSV, whatever was uploaded
        if not result.ok or result.table is None:
            raise ValueError(joined("histfile_list_sep", result.problems))
        report = build_report(result.table, year, period)
        if len(_REPORTS) >= _REPORTS_MAX:
            _REPORTS.pop(next(iter(_REPORTS)))
        _REPORTS[key] = report
    warm.freeze(f"report:{name}:{key[0]}")
    return report


def default_report(year: int, period: str = "H1") -> BaselineReport:
    """The baseline report of the default history file (what the warm-up fits)."""
    return _report_cached(_default_history_bytes(), DEFAULT_HISTORY_PATH.name, year, period)


@functools.cache
def _default_history_bytes() -> bytes:
    return DEFAULT_HISTORY_PATH.read_bytes()


def stored_history(hist_id: str) -> tuple[bytes, str] | None:
    """The stored history file ``hist_id``: its canonical CSV bytes and the name it was
    uploaded under (None if unknown)."""
    if not is_data_id(hist_id):
        return None

    def make() -> tuple[bytes, str] | None:
        store = db.get_store(quiet=True)
        row = None if store is None else _safe(lambda: store.get_data("hist", hist_id))
        if row is None:
            return None
        return row.content.encode("utf-8"), row.filename or f"{hist_id}.csv"  # type: ignore[union-attr]

    got = _memo("hist", hist_id, "", make)
    return got if isinstance(got, tuple) else None


def store_history(table: pd.DataFrame, filename: str) -> str:
    """Store a validated history table (by the hash of its canonical text) and make it the
    scenario's ``hist``; returns its id. :class:`StoreError` when the store is unreachable."""
    text = canonical_history(table)
    hist_id = history_id(text)
    store = db.get_store(quiet=True)
    if store is None:
        raise StoreError(t(lang(), "data_store_unavailable", error=masked(database_url())))
    from ui import auth

    store.put_data(
        "hist",
        hist_id,
        text,
        actor=auth.actor(),
        label=filename[:120],
        filename=filename[:200],
    )
    set_scenario(get_dataset(), replace(scenario(), hist_id=hist_id))
    return hist_id


def history_in_use() -> tuple[bytes, str, bool]:
    """The history file in use: (bytes, name, uploaded?) — the stored file the scenario's
    ``hist`` names, else the default file (read once per process)."""
    sc = st.session_state.get(SCENARIO)
    hist_id = sc.hist_id if isinstance(sc, Scenario) else None
    if hist_id is not None:
        got = stored_history(hist_id)
        if got is not None:
            return got[0], got[1], True
    return _default_history_bytes(), DEFAULT_HISTORY_PATH.name, False


def get_report(ds: Dataset) -> BaselineReport | None:
    """The statistical baseline for the data year, or None (with an error) if it cannot be fit."""
    data, name, _ = history_in_use()
    try:
        return _report_cached(data, name, ds.year, ds.period_code)
    except (OSError, ValueError) as exc:
        st.error(t(_lang_guess(), "baseline_error", error=md_escape(str(exc), limit=300)))
        return None


def get_baselines(ds: Dataset) -> dict | None:
    """The per-indicator baselines (None when unavailable)."""
    report = get_report(ds)
    return None if report is None else report.baselines


def scenario_views(ds: Dataset, sc: Scenario | None = None, *, with_baseline: bool = True) -> Views:
    """The views of every indicator (:func:`model.view.views_of`) of ``sc`` (default: the
    session's scenario) on ``ds``: made once per dataset, scenario and baselines and kept in
    the session (one entry with the baselines, one without), so the table, the panel, its
    detail and the inputs' callbacks of a run read the same figures and project each
    indicator once.

    The baselines change the figures only under preset ``model`` (its H2 assumption); other
    scenarios fit them only when ``with_baseline`` asks for P(reach) and the intervals, so
    the overview's first paint does not import statsmodels."""
    sc = scenario() if sc is None else sc
    baselines = get_baselines(ds) if (with_baseline or sc.preset == MODEL_PRESET) else None
    kept: dict[bool, tuple[Dataset, Scenario, object, Views]] = st.session_state.setdefault(
        VIEWS, {}
    )
    hit = kept.get(baselines is not None)
    if hit is not None and hit[0] is ds and hit[2] is baselines and hit[1] == sc:
        return hit[3]
    views = views_of(ds, sc, baselines)
    kept[baselines is not None] = (ds, sc, baselines, views)
    return views


def indicator_view(ds: Dataset, indicator_id: str, sc: Scenario | None = None) -> IndicatorView:
    """The view of one indicator under ``sc`` (default: the session's scenario), with its
    baseline (P(reach), intervals): what its panel shows (:func:`scenario_views`)."""
    return scenario_views(ds, sc).view(indicator_id)


def current_projection(ds: Dataset, *, with_baseline: bool = False) -> ProjectionResults:
    """The one projection of the session's scenario that every page shows (the same figures
    as the command line's: :func:`model.projection.project` with the statistical baselines),
    read from the run's views (:func:`scenario_views`)."""
    return scenario_views(ds, with_baseline=with_baseline)


def current_scenario_name(ds: Dataset) -> str:
    """The scenario's name as the sidebar and the briefing give it."""
    sc = scenario()
    return scenario_name(ds, sc, sc.lang)


def _lang_guess() -> str:
    sc = st.session_state.get(SCENARIO)
    if isinstance(sc, Scenario):
        return sc.lang
    asked = st.query_params.get("lang")
    return asked if asked in LANGS else LANGS[0]  # anything else: the first, Chinese


def url_pairs() -> list[tuple[str, str]]:
    """The current URL's query parameters as (key, value) pairs, repeats kept."""
    qp = st.query_params
    return [(k, v) for k in qp for v in qp.get_all(k)]


def _capture_focus() -> None:
    """A ``focus=`` in the URL (a link just opened, or one this page wrote) is an explicit
    choice for the page being opened."""
    got = st.query_params.get_all(FOCUS_KEY)
    if got:
        chosen = st.session_state.get(FOCUS)
        if chosen is None or chosen[1] != got[-1]:
            st.session_state[FOCUS] = (None, got[-1][:80])


def set_page(path: str) -> None:
    """Record the page of this run (before :func:`sync_url`): an explicit focus belongs to the
    topic page it was made on and is dropped on any other page."""
    st.session_state[PAGE] = path
    chosen = st.session_state.get(FOCUS)
    if chosen is not None:
        if path not in TOPICS or chosen[0] not in (None, path):
            del st.session_state[FOCUS]
        elif chosen[0] is None:
            st.session_state[FOCUS] = (path, chosen[1])
    shown = st.session_state.get(FOCUS_SHOWN)
    if shown is not None and shown[0] != path:
        del st.session_state[FOCUS_SHOWN]


def chosen_focus(page: str) -> str | None:
    """The indicator explicitly chosen on topic page ``page`` (None: the default applies)."""
    chosen = st.session_state.get(FOCUS)
    return chosen[1] if chosen is not None and chosen[0] in (None, page) else None


def choose_focus(ds: Dataset, page: str, iid: str | None) -> None:
    """Make ``iid`` the explicit focus of ``page`` (None: back to the default) and write it
    to the URL."""
    if iid is None:
        st.session_state.pop(FOCUS, None)
    else:
        st.session_state[FOCUS] = (page, iid)
    sync_url(ds)


def focus_pairs() -> list[tuple[str, str]]:
    """``[("focus", id)]`` while an explicit focus belongs to the page in use, else ``[]``."""
    chosen = st.session_state.get(FOCUS)
    if chosen is None or chosen[0] not in (None, st.session_state.get(PAGE)):
        return []
    return [(FOCUS_KEY, chosen[1])]


def topic_of(ds: Dataset, iid: str) -> str | None:
    """The topic page (url path) that shows indicator ``iid``."""
    group = ds.get(iid).group
    return next((page for page, groups in TOPICS.items() if group in groups), None)


def topic_href(ds: Dataset, iid: str) -> str | None:
    """The relative address of ``iid``'s topic page focused on it, with the current scenario
    (``investment?fai=30&focus=fai``); None when no topic page shows it."""
    page = topic_of(ds, iid)
    if page is None:
        return None
    return f"{page}?{urlencode([*to_query_pairs(scenario(), ds), (FOCUS_KEY, iid)])}"


def _url_scenario(ds: Dataset) -> tuple[Scenario, list[ScenarioIssue]]:
    """The scenario the URL describes, and what it refused."""
    scenario, issues = parse_scenario(url_pairs(), ds)
    if scenario.hist_id is not None and stored_history(scenario.hist_id) is None:
        issues.append(
            ScenarioIssue(HIST_KEY, "unknown_hist", f"hist: '{scenario.hist_id}' not stored")
        )
        scenario = replace(scenario, hist_id=None)
    return scenario, issues


def history_navigation() -> bool:
    """Whether this run is the browser's Back or Forward (a popstate: Streamlit reruns with
    the address the browser went back to)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def init_state(ds: Dataset) -> Scenario:
    """Parse the URL into the session's scenario on its first run, and again when the browser
    went Back or Forward to an address of another scenario (every change of the scenario
    writes a new address: Back returns to the scenario before it); return the scenario."""
    _capture_focus()
    if SCENARIO not in st.session_state:
        scenario, issues = _url_scenario(ds)
        st.session_state[SCENARIO] = scenario
        st.session_state[URL_ISSUES] = issues
        sync_url(ds)
    elif history_navigation() and url_pairs() != [
        *to_query_pairs(st.session_state[SCENARIO], ds),
        *focus_pairs(),
    ]:
        st.session_state[SCENARIO] = _url_scenario(ds)[0]  # an address this app wrote
        st.session_state[URL_ISSUES] = []
        sync_url(ds)
    return st.session_state[SCENARIO]


def scenario() -> Scenario:
    """The session's scenario (call :func:`init_state` first)."""
    return st.session_state[SCENARIO]


def lang() -> str:
    """The session's UI language."""
    return scenario().lang


def voice(lang: str | None = None) -> Voice:
    """The run's voice: the link's language (``lang`` when given: the language a caller
    holds) and the months elapsed of the session's data (:func:`get_dataset` fixes it each
    run; the mid-year meeting's before). Its words follow the data's period (上半年 → 前三季度)."""
    held = st.session_state.get(DATA_HELD)
    months = held.months_elapsed if isinstance(held, Dataset) else DEFAULT_MONTHS
    if lang is None:
        lang = scenario().lang if SCENARIO in st.session_state else "zh"
    return voice_of(lang).at(months)


def t(lang: str, key: str, /, **kwargs: object) -> str:
    """The label ``key`` in ``lang``, said by the run's voice (:func:`voice`): in the words of
    the session's data period. The pages and panels say their labels through this."""
    return voice(lang).t(key, **kwargs)


def param_list(lang: str, params: tuple[str, ...] | list[str]) -> str:
    """The names of assumption parameters as a list, said by the run's voice."""
    return i18n.param_list(voice(lang), params)


def set_scenario(ds: Dataset, new: Scenario) -> None:
    """Replace the scenario, clear old link warnings and mirror it into the URL."""
    st.session_state[SCENARIO] = new
    st.session_state[URL_ISSUES] = []
    sync_url(ds)


def sync_url(ds: Dataset) -> None:
    """Write every non-default input of the scenario to the URL (no-op when it already is)."""
    pairs = [*to_query_pairs(scenario(), ds), *focus_pairs()]
    if url_pairs() != pairs:
        grouped: dict[str, list[str]] = {}
        for k, v in pairs:
            grouped.setdefault(k, []).append(v)
        st.query_params.from_dict({k: vs if len(vs) > 1 else vs[0] for k, vs in grouped.items()})


def share_query(ds: Dataset) -> str:
    """The query string of the current scenario ("fiscal_revenue=7&v=…"), with the page's
    explicit focus."""
    return urlencode([*to_query_pairs(scenario(), ds), *focus_pairs()])


#: Environment variable with the app's public address, used for share links and QR codes.
PUBLIC_URL_ENV = "PUBLIC_URL"


def public_url() -> str | None:
    """The public address from ``PUBLIC_URL`` (e.g. ``https://whatif.example.gov.cn/liudong/``),
    or None when unset or not an http(s) address."""
    raw = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return raw


def _page_path(browser_url: str | None) -> str:
    """The page's path below the app's root ("investment", or "" for the overview)."""
    if not browser_url:
        return ""
    return urlsplit(browser_url).path.rsplit("/", 1)[-1]


def is_loopback(url: str | None) -> bool:
    """Whether ``url`` points at this machine only (localhost, 127.0.0.0/8, ::1)."""
    if not url:
        return False
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def browser_url() -> str | None:
    """The address the browser shows (None outside a browser, e.g. in tests)."""
    try:
        return st.context.url
    except Exception:  # noqa: BLE001 - no browser context (tests)
        return None


def share_url(ds: Dataset) -> str:
    """The full link of the current page with the scenario: on ``PUBLIC_URL`` when it is set
    (the page's path appended), else on the browser's own address (relative when unknown)."""
    here = browser_url()
    public = public_url()
    if public is not None:
        base = public.rstrip("/") + "/" + _page_path(here)
        base = base.rstrip("/") + "/" if not _page_path(here) else base
        return f"{base}?{share_query(ds)}"
    base = here.split("?", 1)[0] if here else ""
    return f"{base}?{share_query(ds)}"


def share_url_on(other: Dataset) -> str:
    """The link of the current page and scenario opened on ``other`` (its ``data=``)."""
    sc = replace(scenario(), data_id=other.data_id)
    query = urlencode([*to_query_pairs(sc, other), *focus_pairs()])
    return share_url(other).split("?", 1)[0] + "?" + query


def default_data_id() -> str:
    """The id new sessions open on: the stored default, else the shipped data's."""
    store = db.get_store(quiet=True)
    default = None if store is None else _safe(lambda: store.default_data("data"))
    return default.id if default is not None else shipped_dataset().data_id  # type: ignore[attr-defined]


def newest_of_year(ds: Dataset) -> Dataset | None:
    """The newest data of ``ds``'s year when it is not ``ds``: the most months elapsed, then
    the most recently stored (the shipped data before any stored one; a year-end ``FY``
    table, or one of 12 months, is never the newest). None when ``ds`` is the newest."""
    known = st.session_state.setdefault(NEWEST_OF, {})  # asked once per session and data
    if ds.data_id not in known:
        store = db.get_store(quiet=True)
        rows = None if store is None else _safe(lambda: store.list_data("data"))
        if rows is None:  # the store cannot say now: no claim, asked again next run
            return None
        known[ds.data_id] = _newest_id(ds, rows)
    newest = known[ds.data_id]
    return None if newest is None or newest == ds.data_id else stored_dataset(newest)


def _newest_id(ds: Dataset, rows: list) -> str | None:
    """The id of the newest data of ``ds``'s year among the shipped data and the stored
    ``rows`` (:func:`newest_of_year`); None if none."""
    from model.period import months_of

    shipped = shipped_dataset()
    found: list[tuple[tuple, str]] = []  # ((months, stored, when stored, order), id)
    if shipped.year == ds.year:
        found.append(((shipped.months_elapsed, 0), shipped.data_id))
    for order, row in enumerate(reversed(rows)):  # type: ignore[call-overload]
        months = months_of(row.period or "")
        if row.year == ds.year and months is not None and months < 12:
            found.append(((months, 1, row.created_at, order), row.id))
    return max(found, key=lambda f: f[0])[1] if found else None


def issue_reason(lang: str, issue: ScenarioIssue, ds: Dataset | None = None) -> str:
    """The translated reason of a rejected link value; an accepted value that is an indicator
    id of ``ds`` (a topic page's focus) is given with its name, so that a reader mending the
    link sees which is which."""
    if issue.code == "out_of_range":
        return t(lang, "reason_out_of_range", low=f"{issue.low:g}", high=f"{issue.high:g}")
    if issue.code == "bad_choice":
        by_id = ds.by_id if ds is not None else {}
        choices = [
            c
            if c not in by_id
            else t(lang, "choice_named", id=c, name=bilingual.name(by_id[c], lang))
            for c in issue.choices
        ]
        return t(lang, "reason_bad_choice", choices=", ".join(choices))
    if issue.code == "too_long":
        return t(lang, "reason_too_long", limit=f"{issue.high:g}")
    return t(lang, f"reason_{issue.code}")


#: The longest reason a link's warning gives: our own words and the accepted values (a topic
#: page's focus lists every id with its name), never the link's text.
REASON_LIMIT = 600

#: The most unknown link keys named in their one warning (the rest are counted).
UNKNOWN_KEYS_SHOWN = 5


def show_url_issues(ds: Dataset) -> None:
    """Warn about every rejected link value (naming the parameter) until the user acts: one
    warning per parameter and reason, and the unknown parameters, when more than one, in
    one warning with their count (the first few named)."""
    lg = lang()
    issues = st.session_state.get(URL_ISSUES, [])
    unknown = list(dict.fromkeys(i.key for i in issues if i.code == "unknown_key"))
    if len(unknown) > 1:
        sep = t(lg, "list_separator")
        keys = sep.join(md_escape(k, limit=20) for k in unknown[:UNKNOWN_KEYS_SHOWN])
        if len(unknown) > UNKNOWN_KEYS_SHOWN:
            keys += "…"
        st.warning(t(lg, "url_unknown_keys", n=len(unknown), keys=keys))
        issues = [i for i in issues if i.code != "unknown_key"]
    said: set[tuple[str, str]] = set()
    for issue in issues:
        if (issue.key, issue.code) in said:  # e.g. a fifth and a sixth s= past the cap
            continue
        said.add((issue.key, issue.code))
        if issue.code == "vintage_mismatch":
            old = md_escape(scenario().vintage or "", limit=20)
            st.warning(t(lg, "url_vintage", old=old, new=ds.vintage))
        else:
            key = md_escape(issue.key, limit=40)
            st.warning(
                t(
                    lg,
                    "url_warning",
                    key=key,
                    reason=md_escape(issue_reason(lg, issue, ds), limit=REASON_LIMIT),
                )
            )


def seed_widget(key: str, value: object) -> None:
    """Put ``value`` into a widget's state before the widget is drawn (the scenario rules)."""
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def offered(value: object, options: Iterable[object]) -> bool:
    """Whether a choice widget's value (one option, or a list of them) is made of its
    ``options``. After a language switch renamed a radio's, select box's or multiselect's
    options, Streamlit keeps as its value the old label it cannot match to an option, and
    calls its callback: such a value is no one's choice (the next draw seeds the scenario's)."""
    allowed = list(options)
    values = value if isinstance(value, list | tuple) else [value]
    return all(v in allowed for v in values)


def on_change(ds: Dataset, update: Callable[[Scenario], Scenario]) -> Callable[[], None]:
    """A widget callback that applies ``update`` to the scenario and syncs the URL."""

    def _cb() -> None:
        set_scenario(ds, update(scenario()))

    return _cb


def warm_up() -> None:
    """The warm-up (:mod:`ui.warm`): load the data, fit the baseline on the default history
    and build every chart spec, then freeze the heap."""
    from ui import charts

    ds = load_dataset()
    default_report(ds.year, ds.period_code)  # first: every topic page waits for it
    for lang, kind, unit in charts.spec_keys(ds):
        charts.spec_built(kind, lang, unit, ds.months_elapsed)
    warm.freeze("warm-up")


warm.start(warm_up)  # first import of the app's modules: fit and build in the background
