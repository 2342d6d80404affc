-- PagerDuty users (the original PagerDutyUsers). `email` and `user_name` are keyed pseudonyms
-- when privacy is on (prod): still one value per person, and the same pseudonym as the person's
-- e-mail in Sentry, Datadog and GitHub (docs/privacy.md). The free-text bio is left out.

with

source_rows as (

    select * from {{ ref('stg_pagerduty__users') }}

)

select
    user_id,
    user_name,
    email,
    time_zone,
    account_role,
    job_title,
    license_id,
    is_invitation_pending,
    is_created_via_sso,
    contact_method_count,
    html_url,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
