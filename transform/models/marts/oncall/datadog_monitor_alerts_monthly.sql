-- Alerting behaviour of each Datadog monitor per UTC month: alert episodes (per monitor
-- group, re-triggers and renotifications not counted again), recoveries, and flaps — an
-- episode that starts soon after the same group recovered. Definitions: docs/metrics.md,
-- "On-call health".

{%- set flap_minutes = var('flap_window_minutes', 60) %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('alert_month') }}

with

events as (

    select * from {{ ref('stg_datadog__monitor_events') }}

),

monitors as (

    select * from {{ ref('stg_datadog__monitors') }}

),

sequenced as (

    -- Each monitor group (a host, a service, ... of a multi-alert monitor) has its own state.
    select
        monitor_id,
        monitor_group,
        occurred_at,
        event_transition,
        is_recovery,
        lag(occurred_at) over (
            partition by monitor_id, monitor_group order by occurred_at, monitor_event_id
        ) as previous_event_at,
        lag(is_recovery) over (
            partition by monitor_id, monitor_group order by occurred_at, monitor_event_id
        ) as previous_is_recovery
    from events

),

classified as (

    select
        monitor_id,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as alert_month,
        not is_recovery as is_alert_event,
        -- An alert episode starts when a group leaves OK: its first event, or an alerting
        -- event after a recovery. Re-triggers, renotifications and warn → alert changes while
        -- it is still alerting belong to the episode already open.
        not is_recovery and coalesce(previous_is_recovery, true) as is_alert,
        is_recovery,
        -- A flap: an episode starting soon after the same group recovered.
        (
            not is_recovery
            and coalesce(previous_is_recovery, false)
            and {{ dbt.datediff('previous_event_at', 'occurred_at', 'minute') }} < {{ flap_minutes }}
        ) as is_flap
    from sequenced

),

monthly as (

    select
        monitor_id,
        alert_month,
        sum(case when is_alert then 1 else 0 end) as alerts,
        sum(case when is_alert_event then 1 else 0 end) as alert_events,
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
        monthly.alert_events,
        monthly.recoveries,
        monthly.flaps,
        monthly.flaps >= {{ var('flapping_min_flaps', 3) }} as is_flapping
    from monthly
    left join monitors
        on monitors.monitor_id = monthly.monitor_id

)

select * from final
where {{ history_recomputed('alert_month') }}
