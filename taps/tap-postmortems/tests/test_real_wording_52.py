"""The parser on wording it had never seen, fifty-second round (issue 13): one test per rule.

From round 45's satellite operators' notices (now in dev): a form whose labels sit over their
values, a title that ends with the notice's own issue stamp, four-digit clocks, a clock with
the Zulu mark glued on, and an instrument's anomaly told in the operators' words. Each test is
a minimal document written for the habit (not a copy of a corpus document); its expected
values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(body: str) -> Parsed:
    return parse_document(
        read_document(f"<html><body>{body}</body></html>", html=True), ParseOptions(), None
    )


def test_a_form_s_label_over_its_value_and_an_issue_stamp_in_the_title():
    # "Product Anomaly, Sounder Degradation, Issued: February 19, 2010 1800 UTC" over a form
    # whose "Date/Time of Initial Impact:" line has "February 12, 2010" under it: the title's
    # only day is when the notice went out; impact began on the 12th.
    f = _html(
        "<h1>Product Anomaly, Sounder Degradation, Issued: February 19, 2010 1800 UTC</h1>"
        "<h2>Sounder Degradation</h2>"
        "<p>Date/Time Issued:<br>February 19, 2010, 1800 UTC</p>"
        "<p>Date/Time of Initial Impact:<br>February 12, 2010</p>"
        "<p>Details/Specifics of Change:</p><p>Users reported gaps in the images.</p>"
    ).fields
    assert f["incident_name"] == "Product Anomaly, Sounder Degradation"
    assert f["incident_date"] == date(2010, 2, 12)


def test_a_title_s_day_before_a_hyphenated_issue_stamp_and_four_digit_clocks():
    # "…, Spin State Anomaly, 7 June 2009-Issued: 8 June 2009, 1520 UTC": the day before the
    # stamp is the incident's. "At 2000 UTC of 7 June 2009 … the instrument was detected in
    # MOTOR SPIN STATE. The anomaly apparently began around 1847 UTC resulting in the loss of
    # data until the instrument was commanded back to scan mode around 2000 UTC": start
    # 18:47, detection and recovery 20:00 (73 minutes each).
    f = _html(
        "<h1>Outage Anomaly, Sounder, Spin State Anomaly, 7 June 2009-Issued: 8 June 2009, "
        "1520 UTC</h1><p>At 2000 UTC of 7 June 2009, on a contact at the ground station, the "
        "instrument was detected in MOTOR SPIN STATE. The anomaly apparently began around 1847 "
        "UTC resulting in the loss of data until the instrument was commanded back to scan "
        "mode around 2000 UTC.</p>"
    ).fields
    assert f["incident_date"] == date(2009, 6, 7)
    assert f["time_of_first_trigger"] == datetime(2009, 6, 7, 18, 47, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2009, 6, 7, 20, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2009, 6, 7, 20, 0, tzinfo=UTC)


def test_a_clock_with_the_zulu_mark_glued_on_and_a_motor_acting_erratically():
    # A quoted notice, "At approximately 07:00Z on 17 Sept, the scan motor current began to act
    # erratically", issued the next day: impact began at 07:00 UTC on the 17th.
    f = _html(
        "<h1>Scan Motor Anomaly, 18 September 2003 - Issued: 18 September 2003; 1800 UTC</h1>"
        "<p>The operations centre issued the following notice:</p>"
        '<p>"At approximately 07:00Z on 17 Sept, the scan motor current began to act '
        'erratically. As of this writing, it has not returned to nominal."</p>'
    ).fields
    assert f["time_of_first_trigger"] == datetime(2003, 9, 17, 7, 0, tzinfo=UTC)
    assert f["incident_date"] == date(2003, 9, 17)
