"""JSON-schema fragments shared by the PagerDuty streams.

Every property carries a description: they become column comments in catalogs and
the documentation of the raw tables.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th


def reference(description: str) -> th.ObjectType:  # noqa: ARG001 - documents the call site
    """A PagerDuty `*_reference` object: the short form of another resource."""
    return th.ObjectType(
        th.Property("id", th.StringType, description="ID of the referenced object."),
        th.Property("type", th.StringType, description="Reference type, e.g. `service_reference`."),
        th.Property("summary", th.StringType, description="Short human-readable name."),
        th.Property("self", th.StringType, description="API URL of the referenced object."),
        th.Property("html_url", th.StringType, description="Web UI URL of the referenced object."),
    )


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


def _obj(description: str, *props: th.Property) -> th.ObjectType:  # noqa: ARG001
    return th.ObjectType(*props)


_TS = th.DateTimeType
_STR = th.StringType
_INT = th.IntegerType
_BOOL = th.BooleanType

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
            _p("type", _STR, "Grouping type."),
            _p("config", th.ObjectType(additional_properties=True), "Grouping configuration."),
        ),
        "How alerts are grouped into incidents.",
    ),
    _p("integrations", references("Integrations sending events to the service."), "Integrations."),
    _p(
        "escalation_policy",
        reference("Escalation policy paged for the service."),
        "Escalation policy.",
    ),
    _p("teams", references("Teams owning the service."), "Owning teams."),
    _p(
        "incident_urgency_rule",
        th.ObjectType(additional_properties=True),
        "Urgency rule (as returned).",
    ),
    _p("support_hours", th.ObjectType(additional_properties=True), "Support hours (as returned)."),
    _p(
        "scheduled_actions",
        th.ArrayType(th.ObjectType(additional_properties=True)),
        "Scheduled urgency changes.",
    ),
    _p(
        "auto_pause_notifications_parameters",
        _obj(
            "Transient-alert notification pausing.",
            _p("enabled", _BOOL, "Whether enabled."),
            _p("timeout", _INT, "Seconds to pause."),
        ),
        "Transient-alert notification pausing.",
    ),
    _p("addons", references("Add-ons."), "Add-ons attached to the service."),
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
    _p("created_at", _TS, "When the method was created."),
).to_dict()

_ESCALATION_RULE = _obj(
    "An escalation rule.",
    _p("id", _STR, "Rule ID."),
    _p("escalation_delay_in_minutes", _INT, "Minutes before escalating to the next rule."),
    _p("targets", references("Users or schedules paged by the rule."), "Targets paged."),
    _p(
        "escalation_rule_assignment_strategy",
        th.ObjectType(additional_properties=True),
        "Assignment strategy.",
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

SCHEDULE = th.PropertiesList(
    *resource_header("schedule"),
    _p("name", _STR, "Schedule name."),
    _p("description", _STR, "Schedule description."),
    _p("time_zone", _STR, "Schedule time zone."),
    _p("escalation_policies", references("Policies using the schedule."), "Escalation policies."),
    _p("users", references("Users on the schedule."), "Users."),
    _p("teams", references("Teams owning the schedule."), "Teams."),
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
    _p("priority", reference("Incident priority."), "Priority."),
    _p(
        "resolve_reason",
        th.ObjectType(additional_properties=True),
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
    _p(
        "incidents_responders",
        th.ArrayType(th.ObjectType(additional_properties=True)),
        "Responders.",
    ),
    _p(
        "responder_requests",
        th.ArrayType(th.ObjectType(additional_properties=True)),
        "Responder requests.",
    ),
    _p("urgency", _STR, "high or low."),
    _p("body", th.ObjectType(additional_properties=True), "Incident body details."),
).to_dict()

LOG_ENTRY = th.PropertiesList(
    *resource_header("log entry"),
    _p("created_at", _TS, "When the event happened."),
    _p("agent", reference("Who or what caused the entry."), "Agent."),
    _p("channel", th.ObjectType(additional_properties=True), "Channel the event came through."),
    _p("service", reference("Service of the incident."), "Service."),
    _p("incident", reference("The incident."), "Incident."),
    _p("teams", references("Teams of the incident."), "Teams."),
    _p(
        "contexts",
        th.ArrayType(th.ObjectType(additional_properties=True)),
        "Links and images attached.",
    ),
    _p("event_details", th.ObjectType(additional_properties=True), "Event details."),
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
    _p("seconds_to_first_ack", _INT, "PagerDuty: seconds from trigger to first acknowledgement."),
    _p("seconds_to_resolve", _INT, "PagerDuty: seconds from trigger to resolution."),
    _p("seconds_to_engage", _INT, "PagerDuty: seconds from trigger to first responder engagement."),
    _p("seconds_to_mobilize", _INT, "PagerDuty: seconds from trigger to responders mobilised."),
    _p("engaged_seconds", _INT, "Total responder-seconds engaged."),
    _p("engaged_user_count", _INT, "Responders engaged."),
    _p("active_user_count", _INT, "Users active on the incident."),
    _p("snoozed_seconds", _INT, "Seconds snoozed."),
    _p("user_defined_effort_seconds", _INT, "User-recorded effort."),
    _p("acknowledgement_count", _INT, "Acknowledgements."),
    _p("assignment_count", _INT, "Assignments."),
    _p("reassignment_count", _INT, "Reassignments."),
    _p("escalation_count", _INT, "Escalations."),
    _p("manual_escalation_count", _INT, "Manual escalations."),
    _p("timeout_escalation_count", _INT, "Escalations by timeout."),
    _p("business_hour_interruptions", _INT, "Notifications during business hours."),
    _p("off_hour_interruptions", _INT, "Notifications outside business hours."),
    _p("sleep_hour_interruptions", _INT, "Notifications during sleep hours."),
    _p("total_interruptions", _INT, "All interruptions."),
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
