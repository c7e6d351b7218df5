"""``model/`` stays readable: no file above 800 lines, no function above radon complexity 25,
and Chinese words only in the parsers of Chinese source text (the template's headers, help
and instruction sheet live in ``data/template_columns.toml``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from radon.complexity import cc_visit

from model.data import ROOT

MODEL = ROOT / "model"
MAX_LINES = 800
MAX_COMPLEXITY = 25
#: The parsers of Chinese source text, the only files of model/ that may hold Chinese words.
CHINESE_OK = frozenset({"period.py", "plausibility.py"})
MAX_CHINESE = 15
#: A Chinese character (CJK ideographs; Chinese punctuation alone is not a word).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def chinese_literals(source: str) -> list[int]:
    """The line of every string literal of ``source`` that holds a Chinese character; an
    f-string counts once, a docstring (a bare string statement) not at all."""
    tree = ast.parse(source)
    skip: set[int] = set()
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))
        elif isinstance(node, ast.JoinedStr):
            parts = [v for v in node.values if isinstance(v, ast.Constant)]
            skip.update(id(v) for v in parts)
            if any(isinstance(v.value, str) and _HAN.search(v.value) for v in parts):
                lines.append(node.lineno)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and _HAN.search(node.value)
        ):
            lines.append(node.lineno)
    return sorted(lines)


def model_files() -> list[Path]:
    return sorted(MODEL.glob("*.py"))


def test_no_model_file_is_longer_than_800_lines():
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in model_files()}
    assert len(lengths) >= 20  # the check sees the package
    assert {n: k for n, k in lengths.items() if k > MAX_LINES} == {}


def test_no_model_function_is_more_complex_than_25():
    found = {
        f"{p.name}:{b.fullname}": b.complexity
        for p in model_files()
        for b in cc_visit(p.read_text(encoding="utf-8"))
    }
    assert len(found) > 200  # functions, methods and classes of model/ are all seen
    assert {k: c for k, c in found.items() if c > MAX_COMPLEXITY} == {}


def test_chinese_words_in_model_only_in_the_parsers_of_chinese_text():
    counts = {p.name: len(chinese_literals(p.read_text(encoding="utf-8"))) for p in model_files()}
    held = {n: k for n, k in counts.items() if k}
    assert set(held) <= CHINESE_OK, held
    assert sum(held.values()) <= MAX_CHINESE, held
    assert counts["template.py"] == counts["table.py"] == counts["table_merge.py"] == 0


def test_the_literal_count_sees_literals_and_f_strings_but_not_docstrings():
    source = (
        '"""模块说明"""\n'
        "def f(x):\n"
        '    """函数说明"""\n'
        '    a = "上传表格"\n'
        '    b = f"第{x}行，列"\n'
        '    c = "、"\n'
        '    return a, b, c, "plain"\n'
    )
    assert chinese_literals(source) == [4, 5]


def test_the_checks_would_fail_on_a_long_or_complex_function():
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(30))
    (block,) = cc_visit(f"def f(x):\n{branches}\n    return -1\n")
    assert block.complexity == 31 > MAX_COMPLEXITY
