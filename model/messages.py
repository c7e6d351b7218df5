"""Messages for people: an error or warning as a key and its parameters, not a sentence.

A model or store error raises :class:`Problem` (a ``ValueError``): its ``str()`` is the
command line's one-line English message (:data:`EN`), and the app renders the same key in the
UI language through its dictionary (``msg_<key>`` in both languages; a test walks every
``Problem("…")`` raise site and this catalogue). A list of problems (a filled template) is a
list of :class:`Problem`.
"""

from __future__ import annotations

from typing import Any

#: The command line's English form of every message key (``{name}`` = a parameter).
EN: dict[str, str] = {
    # a message that has no key yet (shown as it is, in every language)
    "raw": "{error}",
    # reading a file
    "file_xlsx": "file: not a readable XLSX file ({error})",
    "file_encoding": "file: unknown text encoding (use UTF-8, UTF-8 with BOM or GBK)",
    "file_empty": "file: empty",
    "file_columns": "row {row}: missing columns: {columns}",
    "file_no_rows": "file: the table has a header but no rows",
    "file_separator": "file: the columns are separated by {sep}, not by commas",
    "file_column_twice": "row {row}: the column {col} is given more than once ({headers})",
    # an upload over a cap of what it expands to (model.limits)
    "upload_part": (
        "file: the XLSX part {part} is too large unpacked ({mb} MB, at most {cap} MB per part)"
    ),
    "upload_string_long": (
        "file: shared string {n} of the XLSX file holds more than {cap} characters (Excel's "
        "limit for a cell)"
    ),
    "upload_cell_long": "row {row}, column {col}: the cell holds {length} characters, at most {cap}",
    "upload_line_long": "row {row}: a cell holds more than {cap} characters",
    "upload_text_total": (
        "file: the cells' text adds up to more than {cap} characters (reached at row {row}; "
        "a long text repeated in many cells?)"
    ),
    # a filled template, cell by cell
    "tpl_unknown_id": "row {row}, column {header}: unknown id '{value}'",
    "tpl_repeated_id": "row {row}, column {header}: '{value}' given again (first in row {first})",
    "tpl_not_number": "row {row}, column {header}: '{value}' is not a number",
    "tpl_months": "row {row}, column {header}: must be a whole number from 1 to 11",
    "tpl_period": (
        "row {row}, column {header}: '{value}' does not match {months} months elapsed ({code})"
    ),
    "tpl_share": "row {row}, column {header}: {value} must be between 0 and 100",
    "tpl_growth": "row {row}, column {header}: {value} must be above -100",
    "tpl_negative": "row {row}, column {header}: {value} must not be negative",
    "tpl_unit": "row {row}, column {header}: '{value}' is not the template's unit {unit}",
    "tpl_growth_high": "row {row}, column {header}: {value} is above {limit}%",
    "tpl_level_high": "row {row}, column {header}: {value} is above {limit}",
    "tpl_stale_prior": (
        "row {row}, column {col}: {value} is the {was_year} data's figure ({was}), not one for "
        "{year}; clear it or enter {year}'s"
    ),
    "tpl_zero": "row {row}, column {header}: must be above 0",
    "tpl_implied_share": (
        "row {row}, column {header}: with the year-to-date figures it implies a prior-year "
        "share of {share}%, which must be below 100%"
    ),
    "tpl_kind": "row {row}, column {header}: '{value}' is not one of {choices}",
    "tpl_months_disagree": "column {header}: the rows disagree ({values})",
    "tpl_year": "row {row}, column {header}: '{value}' must be a whole number from {low} to {high}",
    "tpl_years_disagree": "column {header}: the rows disagree ({values})",
    # names of saved scenarios and other short texts
    "name_empty": "name: must not be empty",
    "name_long": "name: at most {limit} characters, got {length}",
    "name_control": "name: must not contain control characters",
    "name_chars": "name: must not contain '=' or '&'",
    "name_taken": "name: '{name}' is already saved (use replace)",
    "name_taken_rename": "name: '{name}' is already saved",
    "name_unknown": "name: no saved scenario '{name}'",
    "name_not_deleted": "name: no deleted scenario '{name}'",
    "text_long": "{what}: at most {limit} characters, got {length}",
    "text_control": "{what}: must not contain control characters",
    "data_unknown": "{kind}: no stored {kind} '{id}'",
    # the database (StoreError's text; the password masked)
    "store_url": "database URL {url} is not valid",
    "store_driver": "database {url}: driver missing ({driver})",
    "store_unreachable": "database {url} cannot be reached: {error}",
    "store_unusable": "database {url} cannot be used: {error}",
    # plausibility warnings of a filled template (warnings: the table may still be applied)
    "warn_same_as_shorter": (
        "{id} {name_en}: the {period} figure {value} equals the stored {shorter} figure"
    ),
    "warn_share_band": (
        "{id} {name_en}: prior-year share {value}% is outside the usual {low}–{high}% for {period}"
    ),
    "warn_progress": (
        "{id} {name_en}: the {period} figure {value} is {progress}% of the target {target}, "
        "far from the {elapsed}% of the year elapsed"
    ),
    "warn_quote": (
        "{id} {name_en}: the source quote does not contain the value {value} (its numbers: "
        "{numbers})"
    ),
    # fitting the statistical baseline (the method page lists the series it cannot fit)
    "fit_no_period": (
        "period {code}: the published history has year-to-date rows for Q1, H1 and Q3 only, "
        "so no statistical baseline can be fit for this month-end"
    ),
    "fit_no_share": (
        "{series}: no year has both {article} {ytd} and a full-year level ({levels} value), so "
        "the {ytd} share of the year cannot be derived"
    ),
    "fit_short": (
        "{series}: {n} years before {year} have both {ytd} and full-year growth and an earlier "
        "{ytd} share ({both} with growth in all); at least 3 are needed (rows with period FY)"
    ),
    "warn_dropped": "{n} indicators lose their year-to-date figures: {names_en}",
    # --- new keys: h29store ---
    "store_busy": (
        "database {url}: another edit of the same scenario or data was in the way twice;"
        " nothing was changed, try again"
    ),
    # --- new keys: h29signin ---
    "signin_refused": (
        "sign-in: wrong name or password (after {free} failed attempts from one address, "
        "sign-in there waits up to {minutes} minutes)"
    ),
    "password_length": "users: the password needs {low} to {high} characters, got {length}",
    "password_blank": "users: the password must not be only spaces",
    "user_unknown": "users: no account '{name}'",
}


class Problem(ValueError):
    """An error (or a warning) as a message key and its parameters; ``str()`` is English."""

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(render_en(key, params))


def render_en(key: str, params: dict[str, Any]) -> str:
    """The English one-line form of ``key`` with ``params`` (the command line's message)."""
    return EN[key].format(**params)


class Text(str):
    """A message as its English text (a ``str`` wherever one is expected) that also carries
    its key and parameters, for the app to render in the UI language."""

    key: str
    params: dict[str, Any]


def text(key: str, /, **params: Any) -> Text:
    """The message ``key`` as a :class:`Text`."""
    out = Text(render_en(key, params))
    out.key = key
    out.params = params
    return out
