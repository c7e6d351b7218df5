"""A link's rejected values said plainly (issue 29, finding 7): many unknown keys in one
warning with their count, an over-long value called too long (not empty)."""

from __future__ import annotations

from model.scenario import MAX_COMPARE_CHARS, parse_scenario


def test_an_over_long_value_is_too_long_not_empty(ds):
    _, issues = parse_scenario("s=" + "a" * (MAX_COMPARE_CHARS + 1), ds)
    assert [(i.key, i.code, i.high) for i in issues] == [("s", "too_long", 2000)]
    assert issues[0].message == "s: longer than 2000 characters (2001)"
    _, issues = parse_scenario("s=", ds)
    assert [(i.code, i.message) for i in issues] == [("empty", "s: empty value")]
    sc, issues = parse_scenario("s=" + "a" * MAX_COMPARE_CHARS, ds)
    assert issues == [] and sc.compare == ("a" * 2000,)
    _, issues = parse_scenario("fai=" + "1" * 41, ds)
    assert [(i.key, i.code, i.high) for i in issues] == [("fai", "too_long", 40)]
    assert issues[0].message == "fai: longer than 40 characters (41)"


def test_many_unknown_keys_are_one_warning_with_a_count(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    query = "&".join(f"k{i}=1" for i in range(998)) + "&fai=20"  # Streamlit reads at most 1,000
    at = make_app(query, page="app_pages/overview.py")
    assert not at.exception
    warned = [w.value for w in at.warning]
    assert warned == [
        "链接中有 998 个无法识别的参数（k0、k1、k2、k3、k4…），已忽略，其余设置保留。"
    ]
    en = make_app(query + "&lang=en", page="app_pages/overview.py")
    assert [w.value for w in en.warning] == [
        "The link has 998 parameters that are not recognised (k0, k1, k2, k3, k4…); they were "
        "ignored, the rest of the scenario is kept."
    ]


def test_one_unknown_key_and_an_over_long_s_keep_their_own_sentences(
    make_app, tmp_path, monkeypatch
):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'own.sqlite3'}")  # own store
    query = "nope=1&s=" + "x" * 2500 + "&s=" + "y" * 2500
    at = make_app(query, page="app_pages/overview.py")
    assert not at.exception
    warned = [w.value for w in at.warning]
    assert len(warned) == 2  # the two over-long s= values: one warning
    assert "nope" in warned[0] and "不是可识别的参数" in warned[0]
    assert "过长（超过 2000 个字符）" in warned[1] and "值为空" not in warned[1]
