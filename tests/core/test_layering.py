"""The layering of the code base, read from the import statements.

Downward only: the domain core (no Django) ← ``agencies`` ← ``web`` (shared
view helpers) ← ``applications`` ← ``appeals``, ``disclosure``, ``portal`` ←
``reports`` ← ``supervision``, ``api``; ``site`` (settings, URLs) and ``cli`` sit on top. No
app imports another app's ``views``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"
CORE = {"standard", "model", "rules", "annual", "clock", "reader", "render", "spreadsheet", "redact"}
BELOW: dict[str, set[str]] = {  # the apps each app may import (besides the core)
    "agencies": set(),
    "web": {"agencies"},
    "applications": {"agencies", "web"},
    "appeals": {"agencies", "web", "applications"},
    "disclosure": {"agencies", "web", "applications"},
    "portal": {"agencies", "web", "applications"},
    "reports": {"agencies", "web", "applications", "appeals", "disclosure"},
    "supervision": {"agencies", "web", "applications", "appeals", "disclosure", "reports",
                    "cli"},  # cli.parse.KIND_ZH: the reader's error kinds in Chinese
    "api": {"agencies", "web", "applications", "appeals", "disclosure", "portal", "reports"},
}
INFRASTRUCTURE = {"gongkai.site.tasking"}  # the task runner's import shim, usable by every app
TOP = {"site", "cli", "__init__", "__main__"}


def _imports():
    """(module path, top-level part of gongkai it belongs to, imported module) for every absolute import."""
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if "migrations" in rel.parts:
            continue
        owner = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                yield str(rel), owner, name


IMPORTS = list(_imports())


def test_every_part_of_the_package_is_placed():
    owners = {owner for _, owner, _ in IMPORTS}
    assert owners <= CORE | set(BELOW) | TOP, owners - CORE - set(BELOW) - TOP


def test_the_core_imports_no_django_and_no_app():
    bad = [(where, name) for where, owner, name in IMPORTS if owner in CORE and (
        name.split(".")[0] == "django" or (name.startswith("gongkai.") and name.split(".")[1] not in CORE))]
    assert bad == []


def test_agencies_imports_no_other_app():
    bad = [(where, name) for where, owner, name in IMPORTS
           if owner == "agencies" and name.startswith("gongkai.") and name.split(".")[1] not in CORE | {"agencies"}]
    assert bad == []


@pytest.mark.parametrize("app", sorted(BELOW))
def test_imports_run_downward_only(app):
    allowed = CORE | BELOW[app] | {app}
    bad = [(where, name) for where, owner, name in IMPORTS
           if owner == app and name.startswith("gongkai.") and name.split(".")[1] not in allowed
           and not any(name == m or name.startswith(m + ".") for m in INFRASTRUCTURE)]
    assert bad == []


def test_no_app_imports_another_apps_views():
    bad = [(where, name) for where, owner, name in IMPORTS
           if owner not in TOP and name.startswith("gongkai.") and ".views" in name and name.split(".")[1] != owner]
    assert bad == []


def test_the_scan_sees_imports_inside_functions():
    """The scan itself works: reports/compute.py imports the appeals model inside a function."""
    assert any(owner == "reports" and name.startswith("gongkai.appeals.models") for _, owner, name in IMPORTS)
