"""Scenario names: the name a scenario is shown under (its preset's name from the data file, 模型基准,
or 自定义情景 once any input is set by hand), in both languages. Used by the sidebar, the
briefing, the exports and the command line."""

from __future__ import annotations

from model import catalogue
from model.data import Dataset
from model.scenario import Scenario

#: The preset ``model`` (the statistical baseline) is not in the data file.
MODEL_PRESET = "model"
#: Names of the scenarios without a preset in the data file (``scenario_<name>`` of the
#: catalogue's ``[scenarios]`` table).
SCENARIO_NAMES = {
    lang: {k: catalogue.entries(lang)[f"scenario_{k}"] for k in ("model", "custom", "baseline")}
    for lang in catalogue.LANGS
}


def is_custom(scenario: Scenario) -> bool:
    """Whether any input was set by hand (an H2 value, an assumption or a part)."""
    return bool(scenario.h2 or scenario.assumptions or scenario.drivers)


def scenario_name(ds: Dataset, scenario: Scenario, lang: str = "zh") -> str:
    """The scenario's name as the sidebar gives it (保守 / 基准 / 乐观 / 模型基准), or
    自定义情景 (with the preset it started from) once any input is set by hand."""
    names = SCENARIO_NAMES.get(lang, SCENARIO_NAMES["zh"])
    preset = scenario.preset or "baseline"
    if preset == MODEL_PRESET:
        base = names["model"]
    elif preset in ds.presets:
        p = ds.presets[preset]
        base = p.name_en if lang == "en" else p.name_zh
    else:
        base = names["baseline"]
    if not is_custom(scenario):
        return base
    return f"{names['custom']} ({base})" if lang == "en" else f"{names['custom']}（{base}）"
