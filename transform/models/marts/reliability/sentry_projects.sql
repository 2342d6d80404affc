-- Sentry projects with their catalogue key (the original SentryProjects).

{{ rows_with_service_key(ref('stg_sentry__projects'), 'sentry', 'project', 'project_id') }}
