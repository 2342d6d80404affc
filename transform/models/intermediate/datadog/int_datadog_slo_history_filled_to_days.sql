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
{{ config(event_time='sli_date', post_hook='{{ analyze_built_table() }}') }}

{%- set incremental = not should_full_refresh() and is_incremental() %}

with

{%- if incremental %}

new_days as (

    -- Per SLO, the first and last day of the rows loaded since the last build that the
    -- calendar does not already hold in the same version, and the last day built: one lookup
    -- in the unique index per SLO (Postgres reads max() of a correlated subquery as the
    -- index's last entry; in this grouped select it runs once per SLO), not a grouping of
    -- every built day.
    select
        history.slo_id,
        min(history.sli_date) as from_date,
        max(history.sli_date) as to_date,
        (
            select max(built.sli_date)
            from {{ this }} as built
            where built.slo_id = history.slo_id
        ) as last_built_date
    from {{ ref('stg_datadog__slo_history') }} as history
    where {{ loaded_since_last_run(
        'loaded_at',
        built_key={'slo_id': 'history.slo_id', 'sli_date': 'history.sli_date'},
        relation='history',
    ) }}
    group by history.slo_id

),

bounds as (

    -- Only the SLOs with new rows: from their first new day, or the gap after the last built
    -- day, to the later of the last new and the last built day. The calendar ends on the last
    -- day loaded when it was built, and every day loaded since is a new row, so that is the
    -- SLO's last loaded day without reading its history again.
    select
        slo_id,
        case
            when last_built_date is null or from_date <= last_built_date then from_date
            else cast({{ dbt.dateadd('day', 1, 'last_built_date') }} as date)
        end as first_date,
        case when last_built_date > to_date then last_built_date else to_date end as last_date
    from new_days

),

{%- else %}

bounds as (

    select
        slo_id,
        min(sli_date) as first_date,
        max(sli_date) as last_date
    from {{ ref('stg_datadog__slo_history') }}
    group by slo_id

),

{%- endif %}

calendar as (

    select
        bounds.slo_id,
        cast({{ dbt.dateadd('day', offset_value(), 'bounds.first_date') }} as date) as sli_date
    from bounds
    {{ join_offsets_up_to(dbt.datediff('bounds.first_date', 'bounds.last_date', 'day')) }}

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
    -- The staging table by name in each place: a CTE read twice is materialised whole by
    -- Postgres (a million SLO-days, to disk, every build).
    left join {{ ref('stg_datadog__slo_history') }} as history
        on history.slo_id = calendar.slo_id
        and history.sli_date = calendar.sli_date

)

select * from filled
