with

source as (

    select * from {{ source('sentry', 'organizations') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as organization_id,
        slug as organization_slug,
        -- The value the tap was configured with (normally the slug); every other Sentry table
        -- carries this value as its organization_slug.
        organization as configured_organization,
        name as organization_name,
        {{ json_text('status', 'id') }} as organization_status,
        coalesce({{ adapter.quote('hasAuthProvider') }}, false) as has_auth_provider,
        coalesce({{ adapter.quote('require2FA') }}, false) as is_2fa_required,
        coalesce({{ adapter.quote('isEarlyAdopter') }}, false) as is_early_adopter,
        {{ json_text('links', 'organizationUrl') }} as html_url,
        {{ to_timestamp(adapter.quote('dateCreated')) }} as created_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
