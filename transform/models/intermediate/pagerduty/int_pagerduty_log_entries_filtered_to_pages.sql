-- One row per page: a responder notified about an incident. Several notifications of the
-- same person for the same incident (SMS, push and phone at once, or again after an
-- escalation) are one interruption, at the time of the first. Local time is the
-- responder's PagerDuty time zone (UTC when unknown). Our working and sleep hours are dbt vars
-- (docs/metrics.md, "On-call health"); `pagerduty_window` classifies the same page in
-- PagerDuty's fixed interruption windows, to reconcile with its *_interruptions.

{%- set working_start = var('working_hours_start', 9) %}
{%- set working_end = var('working_hours_end', 18) %}
{%- set working_days = var('working_days', [1, 2, 3, 4, 5]) %}
{%- set sleep_start = var('sleep_hours_start', 22) %}
{%- set sleep_end = var('sleep_hours_end', 7) %}

with

log_entries as (

    select * from {{ ref('stg_pagerduty__log_entries') }}

),

users as (

    select * from {{ ref('stg_pagerduty__users') }}

),

incidents as (

    select * from {{ ref('stg_pagerduty__incidents') }}

),

notifications as (

    select
        incident_id,
        user_id,
        created_at,
        channel_type,
        row_number() over (
            partition by incident_id, user_id order by created_at, log_entry_id
        ) as notification_rank,
        count(*) over (partition by incident_id, user_id) as notification_count
    from log_entries
    where log_entry_type = 'notify_log_entry'
        and user_id is not null

),

pages as (

    select
        {{ surrogate_key(['notifications.incident_id', 'notifications.user_id']) }} as page_id,
        notifications.incident_id,
        notifications.user_id,
        incidents.service_id,
        incidents.urgency,
        notifications.created_at as paged_at,
        notifications.channel_type as first_channel,
        notifications.notification_count,
        coalesce(users.time_zone, 'UTC') as time_zone,
        {{ to_local_time('notifications.created_at', "coalesce(users.time_zone, 'UTC')") }} as paged_at_local
    from notifications
    inner join incidents
        on incidents.incident_id = notifications.incident_id
    left join users
        on users.user_id = notifications.user_id
    where notifications.notification_rank = 1

),

local_parts as (

    select
        *,
        extract(dow from paged_at_local) as local_day_of_week,
        extract(hour from paged_at_local) as local_hour
    from pages

),

final as (

    select
        page_id,
        incident_id,
        user_id,
        service_id,
        urgency,
        paged_at,
        first_channel,
        notification_count,
        time_zone,
        paged_at_local,
        -- Working hours (vars working_days, Sunday = 0, and working_hours_start/_end, local
        -- time; default Monday to Friday 09:00-18:00): off hours are everything else.
        not (  -- noqa: LT01, LT06
            local_day_of_week in ({{ working_days | join(', ') }})
            and {{ hour_in('local_hour', working_start, working_end) }}
        ) as is_off_hours,
        -- Sleep (vars sleep_hours_start/_end, local time, any day; default 22:00-07:00).
        {{ hour_in('local_hour', sleep_start, sleep_end) }} as is_sleep_hours,
        -- PagerDuty's interruption windows (Analytics, fixed): sleep 22:00-08:00 every day,
        -- business 08:00-18:00 Monday to Friday, off hours the rest.
        case
            when {{ hour_in('local_hour', 22, 8) }} then 'sleep'
            when local_day_of_week between 1 and 5 and {{ hour_in('local_hour', 8, 18) }} then 'business'
            else 'off'
        end as pagerduty_window
    from local_parts

)

select * from final
