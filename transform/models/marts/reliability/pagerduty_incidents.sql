-- PagerDuty incidents with their service's catalogue key (the original PagerDutyIncidents).

{{ rows_with_service_key(ref('stg_pagerduty__incidents'), 'pagerduty', 'service', 'service_id') }}
