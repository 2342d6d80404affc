-- On-call shifts, one row per on-call (the tap's oncall_key), the latest version loaded: a
-- shift read while in progress is read again until it is over, and its end may move.
-- Shifts a later read of PagerDuty contradicts are left out (see `superseded` below).

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
        {{ to_timestamp('_sdc_extracted_at') }} as read_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

),

-- The key holds the user and the start, so an override that takes over a shift from its start
-- (or moves its start) after the tap read it gives a new key, and the old row is never
-- upserted again. A schedule puts one person on call at a time for a policy level, so two
-- on-calls of the same (policy, level, schedule) whose times overlap cannot both be true: the
-- one PagerDuty answered later is the current one. An unchanged shift is re-read with its
-- replacement's neighbours (the tap re-reads every shift still running), so its read time
-- moves with them and it is not superseded. Same read time: nothing tells them apart, both stay.
superseded as (

    select distinct earlier.oncall_id
    from renamed as earlier
    inner join renamed as later
        on later.escalation_policy_id = earlier.escalation_policy_id
        and later.escalation_level = earlier.escalation_level
        and later.schedule_id = earlier.schedule_id
        and later.oncall_id <> earlier.oncall_id
        and later.started_at < earlier.ended_at
        and earlier.started_at < later.ended_at
        and later.read_at > earlier.read_at

),

final as (

    select renamed.*
    from renamed
    left join superseded
        on superseded.oncall_id = renamed.oncall_id
    where superseded.oncall_id is null

)

select * from final
