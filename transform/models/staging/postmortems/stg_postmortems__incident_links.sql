-- One row per link a postmortem makes to another tool's record (PagerDuty or Datadog
-- incident, Sentry issue, GitHub issue or pull request), ids as the tap parsed them from the
-- URLs (`owner/repo#n` on GitHub).

with

source as (

    select * from {{ source('postmortems', 'postmortems') }}

),

latest as (

    {{ latest_records('source', ['document_id']) }}

),

links as (

    {{ unnest_json_fields('latest', 'document_id', 'incident_links', {
        'link_system': 'system', 'link_id': 'id', 'link_url': 'url'
    }) }}

)

select
    {{ surrogate_key(['document_id', 'element_position']) }} as incident_link_id,
    document_id as postmortem_id,
    element_position as position_in_document,
    link_system,
    link_id,
    link_url
from links
