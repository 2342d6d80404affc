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

import pytest
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


#: Pelican posts whose metadata opens the file: pyladiesbr 2019-11-14 and 2020-10-01 ("Date:"
#: is the publication, days after the day the Portuguese title writes) and pineblog 2020-02-17
#: ("published: Mon, 17 Feb 2020 at 04:57 AM", the day of the outage, not a moment of it).
PELICAN_POSTS = {
    "pt-2019": (
        (
            "Title: Post Mortem: Incidente de 14 de Novembro de 2019 - Quebra de build\n"
            "Slug: post-mortem-14-nov\nDate: 2019-11-17 11:58:00\nTags: pelican, build\n\n"
            "## Resumo\nO build do ambiente de staging quebrou. Foi resolvido em 17 de Novembro.\n"
        ),
        date(2019, 11, 14),
    ),
    "pt-2020": (
        (
            "Title: Post Mortem: Incidente de 01 de Outubro de 2020 - Quebra de build\n"
            "Slug: post-mortem-01-10-2020\nDate: 2020-10-02 17:34:00\nAuthor: PyLadies Brasil\n\n"
            "O build do site quebrou. Foi resolvido dia 01 de Outubro ao renovar a chave SSH.\n"
        ),
        date(2020, 10, 1),
    ),
    "published": (
        (
            "slug: pineblog-downtime-post-mortem\npublished: Mon, 17 Feb 2020 at 04:57 AM\n"
            "title: Pine.blog Downtime Post-Mortem\ntags: postmortem\n\n"
            "Pine.blog was down for a while today (~6 hours). The site is back up.\n"
        ),
        date(2020, 2, 17),
    ),
    # The same title's day in Spanish and German: "3 de marzo de 2021", "14. März 2020".
    "es": (
        "# Caída del servicio, 3 de marzo de 2021\n\nEl servicio estuvo caído.\n",
        date(2021, 3, 3),
    ),
    "de": ("# Ausfall am 14. März 2020\n\nDer Dienst war nicht erreichbar.\n", date(2020, 3, 14)),
}


@pytest.mark.parametrize("case", PELICAN_POSTS)
def test_a_posts_metadata_and_a_title_in_another_language(case):
    post, day = PELICAN_POSTS[case]
    p = parse(post)
    assert p.fields["incident_date"] == day
    # The metadata's "Date:" / "published:" is no moment of the incident.
    assert p.fields["time_of_first_trigger"] is None


def test_the_title_keeps_its_words():
    p = parse(PELICAN_POSTS["pt-2019"][0])
    assert p.fields["incident_name"].startswith("Incidente de 14 de Novembro de 2019")


def test_a_lead_that_dates_the_incident_in_spanish():
    post = "# Caída del servicio\n\nEl 3 de marzo de 2021, el servicio tuvo un outage.\n"
    assert parse(post).fields["incident_date"] == date(2021, 3, 3)


def test_a_monitor_that_reacted_within_a_length_of_the_outage():
    # shallowbrook 2024-06-04 (Bloggulus): "Despite my UptimeRobot monitor going red within 5
    # minutes of the outage, I have the notifications configured to be sent to my primary
    # email address." — the stated time to detect is 5 minutes.
    post = (
        "# Bloggulus Outage\n\nOn June 4, 2024, Bloggulus was down for just under 7 hours.\n\n"
        "Despite my UptimeRobot monitor going red within 5 minutes of the outage, I have the "
        "notifications configured to be sent to my primary email address.\n"
    )
    p = parse(post)
    assert p.fields["stated_minutes_to_detect"] == 5
    # Counter-case: a length "of the outage" with no monitor, alert or page is no detection.
    post = "# Outage\n\nWe restored service within 50 minutes of the outage.\n"
    assert parse(post).fields["stated_minutes_to_detect"] is None
