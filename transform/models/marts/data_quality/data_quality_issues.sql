-- One row per source record that a model had to exclude, leave unlinked or leave incomplete
-- ("bad input degrades a row, never the build"): which check, which record, what was done
-- with it. data_quality_checks counts them per check. Definitions: docs/metrics.md,
-- "Data quality".

with

links as (

    select * from {{ ref('int_incidents_linked_across_sources') }}

),

postmortems as (

    select * from {{ ref('int_postmortems_joined_to_services') }}

),

datadog as (

    select * from {{ ref('stg_datadog__incidents') }}

),

datadog_test_incidents as (

    select
        'datadog_test_incident' as check_name,
        'datadog' as source,
        incident_id as record_id,
        cast(null as {{ dbt.type_string() }}) as related_incident_key,
        'excluded from the incident model' as handling
    from datadog
    where is_test

),

cited_incidents as (

    -- The incident each postmortem's citations point to.
    select
        postmortems.postmortem_id,
        links.incident_key
    from postmortems
    inner join links
        on links.pagerduty_incident_id = postmortems.pagerduty_incident_id

    union

    select
        postmortems.postmortem_id,
        links.incident_key
    from postmortems
    inner join datadog
        on cast(datadog.incident_number as {{ dbt.type_string() }}) = postmortems.datadog_incident_id
    inner join links
        on links.datadog_incident_id = datadog.incident_id

),

postmortem_citations_taken as (

    -- Postmortems left as incidents of their own although they cite a loaded incident:
    -- another document citing the same incident took it.
    select
        'postmortem_citation_taken' as check_name,
        'postmortems' as source,
        cited_incidents.postmortem_id as record_id,
        min(cited_incidents.incident_key) as related_incident_key,
        'an incident of its own; the cited incident kept the earliest-created postmortem' as handling
    from cited_incidents
    inner join links as own
        on own.incident_key = 'postmortem:' || cited_incidents.postmortem_id
    group by cited_incidents.postmortem_id

),

incidents_without_internal_detection as (

    -- Incomplete incidents (a partial postmortem nothing links to): no time to detect, and
    -- counted in the month of customer detection, else impact start.
    select
        'incident_without_internal_detection' as check_name,
        'incidents' as source,
        incident_key as record_id,
        incident_key as related_incident_key,
        case
            when detected_month is null
                then 'kept; no time known: in the null month of incident_response_monthly only'
            else 'kept; measures from detection are null; counted in the month of customer detection, else impact start'
        end as handling
    from {{ ref('incidents') }}
    where internal_detected_at is null

),

survey_responses as (

    select * from {{ ref('stg_survey__responses') }}

),

catalogue_teams as (

    select distinct {{ survey_team_match_key('owning_team_key') }} as team_match_key
    from {{ ref('services') }}
    where owning_team_key is not null

),

-- Developer Survey rows the survey marts leave out (issue 14: malformed rows are flagged and
-- excluded with a count, never a build failure): malformed answers (unreadable timestamp, no
-- team, a score outside 1-5), earlier submissions a respondent replaced, and answers naming a
-- team the catalogue does not know.
survey_issues as (

    select
        case
            when responses.data_quality_issue is not null then 'survey_malformed_response'
            when not responses.is_latest_response then 'survey_duplicate_response'
            else 'survey_unmatched_team'
        end as check_name,
        'survey' as source,
        responses.response_id as record_id,
        cast(null as {{ dbt.type_string() }}) as related_incident_key,
        case
            when responses.data_quality_issue is not null
                then 'excluded from the survey marts: ' || responses.data_quality_issue
            when not responses.is_latest_response
                then 'replaced by the respondent''s later response in the period'
            else 'excluded from team_survey_vs_measured: team not in the catalogue'
        end as handling
    from survey_responses as responses
    left join catalogue_teams
        on catalogue_teams.team_match_key = responses.team_match_key
    where responses.data_quality_issue is not null
        or not responses.is_latest_response
        or catalogue_teams.team_match_key is null

),

unioned as (

    select * from datadog_test_incidents
    union all
    select * from postmortem_citations_taken
    union all
    select * from incidents_without_internal_detection
    union all
    select * from survey_issues

)

select
    {{ surrogate_key(['check_name', 'record_id']) }} as data_quality_issue_id,
    check_name,
    source,
    record_id,
    related_incident_key,
    handling
from unioned
