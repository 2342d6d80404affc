-- PagerDuty's own per-incident response metrics (Analytics API), kept to reconcile our
-- log-entry-based timings against the vendor's.

with

source as (

    select * from {{ source('pagerduty', 'incident_analytics') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as incident_id,
        incident_number,
        status as incident_status,
        urgency,
        priority_id,
        priority_name,
        priority_order,
        service_id,
        team_id,
        escalation_policy_id,
        incident_type_id,
        resolved_by_user_id,
        coalesce(major, false) as is_major,
        coalesce(auto_resolved, false) as is_auto_resolved,
        seconds_to_first_ack,
        seconds_to_resolve,
        seconds_to_engage,
        seconds_to_mobilize,
        engaged_seconds,
        engaged_user_count,
        active_user_count,
        snoozed_seconds,
        user_defined_effort_seconds,
        acknowledgement_count,
        assignment_count,
        reassignment_count,
        escalation_count,
        manual_escalation_count,
        timeout_escalation_count,
        business_hour_interruptions,
        off_hour_interruptions,
        sleep_hour_interruptions,
        total_interruptions,
        total_notifications,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('resolved_at') }} as resolved_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
