"""JSON schemas of the Sentry streams; every property carries a description."""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

_TS = th.DateTimeType
_STR = th.StringType
_INT = th.IntegerType
_BOOL = th.BooleanType
_NUM = th.NumberType
#: A free-form object: Sentry's nested data passes through whole (lands as JSON).
_ANY_OBJ = th.CustomType({"type": ["object", "null"], "additionalProperties": True})


def _p(name: str, type_: t.Any, description: str, *, required: bool = False) -> th.Property:  # noqa: ANN401
    return th.Property(name, type_, description=description, required=required)


def _strings(description: str) -> th.ArrayType:  # noqa: ARG001 - documents the call site
    return th.ArrayType(th.StringType)


ORG_FIELD = _p("organization", _STR, "Slug of the organization the record was read from.")

AVATAR = th.ObjectType(
    _p("avatarType", _STR, "letter_avatar, upload or gravatar."),
    _p("avatarUuid", _STR, "Id of an uploaded avatar."),
    _p("avatarUrl", _STR, "URL of the avatar image."),
)

TEAM_REF = th.ObjectType(
    _p("id", _STR, "Team id."),
    _p("name", _STR, "Team name."),
    _p("slug", _STR, "Team slug."),
)

PROJECT_REF = th.ObjectType(
    _p("id", _STR, "Project id."),
    _p("name", _STR, "Project name."),
    _p("slug", _STR, "Project slug."),
    _p("platform", _STR, "Project platform (python, javascript, ...)."),
)

USER = th.ObjectType(
    _p("id", _STR, "User id."),
    _p("name", _STR, "Display name."),
    _p("username", _STR, "Username (often the email)."),
    _p("email", _STR, "Email address."),
    _p("avatarUrl", _STR, "Avatar URL."),
    _p("isActive", _BOOL, "Whether the account is active."),
)

ORGANIZATION = th.PropertiesList(
    _p("id", _STR, "Organization id.", required=True),
    _p("organization", _STR, "The organization slug or id as configured (the partition)."),
    _p("slug", _STR, "Organization slug (used in API paths)."),
    _p("name", _STR, "Organization name."),
    _p("dateCreated", _TS, "When the organization was created."),
    _p(
        "status",
        th.ObjectType(_p("id", _STR, "Status id."), _p("name", _STR, "Status name.")),
        "Organization status (active, pending_deletion, ...).",
    ),
    _p("avatar", AVATAR, "Organization avatar."),
    _p("features", _strings("Enabled features."), "Feature flags enabled for the organization."),
    _p("hasAuthProvider", _BOOL, "Whether SSO is configured."),
    _p("isEarlyAdopter", _BOOL, "Whether the organization opted into early features."),
    _p("allowMemberInvite", _BOOL, "Whether members may invite others."),
    _p("allowMemberProjectCreation", _BOOL, "Whether members may create projects."),
    _p("allowSuperuserAccess", _BOOL, "Whether Sentry staff may access the organization."),
    _p("require2FA", _BOOL, "Whether two-factor authentication is required."),
    _p(
        "links",
        th.ObjectType(
            _p("organizationUrl", _STR, "Web URL of the organization."),
            _p("regionUrl", _STR, "API URL of the organization's data region."),
        ),
        "Organization and region URLs.",
    ),
    _p("access", _strings("Scopes."), "Scopes the token's user has in the organization."),
    _p(
        "onboardingTasks",
        th.ArrayType(_ANY_OBJ),
        "Onboarding checklist (task, status, dateCompleted, completionSeen, data).",
    ),
    _p("extraOptions", _ANY_OBJ, "Further organization options, by group."),
)

TEAM = th.PropertiesList(
    _p("id", _STR, "Team id.", required=True),
    ORG_FIELD,
    _p("slug", _STR, "Team slug."),
    _p("name", _STR, "Team name."),
    _p("dateCreated", _TS, "When the team was created."),
    _p("isMember", _BOOL, "Whether the token's user is a member."),
    _p("teamRole", _STR, "The token user's role in the team, if a member."),
    _p("flags", _ANY_OBJ, "Team flags (e.g. idp:provisioned)."),
    _p("access", _strings("Scopes."), "Scopes the token's user has through the team."),
    _p("hasAccess", _BOOL, "Whether the token's user can access the team."),
    _p("isPending", _BOOL, "Whether membership is pending approval."),
    _p("memberCount", _INT, "Number of members."),
    _p("avatar", AVATAR, "Team avatar."),
)

PROJECT = th.PropertiesList(
    _p("id", _STR, "Project id.", required=True),
    ORG_FIELD,
    _p("slug", _STR, "Project slug (unique in the organization)."),
    _p("name", _STR, "Project name."),
    _p("platform", _STR, "Main platform of the project."),
    _p("platforms", _strings("Platforms."), "Platforms seen in the project."),
    _p("dateCreated", _TS, "When the project was created."),
    _p("firstEvent", _TS, "When the project received its first event."),
    _p("access", _strings("Scopes."), "Scopes the token's user has on the project."),
    _p("hasAccess", _BOOL, "Whether the token's user can access the project."),
    _p("isBookmarked", _BOOL, "Whether the token's user bookmarked the project."),
    _p("isMember", _BOOL, "Whether the token's user is a member of a project team."),
    _p("team", TEAM_REF, "The project's first team."),
    _p("teams", th.ArrayType(TEAM_REF), "Every team with access to the project."),
    _p("environments", _strings("Environments."), "Environments seen in the project."),
    _p("features", _strings("Features."), "Features enabled for the project."),
    _p("firstTransactionEvent", _BOOL, "Whether a transaction was ever received."),
    _p("hasSessions", _BOOL, "Whether release-health sessions were received."),
    _p("hasProfiles", _BOOL, "Whether profiles were received."),
    _p("hasReplays", _BOOL, "Whether session replays were received."),
    _p("hasFlags", _BOOL, "Whether feature-flag data was received."),
    _p("hasMinifiedStackTrace", _BOOL, "Whether minified stack traces were received."),
    _p("hasMonitors", _BOOL, "Whether cron monitors exist."),
    _p("hasFeedbacks", _BOOL, "Whether user feedback was received."),
    _p("hasNewFeedbacks", _BOOL, "Whether new user feedback was received."),
    _p("hasUserReports", _BOOL, "Whether user reports were received."),
    _p("hasInsightsHttp", _BOOL, "Whether the HTTP requests insight module has data."),
    _p("hasInsightsDb", _BOOL, "Whether the database queries insight module has data."),
    _p("hasInsightsAssets", _BOOL, "Whether the assets insight module has data."),
    _p("hasInsightsAppStart", _BOOL, "Whether the app starts insight module has data."),
    _p("hasInsightsScreenLoad", _BOOL, "Whether the screen loads insight module has data."),
    _p("hasInsightsVitals", _BOOL, "Whether the web vitals insight module has data."),
    _p("hasInsightsCaches", _BOOL, "Whether the caches insight module has data."),
    _p("hasInsightsQueues", _BOOL, "Whether the queues insight module has data."),
    _p(
        "hasInsightsAgentMonitoring",
        _BOOL,
        "Whether the AI agent monitoring insight module has data.",
    ),
    _p("hasInsightsMCP", _BOOL, "Whether the MCP server insight module has data."),
    _p("hasLogs", _BOOL, "Whether logs were received."),
    _p("hasTraceMetrics", _BOOL, "Whether trace metrics were received."),
    _p(
        "latestRelease",
        th.ObjectType(_p("version", _STR, "Release version."), additional_properties=True),
        "The project's latest release.",
    ),
    _p(
        "latestDeploys",
        _ANY_OBJ,
        "Latest deploy per environment: `{environment: {version, dateFinished}}`.",
    ),
    _p("options", _ANY_OBJ, "Project options the request named (`options=`; the tap names none)."),
)

PROJECT_TEAM = th.PropertiesList(
    _p("project_id", _STR, "Project id.", required=True),
    _p("team_id", _STR, "Id of a team with access to the project.", required=True),
    ORG_FIELD,
    _p("project_slug", _STR, "Project slug."),
    _p("team_slug", _STR, "Team slug."),
    _p("team_name", _STR, "Team name."),
)

ISSUE = th.PropertiesList(
    _p("id", _STR, "Issue (group) id.", required=True),
    ORG_FIELD,
    _p("shortId", _STR, "Human id, e.g. CHECKOUT-API-1A."),
    _p("title", _STR, "Issue title (exception type and message)."),
    _p("culprit", _STR, "Function or transaction that raised the error."),
    _p("permalink", _STR, "Web URL of the issue."),
    _p("logger", _STR, "Logger name, if any."),
    _p("level", _STR, "fatal, error, warning, info or debug."),
    _p("status", _STR, "unresolved, resolved or ignored (archived)."),
    _p(
        "substatus", _STR, "new, ongoing, regressed, escalating, archived_* ... (null if resolved)."
    ),
    _p(
        "statusDetails",
        _ANY_OBJ,
        "Details of the status: ignore conditions (ignoreCount, ignoreUntil, ignoreUserCount, "
        "ignoreUserWindow, ignoreWindow), resolution (inNextRelease, inRelease, inCommit), "
        "actor, pendingEvents, info.",
    ),
    _p("isPublic", _BOOL, "Whether the issue is shared publicly."),
    _p("platform", _STR, "Platform of the issue's events."),
    _p("project", PROJECT_REF, "The project the issue belongs to."),
    _p("type", _STR, "Event type of the issue (error, default, ...)."),
    _p("issueType", _STR, "Issue type (error, performance_n_plus_one_db_queries, ...)."),
    _p("issueCategory", _STR, "Issue category (error, performance, ...)."),
    _p("metadata", _ANY_OBJ, "Exception type/value, file and title of the issue."),
    _p("numComments", _INT, "Number of comments."),
    _p(
        "assignedTo",
        th.ObjectType(
            _p("type", _STR, "user or team."),
            _p("id", _STR, "Assignee id."),
            _p("name", _STR, "Assignee name."),
            _p("email", _STR, "Assignee email (users)."),
        ),
        "Current assignee, if any.",
    ),
    _p("isBookmarked", _BOOL, "Whether the token's user bookmarked the issue."),
    _p("isSubscribed", _BOOL, "Whether the token's user is subscribed."),
    _p(
        "subscriptionDetails",
        th.ObjectType(
            _p("disabled", _BOOL, "Whether notifications are disabled for the user."),
            _p("reason", _STR, "Why the user is subscribed (assigned, commented, ...)."),
            additional_properties=True,
        ),
        "Why the user is (un)subscribed.",
    ),
    _p("hasSeen", _BOOL, "Whether the token's user has seen the issue."),
    _p(
        "annotations",
        th.ArrayType(
            th.ObjectType(
                _p("displayName", _STR, "Name of the linked external issue."),
                _p("url", _STR, "URL of the linked external issue."),
                additional_properties=True,
            )
        ),
        "Links to external issues (Jira, GitHub, ...).",
    ),
    _p("shareId", _STR, "Share id when the issue is public."),
    _p("count", _STR, "Number of events (lifetime, a string as Sentry serialises it)."),
    _p("userCount", _INT, "Number of distinct users affected."),
    _p("firstSeen", _TS, "Time of the first event."),
    _p("lastSeen", _TS, "Time of the latest event (the replication key)."),
    _p("priority", _STR, "high, medium or low."),
    _p("priorityLockedAt", _TS, "When the priority was set by hand."),
    _p("isUnhandled", _BOOL, "Whether events were unhandled exceptions."),
    _p(
        "lifetime",
        th.ObjectType(
            _p("count", _STR, "Events over the issue's lifetime."),
            _p("userCount", _INT, "Users over the issue's lifetime."),
            _p("firstSeen", _TS, "First event."),
            _p("lastSeen", _TS, "Latest event."),
            additional_properties=True,
        ),
        "Lifetime aggregates (ignoring environment filters).",
    ),
    _p(
        "filtered",
        th.ObjectType(
            _p("count", _STR, "Events matching the query's filters."),
            _p("userCount", _INT, "Users matching the query's filters."),
            _p("firstSeen", _TS, "First matching event."),
            _p("lastSeen", _TS, "Latest matching event."),
            _p("stats", _ANY_OBJ, "Matching events per hour over the stats period."),
            additional_properties=True,
        ),
        "Aggregates under the query's event filters (null without such filters).",
    ),
    _p("stats", _ANY_OBJ, "Events per hour over the 24 hours before the request (`24h`)."),
    _p(
        "inbox",
        th.ObjectType(
            _p(
                "reason",
                _INT,
                "Why the issue is in the inbox: 0 new, 1 unignored, 2 regression, 3 manual, "
                "4 reprocessed, 5 escalating, 6 ongoing.",
            ),
            _p("reason_details", _ANY_OBJ, "Conditions of an unignore (count, until, window)."),
            _p("date_added", _TS, "When the issue entered the inbox."),
            additional_properties=True,
        ),
        "Why the issue is in the inbox (null once it left it; the tap sends expand=inbox).",
    ),
    _p(
        "owners",
        th.ArrayType(
            th.ObjectType(
                _p("type", _STR, "How the owner was found: ownershipRule, codeowners, ..."),
                _p("owner", _STR, "The owner: `user:<id>` or `team:<id>`."),
                _p("date_added", _TS, "When the owner was suggested."),
                additional_properties=True,
            )
        ),
        "Suggested owners (the tap sends expand=owners; null when there are none).",
    ),
    _p(
        "seerFixabilityScore",
        _NUM,
        "Seer's estimate (0 to 1) of how likely an automated fix is to succeed.",
    ),
    _p("seerAutofixLastTriggered", _TS, "When Seer's Autofix last ran on the issue."),
    _p(
        "seerExplorerAutofixLastTriggered",
        _TS,
        "When Seer's Autofix last ran on the issue from the explorer.",
    ),
    _p(
        "derivedData",
        th.ObjectType(
            _p("blocker", _STR, "What blocks progress on the issue."),
            _p("progress", _STR, "Progress towards a fix."),
            _p("status", _STR, "Derived status."),
            _p("viewCount", _INT, "How often the issue was viewed."),
            _p("hasOpenFixPr", _BOOL, "Whether a fix pull request is open."),
            _p("isAssigned", _BOOL, "Whether the issue is assigned."),
            _p("hasRootCause", _BOOL, "Whether Seer found a root cause."),
            _p("lastCompletedAutofixStep", _STR, "Last Autofix step completed."),
            _p("lastProgressedAt", _TS, "When progress was last made."),
            additional_properties=True,
        ),
        "Triage progress Sentry derives for the issue.",
    ),
    _p(
        "sessionCount",
        _INT,
        "Release-health sessions of the issue's project in the period (only with "
        "expand=sessions, which the tap does not send).",
    ),
    _p(
        "integrationIssues",
        th.ArrayType(_ANY_OBJ),
        "Linked issues of integrations (only with expand=integrationIssues, which costs "
        "Sentry a query per issue; the tap does not send it).",
    ),
    _p(
        "sentryAppIssues",
        th.ArrayType(_ANY_OBJ),
        "Linked issues of Sentry apps (only with expand=sentryAppIssues; not sent).",
    ),
    _p(
        "latestEventHasAttachments",
        _BOOL,
        "Whether the latest event has attachments (only with expand=latestEventHasAttachments, "
        "a query per issue; not sent).",
    ),
    _p("matchingEventId", _STR, "Event matching an event-id search (such searches only)."),
    _p(
        "matchingEventEnvironment",
        _STR,
        "Environment of the event matching an event-id search (such searches only).",
    ),
)

EVENT = th.PropertiesList(
    _p("id", _STR, "Event id (32 hex characters).", required=True),
    _p("issue_id", _STR, "Id of the issue the event belongs to."),
    ORG_FIELD,
    _p("eventID", _STR, "Event id as sent by the SDK."),
    _p("groupID", _STR, "Issue (group) id."),
    _p("projectID", _STR, "Project id."),
    _p("event.type", _STR, "Event type (error, default, ...)."),
    _p("message", _STR, "Log message, if any."),
    _p("title", _STR, "Event title."),
    _p("location", _STR, "File or location of the error."),
    _p("culprit", _STR, "Function or transaction that raised the error."),
    _p("user", _ANY_OBJ, "The affected user (id, email, username, ip_address, name, geo)."),
    _p(
        "tags",
        th.ArrayType(
            th.ObjectType(
                _p("key", _STR, "Tag key."),
                _p("value", _STR, "Tag value."),
                _p("query", _STR, "Search query selecting the tag value."),
            )
        ),
        "Tags (environment, level, release, server_name, ...).",
    ),
    _p("platform", _STR, "Platform of the SDK that sent it."),
    _p("dateCreated", _TS, "When the event happened (the replication key)."),
    _p("crashFile", _STR, "Attached crash file, if any."),
    _p("metadata", _ANY_OBJ, "Exception type and value."),
    _p("entries", th.ArrayType(_ANY_OBJ), "Full event body (exception, stack trace; full=true)."),
    _p("contexts", _ANY_OBJ, "Event contexts: runtime, os, browser, trace ... (full=true)."),
    _p(
        "environment",
        _STR,
        "Kept for compatibility: Sentry's event lists send the environment as a tag only, "
        "so this is null (read the `environment` tag).",
    ),
    _p(
        "release",
        _STR,
        "Kept for compatibility: Sentry's event lists send the release as a tag only, so "
        "this is null (read the `release` tag).",
    ),
    _p("type", _STR, "Event type (full=true; the simple body calls it `event.type`)."),
    _p("size", _INT, "Size of the stored event in bytes (full=true)."),
    _p("dist", _STR, "Distribution of the release (full=true)."),
    _p("sdk", _ANY_OBJ, "SDK that sent the event: name, version (full=true)."),
    _p("context", _ANY_OBJ, "Extra data the SDK attached (full=true)."),
    _p("packages", _ANY_OBJ, "Loaded modules and their versions (full=true)."),
    _p("dateReceived", _TS, "When Sentry received the event (full=true)."),
    _p(
        "errors",
        th.ArrayType(_ANY_OBJ),
        "Processing errors of the event: type, message, data (full=true).",
    ),
    _p("occurrence", _ANY_OBJ, "Issue-platform occurrence of a non-error event (full=true)."),
    _p("_meta", _ANY_OBJ, "Sentry's metadata about scrubbed or trimmed values (full=true)."),
    _p("fingerprints", _strings("Hashes."), "Grouping hashes of the event (full=true)."),
    _p("groupingConfig", _ANY_OBJ, "Grouping configuration: id, enhancements (full=true)."),
    _p("startTimestamp", _NUM, "Start of a transaction event, epoch seconds (full=true)."),
    _p("endTimestamp", _NUM, "End of a transaction event, epoch seconds (full=true)."),
    _p("measurements", _ANY_OBJ, "Measurements of a transaction event (full=true)."),
    _p("breakdowns", _ANY_OBJ, "Span operation breakdowns of a transaction (full=true)."),
)

ACTIVITY = th.PropertiesList(
    _p("id", _STR, "Activity id.", required=True),
    _p("issue_id", _STR, "Id of the issue."),
    ORG_FIELD,
    _p(
        "type",
        _STR,
        "first_seen, assigned, unassigned, set_resolved, set_resolved_in_release, "
        "set_regression, set_ignored, set_unresolved, set_escalating, note, ...",
    ),
    _p("dateCreated", _TS, "When it happened (the replication key)."),
    _p("user", USER, "Who acted; null for Sentry itself (first seen, regression)."),
    _p("data", _ANY_OBJ, "Type-specific details (assignee, version, ignore conditions)."),
)

DEPLOY_PROPS = (
    _p("id", _STR, "Deploy id."),
    _p("environment", _STR, "Environment deployed to."),
    _p("dateStarted", _TS, "When the deploy started."),
    _p("dateFinished", _TS, "When the deploy finished."),
    _p("name", _STR, "Deploy name."),
    _p("url", _STR, "Deploy URL."),
)

RELEASE = th.PropertiesList(
    _p("version", _STR, "Release version (unique in the organization).", required=True),
    _p(
        "organization",
        _STR,
        "Slug of the organization the release belongs to (with `version`, the key).",
        required=True,
    ),
    _p("id", _INT, "Release id."),
    _p("shortVersion", _STR, "Shortened version."),
    _p("status", _STR, "open or archived."),
    _p(
        "versionInfo",
        th.ObjectType(
            _p("package", _STR, "Package name (before the `@`)."),
            _p("version", _ANY_OBJ, "Parsed version: raw, major, minor, patch, pre, buildCode."),
            _p("description", _STR, "Version as displayed."),
            _p("buildHash", _STR, "Build hash, if the version is one."),
            additional_properties=True,
        ),
        "Parsed version (null when the version does not parse).",
    ),
    _p("ref", _STR, "VCS ref."),
    _p("url", _STR, "Release URL."),
    _p("dateReleased", _TS, "When the release was marked released."),
    _p("dateCreated", _TS, "When the release was created."),
    _p("dateStarted", _TS, "When the release started."),
    _p("data", _ANY_OBJ, "Free-form release data."),
    _p("newGroups", _INT, "Issues first seen in this release."),
    _p("owner", _ANY_OBJ, "Release owner."),
    _p("commitCount", _INT, "Number of commits."),
    _p("lastCommit", _ANY_OBJ, "Latest commit."),
    _p("deployCount", _INT, "Number of deploys."),
    _p("lastDeploy", th.ObjectType(*DEPLOY_PROPS), "Latest deploy."),
    _p("authors", th.ArrayType(_ANY_OBJ), "Commit authors."),
    _p(
        "projects",
        th.ArrayType(
            th.ObjectType(
                _p("id", _INT, "Project id."),
                _p("slug", _STR, "Project slug."),
                _p("name", _STR, "Project name."),
                _p("newGroups", _INT, "New issues in the project in this release."),
                _p("platform", _STR, "Project platform."),
                _p("platforms", _strings("Platforms."), "Project platforms."),
                _p("hasHealthData", _BOOL, "Whether release health data exists."),
                _p("healthData", _ANY_OBJ, "Release health (crash-free rates, adoption)."),
                _p("dateReleased", _TS, "When the release was released in the project."),
                _p("dateCreated", _TS, "When the release was created in the project."),
                _p("dateStarted", _TS, "When the release started in the project."),
                additional_properties=True,
            )
        ),
        "Projects the release belongs to.",
    ),
    _p("firstEvent", _TS, "First event in the release."),
    _p("lastEvent", _TS, "Latest event in the release."),
    _p("currentProjectMeta", _ANY_OBJ, "Navigation metadata."),
    _p("userAgent", _STR, "User agent that created the release."),
)

DEPLOY = th.PropertiesList(
    _p("id", _STR, "Deploy id.", required=True),
    _p("release_version", _STR, "Version of the release deployed."),
    ORG_FIELD,
    *DEPLOY_PROPS[1:],
)
