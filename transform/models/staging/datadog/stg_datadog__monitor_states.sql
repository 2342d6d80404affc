-- A Datadog monitor's current state and when it last changed, which move with every
-- transition. Kept out of stg_datadog__monitors (and read from a source entry of their own,
-- `monitor_states`) so that an hour of transitions rebuilds this narrow table, not the
-- service catalogue built on the monitors' names and tags (docs/architecture.md, "The frequent
-- build ignores re-sent unchanged inventories"). One row per monitor of stg_datadog__monitors:
-- the same latest version of each, the same monitors.

with

source as (

    select * from {{ source('datadog', 'monitor_states') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as monitor_id,
        overall_state,
        {{ to_timestamp('overall_state_modified') }} as overall_state_changed_at

    from latest
    -- Datadog's own soft delete, as in stg_datadog__monitors.
    where deleted is null

)

select * from renamed
