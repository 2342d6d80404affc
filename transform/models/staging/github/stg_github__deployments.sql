with

source as (

    select * from {{ source('github', 'deployments') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as deployment_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        node_id as deployment_node_id,
        sha,
        ref,
        task,
        environment,
        original_environment,
        description as deployment_description,
        production_environment,
        transient_environment,
        creator_id,
        creator_login,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
