#!/usr/bin/env python3
"""Write the privacy stream maps and the allowlist table from one spec, meltano/privacy.yml.

The spec says, per map (one per extractor or mapper), per stream, per field, what privacy on
does with it — `pseudonymise`, `drop` or `keep` — how (a named shape, or a raw stream-map
expression for the odd nested field) and why. From it this script writes:

- the `stream_maps: &privacy_<map>` blocks of meltano/environments.meltano.yml, each between
  its `# privacy-maps: begin <map>` and `# privacy-maps: end <map>` lines (nothing else in the
  file is touched);
- the table of kept personal fields in docs/privacy.md, between
  `<!-- privacy-maps: begin allowlist -->` and `<!-- privacy-maps: end allowlist -->`.

Usage: `scripts/privacy_maps.py` (write) or `scripts/privacy_maps.py --check` (exit 1 and name
the files when what is committed differs from what the spec gives; tests/test_privacy_maps.py
runs it).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "meltano" / "privacy.yml"
ENVIRONMENTS = ROOT / "meltano" / "environments.meltano.yml"
DOC = ROOT / "docs" / "privacy.md"
COMMAND = "scripts/privacy_maps.py"
WIDTH = 100

TREATMENTS = ("pseudonymise", "scrub", "drop", "keep")

#: The keyed pseudonym of one value, the same in every map: sha256(key + trimmed lower case).
_P = "sha256(config['pseudonym_key'] + {v}.strip().lower())"
_OPT_OUT_LIST = "[o.strip() for o in config.get('opt_out', '').lower().split(',') if o.strip()]"
#: Every stream's filter starts with the key check: with no key (or a short one) the run fails
#: at its first record, naming the variable, instead of storing unkeyed hashes.
KEY_CHECK = (
    "(config.get('pseudonym_key', '')[31:] or "
    "config['PRIVACY_PSEUDONYM_KEY is unset or shorter than 32 characters'])"
)
_MENTION = (
    "(('@' if {w}.startswith('@') else '') + "
    + _P.format(v="{w}.lstrip('@')")
    + ") if '@' in {w}.lstrip('@') else {w}"
)
_PERSON_KEYS = "('email', 'username', 'handle', 'name')"
_PICTURE_KEYS = "('avatarUrl', 'avatar', 'image_48_px')"
_GUARD = " if record.get('{f}') else record.get('{f}')"

#: The named shapes a field's `how` can take; `{f}` is the field, `{keys}` its `keys` as a tuple.
SHAPES: dict[str, str] = {
    # a string: its pseudonym (null stays null)
    "value": _P.format(v="record.get('{f}')") + " if record.get('{f}') else None",
    # a list of strings: each one's pseudonym
    "list": "[" + _P.format(v="v") + " for v in record.get('{f}') if v]" + _GUARD,
    # a PagerDuty reference object: its `summary` (the name) when it refers to a user
    "user_ref": "({rk: ("
    + _P.format(v="rx")
    + " if rk == 'summary' and rx else rx) for rk, rx in record.get('{f}').items()} if "
    "str(record.get('{f}').get('type')).startswith('user') else record.get('{f}'))" + _GUARD,
    # a list of PagerDuty reference objects
    "user_refs": "[({rk: ("
    + _P.format(v="rx")
    + " if rk == 'summary' and rx else rx) for rk, rx in it.items()} if "
    "str(it.get('type')).startswith('user') else it) for it in record.get('{f}')]" + _GUARD,
    # a person object: e-mail, username, handle and name pseudonymised, pictures dropped
    "person": "{pk: (None if pk in "
    + _PICTURE_KEYS
    + " else ("
    + _P.format(v="px")
    + " if pk in "
    + _PERSON_KEYS
    + " and px else px)) for pk, px in record.get('{f}').items()}"
    + _GUARD,
    # an object without the keys listed in `keys`
    "without_keys": "{wk: wx for wk, wx in record.get('{f}').items() if wk not in {keys}}" + _GUARD,
    # a text: e-mail-shaped words (Datadog's `@jane@x.com` handles) pseudonymised
    "mentions": "'\\n'.join(' '.join("
    + _MENTION.format(w="tw")
    + " for tw in tl.split(' ')) for tl in record.get('{f}').split('\\n'))"
    + _GUARD,
    # a list of handles: the e-mail-shaped ones pseudonymised
    "mention_list": "[" + _MENTION.format(w="h") + " for h in record.get('{f}')]" + _GUARD,
    # the value replaced by null (the column stays)
    "null": "None",
    # free text: e-mail addresses pseudonymised, phone numbers and IPs replaced (the runtime's
    # function, reliability_tap_runtime.scrub: registered in every tap that imports the runtime
    # and in the survey's mapper, meltano/plugins/map-transform-scrub)
    "scrub": "scrub_text(record.get('{f}'), config['pseudonym_key'])",
}
#: The treatment each shape implements (`expression` says its own).
SHAPE_TREATMENT = {
    "value": "pseudonymise",
    "list": "pseudonymise",
    "user_ref": "pseudonymise",
    "user_refs": "pseudonymise",
    "person": "pseudonymise",
    "mentions": "pseudonymise",
    "mention_list": "pseudonymise",
    "without_keys": "drop",
    "null": "drop",
    "scrub": "scrub",
}


def _rule_error(rule: dict[str, Any]) -> str | None:  # noqa: PLR0911 (one check a line)
    """What is wrong with one field's rule, if anything."""
    treatment, how = rule.get("treatment"), rule.get("how")
    if treatment not in TREATMENTS:
        return f"treatment must be one of {TREATMENTS}, not {treatment!r}"
    if not rule.get("reason"):
        return "every field needs a reason"
    if treatment == "keep":
        return "a kept field has no map (drop its `how`)" if how else None
    if how == "expression":
        return None if rule.get("expression") else "how: expression needs an `expression`"
    if how not in SHAPES:
        return f"how must be 'expression' or one of {sorted(SHAPES)}"
    if SHAPE_TREATMENT[how] != treatment:
        return f"shape {how!r} does {SHAPE_TREATMENT[how]}, not {treatment}"
    return None


def load_spec(path: Path = SPEC) -> dict[str, Any]:
    """Read and check the spec.

    Raises:
        ValueError: a field without a known treatment, shape or reason.
    """
    spec = yaml.safe_load(path.read_text())
    for name, block in spec["maps"].items():
        for stream, entry in block["streams"].items():
            for field, rule in entry.get("fields", {}).items():
                error = _rule_error(rule)
                if error:
                    msg = f"{name}.{stream}.{field}: {error}"
                    raise ValueError(msg)
    return spec


def field_expression(field: str, rule: dict[str, Any]) -> str:
    """The stream-map expression of one field's rule."""
    if rule["how"] == "expression":
        return " ".join(rule["expression"].split())
    keys = tuple(rule.get("keys", ()))
    return SHAPES[rule["how"]].replace("{f}", field).replace("{keys}", repr(keys))


def filter_expression(entry: dict[str, Any]) -> str:
    """A stream's `__filter__`: the key check, and the opt-out list on `opt_out_by`."""
    parts = [KEY_CHECK]
    parts += [f"not {e}.strip().lower() in {_OPT_OUT_LIST}" for e in entry.get("opt_out_by", [])]
    return " and ".join(parts)


def stream_maps(spec: dict[str, Any], name: str) -> dict[str, dict[str, str]]:
    """One map's `stream_maps` value, as Meltano will parse it."""
    maps: dict[str, dict[str, str]] = {}
    for stream, entry in spec["maps"][name]["streams"].items():
        fields = {"__filter__": filter_expression(entry)}
        for field, rule in entry.get("fields", {}).items():
            if rule["treatment"] != "keep":
                fields[field] = field_expression(field, rule)
        # A stream with only kept fields (the allowlist) has no map.
        if len(fields) > 1 or entry.get("opt_out_by"):
            maps[stream] = fields
    return maps


def _scalar(key: str, value: str, indent: int) -> list[str]:
    pad = " " * indent
    if re.fullmatch(r"\w+", value):
        return [f"{pad}{key}: {value}"]
    lines = textwrap.wrap(
        value,
        width=WIDTH - indent - 2,
        break_long_words=False,
        break_on_hyphens=False,
    )
    folded = [f"{pad}{key}: >-"] + [f"{pad}  {line}" for line in lines]
    # Folding joins the lines with one space: the text must read back exactly.
    if yaml.safe_load("\n".join(line[indent:] for line in folded))[key] != value:
        msg = f"{key}: the folded text does not read back as the expression"
        raise ValueError(msg)
    return folded


def render_block(spec: dict[str, Any], name: str, indent: int) -> list[str]:
    """The `stream_maps: &privacy_<name>` lines, at `indent`."""
    pad = " " * indent
    lines = [f"{pad}stream_maps: &privacy_{name}"]
    for stream, fields in stream_maps(spec, name).items():
        lines.append(f"{pad}  {stream}:")
        for field, expression in fields.items():
            lines += _scalar(field, expression, indent + 4)
    return lines


_BEGIN = re.compile(r"^(?P<pad> *)# privacy-maps: begin (?P<name>\w+)\b.*$")


def render_environments(spec: dict[str, Any], text: str) -> str:
    """`text` (the environments file) with every marked block regenerated.

    Raises:
        ValueError: a begin marker without its end, or a map the file does not mark.
    """
    lines = text.split("\n")
    out: list[str] = []
    seen: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        begin = _BEGIN.match(line)
        if not begin:
            continue
        name, pad = begin["name"], begin["pad"]
        end = f"{pad}# privacy-maps: end {name}"
        try:
            j = lines.index(end, i)
        except ValueError:
            msg = f"{ENVIRONMENTS.name}: no line {end.strip()!r} after the begin marker"
            raise ValueError(msg) from None
        out += render_block(spec, name, len(pad))
        out.append(end)
        seen.add(name)
        i = j + 1
    missing = set(spec["maps"]) - seen
    if missing:
        msg = f"{ENVIRONMENTS.name}: no '# privacy-maps: begin' block for {sorted(missing)}"
        raise ValueError(msg)
    return "\n".join(out)


DOC_BEGIN = "<!-- privacy-maps: begin allowlist -->"
DOC_END = "<!-- privacy-maps: end allowlist -->"


def render_allowlist(spec: dict[str, Any]) -> list[str]:
    """The markdown table of every field privacy on keeps (as it is, or scrubbed), and why."""
    rows = [
        f"<!-- generated by {COMMAND} from meltano/privacy.yml: edit the spec, not this table -->",
        "",
        "| map | stream | field | kept | why |",
        "|---|---|---|---|---|",
    ]
    kept = {"keep": "as it is", "scrub": "scrubbed"}
    for block in spec["maps"].values():
        for stream, entry in block["streams"].items():
            for field, rule in entry.get("fields", {}).items():
                if rule["treatment"] in kept:
                    reason = " ".join(rule["reason"].split()).replace("|", "\\|")
                    how = kept[rule["treatment"]]
                    rows.append(f"| {block['plugin']} | {stream} | `{field}` | {how} | {reason} |")
    return rows


def render_doc(spec: dict[str, Any], text: str) -> str:
    """`text` (docs/privacy.md) with the allowlist table regenerated.

    Raises:
        ValueError: the markers are missing.
    """
    lines = text.split("\n")
    try:
        start, stop = lines.index(DOC_BEGIN), lines.index(DOC_END)
    except ValueError:
        msg = f"{DOC.name}: the lines {DOC_BEGIN} and {DOC_END} are missing"
        raise ValueError(msg) from None
    return "\n".join([*lines[: start + 1], *render_allowlist(spec), *lines[stop:]])


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the generated parts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report drift (exit 1)")
    args = parser.parse_args(argv)
    spec = load_spec()
    stale = []
    for path, render in ((ENVIRONMENTS, render_environments), (DOC, render_doc)):
        current = path.read_text()
        wanted = render(spec, current)
        if wanted != current:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(wanted)
    if args.check and stale:
        names = ", ".join(map(str, stale))
        print(f"{names}: out of date with meltano/privacy.yml; run {COMMAND}", file=sys.stderr)
        return 1
    for path in stale:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
