-- The detection gap per catalogue service and UTC detection month (the incident model's
-- detected_month): when customers noticed an incident before we did, how long until we knew.
-- Definitions: docs/metrics.md, "Detection gap, recurrence and MTBF".

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('detected_month') }}

with

incidents as (

    select * from {{ ref('incidents') }}

),

classified as (

    select
        service_key,
        detected_month,
        is_customer_detected,
        customer_detected_at is not null and internal_detected_at is not null as has_both_detections,
        -- Customers first: they noticed before (or as) we did; the gap is then ≥ 0.
        coalesce(customer_detected_at <= internal_detected_at, false) as is_customer_first,
        case
            when customer_detected_at <= internal_detected_at then seconds_customer_to_internal_detect
        end as detection_gap_seconds
    from incidents

),

counts as (

    select
        service_key,
        detected_month,
        count(*) as incidents,
        sum(case when is_customer_detected then 1 else 0 end) as customer_detected_incidents,
        sum(case when has_both_detections then 1 else 0 end) as incidents_with_both_detections,
        sum(case when is_customer_first then 1 else 0 end) as customer_first_incidents,
        {{ round_seconds(mean('detection_gap_seconds')) }} as mean_detection_gap_seconds,
        max(detection_gap_seconds) as max_detection_gap_seconds
    from classified
    group by 1, 2

),

percentiles as (

    select
        service_key,
        detected_month,
        {{ round_seconds(percentile_cont('detection_gap_seconds', 0.5)) }} as median_detection_gap_seconds,
        {{ round_seconds(percentile_cont('detection_gap_seconds', 0.9)) }} as p90_detection_gap_seconds
    from classified
    where detection_gap_seconds is not null
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['counts.service_key', 'counts.detected_month']) }} as service_month_id,
        counts.service_key,
        counts.detected_month,
        counts.incidents,
        counts.customer_detected_incidents,
        counts.incidents_with_both_detections,
        counts.customer_first_incidents,
        counts.mean_detection_gap_seconds,
        percentiles.median_detection_gap_seconds,
        percentiles.p90_detection_gap_seconds,
        counts.max_detection_gap_seconds
    from counts
    left join percentiles
        on coalesce(percentiles.service_key, '') = coalesce(counts.service_key, '')
        and coalesce(cast(percentiles.detected_month as {{ dbt.type_string() }}), '')
            = coalesce(cast(counts.detected_month as {{ dbt.type_string() }}), '')

)

select * from final
where {{ history_recomputed('detected_month') }}
