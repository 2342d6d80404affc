"""The parser on wording it had never seen, seventy-ninth round (issue 13): one test per rule.

From sealed part 75 (now in dev): an incident report's timeline table whose "Time" column
writes clocks without their colon ("0730") beside an "Event Type" column that classifies each
row; an aim ("prioritises getting the service back up") and a failure ("fails to spin back up")
that are no recovery; a WML page's source (the Debian web site's News), its title and day in
"<define-tag …>" lines.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document
from tap_postmortems.sources import sniff


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


_REPORT = """# Incident Report - March 5th, 2019

### Timeline

_All times in UTC._

| Time | Event Type | Description |
| ---- | ---------- | ----------- |
| 0915 | `app event` | Builds start failing for every tenant. |
| 0925 | `automated` | An alert fires: the build pipeline error rate is above its threshold. |
| 0940 | `operator` | The operator prioritises getting the service back up and running. |
| 1005 | `scheduled` | The `tools` cluster fails to spin back up. |
| 1110 | `operator` | The operator calls the end of incident: builds pass again. |
"""


def test_colonless_clocks_under_a_time_header_are_the_rows_times():
    # "0915" … "1110" under "Time" are 09:15 … 11:10 UTC on 5 March 2019.
    parsed = _md(_REPORT)
    times = [e["occurred_at"] for e in parsed.timeline]
    assert times[0] == datetime(2019, 3, 5, 9, 15, tzinfo=UTC)
    assert times[-1] == datetime(2019, 3, 5, 11, 10, tzinfo=UTC)


def test_the_description_not_the_event_type_is_the_rows_event():
    # The alert at 09:25 is the detection: its words are in "Description", not "Event Type".
    f = _md(_REPORT).fields
    assert f["time_of_internal_detect"] == datetime(2019, 3, 5, 9, 25, tzinfo=UTC)


def test_an_aim_and_a_failure_to_come_back_are_no_recovery():
    # "prioritises getting the service back up" (09:40) is an aim; "fails to spin back up"
    # (10:05) a failure: the end of incident at 11:10 is the recovery.
    f = _md(_REPORT).fields
    assert f["time_of_recovery"] == datetime(2019, 3, 5, 11, 10, tzinfo=UTC)


def test_a_year_under_a_date_header_is_no_clock():
    # Counter-case: "2019" in a "Date" column is a year, not 20:19.
    parsed = _md(
        "# Mirror outage\n\n## Timeline\n\n| Date | Event |\n| --- | --- |\n"
        "| 2019 | The mirror went down. |\n"
    )
    assert [e["occurred_at"] for e in parsed.timeline] == [None]


_WML = """<define-tag pagetitle>Mail Host Downtime</define-tag>
<define-tag release_date>2004-03-02</define-tag>
#use wml::debian::news
# $Id: 20040302.wml,v 1.2 2014/04/30 09:21:54 pabs Exp $

<p>Yesterday around 15:00 UTC the host that runs the mailing lists crashed. The
lists were unavailable until the machine was rebooted.</p>
"""


def test_a_wml_page_is_html_named_and_dated_by_its_tags():
    # The tags name the item and date it (2 March 2004); "Yesterday around 15:00 UTC" is
    # 1 March at 15:00.
    assert sniff(_WML.encode()) == "text/html"
    parsed = parse_document(read_document(_WML, html=True), ParseOptions(), None)
    assert parsed.fields["incident_name"] == "Mail Host Downtime"
    assert parsed.fields["incident_date"].isoformat() == "2004-03-01"
    assert parsed.fields["time_of_first_trigger"] == datetime(2004, 3, 1, 15, 0, tzinfo=UTC)
