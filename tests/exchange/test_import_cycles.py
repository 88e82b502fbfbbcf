"""No import cycle between the packages of exchange/, counting imports inside functions.

A package here is a subpackage (`exchange.reports`) or a top-level module
(`exchange.audit`); `exchange` itself is the application factory. Feature packages
import the domain core (`exchange.domain`) and never each other in a circle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

import exchange

ROOT = Path(exchange.__file__).resolve().parent
Edges = dict[str, dict[str, list[str]]]  # package -> imported package -> ["file:line", ...]


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str | None:
    """Return the package of `exchange` a module belongs to (None: outside exchange)."""
    parts = module.split(".")
    if parts[0] != "exchange":
        return None
    return ".".join(parts[:2])


def _is_module(name: str, root: Path) -> bool:
    path = root.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported(node: ast.Import | ast.ImportFrom, module: str, path: Path, root: Path) -> list[str]:
    """Return the modules an import statement loads, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    # `from exchange import navigation` loads the module exchange.navigation
    names = [f"{base}.{alias.name}" for alias in node.names]
    return [name if _is_module(name, root) else base for name in names]


def package_imports(root: Path = ROOT) -> Edges:
    """Return every import between two packages of exchange/, wherever it is written."""
    edges: Edges = defaultdict(lambda: defaultdict(list))
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        source = _package(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in _imported(node, module, path, root):
                target = _package(name)
                if target and target != source:
                    edges[source][target].append(f"{path.relative_to(root.parent)}:{node.lineno}")
    return edges


def find_cycle(edges: Edges) -> list[str] | None:
    """Return one cycle of packages (first package repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        stack.append(node)
        for target in sorted(edges.get(node, {})):
            if state.get(target) == "open":
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_packages_import_each_other_without_a_cycle():
    edges = package_imports()
    cycle = find_cycle(edges)
    if cycle:
        where = {(a, b): ", ".join(dict.fromkeys(edges[a][b])) for a, b in pairwise(cycle)}
        steps = [f"{a} -> {b} ({places})" for (a, b), places in where.items()]
        pytest.fail("import cycle:\n  " + "\n  ".join(steps))


def test_feature_packages_stand_on_the_domain_core():
    edges = package_imports()
    for feature in ("importing", "reconciliation", "reports"):
        assert "exchange.domain" in edges[f"exchange.{feature}"]
    assert set(edges["exchange.domain"]) == {"exchange.models"}


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ({"a": {"b": []}, "b": {"c": []}}, None),
        ({"a": {"b": []}, "b": {"a": []}}, ["a", "b", "a"]),
        ({"a": {"b": []}, "b": {"c": []}, "c": {"b": []}}, ["b", "c", "b"]),
    ],
)
def test_find_cycle(edges, cycle):
    assert find_cycle(edges) == cycle


def test_a_function_level_import_counts(tmp_path):
    package = tmp_path / "exchange"
    for name in ("a", "b"):
        (package / name).mkdir(parents=True)
        (package / name / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "a" / "x.py").write_text("from exchange.b import y\n")
    (package / "b" / "y.py").write_text("def f():\n    from ..a import x\n")
    assert find_cycle(package_imports(package)) == ["exchange.a", "exchange.b", "exchange.a"]
