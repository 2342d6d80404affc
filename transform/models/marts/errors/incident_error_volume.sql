-- Application errors around each incident: Sentry events of the incident's service in the hour
-- before it started, while it lasted (capped at 24 hours) and in the hour after it ended, per
-- minute, and how much the error rate rose. Events are counted in whole minutes (a minute
-- belongs to the window its start falls in). Production events only where the event names its
-- environment; each loaded event weighs for the events of its issue the tap did not load (the
-- issue's own `count` over the events loaded), so a noisy issue capped at
-- max_events_per_issue is not undercounted. Definitions: docs/metrics.md, "Errors".

{%- set max_minutes = 24 * 60 %}
{%- set production = var('production_environments', ['production', 'prod']) %}
{#- Production only, where the event says (an event without an environment is kept). #}
{%- set production_event -%}
    (events.environment is null
        or lower(events.environment) in ('{{ production | map("lower") | join("', '") }}'))
{%- endset %}

with

incidents as (

    select
        incident_key,
        service_key,
        cast({{ dbt.date_trunc('minute', 'coalesce(impact_started_at, internal_detected_at)') }}
            as {{ dbt.type_timestamp() }}) as started_minute,
        coalesce(recovered_at, resolved_at) as ended_at
    from {{ ref('incidents') }}
    where service_key is not null

),

windows as (

    select
        incident_key,
        service_key,
        started_minute,
        -- Open incidents and those without an end count their first hour only; long ones are
        -- capped at a day.
        least(
            greatest(
                coalesce({{ dbt.datediff('started_minute', 'ended_at', 'minute') }}, 60), 1
            ),
            {{ max_minutes }}
        ) as during_minutes
    from incidents

),


loaded_per_issue as (

    select issue_id, count(*) as loaded_events, min(created_at) as first_loaded_at
    from {{ ref('stg_sentry__issue_events') }}
    group by 1

),

load_horizon as (

    -- The first event loaded at all: the earliest of the issues' first ones.
    select min(first_loaded_at) as first_loaded_at from loaded_per_issue

),

issue_weights as (

    -- Sentry's own count of the issue's events (all environments) over the events loaded
    -- (all environments): > 1 when the tap's per-sync cap left events out. Only for issues
    -- first seen after the first event loaded at all: an older issue's count includes events
    -- from before the tap's start date, which are missing for that reason, not the cap.
    select
        issues.issue_id,
        case
            when issues.event_count > loaded_per_issue.loaded_events
                and issues.first_seen_at >= load_horizon.first_loaded_at
                then cast(issues.event_count as {{ dbt.type_float() }}) / loaded_per_issue.loaded_events
            else 1.0
        end as event_weight
    from {{ ref('stg_sentry__issues') }} as issues
    inner join loaded_per_issue
        on loaded_per_issue.issue_id = issues.issue_id
    cross join load_horizon

),

project_minutes as (

    -- Weighed per project and minute before the catalogue join, and production counted by a
    -- CASE rather than a WHERE: the planner cannot estimate lower(environment), guessed 0.5 %
    -- of the events, and on that guess joined every event to the issue weights in a nested
    -- loop (minutes on the bench world). Unfiltered, the events table is estimated at its
    -- size; the GROUP BY keeps the catalogue join (estimated at a few rows) outside.
    -- Non-production events add 0, which leaves every running count below as it was. The
    -- events table is read here and in loaded_per_issue, each time by name: a CTE of it read
    -- twice is materialised whole by Postgres, every column of every event.
    select
        events.project_id,
        cast({{ dbt.date_trunc('minute', 'events.created_at') }} as {{ dbt.type_timestamp() }}) as at_minute,
        sum(case when {{ production_event }} then coalesce(issue_weights.event_weight, 1.0) else 0 end) as events,
        sum(
            case when {{ production_event }} and coalesce(issue_weights.event_weight, 1.0) > 1.0 then 1 else 0 end
        ) as capped_events
    from {{ ref('stg_sentry__issue_events') }} as events
    left join issue_weights
        on issue_weights.issue_id = events.issue_id
    group by 1, 2

),

event_minutes as (

    select
        projects.service_key,
        project_minutes.at_minute,
        sum(project_minutes.events) as events,
        sum(project_minutes.capped_events) as capped_events
    from project_minutes
    {{ join_service_catalogue('sentry', 'project', 'project_minutes.project_id', alias='projects', join='inner') }}
    group by 1, 2

),

boundaries as (

    -- Four marks per incident: where the hour before, the incident, the hour after and the
    -- whole window end. Events between two marks are the difference of the running event
    -- count at them, so every event is read once, whatever the number of incidents.
    {%- set marks = [
        ('window_start', '-60'),
        ('during_start', '0'),
        ('after_start', 'during_minutes'),
        ('window_end', 'during_minutes + 60'),
    ] %}
    {%- for mark, offset in marks %}
    select
        service_key,
        incident_key,
        '{{ mark }}' as mark,
        {{ dbt.dateadd('minute', offset, 'started_minute') }} as at_minute,
        0 as events,
        0 as capped_events
    from windows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

points as (

    select service_key, incident_key, mark, at_minute, events, capped_events from boundaries
    union all
    select service_key, null, null, at_minute, events, capped_events from event_minutes

),

running as (

    -- At equal minutes the marks sort first: a mark's running count is the events strictly
    -- before its minute.
    select
        incident_key,
        mark,
        sum(events) over (
            partition by service_key
            order by at_minute, case when mark is null then 1 else 0 end
            rows between unbounded preceding and current row
        ) as events_before_mark,
        sum(capped_events) over (
            partition by service_key
            order by at_minute, case when mark is null then 1 else 0 end
            rows between unbounded preceding and current row
        ) as capped_before_mark
    from points

),

counted as (

    select
        incident_key,
        max(case when mark = 'during_start' then events_before_mark end)
            - max(case when mark = 'window_start' then events_before_mark end)
            as events_hour_before,
        max(case when mark = 'after_start' then events_before_mark end)
            - max(case when mark = 'during_start' then events_before_mark end)
            as events_during,
        max(case when mark = 'window_end' then events_before_mark end)
            - max(case when mark = 'after_start' then events_before_mark end)
            as events_hour_after,
        max(case when mark = 'window_end' then capped_before_mark end)
            - max(case when mark = 'window_start' then capped_before_mark end)
            as capped_events_in_window
    from running
    where mark is not null
    group by incident_key

)

select
    incidents.incident_key,
    incidents.service_key,
    incidents.started_minute as window_started_at,
    windows.during_minutes,
    {{ round_float('counted.events_hour_before', 1) }} as events_hour_before,
    {{ round_float('counted.events_during', 1) }} as events_during,
    {{ round_float('counted.events_hour_after', 1) }} as events_hour_after,
    -- Some events of the window stand for events the tap's cap left out (estimated counts).
    counted.capped_events_in_window > 0 as has_estimated_events,
    {{ round_float('cast(counted.events_during as ' ~ dbt.type_float() ~ ') / windows.during_minutes', 4) }}
        as events_per_minute_during,
    {{ round_float('counted.events_hour_before / 60.0', 4) }} as events_per_minute_before,
    -- How many times the error rate rose; null when nothing happened in the hour before.
    {{ round_float(
        '(cast(counted.events_during as ' ~ dbt.type_float() ~ ') / windows.during_minutes)'
        ~ ' / nullif(counted.events_hour_before / 60.0, 0)', 2) }} as error_rate_increase
from incidents
inner join windows
    on windows.incident_key = incidents.incident_key
inner join counted
    on counted.incident_key = incidents.incident_key
