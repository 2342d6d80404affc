{#-
    oncall_shifts_as_of(oncalls='oncalls'): two CTEs for a model's WITH list — `as_of` (one row,
    `as_of_at`: the end of measured on-call time, dbt var `oncall_as_of`, else the latest load
    of on-calls: the tap reads shifts up to the time it runs, never ahead) and `shifts` (every
    column of `oncalls` for the scheduled shifts begun by then, plus `measured_until` =
    min(ended_at, as_of_at) and `is_complete` = the shift ended by then). Permanent on-calls
    (no start or end) have no time to cut and are left out. One definition, so that hours per
    shift (oncall_shift_load), per person and per service (int_pagerduty_oncalls_split_to_months)
    are measured up to the same time. Definitions: docs/metrics.md, "On-call load".
-#}
{% macro oncall_shifts_as_of(oncalls='oncalls') -%}
{%- set as_of = var('oncall_as_of', none) -%}
as_of as (

    {%- if as_of %}
    select cast('{{ as_of }}' as {{ dbt.type_timestamp() }}) as as_of_at
    {%- else %}
    select max(loaded_at) as as_of_at from {{ oncalls }}
    {%- endif %}

),

shifts as (

    select
        {{ oncalls }}.*,
        case
            when {{ oncalls }}.ended_at <= as_of.as_of_at then {{ oncalls }}.ended_at
            else as_of.as_of_at
        end as measured_until,
        coalesce({{ oncalls }}.ended_at <= as_of.as_of_at, false) as is_complete
    from {{ oncalls }}
    cross join as_of
    where not {{ oncalls }}.is_permanent
        and {{ oncalls }}.started_at < as_of.as_of_at

)
{%- endmacro %}
