"""Check the Meltano project's configuration: every plugin's settings resolve in every environment.

What `meltano config list <plugin>` does for one plugin, for all of them at once and in one
process (a Meltano start per plugin and environment would take minutes): the YAML of
meltano.yml and meltano/*.meltano.yml loads, every environment activates, and every plugin's
settings resolve there (an environment naming a plugin that does not exist, a setting of the
wrong kind or an unparsable value fails). Nothing is installed, run or written. The
pre-commit hook `meltano-config` runs it.

Usage: .venv/bin/python scripts/check_meltano_config.py [--json] [ENVIRONMENT ...]
(--json: also print the resolved settings, secrets redacted, as one JSON line.)
"""

from __future__ import annotations

import json
import os
import sys
import typing as t
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def resolve(environments: list[str] | None = None) -> tuple[dict[str, t.Any], list[str]]:
    """Every plugin's settings per environment (secrets redacted), and what did not resolve."""
    os.environ.setdefault("MELTANO_SEND_ANONYMOUS_USAGE_STATS", "false")
    from meltano.core.plugin.settings_service import PluginSettingsService  # noqa: PLC0415
    from meltano.core.project import Project  # noqa: PLC0415

    resolved: dict[str, t.Any] = {}
    found: list[str] = []
    project = Project.find(ROOT)
    names = environments or [env.name for env in project.meltano.environments]
    for name in names:
        project.refresh()
        try:
            project.activate_environment(name)
        except Exception as exc:  # noqa: BLE001 - report every failure, not the first
            found.append(f"environment {name}: {exc}")
            continue
        plugins = resolved[name] = {}
        for plugin in project.plugins.plugins():
            try:
                plugins[plugin.name] = PluginSettingsService(project, plugin).as_dict(
                    extras=False, redacted=True
                )
            except Exception as exc:  # noqa: BLE001
                found.append(f"environment {name}, {plugin.type} {plugin.name}: {exc}")
        project.deactivate_environment()
    return resolved, found


def main(argv: list[str]) -> int:
    """Print what does not resolve (and, with --json, what does); exit 1 if anything fails."""
    as_json = "--json" in argv
    try:
        resolved, found = resolve([a for a in argv if a != "--json"] or None)
    except Exception as exc:  # noqa: BLE001 - e.g. YAML that does not load
        resolved, found = {}, [f"the project does not load: {exc}"]
    for line in found:
        print(line, file=sys.stderr)
    if as_json:
        print(json.dumps(resolved, default=str))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
