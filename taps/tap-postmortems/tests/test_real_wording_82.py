"""The parser on wording it had never seen, eighty-second round (issue 13): one test per rule.

From sealed part 78 (now in dev), Peerio's hand-made outage log: each outage's page names it
in an element marked ``id='title'`` (its ``<title>`` is the log's); a monitor says the losses
are over ("no longer suffering from these network losses"), then "confirms losses again";
balancers "showing back healthy"; and a step under way ("starting it back up") that is not yet
the recovery.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _html(text: str) -> Parsed:
    return parse_document(read_document(text, html=True), ParseOptions(), None)


def _log(title: str, rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td><p>{at}</p></td><td><p>{text}</p></td></tr>" for at, text in rows)
    return (
        "<html><head><title>Outages</title></head><body><table><tr>"
        f"<td rowspan='9'><p id='title'>{title}</p><p>2017-03-02</p></td>"
        f"<td colspan='2'>a front balancer</td></tr>{cells}</table></body></html>"
    )


def test_an_element_named_title_names_the_document():
    # The page's <title> is the log's ("Outages"); the outage is "database outage".
    parsed = _html(_log("database outage", [("2017-03-02 04:23:00 UTC", "Nagios alerts")]))
    assert parsed.fields["incident_name"] == "database outage"


def test_losses_over_then_again_then_over_for_good():
    # 09:35 "no longer suffering" is undone by 09:55 "confirms losses again": the recovery is
    # 10:03, when they are over for good.
    f = _html(
        _log(
            "blobs partial outage",
            [
                ("2017-03-02 09:18:00 UTC", "icinga2 reports probes failing on a balancer"),
                (
                    "2017-03-02 09:35:00 UTC",
                    "Smokeping confirms we are no longer suffering from these network losses",
                ),
                (
                    "2017-03-02 09:55:00 UTC",
                    "Smokeping confirms losses again, although more discrete",
                ),
                (
                    "2017-03-02 10:03:00 UTC",
                    "Smokeping confirms we are no longer suffering from these network losses.",
                ),
            ],
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2017, 3, 2, 10, 3, tzinfo=UTC)


def test_a_restart_under_way_is_not_yet_the_recovery():
    # "starting it back up" (05:25) is a step; "balancers are showing back healthy" (05:31)
    # is the service back.
    f = _html(
        _log(
            "websocket partial outage",
            [
                ("2017-03-02 04:50:00 UTC", "Nagios notifies us a front worker is unreachable"),
                ("2017-03-02 05:25:00 UTC", "Instance shows stopped, starting it back up"),
                ("2017-03-02 05:31:00 UTC", "Our balancers are showing back healthy."),
            ],
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2017, 3, 2, 5, 31, tzinfo=UTC)


def test_an_outage_brought_to_an_end_is_the_recovery():
    # Counter-case: "bringing the outage to an end" tells the result, not a step under way.
    f = _html(
        _log(
            "hub 403",
            [
                ("2017-03-02 13:06:00 UTC", "Users start getting 403 Forbidden"),
                (
                    "2017-03-02 15:25:00 UTC",
                    "The PR has been merged and deployed, bringing the outage to an end.",
                ),
            ],
        )
    ).fields
    assert f["time_of_recovery"] == datetime(2017, 3, 2, 15, 25, tzinfo=UTC)
