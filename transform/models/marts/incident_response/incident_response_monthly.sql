-- Incident response across sources per UTC month (of internal detection), service, team and
-- severity: time to detect, acknowledge, recover, reconcile, find the root cause and write the
-- postmortem (mean, median, p90), the share detected by customers, impact.
-- Definitions: docs/metrics.md, "The incident model".

{%- set measures = [
    'seconds_to_detect', 'seconds_to_acknowledge', 'seconds_to_recover',
    'seconds_to_reconcile', 'seconds_to_root_cause', 'seconds_to_postmortem',
] %}

-- Keeps the months whose raw rows retention purged (docs/retention.md).
{{ keeps_history('detected_month') }}

with

incidents as (

    select * from {{ ref('incidents') }}

),

{{ duration_measures(
    'incidents',
    ['detected_month', 'service_key', 'team_key', 'severity'],
    measures,
    [
        'max(service_name) as service_name',
        'sum(case when is_customer_detected then 1 else 0 end) as customer_detected_incidents',
        'sum(case when is_customer_detected is not null then 1 else 0 end) as detection_known_incidents',
        'sum(case when postmortem_id is not null then 1 else 0 end) as postmortems',
        'sum(impacted_customer_count) as impacted_customers',
        'sum(failed_request_count) as failed_requests',
    ]
) }},

final as (

    select
        {{ surrogate_key(['detected_month', 'service_key', 'team_key', 'severity']) }}
            as incident_response_month_id,
        detected_month,
        service_key,
        service_name,
        team_key,
        severity,
        incidents,
        postmortems,
        customer_detected_incidents,
        {{ round_float(
            'cast(customer_detected_incidents as ' ~ dbt.type_float() ~ ') / nullif(detection_known_incidents, 0)', 4
        ) }} as customer_detected_share,
        impacted_customers,
        failed_requests
        {%- for measure in measures %},
        mean_{{ measure }},
        median_{{ measure }},
        p90_{{ measure }}
        {%- endfor %}
    from duration_measures

)

select * from final
where {{ history_recomputed('detected_month') }}
