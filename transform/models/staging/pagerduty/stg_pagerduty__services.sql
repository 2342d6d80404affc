-- The service's status and last incident, which move with every incident, are in
-- stg_pagerduty__service_states: the frequent build rebuilds this table, and the catalogue on
-- it, only when what it reads changed (docs/architecture.md, "The frequent build ignores
-- re-sent unchanged inventories").

with

source as (

    select * from {{ source('pagerduty', 'services') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

-- Deleted at the vendor: not read by a complete sync since (macros/deletions.sql).
{{ deletion_marks('latest', 'pagerduty', 'services', 'id') }},

renamed as (

    select
        id as service_id,
        name as service_name,
        description as service_description,
        {{ json_text('escalation_policy', 'id') }} as escalation_policy_id,
        auto_resolve_timeout as auto_resolve_timeout_seconds,
        acknowledgement_timeout as acknowledgement_timeout_seconds,
        alert_creation,
        {{ json_text('alert_grouping_parameters', 'type') }} as alert_grouping_type,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ deletion_columns('latest') }},
        {{ to_timestamp('latest._sdc_batched_at') }} as loaded_at

    from latest
    left join deletion_marks
        on deletion_marks.deleted_key = latest.id

)

select * from renamed
