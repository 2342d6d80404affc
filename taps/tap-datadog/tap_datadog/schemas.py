"""JSON schemas of the Datadog streams; every property is described.

Nested objects whose shape varies by type (monitor options, test configs, incident
fields) are declared as objects with their common properties and
`additionalProperties`, so they land whole as JSON.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

_TS = th.DateTimeType
_STR = th.StringType
_INT = th.IntegerType
_NUM = th.NumberType
_BOOL = th.BooleanType
_TAGS = th.ArrayType(th.StringType)


def _p(name: str, type_: t.Any, description: str, *, required: bool = False) -> th.Property:  # noqa: ANN401
    return th.Property(name, type_, description=description, required=required)


def _free(*props: th.Property) -> th.ObjectType:
    """An object with known properties that may carry others."""
    return th.ObjectType(*props, additional_properties=True)


def _person(what: str) -> th.ObjectType:
    return th.ObjectType(
        _p("email", _STR, f"Email of the {what}."),
        _p("handle", _STR, f"Handle of the {what}."),
        _p("name", _STR, f"Name of the {what}."),
    )


def _user_ref(what: str) -> th.ObjectType:
    return th.ObjectType(
        _p(
            "data",
            th.ObjectType(
                _p("id", _STR, f"UUID of the {what}."),
                _p("type", _STR, "Relationship type (`users`)."),
            ),
            f"The {what}.",
        )
    )


MONITOR = th.PropertiesList(
    _p("id", _INT, "Monitor ID.", required=True),
    _p("org_id", _INT, "Datadog organisation ID."),
    _p("name", _STR, "Monitor name."),
    _p("type", _STR, "Monitor type (`query alert`, `service check`, `synthetics alert`, ...)."),
    _p("query", _STR, "The monitor's query, including its comparison and threshold."),
    _p("message", _STR, "Notification message; its `@handles` are the notification targets."),
    _p("tags", _TAGS, "Monitor tags (`service:<name>`, `team:<name>`, ...)."),
    _p(
        "notification_targets",
        _TAGS,
        "`@` handles found in `message` (tap-derived): who is notified (PagerDuty services, "
        "Slack channels, emails, webhooks).",
    ),
    _p(
        "options",
        _free(
            _p(
                "thresholds",
                _free(
                    _p("critical", _NUM, "Critical threshold."),
                    _p("warning", _NUM, "Warning threshold."),
                    _p("ok", _NUM, "OK threshold (service checks)."),
                    _p("critical_recovery", _NUM, "Recovery threshold from critical."),
                    _p("warning_recovery", _NUM, "Recovery threshold from warning."),
                    _p("unknown", _NUM, "Unknown threshold (service checks)."),
                ),
                "Alert thresholds.",
            ),
            _p("notify_no_data", _BOOL, "Whether missing data notifies."),
            _p("no_data_timeframe", _INT, "Minutes without data before notifying."),
            _p("notify_audit", _BOOL, "Whether changes to the monitor notify."),
            _p("renotify_interval", _INT, "Minutes before re-notifying an unresolved alert."),
            _p("include_tags", _BOOL, "Whether notifications include the triggering tags."),
            _p("require_full_window", _BOOL, "Whether a full evaluation window is required."),
            _p("new_group_delay", _INT, "Seconds before new groups are evaluated."),
            _p("evaluation_delay", _INT, "Seconds the evaluation is delayed."),
            _p("escalation_message", _STR, "Message for re-notifications."),
            _p("silenced", _free(), "Silenced scopes and until when."),
        ),
        "Monitor options (type-specific; unknown options are kept).",
    ),
    _p("priority", _INT, "Priority 1 (highest) to 5, or null."),
    _p("multi", _BOOL, "Whether the monitor alerts per group (multi-alert)."),
    _p("created", _TS, "When the monitor was created."),
    _p("modified", _TS, "When the monitor definition was last modified."),
    _p("deleted", _TS, "When the monitor was deleted, if it was."),
    _p("restricted_roles", _TAGS, "Roles allowed to edit the monitor (null: all)."),
    _p("overall_state", _STR, "Current state: `OK`, `Alert`, `Warn`, `No Data`, ..."),
    _p("overall_state_modified", _TS, "When `overall_state` last changed."),
    _p("creator", _person("monitor's creator"), "Who created the monitor."),
    _p("state", _free(), "Per-group states (only with `group_states`)."),
    _p(
        "matching_downtimes",
        th.ArrayType(_free()),
        "Active downtimes matching the monitor (only with `with_downtimes`).",
    ),
)

_MONITOR_REF = _free(
    _p("id", _INT, "Monitor ID."),
    _p("name", _STR, "Monitor name."),
    _p("query", _STR, "Monitor query."),
    _p("type", _STR, "Monitor type."),
    _p("tags", _TAGS, "Monitor tags."),
    _p("group_status", _INT, "Group status code at the event (0 OK, 1 warn, 2 alert, ...)."),
    _p("groups", _TAGS, "Groups of the monitor concerned."),
    _p("created_at", _INT, "Monitor creation time (epoch ms)."),
    _p("modified", _INT, "Monitor modification time (epoch ms)."),
    _p("templated_name", _STR, "Monitor name with template variables resolved."),
    _p("message", _STR, "Monitor message."),
)

MONITOR_EVENT = th.PropertiesList(
    _p("id", _STR, "Event ID.", required=True),
    _p("type", _STR, "Resource type (`event`)."),
    _p("timestamp", _TS, "When the transition happened (the replication key)."),
    _p("message", _STR, "Event text."),
    _p("tags", _TAGS, "Event tags (`service:`, `team:`, `monitor:`, `source:alert`, ...)."),
    _p("monitor_id", _INT, "ID of the monitor that transitioned (tap-derived)."),
    _p("status", _STR, "Event status: `error`/`warning` when alerting, `success` on recovery."),
    _p(
        "transition",
        _STR,
        "Transition from the title (`Triggered`, `Recovered`, `Warn`, `Re-Triggered`, ...); "
        "tap-derived.",
    ),
    _p("title", _STR, "Event title."),
    _p(
        "attributes",
        _free(
            _p(
                "evt",
                _free(
                    _p("id", _STR, "Legacy event ID."),
                    _p("source_id", _INT, "Source ID (36 = monitor alerts)."),
                    _p("type", _STR, "Event type."),
                ),
                "Event metadata.",
            ),
            _p("timestamp", _INT, "Event time (epoch ms)."),
            _p("title", _STR, "Event title."),
            _p("status", _STR, "Event status."),
            _p("priority", _STR, "Priority (`normal`, `low`)."),
            _p("source_type_name", _STR, "Source (`Monitor Alert`)."),
            _p("sourcecategory", _STR, "Source category (`monitor`)."),
            _p("service", _STR, "Service of the event."),
            _p("hostname", _STR, "Host of the event."),
            _p("aggregation_key", _STR, "Aggregation key."),
            _p("monitor_id", _INT, "Monitor ID."),
            _p("monitor_groups", _TAGS, "Monitor groups concerned."),
            _p("duration", _INT, "Nanoseconds between trigger and recovery (recoveries)."),
            _p("monitor", _MONITOR_REF, "The monitor at the time of the event."),
            _p("tags", _TAGS, "Event tags."),
            _p("date_happened", _INT, "Event time (epoch seconds)."),
            _p("related_event_id", _INT, "Related event ID."),
        ),
        "The event's own attributes, as served.",
    ),
)

DOWNTIME = th.PropertiesList(
    _p("id", _INT, "Downtime ID.", required=True),
    _p("active", _BOOL, "Whether the downtime is in effect now."),
    _p("canceled", _INT, "When the downtime was cancelled (epoch seconds), if it was."),
    _p("creator_id", _INT, "ID of the user who created it."),
    _p("updater_id", _INT, "ID of the user who last updated it."),
    _p("disabled", _BOOL, "Whether the downtime is disabled."),
    _p("downtime_type", _INT, "Downtime type code."),
    _p("start", _INT, "Start (epoch seconds) of the current or next occurrence."),
    _p("end", _INT, "End (epoch seconds) of the current or next occurrence."),
    _p("message", _STR, "Message of the downtime."),
    _p("monitor_id", _INT, "Monitor silenced, if one only."),
    _p("monitor_tags", _TAGS, "Tags of the monitors silenced."),
    _p("scope", _TAGS, "Scopes silenced (`service:x`, `team:y`, ...)."),
    _p("timezone", _STR, "Time zone of the schedule."),
    _p("recurrence", _free(), "Recurrence rule (type, period, week days, until)."),
    _p("parent_id", _INT, "Parent downtime of a recurring one."),
    _p("child_id", _INT, "Current child of a recurring downtime."),
    _p("mute_first_recovery_notification", _BOOL, "Whether the first recovery is muted."),
    _p("notify_end_states", _TAGS, "Monitor states that notify when the downtime ends."),
    _p("notify_end_types", _TAGS, "Ends that notify (`canceled`, `expired`)."),
    _p("active_child", _free(), "The active child of a recurring downtime."),
)

SYNTHETICS_TEST = th.PropertiesList(
    _p("public_id", _STR, "Public ID of the test.", required=True),
    _p("name", _STR, "Test name."),
    _p("type", _STR, "`api`, `browser` or `mobile`."),
    _p("subtype", _STR, "API test subtype (`http`, `ssl`, `dns`, `tcp`, `multi`, ...)."),
    _p("status", _STR, "`live` or `paused`."),
    _p("locations", _TAGS, "Locations the test runs from."),
    _p("tags", _TAGS, "Test tags."),
    _p("message", _STR, "Notification message."),
    _p("monitor_id", _INT, "ID of the test's monitor."),
    _p("config", _free(), "Request and assertions (type-specific)."),
    _p("options", _free(), "Schedule (`tick_every`), retries, monitor options, devices."),
    _p("creator", _person("test's creator"), "Who created the test."),
    _p("created_at", _TS, "When the test was created."),
    _p("modified_at", _TS, "When the test was last modified."),
    _p("steps", th.ArrayType(_free()), "Browser test steps."),
)

SYNTHETICS_RESULT = th.PropertiesList(
    _p("result_id", _STR, "Result ID.", required=True),
    _p("public_id", _STR, "Public ID of the test (tap-added)."),
    _p("test_type", _STR, "`api` or `browser` (tap-added)."),
    _p("checked_at", _TS, "`check_time` as a timestamp (tap-derived; the replication key)."),
    _p("check_time", _NUM, "When the test ran (epoch milliseconds)."),
    _p("probe_dc", _STR, "Location the test ran from."),
    _p("status", _INT, "Monitor status: 0 not triggered, 1 triggered, 2 no data."),
    _p(
        "passed",
        _BOOL,
        "Whether the run passed (tap-derived: API `result.passed`; browser no errors).",
    ),
    _p(
        "result",
        _free(
            _p("passed", _BOOL, "Whether the API test passed."),
            _p(
                "timings",
                _free(
                    _p("dns", _NUM, "DNS resolution (ms)."),
                    _p("tcp", _NUM, "TCP connection (ms)."),
                    _p("ssl", _NUM, "TLS handshake (ms)."),
                    _p("wait", _NUM, "Time to first byte (ms)."),
                    _p("download", _NUM, "Download (ms)."),
                    _p("total", _NUM, "Total (ms)."),
                ),
                "API test timings.",
            ),
            _p("device", _free(), "Browser device."),
            _p("duration", _NUM, "Browser run duration (ms)."),
            _p("errorCount", _INT, "Errors collected in the browser run."),
            _p("stepCountCompleted", _INT, "Browser steps completed."),
            _p("stepCountTotal", _INT, "Browser steps in total."),
        ),
        "Result summary (type-specific).",
    ),
)

_THRESHOLD = _free(
    _p("timeframe", _STR, "`7d`, `30d`, `90d` or `custom`."),
    _p("target", _NUM, "Target percentage."),
    _p("target_display", _STR, "Target as displayed."),
    _p("warning", _NUM, "Warning percentage."),
    _p("warning_display", _STR, "Warning as displayed."),
)

SLO = th.PropertiesList(
    _p("id", _STR, "SLO ID.", required=True),
    _p("name", _STR, "SLO name."),
    _p("description", _STR, "SLO description."),
    _p("type", _STR, "`metric`, `monitor` or `time_slice`."),
    _p("type_id", _INT, "Numeric type: 0 monitor, 1 metric, 2 time slice."),
    _p("tags", _TAGS, "SLO tags."),
    _p("thresholds", th.ArrayType(_THRESHOLD), "Targets per timeframe."),
    _p("target_threshold", _NUM, "Target of the primary timeframe."),
    _p("warning_threshold", _NUM, "Warning of the primary timeframe."),
    _p("timeframe", _STR, "Primary timeframe."),
    _p("created_at", _INT, "Creation time (epoch seconds)."),
    _p("modified_at", _INT, "Modification time (epoch seconds)."),
    _p("creator", _person("SLO's creator"), "Who created the SLO."),
    _p("monitor_ids", th.ArrayType(_INT), "Monitors of a monitor SLO."),
    _p("monitor_tags", _TAGS, "Tags of the monitors of a monitor SLO."),
    _p("groups", _TAGS, "Groups of a grouped monitor SLO."),
    _p(
        "query",
        _free(
            _p("numerator", _STR, "Good events query."),
            _p("denominator", _STR, "Total events query."),
        ),
        "Queries of a metric SLO.",
    ),
    _p("sli_specification", _free(), "Specification of a time-slice SLO."),
)

SLO_HISTORY = th.PropertiesList(
    _p("slo_id", _STR, "SLO ID.", required=True),
    _p("date", th.DateType, "UTC day (the replication key).", required=True),
    _p("slo_type", _STR, "`metric` or `monitor`."),
    _p("sli_value", _NUM, "SLI of the day, in percent (good / total)."),
    _p("good_events", _NUM, "Metric SLOs: good events in the day."),
    _p("total_events", _NUM, "Metric SLOs: total events in the day."),
    _p("uptime_seconds", _NUM, "Monitor SLOs: seconds up in the day."),
    _p("total_seconds", _NUM, "Monitor SLOs: seconds with data in the day."),
    _p("target", _NUM, "Target of the SLO's primary timeframe."),
    _p("timeframe", _STR, "The SLO's primary timeframe (`7d`, `30d`, `90d`)."),
    _p(
        "error_budget_remaining",
        _NUM,
        "Error budget left by the day alone, in percent of the day's budget "
        "((sli - target) / (100 - target) * 100, Datadog's formula); negative when burned "
        "beyond it.",
    ),
)

_FIELD = _free(
    _p("type", _STR, "Field type (`dropdown`, `textbox`, `autocomplete`, ...)."),
    _p("value", th.CustomType({"type": ["string", "array", "null"]}), "Field value."),
)

INCIDENT = th.PropertiesList(
    _p("id", _STR, "Incident UUID.", required=True),
    _p("type", _STR, "Resource type (`incidents`)."),
    _p("public_id", _INT, "Incident number shown in the UI."),
    _p("title", _STR, "Incident title."),
    _p("created", _TS, "When the incident was created."),
    _p("modified", _TS, "When the incident was last modified (the replication key)."),
    _p("declared", _TS, "When the incident was declared."),
    _p("detected", _TS, "When the issue was detected."),
    _p("resolved", _TS, "When the incident was last resolved."),
    _p("archived", _TS, "When the incident was archived."),
    _p("customer_impacted", _BOOL, "Whether customers were impacted."),
    _p("customer_impact_start", _TS, "When customer impact started."),
    _p("customer_impact_end", _TS, "When customer impact ended."),
    _p("customer_impact_duration", _INT, "Seconds of customer impact."),
    _p("customer_impact_scope", _STR, "Summary of the customer impact."),
    _p("time_to_detect", _INT, "Seconds from customer impact start to detection (Datadog's)."),
    _p("time_to_internal_response", _INT, "Seconds from detection to declaration (Datadog's)."),
    _p("time_to_repair", _INT, "Seconds from detection to customer impact end (Datadog's)."),
    _p("time_to_resolve", _INT, "Seconds from creation to resolution (Datadog's)."),
    _p("severity", _STR, "`SEV-1` (highest) to `SEV-5`, or `UNKNOWN`."),
    _p("state", _STR, "`active`, `stable`, `resolved` (or custom states)."),
    _p("visibility", _STR, "Visibility (`organization`, `private`)."),
    _p("is_test", _BOOL, "Whether this is a test incident."),
    _p("case_id", _INT, "Linked case ID."),
    _p("incident_type_uuid", _STR, "Incident type UUID."),
    _p("declared_by_uuid", _STR, "UUID of the user who declared it."),
    _p("declared_by", _free(), "Non-Datadog declarer."),
    _p("non_datadog_creator", _free(), "Creator outside Datadog (Slack, ...)."),
    _p(
        "fields",
        th.ObjectType(additional_properties=_FIELD),
        "User-defined fields by name (severity, state, detection method, services, teams, "
        "root cause, ...), each `{type, value}`.",
    ),
    _p(
        "notification_handles",
        th.ArrayType(
            th.ObjectType(
                _p("display_name", _STR, "Display name."),
                _p("handle", _STR, "Notification handle (`@slack-...`, `@pagerduty-...`)."),
            )
        ),
        "Who is notified of updates.",
    ),
    _p(
        "relationships",
        _free(
            _p("commander_user", _user_ref("incident commander"), "Incident commander."),
            _p("created_by_user", _user_ref("creator"), "Creator."),
            _p("last_modified_by_user", _user_ref("last modifier"), "Last modifier."),
            _p("attachments", _free(), "Attachments (postmortem, links)."),
            _p("integrations", _free(), "Integrations (Slack channels, Jira, ...)."),
            _p("responders", _free(), "Responders (`data`: user references)."),
            _p("user_defined_fields", _free(), "User-defined field references."),
            _p("impacts", _free(), "Impact records."),
        ),
        "Related users and objects, as served.",
    ),
)

INCIDENT_TODO = th.PropertiesList(
    _p("id", _STR, "Todo UUID.", required=True),
    _p("type", _STR, "Resource type (`incident_todos`)."),
    _p("incident_id", _STR, "UUID of the incident."),
    _p("content", _STR, "The action item."),
    _p("assignees", th.ArrayType(th.CustomType({})), "Assignees (`@handle` strings or users)."),
    _p("completed", _TS, "When the todo was completed, if it was."),
    _p("due_date", _STR, "Due date (YYYY-MM-DD)."),
    _p("created", _TS, "When the todo was created."),
    _p("modified", _TS, "When the todo was last modified."),
    _p(
        "incident_modified",
        _TS,
        "`modified` of the incident when its todos were read (tap-added; the replication key).",
    ),
    _p(
        "relationships",
        _free(
            _p("created_by_user", _user_ref("creator"), "Creator."),
            _p("last_modified_by_user", _user_ref("last modifier"), "Last modifier."),
        ),
        "Related users, as served.",
    ),
)
