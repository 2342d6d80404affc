"""The parser on wording it had never seen, forty-ninth round (issue 13): one test per rule.

Round 43's sealed part (twelve more statistics breach reports, by producers dev had not seen)
scored date 9/12, TTD 0/4, TTR 2/6 after round 48 and joined dev. Each test is a minimal
document written for the habit (not a copy of a corpus document); its expected values are
worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(body: str) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), None
    )


def test_a_slashed_day_the_text_also_names_in_words_without_its_year_is_day_first():
    # "Date of occurrence of breach | 02/12/2021" over "issued … at 12.31pm on Thursday 2
    # December prior to publication at 9.30am on Friday 3 December": 2 December, not 12
    # February (every slashed number is 12 or under; read either way the days lie close).
    f = _html(
        "<table><tr><td>Title</td><td>Entries, to be published 3/12/2021</td></tr>"
        "<tr><td>Date of occurrence of breach</td><td>02/12/2021</td></tr></table>"
        "<p>The pre-release was issued by email at 12.31pm on Thursday 2 December prior to "
        "publication at 9.30am on Friday 3 December. The error was identified almost "
        "immediately and action was taken to correct the breach.</p>"
    ).fields
    assert f["incident_date"] == date(2021, 12, 2)
    # the set time measured by is no moment; the noticing "almost immediately" is at 12:31
    # (a noticing, not the cause found)
    assert f["time_of_first_trigger"] == datetime(2021, 12, 2, 12, 31, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 12, 2, 12, 31, tzinfo=UTC)
    assert f["time_of_rca"] is None


def test_a_set_time_told_between_is_not_what_at_once_follows():
    # "There was a breach at 11.24am on 30 March 2021 … The publication was due to be
    # published at 9.30am on 31 March 2021. This error was spotted immediately by the branch
    # and … the email to be recalled, which happened at 11.44am": spotted at 11:24, not at
    # the next day's set time.
    f = _html(
        "<p>There was a breach at 11.24am on 30 March 2021, when the unit copied in 14 "
        "recipients who were not on the list.</p><p>The publication was due to be published "
        "at 9.30am on 31 March 2021.</p><p>This error was spotted immediately by the branch "
        "and the statistician asked for the email to be recalled, which happened at "
        "11.44am.</p>"
    ).fields
    assert f["time_of_internal_detect"] == datetime(2021, 3, 30, 11, 24, tzinfo=UTC)


def test_a_label_day_with_a_british_dot_clock_and_an_error_spotted_by_someone():
    # "Date of occurrence of breach | 11th August 2021 at 1.31pm"; "In acknowledging the
    # submission at 1.31pm, the office copied in a mailbox … The error was spotted by the Lead
    # Statistician at 1.38pm": the label's day is read (a dot before "pm" is a clock's), and
    # a colleague spotting the error is the organisation noticing (TTD 7).
    f = _html(
        "<table><tr><td>Date of breach report</td><td>12th August 2021</td></tr>"
        "<tr><td>Date of occurrence of breach</td><td>11th August 2021 at 1.31pm</td></tr>"
        "</table><p>In acknowledging the submission at 1.31pm, the private office copied in "
        "a mailbox that had not been granted pre-release access.</p><p>The error was spotted "
        "by the Lead Statistician at 1.38pm who immediately contacted the recipients.</p>"
    ).fields
    assert f["incident_date"] == date(2021, 8, 11)
    assert f["time_of_first_trigger"] == datetime(2021, 8, 11, 13, 31, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2021, 8, 11, 13, 38, tzinfo=UTC)


def test_data_published_in_error_then_removed_and_replaced_with_the_correct():
    # "A major release was scheduled to be published at 09:30 on 28 September 2020 … On 26
    # August 2020 at 09:30 a minor release was due to be published but instead a near-final
    # version of the major release was published in error. The issue was identified at 10:42
    # at which point the data was removed and replaced with the correct minor update": impact
    # from 09:30 on 26 August (not the set time a month on) to 10:42.
    f = _html(
        "<table><tr><td>Date of occurrence of breach</td><td>26 August 2020</td></tr></table>"
        "<p>A major release was scheduled to be published at 09:30 on 28 September 2020.</p>"
        "<p>On 26 August 2020 at 09:30 a minor release was due to be published but instead a "
        "near-final version of the major release was published in error. The issue was "
        "identified at 10:42 at which point the data was removed and replaced with the "
        "correct minor update.</p>"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2020, 8, 26, 9, 30, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2020, 8, 26, 10, 42, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2020, 8, 26, 10, 42, tzinfo=UTC)


def test_an_email_recalled_ends_the_leak_and_a_weekday_settles_a_labels_year():
    # "asked for the email to be recalled, which happened at 11.44am"; "Date of occurrence of
    # breach | 23/09/2020" over "For the weekly update on Thursday 23rd September 2021 …":
    # 23 September 2021 was a Thursday (2020's a Wednesday), so the label's year is a slip.
    f = _html(
        "<p>There was a breach at 11.24am on 30 March 2021, when the unit copied in 14 "
        "recipients who were not on the list. The statistician asked for the email to be "
        "recalled, which happened at 11.44am.</p>"
    ).fields
    assert f["time_of_recovery"] == datetime(2021, 3, 30, 11, 44, tzinfo=UTC)
    f = _html(
        "<table><tr><td>Date of breach report</td><td>23/09/2021</td></tr>"
        "<tr><td>Date of occurrence of breach</td><td>23/09/2020</td></tr></table>"
        "<p>For the weekly update on Thursday 23rd September 2021, there was a data issue which "
        "caused a delay in finalising the publication.</p>"
    ).fields
    assert f["incident_date"] == date(2021, 9, 23)
    # Guard: a weekday that fits the label's year leaves it ("Wednesday 23rd September 2020").
    f = _html(
        "<table><tr><td>Date of occurrence of breach</td><td>23/09/2020</td></tr></table>"
        "<p>On Wednesday 23rd September 2020 there was a data issue; a year later, on "
        "Thursday 23rd September 2021, the same check passed.</p>"
    ).fields
    assert f["incident_date"] == date(2020, 9, 23)
