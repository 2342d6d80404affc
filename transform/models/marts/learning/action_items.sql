-- One row per follow-up action item of an incident, from both places teams keep them: the
-- postmortem's action-item table (tap-postmortems) and Datadog incident todos. Each item
-- carries its incident (incident model), service and status as of the last sync, whether it
-- is overdue on the as-of date, and — where the source dates completion — its time to close.
-- Definitions: docs/metrics.md, "Follow-up and learning".

{%- set as_of = var('as_of_date', none) %}

with

postmortem_items as (

    select * from {{ ref('stg_postmortems__action_items') }}

),

postmortems as (

    select postmortem_id, document_created_at from {{ ref('int_postmortems_joined_to_services') }}

),

datadog_todos as (

    -- A todo of a Datadog test incident (`is_test`) follows up no real incident: left out,
    -- as the test incident itself is.
    select todos.*
    from {{ ref('stg_datadog__incident_todos') }} as todos
    left join {{ ref('stg_datadog__incidents') }} as datadog_incidents
        on datadog_incidents.incident_id = todos.incident_id
    where not coalesce(datadog_incidents.is_test, false)

),

incidents as (

    select incident_key, postmortem_id, datadog_incident_id, service_key, detected_month
    from {{ ref('incidents') }}

),

unioned as (

    select
        'postmortem:' || postmortem_items.action_item_id as action_item_key,
        'postmortem' as source,
        postmortem_items.action_item_id as source_action_item_id,
        incidents.incident_key,
        postmortem_items.action_description,
        postmortem_items.owner_name,
        postmortem_items.ticket_key,
        -- The document states a status ('open', 'in progress', 'done'), or none.
        lower(trim(postmortem_items.action_status)) as action_status,
        postmortem_items.due_date,
        -- A postmortem lists its items without dating each one: they exist from the
        -- document's creation (Drive createdTime) on.
        postmortems.document_created_at as created_at,
        -- …nor the moment an item was closed: no time to close from postmortems.
        cast(null as {{ dbt.type_timestamp() }}) as completed_at
    from postmortem_items
    left join postmortems
        on postmortems.postmortem_id = postmortem_items.postmortem_id
    left join incidents
        on incidents.postmortem_id = postmortem_items.postmortem_id

    union all

    select
        'datadog:' || datadog_todos.incident_todo_id as action_item_key,
        'datadog' as source,
        datadog_todos.incident_todo_id as source_action_item_id,
        incidents.incident_key,
        datadog_todos.todo_content as action_description,
        cast(null as {{ dbt.type_string() }}) as owner_name,
        cast(null as {{ dbt.type_string() }}) as ticket_key,
        case when datadog_todos.is_completed then 'done' else 'open' end as action_status,
        datadog_todos.due_date,
        datadog_todos.created_at,
        datadog_todos.completed_at
    from datadog_todos
    left join incidents
        on incidents.datadog_incident_id = datadog_todos.incident_id

),

classified as (

    select
        unioned.*,
        incidents.service_key,
        incidents.detected_month as incident_month,
        {% if as_of -%}
        cast('{{ as_of }}' as date)
        {%- else -%}
        cast({{ dbt.current_timestamp() }} as date)
        {%- endif %} as as_of_date,
        coalesce(action_status in ('open', 'in progress', 'done'), false) as has_known_status,
        coalesce(action_status = 'done', false) as is_completed
    from unioned
    left join incidents
        on incidents.incident_key = unioned.incident_key

),

final as (

    select
        action_item_key,
        source,
        source_action_item_id,
        incident_key,
        service_key,
        incident_month,
        action_description,
        owner_name,
        ticket_key,
        action_status,
        has_known_status,
        is_completed,
        has_known_status and not is_completed as is_open,
        due_date,
        -- Overdue: known to be not done, and the due date passed before the as-of date.
        has_known_status and not is_completed and coalesce(due_date < as_of_date, false) as is_overdue,
        as_of_date,
        created_at,
        completed_at,
        {{ dbt.datediff('created_at', 'completed_at', 'second') }} as seconds_to_close
    from classified

)

select * from final
