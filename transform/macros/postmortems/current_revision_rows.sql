{#-
    current_revision_rows(child_relation, postmortems_relation): the rows of a postmortem
    child table (affected products, root causes, timeline events, action items) that belong to
    the latest revision of their document. tap-postmortems re-sends every child row when a
    document is edited, keyed (document_id, position); an edit that removes an item leaves the
    old revision's extra rows behind in an upserting target. Each child row carries the
    `modified_time` of the revision it was read from, so only rows matching the document's
    latest `modified_time` are kept (de-duplicated by key first, keeping the latest load).
-#}
{% macro current_revision_rows(child_relation, postmortems_relation) -%}
    select child.*
    from (
        {{ latest_records(child_relation, ['document_id', 'position']) }}
    ) as child
    inner join (
        {{ latest_records(postmortems_relation, ['document_id']) }}
    ) as document
        on document.document_id = child.document_id
        and document.modified_time = child.modified_time
{%- endmacro %}
