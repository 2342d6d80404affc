"""The parser on real wording, eleventh round (issue 13): one test per rule.

Each test quotes the wording of a real postmortem of the development corpus (named in the
comment) in the smallest timeline that shows it; expected values are worked out by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tap_postmortems.document import from_markdown
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def parse(markdown: str, name: str | None = None) -> Parsed:
    return parse_document(from_markdown(markdown), ParseOptions(), name)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def moment_after(field: str, *rows: str) -> datetime | None:
    """``field`` as read from a timeline of these rows."""
    timeline = "".join(f"- {row}\n" for row in rows)
    return parse(f"# Outage\n\n## Timeline\n\n{timeline}").fields[field]


def test_a_recovery_for_most_users_yields_to_the_all_clear():
    # berkeley 2017-02-09: "Most users are back online now!" at 10:45 is a part of the users;
    # "All clear given for datahub.berkeley.edu" at 11:17 is the service's return.
    rows = (
        "2017-02-09 00:25 Following exception shows up in hub logs: OperationalError",
        (
            "2017-02-09 10:45 A script is run that populates cookie_id for all users, and restarts "
            "the hub. Most users are back online now! More users start testing."
        ),
        "2017-02-09 10:53 User with a '.' in their name reports an empty home directory.",
        "2017-02-09 11:17 All clear given for datahub.berkeley.edu",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2017, 2, 9, 11, 17)
    # With no later row that says more, the part is still the recovery.
    assert moment_after("time_of_recovery", *rows[:3]) == utc(2017, 2, 9, 10, 45)


def test_a_node_back_up_that_halts_again_is_no_recovery():
    # galaxyeu 2018-09-20: the head node comes back twice and fails again each time; the
    # service's return is "Galaxy is back online" at 18:21.
    rows = (
        "2018-09-20 12:00 Galaxy's influence became unresponsive.",
        "2018-09-20 13:31 Node is back up, immediately halts itself again.",
        (
            "2018-09-20 14:18 We get the node back up and prevent future shutdowns, but then one "
            "of the filesystems fails to mount."
        ),
        "2018-09-20 18:21 Galaxy is back online.",
    )
    assert moment_after("time_of_recovery", *rows) == utc(2018, 9, 20, 18, 21)


def test_a_deploy_successful_except_on_production_is_no_recovery():
    # mybinder 2018-04-18: "This deploy is successful except on production" (11:07 CEST),
    # "Deploy is successful, but took close to half an hour. Memory leak is not fixed."
    # (11:27); "everything is okay again" (11:47) is the recovery.
    rows = (
        "2018-04-18 11:30 Launch success drops to zero.",
        "2018-04-19 09:07 This deploy is successful except on production, due to another bug.",
        (
            "2018-04-19 09:27 Deploy is successful, but took close to half an hour. Memory leak is "
            "not fixed."
        ),
        (
            "2018-04-19 09:47 Only the hub image is reverted. After reverting the hub image "
            "update, everything is okay again."
        ),
    )
    assert moment_after("time_of_recovery", *rows) == utc(2018, 4, 19, 9, 47)
