-- Data quality per source stream and load day: records loaded, records the models flagged or
-- excluded, unparseable and partial postmortems, volume against the stream's trailing
-- baseline, and the source's freshness. Each source's owning team (seed source_owners)
-- receives its data-quality alerts (alert_breaches). Definitions: docs/alerting.md.

with

loads as (

    select * from {{ ref('int_source_stream_loads_daily') }}

),

rules as (

    select * from {{ ref('alert_rules') }}

),

owners as (

    select * from {{ ref('source_owners') }}

),

issues as (

    select * from {{ ref('data_quality_issues') }}

),

postmortems as (

    select * from {{ ref('stg_postmortems__postmortems') }}

),

source_days as (

    -- The days the source loaded anything: a daily run is one row; a stream's quiet day
    -- inside them is a 0, not a missing row.
    select
        source,
        loaded_date,
        max(last_loaded_at) as source_last_loaded_at
    from loads
    where loaded_date is not null
    group by source, loaded_date

),

streams as (

    select distinct source, stream from loads

),

grid as (

    select
        streams.source,
        streams.stream,
        source_days.loaded_date,
        source_days.source_last_loaded_at
    from streams
    inner join source_days
        on source_days.source = streams.source

),

issue_records as (

    -- Which source record each caught record is: an incident_key names its anchor source
    -- ('pagerduty:<id>', 'datadog:<id>', 'postmortem:<id>').
    select
        handling,
        case
            when source <> 'incidents' then source
            when record_id like 'postmortem:%' then 'postmortems'
            else {{ dbt.split_part('record_id', "':'", 1) }}
        end as record_source,
        case
            when source <> 'incidents' then record_id
            else substring(record_id from {{ dbt.position("':'", 'record_id') }} + 1)
        end as source_record_id
    from issues

),

flagged as (

    -- Each caught record on the stream it lives in and the day its current version loaded.
    {%- for source, stream, key in [
        ('datadog', 'incidents', 'incident_id'),
        ('postmortems', 'postmortems', 'postmortem_id'),
        ('pagerduty', 'incidents', 'incident_id'),
    ] %}
    select
        '{{ source }}' as source,
        '{{ stream }}' as stream,
        issue_records.handling,
        records.loaded_at
    from issue_records
    inner join {{ ref('stg_' ~ source ~ '__' ~ stream) }} as records
        on issue_records.record_source = '{{ source }}'
        and records.{{ key }} = issue_records.source_record_id
    {%- if not loop.last %}

    union all
    {% endif %}
    {%- endfor %}

),

flagged_daily as (

    select
        source,
        stream,
        cast(loaded_at as date) as loaded_date,
        count(*) as records_flagged,
        sum(case when handling like 'excluded%' then 1 else 0 end) as records_excluded
    from flagged
    group by source, stream, cast(loaded_at as date)

),

parsed_daily as (

    select
        cast(loaded_at as date) as loaded_date,
        sum(case when parse_status = 'failed' then 1 else 0 end) as postmortems_failed,
        sum(case when parse_status = 'partial' then 1 else 0 end) as postmortems_partial
    from postmortems
    group by cast(loaded_at as date)

),

daily as (

    select
        grid.source,
        grid.stream,
        grid.loaded_date,
        coalesce(loads.records, 0) as records_loaded,
        coalesce(flagged_daily.records_flagged, 0) as records_flagged,
        coalesce(flagged_daily.records_excluded, 0) as records_excluded,
        case when grid.stream = 'postmortems' and grid.source = 'postmortems'
            then coalesce(parsed_daily.postmortems_failed, 0) end as postmortems_failed,
        case when grid.stream = 'postmortems' and grid.source = 'postmortems'
            then coalesce(parsed_daily.postmortems_partial, 0) end as postmortems_partial,
        loads.last_loaded_at,
        grid.source_last_loaded_at
    from grid
    left join loads
        on loads.source = grid.source
        and loads.stream = grid.stream
        and loads.loaded_date = grid.loaded_date
    left join flagged_daily
        on flagged_daily.source = grid.source
        and flagged_daily.stream = grid.stream
        and flagged_daily.loaded_date = grid.loaded_date
    left join parsed_daily
        on parsed_daily.loaded_date = grid.loaded_date

),

baselines as (

    -- The trailing baseline: the mean of the stream's previous 7 load days of its source.
    select
        *,
        avg(cast(records_loaded as {{ dbt.type_float() }})) over (
            partition by source, stream order by loaded_date
            rows between 7 preceding and 1 preceding
        ) as baseline_records,
        count(*) over (
            partition by source, stream order by loaded_date
            rows between 7 preceding and 1 preceding
        ) as baseline_days,
        lag(source_last_loaded_at) over (
            partition by source, stream order by loaded_date
        ) as previous_source_loaded_at,
        max(loaded_date) over (partition by source) as source_last_load_date
    from daily

),

volume_rules as (

    select
        max(case when rule_id = 'stream_volume_high' then threshold end) as high_ratio,
        max(case when rule_id = 'stream_volume_high' then min_sample end) as high_min_days,
        max(case when rule_id = 'stream_volume_low' then threshold end) as low_ratio,
        max(case when rule_id = 'stream_volume_low' then min_sample end) as low_min_days
    from rules

),

final as (

    select
        {{ surrogate_key(['baselines.source', 'baselines.stream', 'baselines.loaded_date']) }} as data_quality_day_id,
        baselines.source,
        baselines.stream,
        baselines.loaded_date,
        owners.owning_team_key,
        baselines.records_loaded,
        baselines.records_flagged,
        baselines.records_excluded,
        baselines.postmortems_failed,
        baselines.postmortems_partial,
        baselines.baseline_records,
        baselines.baseline_days,
        baselines.records_loaded / nullif(baselines.baseline_records, 0) as volume_vs_baseline,
        coalesce(
            baselines.baseline_days >= coalesce(volume_rules.high_min_days, 1)
            and baselines.records_loaded > volume_rules.high_ratio * baselines.baseline_records
            and baselines.baseline_records > 0,
            false
        ) as is_volume_unusually_high,
        coalesce(
            baselines.baseline_days >= coalesce(volume_rules.low_min_days, 1)
            and baselines.records_loaded < volume_rules.low_ratio * baselines.baseline_records,
            false
        ) as is_volume_unusually_low,
        baselines.last_loaded_at,
        baselines.source_last_loaded_at,
        {{ dbt.datediff('baselines.previous_source_loaded_at', 'baselines.source_last_loaded_at', 'minute') }} / 60.0
            as hours_since_previous_source_load,
        baselines.loaded_date = baselines.source_last_load_date as is_source_last_load_day
    from baselines
    cross join volume_rules
    left join owners
        on owners.source = baselines.source

)

select * from final
