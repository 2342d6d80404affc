with

source as (

    select * from {{ source('sentry', 'release_deploys') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as deploy_id,
        organization as organization_slug,
        release_version,
        environment,
        name as deploy_name,
        url as deploy_url,
        {{ to_timestamp(adapter.quote('dateStarted')) }} as started_at,
        {{ to_timestamp(adapter.quote('dateFinished')) }} as finished_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
