"""No import cycle inside formfill/, at module level or inside a function; and the layers of
CONTRIBUTING.md's code map hold: a module imports only from its own layer or those below.

An import placed inside a function runs later, so Python accepts a cycle that it hides; the
code still reads as if each module needed the other, and the next maintainer cannot tell which
part stands on which. The graph is read from the source (ast), every `import` and `from ...
import` anywhere in a module counting, except those under `if TYPE_CHECKING:`, which only name
types for annotations and never run. `from formfill.x import y` counts as importing the module
`formfill.x.y` when y is one, else `formfill.x`.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "formfill"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "catalogue" in path.relative_to(PACKAGE).parts:  # a wheel's copy of the catalogue
            continue
        found[module_name(path)] = path
    return found


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            submodules = {f"{base}.{a.name}" for a in node.names} & known.keys()
            found |= submodules
            if base in known and len(submodules) < len(node.names):
                found.add(base)
    found.discard(name)
    return found


# The code map's layers, lowest first (CONTRIBUTING.md explains what each owns). A module is in
# the layer of the longest prefix that names it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundations", ("formfill.version", "formfill.vietnamese", "formfill.problems",
                     "formfill.located_yaml", "formfill.files", "formfill.crash_log",
                     "formfill.locate")),
    ("catalogue", ("formfill.catalog", "formfill.consistency", "formfill.readability",
                   "formfill.review_report")),
    ("household data", ("formfill.household", "formfill.household_fields", "formfill.land_use",
                        "formfill.plausibility", "formfill.privacy", "formfill.session_facts",
                        "formfill.table_reader", "formfill.household_io",
                        "formfill.procedure_match", "formfill.workbook")),
    ("forms", ("formfill.render", "formfill.templates", "formfill.form_text",
               "formfill.template_fields", "formfill.forms_list", "formfill.checklist",
               "formfill.pdf", "formfill.pdfdraw", "formfill.bundle")),
    ("runs", ("formfill.results", "formfill.session", "formfill.fill")),
    ("site", ("formfill.site",)),
    ("services", ("formfill.lint", "formfill.doctor", "formfill.freshness", "formfill.desk")),
    ("faces", ("formfill.cli", "formfill.cli_vi", "formfill.__main__")),
]


def layer_of(module: str) -> int | None:
    """The index of the module's layer; the package itself (formfill/__init__.py) is a face."""
    if module == "formfill":
        return len(LAYERS) - 1
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_in_formfill_takes_part_in_an_import_cycle() -> None:
    known = modules()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    found = cycles(graph)
    explained = [
        " <-> ".join(component) + "\n" + "\n".join(
            f"    {m} imports {', '.join(sorted(graph[m] & set(component)))}" for m in component)
        for component in found]
    assert not found, "import cycles:\n" + "\n".join(explained)


def test_every_module_has_a_layer_and_imports_nothing_above_it() -> None:
    known = modules()
    unplaced = sorted(m for m in known if layer_of(m) is None)
    assert not unplaced, f"add these modules to a layer (and to CONTRIBUTING.md): {unplaced}"
    upward = []
    for name, path in sorted(known.items()):
        mine = layer_of(name)
        for target in sorted(imports_of(name, path, known)):
            theirs = layer_of(target)
            if theirs is not None and mine is not None and theirs > mine:
                upward.append(f"{name} ({LAYERS[mine][0]}) imports {target} "
                              f"({LAYERS[theirs][0]})")
    assert not upward, "imports that go up a layer:\n" + "\n".join(upward)


def test_the_checker_finds_a_cycle_hidden_in_a_function() -> None:
    """The detector itself: a function-level import closing a loop is a cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    tree_source = "def f():\n    from formfill.fill import fill\n"
    tree = ast.parse(tree_source)
    assert not _type_checking_nodes(tree)


def test_type_checking_imports_are_left_out(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from formfill.fill import fill\nfrom formfill.files import x\n",
                      encoding="utf-8")
    known = {"formfill.fill": Path(), "formfill.files": Path()}
    assert imports_of("formfill.m", module, known) == {"formfill.files"}
