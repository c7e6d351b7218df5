"""The range an input box may offer, so that every value it accepts is one a link accepts.

A key's own range (:func:`model.scenario.key_specs`) is not the whole rule: for an indicator
whose H1 growth is not given, the H1 growth is derived as g1 = H1 / (w·F0) − 1 from the
H1 level H1, the prior year's H1 share w and its full-year level F0, and a link whose g1
falls outside the growth range is refused (:func:`model.scenario.implausible`). The range
of ``prior_fy``, ``h1_share`` or ``h1_value`` offered on the page is therefore the part of
the key's range that keeps g1 inside the growth range with the other inputs as they are:

- F0 ∈ [H1 / (w·(1+g_hi)), H1 / (w·(1+g_lo))]
- w ∈ [H1 / (F0·(1+g_hi)), H1 / (F0·(1+g_lo))]
- H1 ∈ [w·F0·(1+g_lo), w·F0·(1+g_hi)]

rounded inward to the box's decimals (so that the value written into the link, too, lies
inside).
"""

from __future__ import annotations

import math

from model.data import Dataset, Indicator
from model.projection import assumption_value
from model.scenario import Scenario, key_specs

#: The parameters whose range depends on the others through the derived H1 growth.
LINKED = ("prior_fy", "h1_share", "h1_value")


def _inward(lo: float, hi: float, decimals: int) -> tuple[float, float]:
    scale = 10**decimals
    return math.ceil(lo * scale - 1e-9) / scale, math.floor(hi * scale + 1e-9) / scale


def input_range(
    ds: Dataset, ind: Indicator, sc: Scenario, param: str, *, decimals: int = 2
) -> tuple[float, float]:
    """The (min, max) an input box of assumption ``param`` of ``ind`` offers under ``sc``:
    the key's range, narrowed (see the module docstring) where the value decides a derived
    H1 growth; every value in it, written with ``decimals`` decimals, is accepted in a link."""
    spec = key_specs(ds)[f"{ind.id}.{param}"]
    lo = spec.low + (10**-decimals if spec.low_open else 0.0)
    hi = spec.high
    if param not in LINKED or ind.figure("h1_growth_pct") is not None:
        return lo, hi
    if assumption_value(ind, sc, "h1_growth") is not None:
        return lo, hi
    h1 = ind.figure("h1_value")
    if h1 is None:
        h1 = assumption_value(ind, sc, "h1_value")
    share = assumption_value(ind, sc, "h1_share")
    w = None if share is None else share / 100.0
    f0 = assumption_value(ind, sc, "prior_fy")
    g_lo, g_hi = ds.ranges.h2_growth_pct
    a, b = 1.0 + g_lo / 100.0, 1.0 + g_hi / 100.0
    if param == "prior_fy" and h1 and w:
        bounds = (h1 / (w * b), h1 / (w * a))
    elif param == "h1_share" and h1 and f0:
        bounds = (h1 / (f0 * b) * 100.0, h1 / (f0 * a) * 100.0)
    elif param == "h1_value" and w and f0:
        bounds = (w * f0 * a, w * f0 * b)
    else:
        return lo, hi
    n_lo, n_hi = _inward(max(lo, bounds[0]), min(hi, bounds[1]), decimals)
    if n_lo > n_hi:  # the other inputs leave no room: the key's own range
        return lo, hi
    return n_lo, n_hi
