"""The parser on wording it had never seen, thirty-ninth round (issue 13): one test per rule.

Round 32's sealed part brought breach reports of statistics releases and public-sector
engineering write-ups, which tell an incident's moments in sentences: a colleague who saw the
trouble "contacted press office at 9.32am to report the issue", "had spotted an error". Each
test is a minimal document written for the habit (not a copy of a corpus document), and its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _report(told: str) -> Parsed:
    """A release's delay told in sentences, no timeline: the first clock is the start."""
    return _md(
        "# Delayed release of the trade figures\n\n"
        "The trade figures were released late on 3 March 2022.\n\n"
        "The release went out at 9.30am without its tables. "
        f"{told} The tables were restored at 9.50am.\n"
    )


def test_a_colleague_contacting_the_team_to_report_the_issue_is_detection():
    # "PfG Analytics branch contacted press office at 9.32am to report the issue" (uksa
    # 2021-02-25): the producer's own staff telling the team that publishes, rule 3's "team
    # member reporting what they saw themselves"; the clock's dot is no sentence's end.
    f = _report("Our analytics branch contacted the web team at 9.34am to report the issue.").fields
    assert f["time_of_internal_detect"] == datetime(2022, 3, 3, 9, 34, tzinfo=UTC)
    assert f["time_of_customer_detect"] is None


def test_staff_who_spotted_an_error_detected_it():
    # "the output team … informed the Publishing Team that they had spotted an error" (uksa
    # 2021-02-12): staff seeing the trouble themselves.
    f = _report("At 9.41am an analyst checking the tables spotted an error in them.").fields
    assert f["time_of_internal_detect"] == datetime(2022, 3, 3, 9, 41, tzinfo=UTC)


def test_a_user_contacting_the_team_to_report_it_stays_a_customer_report():
    # Guard: a user's report is tried first and stays the customer's (corpus rule 3).
    f = _report("A user contacted the web team at 9.34am to report the issue.").fields
    assert f["time_of_customer_detect"] == datetime(2022, 3, 3, 9, 34, tzinfo=UTC)
    assert f["time_of_internal_detect"] is None


def _breach(story: str, due_year: int = 2022) -> Parsed:
    """A breach report of 3 March 2022: the release practice, the release due, what happened."""
    return _md(
        "# Breach of the release practice\n\nDate: 3 March 2022\n\n"
        "Practice 6: statistics should be released to all users at 9.30am on a weekday.\n\n"
        f"The trade bulletin was due to be published at 07:00 on 3 March {due_year}. {story}\n"
    )


def test_a_release_due_at_a_clock_starts_the_delay_not_the_practice_hour():
    # "Statistics should be released to all users at 9.30am on a weekday" is a rule's hour,
    # no moment; "was due to be published at 07:00" is no post's stamp but the moment the
    # release was missed (uksa 2021-04-20, 2021-04-21): the first moment the text tells.
    f = _breach(
        "An error in the overnight run held it back, and it was published manually at 07:20."
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 3, 3, 7, 0, tzinfo=UTC)


def test_last_years_number_beside_the_storys_day_is_a_slip():
    # "due to be published at 07:00 on 12 February 2020" in a report of 12 February 2021
    # (uksa 2021-02-12): the story's day and month with the year before, a slip of the year.
    f = _breach(
        "An error in the overnight run held it back, and it was published manually at 07:20.",
        due_year=2021,
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 3, 3, 7, 0, tzinfo=UTC)
    assert f["incident_date"] == datetime(2022, 3, 3, tzinfo=UTC).date()


def test_finding_no_problem_is_no_root_cause_found():
    # Guard: "Having determined that there was no underlying problem, the timeseries
    # collection was published manually" (uksa 2021-04-20) finds no cause.
    f = _breach(
        "An error message paused the run. Having determined that there was no underlying "
        "problem, the bulletin was published manually at 07:20."
    ).fields
    assert f["time_of_rca"] is None


def test_a_release_published_by_hand_ends_the_delay():
    # "the collection was published manually at 07:03" (uksa 2021-02-12), "published
    # manually as soon as possible, at 07:13" (uksa 2021-04-20): the release the pipeline
    # failed to put out is out, by hand.
    f = _breach(
        "An error in the overnight run held it back. The bulletin was published manually at 07:20."
    ).fields
    assert f["time_of_recovery"] == datetime(2022, 3, 3, 7, 20, tzinfo=UTC)
    assert f["time_of_first_trigger"] == datetime(2022, 3, 3, 7, 0, tzinfo=UTC)


def test_a_plan_to_publish_by_hand_ends_nothing():
    # Guard: "will be published manually" is a plan, not the release out.
    f = _breach(
        "At 07:05 we decided that it will be published manually if the run fails again."
    ).fields
    assert f["time_of_recovery"] is None


def _window(happened: str, heading: str, affected: str) -> tuple[datetime, datetime]:
    """The start and recovery of a GOV.UK-style incident report's two sections."""
    f = _md(
        "# Incident report: the service\n\n## What happened\n\n"
        f"{happened}\n\n## {heading}\n\n{affected}\n"
    ).fields
    return f["time_of_first_trigger"], f["time_of_recovery"]


def test_how_users_were_affected_tells_the_impact_window():
    # GOV.UK's incident reports ("How users were affected", "How end-users were affected")
    # state the impact's window there (notify 2016-08-05): the heading asks how someone was
    # affected, an impact section in other words.
    assert _window(
        "On 5 August 2021 at 10:38am a deployment was made to production.",
        "How users were affected",
        "Some attempts to send messages between 10:38am and 10:46 were unsuccessful.",
    ) == (datetime(2021, 8, 5, 10, 38, tzinfo=UTC), datetime(2021, 8, 5, 10, 46, tzinfo=UTC))


def test_a_window_clock_with_a_dot_before_its_am():
    # "between 1am and 3.17am" (paas 2016-12-15): British prose writes the clock's dot.
    assert _window(
        "On 15 December 2021 our provider had a DNS issue.",
        "How end-users were affected",
        "Some users would have seen errors if they were accessing applications deployed on "
        "the platform between 1am and 3.17am.",
    ) == (datetime(2021, 12, 15, 1, 0, tzinfo=UTC), datetime(2021, 12, 15, 3, 17, tzinfo=UTC))


def test_a_window_in_which_changes_were_merged_is_no_impact_window():
    # Guard: two pull requests "were merged to prod between 2 AM and 2.30 AM PST on 1/20"
    # (berkeley 2022-01-20) tells when the change went in; the hubs broke later.
    f = _md(
        "# Hubs down on 2022-01-20\n\n## Summary\n\n"
        "Two pull requests were merged to prod between 2 AM and 2.30 AM on 20 January 2022. "
        "The image rebuild broke the hubs.\n"
    ).fields
    assert f["time_of_recovery"] != datetime(2022, 1, 20, 2, 30, tzinfo=UTC)
    assert f["time_of_first_trigger"] != datetime(2022, 1, 20, 2, 0, tzinfo=UTC)


def _form(occurred: str, reported: str) -> Parsed:
    """A breach report form: its rows, then the story without a day of its own."""
    return _md(
        "# Breach report\n\n"
        "| Information needed | Response |\n|---|---|\n"
        f"| Date of breach report | {reported} |\n"
        f"| Date of occurrence of breach | {occurred} |\n\n"
        "The bulletin was due to be published at 07:00. It was published manually at 07:20.\n"
    )


def test_the_date_of_occurrence_dates_the_incident_not_the_reports_date():
    # "Date of occurrence of breach | 16/09/2021" beside "Date of breach report | 20
    # September 2021" (uksa 2021-09-16): the form's day of the incident.
    f = _form("16/09/2021", "20 September 2021").fields
    assert f["incident_date"] == date(2021, 9, 16)


def test_a_slashed_day_the_form_also_writes_in_words_is_day_first():
    # Guard: "12/02/21" beside "12 February 2021" (uksa 2021-02-12) is 12 February, not
    # 2 December: the day written in words says which number is the day.
    f = _form("12/02/21", "12 February 2021").fields
    assert f["incident_date"] == date(2021, 2, 12)


def _statement(line: str) -> Parsed:
    """An organisation's statement: a heading, then the line that opens on its dateline."""
    return _md(
        f"# Statement on the mail service disruption\n\n{line}\n\n"
        "Traffic on the mail system has now returned to expected levels.\n"
    )


def test_the_day_a_dateline_line_names_after_it_is_the_storys():
    # "15 November 2016: In relation to service disruptions to NHS Mail on the morning of 14
    # November, 2016, NHS Digital has released the following statement" (nhsdigital
    # 2016-11-14): the dateline dates the statement, the day after it the disruption.
    f = _statement(
        "15 March 2022: In relation to service disruptions to the mail service on the "
        "morning of 14 March, 2022, we have released the following statement."
    ).fields
    assert f["incident_date"] == date(2022, 3, 14)


def test_a_dateline_alone_still_dates_the_story():
    # Guard: with no other day on its line, the dateline's day is the one the lead gives.
    f = _statement("15 March 2022: the mail service was disrupted for all users.").fields
    assert f["incident_date"] == date(2022, 3, 15)
