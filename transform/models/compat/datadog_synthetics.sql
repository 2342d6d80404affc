-- Datadog synthetic tests with their catalogue key (the original DataDogSynthetics).

with

source_rows as (

    select * from {{ ref('stg_datadog__synthetics_tests') }}

)

select
    source_rows.synthetics_test_id,
    source_rows.test_name,
    source_rows.test_type,
    source_rows.test_subtype,
    source_rows.test_status,
    source_rows.is_paused,
    source_rows.monitor_id,
    source_rows.service_slug,
    source_rows.team_slug,
    source_rows.environment,
    source_rows.location_count,
    source_rows.check_interval_seconds,
    source_rows.retry_count,
    source_rows.min_failed_location_count,
    source_rows.request_method,
    source_rows.request_url,
    source_rows.step_count,
    source_rows.creator_email,
    source_rows.created_at,
    source_rows.updated_at,
    source_rows.is_deleted,
    source_rows.deleted_at,
    source_rows.loaded_at,
    catalogue.service_key
from source_rows
{{ join_service_catalogue('datadog', 'synthetics_test', 'source_rows.synthetics_test_id') }}
