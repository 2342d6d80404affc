"""The parser on wording it had never seen, seventeenth round (issue 13): one test per rule.

The development corpus's remaining misses after the sixteenth round, grouped by cause. The
rules are general shapes rather than one document's phrases: a day written without its year
wherever the prose attaches it to the incident or to a clock, a source's name whose commit id
is no year, dates written in Portuguese or Spanish, lengths stated relative to the outage.
Expected values are worked out by hand from the quoted words; each comment names the
development document the wording comes from.
"""

from __future__ import annotations

from datetime import date

from postmortems_harness import parse


def test_a_day_without_its_year_that_names_the_incident():
    # cardanoorg 2025-11-21 (a digest filed as blog/2025-11-23-cardano-mainnet-incident):
    # 'Intersect published "Facts at a Glance" regarding the November 21 incident.'
    post = (
        '---\ntitle: "Cardano mainnet incident: facts at a glance"\n---\n\n'
        'Intersect published "Facts at a Glance" regarding the November 21 incident. A '
        "malformed transaction caused a temporary chain partition.\n"
    )
    name = "/blog/2025-11-23-cardano-mainnet-incident/index.md"
    assert parse(post, name).fields["incident_date"] == date(2025, 11, 21)


def test_a_commit_id_in_the_sources_address_is_no_year():
    # The same digest read under its repository address: the commit 2048a7f9… is not the
    # year of "November 21"; the dated folder's 2025 is.
    post = '---\ntitle: "Mainnet incident"\n---\n\nRegarding the November 21 incident.\n'
    name = "/cardano-org/blob/2048a7f9ed08de4a/blog/2025-11-23-cardano-mainnet-incident/index.md"
    assert parse(post, name).fields["incident_date"] == date(2025, 11, 21)


def test_a_clock_or_a_weekday_written_before_a_day_without_its_year():
    # thenotepad 2017-01-31, published 2017-02-04: "All of my websites that still use
    # Textpattern were broken from 11pm Jan 31 until about lunchtime the next day." and the
    # timeline's "Tuesday Jan 31, late evening:" before "Morning of Feb 1st:".
    post = (
        "---\ntitle: Site Incident Report\ndate: 2017-02-04\n---\n\n"
        "All of my websites were broken from 11pm Jan 31 until about lunchtime the next day.\n\n"
        "Tuesday Jan 31, late evening: I ran the upgrade.\n\n"
        "Morning of Feb 1st: I got out of bed at around eight.\n"
    )
    assert parse(post).fields["incident_date"] == date(2017, 1, 31)
    post = (
        "---\ntitle: Site Incident Report\ndate: 2017-02-04\n---\n\n"
        "Tuesday Jan 31, late evening: I ran the upgrade and the sites went down.\n\n"
        "Morning of Feb 1st: I got out of bed at around eight.\n"
    )
    assert parse(post).fields["incident_date"] == date(2017, 1, 31)
