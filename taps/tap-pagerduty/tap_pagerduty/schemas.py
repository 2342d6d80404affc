"""JSON-schema fragments shared by the PagerDuty streams.

Every property carries a description: they become column comments in catalogs and
the documentation of the raw tables. Every field PagerDuty's OpenAPI document lists for
the list operation a stream reads is declared here, with its nested fields, or named in
the README's table of fields the tap does not emit (`tests/test_contract.py` checks both
ways). Objects whose shape the API varies (a log entry's `channel`, an incident body's
`details`) are declared free-form: kept whole, whatever PagerDuty sends. No property is
enum-restricted, so values PagerDuty adds later pass through.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th


def _reference_props() -> list[th.Property]:
    return [
        th.Property("id", th.StringType, description="ID of the referenced object."),
        th.Property("type", th.StringType, description="Reference type, e.g. `service_reference`."),
        th.Property("summary", th.StringType, description="Short human-readable name."),
        th.Property("self", th.StringType, description="API URL of the referenced object."),
        th.Property("html_url", th.StringType, description="Web UI URL of the referenced object."),
    ]


def reference(description: str) -> th.ObjectType:  # noqa: ARG001 - documents the call site
    """A PagerDuty `*_reference` object: the short form of another resource."""
    return th.ObjectType(*_reference_props())


def references(description: str) -> th.ArrayType:
    """A list of `*_reference` objects."""
    return th.ArrayType(reference(description))


def resource_header(kind: str) -> list[th.Property]:
    """Fields every PagerDuty resource carries (`id`, `type`, `summary`, `self`, `html_url`)."""
    return [
        th.Property("id", th.StringType, required=True, description=f"PagerDuty ID of the {kind}."),
        th.Property("type", th.StringType, description=f"Object type (`{kind}`)."),
        th.Property(
            "summary", th.StringType, description=f"Short human-readable name of the {kind}."
        ),
        th.Property("self", th.StringType, description=f"API URL of the {kind}."),
        th.Property("html_url", th.StringType, description=f"Web UI URL of the {kind}."),
    ]


def _p(name: str, type_: t.Any, description: str, *, required: bool = False) -> th.Property:  # noqa: ANN401
    return th.Property(name, type_, description=description, required=required)


def free_form() -> th.CustomType:
    """An object kept whole, whatever its keys (no declared properties to compare)."""
    return th.CustomType({"type": ["object", "null"], "additionalProperties": True})


def reference_with(description: str, *extra: th.Property) -> th.ObjectType:  # noqa: ARG001
    """A `*_reference` object with more fields than the five every reference has."""
    return th.ObjectType(*_reference_props(), *extra)


def _obj(description: str, *props: th.Property) -> th.ObjectType:  # noqa: ARG001
    return th.ObjectType(*props)


_TS = th.DateTimeType
_STR = th.StringType
_INT = th.IntegerType
_BOOL = th.BooleanType


def _header_of(kind: str) -> list[th.Property]:
    """`id`, `type`, `summary`, `self`, `html_url` of a nested object (none required)."""
    return [
        _p("id", _STR, f"ID of the {kind}."),
        _p("type", _STR, f"Object type of the {kind}."),
        _p("summary", _STR, f"Short human-readable name of the {kind}."),
        _p("self", _STR, f"API URL of the {kind}."),
        _p("html_url", _STR, f"Web UI URL of the {kind}."),
    ]


_URGENCY = _obj(
    "An urgency setting.",
    _p("type", _STR, "constant (or use_support_hours)."),
    _p("urgency", _STR, "high, low or severity_based."),
)

SERVICE = th.PropertiesList(
    *resource_header("service"),
    _p("name", _STR, "Service name."),
    _p("description", _STR, "Service description."),
    _p("status", _STR, "active, warning, critical, maintenance or disabled."),
    _p("created_at", _TS, "When the service was created."),
    _p("updated_at", _TS, "When the service was last updated."),
    _p("last_incident_timestamp", _TS, "When the service last had an incident."),
    _p("auto_resolve_timeout", _INT, "Seconds after which an open incident auto-resolves."),
    _p(
        "acknowledgement_timeout", _INT, "Seconds after which an acknowledged incident re-triggers."
    ),
    _p("alert_creation", _STR, "Whether alerts create incidents."),
    _p(
        "alert_grouping_parameters",
        _obj(
            "How alerts are grouped into incidents.",
            _p("type", _STR, "Grouping type: time, intelligent, content_based (or null)."),
            _p(
                "config",
                _obj(
                    "Grouping configuration (fields by grouping type).",
                    _p("timeout", _INT, "time: minutes an incident keeps grouping alerts."),
                    _p("time_window", _INT, "intelligent/content_based: window in seconds."),
                    _p("recommended_time_window", _INT, "PagerDuty's recommended window."),
                    _p("aggregate", _STR, "content_based: `all` or `any` of the fields."),
                    _p("fields", th.ArrayType(_STR), "content_based: alert fields compared."),
                ),
                "Grouping configuration.",
            ),
            *[p for p in _header_of("grouping setting, when a reference") if p.name != "type"],
        ),
        "How alerts are grouped into incidents.",
    ),
    _p("alert_grouping", _STR, "Legacy grouping type (time or intelligent)."),
    _p("alert_grouping_timeout", _INT, "Legacy time-based grouping timeout in minutes."),
    _p("integrations", references("Integrations sending events to the service."), "Integrations."),
    _p(
        "escalation_policy",
        reference("Escalation policy paged for the service."),
        "Escalation policy.",
    ),
    _p("teams", references("Teams owning the service."), "Owning teams."),
    _p(
        "incident_urgency_rule",
        _obj(
            "Urgency of new incidents.",
            _p("type", _STR, "constant or use_support_hours."),
            _p("urgency", _STR, "high, low or severity_based (constant rules)."),
            _p("during_support_hours", _URGENCY, "Urgency during support hours."),
            _p("outside_support_hours", _URGENCY, "Urgency outside support hours."),
        ),
        "Urgency rule (as returned).",
    ),
    _p(
        "support_hours",
        _obj(
            "Support hours.",
            _p("type", _STR, "fixed_time_per_day."),
            _p("time_zone", _STR, "Time zone of the hours."),
            _p("days_of_week", th.ArrayType(_INT), "ISO days of week (1 = Monday)."),
            _p("start_time", _STR, "Start of the day's support hours (HH:MM:SS)."),
            _p("end_time", _STR, "End of the day's support hours (HH:MM:SS)."),
        ),
        "Support hours (as returned).",
    ),
    _p(
        "scheduled_actions",
        th.ArrayType(
            _obj(
                "A scheduled urgency change.",
                _p("type", _STR, "urgency_change."),
                _p(
                    "at",
                    _obj(
                        "When.",
                        _p("type", _STR, "named_time."),
                        _p("name", _STR, "support_hours_start or support_hours_end."),
                    ),
                    "When the change happens.",
                ),
                _p("to_urgency", _STR, "Urgency set."),
            )
        ),
        "Scheduled urgency changes.",
    ),
    _p(
        "auto_pause_notifications_parameters",
        _obj(
            "Transient-alert notification pausing.",
            _p("enabled", _BOOL, "Whether enabled."),
            _p("timeout", _INT, "Seconds to pause."),
            _p("recommended_timeout", _INT, "PagerDuty's recommended pause in seconds."),
        ),
        "Transient-alert notification pausing.",
    ),
    _p(
        "addons",
        th.ArrayType(
            reference_with(
                "An add-on.",
                _p("name", _STR, "Add-on name."),
                _p("src", _STR, "URL the add-on is loaded from."),
            )
        ),
        "Add-ons attached to the service.",
    ),
    _p("response_play", reference("Response play run on new incidents."), "Response play."),
).to_dict()

TEAM = th.PropertiesList(
    *resource_header("team"),
    _p("name", _STR, "Team name."),
    _p("description", _STR, "Team description."),
    _p("parent", reference("Parent team."), "Parent team, if any."),
    _p("default_role", _STR, "Default role of new members."),
).to_dict()

TEAM_MEMBER = th.PropertiesList(
    _p("team_id", _STR, "Team ID (from the parent team).", required=True),
    _p("user_id", _STR, "Member user ID.", required=True),
    _p("user", reference("The member."), "The member."),
    _p("role", _STR, "Role in the team: manager, responder or observer."),
).to_dict()

USER = th.PropertiesList(
    *resource_header("user"),
    _p("name", _STR, "Full name."),
    _p("email", _STR, "Email address."),
    _p("time_zone", _STR, "Preferred time zone (IANA)."),
    _p("color", _STR, "Schedule colour."),
    _p("role", _STR, "Account role (admin, user, limited_user, observer, …)."),
    _p("avatar_url", _STR, "Avatar image URL."),
    _p("description", _STR, "Bio."),
    _p("invitation_sent", _BOOL, "Whether an invitation is pending."),
    _p("created_via_sso", _BOOL, "Whether the user was created through SSO."),
    _p("job_title", _STR, "Job title."),
    _p(
        "contact_methods",
        references("Contact methods (full objects: user_contact_methods)."),
        "Contact methods.",
    ),
    _p("notification_rules", references("Notification rules."), "Notification rules."),
    _p("teams", references("Teams the user belongs to."), "Teams."),
    _p(
        "coordinated_incidents",
        th.ArrayType(th.ObjectType(additional_properties=True)),
        "Incidents coordinated.",
    ),
    _p("license", reference("License assigned."), "License."),
).to_dict()

CONTACT_METHOD = th.PropertiesList(
    *resource_header("contact method"),
    _p("user_id", _STR, "Owner user ID (from the parent user).", required=True),
    _p("label", _STR, "Label, e.g. Work or Mobile."),
    _p("address", _STR, "Email address, phone number or device token."),
    _p("country_code", _INT, "Phone country code."),
    _p("send_short_email", _BOOL, "Whether short emails are sent."),
    _p("send_html_email", _BOOL, "Whether HTML emails are sent."),
    _p("blacklisted", _BOOL, "Whether the number is blocked."),
    _p("enabled", _BOOL, "Whether the method is enabled."),
    _p("device_type", _STR, "Push device type."),
    _p(
        "sounds",
        th.ArrayType(
            _obj(
                "A push notification sound.",
                _p("type", _STR, "alert_high_urgency or alert_low_urgency."),
                _p("file", _STR, "Sound file."),
            )
        ),
        "Push notification sounds.",
    ),
    _p("created_at", _TS, "When the method was created."),
).to_dict()

_ESCALATION_RULE = _obj(
    "An escalation rule.",
    _p("id", _STR, "Rule ID."),
    _p("escalation_delay_in_minutes", _INT, "Minutes before escalating to the next rule."),
    _p("targets", references("Users or schedules paged by the rule."), "Targets paged."),
    _p(
        "escalation_rule_assignment_strategy",
        # PagerDuty's document says a string; its Terraform provider's client reads an
        # object `{"type": ...}`. Either passes (only sent with an `include[]` the tap
        # does not request).
        th.CustomType({"type": ["object", "string", "null"], "additionalProperties": True}),
        "Assignment strategy: round_robin or assign_to_everyone.",
    ),
)

ESCALATION_POLICY = th.PropertiesList(
    *resource_header("escalation policy"),
    _p("name", _STR, "Policy name."),
    _p("description", _STR, "Policy description."),
    _p("on_call_handoff_notifications", _STR, "When hand-off notifications are sent."),
    _p("escalation_rules", th.ArrayType(_ESCALATION_RULE), "Escalation rules, in order."),
    _p("services", references("Services using the policy."), "Services."),
    _p("num_loops", _INT, "Times the policy repeats."),
    _p("teams", references("Teams owning the policy."), "Teams."),
).to_dict()

_SCHEDULE_ENTRY = _obj(
    "A rendered on-call entry.",
    _p("user", reference("Who is on call."), "Who is on call."),
    _p("start", _TS, "Start."),
    _p("end", _TS, "End."),
)

_SCHEDULE_LAYER = _obj(
    "A rotation layer.",
    _p("id", _STR, "Layer ID."),
    _p("name", _STR, "Layer name."),
    _p("start", _TS, "When the layer starts."),
    _p("end", _TS, "When the layer ends (none: open-ended)."),
    _p(
        "users",
        th.ArrayType(_obj("A user of the rotation.", _p("user", reference("The user."), "User."))),
        "Users in rotation order.",
    ),
    _p(
        "restrictions",
        th.ArrayType(
            _obj(
                "When the layer applies.",
                _p("type", _STR, "daily_restriction or weekly_restriction."),
                _p("duration_seconds", _INT, "Length of the restriction."),
                _p("start_time_of_day", _STR, "Start time of day (HH:MM:SS)."),
                _p("start_day_of_week", _INT, "Start day of week (1 = Monday)."),
            )
        ),
        "Restrictions to parts of the day or week.",
    ),
    _p("rotation_virtual_start", _TS, "Start the rotation is computed from."),
    _p("rotation_turn_length_seconds", _INT, "Length of one turn."),
    _p(
        "rendered_schedule_entries",
        th.ArrayType(_SCHEDULE_ENTRY),
        "Computed entries (only for a since/until range).",
    ),
    _p("rendered_coverage_percentage", th.NumberType, "Share of the range covered."),
)

SCHEDULE = th.PropertiesList(
    *resource_header("schedule"),
    _p("name", _STR, "Schedule name."),
    _p("description", _STR, "Schedule description."),
    _p("time_zone", _STR, "Schedule time zone."),
    _p("escalation_policies", references("Policies using the schedule."), "Escalation policies."),
    _p("users", references("Users on the schedule."), "Users."),
    _p("teams", references("Teams owning the schedule."), "Teams."),
    _p(
        "schedule_layers",
        th.ArrayType(_SCHEDULE_LAYER),
        "Rotation layers (requested with `include[]=schedule_layers`).",
    ),
).to_dict()

PRIORITY = th.PropertiesList(
    *resource_header("priority"),
    _p("name", _STR, "Priority name, e.g. P1."),
    _p("description", _STR, "What the priority means."),
    _p("order", _INT, "Rank of the priority, as returned by the API."),
    _p("color", _STR, "Display colour."),
).to_dict()

_AT_REF = lambda name, desc: _obj(  # noqa: E731
    desc, _p("at", _TS, "When."), _p(name, reference(desc), desc)
)

_RESPONDER = _obj(
    "A responder added to the incident.",
    _p("state", _STR, "pending, joined, declined or user_cancelled."),
    _p("user", reference("The responder."), "Responder."),
    _p("incident", reference("The incident."), "Incident."),
    _p("updated_at", _TS, "When the state last changed."),
    _p("message", _STR, "Message of the request."),
    _p("requester", reference("Who asked."), "Requester."),
    _p("requested_at", _TS, "When they were asked."),
    _p("escalation_policy_requests", th.ArrayType(_STR), "Escalation policies asked."),
)

INCIDENT = th.PropertiesList(
    *resource_header("incident"),
    _p("incident_number", _INT, "Account-wide incident number."),
    _p("title", _STR, "Incident title."),
    _p("description", _STR, "Incident description."),
    _p("created_at", _TS, "When the incident was triggered (PagerDuty filters on this)."),
    _p("updated_at", _TS, "When the incident last changed."),
    _p("status", _STR, "triggered, acknowledged or resolved."),
    _p("incident_key", _STR, "De-duplication key."),
    _p("service", reference("Service the incident belongs to."), "Service."),
    _p(
        "assignments",
        th.ArrayType(_AT_REF("assignee", "Current assignment.")),
        "Current assignments.",
    ),
    _p("assigned_via", _STR, "How the incident was assigned."),
    _p("last_status_change_at", _TS, "When the status last changed."),
    _p("resolved_at", _TS, "When the incident was resolved."),
    _p(
        "first_trigger_log_entry",
        reference("The first trigger log entry."),
        "First trigger log entry.",
    ),
    _p(
        "alert_counts",
        _obj(
            "Alert counts.",
            _p("all", _INT, "All alerts."),
            _p("triggered", _INT, "Triggered alerts."),
            _p("resolved", _INT, "Resolved alerts."),
        ),
        "Alert counts.",
    ),
    _p("is_mergeable", _BOOL, "Whether the incident can be merged."),
    _p("incident_type", _obj("Incident type.", _p("name", _STR, "Type name.")), "Incident type."),
    _p("escalation_policy", reference("Escalation policy."), "Escalation policy."),
    _p("teams", references("Teams involved."), "Teams."),
    _p(
        "pending_actions",
        th.ArrayType(
            _obj(
                "A pending action.",
                _p("type", _STR, "Action type."),
                _p("at", _TS, "When it will happen."),
                _p("to", _STR, "Urgency an urgency_change action sets."),
            )
        ),
        "Pending actions.",
    ),
    _p(
        "acknowledgements",
        th.ArrayType(_AT_REF("acknowledger", "An acknowledgement.")),
        "Current acknowledgements.",
    ),
    _p(
        "alert_grouping",
        _obj(
            "Alert grouping.",
            _p("grouping_type", _STR, "Grouping type."),
            _p("started_at", _TS, "Start."),
            _p("ended_at", _TS, "End."),
            _p("alert_grouping_active", _BOOL, "Whether active."),
        ),
        "Alert grouping.",
    ),
    _p(
        "last_status_change_by", reference("Who last changed the status."), "Last status change by."
    ),
    _p(
        "priority",
        reference_with(
            "Incident priority.",
            _p("name", _STR, "Priority name (full priority objects only)."),
            _p("description", _STR, "Priority description (full priority objects only)."),
        ),
        "Priority.",
    ),
    _p(
        "resolve_reason",
        _obj(
            "Why the incident was resolved.",
            _p("type", _STR, "merge_resolve_reason."),
            _p("incident", reference("The incident it was merged into."), "Merged into."),
        ),
        "Why the incident was resolved (merge).",
    ),
    _p(
        "conference_bridge",
        _obj(
            "Conference bridge.",
            _p("conference_number", _STR, "Dial-in."),
            _p("conference_url", _STR, "URL."),
        ),
        "Conference bridge.",
    ),
    _p("incidents_responders", th.ArrayType(_RESPONDER), "Responders."),
    _p(
        "responder_requests",
        th.ArrayType(
            _obj(
                "A request for responders.",
                _p("id", _STR, "Request ID."),
                _p("incident", reference("The incident."), "Incident."),
                _p("requester", reference("Who asked."), "Requester."),
                _p("requested_at", _TS, "When."),
                _p("message", _STR, "Message sent."),
                _p(
                    "responder_request_targets",
                    th.ArrayType(
                        _obj(
                            "A user or escalation policy asked to respond.",
                            _p("id", _STR, "Target ID."),
                            _p("type", _STR, "Target type."),
                            _p("summary", _STR, "Target name."),
                            _p(
                                "incident_responders",
                                th.ArrayType(_RESPONDER),
                                "Responders reached through the target.",
                            ),
                        )
                    ),
                    "Targets.",
                ),
            )
        ),
        "Responder requests.",
    ),
    _p("urgency", _STR, "high or low."),
    _p(
        "body",
        _obj(
            "Incident body.",
            _p("type", _STR, "incident_body."),
            _p("details", free_form(), "Details given when the incident was raised."),
        ),
        "Incident body details.",
    ),
).to_dict()

LOG_ENTRY = th.PropertiesList(
    *resource_header("log entry"),
    _p("created_at", _TS, "When the event happened."),
    _p("agent", reference("Who or what caused the entry."), "Agent."),
    # The document lists five alternative shapes by channel type: kept whole.
    _p("channel", free_form(), "Channel the event came through."),
    _p("service", reference("Service of the incident."), "Service."),
    _p("incident", reference("The incident."), "Incident."),
    _p("teams", references("Teams of the incident."), "Teams."),
    _p(
        "contexts",
        th.ArrayType(
            _obj(
                "A link or image.",
                _p("type", _STR, "link or image."),
                _p("href", _STR, "Link target."),
                _p("src", _STR, "Image source."),
                _p("text", _STR, "Link text."),
            )
        ),
        "Links and images attached.",
    ),
    _p(
        "event_details",
        th.ObjectType(
            _p("description", _STR, "Description of the event (trigger entries)."),
            additional_properties=True,
        ),
        "Event details.",
    ),
    _p("changeset", th.ArrayType(_STR), "Fields changed (field-change entries)."),
    _p(
        "changed_actions",
        th.ArrayType(
            _obj(
                "A pending action moved by a snooze.",
                _p("type", _STR, "Action type."),
                _p("at", _TS, "When it will happen."),
                _p("to", _STR, "Urgency an urgency_change action sets."),
            )
        ),
        "Pending actions a snooze changed (snooze entries).",
    ),
    _p("user", reference("User notified (notify entries)."), "Notified user."),
    _p("notification", th.ObjectType(additional_properties=True), "Notification (notify entries)."),
    _p("acknowledgement_timeout", _INT, "Acknowledgement timeout (acknowledge entries)."),
    _p("assignees", references("Assignees (assign / escalate entries)."), "Assignees."),
    _p(
        "escalation_policy",
        reference("Escalation policy (escalate entries)."),
        "Escalation policy.",
    ),
    _p("note", _STR, "Annotation text (annotate entries)."),
).to_dict()

_STRS = th.ArrayType(th.StringType)

INCIDENT_ANALYTICS = th.PropertiesList(
    _p("id", _STR, "Incident ID.", required=True),
    _p("incident_number", _INT, "Incident number."),
    _p("created_at", _TS, "When the incident was created (UTC)."),
    _p("updated_at", _TS, "When the analytics row last changed."),
    _p("resolved_at", _TS, "When the incident was resolved."),
    _p("status", _STR, "Incident status."),
    _p("description", _STR, "Incident description."),
    _p("urgency", _STR, "high or low."),
    _p("major", _BOOL, "Whether it was a major incident."),
    _p("priority_id", _STR, "Priority ID."),
    _p("priority_name", _STR, "Priority name."),
    _p("priority_order", _INT, "Priority rank."),
    _p("service_id", _STR, "Service ID."),
    _p("service_name", _STR, "Service name."),
    _p("team_id", _STR, "Team ID."),
    _p("team_name", _STR, "Team name."),
    _p("escalation_policy_id", _STR, "Escalation policy ID."),
    _p("escalation_policy_name", _STR, "Escalation policy name."),
    _p("incident_type_id", _STR, "Incident type ID."),
    _p("incident_type_name", _STR, "Incident type name."),
    _p("auto_resolved", _BOOL, "Whether the incident auto-resolved."),
    _p(
        "seconds_to_first_ack",
        _INT,
        "PagerDuty: seconds from the incident's start to the first responder's acknowledgement.",
    ),
    _p("seconds_to_resolve", _INT, "PagerDuty: seconds from trigger to resolution."),
    _p(
        "seconds_to_engage",
        _INT,
        "PagerDuty: 'people response time', seconds from the first user engagement "
        "(acknowledge or responder-request accept) to the last; multi-responder incidents "
        "only, null with one or no engaged user.",
    ),
    _p(
        "seconds_to_mobilize",
        _INT,
        "PagerDuty: seconds from the incident's start to the last additional responder's "
        "acknowledgement; null with one or no responder.",
    ),
    _p(
        "engaged_seconds",
        _INT,
        "PagerDuty: engaged time summed over responders, each from their engagement "
        "(acknowledge or responder-request accept) to resolution; may include snoozed time.",
    ),
    _p(
        "engaged_user_count",
        _INT,
        "PagerDuty: users who engaged (acknowledged or accepted a responder request).",
    ),
    _p("active_user_count", _INT, "Users active on the incident."),
    _p("snoozed_seconds", _INT, "Seconds snoozed."),
    _p("user_defined_effort_seconds", _INT, "User-recorded effort."),
    _p("acknowledgement_count", _INT, "Acknowledgements."),
    _p("assignment_count", _INT, "Assignments."),
    _p("reassignment_count", _INT, "Reassignments."),
    _p("escalation_count", _INT, "Escalations."),
    _p("manual_escalation_count", _INT, "Manual escalations."),
    _p("timeout_escalation_count", _INT, "Escalations by timeout."),
    _p(
        "business_hour_interruptions",
        _INT,
        "PagerDuty: unique interruptions during business hours (08:00-18:00 Mon-Fri, the "
        "user's time zone).",
    ),
    _p(
        "off_hour_interruptions",
        _INT,
        "PagerDuty: unique interruptions during off hours (18:00-22:00 Mon-Fri and all day "
        "Sat-Sun, the user's time zone).",
    ),
    _p(
        "sleep_hour_interruptions",
        _INT,
        "PagerDuty: unique interruptions during sleep hours (22:00-08:00 every day, the "
        "user's time zone).",
    ),
    _p("total_interruptions", _INT, "PagerDuty: unique interruptions in the incident."),
    _p("total_notifications", _INT, "Notifications sent."),
    _p("acknowledged_user_ids", _STRS, "Users who acknowledged."),
    _p("acknowledged_user_names", _STRS, "Names of users who acknowledged."),
    _p("assigned_user_ids", _STRS, "Users assigned."),
    _p("assigned_user_names", _STRS, "Names of users assigned."),
    _p("joined_user_ids", _STRS, "Users who joined."),
    _p("joined_user_names", _STRS, "Names of users who joined."),
    _p("resolved_by_user_id", _STR, "Who resolved it."),
    _p("resolved_by_user_name", _STR, "Name of who resolved it."),
).to_dict()
