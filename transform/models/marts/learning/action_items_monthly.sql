-- Follow-up of incidents per catalogue service and UTC month of the incidents they follow
-- (the incident model's detected_month): how many action items were agreed, how many are
-- done, open and overdue (status as of the last sync, overdue on the as-of date), and how long
-- the closed ones took. Definitions: docs/metrics.md, "Follow-up and learning".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('incident_month') }}

with

items as (

    select * from {{ ref('action_items') }}

),

counts as (

    select
        service_key,
        incident_month,
        count(*) as action_items,
        sum(case when source = 'postmortem' then 1 else 0 end) as postmortem_action_items,
        sum(case when source = 'datadog' then 1 else 0 end) as datadog_action_items,
        sum(case when not has_known_status then 1 else 0 end) as action_items_without_status,
        sum(case when is_completed then 1 else 0 end) as completed_action_items,
        sum(case when is_open then 1 else 0 end) as open_action_items,
        sum(case when is_overdue then 1 else 0 end) as overdue_action_items,
        {{ round_seconds(mean('seconds_to_close')) }} as mean_seconds_to_close
    from items
    group by 1, 2

),

close_percentiles as (

    select
        service_key,
        incident_month,
        {{ round_seconds(percentile_cont('seconds_to_close', 0.5)) }} as median_seconds_to_close,
        {{ round_seconds(percentile_cont('seconds_to_close', 0.9)) }} as p90_seconds_to_close
    from items
    where seconds_to_close is not null
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['counts.service_key', 'counts.incident_month']) }} as service_month_id,
        counts.service_key,
        counts.incident_month,
        counts.action_items,
        counts.postmortem_action_items,
        counts.datadog_action_items,
        counts.action_items_without_status,
        counts.completed_action_items,
        counts.open_action_items,
        counts.overdue_action_items,
        -- Shares of the items whose status is known; null when none is.
        {{ round_float(
            'cast(counts.completed_action_items as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(counts.completed_action_items + counts.open_action_items, 0)', 4) }}
            as completion_rate,
        {{ round_float(
            'cast(counts.overdue_action_items as ' ~ dbt.type_float() ~ ')'
            ~ ' / nullif(counts.open_action_items, 0)', 4) }} as overdue_share_of_open,
        counts.mean_seconds_to_close,
        close_percentiles.median_seconds_to_close,
        close_percentiles.p90_seconds_to_close
    from counts
    left join close_percentiles
        on coalesce(close_percentiles.service_key, '') = coalesce(counts.service_key, '')
        and coalesce(cast(close_percentiles.incident_month as {{ dbt.type_string() }}), '')
            = coalesce(cast(counts.incident_month as {{ dbt.type_string() }}), '')

)

select * from final
where {{ history_recomputed('incident_month') }}
