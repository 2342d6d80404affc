-- Postmortems, one row per document, with the service they are about (the original Incidents
-- table of the postmortem ETL; the cross-source incident is reliability.incidents).

with

postmortems as (

    select * from {{ ref('stg_postmortems__postmortems') }}

),

services as (

    select postmortem_id, service_key
    from {{ ref('int_postmortems_joined_to_services') }}

)

select
    postmortems.postmortem_id,
    postmortems.document_name,
    postmortems.document_source,
    postmortems.folder_id,
    postmortems.shared_drive_id,
    postmortems.postmortem_url,
    postmortems.incident_name,
    postmortems.incident_date,
    postmortems.statuspage_url,
    postmortems.pagerduty_incident_id,
    postmortems.datadog_incident_id,
    postmortems.severity_level,
    postmortems.detection_method,
    postmortems.is_customer_detected,
    postmortems.postmortem_status,
    postmortems.summary,
    postmortems.impact,
    postmortems.trigger_description,
    postmortems.impacted_customer_count,
    postmortems.failed_request_count,
    postmortems.impact_started_at,
    postmortems.customer_detected_at,
    postmortems.internal_detected_at,
    postmortems.recovered_at,
    postmortems.reconciled_at,
    postmortems.root_cause_found_at,
    postmortems.stated_seconds_to_detect,
    postmortems.stated_seconds_to_recover,
    postmortems.stated_seconds_to_resolve,
    postmortems.authors,
    postmortems.reliability_gaps,
    postmortems.incident_links,
    postmortems.author_count,
    postmortems.reliability_gap_count,
    postmortems.parse_status,
    postmortems.is_parsed,
    postmortems.parse_error,
    postmortems.parse_warnings,
    postmortems.parse_warning_count,
    postmortems.document_version,
    postmortems.document_created_at,
    postmortems.document_modified_at,
    postmortems.document_first_loaded_at,
    postmortems.loaded_at,
    services.service_key
from postmortems
left join services
    on services.postmortem_id = postmortems.postmortem_id
