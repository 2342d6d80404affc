"""The parser on wording it had never seen, eighty-fifth round (issue 13): one test per rule.

From dev's detections that the parser only assumed (the first row taken for want of one),
which the incidents mart therefore measured nothing from: a monitor named with what it is
("DataDog monitoring reports issues with hub.foundries.io", "Our monitoring system reported an
issue"), a monitor that "warns" or "notifies us" that something is unreachable (Peerio's
Nagios and HighWayToHell), a status page's first update in which the team says what it sees
("*Investigating* - We are seeing server errors", the Open Computing Facility), and the
on-duty staff reporting ("Sheriffs reported issue with update tasks", Mozilla). The corpus
README's rule 1 makes a monitor's alert internal detection, rule 3 a team member reporting
what they saw. Each test is a minimal document written for the habit (not a copy of a corpus
document); its expected values are worked out by hand from the text, never from the parser's
output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import parse, utc


def _timeline(first: str, later: str = "Restarted the registry; errors stop.") -> str:
    return (
        "# Registry errors\n\nDate: 2024-03-05\n\n## Timeline (UTC)\n\n"
        f"- 10:02 {first}\n- 10:20 Found the stuck node.\n- 10:41 {later}\n"
    )


@pytest.mark.parametrize(
    "row",
    [
        "DataDog monitoring reports issues with hub.example.io",
        "Our monitoring system reported an issue with app.example.io not being reachable.",
        "Nagios warns us a front load balancer is unreachable",
        "HighWayToHell notifies us one of our front workers is unreachable",
        "Sheriffs reported issue with update tasks on the release branch",
    ],
)
def test_a_monitor_or_the_on_duty_staff_reporting_it_is_the_detection(row: str):
    # The row at 10:02 is the team's own signal: detection at 10:02, marked, not assumed, and
    # so a time to detect of 0 that the incidents mart counts.
    parsed = parse(_timeline(row))
    assert parsed.fields["time_of_internal_detect"] == utc(2024, 3, 5, 10, 2)
    assert not parsed.fields["time_of_internal_detect_assumed"]


def test_monitoring_reporting_health_again_is_no_detection():
    # "Our internal monitoring reports all systems are reachable again" at 10:41 tells the
    # recovery: the detection is not there (nothing else marks one, so it is only assumed).
    parsed = parse(
        _timeline(
            "Uploads begin to fail for some users.",
            "Our internal monitoring reports all systems are reachable again.",
        )
    )
    assert parsed.fields["time_of_internal_detect"] != utc(2024, 3, 5, 10, 41)
    assert parsed.fields["time_of_recovery"] == utc(2024, 3, 5, 10, 41)


_STATUS = (
    "---\ntitle: Website errors\ndate: 2024-03-05 14:55:00\nresolved: true\n"
    "resolvedWhen: 2024-03-05 15:18:00\nseverity: down\nsection: issue\n---\n\n"
    '*Update* - This incident has been resolved. {{{{< track "2024-03-05 15:18:00" >}}}}\n\n'
    '*Investigating* - {first} {{{{< track "2024-03-05 14:55:00" >}}}}\n'
)


def test_a_status_updates_we_are_seeing_errors_is_the_teams_detection():
    # The team's first update says what it sees itself at 14:55, the start: detection at the
    # start, a time to detect of 0.
    parsed = parse(_STATUS.format(first="We are seeing server errors for website access."))
    assert parsed.fields["time_of_internal_detect"] == utc(2024, 3, 5, 14, 55)
    assert parsed.fields["time_of_first_trigger"] == utc(2024, 3, 5, 14, 55)


def test_we_are_seeing_improvement_is_no_detection():
    # What the team sees getting better is no detection; nothing else is one.
    parsed = parse(_STATUS.format(first="We are seeing improvement in website access."))
    assert parsed.fields["time_of_internal_detect"] is None
