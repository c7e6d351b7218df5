"""The data page's upper half (数据更新): the data in use, the template to download (filled with
it, or blank), the upload of a filled template with every problem at once, what changes
figure by figure, and Apply (editors). Nothing changes until a valid file is applied."""

from __future__ import annotations

import streamlit as st

from model import plausibility
from model.data import Dataset, is_year_end
from model.table import YEAR_RANGE
from model.template import (
    TemplateError,
    canonical,
    carried_prior,
    dataset_from_table,
    from_canonical,
    read_table,
    stale_prior_figures,
)
from report.access_text import tr
from report.i18n import message
from report.period_words import as_of
from report.template_writer import write_template
from store import Store, StoreError
from store.years import year_end_prior
from ui import auth, datapage, upload
from ui.keys import (
    DATA_APPLY,
    DATA_CONFIRM,
    DATA_DL_BLANK,
    DATA_DL_BLANK_XLSX,
    DATA_DL_CSV,
    DATA_DL_MONTHS_XLSX,
    DATA_DL_NEXT_XLSX,
    DATA_DL_XLSX,
    DATA_DL_YEAR_CSV,
    DATA_DL_YEAR_XLSX,
    DATA_ERRORS,
    DATA_LABEL,
    DATA_NOTICE,
    DATA_PENDING,
    DATA_SEEN,
    DATA_STALE,
    DATA_TPL_MONTHS,
    DATA_TPL_YEAR,
    DATA_UPLOAD,
    DATA_WARNINGS,
)
from ui.safe import md_escape
from ui.state import t, use_dataset

SLOT = upload.Slot(DATA_UPLOAD, DATA_SEEN, DATA_ERRORS)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def notice() -> None:
    """The outcome of the last action (apply, switch, default, delete), shown once."""
    said = st.session_state.pop(DATA_NOTICE, None)
    if said:
        getattr(st, said[0])(said[1])


def say(kind: str, text: str) -> None:
    """Keep an action's outcome for :func:`notice` on the next run."""
    st.session_state[DATA_NOTICE] = (kind, text)


def in_use(ds: Dataset, labels: dict[str, str], lang: str) -> None:
    """Which data the session uses: its period, months, elapsed share, id and label."""
    st.info(
        t(
            lang,
            "data_in_use",
            period=as_of(ds.year, ds.months_elapsed, lang),
            months=ds.months_elapsed,
            elapsed=f"{ds.elapsed_share * 100:.1f}%",
            id=ds.data_id,
            label=md_escape(labels.get(ds.data_id, ds.data_id), limit=120),
        )
    )


def downloads(ds: Dataset, lang: str) -> None:
    """The template filled with the data in use, and blank, headed in the UI language: one
    wrapping row, each button as wide as its label (four equal columns cut the labels)."""
    buttons = st.container(horizontal=True, gap="small")
    stem = f"liudong_{ds.year}{ds.period_code}_{ds.data_id}"
    buttons.download_button(
        t(lang, "data_download"),
        data=write_template(ds, "csv", with_actuals=True, lang=lang),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=DATA_DL_CSV,
    )
    buttons.download_button(
        t(lang, "data_download_xlsx"),
        data=lambda: write_template(ds, "xlsx", with_actuals=True, lang=lang),
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key=DATA_DL_XLSX,
    )
    buttons.download_button(
        t(lang, "data_download_blank"),
        data=write_template(ds, "csv", lang=lang),
        file_name=f"liudong_{ds.year}_template.csv",
        mime="text/csv",
        key=DATA_DL_BLANK,
    )
    buttons.download_button(
        t(lang, "data_download_blank_xlsx"),
        data=lambda: write_template(ds, "xlsx", lang=lang),
        file_name=f"liudong_{ds.year}_template.xlsx",
        mime=XLSX_MIME,
        key=DATA_DL_BLANK_XLSX,
    )


def other_templates(ds: Dataset, store: Store | None, lang: str) -> None:
    """Templates of any year: a year box (the data's year by default, the next one offered)
    with the blank template of that year (what ``template --year Y --blank`` writes), the
    next year's template with its prior-year columns from this year's stored year-end table
    (when one is stored), and a later period of the data's year (``--months M``)."""
    st.subheader(t(lang, "data_tpl_title"), anchor=False)
    year = int(
        st.number_input(
            t(lang, "data_tpl_year"),
            min_value=YEAR_RANGE[0],
            max_value=YEAR_RANGE[1],
            value=ds.year,
            step=1,
            help=t(lang, "data_tpl_year_help", next=ds.year + 1),
            key=DATA_TPL_YEAR,
        )
    )
    buttons = st.container(horizontal=True, gap="small")
    buttons.download_button(
        t(lang, "data_download_year_blank", year=year),
        data=write_template(ds, "csv", year=year, blank=True, lang=lang),
        file_name=f"liudong_{year}_blank.csv",
        mime="text/csv",
        key=DATA_DL_YEAR_CSV,
    )
    buttons.download_button(
        t(lang, "data_download_year_blank_xlsx", year=year),
        data=lambda: write_template(ds, "xlsx", year=year, blank=True, lang=lang),
        file_name=f"liudong_{year}_blank.xlsx",
        mime=XLSX_MIME,
        key=DATA_DL_YEAR_XLSX,
    )
    prior = _year_end(store, ds.year) if year == ds.year + 1 else None
    if prior is not None:
        buttons.download_button(
            t(lang, "data_download_next", year=year, prev=ds.year),
            data=lambda: write_template(ds, "xlsx", year=year, prior=prior, lang=lang),
            file_name=f"liudong_{year}_template.xlsx",
            mime=XLSX_MIME,
            key=DATA_DL_NEXT_XLSX,
        )
    later = list(range(ds.months_elapsed + 1, 12))
    if year != ds.year or not later:
        return
    months = st.selectbox(t(lang, "data_tpl_months"), later, key=DATA_TPL_MONTHS)
    st.download_button(
        t(lang, "data_download_months", year=year, months=months),
        data=lambda: write_template(ds, "xlsx", months=months, lang=lang),
        file_name=f"liudong_{year}_{months}m_template.xlsx",
        mime=XLSX_MIME,
        key=DATA_DL_MONTHS_XLSX,
    )


def _year_end(store: Store | None, year: int) -> dict[str, dict[str, float | None]] | None:
    """:func:`store.years.year_end_prior`, as the command line's ``template`` pre-fills it
    (None: none stored, or no store)."""
    if store is None:
        return None
    try:
        return year_end_prior(store, year)
    except StoreError:
        return None


def _check(ds: Dataset, shipped: Dataset, store: Store | None, lang: str):
    """A new filled template: read and turned into a dataset (kept pending, as it will be
    stored), with its plausibility warnings. Its problems, or []."""

    def check(up) -> list:
        st.session_state.pop(DATA_PENDING, None)
        earlier = datapage.earlier(store, shipped)
        try:
            rows = read_table(up.getvalue(), up.name)
            # prior-year figures of another period dropped (warned); unit mistakes refused
            kept, carried = carried_prior(rows, shipped, earlier)
            new = dataset_from_table(kept, shipped, earlier=earlier)
        except TemplateError as exc:
            return list(exc.items)
        except ValueError as exc:  # any other data error: one line, never a traceback
            return [exc]
        st.session_state[DATA_STALE] = stale_prior_figures(rows, ds)
        text = canonical(new)  # previewed as it will be stored (and as links will show it)
        stored = from_canonical(text, shipped)
        st.session_state[DATA_PENDING] = (text, up.name, stored)
        st.session_state[DATA_WARNINGS] = [
            *carried,
            *plausibility.warnings(stored, ds, earlier),
        ]
        st.session_state.pop(DATA_CONFIRM, None)
        return []

    return check


def upload_box(ds: Dataset, shipped: Dataset, store: Store | None, lang: str) -> None:
    """The upload: every problem at once; a valid file's changes and Apply."""
    up = upload.receive(t(lang, "data_upload"), SLOT, _check(ds, shipped, store, lang))
    if up is None:
        st.session_state.pop(DATA_PENDING, None)
        st.session_state.pop(DATA_ERRORS, None)
        st.session_state.pop(DATA_WARNINGS, None)
    upload.show_errors(t(lang, "data_rejected"), SLOT, lang)
    pending = st.session_state.get(DATA_PENDING)
    if pending is None:
        return
    stale = st.session_state.get(DATA_STALE) or []  # an old year's prior figures: warnings too
    if stale:
        st.warning(upload.bullets(t(lang, "data_stale_prior"), stale, lang, limit=300))
    _review(ds, pending, store, stale, lang)


def _review(ds: Dataset, pending: tuple, store: Store | None, stale: list, lang: str) -> None:
    """A valid upload: its warnings, what changes against the data in use, and Apply."""
    text, filename, new = pending
    new_id = new.data_id
    diff = datapage.diff(ds, new, lang)
    st.subheader(as_of(new.year, new.months_elapsed, lang) + f" · {new_id}", anchor=False)
    warned = st.session_state.get(DATA_WARNINGS) or []
    if warned:
        st.warning(upload.bullets(t(lang, "data_warnings", n=len(warned)), warned, lang, limit=600))
    if diff.empty and new_id == ds.data_id:
        st.success(t(lang, "data_no_diff", id=new_id))
        return  # the data in use already: nothing to apply (nor to store again as a copy)
    if diff.empty:
        st.success(t(lang, "data_no_diff", id=new_id))
    else:
        st.markdown(f"**{t(lang, 'data_diff_title', n=len(diff))}**")
        st.dataframe(diff, hide_index=True, width="stretch")
    editor = auth.can_edit()  # checking an upload is for everyone; applying it, for editors
    if not editor:
        st.caption(tr(lang, "auth_need_editor"))
    elif store is not None:
        example = as_of(new.year, new.months_elapsed, lang)  # the table's own year and period
        st.text_input(t(lang, "data_label", period=example), key=DATA_LABEL, max_chars=120)
    confirmed = (
        not editor
        or not (warned or stale)
        or st.checkbox(t(lang, "data_confirm"), key=DATA_CONFIRM)
    )
    if editor and st.button(
        t(lang, "data_apply"),
        key=DATA_APPLY,
        type="primary",
        disabled=store is None or not confirmed,
    ):
        _apply(store, text, filename, new, lang)
        st.rerun()


def _apply(store: Store | None, text: str, filename: str, new: Dataset, lang: str) -> None:
    """Store the upload under its data id and switch this session to it."""
    if store is None:  # the button is disabled without a store
        return
    try:
        datapage.apply(
            store,
            new.data_id,
            text,
            filename,
            st.session_state.get(DATA_LABEL) or "",
            new,
            actor=auth.actor(),
        )
        if not is_year_end(new):  # the year's outcome is reviewed (/review), never opened
            use_dataset(new.data_id)
    except (ValueError, StoreError) as exc:
        say("error", md_escape(message(lang, exc), limit=300))
    else:
        st.session_state.pop(DATA_PENDING, None)
        st.session_state.pop(DATA_WARNINGS, None)
        period = as_of(new.year, new.months_elapsed, lang)
        done = "data_applied_year_end" if is_year_end(new) else "data_applied"
        say("success", t(lang, done, period=period, id=new.data_id))
