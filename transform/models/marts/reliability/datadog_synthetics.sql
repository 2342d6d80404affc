-- Datadog synthetic tests with their catalogue key (the original DataDogSynthetics).

{{ rows_with_service_key(ref('stg_datadog__synthetics_tests'), 'datadog', 'synthetics_test', 'synthetics_test_id') }}
