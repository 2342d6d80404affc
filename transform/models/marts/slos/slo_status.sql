-- One row per SLO: where it stands on the last day the tap has loaded, with its service and
-- team from the SLO's tags. Definitions: docs/metrics.md, "SLOs".

with

slos as (

    select * from {{ ref('stg_datadog__slos') }}

),

daily as (

    select * from {{ ref('slo_error_budget_daily') }}

),

last_days as (

    select slo_id, max(sli_date) as last_date
    from daily
    group by 1

),

latest as (

    -- The last day of each SLO ((slo_id, sli_date) is unique): a filter, not a ranking of
    -- every SLO-day of the history.
    select daily.*
    from daily
    inner join last_days
        on last_days.slo_id = daily.slo_id
        and last_days.last_date = daily.sli_date

),

status as (

    select
        slos.slo_id,
        slos.slo_name,
        slos.slo_type,
        slos.service_slug,
        slos.team_slug,
        slos.environment,
        slos.target_percent,
        slos.timeframe_days,
        latest.sli_date as as_of_date,
        latest.sli_1d_percent,
        latest.sli_7d_percent,
        latest.sli_30d_percent,
        latest.sli_timeframe_percent,
        latest.error_budget_remaining_percent,
        latest.burn_rate_1d,
        latest.burn_rate_7d,
        latest.burn_rate_30d,
        coalesce(latest.sli_timeframe_percent < slos.target_percent, false) as is_breached,
        coalesce(latest.burn_rate_7d > 1, false) as is_burning_faster_than_budget
    from slos
    left join latest
        on latest.slo_id = slos.slo_id

)

select * from status
