with

source as (

    select * from {{ source('github', 'deployment_statuses') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as deployment_status_id,
        deployment_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        state,
        description as deployment_status_description,
        environment,
        target_url,
        environment_url,
        log_url,
        creator_login,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
