"""The parser on wording it had never seen, forty-first round (issue 13): one test per rule.

Each test is a minimal document written for the habit (not a copy of a corpus document), and
its expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _deploy_then_errors(recovery_row: str) -> Parsed:
    return _md(
        "# Post-Mortem: Project deletion broken on March 3, 2022\n\n"
        "On March 3 a database migration broke deleting projects, a service degradation "
        "for 1 hour and 30 minutes.\n\n"
        "## Timeline (times in UTC)\n\n"
        "- 09:00 We triggered a deployment which included the database migration\n"
        "- 09:40 We noticed database exceptions in our error tracker and started to investigate\n"
        "- 10:00 We decided against a rollback\n"
        f"- 10:28 {recovery_row}\n"
        "- 11:30 We continued to investigate the root cause\n"
    )


def test_a_service_that_returned_to_a_normal_state_recovered():
    # "11:47 Miraculously the service returned to a normal state" (obs 2021-05-06): "returned
    # to normal" with an article between. With the recovery read, the stated 1 h 30 min runs
    # from the deployment (09:00 -> 10:28 is 88 min), not from the first error seen (09:40):
    # the deployment is the start and the error tracker the detection, 40 minutes on.
    f = _deploy_then_errors("Miraculously the service returned to a normal state").fields
    assert f["time_of_recovery"] == datetime(2022, 3, 3, 10, 28, tzinfo=UTC)
    assert f["time_of_first_trigger"] == datetime(2022, 3, 3, 9, 0, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2022, 3, 3, 9, 40, tzinfo=UTC)


def test_a_normal_state_not_returned_to_is_no_recovery():
    # Guard: a row that only names the normal state ("compared it with a normal state") says
    # nothing came back; the recovery is then derived from the stated length, not that row.
    f = _deploy_then_errors("We compared the indexes with a normal state").fields
    assert f["time_of_recovery"] != datetime(2022, 3, 3, 10, 28, tzinfo=UTC)
