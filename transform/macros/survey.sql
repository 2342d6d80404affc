{#-
    Macros of the Developer Survey (docs/developer-survey.md).
-#}

{#-
    from_local_time(wall_clock, time_zone): a wall-clock `timestamp` in an IANA time zone
    (e.g. 'Europe/Berlin') as UTC without a zone, the way every model holds time. The inverse
    of to_local_time (macros/time_zones.sql). Google Forms writes response timestamps in the
    spreadsheet's own zone.
-#}
{% macro from_local_time(wall_clock, time_zone) -%}
    {{ return(adapter.dispatch('from_local_time', 'reliability')(wall_clock, time_zone)) }}
{%- endmacro %}

{% macro default__from_local_time(wall_clock, time_zone) -%}
    (({{ wall_clock }} at time zone {{ time_zone }}) at time zone 'UTC')
{%- endmacro %}

{% macro redshift__from_local_time(wall_clock, time_zone) -%}
    convert_timezone({{ time_zone }}, 'UTC', {{ wall_clock }})
{%- endmacro %}


{#-
    survey_team_match_key(expression): the key a survey's team answer and a catalogue team key
    are matched on: service_key (lower case, runs of other characters to one '-'), with a
    whole word 'and' dropped, so that 'Search and Discovery', 'search & discovery ' and the
    catalogue's 'search-discovery' meet. Applied to both sides.
-#}
{% macro survey_team_match_key(expression) -%}
    nullif(trim(both '-' from replace('-' || {{ service_key(expression) }} || '-', '-and-', '-')), '')
{%- endmacro %}


{#-
    survey_score(column): a 1-5 linear-scale answer as an integer; null when blank or when
    the cell holds anything else ('N/A', 7): survey_score_is_invalid tells the two apart.
-#}
{% macro survey_score(column) -%}
    case
        when {{ survey_score_text(column) }} in ('1', '2', '3', '4', '5')
            then cast({{ survey_score_text(column) }} as {{ dbt.type_int() }})
    end
{%- endmacro %}

{#- survey_score_is_invalid(column): true when the cell holds something that is no 1-5 answer ('N/A', 7): a malformed row, flagged and counted in data quality; false when blank or valid. -#}
{% macro survey_score_is_invalid(column) -%}
    (nullif({{ survey_score_text(column) }}, '') is not null
        and {{ survey_score_text(column) }} not in ('1', '2', '3', '4', '5'))
{%- endmacro %}

{#- The answer as text, trimmed, with a number's trailing '.0' removed (the tap may send 4.0). -#}
{% macro survey_score_text(column) -%}
    regexp_replace(trim(cast({{ column }} as {{ dbt.type_string() }})), '\.0+$', '')
{%- endmacro %}


{#-
    survey_relation_exists(relation): whether a raw table of the survey is there to read. The
    survey has two loading paths (a Google Sheet, a folder of CSV exports) and a project uses
    one, the other, both or neither, so stg_survey__responses reads what exists. Asked only
    when models are built: `dbt compile` (the offline Redshift check) has no connection and
    compiles every branch, and in a unit test source() is a fixture without schema or
    database, present by definition.
-#}
{% macro survey_relation_exists(relation) -%}
    {%- set ask = execute and flags.WHICH in ['run', 'build', 'retry'] -%}
    {%- if not ask or relation.schema is none or relation.database is none -%}
        {{ return(true) }}
    {%- endif -%}
    {{ return(adapter.get_relation(relation.database, relation.schema, relation.identifier) is not none) }}
{%- endmacro %}
