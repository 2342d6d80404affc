-- What each postmortem says was affected: one row per (entity, product) (was AffectedProducts).

select * from {{ ref('stg_postmortems__affected_products') }}
