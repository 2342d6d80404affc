-- Sentry teams (the original SentryTeams).

with

source_rows as (

    select * from {{ ref('stg_sentry__teams') }}

)

select
    team_id,
    organization_slug,
    team_slug,
    team_name,
    member_count,
    is_idp_provisioned,
    is_member,
    has_access,
    is_pending,
    created_at,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
