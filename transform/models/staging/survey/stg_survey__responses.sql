{#-
    One row per response in the Developer Survey's sheet, typed. Nothing is dropped here but
    Singer re-sends and rows deleted from the sheet: a malformed row is flagged
    (`data_quality_issue`) and a resubmission marked (`is_latest_response`), and the marts
    read only `is_usable` rows. Definitions: docs/developer-survey.md.

    The questions are the sheet's header cells, mapped by the var `survey_columns` (defaults:
    the sandbox's form). A project that never loads the survey still builds: without the raw
    table this model is empty.
-#}
{%- set columns = var('survey_columns', {
    'submitted_at': 'Timestamp',
    'respondent_email': 'Email Address',
    'team': 'Which team are you on?',
    'confidence_on_call': 'I feel confident when I am on call',
    'incident_process': 'Our incident process works well',
    'deploy_safety': 'I feel safe deploying to production',
    'oncall_sustainability': 'My on-call load is sustainable',
    'improvement_suggestion': 'What one change would most improve reliability for your team?',
}) -%}
{%- set scores = ['confidence_on_call', 'incident_process', 'deploy_safety', 'oncall_sustainability'] -%}
{%- set raw = source('survey', 'form_responses_1') -%}
{%- set metadata = source('survey', 'spreadsheet_metadata') -%}
{#-
    Whether the raw tables exist is asked only when the model is built: `dbt compile` (the
    offline Redshift check) has no connection and compiles the full query, and in a unit
    test source() is a fixture without schema or database, present by definition.
-#}
{%- set ask = execute and flags.WHICH in ['run', 'build', 'retry'] -%}
{%- set has_raw = not ask or raw.schema is none or raw.database is none
    or adapter.get_relation(raw.database, raw.schema, raw.identifier) is not none -%}
{%- set has_metadata = not ask or metadata.schema is none or metadata.database is none
    or adapter.get_relation(metadata.database, metadata.schema, metadata.identifier) is not none -%}
{#- Each question's column, quoted: headers are sentences, with spaces and punctuation. -#}
{%- set col = {} -%}
{%- for key, header in columns.items() -%}{%- do col.update({key: adapter.quote(header)}) -%}{%- endfor -%}
{%- set stamp_text = 'cast(latest.' ~ col['submitted_at'] ~ ' as ' ~ dbt.type_string() ~ ')' -%}
{%- set wall_clock = "cast(replace(substring(" ~ stamp_text ~ ", 1, 19), 'T', ' ') as " ~ dbt.type_timestamp() ~ ")" -%}
{#- The zone Forms wrote in: the var `survey_time_zone` if set, else the spreadsheet's, else UTC. -#}
{%- set zone = "'" ~ var('survey_time_zone') ~ "'" if var('survey_time_zone', none) else "coalesce(spreadsheet_zone.time_zone, 'UTC')" -%}

with

{% if has_raw %}
source as (

    select * from {{ raw }}

),

latest as (

    {{ latest_records('source', ['__sdc_row']) }}

),

spreadsheet_zone as (

    {% if has_metadata %}
    select
        {{ adapter.quote('spreadsheetId') }} as spreadsheet_id,
        {{ json_text('properties', 'timeZone') }} as time_zone
    from {{ metadata }}
    where _sdc_deleted_at is null
    {% else %}
    select
        cast(null as {{ dbt.type_string() }}) as spreadsheet_id,
        cast(null as {{ dbt.type_string() }}) as time_zone
    where 1 = 0
    {% endif %}

),

typed as (

    select
        {{ surrogate_key(['latest.__sdc_spreadsheet_id', 'latest.__sdc_sheet_id', 'latest.__sdc_row']) }} as response_id,
        latest.__sdc_spreadsheet_id as spreadsheet_id,
        cast(latest.__sdc_sheet_id as {{ dbt.type_bigint() }}) as sheet_id,
        cast(latest.__sdc_row as {{ dbt.type_bigint() }}) as sheet_row,
        -- The tap turns the sheet's serial number into ISO text but labels the spreadsheet's
        -- wall-clock time as UTC ('Z'); anything else is a cell typed over by hand.
        case
            when {{ stamp_text }} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}'
                then {{ from_local_time(wall_clock, zone) }}
        end as submitted_at,
        -- The e-mail only tells one person's answers apart: kept as a hash, never as text.
        {{ dbt.hash("nullif(lower(trim(cast(latest." ~ col['respondent_email'] ~ " as " ~ dbt.type_string() ~ "))), '')") }} as respondent_key,
        nullif(trim(cast(latest.{{ col['team'] }} as {{ dbt.type_string() }})), '') as team_answer,
        {%- for score in scores %}
        {{ survey_score('latest.' ~ col[score]) }} as {{ score }}_score,
        {{ survey_score_is_invalid('latest.' ~ col[score]) }} as is_{{ score }}_invalid,
        {%- endfor %}
        nullif(trim(cast(latest.{{ col['improvement_suggestion'] }} as {{ dbt.type_string() }})), '') as improvement_suggestion,
        latest._sdc_batched_at as loaded_at
    from latest
    left join spreadsheet_zone
        on spreadsheet_zone.spreadsheet_id = latest.__sdc_spreadsheet_id

),
{% else %}
typed as (

    select
        cast(null as {{ dbt.type_string() }}) as response_id,
        cast(null as {{ dbt.type_string() }}) as spreadsheet_id,
        cast(null as {{ dbt.type_bigint() }}) as sheet_id,
        cast(null as {{ dbt.type_bigint() }}) as sheet_row,
        cast(null as {{ dbt.type_timestamp() }}) as submitted_at,
        cast(null as {{ dbt.type_string() }}) as respondent_key,
        cast(null as {{ dbt.type_string() }}) as team_answer,
        {%- for score in scores %}
        cast(null as {{ dbt.type_int() }}) as {{ score }}_score,
        cast(null as {{ dbt.type_boolean() }}) as is_{{ score }}_invalid,
        {%- endfor %}
        cast(null as {{ dbt.type_string() }}) as improvement_suggestion,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at
    where 1 = 0

),
{% endif %}

flagged as (

    select
        typed.*,
        cast({{ dbt.date_trunc('quarter', 'submitted_at') }} as date) as survey_period_start,
        {{ service_key('team_answer') }} as team_key,
        {{ survey_team_match_key('team_answer') }} as team_match_key,
        -- The first problem found, in the order a reader fixes them.
        case
            when submitted_at is null then 'unparseable_timestamp'
            when {{ service_key('team_answer') }} is null then 'missing_team'
            {%- for score in scores %}
            when is_{{ score }}_invalid then 'invalid_{{ score }}_score'
            {%- endfor %}
        end as data_quality_issue
    from typed

),

final as (

    select
        *,
        -- One answer per person and survey period: a resubmission replaces the earlier one
        -- (anonymous responses, without an e-mail, each count).
        respondent_key is null or row_number() over (
            partition by survey_period_start, respondent_key
            order by submitted_at desc nulls last, sheet_row desc
        ) = 1 as is_latest_response
    from flagged

)

select
    *,
    data_quality_issue is null and is_latest_response as is_usable
from final
