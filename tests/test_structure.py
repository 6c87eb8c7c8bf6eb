"""The house rules, checked on the source itself (docs/architecture.md, "Rules of the house").

Each test reads src/planloop with ``ast`` and fails naming the file and line that breaks
the rule, so a change that brings back a second writer, a second wiring or an import
cycle is caught before review.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "planloop"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every planloop module ``module`` imports (at any depth: lazy and type-only imports
    count too, since a cycle through them is still a cycle of ideas), with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target, node.lineno
            for alias in node.names:  # ``from planloop.memory import notes`` names a module
                yield f"{target}.{alias.name}", node.lineno


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        edges = {target for target, _ in _imports(module, path) if target in MODULES}
        edges.discard(module)
        # A package's __init__ importing its own submodules is how it exports them.
        graph[module] = {t for t in edges if not t.startswith(module + ".")}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for nxt in sorted(graph[node]):
            if nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in done and (found := visit(nxt)):
                return found
        path.pop()
        on_path.discard(node)
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done and (found := visit(start)):
            return found
    return None


def test_no_import_cycles() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_over_400_lines(module: str) -> None:
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module]} has {lines} lines: split it at a seam"


def _outside(*packages: str) -> Iterator[tuple[str, Path]]:
    for module, path in MODULES.items():
        if not any(module == p or module.startswith(p + ".") for p in packages):
            yield module, path


def test_only_the_engine_and_the_store_open_transactions() -> None:
    """The engine is the only writer: no store transaction is opened anywhere else (the
    memory keeps its own notes, in its own folder or tables, behind its own interface)."""
    found = []
    for _, path in _outside("planloop.engine", "planloop.store", "planloop.memory"):
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and node.attr == "transaction":
                found.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not found, f"store transactions opened outside the engine: {found}"


FRONT_ENDS = ("planloop.api", "planloop.mcp", "planloop.cli")
ENGINE_INSIDES = {"store", "broker", "scheduler", "runner", "relay", "ledger"}


def test_front_ends_use_engine_methods_not_its_parts() -> None:
    """Routes, MCP tools and the terminal client call the engine; they never reach into
    its store, broker, scheduler or runner."""
    found = []
    for module, path in MODULES.items():
        if not module.startswith(FRONT_ENDS):
            continue
        for node in ast.walk(_tree(path)):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.lstrip("_") in ENGINE_INSIDES
                and isinstance(node.value, ast.Name)
                and node.value.id == "engine"
            ):
                found.append(f"{path.relative_to(SRC)}:{node.lineno} engine.{node.attr}")
        for target, line in _imports(module, path):
            if target.startswith(("planloop.store", "planloop.engine.broker")):
                found.append(f"{path.relative_to(SRC)}:{line} imports {target}")
    assert not found, f"front ends touching the engine's parts: {found}"


@pytest.mark.parametrize(
    ("importer", "forbidden"),
    [
        ("planloop.cli", "planloop.api"),  # the terminal client is not an HTTP route
        ("planloop.mcp", "planloop.api"),
        ("planloop.memory", "planloop.planners"),  # notes are shared vocabulary
        ("planloop.memory", "planloop.engine"),
        ("planloop.engine", "planloop.api"),  # the engine knows nothing of HTTP
        ("planloop.planners", "planloop.engine"),
        ("planloop.store", "planloop.engine"),
    ],
)
def test_layers_import_downwards(importer: str, forbidden: str) -> None:
    found = [
        f"{path.relative_to(SRC)}:{line} imports {target}"
        for module, path in MODULES.items()
        if module == importer or module.startswith(importer + ".")
        for target, line in _imports(module, path)
        if target == forbidden or target.startswith(forbidden + ".")
    ]
    assert not found, f"{importer} must not import {forbidden}: {found}"


SCHEMES = ("postgresql:", "postgres:", "sqlite:")
# Each backend's own files may take its own URL apart; nothing else may look at a scheme.
BACKEND_FILES = (
    "planloop.settings",
    "planloop.store.sqlite",
    "planloop.store.postgres",
    "planloop.memory.postgres",
)


def _scheme_tests(tree: ast.Module) -> Iterator[ast.AST]:
    """``url.startswith("postgresql:")``-like calls and comparisons with a scheme."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "startswith":
            candidates = list(node.args)
        elif isinstance(node, ast.Compare):
            candidates = [node.left, *node.comparators]
        else:
            continue
        for arg in candidates:
            for const in ast.walk(arg):
                if (
                    isinstance(const, ast.Constant)
                    and isinstance(const.value, str)
                    and const.value.startswith(SCHEMES)
                ):
                    yield node


def test_the_backend_is_chosen_in_one_place() -> None:
    """Only settings.py decides which backend a database URL names; everything else asks
    ``Settings.backend`` (or :func:`planloop.settings.backend_of`)."""
    found = [
        f"{path.relative_to(SRC)}:{node.lineno}"
        for module, path in MODULES.items()
        if not module.startswith(BACKEND_FILES)
        for node in _scheme_tests(_tree(path))
    ]
    assert not found, f"database URL schemes tested outside settings.py: {found}"


def test_every_setting_is_in_the_readme() -> None:
    """A setting nobody can find is a setting nobody can use."""
    from planloop.settings import Settings

    readme = (SRC.parents[1] / "README.md").read_text()
    missing = []
    for name, field in Settings.model_fields.items():
        aliases = getattr(field.validation_alias, "choices", None) or []
        names = [f"PLANLOOP_{name.upper()}", *(a for a in aliases if isinstance(a, str))]
        if not any(n in readme for n in names):
            missing.append(names[0])
    assert not missing, f"settings missing from the README: {missing}"
