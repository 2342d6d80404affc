with

source as (

    select * from {{ source('github', 'environments') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as environment_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        name as environment_name,
        can_admins_bypass,
        wait_timer,
        prevent_self_review,
        protection_rule_types,
        required_reviewers,
        protected_branches_only,
        custom_branch_policies,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
