-- One row per (incident, team) from the incident's `teams` list. PagerDuty has no endpoint for
-- this link, so it is unnested here through a dispatched macro (jsonb[] on Postgres, JSON text
-- on Redshift). The first team listed is taken as the incident's primary team.

with

incidents as (

    -- The de-duplicated raw rows: staging models are the only readers of source().
    {{ latest_records(source('pagerduty', 'incidents'), ['id']) }}

),

unnested as (

    {{ unnest_reference_ids('incidents', 'id', 'teams', 'team_id') }}

),

renamed as (

    select
        {{ surrogate_key(['id', 'team_id']) }} as incident_team_id,
        id as incident_id,
        team_id,
        element_position as team_position,
        element_position = 1 as is_primary_team

    from unnested
    where team_id is not null

)

select * from renamed
