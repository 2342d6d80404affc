-- Sentry issues with their project's catalogue key (the original SentryIssues).

{{ rows_with_service_key(ref('stg_sentry__issues'), 'sentry', 'project', 'project_id') }}
