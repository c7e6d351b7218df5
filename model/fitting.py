"""The baseline's fits (see :mod:`model.baseline`): one series' yearly observations from the
history table, and the ``naive`` and ``ols`` specifications of H2 growth on H1 growth with
their own prediction intervals. statsmodels is imported inside the function that fits OLS."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from model.chain_rule import Observation, Pair
from model.history import primary_rows
from model.intervals import Prediction, _t

SPECS: tuple[str, ...] = ("naive", "ols")
#: A series without published levels takes its H1 shares from another series of the region.
SHARES_FROM: dict[str, str] = {"industry_va": "gdp"}


@dataclass(frozen=True)
class Fit:
    """A fitted specification (``naive`` or ``ols``): what it was fit on and how to predict."""

    spec: str
    region: str
    indicator: str
    years: tuple[int, ...]
    intercept: float
    slope: float
    resid_sd: float
    df: int
    x_mean: float
    sxx: float
    q80: float
    q95: float

    def predict(self, g1: float) -> Prediction:
        """H2 growth for H1 growth ``g1`` (both in %), with the fit's own prediction intervals:
        mean ± q·se, se = s·√(1 + 1/n + (g1 − x̄)²/Sxx) for OLS (s·√(1 + 1/n) for naive),
        q the t(df) quantile. (The app's intervals come from backtest errors instead: see
        :class:`IndicatorBaseline`.)"""
        n = len(self.years)
        mean = self.intercept + self.slope * g1
        if self.spec == "naive":
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n)
        else:
            se = self.resid_sd * math.sqrt(1.0 + 1.0 / n + (g1 - self.x_mean) ** 2 / self.sxx)
        q80, q95 = self.q80, self.q95
        return Prediction(
            mean,
            se,
            mean - q80 * se,
            mean + q80 * se,
            mean - q95 * se,
            mean + q95 * se,
            self.df,
            self.spec,
        )


def _shares(rows: pd.DataFrame, ytd: str = "H1") -> dict[int, float]:
    levels = rows.pivot_table(index="year", columns="period", values="value", aggfunc="first")
    if not {ytd, "FY"} <= set(levels.columns):
        return {}
    s = (levels[ytd] / levels["FY"]).dropna()
    return {int(y): float(v) for y, v in s.items() if 0.0 < v < 1.0}


def observations(
    table: pd.DataFrame, region: str, indicator: str, *, ytd: str = "H1"
) -> list[Observation]:
    """The (YTD, FY) growth pairs of one series with their derived rest-of-year growth, by
    year; ``ytd`` is the history's period of the year to date (Q1, H1 or Q3YTD)."""
    pairs = growth_pairs(table, region, indicator, ytd=ytd)
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    shares = _shares(mine, ytd)
    if not shares and indicator in SHARES_FROM:
        other = rows[(rows["region"] == region) & (rows["indicator"] == SHARES_FROM[indicator])]
        shares = _shares(other, ytd)
    out: list[Observation] = []
    for y in sorted(pairs):
        g1, g_fy = pairs[y]
        if y - 1 in shares:
            w, from_levels = shares[y - 1], True
        else:
            known = [v for k, v in shares.items() if k < y]
            if not known:
                continue
            w, from_levels = sum(known) / len(known), False
        g2 = (g_fy - w * g1) / (1.0 - w)
        out.append(
            Observation(y, g1, g_fy, w, from_levels, g2, (pairs.get(y - 1), pairs.get(y - 2)))
        )
    return out


def growth_pairs(
    table: pd.DataFrame, region: str, indicator: str, *, ytd: str = "H1"
) -> dict[int, Pair]:
    """Year → (YTD growth, full-year growth) of one series, where both are published."""
    rows = primary_rows(table)
    mine = rows[(rows["region"] == region) & (rows["indicator"] == indicator)]
    growth = mine.pivot_table(index="year", columns="period", values="growth_pct", aggfunc="first")
    if not {ytd, "FY"} <= set(growth.columns):
        return {}
    return {
        int(y): (float(r[ytd]), float(r["FY"]))
        for y, r in growth.iterrows()
        if not (pd.isna(r.get(ytd)) or pd.isna(r.get("FY")))
    }


def fit(obs: Iterable[Observation], spec: str, *, region: str = "", indicator: str = "") -> Fit:
    """Fit specification ``spec`` (``naive`` or ``ols``) on ``obs``. ``ValueError`` if the spec
    is unknown, there are fewer than 3 observations, or H1 growth never varies (OLS)."""
    data = list(obs)
    if spec not in SPECS:
        raise ValueError(f"unknown specification '{spec}'; expected one of {', '.join(SPECS)}")
    if len(data) < 3:
        raise ValueError(f"at least 3 observations are needed, got {len(data)}")
    x = [o.g1 for o in data]
    y = [o.g2 for o in data]
    n = len(data)
    x_mean = sum(x) / n
    sxx = sum((v - x_mean) ** 2 for v in x)
    years = tuple(o.year for o in data)
    if spec == "ols" and sxx <= 1e-12 * max(1.0, x_mean * x_mean):
        raise ValueError(
            f"{region}/{indicator}: H1 growth is {x_mean:g}% in every year "
            f"{years[0]}–{years[-1]}, so H2 growth cannot be regressed on it (growth_pct)"
        )
    if spec == "naive":
        errors = [b - a for a, b in zip(x, y, strict=True)]
        sd = math.sqrt(sum(e * e for e in errors) / (n - 1))
        df = n - 1
        a, b = 0.0, 1.0
    else:
        import numpy as np
        import statsmodels.api as sm

        res = sm.OLS(np.asarray(y), sm.add_constant(np.asarray(x))).fit()
        a, b = (float(v) for v in res.params)
        sd, df = float(math.sqrt(res.scale)), int(res.df_resid)
    dist = _t(df)
    return Fit(
        spec,
        region,
        indicator,
        years,
        a,
        b,
        sd,
        df,
        x_mean,
        sxx,
        q80=float(dist.ppf(0.90)),
        q95=float(dist.ppf(0.975)),
    )


def predict_statsmodels(obs: list[Observation], g1: float) -> pd.DataFrame:
    """The OLS prediction at ``g1`` as statsmodels reports it (``summary_frame`` for 80% and
    95%), for checking :meth:`Fit.predict` against the library."""
    import numpy as np
    import statsmodels.api as sm

    x = sm.add_constant(np.asarray([o.g1 for o in obs]))
    res = sm.OLS(np.asarray([o.g2 for o in obs]), x).fit()
    pred = res.get_prediction(np.asarray([[1.0, g1]]))
    f80 = pred.summary_frame(alpha=0.20)
    f95 = pred.summary_frame(alpha=0.05)
    return pd.DataFrame(
        {
            "mean": f80["mean"],
            "lo80": f80["obs_ci_lower"],
            "hi80": f80["obs_ci_upper"],
            "lo95": f95["obs_ci_lower"],
            "hi95": f95["obs_ci_upper"],
        }
    )
