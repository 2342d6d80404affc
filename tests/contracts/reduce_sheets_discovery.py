"""Reduce Google's Sheets API v4 discovery document to what tap-google-sheets calls.

The source is the discovery document Google publishes and the PyPI package
google-api-python-client ships (`googleapiclient/discovery_cache/documents/sheets.v4.json`).
Kept: the two methods singer-io tap-google-sheets calls (`sheets.spreadsheets.get`,
`sheets.spreadsheets.values.get`) with their parameters, the API-wide parameters, and every
schema their responses reach (`Spreadsheet`, `ValueRange`), without descriptions. Nothing is
rewritten: a schema here is the published one less its prose.

    .venv/bin/python tests/contracts/reduce_sheets_discovery.py [path/to/sheets.v4.json]

writes tests/contracts/sheets.v4.json (default source: the installed package's copy).
"""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "sheets.v4.json"
METHODS = ("sheets.spreadsheets.get", "sheets.spreadsheets.values.get")
PROSE = {"description", "enumDescriptions", "enumDeprecated", "deprecated"}


def installed_document() -> Path:
    """The discovery document inside the installed google-api-python-client."""
    import googleapiclient  # noqa: PLC0415 - only when reducing from the package

    return Path(googleapiclient.__file__).parent / "discovery_cache/documents/sheets.v4.json"


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in PROSE}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def _methods(resource: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {m["id"]: m for m in resource.get("methods", {}).values()}
    for child in resource.get("resources", {}).values():
        found.update(_methods(child))
    return found


def _reachable(schemas: dict[str, Any], roots: list[str]) -> list[str]:
    seen: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                if "$ref" in node:
                    stack.append(node["$ref"])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(schemas[name])
    return sorted(seen)


def reduce(document: dict[str, Any], source: str) -> dict[str, Any]:
    """The reduced document (see the module's docstring).

    Args:
        document: Google's discovery document for Sheets v4.
        source: Where it came from (recorded in the output).

    Returns:
        The reduced document.
    """
    methods = {k: v for k, v in _methods(document).items() if k in METHODS}
    roots = [m["response"]["$ref"] for m in methods.values()]
    return {
        "source": source,
        "licence": (
            "Apache-2.0 (google-api-python-client; licences/google-api-python-client.LICENSE)"
        ),
        "id": document["id"],
        "revision": document["revision"],
        "rootUrl": document["rootUrl"],
        "servicePath": document["servicePath"],
        "parameters": _strip(document["parameters"]),
        "methods": {k: _strip(methods[k]) for k in METHODS},
        "schemas": {
            k: _strip(document["schemas"][k]) for k in _reachable(document["schemas"], roots)
        },
    }


def main() -> None:
    """Write tests/contracts/sheets.v4.json."""
    if len(sys.argv) > 1:
        path, source = Path(sys.argv[1]), sys.argv[1]
    else:
        version = metadata.version("google-api-python-client")
        path = installed_document()
        source = (
            f"PyPI google-api-python-client {version}: "
            "googleapiclient/discovery_cache/documents/sheets.v4.json"
        )
    reduced = reduce(json.loads(path.read_text()), source)
    OUTPUT.write_text(json.dumps(reduced, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
