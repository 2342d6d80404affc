with

source as (

    select * from {{ source('github', 'workflow_runs') }}

),

latest as (

    {{ latest_records('source', ['id']) }}

),

renamed as (

    select
        id as workflow_run_id,
        organization as organization_login,
        repository_id,
        repository as repository_full_name,
        workflow_id,
        name as workflow_run_name,
        path,
        display_title,
        run_number,
        run_attempt,
        event,
        status,
        conclusion,
        head_branch,
        head_sha,
        actor_login,
        triggering_actor_login,
        pull_request_numbers,
        html_url,
        {{ to_timestamp('created_at') }} as created_at,
        {{ to_timestamp('run_started_at') }} as run_started_at,
        {{ to_timestamp('updated_at') }} as updated_at,
        {{ to_timestamp('_sdc_batched_at') }} as loaded_at

    from latest

)

select * from renamed
