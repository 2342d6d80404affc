"""JSON schemas of the Datadog streams; every property is described.

Every field Datadog's own API document lists for the operation a stream reads is declared
(the contract tests check it), plus the fields its API sends without documenting them
(`created_at` of monitors, `created`/`uuid`/`status` of downtimes, `created_by_uuid` of
incidents, ...). Objects whose shape varies by type or that Datadog documents only loosely
(test configs, monitor variables, scheduling options, SLI specifications) are declared as
free-form objects (`_blob`): they land whole as JSON. Every new field is nullable and no
field is restricted to an enum, so values Datadog adds later pass through.
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


def _blob() -> th.CustomType:
    """A free-form object: whatever Datadog sends, kept whole (no declared properties)."""
    return th.CustomType({"type": ["object", "null"]})


def _blobs() -> th.ArrayType:
    """A list of free-form objects."""
    return th.ArrayType(th.CustomType({"type": ["object", "null"]}))


def _person(what: str, *, with_id: bool = False) -> th.ObjectType:
    props = [
        _p("email", _STR, f"Email of the {what}."),
        _p("handle", _STR, f"Handle of the {what}."),
        _p("name", _STR, f"Name of the {what}."),
    ]
    if with_id:
        props.insert(0, _p("id", _INT, f"Numeric user ID of the {what} (undocumented)."))
    return th.ObjectType(*props)


def _ref(what: str, kind: str) -> th.ObjectType:
    return th.ObjectType(
        _p("id", _STR, f"ID of the {what}."),
        _p("type", _STR, f"Resource type (`{kind}`)."),
    )


def _user_ref(what: str) -> th.ObjectType:
    return th.ObjectType(_p("data", _ref(what, "users"), f"The {what}."))


def _refs(what: str, kind: str) -> th.ObjectType:
    return th.ObjectType(
        _p("data", th.ArrayType(_ref(what, kind)), f"References to the {what}s."),
    )


_MONITOR_OPTIONS = _free(
    _p("aggregation", _blob(), "Aggregation of the query (`group_by`, `metric`, `type`)."),
    _p("device_ids", _TAGS, "Devices a Synthetics monitor runs on."),
    _p("enable_logs_sample", _BOOL, "Whether a log sample is sent when a log monitor triggers."),
    _p("enable_samples", _BOOL, "Whether a list of samples is sent when the monitor triggers."),
    _p("escalation_message", _STR, "Message for re-notifications."),
    _p("evaluation_delay", _INT, "Seconds the evaluation is delayed."),
    _p(
        "group_retention_duration",
        _STR,
        "Time after which groups with missing data are dropped from the monitor state.",
    ),
    _p(
        "groupby_simple_monitor",
        _BOOL,
        "Whether a log alert triggers one alert (rather than one per group).",
    ),
    _p("include_tags", _BOOL, "Whether notifications include the triggering tags."),
    _p("locked", _BOOL, "Whether only the creator and admins can edit (deprecated by Datadog)."),
    _p("min_failure_duration", _INT, "Synthetics: seconds in failure before alerting."),
    _p("min_location_failed", _INT, "Synthetics: locations failing at once before alerting."),
    _p("new_group_delay", _INT, "Seconds before new groups are evaluated."),
    _p("new_host_delay", _INT, "Seconds before a new host is evaluated (deprecated by Datadog)."),
    _p("no_data_timeframe", _INT, "Minutes without data before notifying."),
    _p(
        "notification_preset_name",
        _STR,
        "What notifications show (`show_all`, `hide_query`, `hide_handles`, ...).",
    ),
    _p("notify_audit", _BOOL, "Whether changes to the monitor notify."),
    _p("notify_by", _TAGS, "Group tags the monitor alerts by (`*` for one alert)."),
    _p("notify_no_data", _BOOL, "Whether missing data notifies."),
    _p(
        "on_missing_data",
        _STR,
        "What happens without data (`default`, `show_no_data`, `resolve`, ...).",
    ),
    _p("renotify_interval", _INT, "Minutes before re-notifying an unresolved alert."),
    _p("renotify_occurrences", _INT, "How many times a re-notification is sent."),
    _p("renotify_statuses", _TAGS, "Statuses that re-notify (`alert`, `warn`, `no data`)."),
    _p("require_full_window", _BOOL, "Whether a full evaluation window is required."),
    _p("scheduling_options", _blob(), "Evaluation window and custom schedule options."),
    _p("silenced", _blob(), "Silenced scopes and until when (epoch seconds, or null)."),
    _p("synthetics_check_id", _STR, "ID of the Synthetic test a Synthetics monitor watches."),
    _p("threshold_windows", _blob(), "Anomaly monitors: trigger and recovery windows."),
    _p(
        "thresholds",
        _free(
            _p("critical", _NUM, "Critical threshold."),
            _p("critical_query", _STR, "Query evaluated as a dynamic critical threshold."),
            _p("critical_recovery", _NUM, "Recovery threshold from critical."),
            _p(
                "critical_recovery_query",
                _STR,
                "Query evaluated as a dynamic critical recovery threshold.",
            ),
            _p("ok", _NUM, "OK threshold (service checks)."),
            _p("unknown", _NUM, "Unknown threshold (service checks)."),
            _p("warning", _NUM, "Warning threshold."),
            _p("warning_recovery", _NUM, "Recovery threshold from warning."),
        ),
        "Alert thresholds.",
    ),
    _p("timeout_h", _INT, "Hours without data before a triggered monitor resolves itself."),
    _p("variables", _blobs(), "Formula and function queries the monitor query refers to."),
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
    _p("options", _MONITOR_OPTIONS, "Monitor options (type-specific; unknown options are kept)."),
    _p("priority", _INT, "Priority 1 (highest) to 5, or null."),
    _p("multi", _BOOL, "Whether the monitor alerts per group (multi-alert)."),
    _p("created", _TS, "When the monitor was created."),
    _p("created_at", _INT, "When the monitor was created, epoch milliseconds (undocumented)."),
    _p("modified", _TS, "When the monitor definition was last modified."),
    _p("deleted", _TS, "When the monitor was deleted, if it was."),
    _p("draft_status", _STR, "`draft` (does not notify) or `published`."),
    _p(
        "assets",
        _blobs(),
        "Links to act on alerts (runbooks, dashboards): `category`, `name`, `url`, ...",
    ),
    _p("restricted_roles", _TAGS, "Roles allowed to edit the monitor (null: all)."),
    _p("overall_state", _STR, "Current state: `OK`, `Alert`, `Warn`, `No Data`, ..."),
    _p("overall_state_modified", _TS, "When `overall_state` last changed."),
    _p("creator", _person("monitor's creator", with_id=True), "Who created the monitor."),
    _p(
        "state",
        th.ObjectType(_p("groups", _blob(), "State of each group, by group name.")),
        "Per-group states (only with `group_states`).",
    ),
    _p(
        "matching_downtimes",
        th.ArrayType(
            th.ObjectType(
                _p("id", _INT, "Downtime ID."),
                _p("start", _INT, "Start (epoch seconds)."),
                _p("end", _INT, "End (epoch seconds), or null."),
                _p("scope", _TAGS, "Scopes the downtime applies to."),
            )
        ),
        "Active downtimes matching the monitor (filled only with `with_downtimes`).",
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
    _p("created_at", _INT, "Monitor creation time (epoch)."),
    _p("modified", _INT, "Monitor modification time (epoch)."),
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
                    _p("integration_id", _STR, "Integration ID of the event."),
                    _p("name", _STR, "Event name."),
                    _p("source_id", _INT, "Source ID (36 = monitor alerts)."),
                    _p("type", _STR, "Event type."),
                    _p("uid", _STR, "Unique identifier of the event."),
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
            _p("device_name", _STR, "Device of the event."),
            _p("event_object", _STR, "Event object (Datadog: the event title)."),
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

_RECURRENCE = th.ObjectType(
    _p("type", _STR, "`days`, `weeks`, `months`, `years` or `rrule`."),
    _p("period", _INT, "Repeat every this many `type` units."),
    _p("rrule", _STR, "iCalendar RRULE of the recurrence (`type` `rrule`)."),
    _p("week_days", _TAGS, "Week days it repeats on (`Mon`, ...)."),
    _p("until_date", _INT, "When the recurrence ends (epoch seconds), or null."),
    _p("until_occurrences", _INT, "How many times it recurs, or null."),
)

DOWNTIME = th.PropertiesList(
    _p("id", _INT, "Downtime ID.", required=True),
    _p("uuid", _STR, "UUID of the downtime, its v2 ID (undocumented in v1)."),
    _p("org_id", _INT, "Datadog organisation ID (undocumented)."),
    _p("active", _BOOL, "Whether the downtime is in effect now."),
    _p(
        "status",
        _STR,
        "`active`, `scheduled`, `ended` or `canceled` (undocumented in v1; the v2 status).",
    ),
    _p("canceled", _INT, "When the downtime was cancelled (epoch seconds), if it was."),
    _p("created", _INT, "When the downtime was created (epoch seconds; undocumented)."),
    _p("modified", _INT, "When the downtime was last modified (epoch seconds; undocumented)."),
    _p("creator_id", _INT, "ID of the user who created it."),
    _p(
        "creator",
        _person("downtime's creator", with_id=True),
        "Who created it (undocumented; sent with `with_creator=true`).",
    ),
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
    _p("recurrence", _RECURRENCE, "Recurrence rule of a recurring downtime."),
    _p("parent_id", _INT, "Parent downtime of a recurring one."),
    _p("child_id", _INT, "Current child of a recurring downtime."),
    _p("mute_first_recovery_notification", _BOOL, "Whether the first recovery is muted."),
    _p("notify_end_states", _TAGS, "Monitor states that notify when the downtime ends."),
    _p("notify_end_types", _TAGS, "Ends that notify (`canceled`, `expired`)."),
    _p(
        "active_child",
        _blob(),
        "The active occurrence of a recurring downtime (a downtime object of its own).",
    ),
)

_SYNTHETICS_OPTIONS = _free(
    _p("tick_every", _INT, "Seconds between runs."),
    _p("min_failure_duration", _INT, "Seconds in failure before alerting."),
    _p("min_location_failed", _INT, "Locations failing at once before alerting."),
    _p("retry", _blob(), "Retries before a run fails (`count`, `interval` in ms)."),
    _p("monitor_name", _STR, "Name of the test's monitor."),
    _p("monitor_priority", _INT, "Priority of the test's monitor, 1 (high) to 5."),
    _p("monitor_options", _blob(), "Monitor options (`renotify_interval`, ...)."),
    _p("restricted_roles", _TAGS, "Roles allowed to read and edit the test."),
    _p("device_ids", _TAGS, "Browser tests: devices the test runs on."),
    _p("scheduling", _blob(), "Advanced scheduling: `timeframes` and `timezone`."),
    _p("ci", _blob(), "CI/CD options (`executionRule`)."),
    _p("rumSettings", _blob(), "Browser tests: RUM data collection settings."),
    _p("httpVersion", _STR, "HTTP version (`http1`, `http2`, `any`)."),
    _p("follow_redirects", _BOOL, "HTTP tests: whether redirects are followed."),
    _p("allow_insecure", _BOOL, "API tests: whether insecure content may load."),
    _p("accept_self_signed", _BOOL, "SSL tests: whether self-signed certificates pass."),
    _p("checkCertificateRevocation", _BOOL, "SSL tests: whether revoked certificates fail."),
    _p(
        "disableAiaIntermediateFetching",
        _BOOL,
        "SSL tests: whether fetching intermediate certificates (AIA) is off.",
    ),
    _p("ignore_certificate_validation", _BOOL, "SSL tests: whether validation is skipped."),
    _p("ignoreServerCertificateError", _BOOL, "Browser tests: ignore certificate errors."),
    _p("blockedRequestPatterns", _TAGS, "Browser tests: URL patterns blocked."),
    _p("captureNetworkPayloads", _BOOL, "Browser tests: capture request/response payloads."),
    _p("disableCors", _BOOL, "Browser tests: whether CORS is disabled."),
    _p("disableCsp", _BOOL, "Browser tests: whether Content Security Policy is disabled."),
    _p("enableProfiling", _BOOL, "Browser tests: whether profiling is on."),
    _p("enableSecurityTesting", _BOOL, "Browser tests: whether security testing is on."),
    _p("initialNavigationTimeout", _INT, "Browser tests: seconds before the first step fails."),
    _p("noScreenshot", _BOOL, "Browser tests: whether step screenshots are not saved."),
    _p("bits_ai_auto_investigate", _BOOL, "Whether Bits AI investigates the test's alerts."),
)

SYNTHETICS_TEST = th.PropertiesList(
    _p("public_id", _STR, "Public ID of the test.", required=True),
    _p("name", _STR, "Test name."),
    _p("type", _STR, "`api`, `browser`, `mobile` or `network`."),
    _p(
        "subtype",
        _STR,
        "API test subtype (`http`, `ssl`, `dns`, `tcp`, `multi`, ...); absent or null for "
        "browser tests.",
    ),
    _p("status", _STR, "`live` or `paused`."),
    _p("locations", _TAGS, "Locations the test runs from."),
    _p("tags", _TAGS, "Test tags."),
    _p("message", _STR, "Notification message."),
    _p("monitor_id", _INT, "ID of the test's monitor."),
    _p(
        "config",
        _blob(),
        "What the test does (type-specific): `request`, `assertions`, `variables`, "
        "`configVariables`.",
    ),
    _p("options", _SYNTHETICS_OPTIONS, "Schedule (`tick_every`), retries, alerting, devices."),
    _p("creator", _person("test's creator"), "Who created the test."),
    _p("created_at", _TS, "When the test was created."),
    _p("modified_at", _TS, "When the test was last modified."),
    _p("steps", _blobs(), "Browser test steps."),
)

SYNTHETICS_RESULT = th.PropertiesList(
    _p("result_id", _STR, "Result ID.", required=True),
    _p("public_id", _STR, "Public ID of the test (tap-added)."),
    _p("test_type", _STR, "`api` or `browser` (tap-added)."),
    _p("checked_at", _TS, "`check_time` as a timestamp (tap-derived; the replication key)."),
    _p("check_time", _NUM, "When the test ran (epoch milliseconds)."),
    _p("check_version", _INT, "Version of the result format (undocumented)."),
    _p("device_id", _STR, "Browser tests: device of the run (undocumented)."),
    _p("probe_dc", _STR, "Location the test ran from."),
    _p("status", _INT, "Monitor status: 0 not triggered, 1 triggered, 2 no data."),
    _p(
        "passed",
        _BOOL,
        "Whether the run passed (tap-derived: `result.passed`; a browser run without it "
        "passes when it has no errors).",
    ),
    _p(
        "result",
        _free(
            _p("passed", _BOOL, "Whether the run passed."),
            _p(
                "timings",
                _free(
                    _p("dns", _NUM, "DNS resolution (ms)."),
                    _p("tcp", _NUM, "TCP connection (ms)."),
                    _p("ssl", _NUM, "TLS handshake (ms)."),
                    _p("handshake", _NUM, "TLS handshake (ms; some test types)."),
                    _p("firstByte", _NUM, "Time to first byte (ms)."),
                    _p("redirect", _NUM, "Time spent in redirections (ms)."),
                    _p("wait", _NUM, "Waiting for the response (ms)."),
                    _p("download", _NUM, "Download (ms)."),
                    _p("total", _NUM, "Total (ms)."),
                ),
                "API test timings.",
            ),
            _p(
                "device",
                _free(
                    _p("id", _STR, "Device ID (`chrome.laptop_large`, ...)."),
                    _p("name", _STR, "Device name."),
                    _p("height", _INT, "Screen height (px)."),
                    _p("width", _INT, "Screen width (px)."),
                    _p("isMobile", _BOOL, "Whether the device is a mobile one."),
                ),
                "Browser device.",
            ),
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
        "Queries of a metric SLO (absent for other types).",
    ),
    _p(
        "sli_specification",
        _blob(),
        "Specification of a time-slice SLO (`time_slice`) or a count one (`count`).",
    ),
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

SLO_CORRECTION = th.PropertiesList(
    _p("id", _STR, "Correction ID.", required=True),
    _p("type", _STR, "Resource type (`correction`)."),
    _p("slo_id", _STR, "The one SLO the correction applies to (null with `slo_query`)."),
    _p("slo_query", _STR, "Query matching the SLOs the correction applies to (else null)."),
    _p("start", _INT, "Start of the corrected window (epoch seconds)."),
    _p("end", _INT, "End of a one-time corrected window (epoch seconds; null if recurring)."),
    _p("duration", _INT, "Length of each occurrence of a recurring correction, in seconds."),
    _p(
        "rrule",
        _STR,
        "Recurrence of a recurring correction (RFC 5545: FREQ, INTERVAL, COUNT, UNTIL, BYDAY).",
    ),
    _p("timezone", _STR, "Time zone the correction is shown in (times are UTC epochs)."),
    _p(
        "category",
        _STR,
        "Why: `Scheduled Maintenance`, `Outside Business Hours`, `Deployment` or `Other`.",
    ),
    _p("description", _STR, "Description of the correction."),
    _p("created_at", _INT, "When the correction was created (epoch seconds; may be null)."),
    _p("modified_at", _INT, "When the correction was last modified (epoch seconds; may be null)."),
)

_FIELD = _free(
    _p("type", _STR, "Field type (`dropdown`, `textbox`, `autocomplete`, ...)."),
    _p("value", th.CustomType({"type": ["string", "array", "null"]}), "Field value."),
)

_NON_DATADOG_USER = th.ObjectType(
    _p("name", _STR, "Name of the person."),
    _p("image_48_px", _STR, "URL of the person's 48 px picture."),
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
    _p(
        "is_test",
        _BOOL,
        "Whether this is a test incident (drills and tests: exclude them from metrics).",
    ),
    _p("case_id", _INT, "Linked case ID."),
    _p("incident_type_uuid", _STR, "Incident type UUID."),
    _p("declared_by_uuid", _STR, "UUID of the user who declared it."),
    _p("created_by_uuid", _STR, "UUID of the user who created it (undocumented)."),
    _p("last_modified_by_uuid", _STR, "UUID of the user who last modified it (undocumented)."),
    _p(
        "creation_idempotency_key",
        _STR,
        "Idempotency key the incident was created with, if any (undocumented).",
    ),
    _p(
        "field_analytics",
        _blob(),
        "Datadog's analytics of the user-defined fields, or null (undocumented).",
    ),
    _p("declared_by", _NON_DATADOG_USER, "Declarer outside Datadog (Slack, ...)."),
    _p("non_datadog_creator", _NON_DATADOG_USER, "Creator outside Datadog (Slack, ...)."),
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
            _p("declared_by_user", _user_ref("declarer"), "Who declared the incident."),
            _p("last_modified_by_user", _user_ref("last modifier"), "Last modifier."),
            _p(
                "attachments",
                _refs("attachment", "incident_attachments"),
                "Attachments (postmortem, links).",
            ),
            _p(
                "integrations",
                _refs("integration", "incident_integrations"),
                "Integrations (Slack channels, Jira, ...).",
            ),
            _p(
                "responders",
                _refs("responder", "incident_responders"),
                "Responders (one responder record each).",
            ),
            _p(
                "user_defined_fields",
                _refs("user-defined field", "user_defined_field"),
                "User-defined field definitions the incident has values for.",
            ),
            _p("impacts", _refs("impact", "incident_impacts"), "Impact records."),
        ),
        "Related users and objects, as served.",
    ),
)

INCIDENT_TODO = th.PropertiesList(
    _p("id", _STR, "Todo UUID.", required=True),
    _p("type", _STR, "Resource type (`incident_todos`)."),
    _p("incident_id", _STR, "UUID of the incident."),
    _p("content", _STR, "The action item."),
    _p(
        "assignees",
        th.ArrayType(th.CustomType({})),
        "Assignees: `@handle` strings, or `{id, name, icon, source}` for Slack or Microsoft "
        "Teams users.",
    ),
    _p("completed", _TS, "When the todo was completed, if it was."),
    _p("due_date", _STR, "Due date (YYYY-MM-DD)."),
    _p("created", _TS, "When the todo was created."),
    _p("modified", _TS, "When the todo was last modified."),
    _p("created_by_uuid", _STR, "UUID of the user who created it (undocumented)."),
    _p("last_modified_by_uuid", _STR, "UUID of the user who last modified it (undocumented)."),
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
