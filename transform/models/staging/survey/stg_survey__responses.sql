{#-
    One row per response to the Developer Survey, typed, from either loading path: the Form's
    response sheet (tap-google-sheets: raw_survey."Form Responses 1") and a folder of the
    Form's CSV exports (tap-survey-csv: raw_survey.responses). Nothing is dropped here but
    Singer re-sends, rows deleted from the sheet, and a response that both paths loaded (the
    sheet's copy is kept): a malformed row is flagged (`data_quality_issue`) and a
    resubmission marked (`is_latest_response`), and the marts read only `is_usable` rows.
    Definitions: docs/developer-survey.md.

    The questions are the form's header cells, the same on both paths, mapped by the var
    `survey_columns` (defaults: the sandbox's form). A project that loads neither still
    builds: without the raw tables this model is empty.
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
{%- set csv = source('survey', 'responses') -%}
{%- set response_columns = ['response_id', 'source_system', 'source_file', 'spreadsheet_id', 'sheet_id', 'sheet_row',
    'submitted_at', 'respondent_key', 'team_answer'] -%}
{%- for score in scores -%}{%- do response_columns.extend([score ~ '_score', 'is_' ~ score ~ '_invalid']) -%}{%- endfor -%}
{%- do response_columns.extend(['improvement_suggestion', 'loaded_at']) -%}
{%- set has_raw = survey_relation_exists(raw) -%}
{%- set has_metadata = survey_relation_exists(metadata) -%}
{%- set has_csv = survey_relation_exists(csv) -%}
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

sheet_typed as (

    select
        {{ surrogate_key(['latest.__sdc_spreadsheet_id', 'latest.__sdc_sheet_id', 'latest.__sdc_row']) }} as response_id,
        cast('google_sheets' as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as source_file,
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
{% endif %}

{% if has_csv %}
csv_source as (

    select * from {{ csv }}

),

csv_latest as (

    {{ latest_records('csv_source', ['response_key']) }}

),

csv_typed as (

    -- tap-survey-csv keeps the export's header cells as columns and adds the key (the
    -- submission instant and the e-mail, stable across re-exports), the instant in UTC (null
    -- when the cell holds no date and time) and the row in the file.
    select
        {{ surrogate_key(["'csv'", 'csv_latest.response_key']) }} as response_id,
        cast('csv_export' as {{ dbt.type_string() }}) as source_system,
        cast(csv_latest._sdc_path as {{ dbt.type_string() }}) as source_file,
        cast(null as {{ dbt.type_string() }}) as spreadsheet_id,
        cast(null as {{ dbt.type_bigint() }}) as sheet_id,
        cast(csv_latest.file_row as {{ dbt.type_bigint() }}) as sheet_row,
        cast(csv_latest.submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        {{ dbt.hash("nullif(lower(trim(cast(csv_latest." ~ col['respondent_email'] ~ " as " ~ dbt.type_string() ~ "))), '')") }} as respondent_key,
        nullif(trim(cast(csv_latest.{{ col['team'] }} as {{ dbt.type_string() }})), '') as team_answer,
        {%- for score in scores %}
        {{ survey_score('csv_latest.' ~ col[score]) }} as {{ score }}_score,
        {{ survey_score_is_invalid('csv_latest.' ~ col[score]) }} as is_{{ score }}_invalid,
        {%- endfor %}
        nullif(trim(cast(csv_latest.{{ col['improvement_suggestion'] }} as {{ dbt.type_string() }})), '') as improvement_suggestion,
        csv_latest._sdc_batched_at as loaded_at
    from csv_latest

),
{% endif %}

{% if not has_raw and not has_csv %}
empty as (

    select
        cast(null as {{ dbt.type_string() }}) as response_id,
        cast(null as {{ dbt.type_string() }}) as source_system,
        cast(null as {{ dbt.type_string() }}) as source_file,
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

unioned as (

    {% if has_raw %}select {{ response_columns | join(', ') }} from sheet_typed{% endif %}
    {% if has_raw and has_csv %}union all{% endif %}
    {% if has_csv %}select {{ response_columns | join(', ') }} from csv_typed{% endif %}
    {% if not has_raw and not has_csv %}select {{ response_columns | join(', ') }} from empty{% endif %}

),

typed as (

    -- A response loaded by both paths (a team that moved from the sheet to exports, or loads
    -- both) is one response: the same instant, person and answers. The sheet's copy wins (it
    -- is live; an export is a snapshot), then the latest loaded. Rows whose time cannot be
    -- read are never merged.
    select {{ response_columns | join(', ') }}
    from (
        select
            unioned.*,
            row_number() over (
                partition by
                    submitted_at,
                    case when submitted_at is null then response_id end,
                    respondent_key,
                    team_answer,
                    {%- for score in scores %}
                    {{ score }}_score,
                    is_{{ score }}_invalid,
                    {%- endfor %}
                    improvement_suggestion
                order by
                    case when source_system = 'google_sheets' then 0 else 1 end,
                    loaded_at desc nulls last,
                    response_id
            ) as _copy_rank
        from unioned
    ) as ranked
    where _copy_rank = 1

),

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
