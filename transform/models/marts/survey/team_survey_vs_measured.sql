-- Perceived vs measured: per catalogue team and survey period (the calendar quarter the
-- Developer Survey's answers were submitted in), the team's mean answers to each question
-- beside what the warehouse measured for the team's services over the quarter before (the
-- questions ask about "the last three months"): incidents, MTTA, MTTR, change failure rate,
-- pages and pages out of hours. Definitions: docs/developer-survey.md.

{%- set scores = ['confidence_on_call', 'incident_process', 'deploy_safety', 'oncall_sustainability'] %}

with

responses as (

    select * from {{ ref('stg_survey__responses') }}
    where is_usable

),

catalogue_teams as (

    -- The catalogue's teams, by the key a loosely typed answer is matched on; should two
    -- teams share a match key, the alphabetically first wins (one answer, one team).
    select team_key, team_match_key
    from (
        select
            owning_team_key as team_key,
            {{ survey_team_match_key('owning_team_key') }} as team_match_key,
            row_number() over (
                partition by {{ survey_team_match_key('owning_team_key') }}
                order by owning_team_key
            ) as team_rank
        from (select distinct owning_team_key from {{ ref('services') }}) as teams
        where owning_team_key is not null
    ) as ranked
    where team_rank = 1

),

perceived as (

    select
        catalogue_teams.team_key,
        responses.survey_period_start,
        count(*) as respondents,
        min(responses.submitted_at) as first_response_at,
        max(responses.submitted_at) as last_response_at
        {%- for score in scores %},
        count(responses.{{ score }}_score) as {{ score }}_answers,
        round(avg(cast(responses.{{ score }}_score as {{ dbt.type_numeric() }})), 2) as {{ score }}_score,
        round(
            cast(sum(case when responses.{{ score }}_score >= 4 then 1 else 0 end) as {{ dbt.type_numeric() }})
            / nullif(count(responses.{{ score }}_score), 0),
            3
        ) as {{ score }}_favourable_share
        {%- endfor %}
    from responses
    inner join catalogue_teams
        on catalogue_teams.team_match_key = responses.team_match_key
    group by catalogue_teams.team_key, responses.survey_period_start

),

periods as (

    select
        team_key,
        survey_period_start,
        cast({{ dbt.dateadd('month', -3, 'survey_period_start') }} as date) as measured_from,
        survey_period_start as measured_until
    from perceived

),

monthly_measures as (

    -- Per team and month, side by side so that one join sums them over a survey's window:
    -- incidents by month of internal detection with their acknowledge and recover times
    -- (the incidents model, as incident_response_monthly counts them), deployments and change
    -- failures (dora_monthly, per service) and pages (service_scorecard_monthly).
    select
        team_key,
        detected_month as month_start,
        1 as incidents,
        case when seconds_to_acknowledge is not null then 1 else 0 end as acknowledged_incidents,
        seconds_to_acknowledge,
        case when seconds_to_recover is not null then 1 else 0 end as recovered_incidents,
        seconds_to_recover,
        0 as deployments,
        0 as change_failures,
        0 as pages,
        0 as off_hours_pages
    from {{ ref('incidents') }}
    union all
    select
        services.owning_team_key,
        dora.month_start,
        0, 0, null, 0, null,
        dora.deployments,
        dora.change_failures,
        0, 0
    from {{ ref('dora_monthly') }} as dora
    inner join {{ ref('services') }} as services
        on services.service_key = dora.service_key
    union all
    select
        owning_team_key,
        month_start,
        0, 0, null, 0, null, 0, 0,
        pages,
        off_hours_pages
    from {{ ref('service_scorecard_monthly') }}

),

window_measures as (

    select
        periods.team_key,
        periods.survey_period_start,
        sum(monthly_measures.incidents) as incidents,
        round(
            cast(sum(monthly_measures.seconds_to_acknowledge) as {{ dbt.type_numeric() }})
            / nullif(sum(monthly_measures.acknowledged_incidents), 0)
        ) as mtta_seconds,
        round(
            cast(sum(monthly_measures.seconds_to_recover) as {{ dbt.type_numeric() }})
            / nullif(sum(monthly_measures.recovered_incidents), 0)
        ) as mttr_seconds,
        sum(monthly_measures.deployments) as deployments,
        sum(monthly_measures.change_failures) as change_failures,
        sum(monthly_measures.pages) as pages,
        sum(monthly_measures.off_hours_pages) as off_hours_pages
    from periods
    inner join monthly_measures
        on monthly_measures.team_key = periods.team_key
        and monthly_measures.month_start >= periods.measured_from
        and monthly_measures.month_start < periods.measured_until
    group by periods.team_key, periods.survey_period_start

),

final as (

    select
        {{ surrogate_key(['perceived.team_key', 'perceived.survey_period_start']) }} as team_survey_period_id,
        perceived.team_key,
        perceived.survey_period_start,
        periods.measured_from,
        periods.measured_until,
        perceived.respondents,
        perceived.first_response_at,
        perceived.last_response_at
        {%- for score in scores %},
        perceived.{{ score }}_answers,
        perceived.{{ score }}_score,
        perceived.{{ score }}_favourable_share
        {%- endfor %},
        coalesce(window_measures.incidents, 0) as incidents,
        cast(window_measures.mtta_seconds as {{ dbt.type_bigint() }}) as mtta_seconds,
        cast(window_measures.mttr_seconds as {{ dbt.type_bigint() }}) as mttr_seconds,
        coalesce(window_measures.deployments, 0) as deployments,
        coalesce(window_measures.change_failures, 0) as change_failures,
        round(
            cast(window_measures.change_failures as {{ dbt.type_numeric() }})
            / nullif(window_measures.deployments, 0),
            3
        ) as change_failure_rate,
        coalesce(window_measures.pages, 0) as pages,
        coalesce(window_measures.off_hours_pages, 0) as off_hours_pages,
        round(
            cast(window_measures.off_hours_pages as {{ dbt.type_numeric() }})
            / nullif(window_measures.pages, 0),
            3
        ) as off_hours_page_share
    from perceived
    inner join periods
        on periods.team_key = perceived.team_key
        and periods.survey_period_start = perceived.survey_period_start
    left join window_measures
        on window_measures.team_key = perceived.team_key
        and window_measures.survey_period_start = perceived.survey_period_start

)

select * from final
