"""The parser on every reference template (rewritten as fixtures) and Google Docs' quirks."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from tap_postmortems.document import from_html, from_markdown
from tap_postmortems.parser import ParseOptions, parse_document

FIXTURES = Path(__file__).parent / "fixtures"


def parse(name: str, **options):
    return parse_document(from_markdown((FIXTURES / name).read_text()), ParseOptions(**options))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_pagerduty_template():
    p = parse("pagerduty.md")
    f = p.fields
    assert f["incident_name"] is None  # this template has no title: said so
    assert any(w.startswith("incident_name:") for w in p.warnings)
    assert f["authors"] == ["Ada Chen", "Ben Xu"]
    assert f["severity_level"] == "SEV1"
    assert f["status"] == "in_review"
    assert f["number_of_impacted_customers"] == 1204
    assert f["number_of_failed_requests"] == 38512
    assert f["time_of_first_trigger"] == utc(2026, 3, 5, 14, 2)
    assert f["time_of_internal_detect"] == utc(2026, 3, 5, 14, 9)
    assert f["time_of_recovery"] == utc(2026, 3, 5, 14, 44)
    assert f["pagerduty_incident_id"] == "Q1ABCD2EFG"
    assert f["datadog_incident_id"] == "311"
    assert f["summary"].startswith("On March 5 the checkout flow failed")
    assert p.root_causes == [
        "The deploy of checkout-api removed a cache.",
        "Load tests did not cover the checkout path.",
    ]
    assert f["reliability_gaps"] == ["Rollback took longer than the deploy."]
    assert [
        (a["text"], a["owner"], a["due_date"], a["ticket"], a["status"]) for a in p.action_items
    ] == [
        ("Add a canary stage", "Ada Chen", date(2026, 3, 20), "REL-12", "open"),
        ("Restore the cache", "Ben Xu", date(2026, 3, 10), "REL-13", "done"),
    ]
    assert p.action_items[0]["ticket_url"] == "https://acme.atlassian.net/browse/REL-12"


def test_azure_template():
    p = parse("azure.md")
    f = p.fields
    assert f["incident_name"] == "Storage errors in West Europe"
    assert f["incident_date"] == date(2026, 3, 5)
    assert f["number_of_impacted_customers"] == 1200
    assert p.root_causes == [
        "A configuration change to the storage front ends set the connection pool size to one."
    ]
    assert p.action_items[0]["ticket"] == "STOR-88"
    assert p.action_items[0]["due_date"] == date(2026, 4, 1)
    assert (
        f["impact"]
        == "Between 09:10 and 10:25 UTC on 5 March 2026, customers saw errors writing to storage."
    )


def test_elastic_template_title_date_and_chain_of_events():
    p = parse("elastic.md")
    f = p.fields
    assert f["incident_name"] == "Cluster restarts on the EU region"
    assert f["incident_date"] == date(2026, 2, 4)
    assert f["authors"] == ["Carmen Diaz", "Emeka Okafor"]
    assert f["time_of_first_trigger"] == utc(2026, 2, 4, 8, 12)
    assert f["time_of_internal_detect"] == utc(2026, 2, 4, 8, 20)
    assert f["time_of_recovery"] == utc(2026, 2, 4, 9, 5)
    assert p.timeline[0]["text"] == "Impact began: allocator memory exhausted"
    assert [a["status"] for a in p.action_items] == ["done", "open"]
    assert f["number_of_impacted_customers"] == 57


def test_google_api_infra_template_reads_pacific_time():
    p = parse("google-api-infra.md")
    f = p.fields
    # 6:26 PM PDT on 7 May is 01:26 UTC on 8 May.
    assert f["time_of_first_trigger"] == utc(2026, 5, 8, 1, 26)
    assert f["time_of_internal_detect"] == utc(2026, 5, 8, 1, 26)
    assert f["time_of_recovery"] == utc(2026, 5, 8, 2, 58)
    assert len(p.timeline) == 4
    assert p.action_items[0]["owner"] == "Infra"
    assert p.action_items[1]["text"] == "Improve the rollback tooling"


def test_kehoe_template_four_column_tables_and_relative_detection():
    p = parse("kehoe.md")
    f = p.fields
    assert f["incident_name"] == "search timeouts"
    assert f["severity_level"] == "SEV3"
    assert f["authors"] == ["Ines Moreau"]
    assert f["detection_method"] == "customer"
    assert f["time_of_first_trigger"] == utc(2026, 4, 10, 22, 40)
    # Detection Time is blank: "Time to Detect (TTD) 35 minutes" anchors to the start.
    assert f["time_of_internal_detect"] == utc(2026, 4, 10, 23, 15)
    assert f["time_of_recovery"] == utc(2026, 4, 11, 0, 5)
    assert f["trigger"] == "A reindex job started at peak."
    assert p.action_items == [
        {
            "text": "Rate-limit reindexing",
            "owner": "Kofi Adeyemi",
            "due_date": date(2026, 4, 30),
            "ticket": "SRCH-7",
            "ticket_url": None,
            "status": None,
        }
    ]


def test_real_world_sre_template_time_only_timeline():
    p = parse("real-world-sre.md", default_zone=ZoneInfo("Europe/Berlin"))
    f = p.fields
    assert f["authors"] == ["Tara Quinn", "Umar Usman"]
    assert f["incident_date"] == date(2026, 1, 15)
    # Times without a zone are read in the configured default zone (CET, UTC+1 in January).
    assert f["time_of_first_trigger"] == utc(2026, 1, 15, 9, 0)
    assert f["time_of_customer_detect"] == utc(2026, 1, 15, 9, 30)
    assert f["time_of_internal_detect"] == utc(2026, 1, 15, 9, 41)
    assert f["time_of_recovery"] == utc(2026, 1, 15, 11, 5)
    assert f["detection_method"] == "customer"
    assert f["number_of_impacted_customers"] == 3400
    assert p.action_items[0]["status"] == "in progress"


def test_srebook_template():
    p = parse("srebook.md")
    f = p.fields
    assert f["incident_name"].startswith("Shakespeare Sonnet++")
    assert f["status"] == "final"
    assert f["authors"] == ["jennifer", "martym", "agoogler"]
    assert f["detection_method"] == "internal"
    assert f["number_of_failed_requests"] is not None
    assert f["trigger"] == "Latent bug triggered by sudden increase in traffic."
    assert f["time_of_first_trigger"] == utc(2026, 10, 21, 14, 53)
    assert f["time_of_internal_detect"] == utc(2026, 10, 21, 14, 54)
    assert p.action_items[0]["ticket"] == "BUG-67890"
    assert p.action_items[0]["status"] == "done"


def test_thecloudbook_template_dotted_dates_and_cet():
    p = parse("thecloudbook.md")
    f = p.fields
    assert f["status"] == "draft"
    assert f["time_of_first_trigger"] == utc(2026, 3, 7, 8, 15)
    assert f["time_of_recovery"] == utc(2026, 3, 7, 8, 40)
    assert f["time_of_internal_detect"] == utc(2026, 3, 7, 8, 22)
    assert f["number_of_impacted_customers"] == 12000
    assert f["reliability_gaps"] == ["Certificate expiry was not monitored."]
    assert f["authors"] == ["Nils Becker"]
    assert p.action_items[0]["due_date"] == date(2026, 3, 15)


def test_missing_fields_are_listed_with_a_reason():
    p = parse("azure.md")
    # The impact sentence dates start and end ("Between 09:10 and 10:25 UTC on 5 March").
    assert p.fields["time_of_first_trigger"] == utc(2026, 3, 5, 9, 10)
    assert p.fields["time_of_recovery"] == utc(2026, 3, 5, 10, 25)
    assert any(w.startswith("time_of_internal_detect:") for w in p.warnings)
    assert any(w.startswith("timeline_events:") for w in p.warnings)
    assert all(": " in w for w in p.warnings)


GOOGLE_DOC = (FIXTURES / "google-docs-export.html").read_text()


def test_google_docs_export_quirks():
    doc = from_html(GOOGLE_DOC)
    p = parse_document(doc, ParseOptions())
    assert p.fields["incident_name"] == "Cart outage"  # spans joined, nbsp, prefix stripped
    assert p.fields["severity_level"] == "SEV2"  # comment reference removed
    assert p.fields["pagerduty_incident_id"] == "PABC123"  # google.com/url wrapper removed
    assert p.affected == [("Cart", "Web"), ("Cart", "Mobile app"), ("Search", "Public API")]
    assert p.root_causes == ["Cache disabled for every tenant."]  # comment body not a cause
    assert "Is it really" not in " ".join(
        b for s in doc.sections for bl in s.blocks for b in bl.lines()
    )


def _docs_list(list_id: str, level: int, *items: str) -> str:
    lis = "".join(f'<li class="c4 li-bullet-0"><span class="c1">{i}</span></li>' for i in items)
    return f'<ul class="c3 lst-kix_{list_id}-{level} start">{lis}</ul>'


def test_google_docs_lists_are_one_list_only_while_their_id_continues():
    # Docs closes and reopens <ul> at each level change, every tag classed with its list's
    # id: one list while the id continues (the nested "14:10" item is the timeline's), a new
    # list when a level-0 tag has another id (the lessons' bullets, which have no times).
    doc = from_html(
        '<html><body class="c9 doc-content"><p class="c2 title"><span>Queue stall</span></p>'
        '<p class="c2"><span class="c1">All times in UTC. 2024-05-02.</span></p>'
        + _docs_list("tl1", 0, "14:02: the queue stops draining", "14:09: an alert pages on-call")
        + _docs_list("tl1", 1, "14:10: on-call acknowledges")
        + _docs_list("tl1", 0, "14:31: workers restarted, the queue drains")
        + _docs_list("ls2", 0, "alerts on queue depth helped", "the runbook was out of date")
        + "</body></html>"
    )
    lists = [b for s in doc.sections for b in s.blocks if b.kind == "list"]
    assert [len(b.items) for b in lists] == [4, 2]
    assert lists[0].items[2] == (1, "14:10: on-call acknowledges")
    p = parse_document(doc, ParseOptions())
    assert [e["time_text"] for e in p.timeline] == ["14:02", "14:09", "14:10", "14:31"]
    assert p.fields["time_of_first_trigger"] == utc(2024, 5, 2, 14, 2)


def _bold_sections_doc(weight: int, *, inline: bool = False) -> str:
    # A Doc whose author typed the section names in bold on lines of their own (no heading
    # styles). Docs writes bold as a style, never <b>: a class of the export's style sheet,
    # or inline on the span (nprapps/copydoc issue 9 reports both); the colon often outside.
    css = f".c1{{font-weight:400}}.c7{{color:#000000;font-weight:{weight};font-size:11pt}}"
    run = f'style="font-weight:{weight}"' if inline else 'class="c7"'

    def para(text: str) -> str:
        return f'<p class="c3"><span class="c1">{text}</span></p>'

    def name(text: str) -> str:
        return f'<p class="c3"><span {run}>{text}</span><span class="c1">:</span></p>'

    return (
        f'<html><head><style type="text/css">{css}</style></head><body class="doc-content">'
        '<p class="c3 title"><span class="c1">Search outage</span></p>'
        + name("Summary")
        + para("On 2024-05-02 search returned errors for 40 minutes.")
        + name("Timeline")
        + para("14:02 UTC search starts failing")
        + para("14:42 UTC the index is restored, search recovers")
        + name("Root cause")
        + para("An index rebuild ran with the wrong mapping.")
        + name("Action items")
        + _docs_list("a1", 0, "Validate mappings before a rebuild", "Alert on search errors")
        + "</body></html>"
    )


@pytest.mark.parametrize("inline", [False, True], ids=["class", "inline-style"])
def test_google_docs_bold_lines_name_sections_as_bold_markdown_does(inline):
    p = parse_document(from_html(_bold_sections_doc(700, inline=inline)), ParseOptions())
    assert p.root_causes == ["An index rebuild ran with the wrong mapping."]
    assert [a["text"] for a in p.action_items] == [
        "Validate mappings before a rebuild",
        "Alert on search errors",
    ]
    # The same lines in a regular weight are text, not section names (only "Timeline:" is,
    # as a line naming the rows under it).
    doc = from_html(_bold_sections_doc(400, inline=inline))
    assert [s.title for s in doc.sections if s.title] == ["Timeline:"]
    assert parse_document(doc, ParseOptions()).action_items == []


def test_field_aliases_teach_new_labels():
    # "Alerted at" is now read by default (a known label followed by "at"); an unknown one:
    html = "<p class='title'>Outage</p><p>Pager buzzed: 2026-03-05 10:00 UTC</p>"
    default = parse_document(from_html(html), ParseOptions())
    assert default.fields["time_of_internal_detect"] is None
    taught = parse_document(
        from_html(html), ParseOptions(aliases={"time_of_internal_detect": ["Pager buzzed"]})
    )
    assert taught.fields["time_of_internal_detect"] == utc(2026, 3, 5, 10, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 5, 2026 at 2:05 PM PST", utc(2026, 3, 5, 22, 5)),
        ("2026-03-05T14:05:00+01:00", utc(2026, 3, 5, 13, 5)),
        ("05.03.2026 14:05 CEST", utc(2026, 3, 5, 12, 5)),
        ("3/5/2026 2:05 PM UTC", utc(2026, 3, 5, 14, 5)),
        ("Thu, 5 Mar 2026 14h05 UTC", utc(2026, 3, 5, 14, 5)),
    ],
)
def test_odd_date_formats(text, expected):
    html = f"<p class='title'>X</p><p>Impact start: {text}</p>"
    assert (
        parse_document(from_html(html), ParseOptions()).fields["time_of_first_trigger"] == expected
    )


def test_durations_in_prose_anchor_to_the_impact_start():
    html = (
        "<p class='title'>Queue stall</p><p>Impact start: 2026-03-05 10:00 UTC</p>"
        "<h2>Summary</h2><p>The queue stalled. We detected the problem after 8 minutes and "
        "the service recovered within 1h 5m.</p>"
    )
    fields = parse_document(from_html(html), ParseOptions()).fields
    assert fields["time_of_internal_detect"] == utc(2026, 3, 5, 10, 8)
    assert fields["time_of_recovery"] == utc(2026, 3, 5, 11, 5)
