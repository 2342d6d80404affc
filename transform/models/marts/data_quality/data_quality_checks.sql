-- One row per data-quality check, with how many records it caught (0 when none): the count
-- to watch next to the metrics. The records are in data_quality_issues.

{%- set checks = [
    ('datadog_test_incident', 'Datadog test incidents (is_test), excluded from the incident model'),
    ('postmortem_citation_taken', 'Postmortems citing an incident another postmortem took, left as incidents of their own'),
    ('incident_without_internal_detection', 'Incidents without an internal detection time (incomplete postmortems nothing links to), kept with null time to detect'),
    ('survey_malformed_response', 'Developer Survey responses with an unreadable timestamp, no team or a score outside 1-5, excluded from the survey marts'),
    ('survey_duplicate_response', 'Developer Survey responses a later one by the same respondent replaced in the period'),
    ('survey_unmatched_team', 'Developer Survey responses naming a team the service catalogue does not know, excluded from team_survey_vs_measured'),
] %}

with

checks as (

    {%- for name, description in checks %}
    select
        cast('{{ name }}' as {{ dbt.type_string() }}) as check_name,
        cast('{{ description }}' as {{ dbt.type_string() }}) as check_description
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

issues as (

    select check_name, count(*) as records
    from {{ ref('data_quality_issues') }}
    group by 1

)

select
    checks.check_name,
    checks.check_description,
    coalesce(issues.records, 0) as records
from checks
left join issues
    on issues.check_name = checks.check_name
