"""No vendor package imports another: what one vendor cites of another is shared world.

Walks the AST of every module under ``reliability_sandbox/vendors/<vendor>/`` and fails on
any import (absolute or relative, ``import x`` or ``from x import y``, at any depth, also
under ``TYPE_CHECKING``) that reaches into a different vendor's package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import reliability_sandbox.vendors as vendors_package

VENDORS_DIR = Path(vendors_package.__file__).parent
PREFIX = "reliability_sandbox.vendors"


def _vendor_packages() -> set[str]:
    return {p.name for p in VENDORS_DIR.iterdir() if (p / "__init__.py").exists()}


def _imported(source: str, relative: Path) -> list[tuple[int, str]]:
    """Every module name imported by ``source`` (at ``relative`` under vendors/), absolute."""
    parts = list(relative.with_suffix("").parts)
    package = [PREFIX, *parts[:-1]]  # the package the module lives in
    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.append((node.lineno, name))
            # `from reliability_sandbox.vendors import sentry` imports a package as well.
            out += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
    return out


def _owner(name: str) -> str | None:
    """The vendor package a dotted module name belongs to, or None."""
    if not name.startswith(PREFIX + "."):
        return None
    return name.removeprefix(PREFIX + ".").split(".", 1)[0]


def _crossings(vendor: str, source: str, relative: Path, vendors: set[str]) -> list[str]:
    return [
        f"{relative}:{line} imports {name}"
        for line, name in _imported(source, relative)
        if _owner(name) in vendors and _owner(name) != vendor
    ]


def test_every_vendor_has_its_package():
    assert {"pagerduty", "sentry", "datadog", "github", "google"} <= _vendor_packages()


def test_no_vendor_imports_another():
    vendors = _vendor_packages()
    found = []
    for vendor in sorted(vendors):
        for module in sorted((VENDORS_DIR / vendor).rglob("*.py")):
            relative = module.relative_to(VENDORS_DIR)
            found += _crossings(vendor, module.read_text(), relative, vendors)
    assert found == []


def test_the_walk_finds_absolute_relative_and_nested_imports():
    source = (
        "from reliability_sandbox.vendors.pagerduty import PagerDutyAPI\n"
        "from ..github import world\n"
        "from reliability_sandbox.vendors import sentry\n"
        "def f():\n    import reliability_sandbox.vendors.datadog.api\n"
        "from . import files\n"
        "from reliability_sandbox.delivery import delivery\n"
    )
    found = _crossings("google", source, Path("google/drive.py"), _vendor_packages())
    assert [f.rsplit(" ", 1)[-1] for f in found] == [
        "reliability_sandbox.vendors.pagerduty",
        "reliability_sandbox.vendors.pagerduty.PagerDutyAPI",
        "reliability_sandbox.vendors.github",
        "reliability_sandbox.vendors.github.world",
        "reliability_sandbox.vendors.sentry",
        "reliability_sandbox.vendors.datadog.api",
    ]
