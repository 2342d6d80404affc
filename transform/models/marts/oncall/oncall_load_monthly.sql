-- On-call load per person per UTC month: hours on call (scheduled shifts, cut at month
-- boundaries and at the as-of time), shifts, and every page the person received — through a
-- shift, as a policy's direct target, or while not on call — with those outside working hours
-- and in sleep hours (the pages' own definitions). Pages per 24 hours on call compare load
-- between people with different amounts of on-call time. Hours are cut at month boundaries
-- and at the as-of time by int_pagerduty_oncalls_split_to_months.
-- Definitions: docs/metrics.md, "On-call load".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('load_month') }}

with

shift_months as (

    select * from {{ ref('int_pagerduty_oncalls_split_to_months') }}

),

pages as (

    select * from {{ ref('int_pagerduty_pages_joined_to_oncalls') }}

),

users as (

    select user_id, user_name from {{ ref('stg_pagerduty__users') }}

),

month_hours as (

    select
        user_id,
        month_start as load_month,
        count(distinct oncall_id) as shifts,
        sum(seconds_on_call) as seconds_on_call
    from shift_months
    group by 1, 2

),

month_pages as (

    select
        user_id,
        cast({{ dbt.date_trunc('month', 'paged_at') }} as date) as load_month,
        count(*) as pages,
        sum(case when is_on_shift then 1 else 0 end) as pages_on_shift,
        sum(case when is_direct_target then 1 else 0 end) as pages_as_direct_target,
        sum(case when oncall_id is null then 1 else 0 end) as pages_not_on_call,
        sum(case when is_off_hours then 1 else 0 end) as off_hours_pages,
        sum(case when is_sleep_hours then 1 else 0 end) as sleep_hour_pages,
        sum(case when is_on_shift and is_off_hours then 1 else 0 end) as off_hours_pages_on_shift
    from pages
    group by 1, 2

),

keys as (

    select user_id, load_month from month_hours
    union
    select user_id, load_month from month_pages

),

final as (

    select
        {{ surrogate_key(['keys.user_id', 'keys.load_month']) }} as user_month_id,
        keys.user_id,
        users.user_name,
        keys.load_month,
        coalesce(month_hours.shifts, 0) as shifts,
        {{ round_float('cast(coalesce(month_hours.seconds_on_call, 0) as ' ~ dbt.type_float() ~ ') / 3600', 2) }} as oncall_hours,
        coalesce(month_pages.pages, 0) as pages,
        coalesce(month_pages.pages_on_shift, 0) as pages_on_shift,
        coalesce(month_pages.pages_as_direct_target, 0) as pages_as_direct_target,
        coalesce(month_pages.pages_not_on_call, 0) as pages_not_on_call,
        coalesce(month_pages.off_hours_pages, 0) as off_hours_pages,
        coalesce(month_pages.sleep_hour_pages, 0) as sleep_hour_pages,
        coalesce(month_pages.off_hours_pages_on_shift, 0) as off_hours_pages_on_shift,
        case
            when month_hours.seconds_on_call > 0
                then {{ round_float('cast(coalesce(month_pages.pages_on_shift, 0) as ' ~ dbt.type_float() ~ ') * 86400 / month_hours.seconds_on_call', 4) }}
        end as pages_per_24h_on_call
    from keys
    left join month_hours
        on month_hours.user_id = keys.user_id
        and month_hours.load_month = keys.load_month
    left join month_pages
        on month_pages.user_id = keys.user_id
        and month_pages.load_month = keys.load_month
    left join users
        on users.user_id = keys.user_id

)

select * from final
where {{ history_recomputed('load_month') }}
