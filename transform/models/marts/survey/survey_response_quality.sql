-- What the Developer Survey's marts leave out, and why: one row per survey period (null for
-- a response whose timestamp cannot be read) and reason, with the number of responses.
-- A malformed or unattributable answer is excluded from team_survey_vs_measured and counted
-- here, never a build failure. Definitions: docs/developer-survey.md.

with

responses as (

    select * from {{ ref('stg_survey__responses') }}

),

teams as (

    select distinct {{ survey_team_match_key('owning_team_key') }} as team_match_key
    from {{ ref('services') }}
    where owning_team_key is not null

),

classified as (

    select
        responses.survey_period_start,
        case
            when responses.data_quality_issue is not null then responses.data_quality_issue
            when not responses.is_latest_response then 'resubmitted'
            when teams.team_match_key is null then 'unknown_team'
            else 'used'
        end as outcome
    from responses
    left join teams
        on teams.team_match_key = responses.team_match_key

)

select
    {{ surrogate_key(['survey_period_start', 'outcome']) }} as survey_response_quality_id,
    survey_period_start,
    outcome,
    count(*) as responses
from classified
group by survey_period_start, outcome
