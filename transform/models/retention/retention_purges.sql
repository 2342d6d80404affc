-- The log of retention's purges (docs/retention.md): one row per relation a purge deleted
-- from (a raw table, or an incremental model that copies its rows), with the cutoff used.
-- `purge_raw_data` (macros/purge_raw_data.sql) appends to it; dbt only creates it, empty, and
-- never rebuilds it (`full_refresh: false`): the marts that keep history read the newest cutoff
-- per dataset here to know which periods they can no longer recompute.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
) }}

select
    cast(null as {{ dbt.type_string() }}) as dataset,
    cast(null as {{ dbt.type_string() }}) as relation_name,
    cast(null as {{ dbt.type_int() }}) as retention_days,
    cast(null as {{ dbt.type_timestamp() }}) as as_of_at,
    cast(null as {{ dbt.type_timestamp() }}) as cutoff_at,
    cast(null as {{ dbt.type_bigint() }}) as rows_deleted,
    cast(null as {{ dbt.type_timestamp() }}) as purged_at
where 1 = 0
