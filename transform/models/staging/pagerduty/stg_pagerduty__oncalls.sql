-- On-call shifts, one row per on-call (the tap's oncall_key), the latest version loaded: a
-- shift read while in progress is read again until it is over, and its end may move.

with

source as (

    select * from {{ source('pagerduty', 'oncalls') }}

),

latest as (

    {{ latest_records('source', ['oncall_key']) }}

),

renamed as (

    select
        oncall_key as oncall_id,
        {{ json_text('escalation_policy', 'id') }} as escalation_policy_id,
        {{ json_text('escalation_policy', 'summary') }} as escalation_policy_name,
        cast(escalation_level as {{ dbt.type_int() }}) as escalation_level,
        {{ json_text('schedule', 'id') }} as schedule_id,
        {{ json_text('schedule', 'summary') }} as schedule_name,
        {{ json_text(adapter.quote('user'), 'id') }} as user_id,
        {{ json_text(adapter.quote('user'), 'summary') }} as user_name,
        {{ to_timestamp(adapter.quote('start')) }} as started_at,
        {{ to_timestamp(adapter.quote('end')) }} as ended_at,
        -- A direct user target of an escalation rule: on call without start or end.
        ({{ adapter.quote('start') }} is null) as is_permanent,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
