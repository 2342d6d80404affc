with

source as (

    select * from {{ source('github', 'rulesets') }}

),

latest as (

    {{ latest_records('source', ['repository_id', 'id']) }}

),

renamed as (

    select
        repository_id,
        id as ruleset_id,
        organization as organization_login,
        repository as repository_full_name,
        name as ruleset_name,
        target,
        source_type,
        source,
        enforcement,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
