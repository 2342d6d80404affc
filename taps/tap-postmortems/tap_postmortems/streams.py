"""Streams: one record per postmortem document, and its child rows.

The ``postmortems`` stream lists documents changed since the bookmark, fetches and parses
them one at a time and emits them in ``(modified_time, id)`` order, so the bookmark only
moves through completed documents and an interrupted run resumes where it stopped.
Documents modified after the listing began are left for the next run: the bookmark never
passes the moment the listing started, so an edit made during a sync is never skipped.

Child rows (affected products, root causes, timeline events, action items) travel with
their document: each document's rows are emitted right after it, keyed by the document
id and a position, and carry the document's ``modified_time`` so that rows of an older
revision can be told apart downstream.
"""

from __future__ import annotations

import typing as t

from singer_sdk import Stream
from singer_sdk import typing as th
from typing_extensions import override

from tap_postmortems.document import read_document
from tap_postmortems.parser import CORE_FIELDS, Parsed, ParseOptions, parse_document
from tap_postmortems.sources import (
    DOCUMENT,
    DocumentUnavailableError,
    DriveSource,
    LocalSource,
    sniff,
)

if t.TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from singer_sdk.helpers.types import Context, Record
    from singer_sdk.tap_base import Tap

    from tap_postmortems.document import Document
    from tap_postmortems.sources import SourceDocument


def _ts(name: str, description: str) -> th.Property:
    return th.Property(name, th.DateTimeType, description=description)


POSTMORTEM_SCHEMA = th.PropertiesList(
    th.Property(
        "document_id",
        th.StringType,
        required=True,
        description="Drive file id, or the path under `local_path`.",
    ),
    th.Property("document_name", th.StringType, description="The document's file name."),
    th.Property("source", th.StringType, description="`google_drive` or `local`."),
    th.Property(
        "folder_id",
        th.StringType,
        description="Id (or relative path) of the folder holding the document.",
    ),
    th.Property(
        "drive_id", th.StringType, description="Shared drive id, when the document lives in one."
    ),
    th.Property(
        "postmortem_link",
        th.StringType,
        description="Link to the document (Drive `webViewLink` or a file URI).",
    ),
    _ts("modified_time", "When the document was last modified (the replication key)."),
    _ts("created_time", "When the document was created (Drive only)."),
    th.Property(
        "version",
        th.IntegerType,
        description="Drive's version number of the document (grows with every edit).",
    ),
    th.Property(
        "incident_name",
        th.StringType,
        description="The incident's name: the document title without 'Postmortem:'-style prefixes.",
    ),
    th.Property(
        "statuspage_link",
        th.StringType,
        description="Link to the public status-page post about the incident.",
    ),
    th.Property(
        "incident_date",
        th.DateType,
        description="Day of the incident, as stated (else the day of the first trigger).",
    ),
    _ts("time_of_first_trigger", "When the impact began (UTC)."),
    _ts("time_of_customer_detect", "When a customer first reported the problem (UTC)."),
    _ts("time_of_internal_detect", "When the organisation detected it: alert or page (UTC)."),
    _ts("time_of_recovery", "When the service recovered (UTC)."),
    _ts("time_of_reconcile", "When affected data was reconciled (UTC)."),
    _ts("time_of_rca", "When the root cause was established (UTC)."),
    th.Property(
        "time_of_first_trigger_assumed",
        th.BooleanType,
        description="True when no row or sentence marks the start of impact and the first "
        "timeline row (or the first time the text states) was taken for it; "
        "`parse_warnings` says which.",
    ),
    th.Property(
        "time_of_internal_detect_assumed",
        th.BooleanType,
        description="True when nothing marks the detection and the first timeline row was "
        "taken for it (time to detect then reads 0 by assumption, not by measure).",
    ),
    th.Property(
        "stated_minutes_to_detect",
        th.NumberType,
        description="Time to detect as the document states it ('Time to detection: 8 minutes'), "
        "in minutes; a disagreement with its timestamps is listed in `parse_warnings`.",
    ),
    th.Property(
        "stated_minutes_to_recover",
        th.NumberType,
        description="Time to recover / repair / mitigate (or the outage's duration) as the "
        "document states it, in minutes.",
    ),
    th.Property(
        "stated_minutes_to_resolve",
        th.NumberType,
        description="Time to resolve (close) the incident as the document states it, in minutes.",
    ),
    th.Property(
        "number_of_impacted_customers", th.IntegerType, description="Customers (accounts) impacted."
    ),
    th.Property("number_of_failed_requests", th.IntegerType, description="Requests that failed."),
    th.Property(
        "severity_level", th.StringType, description="Severity, normalised to `SEV1`…`SEV5`."
    ),
    th.Property(
        "reliability_gaps",
        th.ArrayType(th.StringType),
        description="Gaps named under 'What went wrong'-style sections.",
    ),
    th.Property("summary", th.StringType, description="The summary/overview section's text."),
    th.Property(
        "impact",
        th.StringType,
        description="The impact section's text (facts read as labels left out).",
    ),
    th.Property("trigger", th.StringType, description="What triggered the incident."),
    th.Property(
        "detection_method",
        th.StringType,
        description="`customer` or `internal`: who noticed first (as stated, else from "
        "the detection times).",
    ),
    th.Property(
        "status",
        th.StringType,
        description="The postmortem's status: `draft`, `in_review`, `final` (else as "
        "written, lower case).",
    ),
    th.Property(
        "authors", th.ArrayType(th.StringType), description="Authors / owners of the postmortem."
    ),
    th.Property(
        "incident_links",
        th.ArrayType(
            th.ObjectType(
                th.Property(
                    "system",
                    th.StringType,
                    description="`pagerduty`, `datadog`, `sentry` or `github`.",
                ),
                th.Property(
                    "id",
                    th.StringType,
                    description="The incident/issue id parsed from the URL "
                    "(`owner/repo#n` on GitHub).",
                ),
                th.Property("url", th.StringType, description="The link as found in the document."),
            )
        ),
        description="Links to incidents and issues in other tools found in the document.",
    ),
    th.Property(
        "pagerduty_incident_id",
        th.StringType,
        description="The first PagerDuty incident id linked.",
    ),
    th.Property(
        "datadog_incident_id", th.StringType, description="The first Datadog incident id linked."
    ),
    th.Property(
        "parse_status",
        th.StringType,
        description="`ok` (the incident's name, date, start, detection, recovery, severity "
        "and root causes found; optional facts may still be listed in `parse_warnings`), "
        "`partial` (one of those missing: see `parse_warnings`) or `failed` (see "
        "`parse_error`).",
    ),
    th.Property(
        "parse_error", th.StringType, description="Why the document could not be read at all."
    ),
    th.Property(
        "parse_warnings",
        th.ArrayType(th.StringType),
        description="Each field not found or not understood, and why.",
    ),
).to_dict()


def _child_schema(*props: th.Property) -> dict[str, t.Any]:
    return th.PropertiesList(
        th.Property(
            "document_id", th.StringType, required=True, description="The postmortem document's id."
        ),
        th.Property(
            "position",
            th.IntegerType,
            required=True,
            description="0-based position in the document.",
        ),
        _ts("modified_time", "The document revision the row was read from."),
        *props,
    ).to_dict()


class PostmortemsStream(Stream):
    """One record per postmortem document."""

    name = "postmortems"
    primary_keys: t.ClassVar[list[str]] = ["document_id"]
    replication_key = "modified_time"
    is_sorted = True
    schema = POSTMORTEM_SCHEMA

    def __init__(self, tap: Tap) -> None:
        """Create the stream; the source is opened on first sync."""
        super().__init__(tap)
        self.current: Parsed | None = None
        self.current_id: str | None = None
        self.current_modified: datetime | None = None
        self._options: ParseOptions | None = None

    def _source(self) -> LocalSource | DriveSource:
        config = self.config
        kind = config.get("source") or ("local" if config.get("local_path") else "google_drive")
        if kind == "local":
            return LocalSource(
                str(config["local_path"]),
                self.logger,
                float(config["max_document_mb"]),
            )
        return DriveSource(config, self.logger)

    @property
    def options(self) -> ParseOptions:
        """How documents are read (zone, aliases), from the settings."""
        if self._options is None:
            from zoneinfo import ZoneInfo  # noqa: PLC0415

            self._options = ParseOptions(
                default_zone=ZoneInfo(str(self.config["default_timezone"])),
                aliases=dict(self.config.get("field_aliases") or {}),
                day_first=bool(self.config["day_first"]),
            )
        return self._options

    @override
    def get_records(self, context: Context | None) -> Iterable[Record]:
        source = self._source()
        try:
            yield from self._records(source, context)
        finally:
            source.close()

    def _records(
        self, source: LocalSource | DriveSource, context: Context | None
    ) -> Iterable[Record]:
        since = self.get_starting_timestamp(context)
        docs = source.list_documents(since)
        cutoff = source.server_now
        later = [d for d in docs if cutoff is not None and d.modified_time > cutoff]
        if later:
            self.logger.info(
                "%d document(s) changed after the listing began; left for the next sync",
                len(later),
            )
        docs = [d for d in docs if cutoff is None or d.modified_time <= cutoff]
        docs.sort(key=lambda d: (d.modified_time, d.id))
        self.logger.info("%d document(s) to read from %s", len(docs), source.kind)
        for doc in docs:
            record, parsed = self._read(source, doc)
            self.current, self.current_id, self.current_modified = parsed, doc.id, doc.modified_time
            yield record
        self.current = self.current_id = None

    def _read(
        self, source: LocalSource | DriveSource, doc: SourceDocument
    ) -> tuple[Record, Parsed | None]:
        record: dict[str, t.Any] = {
            "document_id": doc.id,
            "document_name": doc.name,
            "source": source.kind,
            "folder_id": doc.folder_id,
            "drive_id": doc.drive_id,
            "postmortem_link": doc.link,
            "modified_time": doc.modified_time,
            "created_time": doc.created_time,
            "version": doc.version,
        }
        try:
            text = source.fetch(doc)
        except DocumentUnavailableError as exc:
            self.logger.warning("Document %s (%s) not read: %s", doc.id, doc.name, exc)
            return self._failed(record, str(exc)), None
        try:
            html = doc.mime_type in (DOCUMENT, "text/html") or (
                doc.mime_type not in ("text/markdown", "text/x-markdown")
                and sniff(text[:8192].encode("utf-8", "replace")) == "text/html"
            )
            document = read_document(text, html=html)
            if document.is_empty() or not any(ch.isalpha() for ch in _all_text(document)):
                return self._failed(record, "the document is empty"), None
            parsed = parse_document(document, self.options, doc.name)
        except Exception as exc:  # one odd document must not end the run
            self.logger.exception("Document %s (%s) could not be parsed", doc.id, doc.name)
            return self._failed(record, f"unreadable document: {type(exc).__name__}: {exc}"), None
        found = [k for k, v in parsed.fields.items() if v not in (None, [], "")]
        structure = parsed.root_causes or parsed.timeline or parsed.action_items or len(found) > 3  # noqa: PLR2004
        if not structure:
            return self._failed(
                record,
                "no postmortem structure found (no known labels, and no root cause, timeline "
                "or action item sections); see `field_aliases` to teach the tap other labels",
            ), None
        record.update(parsed.fields)
        record["parse_warnings"] = parsed.warnings
        # Partial means a core fact is missing, not that a warning was written: a time taken
        # on an assumption (the first timeline row as the start) is found, and says so.
        missing_core = not parsed.root_causes or any(
            parsed.fields.get(k) in (None, "", []) for k in CORE_FIELDS if k != "root_causes"
        )
        record["parse_status"] = "partial" if missing_core else "ok"
        record["parse_error"] = None
        return record, parsed

    @staticmethod
    def _failed(record: dict[str, t.Any], reason: str) -> dict[str, t.Any]:
        record.update(
            {
                "parse_status": "failed",
                "parse_error": reason,
                "parse_warnings": [],
                "authors": [],
                "reliability_gaps": [],
                "incident_links": [],
            }
        )
        return record

    @override
    def get_child_context(self, record: Record, context: Context | None) -> dict[str, t.Any]:
        return {"document_id": record["document_id"]}


def _all_text(doc: Document) -> str:
    parts = [doc.title or ""]
    for section in doc.sections:
        parts.append(section.title)
        for block in section.blocks:
            parts.extend(block.lines())
    return " ".join(parts)


class _ChildStream(Stream):
    """Rows of the document the parent stream has just emitted."""

    parent_stream_type = PostmortemsStream
    primary_keys: t.ClassVar[list[str]] = ["document_id", "position"]
    # Children travel with their document; a state partition per document would be noise.
    state_partitioning_keys: t.ClassVar[list[str]] = []

    def __init__(self, tap: Tap, parent: PostmortemsStream) -> None:
        """Create the stream reading from ``parent``'s current document."""
        super().__init__(tap)
        self.parent = parent

    def rows(self, parsed: Parsed) -> list[dict[str, t.Any]]:
        """The child rows of one parsed document (without keys)."""
        raise NotImplementedError

    @override
    def get_records(self, context: Context | None) -> Iterable[Record]:
        parsed = self.parent.current
        if context is None or parsed is None or self.parent.current_id != context["document_id"]:
            return
        modified = self.parent.current_modified
        for position, row in enumerate(self.rows(parsed)):
            yield {
                "document_id": context["document_id"],
                "position": position,
                "modified_time": modified,
                **row,
            }


class AffectedProductsStream(_ChildStream):
    """(entity, product) pairs the incident affected."""

    name = "affected_products"
    schema = _child_schema(
        th.Property("entity_name", th.StringType, description="The affected service or entity."),
        th.Property(
            "product", th.StringType, description="One product of that entity that was affected."
        ),
    )

    @override
    def rows(self, parsed: Parsed) -> list[dict[str, t.Any]]:
        return [{"entity_name": e, "product": p} for e, p in parsed.affected]


class RootCausesStream(_ChildStream):
    """Root causes (contributing factors), one per row."""

    name = "root_causes"
    schema = _child_schema(
        th.Property("text", th.StringType, description="The root cause as written.")
    )

    @override
    def rows(self, parsed: Parsed) -> list[dict[str, t.Any]]:
        return [{"text": text} for text in parsed.root_causes]


class TimelineEventsStream(_ChildStream):
    """Entries of the document's timeline."""

    name = "timeline_events"
    schema = _child_schema(
        _ts("occurred_at", "When it happened (UTC); empty when the entry has no readable time."),
        th.Property("time_text", th.StringType, description="The time as written."),
        th.Property("text", th.StringType, description="What happened."),
        th.Property(
            "actor", th.StringType, description="Who acted, when the timeline has a 'Who' column."
        ),
    )

    @override
    def rows(self, parsed: Parsed) -> list[dict[str, t.Any]]:
        return [dict(e) for e in parsed.timeline]


class ActionItemsStream(_ChildStream):
    """Follow-up actions agreed in the postmortem."""

    name = "action_items"
    schema = _child_schema(
        th.Property("text", th.StringType, description="The action."),
        th.Property("owner", th.StringType, description="Who owns it."),
        th.Property("due_date", th.DateType, description="When it is due."),
        th.Property(
            "ticket",
            th.StringType,
            description="Tracking ticket key (e.g. `REL-123`, `owner/repo#12`).",
        ),
        th.Property(
            "ticket_url",
            th.StringType,
            description="Link to the ticket, when the document links it.",
        ),
        th.Property(
            "status", th.StringType, description="`open`, `in progress` or `done`, when stated."
        ),
    )

    @override
    def rows(self, parsed: Parsed) -> list[dict[str, t.Any]]:
        return [dict(a) for a in parsed.action_items]
