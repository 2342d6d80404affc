"""Fail when code outside the SDK seam touches singer-sdk internals.

`runtime/reliability_tap_runtime/sdk_seam.py` is the one module allowed to use private
singer-sdk members (it names them, and the SDK range is pinned for them). Everywhere else
in the taps and the runtime this reports, with file and line:

- reading or calling a private member the SDK defines (`stream._write_state_message()`,
  `self.state_manager.is_flushed`, `super()._sync_children(...)`), and overriding one
  (`def _increment_stream_state(...)` in a stream class);
- importing from a private SDK module (`singer_sdk.helpers._typing`, `singer_sdk._x`);
- a `noqa: SLF001` (the seam is the only place allowed to silence that rule).

Private names are read from the installed singer-sdk's classes, so a member a new release
adds is covered too. Run by `./scripts/check`; exit status 1 on any finding.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEAM = ROOT / "runtime" / "reliability_tap_runtime" / "sdk_seam.py"
SCANNED = [
    *sorted((ROOT / "taps").glob("tap-*/tap_*")),
    ROOT / "runtime" / "reliability_tap_runtime",
]
#: Public attributes of SDK objects whose writing or reading bypasses the SDK's API.
PRIVATE_STATE_FLAGS = {"is_flushed"}
_NOQA = re.compile(r"noqa:[^#\n]*\bSLF001\b")


def sdk_private_names() -> set[str]:
    """Every single-underscore attribute of every class the installed singer-sdk defines."""
    import singer_sdk  # noqa: PLC0415

    names: set[str] = set()
    for module_info in pkgutil.walk_packages(singer_sdk.__path__, "singer_sdk."):
        try:
            module = importlib.import_module(module_info.name)
        except Exception:  # noqa: BLE001, S112 - optional extras may be missing
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not cls.__module__.startswith("singer_sdk"):
                continue
            names.update(n for n in vars(cls) if n.startswith("_") and not n.startswith("__"))
            init = vars(cls).get("__init__")
            if init is not None:
                try:
                    source = inspect.getsource(init)
                except (OSError, TypeError):
                    continue
                names.update(re.findall(r"self\.(_[a-z]\w*)\s*[:=]", source))
    return names


def findings(path: Path, private: set[str]) -> list[str]:
    """What `path` does with singer-sdk internals."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, str(path))
    rel = path.relative_to(ROOT)
    out = [
        f"{rel}:{n}: `noqa: SLF001` outside the SDK seam"
        for n, line in enumerate(text.splitlines(), 1)
        if _NOQA.search(line)
    ]
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("singer_sdk")
        ):
            if any(part.startswith("_") for part in node.module.split(".")):
                out.append(f"{rel}:{node.lineno}: import from private module {node.module}")
        elif isinstance(node, ast.Attribute):
            name = node.attr
            if name in PRIVATE_STATE_FLAGS or name in private:
                out.append(f"{rel}:{node.lineno}: uses singer-sdk internal `{name}`")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
            node.name in private and node.name.startswith("_")
        ):
            out.append(f"{rel}:{node.lineno}: overrides singer-sdk internal `{node.name}`")
    return out


def main() -> int:
    """Scan the taps and the runtime; print findings; exit 1 if any."""
    private = sdk_private_names()
    problems: list[str] = []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            if path != SEAM:
                problems += findings(path, private)
    for line in problems:
        print(line)
    if problems:
        print(
            f"{len(problems)} use(s) of singer-sdk internals outside "
            f"{SEAM.relative_to(ROOT)}: move them into the seam.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
