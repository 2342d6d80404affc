"""Generate every copy of the taps' settings from their `config_jsonschema`.

Each tap's `config_jsonschema` (taps/<tap>/tap_*/tap.py, the transport fragment in
`runtime/reliability_tap_runtime/settings.py`) is the one source. From it this script writes,
between markers, and nowhere else:

- the plugin's `settings:` list in `meltano/extractors.meltano.yml` (name, kind, label,
  description, `sensitive` for a secret, `value` for a default, `options` for allowed values);
  what the schema cannot say — `settings_group_validation`, `select`, `metadata`,
  `capabilities`, `load_schema` — stays as written around the block;
- the tap's section of `.env.example` (one `TAP_X_SETTING` line per setting: uncommented for the
  settings a run needs, commented with the default or an example for the others);
- the settings table of `taps/<tap>/README.md`.

Usage (from the project folder):

    .venv/bin/python scripts/settings.py          # rewrite the generated blocks
    .venv/bin/python scripts/settings.py --check  # exit 1 and show the drift (the tests run this)
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import json
import sys
import typing as t
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXTRACTORS = ROOT / "meltano" / "extractors.meltano.yml"
ENV_EXAMPLE = ROOT / ".env.example"
COMMAND = ".venv/bin/python scripts/settings.py"

#: tap -> its Tap class (`module:Class`).
TAPS = {
    "tap-pagerduty": "tap_pagerduty.tap:TapPagerDuty",
    "tap-sentry": "tap_sentry.tap:TapSentry",
    "tap-datadog": "tap_datadog.tap:TapDatadog",
    "tap-github-reliability": "tap_github_reliability.tap:TapGitHubReliability",
    "tap-postmortems": "tap_postmortems.tap:TapPostmortems",
}


@dataclass(frozen=True)
class Setting:
    """One property of a tap's `config_jsonschema`, as the generated copies need it."""

    name: str
    schema: dict[str, t.Any]
    required: bool

    @property
    def types(self) -> list[str]:
        """JSON types of the value, without `null`."""
        kinds = self.schema.get("type", "string")
        return [k for k in ([kinds] if isinstance(kinds, str) else kinds) if k != "null"]

    @property
    def secret(self) -> bool:
        """Whether the value is a credential."""
        return bool(self.schema.get("secret"))

    @property
    def has_default(self) -> bool:
        """Whether the schema gives a default (the SDK fills it into the tap's config)."""
        return "default" in self.schema

    @property
    def default(self) -> t.Any:  # noqa: ANN401 - any JSON value
        """The schema's default."""
        return self.schema.get("default")

    @property
    def options(self) -> list[t.Any]:
        """Allowed values (`enum`), if any."""
        return list(self.schema.get("enum") or [])

    @property
    def description(self) -> str:
        """The schema's description."""
        return str(self.schema.get("description") or "")

    @property
    def title(self) -> str:
        """The schema's title (the setting's name when it has none)."""
        return str(self.schema.get("title") or self.name)

    def env(self, tap: str) -> str:
        """The variable Meltano (and the SDK with `--config=ENV`) reads the setting from."""
        return f"{tap}_{self.name}".upper().replace("-", "_")

    def meltano_kind(self) -> str:
        """The Meltano setting kind."""
        if self.options:
            return "options"
        if self.schema.get("format") == "date-time":
            return "date_iso8601"
        kind = self.types[0] if self.types else "string"
        return {"number": "decimal"}.get(kind, kind)

    def readme_type(self) -> str:
        """The type column of the README table."""
        if self.options:
            return "one of " + ", ".join(f"`{o}`" for o in self.options)
        kind = self.types[0] if self.types else "string"
        named = {"date-time": "date-time", "uri": "URI"}.get(self.schema.get("format") or "")
        if named:
            return named
        if kind == "array":
            items = self.schema.get("items", {}).get("type", ["string"])
            item = next(k for k in ([items] if isinstance(items, str) else items) if k != "null")
            return f"array of {item}s"
        low, high = self.schema.get("minimum"), self.schema.get("maximum")
        if high is not None:
            return f"{kind} {'' if low is None else low}\N{EN DASH}{high}"
        return str(kind) if low is None else f"{kind} ≥ {low}"


def sdk_builtin_settings() -> set[str]:
    """Settings singer-sdk adds to a tap's schema (stream maps, flattening, batches, ...).

    Building a tap appends them to its class's `config_jsonschema` in place, so in a process
    that has built one (a test worker) they appear beside the tap's own; they are the SDK's,
    documented by it, and never part of the generated copies.
    """
    from singer_sdk.helpers import capabilities  # noqa: PLC0415 - only when asked

    names: set[str] = set()
    for value in vars(capabilities).values():
        if isinstance(value, dict) and isinstance(value.get("properties"), dict):
            names |= set(value["properties"])
    return names


def own_properties(schema: dict[str, t.Any]) -> dict[str, t.Any]:
    """The properties a tap's schema declares itself, without the SDK's built-in ones."""
    builtin = sdk_builtin_settings()
    return {k: v for k, v in schema["properties"].items() if k not in builtin}


def load_settings(tap: str) -> list[Setting]:
    """The settings of `tap`, in the order its schema declares them."""
    module, _, name = TAPS[tap].partition(":")
    schema = getattr(importlib.import_module(module), name).config_jsonschema
    required = set(schema.get("required") or [])
    return [Setting(key, prop, key in required) for key, prop in own_properties(schema).items()]


def _yaml(value: t.Any) -> str:  # noqa: ANN401 - any JSON value
    # JSON is YAML: one quoting rule for every value and description.
    return json.dumps(value, ensure_ascii=False)


#: Settings every tap's Meltano definition declares beyond its schema: the privacy maps' key
#: (docs/privacy.md), read by the SDK's stream maps as `config['pseudonym_key']`. Declared
#: `sensitive` so that `meltano config print` and `config list` show it as redacted.
EXTRA_SETTINGS = {
    "stream_map_config.pseudonym_key": [
        "    - name: stream_map_config.pseudonym_key",
        "      kind: string",
        '      label: "Privacy pseudonym key"',
        "      sensitive: true",
        (
            "      description: \"The key of the privacy maps' pseudonyms (PRIVACY_PSEUDONYM_KEY, "
            'set by the prod and privacy environments; docs/privacy.md)."'
        ),
    ],
}


def meltano_block(tap: str, settings: list[Setting]) -> list[str]:
    """The plugin's `settings:` list (indented for meltano/extractors.meltano.yml)."""
    lines = ["    settings:"]
    for s in settings:
        lines += [f"    - name: {s.name}", f"      kind: {s.meltano_kind()}"]
        lines.append(f"      label: {_yaml(s.title)}")
        if s.secret:
            lines.append("      sensitive: true")
        if s.has_default:
            lines.append(f"      value: {_yaml(s.default)}")
        if s.options:
            lines.append("      options:")
            lines += [f"      - {{label: {_yaml(o)}, value: {_yaml(o)}}}" for o in s.options]
        lines.append(f"      description: {_yaml(s.description)}")
    for extra in EXTRA_SETTINGS.values():
        lines += extra
    del tap
    return lines


def _env_value(s: Setting) -> str:
    value = s.default if s.has_default else (s.schema.get("examples") or [None])[0]
    if value is None:
        return ""
    if isinstance(value, str):
        return value if value and " " not in value else json.dumps(value)
    return f"'{json.dumps(value)}'" if isinstance(value, list | dict) else json.dumps(value)


def env_block(tap: str, settings: list[Setting], needed: set[str]) -> list[str]:
    """The tap's section of .env.example: `needed` settings uncommented, the others commented."""
    lines = []
    for s in settings:
        note = s.title
        if s.options:
            note += ": " + " | ".join(str(o) for o in s.options)
        flags = [f for f, on in (("required", s.required), ("secret", s.secret)) if on]
        if flags:
            note += f" ({', '.join(flags)})"
        if s.name in needed:
            assignment = f"{s.env(tap)}="
            if s.schema.get("examples"):
                note += f", e.g. {_env_value(s)}"
        else:
            assignment = f"# {s.env(tap)}={_env_value(s)}"
        lines.append(f"{assignment:<44} # {note}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def readme_table(tap: str, settings: list[Setting]) -> list[str]:
    """The settings table of the tap's README."""
    lines = [
        "| setting | type | default | description |",
        "|---|---|---|---|",
    ]
    for s in settings:
        flags = [f for f, on in (("required", s.required), ("secret", s.secret)) if on]
        name = f"`{s.name}`" + (f" ({', '.join(flags)})" if flags else "")
        default = f"`{json.dumps(s.default) if not isinstance(s.default, str) else s.default}`"
        if not s.has_default:
            default = "—"
        elif s.default == "":
            default = '`""`'
        lines.append(f"| {name} | {_cell(s.readme_type())} | {default} | {_cell(s.description)} |")
    env = Setting("<setting>", {}, required=False).env(tap)
    return [
        *lines,
        "",
        (
            f"Each setting is also read from `{env}` (e.g. `{settings[0].env(tap)}`): under "
            "Meltano always, standalone with `--config=ENV`."
        ),
    ]


def markers(tap: str, comment: tuple[str, str]) -> tuple[str, str]:
    """Begin and end lines of a generated block, in a file's comment syntax."""
    start, end = comment
    return (
        (
            f"{start}>>> settings of {tap}: generated from its config_jsonschema by "
            f"scripts/settings.py — edit the schema, then run it{end}"
        ),
        f"{start}<<< settings of {tap}{end}",
    )


def replace_block(text: str, begin: str, end: str, body: list[str], where: str) -> str:
    """`text` with the lines between the `begin` and `end` lines replaced by `body`.

    Raises:
        SystemExit: The markers are missing (say where to put them).
    """
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == begin.strip()]
    ends = [i for i, line in enumerate(lines) if line.strip() == end.strip()]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        msg = f"{where}: expected one pair of marker lines\n  {begin}\n  {end}"
        raise SystemExit(msg)
    return "\n".join([*lines[: starts[0] + 1], *body, *lines[ends[0] :]])


def needed_settings(tap: str, settings: list[Setting]) -> set[str]:
    """Settings a run needs: required in the schema, or the plugin's first settings group."""
    plugins = yaml.safe_load(EXTRACTORS.read_text())["plugins"]["extractors"]
    plugin = next(p for p in plugins if p["name"] == tap)
    groups = plugin.get("settings_group_validation") or [[]]
    return {s.name for s in settings if s.required} | set(groups[0])


def generate() -> dict[Path, str]:
    """Every file with generated blocks, as it should read."""
    files = {path: path.read_text() for path in (EXTRACTORS, ENV_EXAMPLE)}
    for tap in TAPS:
        settings = load_settings(tap)
        yml = markers(tap, ("    # ", ""))
        files[EXTRACTORS] = replace_block(
            files[EXTRACTORS], *yml, meltano_block(tap, settings), str(EXTRACTORS)
        )
        env = markers(tap, ("# ", ""))
        body = env_block(tap, settings, needed_settings(tap, settings))
        files[ENV_EXAMPLE] = replace_block(files[ENV_EXAMPLE], *env, body, str(ENV_EXAMPLE))
        readme = ROOT / "taps" / tap / "README.md"
        md = markers(tap, ("<!-- ", " -->"))
        files[readme] = replace_block(
            readme.read_text(), *md, readme_table(tap, settings), str(readme)
        )
    return files


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated blocks, or (`--check`) report where they drifted."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on drift")
    args = parser.parse_args(argv)
    drift = []
    for path, wanted in generate().items():
        current = path.read_text()
        if current == wanted:
            continue
        name = str(path.relative_to(ROOT))
        drift.append(name)
        if args.check:
            sys.stdout.writelines(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    wanted.splitlines(keepends=True),
                    f"{name} (as committed)",
                    f"{name} (from the schemas)",
                )
            )
        else:
            path.write_text(wanted)
            print(f"rewrote the generated settings in {name}")
    if args.check and drift:
        print(
            f"\nSettings drifted from the taps' config_jsonschema in: {', '.join(drift)}.\n"
            f"Regenerate with: {COMMAND}"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
