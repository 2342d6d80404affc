-- On-call load per responder per UTC week (Monday): how often each person was paged, and
-- how often outside working hours and during sleep, in their own time zone.
-- Definitions: docs/metrics.md, "On-call health".

-- Keeps the weeks whose raw rows retention purged (docs/retention.md).
{{ keeps_history('week_start', 'week') }}

with

pages as (

    select * from {{ ref('int_pagerduty_log_entries_filtered_to_pages') }}

),

users as (

    select * from {{ ref('stg_pagerduty__users') }}

),

weekly as (

    select
        user_id,
        cast({{ dbt.date_trunc('week', 'paged_at') }} as date) as week_start,
        count(*) as pages,
        sum(case when urgency = 'high' then 1 else 0 end) as high_urgency_pages,
        sum(case when is_off_hours then 1 else 0 end) as off_hours_pages,
        sum(case when is_sleep_hours then 1 else 0 end) as sleep_hour_pages,
        sum(notification_count) as notifications
    from pages
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['weekly.user_id', 'weekly.week_start']) }} as responder_week_id,
        weekly.user_id,
        users.user_name,
        users.time_zone,
        weekly.week_start,
        weekly.pages,
        weekly.high_urgency_pages,
        weekly.off_hours_pages,
        weekly.sleep_hour_pages,
        weekly.notifications,
        {{ round_float('cast(weekly.off_hours_pages as ' ~ dbt.type_float() ~ ') / weekly.pages', 4) }} as off_hours_share
    from weekly
    left join users
        on users.user_id = weekly.user_id

)

select * from final
where {{ history_recomputed('week_start', 'week') }}
