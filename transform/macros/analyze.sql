{#-
    analyze_built_table(): the post-hook of staging tables, marts and the tables among the
    intermediate models: `analyze` the table just built, so that the models reading it next are
    planned on statistics (docs/architecture.md, "Staging as tables"). A table built whole
    always. An incremental build that adds an hour's rows to a million (the event models, the
    SLO calendar and mart) changes no estimate, and its `analyze` still sampled the whole table:
    0.2-0.3 s each, every frequent build (bench/README.md, "`dbt.py`"). There it analyzes
    only when the rows changed since the table's last analyze exceed autovacuum's default
    threshold (50 rows and a tenth of the table: what Postgres would analyze for anyway, a
    build earlier); the rows this build wrote count from the next build on (Postgres counts
    them at commit). Elsewhere than Postgres: always.
-#}
{% macro analyze_built_table() -%}
    {%- if target.type == 'postgres' and not should_full_refresh() and is_incremental() -%}
        do $analyze$
        begin
            if (
                select coalesce(stats.n_mod_since_analyze, 0)
                    > 50 + 0.1 * greatest(coalesce(tables.reltuples, 0), 0)
                from pg_class as tables
                left join pg_stat_user_tables as stats
                    on stats.relid = tables.oid
                where tables.oid = to_regclass('{{ this }}')
            ) then
                analyze {{ this }};
            end if;
        end
        $analyze$
    {%- else -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
