-- What a PagerDuty service's record says of its incidents: its status and last incident,
-- which move with every incident. Kept out of stg_pagerduty__services (and read from a source
-- entry of their own, `service_states`) so that an hour of incidents rebuilds this narrow
-- table, not the service catalogue built on the services' names and policies
-- (docs/architecture.md, "The frequent build ignores re-sent unchanged inventories").
-- One row per service of stg_pagerduty__services: the same latest version of each.

with

source as (

    select * from {{ source('pagerduty', 'service_states') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as service_id,
        status as service_status,
        coalesce(status = 'disabled', false) as is_disabled,
        {{ to_timestamp('last_incident_timestamp') }} as last_incident_at

    from latest

)

select * from renamed
