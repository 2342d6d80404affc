-- PagerDuty users' contact methods (the original PagerDutyUserContactMethods): which kinds of
-- method each person has and whether they work — never the address itself (an e-mail, a phone
-- number or a push-device token), in any environment: no reliability question needs it
-- (docs/privacy.md).

with

source_rows as (

    select * from {{ ref('stg_pagerduty__user_contact_methods') }}

)

select
    contact_method_id,
    user_id,
    contact_method_type,
    contact_method_label,
    country_code,
    device_type,
    is_short_email,
    is_html_email,
    is_blacklisted,
    is_enabled,
    created_at,
    is_deleted,
    deleted_at,
    loaded_at
from source_rows
