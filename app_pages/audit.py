"""操作记录: every write to shared state (scenarios, data, the default, history files,
accounts), newest first — who, when, what, on what, the ids before and after. Editors only."""

from __future__ import annotations

import streamlit as st

from report.access_text import action, tr
from store import StoreError
from ui import auth
from ui.db import get_store
from ui.keys import AUDIT_TABLE
from ui.safe import md_escape
from ui.state import get_dataset, init_state, voice

ds = get_dataset()
lang = init_state(ds).lang

st.title(tr(lang, "audit_title"), anchor=False)
st.caption(tr(lang, "audit_intro"))
who = auth.actor()
store = get_store(lang)
if not who.can("editor"):
    st.info(tr(lang, "audit_editor_only"))
elif store is not None:
    try:
        rows = store.audit_log(actor=who, limit=500)
    except (ValueError, StoreError) as exc:
        st.error(md_escape(str(exc), limit=300))
        rows = []
    if not rows:
        st.caption(tr(lang, "audit_empty"))
    else:
        st.dataframe(
            [
                {
                    tr(lang, "audit_col_at"): voice().date(r.at),  # Beijing time
                    tr(lang, "audit_col_actor"): r.actor,
                    tr(lang, "audit_col_action"): action(lang, r.action),
                    tr(lang, "audit_col_target"): r.target,
                    tr(lang, "audit_col_before"): r.before or "",
                    tr(lang, "audit_col_after"): r.after or "",
                }
                for r in rows
            ],
            hide_index=True,
            width="stretch",
            key=AUDIT_TABLE,
        )
