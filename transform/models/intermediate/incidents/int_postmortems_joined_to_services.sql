-- Parsed postmortems with the catalogue service they are about: the first affected entity the
-- document names ("Checkout API"), keyed like every other component: through the
-- service_catalogue_overrides seed (source `postmortems`, the name as written), else its
-- normalised name. Unparsed documents are left out: they describe no incident.

with

postmortems as (

    select * from {{ ref('stg_postmortems__postmortems') }}
    where is_parsed

),

entities as (

    select
        postmortem_id,
        entity_name,
        row_number() over (partition by postmortem_id order by position_in_document) as entity_rank
    from {{ ref('stg_postmortems__affected_products') }}
    where entity_name is not null

),

services as (

    select service_key from {{ ref('services') }}

),

overrides as (

    select source_key, service_key
    from {{ ref('service_catalogue_overrides') }}
    where source = 'postmortems'

),

joined as (

    select
        postmortems.postmortem_id,
        postmortems.postmortem_url,
        postmortems.incident_name,
        postmortems.incident_date,
        postmortems.pagerduty_incident_id,
        postmortems.datadog_incident_id,
        postmortems.severity_level,
        postmortems.is_customer_detected,
        postmortems.impacted_customer_count,
        postmortems.failed_request_count,
        postmortems.impact_started_at,
        postmortems.customer_detected_at,
        postmortems.internal_detected_at,
        postmortems.recovered_at,
        postmortems.reconciled_at,
        postmortems.root_cause_found_at,
        postmortems.is_impact_start_assumed,
        postmortems.is_internal_detect_assumed,
        postmortems.stated_seconds_to_detect,
        postmortems.stated_seconds_to_recover,
        postmortems.parse_status,
        postmortems.document_created_at,
        postmortems.document_modified_at,
        postmortems.document_first_loaded_at,
        entities.entity_name,
        coalesce(overrides.service_key, {{ service_key('entities.entity_name') }}) as service_key,
        services.service_key is not null as is_catalogued_service
    from postmortems
    left join entities
        on entities.postmortem_id = postmortems.postmortem_id
        and entities.entity_rank = 1
    left join overrides
        on overrides.source_key = entities.entity_name
    left join services
        on services.service_key = coalesce(overrides.service_key, {{ service_key('entities.entity_name') }})

)

select * from joined
