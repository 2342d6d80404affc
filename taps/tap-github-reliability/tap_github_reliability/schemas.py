"""JSON schemas of the streams; every property carries a description.

Records are flat projections of GitHub's objects: what standards checks and delivery
metrics need, with nested users and refs reduced to their ids and names, and never a
webhook secret.
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
)

ENVIRONMENT = th.PropertiesList(
    _p("id", _INT, "Environment id.", required=True),
    ORG,
    REPO_ID,
    REPO,
    _p("name", _STR, "Environment name (production, staging, ...)."),
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
)
