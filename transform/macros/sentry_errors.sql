{#-
    sentry_error_counts(period): a query of Sentry's error counts per project and period
    ('week' or 'month', UTC; `period_start` a date) — issues first seen, regressed and
    resolved (distinct, from the lifecycle's issue facts) and events (summed from their
    counts per project and day, int_sentry_issue_events_counted_to_days, rather than read
    event by event) — as rows of one or the other kind: a reader sums them per project (or
    service) and period. An issue is in one project, so its distinct counts add up over a
    service's projects. The weekly errors mart and the scorecard read it.
-#}
{% macro sentry_error_counts(period) -%}
    select
        project_id,
        cast({{ dbt.date_trunc(period, 'occurred_at') }} as date) as period_start,
        count(distinct case when fact = 'new' then issue_id end) as new_issues,
        count(distinct case when fact = 'regressed' then issue_id end) as regressed_issues,
        count(distinct case when fact = 'resolved' then issue_id end) as resolved_issues,
        0 as events
    from {{ ref('int_sentry_issue_lifecycle_unioned') }}
    where fact <> 'event'
    group by 1, 2

    union all

    select
        project_id,
        cast({{ dbt.date_trunc(period, 'event_date') }} as date) as period_start,
        0 as new_issues,
        0 as regressed_issues,
        0 as resolved_issues,
        sum(events) as events
    from {{ ref('int_sentry_issue_events_counted_to_days') }}
    group by 1, 2
{%- endmacro %}
