"""The catalogue (``data/locale/``): every key in both languages with the same parameters,
every key used by the code (named whole, or built from a prefix declared in ``built.toml``
with its suffixes), and every call that names a key gives each of its parameters."""

from __future__ import annotations

import ast
import string
import tomllib
from pathlib import Path

import pytest

from model import catalogue, messages
from model.period import DEFAULT_MONTHS
from report.voice import Voice
from store.roles import ROLES

ROOT = Path(__file__).resolve().parent.parent
#: The code that speaks (tests excluded: a key only a test names is unused).
CODE = ("app.py", "app_pages", "ui", "report", "cli", "model", "store")
#: Parameters one language says and the other leaves out on purpose: the Chinese tells what
#: to do instead of quoting the library's error (``e``), and says 剩余月份 where the English
#: names the months left ("Sep–Dec").
ONE_LANGUAGE = {("refuse_not_xlsx", "e"), ("refuse_csv", "e"), ("period_rest", "month")}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def built() -> dict[str, list[str]]:
    with open(catalogue.LOCALE_DIR / "built.toml", "rb") as f:
        return tomllib.load(f)


def code_files() -> list[Path]:
    out: list[Path] = []
    for name in CODE:
        p = ROOT / name
        out += [p] if p.suffix == ".py" else sorted(p.rglob("*.py"))
    return out


def trees() -> list[tuple[Path, ast.Module]]:
    return [(p, ast.parse(p.read_text(encoding="utf-8"))) for p in code_files()]


def literals() -> set[str]:
    return {
        n.value
        for _, tree in trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def prefix_of(key: str, prefixes: dict[str, list[str]]) -> str | None:
    """The longest declared prefix ``key`` starts with."""
    found = [p for p in prefixes if key.startswith(p)]
    return max(found, key=len) if found else None


# --- both languages ------------------------------------------------------------------------------
def test_both_languages_have_the_same_keys_in_the_same_tables():
    zh, en = catalogue.tables("zh"), catalogue.tables("en")
    assert set(en) - set(zh) == {catalogue.CLI_TABLE}
    for name, table in zh.items():
        assert set(table) == set(en[name]), name
    assert len(catalogue.entries("zh")) == len(catalogue.entries("en")) > 400


def test_a_parameter_is_in_both_languages_or_in_neither():
    zh, en = catalogue.entries("zh"), catalogue.entries("en")
    odd = {(key, name) for key in zh for name in fields(zh[key]) ^ fields(en[key])}
    assert odd == ONE_LANGUAGE


def test_a_text_missing_a_parameter_is_caught():
    """The check above on a planted pair: the English names {n}, the Chinese does not."""
    zh, en = {"x": "共{k}项"}, {"x": "{n} of {k}"}
    odd = {(k, name) for k in zh for name in fields(zh[k]) ^ fields(en[k])}
    assert odd == {("x", "n")}


def test_every_command_line_message_is_also_said_in_the_ui_with_no_other_parameter():
    ui = catalogue.entries("zh")
    for key, english in messages.EN.items():
        assert f"msg_{key}" in ui, key
        assert messages.EN[key] == catalogue.cli()[key] == english
    assert catalogue.cli()["name_empty"] == "name: must not be empty"  # byte for byte


def test_a_key_in_two_tables_is_refused(tmp_path, monkeypatch):
    (tmp_path / "zh.toml").write_text('[a]\nx = "甲"\n[b]\nx = "乙"\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    catalogue.tables.cache_clear()
    catalogue.entries.cache_clear()
    try:
        with pytest.raises(ValueError, match="the key x is in more than one table"):
            catalogue.entries("zh")
    finally:
        monkeypatch.undo()
        catalogue.tables.cache_clear()
        catalogue.entries.cache_clear()
    assert catalogue.entries("zh")["nav_overview"] == "总览"


# --- every key used, every built key declared ---------------------------------------------------
def test_every_key_is_named_by_the_code_or_built_from_a_declared_prefix():
    prefixes = built()
    named = literals()
    keys = catalogue.entries("zh")
    unused = []
    for key in keys:
        if key in named:
            continue
        p = prefix_of(key, prefixes)
        if p is None or key[len(p) :] not in prefixes[p]:
            unused.append(key)
    assert unused == []


def test_every_declared_prefix_is_built_by_the_code_and_its_keys_exist():
    prefixes = built()
    heads = {
        n.values[0].value
        for _, tree in trees()
        for n in ast.walk(tree)
        if isinstance(n, ast.JoinedStr) and n.values and isinstance(n.values[0], ast.Constant)
    }
    keys = catalogue.entries("zh")
    for p, suffixes in prefixes.items():
        assert p in heads, f"no code builds {p}<…>"
        assert len(set(suffixes)) == len(suffixes), p
        assert [s for s in suffixes if p + s not in keys] == [], p


def test_the_built_keys_match_the_names_the_code_builds_them_from():
    prefixes = built()
    assert set(prefixes["role_"]) == set(ROLES)
    assert set(prefixes["msg_"]) >= set(messages.EN)
    assert set(prefixes["briefing_pace_"]) <= set(prefixes["difficulty_"])


def test_an_unused_key_is_caught():
    """The check on a planted key: a key nothing names and no prefix declares is unused."""
    prefixes = built()
    assert prefix_of("nav_nowhere", prefixes) is None
    assert "nav_nowhere" not in literals()
    assert prefix_of("role_ghost", prefixes) == "role_"
    assert "ghost" not in prefixes["role_"]


# --- every call gives the key's parameters ------------------------------------------------------
def _calls() -> list[tuple[str, int, str, set[str] | None]]:
    """(file, line, key, keyword names or None for ``**kwargs``) of every call that names a
    catalogue key: ``t(lang, "key", …)``, ``tr(lang, "key", …)``, ``<voice>.t("key", …)``."""
    keys = catalogue.entries("zh")
    out = []
    for path, tree in trees():
        for n in ast.walk(tree):
            if not isinstance(n, ast.Call):
                continue
            f = n.func
            if isinstance(f, ast.Name) and f.id in ("t", "tr") and len(n.args) >= 2:
                arg = n.args[1]
            elif isinstance(f, ast.Attribute) and f.attr == "t" and n.args:
                arg = n.args[0]
            else:
                continue
            if not (isinstance(arg, ast.Constant) and arg.value in keys):
                continue
            names = {k.arg for k in n.keywords}
            out.append(
                (
                    str(path.relative_to(ROOT)),
                    n.lineno,
                    arg.value,
                    None if None in names else {x for x in names if x},
                )
            )
    return out


def test_every_call_gives_each_parameter_of_its_key():
    zh, en = catalogue.entries("zh"), catalogue.entries("en")
    calls = _calls()
    assert len(calls) > 300  # the walk finds the calls
    missing = [
        (f, line, key, sorted((fields(zh[key]) | fields(en[key])) - names))
        for f, line, key, names in calls
        if names is not None and (fields(zh[key]) | fields(en[key])) - names
    ]
    assert missing == []


def test_a_call_without_a_parameter_is_caught():
    tree = ast.parse('t(lang, "as_of", period=p)\nvoice.t("as_of", period=p, id=i)')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    given = [{k.arg for k in c.keywords} for c in calls]
    need = fields(catalogue.entries("zh")["as_of"])
    assert [sorted(need - g) for g in given] == [["id"], []]


# --- the voice -----------------------------------------------------------------------------------
def test_the_voice_speaks_in_its_period_and_language():
    assert Voice().months == DEFAULT_MONTHS and Voice().lang == "zh"
    assert Voice("zh", 9).t("col_h2_assumption") == "四季度假设"
    assert Voice("zh").t("col_h2_assumption") == "下半年假设"
    assert Voice("en", 3).t("col_h2_assumption").startswith("Q2–Q4")
    assert Voice("zh", 9).list(["甲", "乙"]) == "甲、乙"
    assert Voice("en").list(["a", "b"]) == "a, b"
    with pytest.raises(ValueError):
        Voice("fr")
    with pytest.raises(ValueError):
        Voice("zh", 12)


def test_the_voice_says_dates_in_shanghai_time():
    from datetime import UTC, datetime

    assert Voice("en").date(datetime(2021, 7, 20, 1, 30, tzinfo=UTC)) == "2021-07-20 09:30"
    assert Voice("zh").date(datetime(2021, 7, 20, 17, 5)) == "2021-07-21 01:05"  # naive: UTC
