-- Alerting behaviour of each Datadog monitor per UTC month: alerts, recoveries, and flaps —
-- an alert that fires again soon after the monitor recovered. Definitions: docs/metrics.md,
-- "On-call health".

{%- set flap_minutes = var('flap_window_minutes', 60) %}

with

events as (

    select * from {{ ref('stg_datadog__monitor_events') }}

),

monitors as (

    select * from {{ ref('stg_datadog__monitors') }}

),

sequenced as (

    select
        monitor_id,
        occurred_at,
        event_transition,
        is_recovery,
        lag(case when is_recovery then occurred_at end) over (
            partition by monitor_id order by occurred_at, monitor_event_id
        ) as previous_recovery_at,
        lag(is_recovery) over (
            partition by monitor_id order by occurred_at, monitor_event_id
        ) as previous_is_recovery
    from events

),

classified as (

    select
        monitor_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as alert_month,
        not is_recovery as is_alert,
        is_recovery,
        (
            not is_recovery
            and previous_is_recovery
            and {{ dbt.datediff('previous_recovery_at', 'occurred_at', 'minute') }} < {{ flap_minutes }}
        ) as is_flap
    from sequenced

),

monthly as (

    select
        monitor_id,
        alert_month,
        sum(case when is_alert then 1 else 0 end) as alerts,
        sum(case when is_recovery then 1 else 0 end) as recoveries,
        sum(case when is_flap then 1 else 0 end) as flaps
    from classified
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['monthly.monitor_id', 'monthly.alert_month']) }} as monitor_month_id,
        monthly.monitor_id,
        monitors.monitor_name,
        monitors.service_slug,
        monitors.team_slug,
        monthly.alert_month,
        monthly.alerts,
        monthly.recoveries,
        monthly.flaps,
        monthly.flaps >= {{ var('flapping_min_flaps', 3) }} as is_flapping
    from monthly
    left join monitors
        on monitors.monitor_id = monthly.monitor_id

)

select * from final
