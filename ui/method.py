"""The method page's parts (方法与回测): the upload of another history file, the baselines in
use, the rule per series, the fallback evidence, the district factor, the backtest and the
series used. The page (app_pages/method.py) calls them in order."""

from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from model.baseline import (
    K_BAND,
    MIN_ADJUST,
    MIN_ADJUSTED,
    SERIES,
    BaselineReport,
    build_report,
    log_gap,
    series_chain,
    worst_vs_naive,
)
from model.calibration import coverage, summary_records
from model.data import Dataset
from model.history import GEO_LEVELS, MAX_BYTES, parse_history
from model.scale import conservative
from report import bilingual, fmt
from report.access_text import tr
from report.i18n import message
from store import StoreError
from ui import auth, upload
from ui.keys import (
    HISTORY_CHECKED_ONLY,
    HISTORY_ERRORS,
    HISTORY_RESET,
    HISTORY_SEEN,
    HISTORY_UPLOAD,
)
from ui.safe import md_escape
from ui.state import (
    current_projection,
    history_in_use,
    param_list,
    scenario,
    set_scenario,
    store_history,
    t,
)

SLOT = upload.Slot(HISTORY_UPLOAD, HISTORY_SEEN, HISTORY_ERRORS)


def _check_history(ds: Dataset, lang: str):
    """A new history file: parsed, fit (a file that validates but cannot support the fit is
    rejected too), then stored (editors) or only checked (viewers). Its problems, or []."""

    def check(up) -> list:
        result = parse_history(up.getvalue(), up.name)
        problems = list(result.problems)
        if result.ok and result.table is not None:
            try:
                problems = list(build_report(result.table, ds.year, ds.period_code).problems)
            except (ValueError, ArithmeticError) as exc:
                problems = [message(lang, exc)]
        st.session_state[HISTORY_CHECKED_ONLY] = False
        if problems or result.table is None:
            return problems
        if not auth.can_edit():  # checking is for everyone; storing, for editors
            st.session_state[HISTORY_CHECKED_ONLY] = True
            return []
        try:
            hist_id = store_history(result.table, up.name)
        except (ValueError, StoreError) as exc:
            return [message(lang, exc)]
        st.toast(t(lang, "hist_stored", id=hist_id))
        return []

    return check


def history_upload(ds: Dataset, lang: str) -> None:
    """The upload of a history file (validated; the history in use stays until a valid file
    arrives), which history is in use, and the way back to the shipped one."""
    with st.expander(t(lang, "upload_title"), expanded=bool(st.session_state.get(SLOT.errors))):
        st.caption(t(lang, "upload_hint", mb=MAX_BYTES // (1024 * 1024)))
        up = upload.receive(t(lang, "upload_label"), SLOT, _check_history(ds, lang))
        if up is not None and st.session_state.get(HISTORY_CHECKED_ONLY):
            st.info(tr(lang, "hist_need_editor"))
        upload.show_errors(t(lang, "upload_rejected"), SLOT, lang)
        _, name, uploaded = history_in_use()
        st.info(
            t(lang, "history_in_use", name=md_escape(name, limit=120))
            + (" " + t(lang, "history_uploaded") if uploaded else "")
        )
        if uploaded and st.button(t(lang, "history_reset"), key=HISTORY_RESET):
            set_scenario(ds, replace(scenario(), hist_id=None))
            st.session_state[SLOT.errors] = []
            st.rerun()


def _interval(iv: tuple[float, float] | None) -> str:
    return "—" if iv is None else f"{fmt.pct(iv[0])} – {fmt.pct(iv[1])}"


def baselines(ds: Dataset, report: BaselineReport, lang: str) -> None:
    """The baseline of each indicator in use: series, spec, fallback, years, growth, the
    intervals, the inputs it needs and the chain."""
    st.subheader(t(lang, "method_baselines"), anchor=False)
    projection = current_projection(ds, with_baseline=True)
    rows = []
    for iid, b in report.baselines.items():
        if iid not in ds.by_id:  # a year's table that leaves the indicator out
            continue
        ind = ds.get(iid)
        r = projection.get(iid)
        chain = ": " + ", ".join(map(str, r.baseline_chain_years)) if r.baseline_chain_years else ""
        rows.append(
            {
                t(lang, "col_indicator"): bilingual.name(ind, lang),
                t(lang, "col_series"): b.series + (f" ({t(lang, 'proxy')})" if b.proxy else ""),
                t(lang, "col_spec"): t(lang, f"spec_{r.baseline_method or b.spec}"),
                t(lang, "col_fallback"): t(lang, f"assumed_{b.rule.fallback}") if b.rule else "—",
                t(lang, "col_years"): f"{b.years[0]}–{b.years[-1]} (n={len(b.years)})",
                t(lang, "col_h1_growth"): fmt.pct(r.h1_growth_pct),
                t(lang, "col_model_h2"): fmt.pct(r.h2_baseline_pct),
                t(lang, "col_interval80"): _interval(r.h2_interval_80),
                t(lang, "col_interval95"): _interval(r.h2_interval_95),
                t(lang, "col_base_inputs"): param_list(lang, r.baseline_needs) or "✓",
                t(lang, "col_chain"): (r.baseline_rule or "—") + chain,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t(lang, "method_no_lookahead", year=ds.year))
    st.subheader(t(lang, "method_defaults"), anchor=False)
    st.markdown(t(lang, "method_defaults_text", k=f"{K_BAND:g}", year=ds.year))
    st.markdown(t(lang, "h28r_method"))
    st.markdown(t(lang, "h28c_method", n=MIN_ADJUSTED, move=f"{MIN_ADJUST:g}"))
    st.markdown(md_escape(t(lang, "method_enter"), limit=600))


def rules(ds: Dataset, report: BaselineReport, lang: str) -> None:
    """The rule per series: σ, k·σ, abnormal years, the chain for the data year."""
    st.subheader(t(lang, "method_rule"), anchor=False)
    for series, rule in report.rules.items():
        band = rule.band
        if band is None:
            continue
        abn = rule.abnormal_years(report.gaps.get(series, {}))
        chain = series_chain(report, series)
        chain_text = t(lang, "chain_none")
        if chain is not None and chain.lags:
            chain_text = f"{chain.kind}: " + ", ".join(str(ds.year - k) for k in chain.lags)
        elif chain is not None:
            chain_text = chain.kind
        st.markdown(
            "- "
            + t(
                lang,
                "method_band",
                series=series,
                sigma=f"{band.sigma:.3f}",
                width=f"{band.width:.3f}",
                n=len(band.years),
                normal=len(band.normal),
                abn=", ".join(map(str, abn)) or "—",
                year=ds.year,
                chain=chain_text,
            )
        )
    st.caption(t(lang, "method_fiscal"))
    with st.expander(t(lang, "method_gaps")):
        st.caption(t(lang, "method_gaps_note", year=ds.year))
        st.dataframe(pd.DataFrame(_gap_rows(ds, report, lang)), hide_index=True, width="stretch")


def _gap_rows(ds: Dataset, report: BaselineReport, lang: str) -> list[dict[str, object]]:
    """One row per year: each series' log gap, ◆ on an abnormal year before the data year."""
    years = sorted({y for g in report.gaps.values() for y in g})
    gap_rows = []
    for y in years:
        row: dict[str, object] = {t(lang, "col_year"): str(y)}
        for series, gaps in report.gaps.items():
            rule = report.rules.get(series)
            if y not in gaps:
                row[series] = ""
                continue
            mark = ""
            if rule is not None and rule.band is not None and y < ds.year:
                mark = " ◆" if rule.band.abnormal(gaps[y]) else ""
            row[series] = f"{gaps[y]:+.2f}{mark}"
        gap_rows.append(row)
    return gap_rows


def fallback(ds: Dataset, report: BaselineReport, lang: str) -> None:
    """The fallback evidence per series (★ the one in use), the district factor and its
    pairs, and the series that could not be fit."""
    st.markdown(f"**{t(lang, 'method_fallback', year=ds.year)}**")
    st.caption(t(lang, "method_fallback_note", year=ds.year))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t(lang, "col_series"): series,
                    t(lang, "col_fallback"): t(lang, f"assumed_{f}")
                    + (" ★" if f == rule.fallback else ""),
                    t(lang, "col_mae"): round(mae, 2),
                    t(lang, "col_n_years"): n,
                    t(lang, "col_year"): ", ".join(map(str, rule.evidence_years)),
                }
                for series, rule in report.rules.items()
                for f, mae, n in rule.evidence
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    if report.factor_pairs:
        st.markdown(
            t(lang, "method_factor", k=f"{report.factor:.2f}", n=report.factor_pairs, year=ds.year)
        )
    else:  # no pairs: there is no factor to show (its floor of 1 is not a measurement)
        st.markdown(t(lang, "method_factor_none"))
    with st.expander(t(lang, "method_factor_pairs")):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "region": region,
                        "indicator": indicator,
                        t(lang, "col_year"): str(year),
                        "G − g1 (region)": round(v, 2),
                        "G − g1 (china)": round(c, 2),
                    }
                    for region, indicator, year, v, c in report.pairs
                ]
            ),
            hide_index=True,
            width="stretch",
        )
    scales(ds, report, lang)
    if report.problems:
        st.warning(upload.bullets(t(lang, "method_problems"), report.problems, lang, limit=300))


def scales(ds: Dataset, report: BaselineReport, lang: str) -> None:
    """Which scale the uncertainty of each level takes (model.scale) and the calibration of
    the backtest's 95% intervals (model.calibration)."""
    st.subheader(t(lang, "noise_method_title"), anchor=False)
    c = conservative()
    st.markdown(t(lang, "noise_method_body", k=f"{c.multiplier:.2f}", n=c.years))
    b = next(iter(report.baselines.values()), None)
    if b is not None:
        st.caption(t(lang, "noise_method_levels", year=ds.year))
        rows = []
        for level in GEO_LEVELS:
            sc = b.scale_for(level)
            rows.append(
                {
                    t(lang, "noise_col_level"): t(lang, f"noise_level_{level}"),
                    t(lang, "noise_col_scale"): round(sc.multiplier, 2),
                    t(lang, "noise_col_source"): t(lang, f"noise_source_{sc.source}"),
                    t(lang, "noise_col_years"): sc.years,
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    share, n = coverage(summary_records(report))
    if share is None:
        st.markdown(t(lang, "noise_calibration_none"))
    else:
        st.markdown(t(lang, "noise_calibration", cov=f"{share * 100:.0f}", n=n))


def _summary(report: BaselineReport, lang: str) -> pd.DataFrame:
    """One row per series and spec (★ the default): n, MAE, coverage, the worst year."""

    def worst(series: str, spec: str) -> str:
        w = worst_vs_naive(report, series, spec)
        return "" if w is None else f"{w[0]:+.2f} ({w[1]})"

    return pd.DataFrame(
        [
            {
                "series": s.series,
                "spec": t(lang, f"spec_{s.spec}")
                + (" ★" if report.defaults.get(s.series) == s.spec else ""),
                "n": s.n,
                "mae": round(s.mae, 2),
                "cov80": round(s.coverage80 * 100, 1),
                "cov95": round(s.coverage95 * 100, 1),
                "worst": worst(s.series, s.spec),
            }
            for s in report.summaries
        ]
    )


_SUMMARY_COLUMNS = {
    "series": "col_series",
    "spec": "col_spec",
    "n": "col_n_years",
    "mae": "col_mae",
    "cov80": "col_cov80",
    "cov95": "col_cov95",
    "worst": "col_worst",
}


def backtest(report: BaselineReport, lang: str) -> None:
    """The backtest: the summary table and chart per series and spec, and every row."""
    st.subheader(t(lang, "method_backtest"), anchor=False)
    summary = _summary(report, lang)
    shown = summary.rename(columns={c: t(lang, k) for c, k in _SUMMARY_COLUMNS.items()})
    st.caption(t(lang, "method_backtest_default"))
    st.dataframe(shown, hide_index=True, width="stretch")
    chart = (
        alt.Chart(summary)
        .mark_bar()
        .encode(
            y=alt.Y("series:N", title=None),
            yOffset="spec:N",
            x=alt.X("mae:Q", title=t(lang, "col_mae")),
            color=alt.Color(
                "spec:N", title=t(lang, "col_spec"), legend=alt.Legend(orient="bottom")
            ),
            tooltip=["series:N", "spec:N", "n:Q", "mae:Q", "cov80:Q", "cov95:Q"],
        )
        .properties(title=t(lang, "method_chart_title"), width="container")
    )
    st.altair_chart(chart, width="stretch")
    st.caption(t(lang, "method_backtest_note"))
    with st.expander(t(lang, "method_backtest_rows")):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t(lang, "bt_series"): r.series,
                        t(lang, "bt_spec"): r.spec,
                        t(lang, "bt_used"): r.used,
                        t(lang, "bt_year"): r.year,
                        t(lang, "col_log_gap"): round(log_gap(r.g1, r.fy_actual), 2),
                        t(lang, "bt_train"): f"{r.train_years[0]}–{r.train_years[-1]} "
                        f"(n={len(r.train_years)})",
                        t(lang, "bt_g1"): round(r.g1, 2),
                        t(lang, "bt_w"): round(r.w * 100, 1),
                        t(lang, "bt_g2_pred"): round(r.g2_pred, 2),
                        t(lang, "bt_g2_actual"): round(r.g2_actual, 2),
                        t(lang, "bt_fy_pred"): round(r.fy_pred, 2),
                        t(lang, "bt_fy_actual"): round(r.fy_actual, 2),
                        t(lang, "bt_error"): round(r.abs_error, 2),
                        t(lang, "bt_in80"): r.in80,
                        t(lang, "bt_in95"): r.in95,
                    }
                    for r in report.rows
                ]
            ),
            hide_index=True,
            width="stretch",
        )


_SOURCE_COLUMNS = [
    "region",
    "indicator",
    "year",
    "period",
    "value",
    "growth_pct",
    "source_url",
    "note",
]


def series_used(ds: Dataset, report: BaselineReport, lang: str) -> None:
    """The series each indicator's baseline uses, with their rows and sources; the limits and
    the layout."""
    st.subheader(t(lang, "method_series"), anchor=False)
    for iid, (region, indicator) in SERIES.items():
        if iid not in ds.by_id:
            continue
        st.markdown(
            f"- **{md_escape(bilingual.name(ds.get(iid), lang))}** ← `{region}/{indicator}`: {t(lang, f'why_{iid}')}"
        )
    used = report.sources
    with st.expander(t(lang, "method_series_rows", n=len(used))):
        st.dataframe(
            used[_SOURCE_COLUMNS],
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("source_url")},
        )
    st.subheader(t(lang, "method_limits"), anchor=False)
    st.markdown(t(lang, "method_limits_text"))
    st.subheader(t(lang, "method_layout"), anchor=False)
    st.markdown(t(lang, "method_layout_text"))
