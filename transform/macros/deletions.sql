{#-
    Deletions at the vendor (docs/retention.md, "Deletions").

    The inventory streams (PagerDuty services and users, Datadog monitors, GitHub
    repositories) are full syncs, and the taps record each *complete* one in their
    `inventory_syncs` table (reliability_tap_runtime.inventory): the stream, when the sync
    started and completed, and how many distinct keys it emitted. An object that a complete
    sync did not read (its row was last read before that sync started) was deleted at the
    vendor. An interrupted sync records nothing, so it marks nothing.
-#}

{#-
    inventory_syncs(source_name): the source's `inventory_syncs` table. On Postgres, a raw
    schema loaded before the taps recorded their syncs has none: an empty stand-in then (no
    sync is known complete, nothing is marked deleted) rather than a failed build. Not
    looked up on other warehouses (the offline Redshift compile has no connection) nor in
    unit tests (which give it).
-#}
{% macro inventory_syncs(source_name) -%}
    {%- set relation = source(source_name, 'inventory_syncs') -%}
    {%- if execute and target.type == 'postgres' and not model.unique_id.startswith('unit_test.')
        and adapter.get_relation(relation.database, relation.schema, relation.identifier) is none -%}
        {%- set empty -%}
            (
                select
                    cast(null as {{ dbt.type_string() }}) as stream,
                    cast(null as {{ dbt.type_timestamp() }}) as sync_started_at,
                    cast(null as {{ dbt.type_timestamp() }}) as sync_completed_at,
                    cast(null as {{ dbt.type_bigint() }}) as record_count
                where 1 = 0
            )
        {%- endset -%}
        {{ return(empty) }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{#-
    inventory_key(relation, key): an object's key in `deletion_marks` — the column `key`, or
    for a list of columns (a team membership) their `surrogate_key`.
-#}
{% macro inventory_key(relation, key) -%}
    {%- if key is string -%}
        {{ relation }}.{{ key }}
    {%- else -%}
        {%- set columns = [] -%}
        {%- for column in key -%}{%- do columns.append(relation ~ '.' ~ column) -%}{%- endfor -%}
        {{ surrogate_key(columns) }}
    {%- endif -%}
{%- endmacro %}


{#-
    deletion_marks(rows, source_name, stream, key): two CTEs, `complete_syncs` and
    `deletion_marks`: the keys (`deleted_key`, see `inventory_key`; `key` is a column or a
    list of them) of the rows of `rows` — a CTE of the latest version of every object, with
    `_sdc_extracted_at` — deleted at the vendor, with `deleted_at`. Left join
    `deletion_marks` on `deleted_key = inventory_key(...)`: a row without a mark is not
    deleted. `deletion_columns()` selects the marks.
-#}
{% macro deletion_marks(rows, source_name, stream, key) -%}
complete_syncs as (

    -- The stream's complete syncs whose rows are all in the table: at least as many rows
    -- read since the sync started as it emitted. (The target writes its tables side by side,
    -- so a marker can be committed before the last rows it vouches for; such a sync counts
    -- once they are in, or never, if the load failed.)
    select
        {{ to_timestamp('syncs.sync_started_at') }} as sync_started_at,
        {{ to_timestamp('syncs.sync_completed_at') }} as sync_completed_at
    from {{ inventory_syncs(source_name) }} as syncs
    left join {{ rows }} as seen
        on {{ to_timestamp('seen._sdc_extracted_at') }} >= {{ to_timestamp('syncs.sync_started_at') }}
    where syncs.stream = '{{ stream }}'
    group by syncs.sync_started_at, syncs.sync_completed_at
    having count(seen._sdc_extracted_at) >= max(syncs.record_count)

),

deletion_marks as (

    -- Deleted: a complete sync started after the object was last read. When: the end of
    -- the first such sync (when the deletion became known; the vendor does not say).
    select
        {{ inventory_key('listed', key) }} as deleted_key,
        min(complete_syncs.sync_completed_at) as deleted_at
    from {{ rows }} as listed
    inner join complete_syncs
        on complete_syncs.sync_started_at > {{ to_timestamp('listed._sdc_extracted_at') }}
    group by {{ inventory_key('listed', key) }}

)
{%- endmacro %}


{#-
    deletion_columns(rows): `is_deleted`, `deleted_at` and `last_seen_at` of a row of `rows`
    (the CTE `deletion_marks` was given), in a select that left joins `deletion_marks`.
-#}
{% macro deletion_columns(rows='latest') -%}
        deletion_marks.deleted_at is not null as is_deleted,
        deletion_marks.deleted_at,
        -- The last time a sync read it (while it existed at the vendor).
        {{ to_timestamp(rows ~ '._sdc_extracted_at') }} as last_seen_at
{%- endmacro %}
