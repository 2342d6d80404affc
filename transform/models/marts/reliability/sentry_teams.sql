-- Sentry teams (the original SentryTeams).

with

source_rows as (

    select * from {{ ref('stg_sentry__teams') }}

)

select * from source_rows
