-- Every SLO's daily history on a gap-free calendar, so that rolling windows can count rows
-- (ROWS frames work on Postgres and Redshift; RANGE frames over dates do not on Redshift).
-- Monitor SLOs measure seconds up / seconds total, metric SLOs good / total events: both become
-- `good` / `valid`. A day the tap has no row for counts as nothing measured (0 / 0), not as
-- a good or a bad day.
--
-- Incremental (a table rebuilt whole re-filled a million SLO-days every build): per SLO with
-- rows loaded since the last build, the days from the first of those rows, or from the day
-- after the last one built (the gap before a new day), to the SLO's last loaded day. An SLO
-- with nothing new is not read. The purge deletes its days with the history's
-- (`event_time`, docs/retention.md).
{{ incremental_events(['slo_id', 'sli_date']) }}
{{ config(event_time='sli_date', post_hook='analyze {{ this }}') }}

{%- set incremental = not should_full_refresh() and is_incremental() %}

with

history as (

    select * from {{ ref('stg_datadog__slo_history') }}

),

{%- if incremental %}

new_days as (

    select slo_id, min(sli_date) as from_date
    from history
    where {{ loaded_since_last_run(
        'loaded_at',
        built_key={'slo_id': 'history.slo_id', 'sli_date': 'history.sli_date'},
        relation='history',
    ) }}
    group by slo_id

),

built_days as (

    select slo_id, cast({{ dbt.dateadd('day', 1, 'max(sli_date)') }} as date) as next_date
    from {{ this }}
    group by slo_id

),

recompute_from as (

    -- Only the SLOs with new rows; from their first new day, or the gap after the last built.
    select
        new_days.slo_id,
        case
            when built_days.next_date is null or new_days.from_date < built_days.next_date
                then new_days.from_date
            else built_days.next_date
        end as from_date
    from new_days
    left join built_days
        on built_days.slo_id = new_days.slo_id

),

{%- endif %}

bounds as (

    select
        history.slo_id,
        {%- if incremental %}
        recompute_from.from_date as first_date,
        {%- else %}
        min(history.sli_date) as first_date,
        {%- endif %}
        max(history.sli_date) as last_date
    from history
    {%- if incremental %}
    inner join recompute_from
        on recompute_from.slo_id = history.slo_id
    group by history.slo_id, recompute_from.from_date
    {%- else %}
    group by history.slo_id
    {%- endif %}

),

numbers as (

    {{ numbers(4) }}

),

calendar as (

    select
        bounds.slo_id,
        cast({{ dbt.dateadd('day', 'numbers.n', 'bounds.first_date') }} as date) as sli_date
    from bounds
    inner join numbers
        on numbers.n <= {{ dbt.datediff('bounds.first_date', 'bounds.last_date', 'day') }}

),

filled as (

    select
        calendar.slo_id,
        calendar.sli_date,
        history.slo_history_id is not null as has_data,
        coalesce(history.good_events, history.uptime_seconds, 0) as good,
        coalesce(history.total_events, history.total_seconds, 0) as valid,
        history.target_percent,
        history.sli_percent as vendor_sli_percent,
        history.loaded_at
    from calendar
    left join history
        on history.slo_id = calendar.slo_id
        and history.sli_date = calendar.sli_date

)

select * from filled
