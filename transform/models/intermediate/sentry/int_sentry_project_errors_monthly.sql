-- Application errors per Sentry project per UTC month, as the scorecard counts them per service:
-- issues first seen, regressed and resolved (distinct issues) and events. An issue's facts all
-- carry its own project, so a service's distinct issues are the sum over its projects.
--
-- Incremental by month: a build recomputes only the months of the facts loaded since the last
-- one (new events, a late regression, an issue seen again), every project of those months; the
-- other months stay. A table, so that the scorecard does not count every event of the history
-- on every build.
{{ incremental_periods('month_start') }}

with

{{ sentry_error_counts('month', 'month_start') }}

select * from counts
