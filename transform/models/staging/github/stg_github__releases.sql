with

source as (

    select * from {{ source('github', 'releases') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as release_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        tag_name,
        name as release_name,
        target_commitish,
        draft as is_draft,
        prerelease as is_prerelease,
        author_login,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('published_at') }} as published_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
