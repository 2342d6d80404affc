-- One row per page: a responder notified about an incident. Several notifications of the
-- same person for the same incident (SMS, push and phone at once, or again after an
-- escalation) are one interruption, at the time of the first. Local time is the
-- responder's PagerDuty time zone (UTC when unknown).

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

final as (

    select
        *,
        -- Working hours: Monday to Friday, 09:00 to 18:00 local time (Sunday is day 0).
        not (
            extract(dow from paged_at_local) between 1 and 5
            and extract(hour from paged_at_local) between 9 and 17
        ) as is_off_hours,
        -- Sleep: 22:00 to 07:00 local time, any day.
        (
            extract(hour from paged_at_local) >= 22
            or extract(hour from paged_at_local) < 7
        ) as is_sleep_hours
    from pages

)

select * from final
