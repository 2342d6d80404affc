"""JSON schemas of the streams; every property carries a description.

Records are projections of GitHub's objects under GitHub's own field names: every data
field the list endpoint sends is declared (the tap README lists, per stream, the fields
GitHub documents that are not emitted and why: hypermedia links, secrets, detail-only
fields). Embedded users, teams, repositories and apps are references, flattened to
`<role>_id` / `<role>_login`-style columns; nested data objects (labels, assets, a run's
head commit) keep GitHub's shape without their links. Never a webhook secret.
New fields are nullable and carry no enum: values GitHub adds later pass through.
"""

from __future__ import annotations

import typing as t

from singer_sdk import typing as th

_TS = th.DateTimeType
_STR = th.StringType
_INT = th.IntegerType
_BOOL = th.BooleanType


def _p(name: str, type_: t.Any, description: str, *, required: bool = False) -> th.Property:  # noqa: ANN401
    return th.Property(name, type_, description=description, required=required)


def _strings() -> th.ArrayType:
    return th.ArrayType(th.StringType)


def _ints() -> th.ArrayType:
    return th.ArrayType(th.IntegerType)


def _obj(*properties: th.Property) -> th.ObjectType:
    return th.ObjectType(*properties)


def _free_object() -> th.CustomType:
    """An object passed through as GitHub sends it (its keys are open-ended)."""
    return th.CustomType({"type": ["object", "null"]})


PERMISSIONS = _obj(
    _p("admin", _BOOL, "Administer."),
    _p("maintain", _BOOL, "Maintain."),
    _p("push", _BOOL, "Write (push)."),
    _p("triage", _BOOL, "Triage."),
    _p("pull", _BOOL, "Read (pull)."),
)


ORG = _p("organization", _STR, "Login of the organization the record was read from.")
REPO_ID = _p("repository_id", _INT, "Id of the repository.", required=True)
REPO = _p("repository", _STR, "Full name of the repository (`org/name`).")

TEAM = th.PropertiesList(
    _p("id", _INT, "Team id.", required=True),
    ORG,
    _p("node_id", _STR, "GraphQL node id."),
    _p("slug", _STR, "Team slug (used in URLs; shared with PagerDuty teams by convention)."),
    _p("name", _STR, "Team name."),
    _p("description", _STR, "Team description."),
    _p("privacy", _STR, "closed (visible to the organization) or secret."),
    _p("notification_setting", _STR, "notifications_enabled or notifications_disabled."),
    _p("parent_id", _INT, "Id of the parent team, if nested."),
    _p("parent_slug", _STR, "Slug of the parent team, if nested."),
    _p("html_url", _STR, "Web URL of the team."),
    _p("permission", _STR, "Default permission the team grants on new repositories (pull ...)."),
    _p("permissions", PERMISSIONS, "The team's permissions, when GitHub sends them."),
    _p("type", _STR, "organization or enterprise (an enterprise team visible in the org)."),
    _p("access_source", _STR, "How the team has access: direct, organization or enterprise."),
    _p("organization_id", _INT, "Id of the organization owning the team."),
    _p("enterprise_id", _INT, "Id of the enterprise owning the team (enterprise teams)."),
)

TEAM_MEMBER = th.PropertiesList(
    _p("team_id", _INT, "Team id.", required=True),
    _p("user_id", _INT, "User id.", required=True),
    ORG,
    _p("team_slug", _STR, "Team slug."),
    _p("login", _STR, "User login."),
    _p("role", _STR, "Role in the team: maintainer or member."),
    _p("type", _STR, "Account type (User, Bot)."),
    _p("site_admin", _BOOL, "Whether the user administers the GitHub instance."),
    _p("node_id", _STR, "GraphQL node id of the user."),
    _p("name", _STR, "Display name (when GitHub sends it)."),
    _p("email", _STR, "Public email (when GitHub sends it)."),
    _p("user_view_type", _STR, "public or private profile view."),
    _p("inherited", _BOOL, "Whether the membership comes from a child team."),
)

REPOSITORY = th.PropertiesList(
    _p("id", _INT, "Repository id.", required=True),
    ORG,
    _p("node_id", _STR, "GraphQL node id."),
    _p("name", _STR, "Repository name."),
    _p("full_name", _STR, "Full name (`org/name`)."),
    _p("description", _STR, "Repository description."),
    _p("private", _BOOL, "Whether the repository is private."),
    _p("visibility", _STR, "public, private or internal."),
    _p("archived", _BOOL, "Whether the repository is archived (read-only)."),
    _p("disabled", _BOOL, "Whether the repository is disabled."),
    _p("fork", _BOOL, "Whether the repository is a fork."),
    _p("is_template", _BOOL, "Whether the repository is a template."),
    _p("default_branch", _STR, "Name of the default branch."),
    _p("language", _STR, "Main language."),
    _p("topics", _strings(), "Repository topics."),
    _p("size", _INT, "Size in KB (0 for an empty repository)."),
    _p("has_issues", _BOOL, "Whether issues are enabled."),
    _p("has_wiki", _BOOL, "Whether the wiki is enabled."),
    _p("has_pages", _BOOL, "Whether GitHub Pages is enabled."),
    _p("has_discussions", _BOOL, "Whether discussions are enabled."),
    _p("open_issues_count", _INT, "Open issues and pull requests."),
    _p("stargazers_count", _INT, "Stars."),
    _p("forks_count", _INT, "Forks."),
    _p("license_spdx_id", _STR, "SPDX id of the detected license."),
    _p("html_url", _STR, "Web URL of the repository."),
    _p("created_at", _TS, "When the repository was created."),
    _p("updated_at", _TS, "When the repository object last changed."),
    _p("pushed_at", _TS, "When a commit was last pushed (null for an empty repository)."),
    _p("license_key", _STR, "Key of the detected license (mit, apache-2.0 ...)."),
    _p("license_name", _STR, "Name of the detected license."),
    _p("homepage", _STR, "Homepage URL set on the repository."),
    _p("mirror_url", _STR, "Upstream URL of a mirror repository."),
    _p("watchers_count", _INT, "Watchers (GitHub reports stargazers here)."),
    _p("has_projects", _BOOL, "Whether projects are enabled."),
    _p("has_downloads", _BOOL, "Whether downloads are enabled."),
    _p("has_pull_requests", _BOOL, "Whether pull requests are enabled."),
    _p("pull_request_creation_policy", _STR, "Who may open pull requests: all, collaborators."),
    _p("allow_forking", _BOOL, "Whether private forks are allowed."),
    _p("web_commit_signoff_required", _BOOL, "Whether web commits must be signed off."),
    _p("permissions", PERMISSIONS, "What the token's user may do on the repository."),
    _p("role_name", _STR, "The token's user's role on the repository."),
    _p(
        "security_and_analysis",
        _free_object(),
        "Security features and their status (secret scanning, push protection, "
        "Dependabot ...), as GitHub sends them (admins only).",
    ),
    _p(
        "custom_properties",
        _free_object(),
        "The organization's custom properties set on the repository (name -> value).",
    ),
)

REPO_TEAM = th.PropertiesList(
    REPO_ID,
    _p("team_id", _INT, "Team id.", required=True),
    ORG,
    REPO,
    _p("team_slug", _STR, "Team slug."),
    _p(
        "permission",
        _STR,
        "The team's role on the repository: admin, maintain, write, triage, read (or a "
        "custom role name).",
    ),
)

REPO_HOOK = th.PropertiesList(
    _p("id", _INT, "Webhook id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("type", _STR, "Where the hook is installed: Repository."),
    _p("name", _STR, "Hook type name (`web`)."),
    _p("active", _BOOL, "Whether deliveries are sent."),
    _p("events", _strings(), "Events that trigger the hook."),
    _p("url_scheme", _STR, "Scheme of the payload URL (https, http)."),
    _p("url_host", _STR, "Host of the payload URL (the path and query are not kept)."),
    _p("content_type", _STR, "Payload encoding: json or form."),
    _p("insecure_ssl", _BOOL, "Whether TLS verification of the receiver is disabled."),
    _p("has_secret", _BOOL, "Whether a signing secret is set (the secret is never read)."),
    _p("last_response_code", _INT, "HTTP status of the last delivery."),
    _p("last_response_status", _STR, "Status of the last delivery: active, failed, unused."),
    _p("last_response_message", _STR, "Message of the last delivery."),
    _p("created_at", _TS, "When the hook was created."),
    _p("updated_at", _TS, "When the hook was last changed."),
)

BRANCH_PROTECTION = th.PropertiesList(
    REPO_ID,
    ORG,
    REPO,
    _p("branch", _STR, "The default branch the protection applies to."),
    _p("is_protected", _BOOL, "Whether the default branch is protected."),
    _p(
        "unavailable_reason",
        _STR,
        "Why no protection was read: not_protected (404 Branch not protected), "
        "branch_not_found, empty_repository (409), no_access (404), feature_disabled (410); "
        "null when protected.",
    ),
    _p("required_reviews", _BOOL, "Whether pull request reviews are required."),
    _p("required_approving_review_count", _INT, "Approvals required before merging."),
    _p("require_code_owner_reviews", _BOOL, "Whether code owners must approve."),
    _p("dismiss_stale_reviews", _BOOL, "Whether new commits dismiss approvals."),
    _p("require_last_push_approval", _BOOL, "Whether the last push must be approved by another."),
    _p("required_status_checks", _BOOL, "Whether status checks must pass before merging."),
    _p("strict_status_checks", _BOOL, "Whether the branch must be up to date before merging."),
    _p("status_check_contexts", _strings(), "Required status check names."),
    _p("enforce_admins", _BOOL, "Whether the rules apply to administrators too."),
    _p("required_linear_history", _BOOL, "Whether merge commits are forbidden."),
    _p("allow_force_pushes", _BOOL, "Whether force pushes are allowed."),
    _p("allow_deletions", _BOOL, "Whether the branch may be deleted."),
    _p("required_conversation_resolution", _BOOL, "Whether review threads must be resolved."),
    _p("required_signatures", _BOOL, "Whether commits must be signed."),
    _p("lock_branch", _BOOL, "Whether the branch is read-only."),
    _p("block_creations", _BOOL, "Whether creating matching branches is blocked."),
    _p("allow_fork_syncing", _BOOL, "Whether forks may sync a locked branch."),
    _p(
        "status_checks",
        th.ArrayType(
            _obj(
                _p("context", _STR, "Name of the required check."),
                _p("app_id", _INT, "GitHub App that must report it (null: any source)."),
            )
        ),
        "Required status checks with the app each must come from.",
    ),
    _p(
        "status_check_enforcement_level",
        _STR,
        "Who the status checks apply to (off, non_admins, everyone), when GitHub sends it.",
    ),
    _p("review_dismissal_restricted", _BOOL, "Whether only some may dismiss reviews."),
    _p("review_dismissal_users", _strings(), "Logins allowed to dismiss reviews."),
    _p("review_dismissal_teams", _strings(), "Team slugs allowed to dismiss reviews."),
    _p("review_dismissal_apps", _strings(), "App slugs allowed to dismiss reviews."),
    _p("review_bypass_users", _strings(), "Logins allowed to merge without the reviews."),
    _p("review_bypass_teams", _strings(), "Team slugs allowed to merge without the reviews."),
    _p("review_bypass_apps", _strings(), "App slugs allowed to merge without the reviews."),
    _p("push_restricted", _BOOL, "Whether only some may push to the branch."),
    _p("push_users", _strings(), "Logins allowed to push (when restricted)."),
    _p("push_teams", _strings(), "Team slugs allowed to push (when restricted)."),
    _p("push_apps", _strings(), "App slugs allowed to push (when restricted)."),
)

RULESET = th.PropertiesList(
    REPO_ID,
    _p("id", _INT, "Ruleset id.", required=True),
    ORG,
    REPO,
    _p("name", _STR, "Ruleset name."),
    _p("target", _STR, "What it applies to: branch, tag or push."),
    _p("source_type", _STR, "Where it is defined: Repository or Organization."),
    _p("source", _STR, "Name of the repository or organization defining it."),
    _p("enforcement", _STR, "active, evaluate (report only) or disabled."),
    _p("created_at", _TS, "When the ruleset was created."),
    _p("updated_at", _TS, "When the ruleset was last changed."),
    _p("node_id", _STR, "GraphQL node id."),
    _p(
        "current_user_can_bypass",
        _STR,
        "Whether the token's user may bypass it: always, pull_requests_only, never, exempt.",
    ),
)

ENVIRONMENT = th.PropertiesList(
    _p("id", _INT, "Environment id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("name", _STR, "Environment name (production, staging, ...)."),
    _p("node_id", _STR, "GraphQL node id."),
    _p("can_admins_bypass", _BOOL, "Whether administrators may bypass the protection rules."),
    _p("wait_timer", _INT, "Minutes a deployment waits before it starts (wait_timer rule)."),
    _p("prevent_self_review", _BOOL, "Whether the deployer may not approve their own deployment."),
    _p(
        "protection_rule_types",
        _strings(),
        "Protection rules: required_reviewers, wait_timer, branch_policy.",
    ),
    _p("required_reviewers", _strings(), "Required reviewers as `Team:slug` or `User:login`."),
    _p("protected_branches_only", _BOOL, "Whether only protected branches may deploy."),
    _p("custom_branch_policies", _BOOL, "Whether branch name patterns restrict deployments."),
    _p("html_url", _STR, "Web URL of the environment."),
    _p("created_at", _TS, "When the environment was created."),
    _p("updated_at", _TS, "When the environment was last changed."),
)

DEPLOYMENT = th.PropertiesList(
    _p("id", _INT, "Deployment id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("node_id", _STR, "GraphQL node id."),
    _p("sha", _STR, "Commit deployed."),
    _p("ref", _STR, "Branch, tag or SHA asked for."),
    _p("task", _STR, "Task (deploy, deploy:migrations, ...)."),
    _p("environment", _STR, "Target environment."),
    _p("original_environment", _STR, "Environment asked for when created."),
    _p("description", _STR, "Description."),
    _p("production_environment", _BOOL, "Whether the environment is production."),
    _p("transient_environment", _BOOL, "Whether the environment is short-lived."),
    _p("creator_id", _INT, "Id of the user or app that created it."),
    _p("creator_login", _STR, "Login of the user or app that created it."),
    _p("created_at", _TS, "When the deployment was created."),
    _p("updated_at", _TS, "When the deployment last changed (a new status)."),
    _p("creator_type", _STR, "Account type of the creator (User, Bot, Organization)."),
    _p("performed_via_github_app_id", _INT, "Id of the GitHub App that created it."),
    _p("performed_via_github_app_slug", _STR, "Slug of the GitHub App that created it."),
)

DEPLOYMENT_STATUS = th.PropertiesList(
    _p("id", _INT, "Deployment status id.", required=True),
    _p("deployment_id", _INT, "Id of the deployment.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("state", _STR, "queued, pending, in_progress, success, failure, error or inactive."),
    _p("description", _STR, "Description."),
    _p("environment", _STR, "Environment."),
    _p("target_url", _STR, "URL of the deployment's output."),
    _p("environment_url", _STR, "URL of the deployed environment."),
    _p("log_url", _STR, "URL of the deployment's logs."),
    _p("creator_login", _STR, "Login of the user or app that set the status."),
    _p("created_at", _TS, "When the status was set."),
    _p("updated_at", _TS, "When the status last changed."),
    _p("node_id", _STR, "GraphQL node id."),
    _p("creator_id", _INT, "Id of the user or app that set the status."),
    _p("performed_via_github_app_id", _INT, "Id of the GitHub App that set the status."),
    _p("performed_via_github_app_slug", _STR, "Slug of the GitHub App that set the status."),
)

RELEASE = th.PropertiesList(
    _p("id", _INT, "Release id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("tag_name", _STR, "Tag of the release."),
    _p("name", _STR, "Release title."),
    _p("target_commitish", _STR, "Branch or commit the tag was created from."),
    _p("draft", _BOOL, "Whether the release is an unpublished draft."),
    _p("prerelease", _BOOL, "Whether the release is marked as a pre-release."),
    _p("author_login", _STR, "Login of the author."),
    _p("html_url", _STR, "Web URL of the release."),
    _p("created_at", _TS, "When the release (or its commit) was created."),
    _p("published_at", _TS, "When the release was published (null for drafts)."),
    _p("node_id", _STR, "GraphQL node id."),
    _p("author_id", _INT, "Id of the author."),
    _p("body", _STR, "Release notes (Markdown)."),
    _p("immutable", _BOOL, "Whether the release is immutable (its assets and tag locked)."),
    _p("updated_at", _TS, "When the release last changed."),
    _p("mentions_count", _INT, "Users mentioned in the release notes."),
    _p(
        "reactions",
        _obj(
            _p("total_count", _INT, "All reactions."),
            _p("+1", _INT, "Thumbs up."),
            _p("-1", _INT, "Thumbs down."),
            _p("laugh", _INT, "Laugh."),
            _p("confused", _INT, "Confused."),
            _p("heart", _INT, "Heart."),
            _p("hooray", _INT, "Hooray."),
            _p("eyes", _INT, "Eyes."),
            _p("rocket", _INT, "Rocket."),
        ),
        "Reactions to the release, by kind (when it has any).",
    ),
    _p(
        "assets",
        th.ArrayType(
            _obj(
                _p("id", _INT, "Asset id."),
                _p("node_id", _STR, "GraphQL node id."),
                _p("name", _STR, "File name."),
                _p("label", _STR, "Label shown instead of the name."),
                _p("state", _STR, "uploaded or open (upload in progress)."),
                _p("content_type", _STR, "Media type."),
                _p("size", _INT, "Size in bytes."),
                _p("digest", _STR, "Digest (`sha256:...`)."),
                _p("download_count", _INT, "Downloads."),
                _p("created_at", _TS, "When it was uploaded."),
                _p("updated_at", _TS, "When it last changed."),
                _p("uploader_login", _STR, "Login of the uploader."),
            )
        ),
        "Files attached to the release.",
    ),
)

PULL_REQUEST = th.PropertiesList(
    _p("id", _INT, "Pull request id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("number", _INT, "Number in the repository."),
    _p("node_id", _STR, "GraphQL node id."),
    _p("state", _STR, "open or closed."),
    _p("title", _STR, "Title."),
    _p("draft", _BOOL, "Whether the pull request is a draft."),
    _p("locked", _BOOL, "Whether the conversation is locked."),
    _p("user_id", _INT, "Id of the author."),
    _p("user_login", _STR, "Login of the author."),
    _p(
        "author_association", _STR, "Author's relation to the repository (MEMBER, CONTRIBUTOR ...)."
    ),
    _p("base_ref", _STR, "Branch merged into."),
    _p("base_sha", _STR, "Commit of the base branch."),
    _p("head_ref", _STR, "Branch merged from."),
    _p("head_sha", _STR, "Last commit of the head branch."),
    _p("head_repository", _STR, "Full name of the head repository (differs for forks)."),
    _p("merge_commit_sha", _STR, "Merge (or test merge) commit."),
    _p("requested_reviewer_count", _INT, "Users asked for a review and not yet reviewed."),
    _p("requested_team_count", _INT, "Teams asked for a review and not yet reviewed."),
    _p("assignee_count", _INT, "Assigned users."),
    _p("label_names", _strings(), "Labels."),
    _p("html_url", _STR, "Web URL of the pull request."),
    _p("created_at", _TS, "When the pull request was opened."),
    _p("updated_at", _TS, "When it last changed (the replication key)."),
    _p("closed_at", _TS, "When it was closed (merged or not)."),
    _p("merged_at", _TS, "When it was merged (null when closed unmerged or open)."),
    _p("body", _STR, "Description (Markdown)."),
    _p("active_lock_reason", _STR, "Why the conversation is locked (off-topic, resolved ...)."),
    _p("user_type", _STR, "Account type of the author (User, Bot ...)."),
    _p("head_label", _STR, "`owner:branch` of the head."),
    _p("head_repository_id", _INT, "Id of the head repository (null: its fork was deleted)."),
    _p("base_label", _STR, "`owner:branch` of the base."),
    _p("base_repository_id", _INT, "Id of the base repository."),
    _p("assignee_id", _INT, "Id of the (first) assignee."),
    _p("assignee_login", _STR, "Login of the (first) assignee."),
    _p("assignee_logins", _strings(), "Logins of the assignees."),
    _p("requested_reviewer_logins", _strings(), "Users asked for a review, not yet reviewed."),
    _p(
        "requested_teams",
        th.ArrayType(
            _obj(
                _p("id", _INT, "Team id."),
                _p("node_id", _STR, "GraphQL node id."),
                _p("slug", _STR, "Team slug."),
                _p("name", _STR, "Team name."),
                _p("description", _STR, "Team description."),
                _p("privacy", _STR, "closed or secret."),
                _p("notification_setting", _STR, "Notification setting."),
                _p("permission", _STR, "The team's default permission."),
                _p("permissions", PERMISSIONS, "The team's permissions, when sent."),
                _p("type", _STR, "organization or enterprise."),
                _p("access_source", _STR, "direct, organization or enterprise."),
                _p("organization_id", _INT, "Id of the owning organization."),
                _p("enterprise_id", _INT, "Id of the owning enterprise."),
            )
        ),
        "Teams asked for a review and not yet reviewed.",
    ),
    _p(
        "labels",
        th.ArrayType(
            _obj(
                _p("id", _INT, "Label id."),
                _p("node_id", _STR, "GraphQL node id."),
                _p("name", _STR, "Label name."),
                _p("description", _STR, "Label description."),
                _p("color", _STR, "Colour (hex, without #)."),
                _p("default", _BOOL, "Whether it is one of GitHub's default labels."),
            )
        ),
        "Labels with their descriptions and colours.",
    ),
    _p("milestone_id", _INT, "Id of the milestone."),
    _p("milestone_number", _INT, "Number of the milestone."),
    _p("milestone_title", _STR, "Title of the milestone."),
    _p("milestone_state", _STR, "open or closed."),
    _p("milestone_due_on", _TS, "When the milestone is due."),
    _p(
        "auto_merge",
        _obj(
            _p("merge_method", _STR, "merge, squash or rebase."),
            _p("commit_title", _STR, "Title of the merge commit."),
            _p("commit_message", _STR, "Message of the merge commit."),
        ),
        "Auto-merge settings (null: auto-merge is not enabled).",
    ),
    _p("auto_merge_enabled_by_login", _STR, "Login of who enabled auto-merge."),
    _p(
        "stack",
        _free_object(),
        "Where the pull request sits in a stack of pull requests (as GitHub sends it).",
    ),
)

WORKFLOW_RUN = th.PropertiesList(
    _p("id", _INT, "Workflow run id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("workflow_id", _INT, "Id of the workflow."),
    _p("name", _STR, "Workflow name."),
    _p("path", _STR, "Workflow file path."),
    _p("display_title", _STR, "Title shown for the run."),
    _p("run_number", _INT, "Run number of the workflow."),
    _p("run_attempt", _INT, "Attempt number (re-runs increase it)."),
    _p("event", _STR, "Triggering event (push, pull_request, schedule ...)."),
    _p("status", _STR, "queued, in_progress, completed, waiting, requested or pending."),
    _p(
        "conclusion",
        _STR,
        "success, failure, cancelled, skipped, timed_out ... (null until completed).",
    ),
    _p("head_branch", _STR, "Branch the run is for."),
    _p("head_sha", _STR, "Commit the run is for."),
    _p("actor_login", _STR, "Login of the user who triggered the first attempt."),
    _p("triggering_actor_login", _STR, "Login of the user who triggered this attempt."),
    _p("pull_request_numbers", th.ArrayType(th.IntegerType), "Pull requests the run is for."),
    _p("html_url", _STR, "Web URL of the run."),
    _p("created_at", _TS, "When the run was created (the replication key)."),
    _p("run_started_at", _TS, "When this attempt started."),
    _p("updated_at", _TS, "When the run last changed (its completion, once completed)."),
    _p("node_id", _STR, "GraphQL node id."),
    _p("check_suite_id", _INT, "Id of the run's check suite."),
    _p("check_suite_node_id", _STR, "GraphQL node id of the check suite."),
    _p("actor_id", _INT, "Id of the user who triggered the first attempt."),
    _p("triggering_actor_id", _INT, "Id of the user who triggered this attempt."),
    _p(
        "referenced_workflows",
        th.ArrayType(
            _obj(
                _p("path", _STR, "Path of the reusable workflow."),
                _p("sha", _STR, "Commit it was read at."),
                _p("ref", _STR, "Ref it was asked at."),
            )
        ),
        "Reusable workflows the run called.",
    ),
    _p(
        "head_commit",
        _obj(
            _p("id", _STR, "Commit SHA."),
            _p("tree_id", _STR, "Tree SHA."),
            _p("message", _STR, "Commit message."),
            _p("timestamp", _TS, "Commit time."),
            _p(
                "author",
                _obj(_p("name", _STR, "Author name."), _p("email", _STR, "Author email.")),
                "Commit author.",
            ),
            _p(
                "committer",
                _obj(_p("name", _STR, "Committer name."), _p("email", _STR, "Committer email.")),
                "Committer.",
            ),
        ),
        "The commit the run is for.",
    ),
    _p("head_repository_id", _INT, "Id of the repository the head commit is in (forks)."),
    _p("head_repository_full_name", _STR, "Full name of the head repository."),
)
