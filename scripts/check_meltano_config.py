"""Check the Meltano project's configuration: every plugin's settings resolve in every environment.

What `meltano config list <plugin>` does for one plugin, for all of them at once and in one
process (a Meltano start per plugin and environment would take minutes): the YAML of
meltano.yml and meltano/*.meltano.yml loads, every environment activates, and every plugin's
settings resolve there (an environment naming a plugin that does not exist, a setting of the
wrong kind or an unparsable value fails). Nothing is installed, run or written. The
pre-commit hook `meltano-config` runs it.

Usage: .venv/bin/python scripts/check_meltano_config.py [ENVIRONMENT ...]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def problems(environments: list[str] | None = None) -> list[str]:
    """One line per plugin and environment whose settings do not resolve."""
    os.environ.setdefault("MELTANO_SEND_ANONYMOUS_USAGE_STATS", "false")
    from meltano.core.plugin.settings_service import PluginSettingsService  # noqa: PLC0415
    from meltano.core.project import Project  # noqa: PLC0415

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
        for plugin in project.plugins.plugins():
            try:
                PluginSettingsService(project, plugin).as_dict(extras=False, redacted=True)
            except Exception as exc:  # noqa: BLE001
                found.append(f"environment {name}, {plugin.type} {plugin.name}: {exc}")
        project.deactivate_environment()
    return found


def main(argv: list[str]) -> int:
    """Print what does not resolve; exit 1 if anything."""
    try:
        found = problems(argv or None)
    except Exception as exc:  # noqa: BLE001 - e.g. YAML that does not load
        found = [f"the project does not load: {exc}"]
    for line in found:
        print(line, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
