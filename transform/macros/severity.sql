{#-
    normalised_severity(expression): 'SEV1' … 'SEV5' from the ways sources write it — a
    postmortem's 'SEV-2', 'Sev 2', 'sev2', Datadog's 'SEV-2', PagerDuty's priority 'P2' — or
    null when it is none of them ('UNKNOWN', '', null).
-#}
{% macro normalised_severity(expression) -%}
    case
        when upper(replace(replace({{ expression }}, '-', ''), ' ', '')) in ('SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5')
            then upper(replace(replace({{ expression }}, '-', ''), ' ', ''))
        when upper({{ expression }}) in ('P1', 'P2', 'P3', 'P4', 'P5')
            then 'SEV' || substr(upper({{ expression }}), 2, 1)
    end
{%- endmacro %}
