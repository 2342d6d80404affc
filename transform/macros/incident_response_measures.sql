{#-
    incident_response_measures(relation, group_by, extra_aggregates=[], counted='is_counted'):
    the incident-response measures of the incident model (reliability.incidents, or
    int_pagerduty_incidents_measured: the columns below), per `group_by`, as CTEs to place in a model's WITH
    list; the last one, `measures`, holds one row per group:
    the group columns, `extra_aggregates` (e.g. "max(service_name) as service_name"),
    incidents, open/acknowledged/resolved_incidents, mtta/median_tta/p90_tta_seconds and
    mttr/median_ttr/p90_ttr_seconds (rounded to 0.1 s). Definitions: docs/metrics.md.

    Population: the rows where `counted` holds (merged PagerDuty incidents, `is_counted` false,
    are in no count and no timing; every row of the incident model counts: pass 'true');
    MTTA/MTTR cover the incidents `is_in_response_times` (urgency in var response_time_urgencies).

    Percentiles of each measure are aggregated in their own CTE: Redshift requires every
    sort-based aggregate of one SELECT to share the same ORDER BY expression. Group columns may
    be null (no team, no urgency), so the joins compare them null-safely.
-#}
{% macro incident_response_measures(relation, group_by, extra_aggregates=[], counted='is_counted') -%}
{%- set keys = group_by | join(', ') -%}
measures_counted as (

    select
        {{ keys }},
        {%- for aggregate in extra_aggregates %}
        {{ aggregate }},
        {%- endfor %}
        count(*) as incidents,
        sum(case when is_open then 1 else 0 end) as open_incidents,
        sum(case when is_acknowledged then 1 else 0 end) as acknowledged_incidents,
        sum(case when is_resolved then 1 else 0 end) as resolved_incidents,
        -- avg ignores nulls: the mean covers the incidents that reached that state.
        {{ round_seconds(mean('case when is_in_response_times then seconds_to_acknowledge end')) }} as mtta_seconds,
        {{ round_seconds(mean('case when is_in_response_times then seconds_to_resolve end')) }} as mttr_seconds

    from {{ relation }}
    where {{ counted }}
    group by {{ keys }}

),

measures_tta as (

    select
        {{ keys }},
        {{ percentile_cont('seconds_to_acknowledge', 0.5) }} as median_tta_seconds,
        {{ percentile_cont('seconds_to_acknowledge', 0.9) }} as p90_tta_seconds

    from {{ relation }}
    where seconds_to_acknowledge is not null
        and is_in_response_times
    group by {{ keys }}

),

measures_ttr as (

    select
        {{ keys }},
        {{ percentile_cont('seconds_to_resolve', 0.5) }} as median_ttr_seconds,
        {{ percentile_cont('seconds_to_resolve', 0.9) }} as p90_ttr_seconds

    from {{ relation }}
    where seconds_to_resolve is not null
        and is_in_response_times
    group by {{ keys }}

),

measures as (

    select
        measures_counted.*,
        {{ round_seconds('measures_tta.median_tta_seconds') }} as median_tta_seconds,
        {{ round_seconds('measures_tta.p90_tta_seconds') }} as p90_tta_seconds,
        {{ round_seconds('measures_ttr.median_ttr_seconds') }} as median_ttr_seconds,
        {{ round_seconds('measures_ttr.p90_ttr_seconds') }} as p90_ttr_seconds

    from measures_counted
    {%- for side in ['measures_tta', 'measures_ttr'] %}
    left join {{ side }}
        on {% for key in group_by -%}
        {% if not loop.first %}and {% endif -%}
        coalesce(cast(measures_counted.{{ key }} as {{ dbt.type_string() }}), '')
            = coalesce(cast({{ side }}.{{ key }} as {{ dbt.type_string() }}), '')
        {% endfor -%}
    {%- endfor %}

)
{%- endmacro %}
