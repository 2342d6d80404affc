-- Each page (int_pagerduty_log_entries_filtered_to_pages: one per incident and person, at the
-- first notification) with the on-call it came through: an on-call of the paged person, for
-- the incident's escalation policy, covering the time of the page. One on-call per page at
-- most, so that no page is counted twice: a scheduled shift before a permanent on-call (a
-- manager who is both in the rotation and the policy's direct target), then the lowest level.
-- Pages with none (someone paged by hand, or reassigned to) are kept, not on call.

with

pages as (

    select
        page_id,
        incident_id,
        user_id,
        urgency,
        paged_at,
        is_off_hours,
        is_sleep_hours
    from {{ ref('int_pagerduty_log_entries_filtered_to_pages') }}

),

incidents as (

    select incident_id, escalation_policy_id from {{ ref('stg_pagerduty__incidents') }}

),

oncalls as (

    select * from {{ ref('stg_pagerduty__oncalls') }}

),

candidates as (

    select
        pages.page_id,
        oncalls.oncall_id,
        oncalls.is_permanent,
        row_number() over (
            partition by pages.page_id
            order by oncalls.is_permanent, oncalls.escalation_level, oncalls.oncall_id
        ) as candidate_rank
    from pages
    inner join incidents
        on incidents.incident_id = pages.incident_id
    inner join oncalls
        on oncalls.user_id = pages.user_id
        and oncalls.escalation_policy_id = incidents.escalation_policy_id
        and (
            oncalls.is_permanent
            or (
                pages.paged_at >= oncalls.started_at
                and (oncalls.ended_at is null or pages.paged_at < oncalls.ended_at)
            )
        )

),

final as (

    select
        pages.page_id,
        pages.incident_id,
        pages.user_id,
        pages.urgency,
        pages.paged_at,
        pages.is_off_hours,
        pages.is_sleep_hours,
        candidates.oncall_id,
        (candidates.oncall_id is not null and not candidates.is_permanent) as is_on_shift,
        coalesce(candidates.is_permanent, false) as is_direct_target
    from pages
    left join candidates
        on candidates.page_id = pages.page_id
        and candidates.candidate_rank = 1

)

select * from final
