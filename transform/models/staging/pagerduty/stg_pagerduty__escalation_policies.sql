with

source as (

    select * from {{ source('pagerduty', 'escalation_policies') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as escalation_policy_id,
        name as escalation_policy_name,
        description as escalation_policy_description,
        on_call_handoff_notifications,
        num_loops,
        {{ json_array_length('escalation_rules') }} as escalation_rule_count,
        html_url,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
