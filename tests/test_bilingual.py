"""report.bilingual: the one chooser between the data's Chinese and English texts, the
language's list separator and a definition's clauses (issue 25: no language branch in ui/)."""

from __future__ import annotations

from types import SimpleNamespace

from report import bilingual
from report.i18n import t


def test_pick_and_name_follow_the_language():
    assert bilingual.pick("zh", "工业", "industry") == "工业"
    assert bilingual.pick("en", "工业", "industry") == "industry"
    thing = SimpleNamespace(name_zh="地区生产总值", name_en="GDP")
    assert bilingual.name(thing, "zh") == "地区生产总值"
    assert bilingual.name(thing, "en") == "GDP"


def test_the_voice_and_the_thin_functions_say_the_same():
    """One implementation: report.bilingual's pick/name/join are the voice's pick/name/list."""
    from report.voice import Voice

    thing = SimpleNamespace(name_zh="地区生产总值", name_en="GDP")
    for lang in ("zh", "en"):
        voice = Voice(lang, 9)
        assert bilingual.name(thing, voice) == bilingual.name(thing, lang) == voice.name(thing)
        assert bilingual.join(voice, ["a", "b"]) == voice.list(["a", "b"])
        assert bilingual.pick(voice, "甲", "A") == voice.pick("甲", "A")
    assert Voice("en").name(thing) == "GDP" and Voice("zh").name(thing) == "地区生产总值"


def test_units_are_named_from_the_units_list_and_points_from_the_catalogue():
    from report import fmt

    units = ("亿元", "亩", "万平方米", "家", "人", "个", "%", "万元")
    assert [fmt.unit_label("en", u) for u in units] == [
        *("¥100m", "mu", "10k m²", "firms", "people", "projects", "%", "万元")
    ]
    assert [fmt.unit_label("zh", u) for u in units] == [
        *("亿元", "亩", "万㎡", "家", "人", "个", "%", "万元")
    ]
    assert fmt.gap(0.84, "pp", "zh") == "0.8个百分点" and fmt.gap(-0.84, "pp", "en") == "0.8 points"
    assert fmt.gap(0.0, "pp", "zh") == "0.0个百分点" and fmt.gap(0.0, "pp", "en") == "0.0 points"


def test_lists_use_the_languages_separator():
    assert bilingual.join("zh", ["2019", "2020"]) == "2019、2020"
    assert bilingual.join("en", ["2019", "2020"]) == "2019, 2020"
    assert bilingual.join("en", []) == ""


def test_a_definitions_clauses_keep_their_separator_and_lose_the_space():
    assert bilingual.clauses("固投 30%；税收 7%；") == ["固投 30%；", "税收 7%；", ""]
    assert bilingual.clauses("fai 30%; revenue 7%") == ["fai 30%;", "revenue 7%"]
    assert bilingual.clauses("R&D; x;y") == ["R&D;", "x;y"]  # "; " only, never inside a word
    assert bilingual.clauses("none") == ["none"]


def test_the_new_words_in_both_languages():
    assert (t("zh", "lang_own_name"), t("en", "lang_own_name")) == ("中文", "English")
    assert t("zh", "unit_paren", unit="亿元") == "（亿元）"
    assert t("en", "unit_paren", unit="CNY 100m") == " (CNY 100m)"
    assert t("zh", "amount_with_unit", x="7.5", unit="亿元") == "7.5亿元"
    assert t("en", "amount_with_unit", x="7.5", unit="CNY 100m") == "7.5 CNY 100m"
