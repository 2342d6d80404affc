-- Records per source stream and day they were loaded: one row per staging table (one per raw
-- Singer stream) and value of `loaded_at` (the target's `_sdc_batched_at` of the record's
-- latest version) cast to a date, plus one row with a null day and 0 records for a stream
-- that holds nothing (so "empty" is visible, not missing).
-- Staging keeps the latest version of each record, so a record re-sent today counts today
-- and no longer on the day it first arrived: these are the records whose current version
-- was loaded that day. Targets upsert by primary key, so raw tables keep no more history.
-- A table, not a view: it scans every staging table, and two marts read it. Every staging
-- model with a `loaded_at` must be listed (tests/test_data_quality_streams.py checks it).

{{ config(materialized='table') }}

{%- set streams = [
    ('datadog', 'downtimes'), ('datadog', 'incident_todos'), ('datadog', 'incidents'),
    ('datadog', 'monitor_events'), ('datadog', 'monitors'), ('datadog', 'slo_history'),
    ('datadog', 'slos'), ('datadog', 'synthetics_results'), ('datadog', 'synthetics_tests'),
    ('github', 'branch_protection'), ('github', 'deployment_statuses'), ('github', 'deployments'),
    ('github', 'environments'), ('github', 'pull_requests'), ('github', 'releases'),
    ('github', 'repo_hooks'), ('github', 'repo_teams'), ('github', 'repositories'),
    ('github', 'rulesets'), ('github', 'team_members'), ('github', 'teams'),
    ('github', 'workflow_runs'),
    ('pagerduty', 'escalation_policies'), ('pagerduty', 'incident_analytics'),
    ('pagerduty', 'incidents'), ('pagerduty', 'log_entries'), ('pagerduty', 'oncalls'),
    ('pagerduty', 'priorities'), ('pagerduty', 'schedules'), ('pagerduty', 'services'),
    ('pagerduty', 'team_members'), ('pagerduty', 'teams'), ('pagerduty', 'user_contact_methods'),
    ('pagerduty', 'users'),
    ('postmortems', 'action_items'), ('postmortems', 'affected_products'),
    ('postmortems', 'postmortems'), ('postmortems', 'root_causes'),
    ('postmortems', 'timeline_events'),
    ('sentry', 'issue_activity'), ('sentry', 'issue_events'), ('sentry', 'issues'),
    ('sentry', 'organizations'), ('sentry', 'project_teams'), ('sentry', 'projects'),
    ('sentry', 'release_deploys'), ('sentry', 'releases'), ('sentry', 'teams'),
    ('survey', 'responses'),
] %}

{%- for source, stream in streams %}
{%- set model = 'stg_' ~ source ~ '__' ~ stream %}
select
    cast('{{ source }}' as {{ dbt.type_string() }}) as source,
    cast('{{ stream }}' as {{ dbt.type_string() }}) as stream,
    cast(loaded_at as date) as loaded_date,
    count(*) as records,
    max(loaded_at) as last_loaded_at
from {{ ref(model) }}
group by cast(loaded_at as date)

union all

select
    cast('{{ source }}' as {{ dbt.type_string() }}) as source,
    cast('{{ stream }}' as {{ dbt.type_string() }}) as stream,
    cast(null as date) as loaded_date,
    0 as records,
    cast(null as {{ dbt.type_timestamp() }}) as last_loaded_at
where not exists (select 1 from {{ ref(model) }})
{%- if not loop.last %}

union all
{% endif %}
{%- endfor %}
