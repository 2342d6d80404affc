-- The service catalogue's bridge: which PagerDuty service, Sentry projects and Datadog
-- monitors, SLOs and synthetic tests make up each service.
{{ config(post_hook="{{ catalogue_statistics() }}") }}

select * from {{ ref('int_service_components_unioned') }}
