with

source as (

    select
        *,
        -- The earliest revision loaded of the document (an appending target keeps every
        -- revision; an upserting one only the latest, and then this is the latest).
        min(modified_time) over (partition by document_id) as first_loaded_modified_time
    from {{ source('postmortems', 'postmortems') }}

),

latest as (

    {{ latest_records('source', ['document_id']) }}

),

renamed as (

    select
        document_id as postmortem_id,
        document_name,
        source as document_source,
        folder_id,
        drive_id as shared_drive_id,
        postmortem_link as postmortem_url,
        incident_name,
        cast(incident_date as date) as incident_date,
        statuspage_link as statuspage_url,
        pagerduty_incident_id,
        datadog_incident_id,
        severity_level,
        detection_method,
        detection_method = 'customer' as is_customer_detected,
        status as postmortem_status,
        summary,
        impact,
        {{ adapter.quote('trigger') }} as trigger_description,
        cast(number_of_impacted_customers as {{ dbt.type_bigint() }}) as impacted_customer_count,
        cast(number_of_failed_requests as {{ dbt.type_bigint() }}) as failed_request_count,
        {{ to_timestamp('time_of_first_trigger') }} as impact_started_at,
        {{ to_timestamp('time_of_customer_detect') }} as customer_detected_at,
        {{ to_timestamp('time_of_internal_detect') }} as internal_detected_at,
        {{ to_timestamp('time_of_recovery') }} as recovered_at,
        {{ to_timestamp('time_of_reconcile') }} as reconciled_at,
        {{ to_timestamp('time_of_rca') }} as root_cause_found_at,
        -- Taken for want of a marked one (the first timeline row): ranked below a vendor's.
        coalesce(time_of_first_trigger_assumed, false) as is_impact_start_assumed,
        coalesce(time_of_internal_detect_assumed, false) as is_internal_detect_assumed,
        {%- for name in ['detect', 'recover', 'resolve'] %}
        cast(round(cast(stated_minutes_to_{{ name }} as {{ dbt.type_numeric() }}) * 60)
            as {{ dbt.type_bigint() }}) as stated_seconds_to_{{ name }},
        {%- endfor %}
        authors,
        reliability_gaps,
        incident_links,
        coalesce({{ json_array_length('authors') }}, 0) as author_count,
        coalesce({{ json_array_length('reliability_gaps') }}, 0) as reliability_gap_count,
        parse_status,
        parse_status <> 'failed' as is_parsed,
        parse_error,
        parse_warnings,
        coalesce({{ json_array_length('parse_warnings') }}, 0) as parse_warning_count,
        cast(version as {{ dbt.type_bigint() }}) as document_version,
        {{ to_timestamp('created_time') }} as document_created_at,
        {{ to_timestamp('modified_time') }} as document_modified_at,
        {{ to_timestamp('first_loaded_modified_time') }} as document_first_loaded_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
