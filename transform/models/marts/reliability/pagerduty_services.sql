-- PagerDuty services with their catalogue key (the original PagerDutyServices).

{{ rows_with_service_key(ref('stg_pagerduty__services'), 'pagerduty', 'service', 'service_id') }}
