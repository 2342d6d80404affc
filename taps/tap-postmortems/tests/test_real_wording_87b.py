"""The parser on wording it had never seen, round 87b (issue 13): the data put right.

``time_of_reconcile`` (affected data repaired, a backlog processed) was read in 1 of the 30
dev documents whose reader dated it: its vocabulary knew "data reconciled" and "backlog
cleared" only. Teams write it as the work the outage left behind, done ("all backlog was
cleared", "The backlog of emails have all been sent", "Backfilling process for versionista2
finishes", "all pushes were handled", "Those jobs were cleared"), lost data put back ("All
objects have been restored", "Missing user events and orders are recreated", "recovers the
broken table"), derived data caught up ("The search indices are up-to-date"), the clean-up
finished and those harmed made whole ("Refunds issued to everyone that missed slots"). Data
put right is done when the last of it is: of two backfills, the later one. A plan ("decided
against trying to recover the lost data") and a claim its writer doubts ("said that backlog was
cleared, but she might have been wrong") say nothing happened.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import parse, utc


def _timed(rows: str) -> dict[str, object]:
    return parse(
        "# Mail outage\n\nDate: 2024-05-14\n\n## Timeline (UTC)\n\n"
        "- 09:10 Outgoing mail stops being delivered.\n"
        "- 09:14 An alert fires for the mail queue length.\n"
        "- 10:05 Mail delivery works again.\n"
        f"{rows}"
    ).fields


@pytest.mark.parametrize(
    "row",
    [
        "All backlog was cleared.",
        "The backlog of emails have all been sent.",
        "We had worked through the backlog of messages.",
        "Backfilling process for the archive finishes.",
        "All objects have been restored.",
        "Missing user events and orders are recreated in the database.",
        "The search indices are up-to-date.",
        "All cleanup work is complete.",
        "Refunds issued to everyone who was charged twice.",
        "Ana determined that all pushes were handled.",
        "Those jobs were cleared.",
        "Ben recovers the broken table from the replica.",
        'The "gap" was filled.',
    ],
)
def test_the_work_the_outage_left_done_is_the_reconcile(row: str):
    assert _timed(f"- 12:30 {row}\n")["time_of_reconcile"] == utc(2024, 5, 14, 12, 30)


def test_data_put_right_is_done_when_the_last_of_it_is():
    fields = _timed(
        "- 11:00 The backfilling process finishes for the first mailbox cluster.\n"
        "- 13:45 The backfilling process for the second cluster finishes.\n"
    )
    assert fields["time_of_reconcile"] == utc(2024, 5, 14, 13, 45)


@pytest.mark.parametrize(
    "row",
    [
        # a plan, not data put back
        "We decided against trying to recover the lost data, in favour of the backup.",
        # a claim its writer doubts
        "Selena said that the backlog was cleared, but she might have been wrong.",
    ],
)
def test_a_plan_or_a_doubted_claim_is_no_reconcile(row: str):
    assert _timed(f"- 12:30 {row}\n")["time_of_reconcile"] is None


@pytest.mark.parametrize(
    ("middle", "recovered"),
    [
        # said plainly, the earlier row is the recovery ...
        ("Ana says the site is back up.", utc(2024, 5, 14, 9, 40)),
        # ... doubted, it is not (the relapse words already read it so before round 87)
        (
            "Ana says the site is back up, but she might have been mistaken.",
            utc(2024, 5, 14, 10, 5),
        ),
    ],
)
def test_a_doubted_recovery_is_no_recovery(middle: str, recovered: object):
    fields = parse(
        "# Site outage\n\nDate: 2024-05-14\n\n## Timeline (UTC)\n\n"
        "- 09:10 The site stops responding.\n"
        f"- 09:40 {middle}\n"
        "- 10:05 The site is back up.\n"
    ).fields
    assert fields["time_of_recovery"] == recovered
