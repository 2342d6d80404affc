-- Postmortems, one row per document, with the service they are about (the original Incidents
-- table of the postmortem ETL; the cross-source incident is reliability.incidents).

with

postmortems as (

    select * from {{ ref('stg_postmortems__postmortems') }}

),

services as (

    select postmortem_id, service_key
    from {{ ref('int_postmortems_joined_to_services') }}

)

select
    postmortems.*,
    services.service_key
from postmortems
left join services
    on services.postmortem_id = postmortems.postmortem_id
