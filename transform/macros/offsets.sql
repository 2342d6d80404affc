{#-
    join_offsets_up_to(span, digits=4, alias='offset_days'): join clauses that give each row of
    the query's FROM one row per integer 0 … `span` (a SQL expression of that row, at most
    10^digits − 1), whose value offset_value() gives. The same digits as numbers()
    (decimal_digits()), but joined one digit at a time from the highest, each join keeping only
    the prefixes that can still stay within `span`: a row with a span of 2 meets ~40 candidate
    numbers instead of all 10,000 (on the bench world the SLO calendar compared 10 million pairs
    to fill 3,064 days). Portable: plain joins, no generate_series (Redshift runs that on the
    leader node only).
-#}
{% macro join_offsets_up_to(span, digits=4, alias='offset_days') -%}
    {%- set prefix = [] -%}
    {%- for i in range(digits - 1, -1, -1) %}
    inner join {{ decimal_digits() }} as {{ alias }}_d{{ i }}
        {%- do prefix.append(alias ~ '_d' ~ i ~ '.d * ' ~ (10 ** i)) %}
        on {{ prefix | join(' + ') }} <= {{ span }}
    {%- endfor %}
{%- endmacro %}


{#- offset_value(digits=4, alias='offset_days'): the number join_offsets_up_to() gives a row. -#}
{% macro offset_value(digits=4, alias='offset_days') -%}
    {%- set parts = [] -%}
    {%- for i in range(digits - 1, -1, -1) -%}
        {%- do parts.append(alias ~ '_d' ~ i ~ '.d * ' ~ (10 ** i)) -%}
    {%- endfor -%}
    ({{ parts | join(' + ') }})
{%- endmacro %}
