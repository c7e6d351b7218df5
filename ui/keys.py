"""Every widget and session-state key of the app, in one place: a page or a ui/ module names
its keys from here, never as a literal of its own. The values are the keys the screens have
always had (tests and links of the browser tests find widgets by them): change none.
"""

from __future__ import annotations

# --- the session: scenario, data, focus (ui.state) ---------------------------------------------
SCENARIO = "scenario"
URL_ISSUES = "url_issues"
LANG_WIDGET = "ui_lang"
PRESET_WIDGET = "ui_preset"
MEETING_WIDGET = "ui_meeting"
DATA_IN_USE = "data_in_use"  # the id of the session's dataset
DATA_HELD = "data_in_use_held"  # that dataset itself: the session keeps it if the DB goes away
NEWEST_OF = "newest_of_year"  # data id → the newest data id of its year (asked once a session)
# Focus: the indicator a topic page shows in its panel (master–detail). Only an explicit
# choice is kept and written to the URL, and only on the page it was made on.
FOCUS = "focus_chosen"  # (page path, or None until the page is known; indicator id)
FOCUS_SHOWN = "focus_shown"  # (page path, indicator id): the default a page opened on
PAGE = "page_in_use"  # the url path of the page of this run
VIEWS = "views_in_use"  # the views of the session's scenario (ui.state.scenario_views)

# --- the sidebar (ui.sidebar) ------------------------------------------------------------------
SHARE_BUTTON = "ui_share"
# a preset switch that kept the leader's changes: (scenario before, scenario after) for 撤销
PRESET_UNDO = "preset_undo"
PRESET_TAKE_BUTTON = "ui_preset_take"
PRESET_UNDO_BUTTON = "ui_preset_undo"
RESET_ALL_BUTTON = "ui_reset_all"
MEETING_EXIT = "ui_meeting_exit"
MEETING_PRESET = "ui_meeting_preset"  # the preset switch of the meeting bar
PRESET_KEPT = (
    "preset_kept"  # the box of what a preset switch kept (its caption shown in meeting mode)
)
AS_OF = "as_of"  # the 数据截至 line's box (kept in meeting mode)
TOPIC_BODY = "topic_body"  # a topic page's table, focus selector and panel (phone order)

# --- sign-in (ui.auth) -------------------------------------------------------------------------
AUTH_SIGNED_IN = "auth_actor"  # the Actor of a local sign-in (read from its session)
AUTH_OIDC_ACTOR = "auth_oidc_actor"  # (email, Actor) of an OIDC sign-in, looked up once
AUTH_COOKIE = "auth_cookie"  # the sign-in cookie the browser sent when the session connected
AUTH_CHECKED = "auth_checked_at"  # when the store last confirmed that sign-in (monotonic s)
AUTH_PANEL = "auth_panel_open"
AUTH_ERROR = "auth_error"
AUTH_HAS_EDITOR = "auth_has_editor"
AUTH_LOGOUT = "auth_logout"


def auth_login(provider: str) -> str:
    return f"auth_login_{provider}"


# --- saved scenarios (ui.saved) ----------------------------------------------------------------
STORE_NAME = "store_name"
STORE_NOTE = "store_note"
STORE_REPLACE = "store_replace"
STORE_CONFIRM = "store_confirm_delete"  # the name awaiting confirmation
STORE_NOTICE = "store_notice"  # (kind, text) shown once after an action
STORE_PANEL = "store_panel_open"  # the sidebar panel's expander (lazy: drawn only while open)
STORE_SAVE = "store_save"
STORE_VERSION_PICK = "store_versions_of"
STORE_VERSION_NUMBER = "store_version_number"
STORE_VERSION_FOR = "store_version_for"  # the scenario the version picker was set for
STORE_REVERT = "store_revert"
STORE_SEARCH = "store_search"
STORE_PAGE = "store_page"  # the page of the saved-scenario list (0 = first)
STORE_PREV = "store_prev"
STORE_NEXT = "store_next"
STORE_VERSIONS_ALL = "store_versions_all"  # the whole history's expander


def store_row(action: str, i: int) -> str:
    """A button or input of the ``i``-th saved scenario in the list (``open``, ``del``,
    ``del_ok``, ``new``, ``ren``, ``restore``)."""
    return f"store_{action}_{i}"


def download(key: str, kind: str) -> str:
    """A download button of a page's row of exports (``kind``: csv, xlsx, docx)."""
    return f"{key}_{kind}"


# --- an indicator's panel (ui.panel, ui.inputs, ui.detail) ------------------------------------
def h2_key(iid: str) -> str:
    return f"h2.{iid}"


def number_key(iid: str) -> str:
    return f"num.{iid}"


# The live part's hidden run mark (ui.inputs.sync_inputs): each run of the slider and its box
# writes its number into a hidden number box, so that a value the browser sends back says which
# run's values the browser held (a value the server gave it is never taken for a new input).
LIVE_SYNC = "live_sync"
LIVE_RUN = "live_run"  # the number of the live part's last run in this session
LIVE_GIVEN = "live_given"  # run number → what that run gave the browser's slider and box


def snap_key(iid: str) -> str:
    return f"snap.{iid}"


def reset_key(iid: str) -> str:
    return f"reset.{iid}"


def assumption_key(iid: str, param: str) -> str:
    return f"as.{iid}.{param}"


def driver_key(iid: str, part: str) -> str:
    return f"drv.{iid}.{part}"


def more_key(iid: str) -> str:
    """The open state of a panel's more-charts expander (curve and fan, drawn on demand)."""
    return f"more.{iid}"


def path_key(iid: str) -> str:
    """The open state of a panel's month-by-month path expander (drawn on demand)."""
    return f"path.{iid}"


def assumptions_open_key(iid: str) -> str:
    """The open state of a panel's assumptions expander (its inputs drawn on demand)."""
    return f"asopen.{iid}"


def sens_key(iid: str) -> str:
    """The open state of a panel's share sensitivity chart (drawn on demand)."""
    return f"sens.{iid}"


def driver_mode_key(iid: str) -> str:
    return f"drvmode.{iid}"


def wide_key(key: str) -> str:
    """Set once a slider's value was seen outside its natural range (ui.inputs.stable_range)."""
    return f"wide.{key}"


def panel_box(iid: str) -> str:
    return f"panel_{iid}"


def h2_row(iid: str) -> str:
    """The row of a panel's slider and number box (one line; on a phone the slider gets its own)."""
    return f"h2row_{iid}"


def detail_box(iid: str) -> str:
    return f"detail_{iid}"


# --- topic pages (ui.panels) -------------------------------------------------------------------
def focus_key(page: str) -> str:
    """The key of a topic page's focus selector."""
    return f"focus.{page}"


def drawn_key(page: str) -> str:
    """The indicator whose detail the page's last full run drew below the fragment."""
    return f"focus_drawn.{page}"


# --- overview ----------------------------------------------------------------------------------
BRIEFING = "briefing"
BRIEFING_COPY = "briefing_copy"
OVERVIEW_CHART = "overview_chart"
OVERVIEW_DOWNLOADS = "overview_dl"

# --- compare -----------------------------------------------------------------------------------
COMPARE_PICK = "compare_pick"
COMPARE_ADD_CURRENT = "compare_add_current"
COMPARE_CARDS = "compare_cards"  # the phone's cards (ui/style.py shows them below 640 px)
COMPARE_DOWNLOADS = "compare_dl"

# --- method: the history upload ------------------------------------------------------------------
HISTORY_UPLOAD = "history_upload"
HISTORY_SEEN = "history_upload_seen"
HISTORY_ERRORS = "history_upload_errors"
HISTORY_CHECKED_ONLY = "history_upload_checked_only"  # a viewer's valid upload: not stored
HISTORY_RESET = "history_reset"

# --- data page -----------------------------------------------------------------------------------
DATA_UPLOAD = "data_upload"
DATA_SEEN = "data_upload_seen"
DATA_PENDING = "data_pending"  # (canonical text, file name, its dataset as stored) of an upload
DATA_ERRORS = "data_upload_errors"
DATA_STALE = "data_upload_stale"  # warnings: another year's table with the prior-year figures
DATA_LABEL = "data_label"
DATA_PICK = "data_pick"
DATA_NOTICE = "data_notice"
DATA_WARNINGS = "data_upload_warnings"  # plausibility warnings of the pending upload
DATA_CONFIRM = "data_confirm"  # the clerk has read them and applies anyway
DATA_APPLY = "data_apply"
DATA_USE = "data_use"
DATA_DEFAULT = "data_default"
DATA_DELETE = "data_delete"
DATA_DL_CSV = "data_dl_csv"
DATA_DL_XLSX = "data_dl_xlsx"
DATA_DL_BLANK = "data_dl_blank"
DATA_DL_BLANK_XLSX = "data_dl_blank_xlsx"
DATA_TPL_YEAR = "data_tpl_year"  # the year of the template to download
DATA_TPL_MONTHS = "data_tpl_months"  # a later period of the data's year
DATA_DL_YEAR_CSV = "data_dl_year_csv"
DATA_DL_YEAR_XLSX = "data_dl_year_xlsx"
DATA_DL_NEXT_XLSX = "data_dl_next_xlsx"
DATA_DL_MONTHS_XLSX = "data_dl_months_xlsx"

# --- sources, audit ------------------------------------------------------------------------------
SOURCES_FULLTEXT = "sources_fulltext"
AUDIT_TABLE = "audit_table"
# --- the year-end review ---------------------------------------------------------------------------
REVIEW_YEAR = "review_year"
REVIEW_DOWNLOAD = "review_dl"
