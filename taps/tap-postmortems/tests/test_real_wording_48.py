"""The parser on wording it had never seen, forty-eighth round (issue 13): one test per rule.

Round 42's sealed part brought statistics breach reports: a producer's form (two "Information
needed / Response" tables) over a few paragraphs telling how a release went out early or late.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str, name: str | None = None) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), name)


def _html(body: str, name: str | None = None) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), name
    )


_FORM = (
    "<table><tr><th>Information needed</th><th>Response</th></tr>"
    "<tr><td>Relevant principle(s) and practice(s)</td><td>Circulation of statistics ahead of "
    "their publication should be restricted to eligible recipients</td></tr>"
    "<tr><td>Date of occurrence of breach</td><td>14 July 2021</td></tr></table>"
)


def test_a_table_row_does_not_open_the_paragraph_after_it():
    # The form's last row ends without a stop; run on into "At 3.19pm on 14 July, a press
    # officer circulated …", its "should be restricted" made that clock a norm's hour.
    f = _html(
        _FORM + "<p>At 3.19pm on 14 July, a press officer circulated the unpublished figures "
        "to a colleague not on the pre-release list.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 7, 14, 15, 19, tzinfo=UTC)


def test_minutes_later_is_the_moment_before_plus_the_lapse_and_an_early_send_is_the_start():
    # "This was due to be sent … at 9.30am … this was sent at around 8:50am (40 mins earlier
    # than it should have been). The team lead noticed around 10 minutes later.": the figures
    # were out at 8:50 (not at the planned 9:30), noticed at 9:00.
    f = _html(
        "<p>The e-mail was due to be sent to press colleagues at 9.30am on 27 January 2021. "
        "The time was set wrong, and it was sent at around 8:50am (40 mins earlier than it "
        "should have been).</p><p>The team lead noticed around 10 minutes later.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 1, 27, 8, 50, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 1, 27, 9, 0, tzinfo=UTC)
    # Guard: a lapse in what would have been is no moment.
    f = _html(
        "<p>At 08:50 on 27 January 2021 the export job failed and the site went down.</p>"
        "<p>A health check would have noticed around 10 minutes later.</p>"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_noticing_at_once_is_at_the_last_moment_told_when_no_clock_comes_between():
    # "At 3.19pm on 14 July, a press officer circulated the lines … (what they held; who was on
    # the list) The statistical team … were also copied into the email, and immediately
    # identified that the unpublished statistics had been circulated": noticed at 15:19 —
    # a noticing, not the cause found.
    f = _html(
        "<p>At 3.19pm on 14 July 2021, a press officer circulated lines for clearance via "
        "email. These lines included unpublished statistics. One recipient was not on the "
        "pre-release list.</p><p>The statistical team were also copied into the email, and "
        "immediately identified that the unpublished statistics had been circulated.</p>"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 7, 14, 15, 19, tzinfo=UTC)
    assert f["time_of_rca"] is None


def test_the_clause_done_at_once_before_a_later_clock_is_at_the_moment_before():
    # "the Q4 data went live at 15:22. This was 18 hours before the pre-announced release
    # time. He immediately alerted the lead statistician and changed the data back to the Q3
    # version at 15:30": the alerting was at once (15:22), the change back at 15:30.
    f = _html(
        "<p>On 9th March 2021 the final step was completed which meant that the Q4 data went "
        "live at 15:22. This was 18 hours before the pre-announced release time. He "
        "immediately alerted the lead statistician and changed the data back to the Q3 "
        "version at 15:30.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 3, 9, 15, 22, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 3, 9, 15, 22, tzinfo=UTC)


def test_a_release_due_at_0930_and_a_delay_to_the_publication():
    # "The survey was due to be released at 0930 on the 20th May 2021 … this resulted in a
    # delay of approximately 15 minutes to the publication of the statistics, with the release
    # being uploaded at ~09.45": four digits after "at" with a day after them are a clock; the
    # delay to the publication is the impact's length; the upload ends it.
    f = _html(
        "<p>The survey was due to be released at 0930 on the 20th May 2021.</p>"
        "<p>As this error was found at the point of publication this resulted in a delay of "
        "approximately 15 minutes to the publication of the statistics, with the release being "
        "uploaded at ~09.45</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 5, 20, 9, 30, tzinfo=UTC)
    assert f["stated_minutes_to_recover"] == 15
    assert f["time_of_recovery"] == datetime(2021, 5, 20, 9, 45, tzinfo=UTC)
    # Guard: four digits that count something are no clock.
    f = _html("<p>On 20 May 2021 the API failed at 1000 requests per second.</p>").fields
    assert f["time_of_first_trigger"] is None


def test_a_release_set_for_a_time_noticed_before_it_and_published_late():
    # "due to be published at 07:00 … At 06:29 the output team … informed the Publishing Team
    # that they had spotted an error … published manually at 07:03" and "preannounced for
    # release at 2pm … ICT colleagues had sent an email at 13:25pm to say they were working to
    # resolve significant issues … the reports were published at 8:15am on Friday 17
    # September": the noticing before the set time is the detection (a negative time to
    # detect, corpus rule 4), the release going out the recovery — not the post's own stamp.
    f = _html(
        "<p>The reports are preannounced for release at 2pm on 16 September 2021.</p>"
        "<p>At 2pm, a data manager attempted to push the reports to the live site. This did "
        "not work, due to a failure of the servers. (ICT colleagues had sent an email at "
        "13:25 to say they were working to resolve significant issues affecting the servers.)"
        "</p><p>The servers were restored overnight and the reports were published at 8:15am "
        "on Friday 17 September.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 9, 16, 14, 0, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 9, 16, 13, 25, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2021, 9, 17, 8, 15, tzinfo=UTC)
    # Guard: with no set time, a noticing before the start stays out of the detection.
    f = _html(
        "<p>At 2pm on 16 September 2021 the reports site went down for everyone.</p>"
        "<p>(ICT colleagues had sent an email at 13:25 to say they were working to resolve "
        "significant issues affecting the servers.)</p>"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_a_corrective_email_and_access_revoked_end_a_leak():
    # "The accidental email was sent at 19:13 on 18 October 2021 and a further corrective
    # email was sent at 19:21", "sent at around 8:50am … The team lead noticed around 10
    # minutes later. Access was revoked immediately": what leaked taken back ends the impact.
    f = _html(
        "<p>The accidental email was sent at 19:13 on 18 October 2021 and a further "
        "corrective email was sent at 19:21 on 18 October 2021.</p>"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 10, 18, 19, 21, tzinfo=UTC)
    f = _html(
        "<p>On 27 January 2021 the e-mail with the figures was sent at around 8:50am.</p>"
        "<p>The team lead noticed around 10 minutes later. Access was revoked immediately.</p>"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 1, 27, 9, 0, tzinfo=UTC)


def test_a_colleague_informing_the_one_in_charge_is_the_organisation_noticing():
    # "we circulated the pre-release email … at 9:30am on 9 June 2021 … The deputy head of
    # profession was informed of the breach by another colleague at 1pm on 9 June 2021"
    # (corpus rule 3: colleagues are the organisation).
    f = _html(
        "<p>When we circulated the pre-release email at 9:30am on 9 June 2021 a person who had "
        "changed roles was still on the list. The deputy head of profession was informed of "
        "the breach by another colleague at 1pm on 9 June 2021.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2021, 6, 9, 9, 30, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 6, 9, 13, 0, tzinfo=UTC)


def test_the_team_seeing_the_trouble_as_it_began_is_detection_at_the_start():
    # "From 4:49pm to 7.34pm on 18 June 2018 … Despite looking into the problem as soon as
    # the errors started, we struggled to identify the cause …" and "due to be released at
    # 0930 … At the point of release, it was noticed by the team … that the files had meta
    # data": no clock of its own, the noticing is at the start (time to detect 0).
    f = _html(
        "<p>From 4:49pm to 7.34pm on 18 June 2018 users could not apply for licences.</p>"
        "<p>Despite looking into the problem as soon as the errors started, we struggled to "
        "identify the cause as we could not see any change that would cause the outage.</p>"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2018, 6, 18, 16, 49, tzinfo=UTC)
    f = _html(
        "<p>The survey was due to be released at 0930 on the 20th May 2021.</p>"
        "<p>At the point of release, it was noticed by the team responsible for uploading the "
        "report that the files had meta data which included a name.</p>"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 5, 20, 9, 30, tzinfo=UTC)
    # Guard: a noticing wished for is none ("we should have looked into it as soon as the
    # errors started").
    f = _html(
        "<p>From 4:49pm to 7.34pm on 18 June 2018 users could not apply for licences.</p>"
        "<p>We should have been looking into the problem as soon as the errors started.</p>"
    ).fields
    assert f["time_of_internal_detect"] is None


def test_hours_spent_in_safe_hold_before_returning_to_operations():
    # "The weather satellite spent approximately 19 hours in a "safe hold" before returning to
    # operations at 9:45 p.m. EST Oct. 27": the impact's length, and its end.
    f = _html(
        '<p>The weather satellite spent approximately 19 hours in a "safe hold" before '
        "returning to operations at 9:45 p.m. EST Oct. 27, 1998.</p>"
    ).fields
    assert f["stated_minutes_to_recover"] == 19 * 60
    assert f["time_of_recovery"] == datetime(1998, 10, 28, 2, 45, tzinfo=UTC)


def test_a_length_that_is_the_sum_of_the_windows_beside_it_stays():
    # "For 12 minutes, all wikis were unreachable … Two spikes: from 08:24 to 08:30 UTC, and
    # from 08:39 to 08:45 UTC": 6 + 6 minutes, the writer's total.
    f = _md(
        "# MediaWiki availability\n\n## Impact\n\nFor 12 minutes, all wikis were unreachable "
        "for logged-in users. Two spikes: from 08:24 to 08:30 UTC, and from 08:39 to 08:45 UTC "
        "approximately.\n",
        "2022-03-10-mediawiki.md",
    ).fields
    assert f["stated_minutes_to_recover"] == 12
    # Guard: a length of one step beside one window that disagrees stays out (round 33d).
    f = _md(
        "# Datacenter depool\n\n## Impact\n\nFrom 20:06 to 20:48 UTC, some users had trouble "
        "connecting. For about 10 minutes, eqiad was depooled.\n",
        "2022-03-10-depool.md",
    ).fields
    assert f["stated_minutes_to_recover"] != 10
