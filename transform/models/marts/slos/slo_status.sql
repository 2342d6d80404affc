-- One row per SLO: where it stands on the last day the tap has loaded, with its service and
-- team from the SLO's tags. Definitions: docs/metrics.md, "SLOs".

with

slos as (

    select * from {{ ref('stg_datadog__slos') }}

),

daily as (

    select * from {{ ref('slo_error_budget_daily') }}

),

latest as (

    select
        *,
        row_number() over (partition by slo_id order by sli_date desc) as day_rank
    from daily

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
        and latest.day_rank = 1

)

select * from status
