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
    stale_prior_figures,
    write_template,
)
from report.access_text import tr
from report.i18n import message
from store import StoreError
from ui import auth, datapage
from ui.db import get_store
from ui.safe import md_escape
from ui.state import get_dataset, init_state, shipped_dataset, show_url_issues, t, use_dataset

UPLOAD = "data_upload"
SEEN = "data_upload_seen"
PENDING = "data_pending"  # (canonical text, file name, its dataset as stored) of a valid upload
ERRORS = "data_upload_errors"
STALE = "data_upload_stale"  # warnings: a table of another year with the prior-year figures in use
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
# one wrapping row: each button as wide as its label (four equal columns cut the labels)
buttons = st.container(horizontal=True, gap="small")
stem = f"liudong_{ds.year}{ds.period_code}_{ds.data_id}"
buttons.download_button(
    t(lang, "data_download"),
    data=write_template(ds, "csv", with_actuals=True, lang=lang),
    file_name=f"{stem}.csv",
    mime="text/csv",
    key="data_dl_csv",
)
buttons.download_button(
    t(lang, "data_download_xlsx"),
    data=lambda: write_template(ds, "xlsx", with_actuals=True, lang=lang),
    file_name=f"{stem}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data_dl_xlsx",
)
buttons.download_button(
    t(lang, "data_download_blank"),
    data=write_template(ds, "csv", lang=lang),
    file_name=f"liudong_{ds.year}_template.csv",
    mime="text/csv",
    key="data_dl_blank",
)
buttons.download_button(
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
        rows = read_table(up.getvalue(), up.name, lang=lang)
        new = dataset_from_table(rows, shipped, lang=lang)
    except TemplateError as exc:
        st.session_state[ERRORS] = list(exc.items)
    except ValueError as exc:  # any other data error: one line, never a traceback
        st.session_state[ERRORS] = [exc]
    else:
        st.session_state[ERRORS] = []
        st.session_state[STALE] = stale_prior_figures(rows, ds)
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
if pending is not None and st.session_state.get(STALE):
    st.warning(
        t(lang, "data_stale_prior")
        + "\n\n"
        + "\n".join(f"- {md_escape(message(lang, w), limit=300)}" for w in st.session_state[STALE])
    )
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
    editor = auth.can_edit()  # checking an upload is for everyone; applying it, for editors
    if not editor:
        st.caption(tr(lang, "auth_need_editor"))
    elif store is not None:
        st.text_input(t(lang, "data_label"), key=LABEL, max_chars=120)
    stale = st.session_state.get(STALE) or []  # an old year's prior figures: warnings too
    confirmed = (
        not editor or not (warned or stale) or st.checkbox(t(lang, "data_confirm"), key=CONFIRM)
    )
    if editor and st.button(
        t(lang, "data_apply"),
        key="data_apply",
        type="primary",
        disabled=store is None or not confirmed,
    ):
        try:
            datapage.apply(
                store,
                new_id,
                text,
                filename,
                st.session_state.get(LABEL) or "",
                new,
                actor=auth.actor(),
            )
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
    try:
        table = datapage.stored_table(store, shipped, lang)
    except StoreError:  # gone since it was opened: the line at the top says so
        table = datapage.stored_table(None, shipped, lang)
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    ids = [row[t(lang, "data_col_id")] for row in table]
    pick = st.selectbox(
        t(lang, "data_pick"),
        ids,
        index=ids.index(ds.data_id) if ds.data_id in ids else 0,
        format_func=lambda i: f"{i} · {labels.get(i, '')}",
        key=PICK,
    )
    row = st.columns(3)
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
    editor = auth.can_edit()  # switching is this session's own; the rest changes everyone's
    if editor and row[1].button(t(lang, "data_make_default"), key="data_default"):
        try:
            store.set_default_data(
                "data", None if pick == shipped.data_id else pick, actor=auth.actor()
            )
        except (ValueError, StoreError) as exc:
            st.session_state[NOTICE] = ("error", md_escape(message(lang, exc), limit=300))
        else:
            st.session_state[NOTICE] = ("success", t(lang, "data_default_set", id=pick))
        st.rerun()
    if (
        editor
        and pick != shipped.data_id
        and row[2].button(tr(lang, "data_delete"), key="data_delete")
    ):
        try:
            store.delete_data("data", pick, actor=auth.actor())
        except (ValueError, StoreError) as exc:
            st.session_state[NOTICE] = ("error", md_escape(str(exc), limit=300))
        else:
            st.session_state[NOTICE] = ("success", tr(lang, "data_deleted", id=pick))
        st.rerun()
    if not editor:
        st.caption(tr(lang, "auth_viewer_note"))
    with st.expander(tr(lang, "data_default_history")):
        try:
            changes = store.default_history("data")
        except StoreError as exc:
            changes = []
            st.error(md_escape(str(exc), limit=300))
        st.dataframe(
            [
                {
                    t(lang, "data_col_created"): f"{c.at:%Y-%m-%d %H:%M}",
                    t(lang, "data_col_id"): c.data_id or shipped.data_id,
                    t(lang, "data_col_label"): labels.get(c.data_id or shipped.data_id, ""),
                    tr(lang, "data_col_by"): c.actor or "",
                }
                for c in changes
            ],
            hide_index=True,
        )
