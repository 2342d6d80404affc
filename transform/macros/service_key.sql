{#-
    service_key(expression): the catalogue key a name or slug matches on: lower case, every run
    of characters other than a-z and 0-9 turned into one '-', no leading or trailing '-'.
    'Checkout API', 'checkout-api' and 'checkout_api' all give 'checkout-api'.
-#}
{% macro service_key(expression) -%}
    {{ return(adapter.dispatch('service_key', 'reliability')(expression)) }}
{%- endmacro %}

{% macro default__service_key(expression) -%}
    nullif(trim(both '-' from regexp_replace(lower({{ expression }}), '[^a-z0-9]+', '-', 'g')), '')
{%- endmacro %}

{% macro redshift__service_key(expression) -%}
    {#- Redshift's regexp_replace replaces every match; it takes no 'g' flag. -#}
    nullif(trim(both '-' from regexp_replace(lower({{ expression }}), '[^a-z0-9]+', '-')), '')
{%- endmacro %}
