"""The parser on wording it had never seen, round 89 (issue 13): ends, deploys and day halves.

- A clock the text writes as where a span ends ("from the beginning of the incident through
  19:04 UTC") is no start of impact, even with start wording around it.
- Code merged is in nobody's hands until a row deploys it: with no row marking the start, a
  merge followed by its deploy starts at the deploy.
- A row that is the word "Rollback" alone is a recovery, like "rolled back".
- A clock whose half of the day is said in words ("by 3.30 that afternoon", "just after 1 in
  the morning") is that half's; "shortly after 14:00" times a sentence as "at 14:00" does.
- "back in full operation", "restores service", "normal service was resumed" say the service
  recovered.

Each test is a minimal document written for the habit (not a copy of a corpus document); its
expected values are worked out by hand from the text, never from the parser's output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from postmortems_harness import moment as _at
from postmortems_harness import parse, parse_html, row_moments

if TYPE_CHECKING:
    from tap_postmortems.fields import Parsed


def _timeline(title: str, *rows: str, after: str = "") -> Parsed:
    """A minimal report: a title, a timeline of bulleted rows in UTC, and what follows it."""
    bullets = "".join(f"- {row}\n" for row in rows)
    return parse(f"# {title}\n\n## Timeline\n\nAll times in UTC.\n\n{bullets}\n{after}")


def test_a_clock_written_as_a_spans_end_is_no_start():
    # The alert is the first row; the Fallout says until when pushes failed, not when it began.
    parsed = _timeline(
        "Auth outage 2018-01-08",
        "18:16 UTC dustin sees high-error-rate alerts from Heroku",
        "19:25 UTC dustin restarted all dynos, services recovered",
        after=(
            "## Fallout\n\nPushes from the beginning of the incident through 19:04 UTC on "
            "8 Jan failed to trigger Decision tasks.\n"
        ),
    )
    assert _at(parsed, "time_of_first_trigger") == "2018-01-08T18:16:00+00:00"


def test_a_start_the_text_states_after_the_first_row_still_counts():
    # Guard: the same document with the start said as a start ("began at 18:40") moves it.
    parsed = _timeline(
        "Auth outage 2018-01-08",
        "18:16 UTC dustin sees a deploy notice",
        "19:25 UTC dustin restarted all dynos, services recovered",
        after="## Summary\n\nAt 18:40 UTC we experienced an outage of the Auth service.\n",
    )
    assert _at(parsed, "time_of_first_trigger") == "2018-01-08T18:40:00+00:00"


@pytest.mark.parametrize(
    ("rows", "key", "expected"),
    [
        pytest.param(
            (
                "10:30 PR is merged into master",
                "10:40 Build succeeds in Heroku and is deployed to master",
                "10:48 aryx notices something is wrong and talks to the channel",
            ),
            "time_of_first_trigger",
            "2017-04-11T10:40:00+00:00",
            id="a merge followed by its deploy starts at the deploy",
        ),
        pytest.param(
            (
                "10:30 PR is merged into master",
                "10:34 Queue errors climb",
                "10:48 aryx notices something is wrong and talks to the channel",
            ),
            "time_of_first_trigger",
            "2017-04-11T10:30:00+00:00",
            # the row after the merge is a symptom: the merge row is the first one shown
            id="guard: a merge followed by no deploy stays the start",
        ),
        pytest.param(
            (
                "10:40 Deploy of the queue breaks artifact downloads",
                "10:42 Rollback",
                "10:48 aryx notices something is wrong and talks to the channel",
            ),
            "time_of_recovery",
            "2017-04-11T10:42:00+00:00",
            id="a row that is the word rollback alone is the recovery",
        ),
        pytest.param(
            (
                "10:40 Deploy of the queue breaks artifact downloads",
                "10:42 Rollback requested by the sheriffs",
            ),
            "time_of_recovery",
            None,
            id="guard: a row that asks for a rollback is no recovery",
        ),
        pytest.param(
            (
                "10:24 Icinga reports timeouts for misc2 services.",
                "11:11 John: Deploys temporary change to drop caching. Restores service.",
                "11:32 John: Reverts above change immediately after misc2 is back in service.",
            ),
            "time_of_recovery",
            "2017-04-11T11:11:00+00:00",
            id="a row that restores service is the recovery, not a later revert",
        ),
    ],
)
def test_rows_of_changes_and_their_undoing(rows: tuple[str, ...], key: str, expected: str | None):
    assert _at(_timeline("Queue breaks 2017-04-11", *rows), key) == expected


_STATEMENT = (
    "# Ambulance call handling\n\n## Statement\n\nOn Wednesday 21 July 2010, at just after 1 in "
    "the morning, the centre in Inverness started to experience disruption due to a fault in "
    "its telephony system. Throughout the day the service worked to resolve the situation, "
    "and all centres were back in full operation by 3.30 that afternoon.\n"
)


def test_a_clock_whose_half_of_the_day_is_said_in_words_is_that_halfs():
    parsed = parse(_STATEMENT)
    assert _at(parsed, "time_of_first_trigger") == "2010-07-21T01:00:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2010-07-21T15:30:00+00:00"


def test_shortly_after_a_clock_times_the_sentence():
    parsed = parse(
        "# Mail delays\n\nDate: 2010-07-21\n\n## Summary\n\nShortly after 14:00 UTC the mail "
        "queues started to grow. Normal service was resumed at 14:45 UTC.\n"
    )
    assert _at(parsed, "time_of_first_trigger") == "2010-07-21T14:00:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2010-07-21T14:45:00+00:00"


def _wikitech(title: str, *cells: tuple[str, str]) -> Parsed:
    """A Wikitech-style report: its page name, an infobox of label/value pairs, a summary."""
    rows = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>\n" for label, value in cells)
    return parse_html(
        f"<html><body><h1>Incidents/{title}</h1>\n<h2>Summary and Metadata</h2>\n"
        f'<table class="infobox">\n{rows}</table>\n<p>Summary: graphite lost data.</p>\n'
        "<h2>Timeline</h2>\n<p>All times in UTC.</p>\n</body></html>",
    )


def test_a_moment_label_that_names_its_zone_first_is_that_moments():
    # Wikitech's template since 2021: "UTC Start Timestamp:" / "UTC End Timestamp".
    parsed = _wikitech(
        "2021-10-29 graphite",
        ("Incident ID", "2021-10-29 graphite"),
        ("UTC Start Timestamp:", "2021-10-21 10:24:00"),
        ("UTC End Timestamp", "(no end- data lost forever. Mitigated on: 2021-12-13, 09:12:00)"),
    )
    assert _at(parsed, "time_of_first_trigger") == "2021-10-21T10:24:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2021-12-13T09:12:00+00:00"
    assert parsed.fields["incident_date"].isoformat() == "2021-10-21"


@pytest.mark.parametrize(
    ("start", "day"),
    [
        pytest.param("2022-10-31", "2022-10-31", id="a day alone dates a report named later"),
        # a start field two years before is a slip or another story, not this report's day
        pytest.param("2021-01-31", "2023-02-07", id="guard: over a year before, the title's"),
    ],
)
def test_a_start_field_with_a_day_alone_dates_a_report_named_for_a_later_day(start, day):
    parsed = _wikitech(
        "2023-02-07 mediawiki.page-undelete event stream",
        ("Start", start),
        ("End", "2023-02-07"),
    )
    assert parsed.fields["incident_date"].isoformat() == day
    assert _at(parsed, "time_of_first_trigger") is None  # a day is no moment


_YEAR_SLIP = (
    "# 2023-09-20 enrich job\n\n| Field | Value |\n|---|---|\n| Start | 2023-09-19 15:00 |\n"
    "| End | 2024-09-20 12:00 |\n\n## Timeline\n\nAll times in UTC.\n\n"
    "- 2023-09-19 15:00:00 alerts fire\n- 2023-09-20 09:42:23 issue is identified\n"
    "- {last} patch has been deployed\n"
)


def test_a_recovery_a_year_on_is_read_in_the_starts_year_when_a_row_is_at_that_moment():
    parsed = parse(_YEAR_SLIP.format(last="2023-09-20 12:00:00"))
    assert _at(parsed, "time_of_recovery") == "2023-09-20T12:00:00+00:00"


def test_a_recovery_a_year_on_with_no_row_at_that_moment_is_kept_as_stated():
    # Guard: without the timeline's confirmation the year is kept (and a warning says so).
    parsed = parse(_YEAR_SLIP.format(last="2023-09-20 12:30:00"))
    assert _at(parsed, "time_of_recovery") == "2024-09-20T12:00:00+00:00"
    assert any("check the year" in w for w in parsed.warnings)


_DAY_LINES = (
    "# 2025-02-28 www redirect\n\n{fields}"
    "## Timeline\n\nAll times in UTC.\n\n27-feb:\n\n- 13:42 - deploy the Apache change\n\n"
    "28-feb:\n\n- ~3:30 excess 301 redirects start\n- 09:29 alerts on call responders\n"
)


def test_day_lines_with_the_month_joined_by_a_dash_date_the_rows_under_them():
    parsed = parse(_DAY_LINES.format(fields=""))
    assert row_moments(parsed) == [
        "2025-02-27T13:42:00+00:00",
        "2025-02-28T03:30:00+00:00",
        "2025-02-28T09:29:00+00:00",
    ]


def test_rows_under_day_lines_keep_their_days_against_a_start_field_on_another_day():
    # The start field says the 27th; the rows' own day lines say when each happened.
    fields = "| Field | Value |\n|---|---|\n| Start | 2025-02-27 03:30 |\n\n"
    parsed = parse(_DAY_LINES.format(fields=fields))
    assert [e["occurred_at"].date().isoformat() for e in parsed.timeline] == [
        "2025-02-27",
        "2025-02-28",
        "2025-02-28",
    ]
    assert _at(parsed, "time_of_first_trigger") == "2025-02-27T03:30:00+00:00"  # as it states


def test_a_clause_n_minutes_after_a_sentences_clock_is_a_moment_of_its_own():
    parsed = parse(
        "# memcached outage\n\nDate: 2013-05-08\n\n## Summary\n\nAt 13:30 UTC the switch "
        "rebooted its chassis and the rack went offline. At 13:58 UTC I removed mc1009 from the "
        "pool, and two minutes later, all services were back up.\n"
    )
    assert _at(parsed, "time_of_first_trigger") == "2013-05-08T13:30:00+00:00"
    assert _at(parsed, "time_of_recovery") == "2013-05-08T14:00:00+00:00"
