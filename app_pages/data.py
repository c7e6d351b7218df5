"""数据更新: download the template filled with the data in use, upload a filled one, see what
changes figure by figure, apply it (stored under its data id), and switch between stored
datasets or make one the default. Nothing changes until a valid file is applied."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from model import plausibility
from model.period import as_of
from model.template import (
    TemplateError,
    canonical,
    dataset_from_table,
    from_canonical,
    read_table,
    write_template,
)
from report.i18n import message, t
from store import StoreError
from ui import datapage
from ui.db import get_store
from ui.safe import md_escape
from ui.state import get_dataset, init_state, shipped_dataset, show_url_issues, use_dataset

UPLOAD = "data_upload"
SEEN = "data_upload_seen"
PENDING = "data_pending"  # (canonical text, file name, its dataset as stored) of a valid upload
ERRORS = "data_upload_errors"
LABEL = "data_label"
PICK = "data_pick"
NOTICE = "data_notice"
WARNINGS = "data_upload_warnings"  # plausibility warnings of the pending upload
CONFIRM = "data_confirm"  # the clerk has read them and applies anyway

ds = get_dataset()
sc = init_state(ds)
lang = sc.lang
shipped = shipped_dataset()

st.title(t(lang, "data_title"), anchor=False)
show_url_issues(ds)
st.caption(t(lang, "data_intro"))
notice = st.session_state.pop(NOTICE, None)
if notice:
    getattr(st, notice[0])(notice[1])

store = get_store(lang, quiet=True)
labels = datapage.labels(store, shipped, lang)
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

# --- downloads: the template filled with the data in use, headed in the UI language ---------
cols = st.columns(4)
stem = f"liudong_{ds.year}{ds.period_code}_{ds.data_id}"
cols[0].download_button(
    t(lang, "data_download"),
    data=write_template(ds, "csv", with_actuals=True, lang=lang),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="data_dl_csv",
)
cols[1].download_button(
    t(lang, "data_download_xlsx"),
    data=lambda: write_template(ds, "xlsx", with_actuals=True, lang=lang),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data_dl_xlsx",
)
cols[2].download_button(
    t(lang, "data_download_blank"),
    data=write_template(ds, "csv", lang=lang),
    file_name=f"liudong_{ds.year}_template.csv",
    mime="text/csv",
    key="data_dl_blank",
)
cols[3].download_button(
    t(lang, "data_download_blank_xlsx"),
    data=lambda: write_template(ds, "xlsx", lang=lang),
    file_name=f"liudong_{ds.year}_template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data_dl_blank_xlsx",
)

# --- upload: every problem at once; the data in use stays until Apply -------------------------
up = st.file_uploader(t(lang, "data_upload"), type=["csv", "xlsx"], key=UPLOAD, max_upload_size=2)
if up is None:
    st.session_state.pop(PENDING, None)
    st.session_state.pop(ERRORS, None)
    st.session_state.pop(WARNINGS, None)
elif st.session_state.get(SEEN) != up.file_id:
    st.session_state[SEEN] = up.file_id
    st.session_state.pop(PENDING, None)
    try:
        new = dataset_from_table(read_table(up.getvalue(), up.name), shipped)
    except TemplateError as exc:
        st.session_state[ERRORS] = list(exc.items)
    except ValueError as exc:  # any other data error: one line, never a traceback
        st.session_state[ERRORS] = [exc]
    else:
        st.session_state[ERRORS] = []
        text = canonical(new)  # previewed as it will be stored (and as links will show it)
        stored = from_canonical(text, shipped)
        st.session_state[PENDING] = (text, up.name, stored)
        st.session_state[WARNINGS] = plausibility.warnings(
            stored, ds, datapage.earlier(store, shipped)
        )
        st.session_state.pop(CONFIRM, None)

errors = st.session_state.get(ERRORS) or []
if errors:
    st.error(
        t(lang, "data_rejected")
        + "\n\n"
        + "\n".join(f"- {md_escape(message(lang, e), limit=400)}" for e in errors)
    )

pending = st.session_state.get(PENDING)
if pending is not None:
    text, filename, new = pending
    new_id = new.data_id
    diff = datapage.diff(ds, new, lang)
    st.subheader(
        as_of(new.year, new.months_elapsed, lang) + f" · {new_id}",
        anchor=False,
    )
    warned = st.session_state.get(WARNINGS) or []
    if warned:
        st.warning(
            t(lang, "data_warnings", n=len(warned))
            + "\n\n"
            + "\n".join(f"- {md_escape(message(lang, w), limit=600)}" for w in warned)
        )
    if diff.empty:
        st.success(t(lang, "data_no_diff", id=new_id))
    else:
        st.markdown(f"**{t(lang, 'data_diff_title', n=len(diff))}**")
        st.dataframe(diff, hide_index=True, width="stretch")
    st.text_input(t(lang, "data_label"), key=LABEL, max_chars=120)
    confirmed = not warned or st.checkbox(t(lang, "data_confirm"), key=CONFIRM)
    if st.button(
        t(lang, "data_apply"),
        key="data_apply",
        type="primary",
        disabled=store is None or not confirmed,
    ):
        try:
            datapage.apply(store, new_id, text, filename, st.session_state.get(LABEL) or "", new)
            use_dataset(new_id)
        except (ValueError, StoreError) as exc:
            st.session_state[NOTICE] = ("error", md_escape(message(lang, exc), limit=300))
        else:
            st.session_state.pop(PENDING, None)
            st.session_state.pop(WARNINGS, None)
            st.session_state[NOTICE] = (
                "success",
                t(
                    lang,
                    "data_applied",
                    period=as_of(new.year, new.months_elapsed, lang),
                    id=new_id,
                ),
            )
        st.rerun()

# --- stored datasets: switch back, or make one the default --------------------------------------
st.subheader(t(lang, "data_stored_title"), anchor=False)
if store is None:
    get_store(lang)  # shows the one-line error
else:
    table = datapage.stored_table(store, shipped, lang)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    ids = [row[t(lang, "data_col_id")] for row in table]
    pick = st.selectbox(
        t(lang, "data_pick"),
        ids,
        index=ids.index(ds.data_id) if ds.data_id in ids else 0,
        format_func=lambda i: f"{i} · {labels.get(i, '')}",
        key=PICK,
    )
    row = st.columns(2)
    if row[0].button(t(lang, "data_use"), key="data_use", disabled=pick == ds.data_id):
        try:
            switched = use_dataset(pick)
        except ValueError as exc:
            st.session_state[NOTICE] = ("error", md_escape(message(lang, exc), limit=300))
        else:
            st.session_state[NOTICE] = (
                "success",
                t(
                    lang,
                    "data_switched",
                    id=pick,
                    period=as_of(switched.year, switched.months_elapsed, lang),
                ),
            )
        st.rerun()
    if row[1].button(t(lang, "data_make_default"), key="data_default"):
        try:
            store.set_default_data("data", None if pick == shipped.data_id else pick)
        except (ValueError, StoreError) as exc:
            st.session_state[NOTICE] = ("error", md_escape(message(lang, exc), limit=300))
        else:
            st.session_state[NOTICE] = ("success", t(lang, "data_default_set", id=pick))
        st.rerun()
