{#-
    one_to_one(relation, left_key, right_key, distance): from candidate pairs, keep each pair
    that is both the nearest `right_key` of its `left_key` and the nearest `left_key` of its
    `right_key` (ties broken by key), so that no record is linked twice. A pair that loses on
    either side is dropped rather than re-matched: a wrong link is worse than none.
-#}
{% macro one_to_one(relation, left_key, right_key, distance) -%}
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ left_key }} order by {{ distance }}, {{ right_key }}
            ) as left_rank,
            row_number() over (
                partition by {{ right_key }} order by {{ distance }}, {{ left_key }}
            ) as right_rank
        from {{ relation }}
    ) as ranked
    where left_rank = 1 and right_rank = 1
{%- endmacro %}
