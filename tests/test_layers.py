"""The layers of ARCHITECTURE.md, checked on the import statements of every project file (a
small AST walk; every import counts, also one inside a function or under TYPE_CHECKING):
no import from a lower layer to a higher one, no import circle between modules, ``model/``
importing only itself, the standard library, the scientific stack and the readers of its
input files (its ``__main__.py`` forwards to ``cli``), and streamlit only in ``app.py``,
``app_pages/``, ``ui/``, ``tests/`` and ``bench/``."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from model.data import ROOT

#: What each layer may import of the project (itself always). Peers (``ui`` and ``cli``) never
#: import each other. A folder not listed here is checked for circles and streamlit only.
ALLOWED: dict[str, frozenset[str]] = {
    "model": frozenset(),
    "store": frozenset({"model"}),
    "report": frozenset({"model"}),
    "cli": frozenset({"model", "report", "store"}),
    "ui": frozenset({"model", "report", "store"}),
    "app_pages": frozenset({"model", "report", "store", "ui"}),
    "app": frozenset({"model", "report", "store", "ui"}),
}
#: Allowed exceptions: (importing module, imported top-level package).
EXCEPTIONS: frozenset[tuple[str, str]] = frozenset({("model.__main__", "cli")})
#: Packages outside the standard library that ``model/`` may use: the scientific stack and the
#: readers of its input files (XLSX templates and histories).
MODEL_THIRD_PARTY: frozenset[str] = frozenset(
    {"numpy", "pandas", "scipy", "statsmodels", "openpyxl"}
)
STREAMLIT_OK: frozenset[str] = frozenset({"app", "app_pages", "ui", "tests", "bench"})
SKIP_DIRS: frozenset[str] = frozenset({".venv", "node_modules", "__pycache__", "data"})


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_files(root: Path) -> dict[str, Path]:
    """Every project ``.py`` file by module name (hidden folders and the venv left out)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        if any(p.startswith(".") or p in SKIP_DIRS for p in rel[:-1]):
            continue
        out[module_name(path, root)] = path
    return out


def imports_of(name: str, path: Path, modules: set[str]) -> list[tuple[str, int]]:
    """The imported names of ``path`` (module ``name``) with their line: a project module
    resolved to the deepest module that exists (``from report import fmt`` → ``report.fmt``),
    anything else as written (``pandas``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            for a in node.names:
                full = f"{base}.{a.name}" if base else a.name
                out.append((full if full in modules else base, node.lineno))
    return out


def package_edges(path: Path, modules: set[str]) -> set[str]:
    """The project packages whose ``__init__`` a ``from <package> import <module>`` of
    ``path`` runs (``from model import limits`` runs ``model/__init__.py``): edges of the
    import graph beside the module itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and not node.level and node.module in modules
        for a in node.names
        if f"{node.module}.{a.name}" in modules
    }


def check(root: Path) -> list[str]:
    """Every violation of the layers under ``root``, one line each."""
    files = project_files(root)
    modules = set(files)
    # the project's packages (a folder with __init__.py) and top-level modules (app.py): a
    # folder of scripts without one (e.g. Alembic's) never shadows an installed package
    tops = {m for m in modules if "." not in m}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    problems: list[str] = []
    for name, path in files.items():
        layer = name.split(".")[0]
        where = path.relative_to(root)
        for target, line in imports_of(name, path, modules):
            top = target.split(".")[0]
            if top == "streamlit" and layer not in STREAMLIT_OK:
                problems.append(f"{where}:{line}: imports streamlit outside {sorted(STREAMLIT_OK)}")
            if top in tops:
                resolved = target
                while resolved and resolved not in modules:
                    resolved = resolved.rpartition(".")[0]
                if resolved and resolved != name:
                    graph[name].add(resolved)
                if layer in ALLOWED and top != layer and (name, top) not in EXCEPTIONS:
                    if top not in ALLOWED[layer]:
                        problems.append(f"{where}:{line}: {layer} imports {target} ({top})")
            elif layer == "model" and (name, top) not in EXCEPTIONS:
                if top not in sys.stdlib_module_names and top not in MODEL_THIRD_PARTY:
                    problems.append(f"{where}:{line}: model imports {target}")
        graph[name] |= package_edges(path, modules) - {name}
    problems += [f"import circle: {' -> '.join(c)}" for c in circles(graph)]
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_project_keeps_its_layers():
    problems = check(ROOT)
    assert problems == [], "\n".join(problems)


def test_every_layer_is_there():
    # the check above sees the real packages (not an empty tree)
    files = project_files(ROOT)
    tops = {m.split(".")[0] for m in files}
    assert set(ALLOWED) <= tops
    assert "report.exports" in files and "cli.main" in files and "model.projection" in files


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return tmp_path


def test_the_check_finds_each_kind_of_violation(tmp_path):
    root = _tree(
        tmp_path,
        {
            "model/__init__.py": "",
            "model/a.py": "def f():\n    from model.b import x\n",
            "model/b.py": "from model import a\nimport requests\nx = 1\n",
            "model/c.py": "from report import words\n",
            "model/__main__.py": "from cli.main import run\n",
            "report/__init__.py": "",
            "report/words.py": "import streamlit as st\nfrom ui import page\n",
            "ui/__init__.py": "",
            "ui/page.py": "import streamlit as st\nfrom cli import main\n",
            "cli/__init__.py": "",
            "cli/main.py": "from . import other\nfrom model.a import f\n",
            "cli/other.py": "from .main import f\n",
            "tests/test_x.py": "import streamlit\nfrom ui import page\n",
            "tests/__init__.py": "",
            "alembic/env.py": "from alembic import context\nfrom store import x\n",
            "store/__init__.py": "from alembic import command\nx = 1\n",
        },
    )
    problems = check(root)
    assert sorted(problems) == sorted(
        [
            "model/b.py:2: model imports requests",
            "model/c.py:1: model imports report.words (report)",
            "report/words.py:1: imports streamlit outside "
            "['app', 'app_pages', 'bench', 'tests', 'ui']",
            "report/words.py:2: report imports ui.page (ui)",
            "ui/page.py:2: ui imports cli.main (cli)",
            "import circle: model.a -> model.b",
            "import circle: cli.main -> cli.other",
        ]
    )


def test_a_circle_through_a_packages_init_is_found(tmp_path):
    """``from model import limits`` runs ``model/__init__.py`` first: if that imports the
    module back, the two form a circle (as ``model.history`` and ``model/__init__`` did)."""
    files = {
        "model/__init__.py": "from model.history import load\n",
        "model/history.py": "from model import limits\nload = 1\n",
        "model/limits.py": "x = 1\n",
    }
    assert check(_tree(tmp_path / "a", files)) == ["import circle: model -> model.history"]
    files["model/history.py"] = "from model.limits import x\nload = 1\n"
    assert check(_tree(tmp_path / "b", files)) == []
