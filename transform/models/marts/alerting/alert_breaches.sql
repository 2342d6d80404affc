-- What breaches now: one row per alert rule (seed alert_rules) and service, team, source or
-- source stream whose measured value crosses the rule's threshold, with the owning team the
-- notifier routes it to and the status it sends: 1 warning, 2 critical, 3 unknown (the
-- rule's source is stale, so the value may be out of date). A cleared breach is simply no
-- longer here; the notifier's alert state turns that into a resolve (status 0).
-- "Now" is the build time, or the var `alerting_as_of` (a UTC timestamp) to evaluate the
-- rules as of another moment. Definitions: docs/alerting.md.

{%- set as_of_var = var('alerting_as_of', none) %}
{%- if as_of_var %}
{%- set as_of = "cast('" ~ as_of_var ~ "' as " ~ dbt.type_timestamp() ~ ")" %}
{%- else %}
{%- set as_of = dbt.current_timestamp_in_utc_backcompat() %}
{%- endif %}

with

rules as (

    select * from {{ ref('alert_rules') }}

),

services as (

    select * from {{ ref('services') }}

),

owners as (

    select * from {{ ref('source_owners') }}

),

loads as (

    select * from {{ ref('int_source_stream_loads_daily') }}

),

quality as (

    select * from {{ ref('data_quality_daily') }}

),

as_of as (

    select
        {{ as_of }} as evaluated_at,
        cast({{ dbt.date_trunc('month', as_of) }} as date) as current_month

),

months as (

    -- The last complete month, and the three before it: the service's own baseline.
    select
        evaluated_at,
        cast({{ dbt.dateadd('month', -1, 'current_month') }} as date) as last_month,
        cast({{ dbt.dateadd('month', -4, 'current_month') }} as date) as baseline_start
    from as_of

),

freshness as (

    select
        loads.source,
        sum(loads.records) as records,
        max(loads.last_loaded_at) as last_loaded_at,
        {{ dbt.datediff('max(loads.last_loaded_at)', 'max(as_of.evaluated_at)', 'minute') }} / 60.0
            as hours_since_last_load
    from loads
    cross join as_of
    group by loads.source

),

stale_sources as (

    select
        freshness.source,
        coalesce(freshness.hours_since_last_load > rules.threshold, true) as is_stale
    from freshness
    inner join rules
        on rules.rule_id = 'source_stale'

),

slo_services as (

    select
        components.service_key,
        min(slos.error_budget_remaining_percent) as error_budget_remaining_percent,
        max(slos.burn_rate_1d) as burn_rate_1d,
        count(*) as slos,
        max(slos.as_of_date) as as_of_date
    from {{ ref('slo_status') }} as slos
    {{ join_service_catalogue('datadog', 'slo', 'slos.slo_id', alias='components', join='inner') }}
    group by components.service_key

),

scorecard as (

    select
        scorecard.service_key,
        max(case when scorecard.month_start = months.last_month then scorecard.incidents end) as incidents,
        max(case when scorecard.month_start = months.last_month then scorecard.mtta_seconds end) as mtta_seconds,
        max(case when scorecard.month_start = months.last_month then scorecard.mttr_seconds end) as mttr_seconds,
        avg(case when scorecard.month_start < months.last_month then scorecard.mtta_seconds end) as baseline_mtta_seconds,
        avg(case when scorecard.month_start < months.last_month then scorecard.mttr_seconds end) as baseline_mttr_seconds,
        max(months.last_month) as last_month
    from {{ ref('service_scorecard_monthly') }} as scorecard
    cross join months
    where scorecard.month_start >= months.baseline_start
        and scorecard.month_start <= months.last_month
    group by scorecard.service_key

),

dora as (

    select
        dora.service_key,
        dora.change_failure_rate,
        dora.changes,
        dora.month_start
    from {{ ref('dora_monthly') }} as dora
    inner join months
        on dora.month_start = months.last_month

),

standards_days as (

    -- Recorded days up to "now"; repositories no team owns comply with nothing (ownership is
    -- a standard), so their share cannot drop: standards_compliance_low reports them.
    select history.*
    from {{ ref('team_standards_daily') }} as history
    cross join as_of
    where history.owning_team_key is not null
        and history.recorded_on <= cast(as_of.evaluated_at as date)

),

standards_trend as (

    -- The team's own baseline: the mean share of its previous 7 recorded days.
    select
        owning_team_key,
        recorded_on,
        compliant_repository_share,
        avg(compliant_repository_share) over (
            partition by owning_team_key
            order by recorded_on
            rows between 7 preceding and 1 preceding
        ) as baseline_share,
        count(*) over (
            partition by owning_team_key
            order by recorded_on
            rows between 7 preceding and 1 preceding
        ) as baseline_days
    from standards_days

),

standards_latest as (

    -- The latest recorded day: a team absent from it has no current share to judge.
    select trend.*
    from standards_trend as trend
    inner join (  -- noqa: ST05
        select max(recorded_on) as recorded_on from standards_days
    ) as latest
        on trend.recorded_on = latest.recorded_on

),

measures as (

    select
        'error_budget_exhausted' as rule_id,
        service_key as entity_key,
        service_key,
        cast(null as {{ dbt.type_string() }}) as source,
        cast(error_budget_remaining_percent as {{ dbt.type_float() }}) as measured_value,
        slos as sample_size,
        cast(as_of_date as {{ dbt.type_string() }}) as measured_for
    from slo_services

    union all

    select
        'error_budget_burning_fast',
        service_key,
        service_key,
        null,
        cast(burn_rate_1d as {{ dbt.type_float() }}),
        slos,
        cast(as_of_date as {{ dbt.type_string() }})
    from slo_services

    union all

    select
        'mtta_regression',
        service_key,
        service_key,
        null,
        mtta_seconds / nullif(baseline_mtta_seconds, 0),
        incidents,
        cast(last_month as {{ dbt.type_string() }})
    from scorecard

    union all

    select
        'mttr_regression',
        service_key,
        service_key,
        null,
        mttr_seconds / nullif(baseline_mttr_seconds, 0),
        incidents,
        cast(last_month as {{ dbt.type_string() }})
    from scorecard

    union all

    select
        'change_failure_rate_high',
        service_key,
        service_key,
        null,
        cast(change_failure_rate as {{ dbt.type_float() }}),
        changes,
        cast(month_start as {{ dbt.type_string() }})
    from dora

    union all

    select
        'standards_compliance_low',
        coalesce(owning_team_key, '(no team)'),
        null,
        null,
        cast(compliant_repositories as {{ dbt.type_float() }}) / nullif(repositories, 0),
        repositories,
        null
    from {{ ref('team_standards') }}

    union all

    select
        'standards_compliance_dropping',
        owning_team_key,
        null,
        null,
        -- A drop is positive: baseline share minus today's (0.25 = 25 percentage points).
        baseline_share - compliant_repository_share,
        baseline_days,
        cast(recorded_on as {{ dbt.type_string() }})
    from standards_latest

    union all

    select
        'source_stale',
        source,
        null,
        source,
        -- Never loaded: no age to compare (source_empty says it; its rules are unknown).
        hours_since_last_load,
        null,
        cast(last_loaded_at as {{ dbt.type_string() }})
    from freshness

    union all

    select
        'source_empty',
        source,
        null,
        source,
        cast(records as {{ dbt.type_float() }}),
        null,
        null
    from freshness

    union all

    select
        rule_id,
        quality.source || '.' || quality.stream,
        null,
        quality.source,
        quality.volume_vs_baseline,
        quality.baseline_days,
        cast(quality.loaded_date as {{ dbt.type_string() }})
    from quality
    cross join (  -- noqa: ST05
        select 'stream_volume_high' as rule_id
        union all
        select 'stream_volume_low' as rule_id
    ) as volume_rules
    where quality.is_source_last_load_day

    union all

    select
        'postmortems_unparseable',
        'postmortems',
        null,
        'postmortems',
        cast(sum(postmortems_failed) as {{ dbt.type_float() }}),
        null,
        null
    from quality
    where source = 'postmortems' and stream = 'postmortems'

),

evaluated as (

    select
        rules.rule_id,
        rules.alert_kind,
        rules.entity_type,
        measures.entity_key,
        measures.service_key,
        measures.source,
        rules.input_source,
        rules.metric,
        rules.comparison,
        rules.threshold,
        measures.measured_value,
        measures.sample_size,
        measures.measured_for,
        rules.severity,
        rules.repeat_interval_hours,
        rules.description,
        case rules.comparison
            when 'gt' then measures.measured_value > rules.threshold
            when 'gte' then measures.measured_value >= rules.threshold
            when 'lt' then measures.measured_value < rules.threshold
            when 'lte' then measures.measured_value <= rules.threshold
        end as is_breaching,
        rules.min_sample is null or measures.sample_size >= rules.min_sample as has_sample
    from measures
    inner join rules
        on rules.rule_id = measures.rule_id

),

final as (

    select
        {{ surrogate_key(['evaluated.rule_id', 'evaluated.entity_key']) }} as alert_breach_id,
        -- Stable across runs: the notifier's state key and PagerDuty's dedup_key.
        evaluated.rule_id || ':' || evaluated.entity_key as alert_key,
        evaluated.rule_id,
        evaluated.alert_kind,
        evaluated.entity_type,
        evaluated.entity_key,
        evaluated.service_key,
        services.service_name,
        evaluated.source,
        case
            when evaluated.entity_type = 'service' then services.owning_team_key
            when evaluated.entity_type = 'team' and evaluated.entity_key <> '(no team)' then evaluated.entity_key
            else owners.owning_team_key
        end as owning_team_key,
        evaluated.metric,
        evaluated.comparison,
        evaluated.threshold,
        evaluated.measured_value,
        evaluated.sample_size,
        evaluated.measured_for,
        evaluated.severity,
        case
            when coalesce(stale_sources.is_stale, false) then 3
            when evaluated.severity = 'critical' then 2
            else 1
        end as status,
        evaluated.repeat_interval_hours,
        evaluated.description,
        as_of.evaluated_at
    from evaluated
    cross join as_of
    left join services
        on services.service_key = evaluated.service_key
    left join owners
        on owners.source = evaluated.source
    left join stale_sources
        on stale_sources.source = evaluated.input_source
    where evaluated.is_breaching
        and evaluated.has_sample

)

select * from final
