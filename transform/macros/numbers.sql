{#-
    decimal_digits(): a subquery of the ten digits 0 … 9 in column `d`, the unit numbers() and
    join_offsets_up_to() build their integers from (plain selects: Postgres and Redshift alike).
-#}
{% macro decimal_digits() -%}
    (
        select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    )
{%- endmacro %}


{#-
    numbers(digits=4): a select of the integers 0 … 10^digits − 1 in column `n`, built from
    cross-joined digits so that it runs on Postgres and Redshift alike (Redshift's
    generate_series runs only on the leader node and cannot feed a table).
-#}
{% macro numbers(digits=4) -%}
    {%- set units = [] -%}
    {%- for i in range(digits) -%}{%- do units.append('d' ~ i ~ '.d * ' ~ (10 ** i)) -%}{%- endfor -%}
    select {{ units | join(' + ') }} as n
    from
    {%- for i in range(digits) %}
        {{ decimal_digits() }} as d{{ i }}{% if not loop.last %} cross join{% endif %}
    {%- endfor %}
{%- endmacro %}
