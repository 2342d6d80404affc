{#-
    sentry_error_counts(period, period_column): the `facts` and `counts` CTEs of the Sentry error
    aggregates per project and period (sentry_project_errors_weekly, the scorecard's
    int_sentry_project_errors_monthly): the lifecycle facts, only those of the periods facts
    loaded since the last build touch on an incremental build, and per project and period the
    distinct issues first seen, regressed and resolved, the events and the newest load time.
-#}
{% macro sentry_error_counts(period, period_column) -%}
facts as (

    select * from {{ ref('int_sentry_issue_lifecycle_unioned') }}
    {%- if periods_incremental() %}
    where cast({{ dbt.date_trunc(period, 'occurred_at') }} as date) in (
        {{ periods_loaded_since_last_run(ref('int_sentry_issue_lifecycle_unioned'), 'occurred_at', period) }}
    )
    {%- endif %}

),

counts as (

    select
        project_id,
        cast({{ dbt.date_trunc(period, 'occurred_at') }} as date) as {{ period_column }},
        count(distinct case when fact = 'new' then issue_id end) as new_issues,
        count(distinct case when fact = 'regressed' then issue_id end) as regressed_issues,
        count(distinct case when fact = 'resolved' then issue_id end) as resolved_issues,
        sum(case when fact = 'event' then 1 else 0 end) as events,
        max(loaded_at) as loaded_at
    from facts
    group by 1, 2

)
{%- endmacro %}
