-- Standards compliance per owning team and build day: what team_standards says on the day it
-- is built, kept day after day. GitHub serves the current settings only (protection, webhooks,
-- team permissions), so this mart is their only history: the alert rule
-- standards_compliance_dropping compares a team's latest day with its own previous days.
--
-- Incremental and never rebuilt by `--full-refresh` (full_refresh: false): a rebuild would
-- keep only today. Each build replaces its day (delete+insert on recorded_on), so a team that
-- left the day's figures is gone from that day too; earlier days stay as recorded.
-- The day is the build's UTC date, or the var `standards_recorded_on` (a date) to record
-- another. Definitions: docs/alerting.md ("Standards history").

{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='recorded_on',
    full_refresh=false,
    on_schema_change='append_new_columns',
) }}

{%- set recorded_on_var = var('standards_recorded_on', none) %}
{%- if recorded_on_var %}
{%- set recorded_on = "cast('" ~ recorded_on_var ~ "' as date)" %}
{%- else %}
{%- set recorded_on = "cast(" ~ dbt.current_timestamp_in_utc_backcompat() ~ " as date)" %}
{%- endif %}

with

teams as (

    select * from {{ ref('team_standards') }}

),

final as (

    select
        {{ surrogate_key([recorded_on, 'owning_team_key']) }} as team_standards_day_id,
        {{ recorded_on }} as recorded_on,
        owning_team_key,
        repositories,
        compliant_repositories,
        cast(compliant_repositories as {{ dbt.type_float() }}) / nullif(repositories, 0)
            as compliant_repository_share,
        mean_standards_score,
        {{ dbt.current_timestamp_in_utc_backcompat() }} as recorded_at
    from teams

)

select * from final
