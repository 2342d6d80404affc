"""The parser on wording it had never seen, sixtieth round (issue 13): one test per rule.

From sealed part 53 (now in dev), Norwegian post-mortems: the labels "Dato", "Påvisning" and
"Av", the sections "Tidslinje", "Rotårsaker" and "Aksjonspunkter", a timeline table headed
"Klokkeslett | Hendelse" with clocks written "15.15", rows said "kl 11:00?" or "10:10 ca", and
the words for an alarm, a report from user support, the first errors, a fix in production and
a service working again. Each test is a minimal document written for the habit (not a copy of
a corpus document); its expected values are worked out by hand from the text, never from the
parser's output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tap_postmortems.document import read_document
from tap_postmortems.parser import Parsed, ParseOptions, parse_document


def _md(text: str) -> Parsed:
    return parse_document(read_document(text, html=False), ParseOptions(), None)


def _at(hour: int, minute: int, day: int = 17) -> datetime:
    return datetime(2020, 2, day, hour, minute, tzinfo=UTC)


_HEAD = "# Consumer offset reset\n\n**Dato:** 17.02.2020\n\n**Av:** Kari Nordmann\n\n"


def test_a_norwegian_date_label_and_timeline_of_bare_clocks():
    # "Dato: 17.02.2020" dates the rows "16:00 - grafana blir rødt" (turns red: the team's own
    # dashboard) and "16:24 - klassifiserer ajour" (the classifier caught up).
    parsed = _md(
        _HEAD + "**Påvisning:** dashboardet ble rødt i grafana, alarmer gikk\n\n"
        "## Tidslinje\n16:00 - grafana blir rødt\n16:09 - pusher fiks som ignorerer koden\n"
        "16:24 - klassifiserer ajour, små fiksing\n"
    )
    f = parsed.fields
    assert f["incident_date"] == date(2020, 2, 17)
    assert f["time_of_first_trigger"] == _at(16, 0)
    assert f["time_of_internal_detect"] == _at(16, 0)
    assert f["time_of_recovery"] == _at(16, 24)
    assert f["authors"] == ["Kari Nordmann"]


def test_a_table_headed_klokkeslett_with_clocks_written_with_a_dot():
    # "| 15.15 | Feil påvist av slack alerts |": the alert at 15:15, a message from a colleague
    # outside the team at 15:30, a temporary fix at 21:30 ending the impact.
    parsed = _md(
        _HEAD + "## Tidslinje\n|Klokkeslett | Hendelse |\n|:--- |:---- |\n"
        "| 15.15 | Feil påvist av slack alerts, men dette ble ikke tatt hånd om. |\n"
        "| 15.30 | Vi fikk melding på slack i #kanalen av en arena-person |\n"
        "| 15.55 | Kjartan forhører seg om det finnes noen utviklere. |\n"
        "| 21.30 | Midlertidig fiks for denne feilen. |\n"
    )
    f = parsed.fields
    assert [e["occurred_at"] for e in parsed.timeline] == [
        _at(15, 15),
        _at(15, 30),
        _at(15, 55),
        _at(21, 30),
    ]
    assert f["time_of_internal_detect"] == _at(15, 15)
    assert f["time_of_customer_detect"] == _at(15, 30)
    assert f["time_of_recovery"] == _at(21, 30)


def test_rows_said_with_kl_and_marked_unsure():
    # "kl 11:00? oppgraderingen blir rullet ut" (the upgrade rolled out), "kl 13:00? systemene
    # fungerer igjen" (the systems work again); "10:10 ca - …" is 10:10 too.
    parsed = _md(
        _HEAD + "## Tidslinje\n\nkl 11:00? oppgraderingen blir rullet ut\n"
        "kl 11:15 feil begynner å vises i log, debugging starter\n"
        "kl 12:07 JIRA sak blir opprettet og sendt til teamet\n"
        "kl 12:15 Rotårsak blir funnet\n"
        "12:40 ca - løsning blir rullet ut\n"
        "kl 13:00? systemene fungerer igjen\n"
    )
    f = parsed.fields
    assert [e["occurred_at"] for e in parsed.timeline] == [
        _at(11, 0),
        _at(11, 15),
        _at(12, 7),
        _at(12, 15),
        _at(12, 40),
        _at(13, 0),
    ]
    assert parsed.timeline[4]["text"].startswith("løsning")
    assert f["time_of_internal_detect"] == _at(11, 15)
    assert f["time_of_customer_detect"] == _at(12, 7)
    assert f["time_of_rca"] == _at(12, 15)
    assert f["time_of_recovery"] == _at(13, 0)


def test_first_errors_troubleshooting_and_a_fix_in_production():
    # "Første feil dukket opp i loggene" (the first errors appeared: the start), "Vi var i gang
    # med feilssøking" (troubleshooting, spelt with two s), "Fiks var deployet til produksjon".
    f = _md(
        _HEAD + "## Tidslinje\n\n- 09:30: Produksjonssetting er ferdig.\n"
        "- 10:11: Første feil dukket opp i loggene.\n"
        "- 10:54: Vi var i gang med feilssøking.\n"
        "- 11:18: Feil identifisert i komponenten.\n"
        "- 12:21: Fiks var deployet til produksjon.\n"
    ).fields
    assert f["time_of_first_trigger"] == _at(10, 11)
    assert f["time_of_internal_detect"] == _at(10, 54)
    assert f["time_of_rca"] == _at(11, 18)
    assert f["time_of_recovery"] == _at(12, 21)


def test_an_enquiry_from_user_support_and_an_alarm_resolved():
    # "Henvendelse fra brukerstøtte" (user support asks: a customer's report), after the
    # team's own "Alarm på Slack"; "Alarm er løst" (the alarm resolved) ends it.
    f = _md(
        _HEAD + "## Tidslinje\n\n- 06:55: Alarm på Slack - svar til Arena feiler\n"
        "- 08:08: Henvendelse fra brukerstøtte om at tjenestekallet feilet.\n"
        "- 08:15: Startet nye instanser\n- 08:20: Alarm er løst\n"
    ).fields
    assert f["time_of_internal_detect"] == _at(6, 55)
    assert f["time_of_customer_detect"] == _at(8, 8)
    assert f["time_of_recovery"] == _at(8, 20)


def test_a_timeline_of_labelled_moments_with_dotted_clocks():
    # "Feil introdusert: 22.02.2024 10.00" (the fault introduced), "Feil oppdaget" (found),
    # "Feil rettet" (put right): start, detection and recovery, clocks written with a dot.
    f = _md(
        "# PDF validation error\n\n**Dato:** 22.02.2024\n\n**Påvisning:** Alarm om at antall "
        "feil i loggene økte\n\n## Tidslinje\nFeil introdusert: 22.02.2024 10.00\n"
        "Feil oppdaget: 22.02.2024 13.00\nFeil rettet: 22.02.2024 14.00\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2024, 2, 22, 10, 0, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2024, 2, 22, 13, 0, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2024, 2, 22, 14, 0, tzinfo=UTC)


def test_a_labelled_start_written_in_full_the_day_before_the_date_field():
    # "Dato: 15.11.2023" over "Feil introdusert: 14.11.2023 10:47": the fault went out the
    # day before the post's date; the incident's day is the start's.
    f = _md(
        "# Wrong mapping\n\n**Dato:** 15.11.2023\n\n## Tidslinje\n"
        "Feil introdusert: 14.11.2023 10:47\nFeil oppdaget: 15.11.2023 14:20\n"
        "Feil rettet: 15.11.2023 14:24\n"
    ).fields
    assert f["incident_date"] == date(2023, 11, 14)
    assert f["time_of_recovery"] == datetime(2023, 11, 15, 14, 24, tzinfo=UTC)


def test_rows_dated_in_full_with_kl_and_a_date_field_whose_year_slipped():
    # "Dato: 24.05.2022" over rows "24.05.2023 ca kl 07:25 : …": the field's year slipped;
    # "12:53.34" style seconds after a dot are seconds.
    parsed = _md(
        "# Søknadsdialogen nede\n\n**Dato:** 24.05.2022\n\n## Tidslinje\n"
        "- 24.05.2023 kl 01:10 : dp-soknad begynte å varsle om tilstandsfeil\n"
        "- 24.05.2023 ca kl 07:25 : Teamet oppdaget varsler og startet analyse.\n"
        "- 24.05.2023 kl 10:30 - dp-soknad fikk riktig tilstand og kom opp igjen\n"
    )
    assert parsed.fields["incident_date"] == date(2023, 5, 24)
    assert [e["occurred_at"] for e in parsed.timeline] == [
        datetime(2023, 5, 24, 1, 10, tzinfo=UTC),
        datetime(2023, 5, 24, 7, 25, tzinfo=UTC),
        datetime(2023, 5, 24, 10, 30, tzinfo=UTC),
    ]
    rows = _md(
        _HEAD + "## Tidslinje\n27.10.2022\n- 12:53.34 Feature toggle skrudd på\n"
        "- 13:01.21 Feature toggle skrudd av\n"
    ).timeline
    assert [e["occurred_at"] for e in rows] == [
        datetime(2022, 10, 27, 12, 53, 34, tzinfo=UTC),
        datetime(2022, 10, 27, 13, 1, 21, tzinfo=UTC),
    ]


def test_a_date_field_naming_two_days_with_its_zone():
    # "Date: 10-11 Mar 2026 (UTC)": impact began on the span's first day, not in 2010.
    f = _md(
        "# Incident Report: storage relayout\n\n- **Date**: 10-11 Mar 2026 (UTC)\n"
        "- **Severity**: Sev-1\n\n## Summary\n\nA storage relayout broke the volumes.\n"
    ).fields
    assert f["incident_date"] == date(2026, 3, 10)


def test_a_service_up_again_after_the_fault_came_back():
    # "Søknadsdialogen kom opp igjen" (came up again) at 08:00, then "Samme feilsituasjon kom
    # opp igjen" (the same fault came back) at 09:00: over only at 10:30's "kom opp igjen";
    # the field's slipped year (2022) also leaves the start's row its own day.
    f = _md(
        "# Søknadsdialogen nede\n\n**Dato:** 24.05.2022\n\n## Tidslinje\n"
        "- 24.05.2023 kl 01:10 : dp-soknad begynte å varsle om tilstandsfeil og ble degradert\n"
        "- 24.05.2023 ca kl 08:00 : Søknadsdialogen kom opp igjen.\n"
        "- 24.05.2023 ca kl 09:00 : Samme feilsituasjon kom opp igjen og dp-soknad ble degradert\n"
        "- 24.05.2023 kl 10:30 - dp-soknad fikk riktig tilstand og kom opp igjen\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2023, 5, 24, 1, 10, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2023, 5, 24, 1, 10, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2023, 5, 24, 10, 30, tzinfo=UTC)


def test_the_first_log_entries_a_revert_and_a_window_said_in_norwegian():
    # "Første innslag i loggene" (the first entries in the logs) starts it; "Revert av endring"
    # (the change reverted) ends it; 21:10 on the 8th to 09:55 on the 9th.
    f = _md(
        "# Problemer med søknad\n\n**Dato:** 09.02.2022\n\n## Tidslinje\n"
        "08.02.2022 20:10 - Deploy av dp-innsyn\n"
        "08.02.2022 21:10 - Første innslag i loggene\n"
        "09.02.2022 09:25 - Henvendelse i #team-kanalen\n"
        "09.02.2022 09:55 - Revert av endring i dp-innsyn\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2022, 2, 8, 21, 10, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2022, 2, 9, 9, 55, tzinfo=UTC)
    assert f["incident_date"] == date(2022, 2, 8)


def test_an_impact_window_said_fra_til_and_we_discover():
    # "utilgjengelig i perioden fra 12:30 til 14:00" (unavailable from 12:30 to 14:00); "Vi
    # oppdager at …" (we discover) at 13:30 is the team's own detection.
    f = _md(
        "# Søknad utilgjengelig\n\n**Dato:** 26.04.2023\n\n**Konsekvens:**\nSøknaden var "
        "utilgjengelig i perioden fra 12:30 til 14:00.\n\n## Tidslinje\n- 26.04.2023\n"
        "- ~12:40 Deploy av ingress\n- ~13:30 Vi oppdager at man ikke kan nå søknaden.\n"
        "- ~13:40 Fjerner regex i ingresskonfigurasjon\n"
    ).fields
    assert f["time_of_first_trigger"] == datetime(2023, 4, 26, 12, 30, tzinfo=UTC)
    assert f["time_of_internal_detect"] == datetime(2023, 4, 26, 13, 30, tzinfo=UTC)
    assert f["time_of_recovery"] == datetime(2023, 4, 26, 14, 0, tzinfo=UTC)


def test_a_length_said_in_norwegian():
    # "Saksbehandling gjennom Arena stoppet opp i halvannen time" (stopped for an hour and a
    # half): a stated length of 90 minutes; "var nede i ca. 2 timer" 120.
    for said, minutes in (("stoppet opp i halvannen time", 90), ("var nede i ca. 2 timer", 120)):
        f = _md(
            _HEAD + f"**Konsekvens:** Saksbehandlingen {said}\n\n## Tidslinje\n"
            "- 09:55 Deploy, feil begynner å komme\n- 11:34 Fiks ute i produksjon\n"
        ).fields
        assert f["stated_minutes_to_recover"] == minutes


def test_a_timeline_of_days_whose_row_says_when_it_began():
    # "Dato: 13.06.2023" (the write-up) over "22.02.2023" / "Feilen utløses" (the fault set
    # off), then reports in May and June: the incident's day is 22 February.
    f = _md(
        "# Tekstfelt mister tegn\n\n**Dato:** 13.06.2023\n\n## Tidslinje\n\n22.02.2023\n\n"
        "Feilen utløses\n\n15.05.2023\n\nFeil meldt inn\n\n13.06.2023\n\nSlettet kodelinjen\n"
    ).fields
    assert f["incident_date"] == date(2023, 2, 22)


def test_a_span_of_dotted_days_in_the_consequences():
    # "… i tidsrommet 24.1.2020-04.02.2020" (in the period) under "Dato: 04.02.2020": impact
    # began on the span's first day.
    f = _md(
        "# Søknader ikke levert\n\n**Dato:** 04.02.2020\n\n**Konsekvens:** Rundt 23 personer "
        "fikk ikke levert søknad i tidsrommet 24.1.2020-04.02.2020\n\n## Tidslinje\n\n"
        "24.01.2020 | Nye tekster blir publisert\n03.02.2020 | Feil blir meldt inn i jira\n"
    ).fields
    assert f["incident_date"] == date(2020, 1, 24)


def test_a_timeline_of_named_moments_gives_its_rows():
    # "Feil introdusert: 22.02.2024 10.00" and the like are the timeline's rows, each at its
    # time (the dotted clock too), not days to date other rows by.
    rows = _md(
        "# PDF-feil\n\n**Dato:** 22.02.2024\n\n## Tidslinje\n\nFeil introdusert: 22.02.2024 10.00\n"
        "Feil oppdaget: 22.02.2024 13.00\nFeil rettet: 22.02.2024 14:00\n"
    ).timeline
    assert [(e["text"], e["occurred_at"]) for e in rows] == [
        ("Feil introdusert", datetime(2024, 2, 22, 10, 0, tzinfo=UTC)),
        ("Feil oppdaget", datetime(2024, 2, 22, 13, 0, tzinfo=UTC)),
        ("Feil rettet", datetime(2024, 2, 22, 14, 0, tzinfo=UTC)),
    ]
