-- What each postmortem says was affected: one row per (entity, product) (was AffectedProducts).

with

source_rows as (

    select * from {{ ref('stg_postmortems__affected_products') }}

)

select
    affected_product_id,
    postmortem_id,
    position_in_document,
    entity_name,
    product_name,
    document_modified_at,
    loaded_at
from source_rows
