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

projects as (

    select service_key, component_id as project_id
    from {{ ref('service_components') }}
    where source = 'sentry'

),

event_minutes as (

    select
        projects.service_key,
        cast({{ dbt.date_trunc('minute', 'events.created_at') }} as {{ dbt.type_timestamp() }}) as at_minute,
        count(*) as events
    from {{ ref('stg_sentry__issue_events') }} as events
    inner join projects
        on projects.project_id = cast(events.project_id as {{ dbt.type_string() }})
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
        0 as events
    from windows
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

points as (

    select service_key, incident_key, mark, at_minute, events from boundaries
    union all
    select service_key, null, null, at_minute, events from event_minutes

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
        ) as events_before_mark
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
            as events_hour_after
    from running
    where mark is not null
    group by incident_key

)

select
    incidents.incident_key,
    incidents.service_key,
    incidents.started_minute as window_started_at,
    windows.during_minutes,
    counted.events_hour_before,
    counted.events_during,
    counted.events_hour_after,
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
