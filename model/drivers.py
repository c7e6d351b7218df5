"""Driver view: a parent indicator's H2 built up from its parts (the auto bases).

For each named part i with H1 value H1_i and H1 growth g1_i, and the parent's prior-year
H1 share w (the same seasonal share is assumed for every part):

    H1_prev_i = H1_i / (1 + g1_i)            H2_prev_i = H1_prev_i · (1 − w) / w
    H2_i      = H2_prev_i · (1 + g2_i)

A part with no H1 growth in the source (a new base, 一汽解放) is taken to have had no
prior-year output: H1_prev_i = 0, and its H2 is an amount (default: its H1 amount).
The rest (the parent less the named parts) is a part of its own:
H1_rest = H1 − Σ H1_i, H1_prev_rest = H1_prev − Σ H1_prev_i.

The parent's H2 growth is then g2 = Σ H2_i / H2_prev − 1 with H2_prev = Σ H2_prev_i, and
part i contributes (H2_i − H2_prev_i) / H2_prev to it (in points; contributions add up to g2).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.catalogue import LANGS, entries
from model.data import Dataset
from model.typedefs import REST_DRIVER, Scenario

#: The name (zh, en) of the part of a parent beyond its named drivers: the catalogue's
#: ``driver_rest``.
_REST_NAMES: tuple[str, str] = (entries(LANGS[0])["driver_rest"], entries(LANGS[1])["driver_rest"])


@dataclass(frozen=True)
class Part:
    """One part of the parent. ``is_amount``: H2 is given as an amount, not a growth."""

    id: str
    name_zh: str
    name_en: str
    h1_value: float
    h1_growth_pct: float | None
    h1_prev_value: float
    h2_prev_value: float
    is_amount: bool
    h2_assumption: float
    h2_value: float
    contribution_pp: float


@dataclass(frozen=True)
class Breakdown:
    """The parts of a parent's H2 and the H2 growth of the parent they add up to."""

    parent: str
    parts: tuple[Part, ...]
    h2_prev_value: float
    h2_value: float
    h2_growth_pct: float
    active: bool


def driver_default(
    h1_growth_pct: float | None, h1_value: float, ds: Dataset, scenario: Scenario
) -> float:
    """A part's H2 assumption when none is set: its H1 pace, shifted by the preset
    (growth g1 + margin; an amount part: H1 × factor)."""
    preset = ds.presets.get(scenario.preset or "")
    if h1_growth_pct is None:
        return h1_value * (preset.amount_factor if preset else 1.0)
    return h1_growth_pct + (preset.growth_margin_pp if preset else 0.0)


def breakdown(
    ds: Dataset, scenario: Scenario, parent: str, h1_share_pct: float
) -> Breakdown | None:
    """The driver breakdown of ``parent`` under ``scenario`` (None if it has no drivers or
    no H1 value and growth). ``active`` is true when the scenario sets any part."""
    ind = ds.get(parent)
    drivers = ds.drivers_of(parent)
    h1 = ind.figure("h1_value")
    g1 = ind.figure("h1_growth_pct")
    if not drivers or h1 is None or g1 is None:
        return None
    w = h1_share_pct / 100.0
    seasonal = (1.0 - w) / w
    h1_prev_total = h1 / (1.0 + g1 / 100.0)
    rows: list[tuple[str, str, str, float, float | None, float]] = []
    for d in drivers:
        dh1 = d.figure("h1_value") or 0.0
        dg1 = d.figure("h1_growth_pct")
        prev = 0.0 if dg1 is None else dh1 / (1.0 + dg1 / 100.0)
        rows.append((d.id, d.name_zh, d.name_en, dh1, dg1, prev))
    rest_h1 = h1 - sum(r[3] for r in rows)
    rest_prev = h1_prev_total - sum(r[5] for r in rows)
    rest_g1 = (rest_h1 / rest_prev - 1.0) * 100.0 if rest_prev > 0 else None
    rows.append((REST_DRIVER, *_REST_NAMES, rest_h1, rest_g1, max(rest_prev, 0.0)))

    h2_prev_total = h1_prev_total * seasonal
    parts: list[Part] = []
    for pid, nzh, nen, ph1, pg1, pprev in rows:
        h2_prev = pprev * seasonal
        is_amount = pg1 is None
        assumption = scenario.drivers.get((parent, pid))
        if assumption is None:
            assumption = driver_default(pg1, ph1, ds, scenario)
        h2 = assumption if is_amount else h2_prev * (1.0 + assumption / 100.0)
        parts.append(
            Part(
                id=pid,
                name_zh=nzh,
                name_en=nen,
                h1_value=ph1,
                h1_growth_pct=pg1,
                h1_prev_value=pprev,
                h2_prev_value=h2_prev,
                is_amount=is_amount,
                h2_assumption=assumption,
                h2_value=h2,
                contribution_pp=(h2 - h2_prev) / h2_prev_total * 100.0,
            )
        )
    h2_total = sum(p.h2_value for p in parts)
    return Breakdown(
        parent=parent,
        parts=tuple(parts),
        h2_prev_value=h2_prev_total,
        h2_value=h2_total,
        h2_growth_pct=(h2_total / h2_prev_total - 1.0) * 100.0,
        active=any(k[0] == parent for k in scenario.drivers),
    )
