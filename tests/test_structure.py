"""Checks that read the code (issue 25): thin pages, no word of a person's language outside
the dictionary, no language branch, widget keys from one module, functions small enough to
read. Each check is scoped to the directories that already keep it (``CHECKED``); widen a
scope when another part of the code is brought in line. Every check has a planted case that
proves it can fail."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from radon.complexity import cc_visit

ROOT = Path(__file__).resolve().parent.parent

MAX_PAGE_LINES = 100  # an app_pages/ file reads the state and calls ui/
MAX_FILE_LINES = 800
MAX_COMPLEXITY = 25  # radon's cyclomatic complexity, per function

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
#: A Chinese character (CJK ideographs; Chinese punctuation alone is not a word).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LANG_NAMES = {"lang", "lg"}
LANG_CODES = {"zh", "en"}


def _files(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        path = ROOT / part
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


#: Every file of the app: the rules of :func:`test_every_file_of_the_app_keeps_the_code_rules`.
APP = _files("model", "report", "ui", "store", "cli", "app_pages", "app.py")
#: The parsers of Chinese source text: the only files that may hold Chinese words…
CHINESE_PARSERS = frozenset({"model/period.py", "model/plausibility.py"})
#: … at most this many string literals in all.
MAX_PARSER_LITERALS = 15

#: Where each check holds today (the other helpers of issue 25 widen these).
CHECKED = {
    "words": _files("ui", "app_pages", "app.py"),
    "lang_branches": _files("ui", "app_pages", "app.py"),
    "keys": _files("ui", "app_pages", "app.py"),
    "complexity": _files("ui", "app_pages", "app.py", "cli/main.py"),
    "file_size": _files("ui", "app_pages", "app.py"),
}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the checkers (pure functions over source text, so that planted cases can test them) ----
def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string constants that are docstrings (documentation, not words shown)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def cjk_literals(source: str) -> list[str]:
    """The string constants (f-string parts included, docstrings not) that hold Chinese."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
    ]


def _is_lang(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in LANG_NAMES
    if isinstance(node, ast.Attribute):
        return node.attr == "lang"
    return isinstance(node, ast.Constant) and node.value in LANG_CODES


def lang_branches(source: str) -> list[int]:
    """The lines of ``==``/``!=`` comparisons with the language (a name ``lang``/``lg``, an
    attribute ``.lang``, or a language code "zh"/"en")."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Compare)
        and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops)
        and any(_is_lang(x) for x in (node.left, *node.comparators))
    ]


def language_choices(source: str) -> list[int]:
    """The lines that choose by language: an ``==``/``!=`` comparison of a language (a name or
    attribute ending in ``lang``, or ``lg``) with anything — a code ("zh"/"en") or a
    constant such as ``DEFAULT_LANG`` (``"en" if lang == "en" else "zh"``, ``if sc.lang !=
    DEFAULT_LANG``) — and a literal list of the language codes (``for lang in ("zh",
    "en")``: the languages are ``model.catalogue.LANGS``). A check for None is not one."""

    def named(node: ast.expr) -> bool:
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
        return name.endswith("lang") or name == "lg"

    def code(node: ast.expr) -> bool:
        return isinstance(node, ast.Constant) and node.value in LANG_CODES

    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops
        ):
            if any(named(x) for x in [node.left, *node.comparators]):
                out.append(node.lineno)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)) and (
            sum(code(x) for x in node.elts) >= 2
        ):
            out.append(node.lineno)
    return sorted(set(out))


def thread_locals(source: str) -> list[int]:
    """The lines that make thread-local state (``threading.local``, ``from threading import
    local``)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "local"
            and isinstance(node.value, ast.Name)
            and node.value.id == "threading"
        ):
            out.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module in ("threading", "_threading_local"):
            out += [node.lineno for a in node.names if a.name in ("local", "_localimpl")]
    return sorted(out)


def chinese_words(source: str) -> list[int]:
    """The lines of the string literals (f-string parts included, docstrings not) that hold a
    Chinese character (punctuation alone is not a word)."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and HAN.search(node.value)
    ]


def _literal(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(
        node, ast.JoinedStr
    )


def literal_keys(source: str) -> list[int]:
    """The lines where a widget ``key=`` or a ``st.session_state[...]`` is a string literal
    (keys are named in ui/keys.py)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            out += [node.lineno for kw in node.keywords if kw.arg == "key" and _literal(kw.value)]
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "session_state"
            and _literal(node.slice)
        ):
            out.append(node.lineno)
    return out


def complex_functions(source: str) -> list[tuple[str, int]]:
    """(name, complexity) of every function and method above :data:`MAX_COMPLEXITY`."""
    out = []
    todo = list(cc_visit(source))
    while todo:
        block = todo.pop()
        todo += getattr(block, "methods", []) + getattr(block, "closures", [])
        if block.complexity > MAX_COMPLEXITY:
            out.append((block.name, block.complexity))
    return out


# --- the project keeps them --------------------------------------------------------------------
def test_every_page_is_thin():
    long = {
        _rel(p): n
        for p in _files("app_pages")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_PAGE_LINES
    }
    assert long == {}
    assert len(_files("app_pages")) >= 11  # the check sees the pages


def test_no_file_is_too_long():
    long = {
        _rel(p): n
        for p in CHECKED["file_size"]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    assert long == {}


def test_no_chinese_literal_outside_the_dictionary():
    found = {
        _rel(p): hits
        for p in CHECKED["words"]
        if (hits := cjk_literals(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_no_language_branch():
    found = {
        _rel(p): lines
        for p in CHECKED["lang_branches"]
        if (lines := lang_branches(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_widget_and_session_keys_come_from_ui_keys():
    found = {
        _rel(p): lines
        for p in CHECKED["keys"]
        if p.name != "keys.py" and (lines := literal_keys(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_no_function_is_too_complex():
    found = {
        _rel(p): hits
        for p in CHECKED["complexity"]
        if (hits := complex_functions(p.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_every_file_of_the_app_keeps_the_code_rules():
    """Every .py file of model/, report/, ui/, store/, cli/, app_pages/ and app.py: at most
    800 lines, no function above complexity 25, no thread-local state, no choice between
    languages outside report/ (words come from the catalogue, the data's own two languages
    through report's voice), and Chinese words only in the two parsers of Chinese source
    text (at most 15 literals; report/ holds none either: its words are the catalogue's)."""
    found: dict[str, list[str]] = {}
    parser_literals = 0
    for path in APP:
        rel = _rel(path)
        source = path.read_text(encoding="utf-8")
        said: list[str] = []
        if (n := len(source.splitlines())) > MAX_FILE_LINES:
            said.append(f"{n} lines")
        said += [f"{name}: complexity {c}" for name, c in complex_functions(source)]
        said += [f"line {i}: thread-local state" for i in thread_locals(source)]
        if not rel.startswith("report/") and rel != "model/catalogue.py":  # LANGS is defined there
            said += [f"line {i}: a choice of language" for i in language_choices(source)]
        words = chinese_words(source)
        if rel in CHINESE_PARSERS:
            parser_literals += len(words)
        else:
            said += [f"line {i}: Chinese words" for i in words]
        if said:
            found[rel] = said
    assert found == {}
    assert parser_literals <= MAX_PARSER_LITERALS
    assert len(APP) >= 90 and {"model/limits.py", "report/voice.py", "app.py"} <= {
        _rel(p) for p in APP
    }  # the check sees every layer


# --- planted cases: each checker finds what it is there to find ---------------------------------
def test_a_chinese_label_is_found_and_a_docstring_is_not():
    source = '"""总览: a docstring."""\ndef f():\n    """数据."""\n    return f"{x}亿元" + "ok"\n'
    assert cjk_literals(source) == ["亿元"]


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ('x = a if lang == "en" else b\n', [1]),
        ('\nif sc.lang != "zh":\n    pass\n', [2]),
        ('f = lambda code: "A" if code == "zh" else "B"\n', [1]),
        ("x = t(lang, 'k')\nif n == 2:\n    pass\n", []),
    ],
)
def test_a_language_branch_is_found(source, lines):
    assert lang_branches(source) == lines


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ('said = entries("en" if lang == "en" else "zh")\n', [1]),
        ('\nif scenario.lang != "zh":\n    pass\n', [2]),
        ('x = a if "en" == self.lang else b\n', [1]),
        ('x = a if lg == "en" else b\n', [1]),
        ("if scenario.lang != DEFAULT_LANG:\n    pass\n", [1]),
        ('keys = [(lang, k) for lang in ("zh", "en") for k in KINDS]\n', [1]),
        ("if lang is None:\n    pass\n", []),
        ('if code == "zh":\n    pass\n', []),
    ],
)
def test_a_choice_of_language_is_found_and_a_default_or_none_check_is_not(source, lines):
    assert language_choices(source) == lines


def test_thread_local_state_is_found():
    source = (
        "import threading\n"
        "_state = threading.local()\n"
        "from threading import local, Lock\n"
        "_lock = threading.Lock()\n"
    )
    assert thread_locals(source) == [2, 3]


def test_chinese_words_are_found_but_not_punctuation_or_docstrings():
    source = '"""说明"""\ndef f(x):\n    """函数."""\n    return "（" + f"{x}个百分点" + "ok"\n'
    assert chinese_words(source) == [4]


def test_a_literal_key_is_found():
    source = (
        'st.button("x", key="go")\n'
        'st.text_input("y", key=f"name_{i}")\n'
        'st.session_state["seen"] = 1\n'
        "st.button('z', key=keys.GO)\n"
        "st.session_state[keys.SEEN] = 1\n"
    )
    assert literal_keys(source) == [1, 2, 3]


def test_a_function_of_complexity_26_is_found_and_25_is_not():
    def planted(n: int) -> str:
        branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(n))
        return f"def f(x):\n{branches}    return -1\n"

    assert complex_functions(planted(25)) == [("f", 26)]
    assert complex_functions(planted(24)) == []
