-- One row per SLO per UTC day: the SLI over the day, the last 7 and 30 days and the SLO's own
-- timeframe, the error budget left over the timeframe and the burn rates. Definitions:
-- docs/metrics.md, "SLOs".
--
-- Incremental: a build computes again, per SLO, only the days from the first one loaded since
-- the last build (the tap re-reads recent days) or the day after the last one built (the gap
-- days the calendar fills before a new day), reading the 89 days before it for the windows.
-- An SLO whose timeframe or target changed since is computed again entirely.

{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['slo_id', 'sli_date'],
    on_schema_change='fail',
    indexes=[{'columns': ['slo_id', 'sli_date'], 'unique': True}, {'columns': ['loaded_at']}],
) }}

{%- set windows = [1, 7, 30, 90] %}
{%- set incremental = not should_full_refresh() and is_incremental() %}

with

slos as (

    select * from {{ ref('stg_datadog__slos') }}

),

{%- if incremental %}

changed_slos as (

    select distinct built.slo_id
    from {{ this }} as built
    inner join slos
        on slos.slo_id = built.slo_id
    where built.timeframe_days <> slos.timeframe_days
        or (not built.has_data and built.target_percent <> slos.target_percent)

),

built_ends as (

    -- The last day built of each SLO: one lookup in the unique index per SLO (Postgres reads
    -- max() of a correlated subquery as the index's last entry), not a grouping of every row.
    select
        slos.slo_id,
        (
            select max(built.sli_date)
            from {{ this }} as built
            where built.slo_id = slos.slo_id
        ) as last_built_date
    from slos

),

recompute_from as (

    select
        slo_id,
        min(from_date) as from_date,
        -- The first day the longest window reads (a date, so that the calendar's unique index
        -- bounds the range read).
        cast({{ dbt.dateadd('day', -89, 'min(from_date)') }} as date) as read_from_date
    from (
        select days.slo_id, min(days.sli_date) as from_date
        from {{ ref('int_datadog_slo_history_filled_to_days') }} as days
        where {{ loaded_since_last_run(
            'loaded_at',
            built_key={'slo_id': 'days.slo_id', 'sli_date': 'days.sli_date'},
            relation='days',
        ) }}
        group by days.slo_id

        union all

        select slo_id, cast({{ dbt.dateadd('day', 1, 'last_built_date') }} as date) as from_date
        from built_ends
        where last_built_date is not null

        union all

        select slo_id, cast('1900-01-01' as date) as from_date
        from changed_slos
    ) as starts
    group by slo_id

),

window_input as (

    -- The days to compute and the 89 before them, which the longest window reads. The
    -- calendar by name in each place: a CTE read twice is materialised whole by Postgres.
    select
        days.*,
        recompute_from.from_date
    from recompute_from
    inner join {{ ref('int_datadog_slo_history_filled_to_days') }} as days
        on days.slo_id = recompute_from.slo_id
        and days.sli_date >= recompute_from.read_from_date

),
{%- else %}

window_input as (

    select
        days.*,
        cast(null as date) as from_date
    from {{ ref('int_datadog_slo_history_filled_to_days') }} as days

),
{%- endif %}

windowed as (

    select
        days.slo_id,
        days.from_date,
        days.loaded_at,
        days.sli_date,
        days.has_data,
        days.vendor_sli_percent,
        coalesce(days.target_percent, slos.target_percent) as target_percent,
        slos.timeframe_days,
        {%- for w in windows %}
        sum(days.good) over (
            partition by days.slo_id order by days.sli_date rows between {{ w - 1 }} preceding and current row
        ) as good_{{ w }}d,
        sum(days.valid) over (
            partition by days.slo_id order by days.sli_date rows between {{ w - 1 }} preceding and current row
        ) as valid_{{ w }}d{% if not loop.last %},{% endif %}
        {%- endfor %}
    from window_input as days
    inner join slos
        on slos.slo_id = days.slo_id

),

timeframe as (

    select
        *,
        case timeframe_days when 7 then good_7d when 30 then good_30d when 90 then good_90d end
            as good_timeframe,
        case timeframe_days when 7 then valid_7d when 30 then valid_30d when 90 then valid_90d end
            as valid_timeframe,
        -- The error budget: the share of valid events (or seconds) allowed to be bad.
        (100 - target_percent) / 100 as error_budget_fraction
    from windowed

),

measures as (

    select
        slo_id,
        sli_date,
        has_data,
        target_percent,
        timeframe_days,
        vendor_sli_percent as vendor_sli_1d_percent,
        {%- for w in ['1d', '7d', '30d', 'timeframe'] %}
        {{ round_float('100 * good_' ~ w ~ ' / nullif(valid_' ~ w ~ ', 0)', 4) }} as sli_{{ w }}_percent,
        {%- endfor %}
        -- Remaining budget over the timeframe, Datadog's formula: (SLI − target) / (100 − target).
        {{ round_float(
            '100 * (1 - ((valid_timeframe - good_timeframe) / nullif(valid_timeframe, 0))'
            ~ ' / nullif(error_budget_fraction, 0))', 4) }} as error_budget_remaining_percent,
        -- Ours minus Datadog's for the day (reconciliation; 0 unless the data differ).
        {{ round_float('100 * good_1d / nullif(valid_1d, 0) - vendor_sli_percent', 4) }} as sli_1d_difference,
        {%- for w in ['1d', '7d', '30d'] %}
        -- Burn rate: bad share of the window over the allowed bad share; 1 spends the budget
        -- exactly over the timeframe, above 1 exhausts it early.
        {{ round_float(
            '((valid_' ~ w ~ ' - good_' ~ w ~ ') / nullif(valid_' ~ w ~ ', 0))'
            ~ ' / nullif(error_budget_fraction, 0)', 4) }} as burn_rate_{{ w }}{% if not loop.last %},{% endif %}
        {%- endfor %},
        loaded_at
    from timeframe
    {%- if incremental %}
    where sli_date >= from_date
    {%- endif %}

)

select * from measures
