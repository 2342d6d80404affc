-- Datadog monitors with their catalogue key (the original DataDogMonitors).

{{ rows_with_service_key(ref('stg_datadog__monitors'), 'datadog', 'monitor', 'monitor_id') }}
