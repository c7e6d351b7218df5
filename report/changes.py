"""What a scenario changes from its preset, as short words a person reads in one line: the
shared link's 相对基准 line ("相对基准：固定资产投资 25%，财政收入 7%") and the list of the
leader's changes a preset keeps (beside the preset switch). Each item is an indicator and the
value set by hand, with its unit: a rest-of-year value, an assumption or a driver part.
Never imports streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

from model import fmt as model_fmt
from model.data import Assumption, Dataset, Driver, Indicator
from model.scenario import Scenario
from report import fmt
from report.voice import Voice, voice_of

#: The preset id without a preset of the data file's own (the H1 pace) and the one of the
#: data file that is the baseline: both read 基准.
BASELINE = "baseline"


def _number(value: float, unit: str, lang: str) -> str:
    """A value as set: a percent as typed (25%, 5.73%), a level or amount with its unit at
    the unit's decimals (1,100人, 8.42亿元)."""
    if unit == "%":
        return f"{model_fmt.plain(value)}%"
    return fmt.value(value, unit, lang)


def has_changes(sc: Scenario) -> bool:
    """Whether the scenario sets any input by hand (a rest-of-year value, an assumption, a
    part)."""
    return bool(sc.h2 or sc.assumptions or sc.drivers)


@dataclass(frozen=True)
class HandSet:
    """One input a scenario sets by hand: a rest-of-year value (``param`` and ``part_id``
    empty), an assumption (``param``, its ``assumption`` if the data file has it) or a part
    of a built-up indicator (``part_id``, its ``part``), with the value and its unit."""

    ind: Indicator
    value: float
    unit: str
    param: str = ""
    assumption: Assumption | None = None
    part_id: str = ""
    part: Driver | None = None


def hand_set(sc: Scenario, ds: Dataset) -> list[HandSet]:
    """Every input ``sc`` sets by hand on an indicator of ``ds``: the rest-of-year values,
    then the assumptions, then the parts, each in the scenario's own order (what the
    documents list)."""
    out: list[HandSet] = []
    for iid, value in sc.h2.items():
        if (ind := ds.by_id.get(iid)) is not None:
            out.append(HandSet(ind, value, ind.unit if ind.kind == "amount" else "%"))
    for (iid, param), value in sc.assumptions.items():
        if (ind := ds.by_id.get(iid)) is not None:
            a = ind.assumptions.get(param)
            unit = a.unit if a is not None else "%"
            out.append(HandSet(ind, value, unit, param=param, assumption=a))
    for (iid, pid), value in sc.drivers.items():
        if (ind := ds.by_id.get(iid)) is not None:
            part = next((d for d in ds.drivers_of(iid) if d.id == pid), None)
            out.append(HandSet(ind, value, "%", part_id=pid, part=part))
    return out


def changed_items(sc: Scenario, ds: Dataset, lang: str | Voice) -> list[str]:
    """Each input the scenario sets by hand as "indicator value" (固定资产投资 25%), in the
    data file's order of indicators; an assumption or a part with its label."""
    voice = voice_of(lang)
    order = {ind.id: i for i, ind in enumerate(ds.indicators)}
    out: list[str] = []
    for h in sorted(hand_set(sc, ds), key=lambda h: order[h.ind.id]):  # stable: h2 first
        name = voice.name(h.ind)
        if h.param:
            name += f" · {voice.t(f'param_{h.param}')}"
        elif h.part_id:
            name += f" · {h.part_id if h.part is None else voice.name(h.part)}"
        out.append(f"{name} {_number(h.value, h.unit, voice.lang)}")
    return out


def preset_label(sc: Scenario, ds: Dataset, lang: str | Voice) -> str | None:
    """The name of the scenario's preset (乐观, 模型基准), or None for the baseline."""
    voice = voice_of(lang)
    preset = sc.preset or BASELINE
    if preset == BASELINE:
        return None
    if preset in ds.presets:
        return voice.name(ds.presets[preset])
    return voice.t("scenario_model")


def relative_line(sc: Scenario, ds: Dataset, lang: str | Voice) -> str | None:
    """The one line a link that changes inputs opens with: 相对基准：固定资产投资 25%，财政收入
    7% (the preset's name when it is not the baseline); None when nothing is changed."""
    items = changed_items(sc, ds, lang)
    if not items:
        return None
    voice = voice_of(lang)
    changes = voice.t("p27_sep").join(items)
    name = preset_label(sc, ds, voice)
    if name is None:
        return voice.t("p27_relative_baseline", changes=changes)
    return voice.t("p27_relative", preset=name, changes=changes)


def kept_line(sc: Scenario, ds: Dataset, lang: str | Voice) -> str | None:
    """Beside the preset switch after a switch that kept the leader's changes: "乐观 保留了
    你设的值：固定资产投资 25%，财政收入 7%"; None when nothing was kept."""
    items = changed_items(sc, ds, lang)
    if not items:
        return None
    voice = voice_of(lang)
    name = preset_label(sc, ds, voice) or voice.t("scenario_baseline")
    return voice.t("p27_kept", preset=name, changes=voice.t("p27_sep").join(items))
