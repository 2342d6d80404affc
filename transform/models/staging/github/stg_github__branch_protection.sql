with

source as (

    select * from {{ source('github', 'branch_protection') }}

),

latest as (

    {{ latest_records('source', ['repository_id']) }}

),

renamed as (

    select
        repository_id,
        organization as organization_login,
        repository as repository_full_name,
        branch,
        coalesce(is_protected, false) as is_protected,
        unavailable_reason,
        coalesce(required_reviews, false) as required_reviews,
        required_approving_review_count,
        require_code_owner_reviews,
        dismiss_stale_reviews,
        require_last_push_approval,
        coalesce(required_status_checks, false) as required_status_checks,
        strict_status_checks,
        -- A count, not the list: dbt unit tests cannot mock array columns (dbt-postgres#29);
        -- the list stays in the raw table.
        coalesce({{ json_array_length('status_check_contexts') }}, 0) as status_check_count,
        enforce_admins,
        required_linear_history,
        allow_force_pushes,
        allow_deletions,
        required_conversation_resolution,
        required_signatures,
        lock_branch,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
