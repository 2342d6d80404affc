-- Application errors around each incident: Sentry events of the incident's service in the hour
-- before it started, while it lasted (capped at 24 hours) and in the hour after it ended, per
-- minute, and how much the error rate rose. Events are counted in whole minutes (a minute
-- belongs to the window its start falls in). Definitions: docs/metrics.md, "Errors".

{%- set max_minutes = 24 * 60 %}

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

numbers as (

    {{ numbers(4) }}

),

minutes as (

    -- Every minute of each window: 60 before, the incident itself, 60 after.
    select
        windows.incident_key,
        windows.service_key,
        windows.during_minutes,
        case
            when numbers.n < 60 then 'before'
            when numbers.n < 60 + windows.during_minutes then 'during'
            else 'after'
        end as phase,
        {{ dbt.dateadd('minute', 'numbers.n - 60', 'windows.started_minute') }} as minute_at
    from windows
    inner join numbers
        on numbers.n < windows.during_minutes + 120

),

projects as (

    select service_key, component_id as project_id
    from {{ ref('service_components') }}
    where source = 'sentry'

),

event_minutes as (

    select
        cast(project_id as {{ dbt.type_string() }}) as project_id,
        cast({{ dbt.date_trunc('minute', 'created_at') }} as {{ dbt.type_timestamp() }}) as minute_at,
        count(*) as events
    from {{ ref('stg_sentry__issue_events') }}
    group by 1, 2

),

counted as (

    select
        minutes.incident_key,
        max(minutes.during_minutes) as during_minutes,
        coalesce(sum(case when minutes.phase = 'before' then event_minutes.events end), 0)
            as events_hour_before,
        coalesce(sum(case when minutes.phase = 'during' then event_minutes.events end), 0)
            as events_during,
        coalesce(sum(case when minutes.phase = 'after' then event_minutes.events end), 0)
            as events_hour_after
    from minutes
    left join projects
        on projects.service_key = minutes.service_key
    left join event_minutes
        on event_minutes.project_id = projects.project_id
        and event_minutes.minute_at = minutes.minute_at
    group by minutes.incident_key

)

select
    incidents.incident_key,
    incidents.service_key,
    incidents.started_minute as window_started_at,
    counted.during_minutes,
    counted.events_hour_before,
    counted.events_during,
    counted.events_hour_after,
    {{ round_float('cast(counted.events_during as ' ~ dbt.type_float() ~ ') / counted.during_minutes', 4) }}
        as events_per_minute_during,
    {{ round_float('counted.events_hour_before / 60.0', 4) }} as events_per_minute_before,
    -- How many times the error rate rose; null when nothing happened in the hour before.
    {{ round_float(
        '(cast(counted.events_during as ' ~ dbt.type_float() ~ ') / counted.during_minutes)'
        ~ ' / nullif(counted.events_hour_before / 60.0, 0)', 2) }} as error_rate_increase
from incidents
inner join counted
    on counted.incident_key = incidents.incident_key
