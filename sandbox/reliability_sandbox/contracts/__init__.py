"""The vendors' own API contracts, reduced to the operations the taps call.

Each `<vendor>.json` is extracted from the vendor's published OpenAPI document by
`sandbox/scripts/extract_contracts.py` (sources and licences: `SOURCES.md`). With them:

* the sandbox checks every request a tap sends and every response it serves against the
  vendor's operation (:meth:`Operation.check_request`, :meth:`Operation.check_response`;
  `Sandbox(check_contracts=True)` records what fails);
* each tap's tests check that every field the vendor documents for a stream's operation is
  declared by the stream, or named in the tap README's table of fields it does not emit
  (:func:`schema_gaps`, :func:`readme_exclusions`).

The schemas are JSON Schema 2020-12 with shared definitions under `$defs`.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

HERE = Path(__file__).parent
VENDORS = ("pagerduty", "sentry", "github", "datadog")
_MAX_PROBLEMS = 10


@dataclass(frozen=True, slots=True)
class Gap:
    """A field the vendor documents that a stream schema lacks or types incompatibly."""

    path: str
    problem: str

    def __str__(self) -> str:
        """`path: problem`."""
        return f"{self.path}: {self.problem}"


@dataclass
class Operation:
    """One operation of a vendor's API (method + path template)."""

    contract: Contract
    method: str
    path: str
    operation_id: str | None
    parameters: list[dict[str, Any]]
    request_body: dict[str, Any] | None
    responses: dict[str, dict[str, Any]]
    pattern: re.Pattern[str] = field(init=False, repr=False)
    _validators: dict[str, jsonschema.protocols.Validator] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        """Compile the path template to a matcher (`{x}` is one path segment)."""
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join(
            f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts
        )
        self.pattern = re.compile(f"^{regex}$")

    @property
    def literal_segments(self) -> int:
        """How specific the template is: templates with more literal text match first."""
        return len(re.sub(r"\{[^}]+\}", "", self.path))

    def response_entry(self, status: int) -> dict[str, Any] | None:
        """The documented response for `status` (exact, then `4XX`-style, then `default`)."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in self.responses:
                return self.responses[key]
        return None

    def response_schema(self, status: int = 200) -> dict[str, Any] | None:
        """The JSON schema of the body documented for `status`, self-contained."""
        entry = self.response_entry(status)
        if entry is None or entry.get("schema") is None:
            return None
        return {**entry["schema"], "$defs": self.contract.defs}

    def examples(self, status: int = 200) -> list[Any]:
        """The vendor's example bodies for `status`."""
        entry = self.response_entry(status)
        return list(entry.get("examples") or []) if entry else []

    def check_response(self, status: int, body: Any) -> list[str]:  # noqa: ANN401
        """Problems of a response against the operation's documented responses."""
        entry = self.response_entry(status)
        if entry is None:
            if status < 300:  # noqa: PLR2004
                return [f"HTTP {status} is not a documented response"]
            return []  # undocumented errors (429, 5xx from a proxy) have no contract
        if entry.get("schema") is None:
            return []
        key = str(status) if str(status) in self.responses else f"r{status}"
        return self._validate(key, entry["schema"], body, "response")

    def audit_response(
        self,
        status: int,
        body: Any,  # noqa: ANN401 - any JSON
        deviations: tuple[str, ...] = (),
    ) -> tuple[list[str], list[str]]:
        """Every place a body departs from its documented schema, against its deviations.

        Uncapped (the contract check stops at ten problems per exchange).

        Returns:
            The places (`response.items[3].name`) no deviation excuses, and the declared
            deviations that excuse nothing (a sandbox that over-excuses hides its mistakes).
        """
        schema = self.response_schema(status)
        places: list[str] = []
        if schema is not None:
            for found in jsonschema.Draft202012Validator(schema).iter_errors(body):
                error = found
                while error.validator in {"anyOf", "oneOf"} and error.context:
                    error = jsonschema.exceptions.best_match(error.context)
                places.append("response" + _place(error))
        problems = [p for p in places if not any(excused(p, d) for d in deviations)]
        unused = [d for d in deviations if not any(excused(p, d) for p in places)]
        return problems, unused

    def check_request(
        self,
        path: str,
        query: dict[str, list[str]],
        body: Any = None,  # noqa: ANN401
    ) -> list[str]:
        """Problems of a request (its concrete path, query and JSON body)."""
        problems: list[str] = []
        match = self.pattern.match(path)
        declared = {(p["in"], p["name"]): p for p in self.parameters}
        path_values = match.groupdict() if match else {}
        for (where, name), param in declared.items():
            if where == "path" and name in path_values:
                problems += self._check_param(param, [path_values[name]])
            elif where == "query" and param.get("required") and name not in query:
                problems.append(f"required query parameter {name!r} is missing")
        for name, values in query.items():
            query_param = declared.get(("query", name))
            if query_param is None:
                problems.append(f"query parameter {name!r} is not a parameter of the operation")
                continue
            problems += self._check_param(query_param, values)
        if self.request_body is not None:
            if body is None:
                if self.request_body.get("required"):
                    problems.append("the operation requires a JSON body")
            else:
                problems += self._validate("request", self.request_body["schema"], body, "body")
        return problems[:_MAX_PROBLEMS]

    def _check_param(self, param: dict[str, Any], values: list[str]) -> list[str]:
        schema = param.get("schema") or {}
        name = param["name"]
        kind = _types(schema, self.contract.defs)
        if "array" in kind:
            items = _deref(schema.get("items") or {}, self.contract.defs)
            raw = values
            if len(values) == 1 and not param.get("explode", True):
                raw = values[0].split(",")
            value: Any = [_coerce(v, _types(items, self.contract.defs)) for v in raw]
        elif len(values) > 1 and (name.endswith("[]") or param.get("explode")):
            # PagerDuty declares repeatable `statuses[]` with an item schema, not an array.
            problems: list[str] = []
            for raw_value in values:
                problems += self._validate(
                    f"param:{param['in']}:{name}",
                    schema,
                    _coerce(raw_value, kind),
                    f"parameter {name!r}",
                )
            return problems
        else:
            if len(values) > 1:
                return [f"query parameter {name!r} is sent {len(values)} times"]
            value = _coerce(values[0], kind)
        return self._validate(f"param:{param['in']}:{name}", schema, value, f"parameter {name!r}")

    def _validate(self, key: str, schema: dict[str, Any], value: Any, what: str) -> list[str]:  # noqa: ANN401
        validator = self._validators.get(key)
        if validator is None:
            full = {**schema, "$defs": self.contract.defs}
            validator = jsonschema.Draft202012Validator(full)
            self._validators[key] = validator
        problems = []
        for found in validator.iter_errors(value):
            # An `anyOf` failure says only "not valid under any"; its closest branch's
            # deepest error says what is wrong.
            error = found
            while error.validator in {"anyOf", "oneOf"} and error.context:
                error = jsonschema.exceptions.best_match(error.context)
            problems.append(f"{what}{_place(error)}: {_describe(error)}")
            if len(problems) >= _MAX_PROBLEMS:
                break
        return problems


@dataclass
class Contract:
    """A vendor's operations, their schemas and where they came from."""

    vendor: str
    source: str
    licence: str
    defs: dict[str, Any]
    operations: list[Operation] = field(default_factory=list)

    def operation(self, method: str, path: str) -> Operation:
        """The operation with exactly this method and path template."""
        for op in self.operations:
            if op.method == method.upper() and op.path == path:
                return op
        msg = f"{self.vendor}: no operation {method.upper()} {path} in the contract"
        raise KeyError(msg)

    def match(self, method: str, path: str) -> Operation | None:
        """The operation a concrete request path belongs to (most literal template first)."""
        method = method.upper()
        candidates = [
            op for op in self.operations if op.method == method and op.pattern.match(path)
        ]
        return max(candidates, key=lambda op: op.literal_segments, default=None)

    def item_schema(self, method: str, path: str, collection: str | None = None) -> dict[str, Any]:
        """The schema of one listed item of an operation's 200 response.

        `collection` names the key holding the list in an enveloped body
        (`incidents`, `data`); without it the body is the list (or the single object).
        """
        schema = self.operation(method, path).response_schema(200) or {}
        node = _merged(schema, self.defs)
        if collection is not None:
            for part in collection.split("."):
                node = _merged((node.get("properties") or {}).get(part) or {}, self.defs)
        if "array" in _types(node, self.defs):
            node = _merged(node.get("items") or {}, self.defs)
        return node


@functools.cache
def load_contract(vendor: str) -> Contract:
    """The committed contract of `vendor` (`pagerduty`, `sentry`, `github`, `datadog`)."""
    raw = json.loads((HERE / f"{vendor}.json").read_text(encoding="utf-8"))
    contract = Contract(
        vendor=raw["vendor"], source=raw["source"], licence=raw["licence"], defs=raw["$defs"]
    )
    contract.operations = [
        Operation(
            contract=contract,
            method=op["method"],
            path=op["path"],
            operation_id=op.get("operation_id"),
            parameters=op["parameters"],
            request_body=op.get("request_body"),
            responses=op["responses"],
        )
        for op in raw["operations"]
    ]
    return contract


def excused(place: str, deviation: str) -> bool:
    """Whether a declared deviation (`response.items[0].x`) covers `place` (it or below)."""
    return place == deviation or place.startswith(
        (f"{deviation}.", f"{deviation}[", f"{deviation}:")
    )


def _place(error: jsonschema.ValidationError) -> str:
    """`.items[3].name`: where in the instance an error is."""
    return "".join(f"[{p!r}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _describe(error: jsonschema.ValidationError) -> str:
    """One short line for a validation error (values cut to 60 characters)."""

    def short(value: Any) -> str:  # noqa: ANN401
        text = repr(value)
        return text if len(text) <= 60 else text[:57] + "..."  # noqa: PLR2004

    if error.validator == "type":
        return f"{short(error.instance)} is not of type {error.validator_value!r}"
    if error.validator == "enum":
        return f"{short(error.instance)} is not one of {short(error.validator_value)}"
    if error.validator == "required" or len(error.message) <= 160:  # noqa: PLR2004
        return error.message
    return f"fails {error.validator} {short(error.validator_value)} for {short(error.instance)}"


# --- schema completeness -------------------------------------------------------------


def schema_gaps(
    stream_schema: dict[str, Any],
    vendor_schema: dict[str, Any],
    defs: dict[str, Any],
    prefix: str = "",
) -> list[Gap]:
    """Fields `vendor_schema` documents that `stream_schema` lacks or types incompatibly.

    Nested objects are compared where the stream declares their properties; an object
    the stream declares free-form (no `properties`) accepts whatever the vendor sends.
    A stream type is compatible when it admits every type the vendor documents (`null`
    may be added, `integer` is a `number`).
    """
    vendor = _merged(vendor_schema, defs)
    theirs = vendor.get("properties") or {}
    ours = stream_schema.get("properties")
    if ours is None:
        return []
    gaps: list[Gap] = []
    for name, their_raw in theirs.items():
        path = f"{prefix}{name}"
        their = _merged(their_raw, defs)
        if their.get("writeOnly"):
            continue
        if name not in ours:
            gaps.append(Gap(path, "documented by the vendor, not declared by the stream"))
            continue
        mine = ours[name]
        want = _types(their, defs)
        have = _types(mine, {})
        if want and have:
            missing = {k for k in want - have if not (k == "integer" and "number" in have)}
            missing.discard("null")
            if missing:
                gaps.append(
                    Gap(path, f"vendor type {sorted(want)} is not admitted by {sorted(have)}")
                )
                continue
        if "object" in want and "object" in have:
            gaps += schema_gaps(mine, their, defs, f"{path}.")
        elif "array" in want and "array" in have:
            item = mine.get("items") or {}
            their_item = _merged(their.get("items") or {}, defs)
            if "object" in _types(their_item, defs) and "object" in _types(item, {}):
                gaps += schema_gaps(item, their_item, defs, f"{path}[].")
    return gaps


_TABLE_ROW = re.compile(r"^\|\s*`?([\w.\-\[\]]+)`?\s*\|\s*`?([\w.\-\[\]]+)`?\s*\|(.+)\|\s*$")


def readme_exclusions(
    readme: str, heading: str = "Fields the vendor documents"
) -> dict[tuple[str, str], str]:
    """`(stream, field path)` -> why, from the README table under `heading`.

    The table has the columns `stream | field | why`; the section ends at the next heading.
    """
    lines = readme.splitlines()
    found: dict[tuple[str, str], str] = {}
    inside = False
    for line in lines:
        if line.startswith("#"):
            inside = heading.lower() in line.lower()
            continue
        if inside:
            row = _TABLE_ROW.match(line.strip())
            if row and row.group(1).lower() != "stream" and not set(row.group(1)) <= {"-"}:
                found[(row.group(1), row.group(2))] = row.group(3).strip()
    return found


# --- schema helpers ------------------------------------------------------------------


def _deref(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
        seen += 1
        if seen > 50:  # noqa: PLR2004
            break
    return schema


def _merged(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """One object view of a schema: `$ref` followed, `allOf` merged, `anyOf`/`oneOf` united."""
    schema = _deref(schema, defs)
    if depth > 20 or not isinstance(schema, dict):  # noqa: PLR2004
        return schema if isinstance(schema, dict) else {}
    parts = [schema]
    for key in ("allOf", "anyOf", "oneOf"):
        parts += [_merged(s, defs, depth + 1) for s in schema.get(key) or []]
    if len(parts) == 1:
        return schema
    out: dict[str, Any] = {k: v for k, v in schema.items() if k not in {"allOf", "anyOf", "oneOf"}}
    props: dict[str, Any] = dict(out.get("properties") or {})
    types: set[str] = set()
    for part in parts:
        types |= _types(part, defs, follow=False)
        for name, value in (part.get("properties") or {}).items():
            props.setdefault(name, value)
        if "items" in part and "items" not in out:
            out["items"] = part["items"]
    if props:
        out["properties"] = props
        types.add("object")
    if types:
        out["type"] = sorted(types)
    return out


def _types(schema: dict[str, Any], defs: dict[str, Any], *, follow: bool = True) -> set[str]:
    """The JSON types a schema admits (empty: unknown or anything)."""
    if follow:
        schema = _deref(schema, defs)
    kind = schema.get("type")
    if isinstance(kind, str):
        found = {kind}
    elif isinstance(kind, list):
        found = set(kind)
    else:
        found = set()
        if "properties" in schema:
            found.add("object")
        if "items" in schema:
            found.add("array")
    if follow:
        for key in ("allOf", "anyOf", "oneOf"):
            for part in schema.get(key) or []:
                found |= _types(part, defs)
    if "enum" in schema and None in schema["enum"]:
        found.add("null")
    return found


def _coerce(raw: str, kinds: set[str]) -> Any:  # noqa: ANN401
    """A query string value as the type its schema expects (left a string if it is not)."""
    if "integer" in kinds and re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if "number" in kinds:
        try:
            return float(raw)
        except ValueError:
            return raw
    if "boolean" in kinds and raw in {"true", "false"}:
        return raw == "true"
    return raw


__all__ = [
    "VENDORS",
    "Contract",
    "Gap",
    "Operation",
    "excused",
    "load_contract",
    "readme_exclusions",
    "schema_gaps",
]
