"""The parser on wording it had never seen, round 87c (issue 13): lengths stated in two more ways.

The incident as the subject of "lasted", wherever the sentence stands ("The incident lasted
overall around 26 minutes" in a Recovery section, the sentence wrapped over two lines, which
the impact's lines, read line by line, missed),
and a release that went out late, told of the release itself ("the time series data was
delayed by 13 minutes", "The delay was approximately 3 minutes", "caused the scheduled release
to go live 3 minutes late", "releasing this publication late by 1-hour"): each is the stated
time to recover. A delay that is no impact's ("the deploy was delayed by two hours" in a
Response section) is not read.
Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

import pytest
from postmortems_harness import parse


def test_the_incident_lasting_is_its_length_in_any_section():
    # Written as the source wraps it: the sentence runs over two lines.
    parsed = parse(
        "# Node outage\n\nWe had an outage of our node. The\noutage lasted from around 20:20 to "
        "20:46 UTC, but was not a full service\noutage.\n\n## Impact\n\nThe bot was slow.\n\n"
        "## Recovery\n\nI restarted the node.\n\nServices gradually recovered as the "
        "dependencies started. The incident\nlasted overall around 26 minutes, though this was "
        "not a complete outage\nfor the whole time.\n"
    )
    assert parsed.fields["stated_minutes_to_recover"] == 26


@pytest.mark.parametrize(
    ("sentence", "minutes"),
    [
        ("The second collection, containing the time series, was delayed by 13 minutes.", 13),
        ("The website delay was resolved at 9.33am. The delay was approximately 3 minutes.", 3),
        ("A platform issue caused the release to go live 3 minutes late.", 3),
        ("The impact of releasing this publication late by 1-hour is negligible.", 60),
    ],
)
def test_a_release_that_went_out_late_states_its_length(sentence: str, minutes: int):
    parsed = parse(
        "# Publication delay\n\nDate: 2021-04-20\n\n## Summary\n\n"
        f"The statistics were due at 07:00. {sentence}\n"
    )
    assert parsed.fields["stated_minutes_to_recover"] == minutes


def test_a_delay_outside_the_impact_is_no_length():
    parsed = parse(
        "# Publication delay\n\nDate: 2021-04-20\n\n## Summary\n\nThe statistics were late.\n\n"
        "## Response\n\nThe fix was ready at 08:00, but the deploy was delayed by two hours.\n"
    )
    assert parsed.fields["stated_minutes_to_recover"] is None
