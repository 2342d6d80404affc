"""Regenerate `reliability_sandbox/contracts/<vendor>.json` from a vendor's OpenAPI document.

The vendors' published API descriptions are the authority on what their APIs accept and
answer. This keeps only the operations the taps call (listed in
`reliability_sandbox/contracts/<vendor>.operations`), with their parameters, the response
schemas per status and the vendor's examples, and rewrites OpenAPI 3.0 schema dialect
(`nullable`, boolean `exclusiveMinimum`, `#/components/...` references) into plain JSON
Schema 2020-12 so that `jsonschema` validates with it. Descriptions, `x-*` extensions and
schema-level examples are dropped to keep the files small and diffable; `oneOf` becomes
`anyOf` (the vendors' alternatives overlap: their own examples match several branches).

Usage (each input is a local file; see `contracts/SOURCES.md` for where to get it)::

    python sandbox/scripts/extract_contracts.py pagerduty openapiv3.json --source "..."
    python sandbox/scripts/extract_contracts.py datadog v1/openapi.yaml v2/openapi.yaml ...

Several documents for one vendor (Datadog's v1 and v2) are merged; their component names
are prefixed with the document's index when they collide.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

CONTRACTS = Path(__file__).resolve().parents[1] / "reliability_sandbox" / "contracts"
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Keys of an OpenAPI schema object that carry no validation meaning for us.
_DROP = {
    "description",
    "example",
    "examples",
    "xml",
    "externalDocs",
    "discriminator",
    "title",
    "readOnly",
    "deprecated",
}


def load_document(path: Path) -> dict[str, Any]:
    """Read a JSON or YAML OpenAPI document."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in {".yaml", ".yml"}:
        import yaml  # noqa: PLC0415 - only the Datadog documents are YAML

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    return json.loads(text)


def read_operations(vendor: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """`(method, path template, extra parameters)` from `<vendor>.operations`.

    A line is `GET /incidents`, optionally followed by `+name:type` tokens: query
    parameters the vendor documents outside its OpenAPI document (its pagination guide,
    say), which the comment on the line must cite.
    """
    ops = []
    for raw in (CONTRACTS / f"{vendor}.operations").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        method, path, *extras = line.split()
        params = []
        for token in extras:
            name, _, kind = token.removeprefix("+").partition(":")
            params.append(
                {
                    "name": name,
                    "in": "query",
                    "required": False,
                    "schema": {"type": kind or "string"},
                    "documented_elsewhere": True,
                }
            )
        ops.append((method.lower(), path, params))
    return ops


class Converter:
    """OpenAPI 3.0 schema objects -> JSON Schema 2020-12, collecting referenced components."""

    def __init__(self, documents: list[dict[str, Any]]) -> None:
        """Index every document's components."""
        self.documents = documents
        self.defs: dict[str, Any] = {}
        self._names: dict[tuple[int, str], str] = {}
        self._pending: list[tuple[int, str, str]] = []

    def ref_name(self, doc: int, ref: str) -> str:
        """The `$defs` name for a `#/components/<kind>/<name>` reference in document `doc`."""
        key = (doc, ref)
        if key not in self._names:
            base = ref.rsplit("/", 1)[-1] if ref.startswith("#/components/") else ref[2:]
            base = base.replace("~1", "_").replace("/", "_")
            taken = set(self._names.values())
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            self._names[key] = name
            self._pending.append((doc, ref, name))
        return self._names[key]

    def resolve(self, doc: int, node: Any) -> Any:  # noqa: ANN401
        """Follow `$ref`s (responses, parameters) to the object they name."""
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            node = self.lookup(doc, node["$ref"])
            seen += 1
            if seen > 20:  # noqa: PLR2004
                msg = f"reference cycle at {node!r}"
                raise ValueError(msg)
        return node

    def lookup(self, doc: int, ref: str) -> Any:  # noqa: ANN401
        """The object at a local JSON pointer."""
        if not ref.startswith("#/"):
            msg = f"only local references are supported, got {ref}"
            raise ValueError(msg)
        node: Any = self.documents[doc]
        for part in ref[2:].split("/"):
            key = part.replace("~1", "/").replace("~0", "~")
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node

    def schema(self, doc: int, node: Any) -> Any:  # noqa: ANN401, C901, PLR0912
        """Convert one schema object (recursively)."""
        if isinstance(node, list):
            return [self.schema(doc, n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return {"$ref": f"#/$defs/{self.ref_name(doc, node['$ref'])}"}
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in _DROP or key.startswith("x-") or key == "nullable":
                continue
            if key == "properties":
                out[key] = {k: self.schema(doc, v) for k, v in value.items()}
            elif key in {"items", "additionalProperties", "not"}:
                out[key] = self.schema(doc, value) if isinstance(value, dict) else value
            elif key == "oneOf":
                # Vendors write `oneOf` where alternatives overlap (PagerDuty's own
                # examples match two branches); "at least one" is what they mean.
                out["anyOf"] = [self.schema(doc, v) for v in value]
            elif key in {"allOf", "anyOf"}:
                out[key] = [self.schema(doc, v) for v in value]
            elif key in {"exclusiveMinimum", "exclusiveMaximum"} and isinstance(value, bool):
                bound = "minimum" if key == "exclusiveMinimum" else "maximum"
                if value and bound in node:
                    out[key] = node[bound]
            else:
                out[key] = value
        if isinstance(out.get("exclusiveMinimum"), (int, float)) and node.get("exclusiveMinimum"):
            out.pop("minimum", None)
        if isinstance(out.get("exclusiveMaximum"), (int, float)) and node.get("exclusiveMaximum"):
            out.pop("maximum", None)
        if node.get("nullable") is True:
            out = _nullable(out)
        return out

    def drain(self) -> None:
        """Convert every component referenced so far (and what those reference)."""
        while self._pending:
            doc, ref, name = self._pending.pop()
            self.defs[name] = self.schema(doc, self.lookup(doc, ref))


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI 3.0 `nullable: true` in JSON Schema terms."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"], **_null_enum(schema)}
    if isinstance(kind, list):
        return {**schema, "type": sorted({*kind, "null"}), **_null_enum(schema)}
    return {"anyOf": [schema, {"type": "null"}]}


def _null_enum(schema: dict[str, Any]) -> dict[str, Any]:
    return {"enum": [*schema["enum"], None]} if "enum" in schema else {}


def extract(vendor: str, paths: list[Path], source: str, licence: str) -> dict[str, Any]:
    """Build the compact contract of `vendor` from its OpenAPI documents."""
    documents = [load_document(p) for p in paths]
    conv = Converter(documents)
    operations: list[dict[str, Any]] = []
    for method, template, extras in read_operations(vendor):
        found = [
            (i, d["paths"][template][method])
            for i, d in enumerate(documents)
            if method in d.get("paths", {}).get(template, {})
        ]
        if not found:
            msg = f"{vendor}: {method.upper()} {template} is not in the vendor's documents"
            raise SystemExit(msg)
        doc, op = found[0]
        path_item = documents[doc]["paths"][template]
        params = [
            conv.resolve(doc, p)
            for p in [*path_item.get("parameters", []), *op.get("parameters", [])]
        ]
        operations.append(
            {
                "method": method.upper(),
                "path": template,
                "operation_id": op.get("operationId"),
                "parameters": [
                    {
                        "name": p["name"],
                        "in": p["in"],
                        "required": bool(p.get("required", p["in"] == "path")),
                        **({"style": p["style"]} if "style" in p else {}),
                        **({"explode": p["explode"]} if "explode" in p else {}),
                        "schema": conv.schema(doc, p.get("schema", {})),
                    }
                    for p in params
                ]
                + [e for e in extras if e["name"] not in {p["name"] for p in params}],
                "request_body": _request_body(conv, doc, op),
                "responses": _responses(conv, doc, op),
            }
        )
    conv.drain()
    return {
        "vendor": vendor,
        "source": source,
        "licence": licence,
        "generated_by": "sandbox/scripts/extract_contracts.py",
        "operations": operations,
        "$defs": dict(sorted(conv.defs.items())),
    }


def _json_content(content: dict[str, Any] | None) -> dict[str, Any] | None:
    for media, value in (content or {}).items():
        if media.startswith("application/json") or media.endswith("+json"):
            return value
    return None


def _request_body(conv: Converter, doc: int, op: dict[str, Any]) -> dict[str, Any] | None:
    body = conv.resolve(doc, op.get("requestBody"))
    media = _json_content((body or {}).get("content"))
    if media is None:
        return None
    return {
        "required": bool(body.get("required")),
        "schema": conv.schema(doc, media.get("schema", {})),
    }


def _responses(conv: Converter, doc: int, op: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for status, raw in op.get("responses", {}).items():
        response = conv.resolve(doc, raw)
        media = _json_content(response.get("content"))
        entry: dict[str, Any] = {"schema": None, "examples": []}
        if media is not None:
            entry["schema"] = conv.schema(doc, media.get("schema", {}))
            if "example" in media:
                entry["examples"].append(media["example"])
            for example in (media.get("examples") or {}).values():
                resolved = conv.resolve(doc, example)
                if "value" in resolved:
                    entry["examples"].append(resolved["value"])
        out[str(status)] = entry
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("vendor", help="pagerduty, sentry, github or datadog")
    parser.add_argument("documents", nargs="+", type=Path, help="the vendor's OpenAPI document(s)")
    parser.add_argument("--source", required=True, help="where the documents came from")
    parser.add_argument("--licence", required=True, help="the documents' licence")
    args = parser.parse_args(argv)
    contract = extract(args.vendor, args.documents, args.source, args.licence)
    out = CONTRACTS / f"{args.vendor}.json"
    out.write_text(json.dumps(contract, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    size = out.stat().st_size
    print(
        f"{out}: {len(contract['operations'])} operations, {len(contract['$defs'])} schemas, "
        f"{size / 1024:.0f} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
