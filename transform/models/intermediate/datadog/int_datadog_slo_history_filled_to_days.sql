-- Every SLO's daily history on a gap-free calendar, so that rolling windows can count rows
-- (ROWS frames work on Postgres and Redshift; RANGE frames over dates do not on Redshift).
-- Monitor SLOs measure seconds up / seconds total, metric SLOs good / total events: both become
-- `good` / `valid`. A day the tap has no row for counts as nothing measured (0 / 0), not as
-- a good or a bad day.

-- A table, not a view: the SLO mart and three data tests read it, and as a view each re-ran
-- the calendar fill over every SLO-day.
{{ config(materialized='table', post_hook='analyze {{ this }}') }}

with

history as (

    select * from {{ ref('stg_datadog__slo_history') }}

),

bounds as (

    select
        slo_id,
        min(sli_date) as first_date,
        max(sli_date) as last_date
    from history
    group by slo_id

),

numbers as (

    {{ numbers(4) }}

),

calendar as (

    select
        bounds.slo_id,
        cast({{ dbt.dateadd('day', 'numbers.n', 'bounds.first_date') }} as date) as sli_date
    from bounds
    inner join numbers
        on numbers.n <= {{ dbt.datediff('bounds.first_date', 'bounds.last_date', 'day') }}

),

filled as (

    select
        calendar.slo_id,
        calendar.sli_date,
        history.slo_history_id is not null as has_data,
        coalesce(history.good_events, history.uptime_seconds, 0) as good,
        coalesce(history.total_events, history.total_seconds, 0) as valid,
        history.target_percent,
        history.sli_percent as vendor_sli_percent,
        history.loaded_at
    from calendar
    left join history
        on history.slo_id = calendar.slo_id
        and history.sli_date = calendar.sli_date

)

select * from filled
