"""The parser on wording it had never seen, twenty-seventh round (issue 13): one test per rule.

Round 23's sealed part (now in ``dev/``) scored TTD 1/3 and TTR 15/17; its misses and the rest
of dev's date, TTD and TTR misses are grouped by the writer's habit behind them. Each test is
a minimal document written for the habit (not a copy of a corpus document), and its expected
values are worked out by hand from the text, never from the parser's output. Each comment
names the habit and where in the corpus it was seen.
"""

from __future__ import annotations

from typing import Any

from postmortems_harness import utc
from tap_postmortems.document import read_document
from tap_postmortems.parser import ParseOptions, parse_document


def _fields(text: str) -> dict[str, Any]:
    """The record's fields, with the parse's warnings under ``warnings``."""
    parsed = parse_document(read_document(text, html=False), ParseOptions(), None)
    return {**parsed.fields, "warnings": parsed.warnings}


def _story(*sentences: str) -> dict[str, Any]:
    """A short post with no timeline: the times are told in its sentences."""
    return _fields(
        "# Downtime of the build service on March 4, 2024\n\n"
        "## What happened?\n\n" + "\n".join(sentences) + "\n"
    )


def test_an_offset_in_brackets_after_a_sentence_clock_is_its_zone():
    # A writer gives each clock its offset from GMT in brackets ("At 09:41 (GMT+1), we
    # deployed", OBS 2018-11-11): 09:41 at GMT+1 is 08:41Z, 10:05 is 09:05Z.
    f = _story(
        "At 09:41 (GMT+1), we deployed a new version and the application stopped booting.",
        "We were back online at 10:05 (GMT+1).",
    )
    assert f["time_of_first_trigger"] == utc(2024, 3, 4, 8, 41)
    assert f["time_of_recovery"] == utc(2024, 3, 4, 9, 5)


def test_a_bare_gmt_after_a_sentence_clock_stays_utc():
    # Guard: "GMT" with no offset is UTC; the offset rule must not shift it.
    f = _story(
        "At 09:41 GMT, we deployed a new version and the application stopped booting.",
        "We were back online at 10:05 GMT.",
    )
    assert f["time_of_first_trigger"] == utc(2024, 3, 4, 9, 41)
    assert f["time_of_recovery"] == utc(2024, 3, 4, 10, 5)


def test_at_once_carries_the_moment_through_a_chain_of_sentences():
    # "At 09:41 we deployed. Right after the deployment, the app didn't boot. We immediately
    # noticed …": each sentence that says it came at once keeps the timed sentence's moment,
    # so the noticing two sentences on is at 09:41 too (TTD 0; OBS 2018-11-11).
    f = _story(
        "At 09:41 UTC we deployed a new version to the reference server.",
        "Right after the deployment, the application did not boot anymore.",
        "We immediately noticed a dependency conflict in the web server's log.",
        "We were back online at 09:47 UTC.",
    )
    assert f["time_of_first_trigger"] == utc(2024, 3, 4, 9, 41)
    assert f["time_of_internal_detect"] == utc(2024, 3, 4, 9, 41)


def test_a_sentence_that_does_not_say_at_once_breaks_the_chain():
    # Guard: with a sentence between that says nothing of when, an action "at once" is not
    # placed at 09:41 by the chain. (Round 48 lets a noticing at once reach back to the last
    # moment told when no clock comes between — "At 3.19pm … circulated the figures. [what
    # they held] The team … immediately identified that …", a statistics breach report — so
    # this guard now holds for the rollback, not for a noticing.)
    f = _story(
        "At 09:41 UTC the deployment of a new version to the reference server broke the site.",
        "The deployment contained a dependency update.",
        "Immediately we rolled the deployment back and the site was back online.",
        "We were back online at 09:47 UTC.",
    )
    assert f["time_of_recovery"] != utc(2024, 3, 4, 9, 41)


def _rows(*rows: str) -> dict[str, Any]:
    return _fields(
        "# Workers lose their network\n\n## Timeline (times in UTC)\n\n"
        + "".join(f"- 2024-03-04 {r}\n" for r in rows)
    )


def test_the_team_recognizing_the_trouble_is_its_detection():
    # "We recognized that problems caught by monitoring … may also be impacting our
    # services" (Whole Tale 2017-12-08), "We immediately recognized from the Apache log file
    # a conflict" (OBS 2018-11-11): the team seeing the trouble itself.
    f = _rows(
        "10:00 Workers stop receiving jobs",
        "10:25 A customer asks why nothing runs",
        "10:40 We recognized that the queue errors also hit the workers",
        "11:30 Workers restarted, service restored",
    )
    assert f["time_of_internal_detect"] == utc(2024, 3, 4, 10, 40)


def test_recognizing_the_cause_is_no_detection():
    # Guard: the cause recognized is the root cause found, not the trouble noticed.
    f = _rows(
        "10:00 Workers stop receiving jobs",
        "10:25 A customer asks why nothing runs",
        "10:40 We recognized the root cause: an expired certificate",
        "11:30 Workers restarted, service restored",
    )
    assert f["time_of_internal_detect"] != utc(2024, 3, 4, 10, 40)


def test_the_problem_gone_is_the_recovery():
    # "We manually restarted our Apache server. The problem was gone afterward." (OBS
    # 2017-08-28); "observes that the issue is gone": the trouble has ended.
    f = _rows(
        "09:21 Deployment takes longer than usual, the site shows errors",
        "09:24 We restarted the web server. The problem was gone afterward.",
    )
    assert f["time_of_recovery"] == utc(2024, 3, 4, 9, 24)


def test_data_gone_is_no_recovery():
    # Guard: what the trouble took away ("all his notebooks are gone") is an effect.
    f = _rows(
        "09:21 Database overwritten by a manual restore",
        "09:24 A user notices that all his notebooks are gone",
    )
    assert f["time_of_recovery"] is None
