"""Which timeline row (or sentence) is which moment of the incident.

The start of impact, the detections (customer and internal), the recovery and the rest,
picked from rows whose words say so (``[events]`` in the vocabulary) and not undone by
the clause around them ("was not yet recovered"); with fallbacks in a fixed order when no
row says so.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.clocks import DAY, HALF_DAY, HAS_CLOCK, month_number
from tap_postmortems.fields import DETECTIONS, TIME_FIELDS, TIMELINE_EVENTS
from tap_postmortems.prose_moments import set_time

if TYPE_CHECKING:
    from collections.abc import Callable

    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


#: A row that says, in any words, that the thing works again, or began to, or that the incident
#: is over: the recovery when no row says so in the recovery vocabulary's words.
_WORKS_AGAIN = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:now\s+)?(?:working|operating|healthy|functional|"
    r"stable|normal|up|online|running|ok|okay)(?:\s+(?:as\s+expected|normally|properly|"
    r"correctly|fine|again))?|(?:operating|working|running|functioning)\s+(?:as\s+expected|"
    r"normally|properly|correctly)|incident\s+(?:is\s+|was\s+)?closed|"
    r"(?:confirmed|verified)\s+(?:that\s+)?[^.;]{0,60}?(?:working|operating|healthy|normal)|"
    # "22.26 : Apache servers started to recover." as the log's last word on it
    r"(?:started|starts|began|begins)\s+to\s+recover)\b",
    re.IGNORECASE,
)


def last_working_row(
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    start: datetime,
    warnings: list[str],
) -> None:
    """With no recovery found, the last row after the start that says it works again.

    "Confirmed that NDS and WT instances were operating as expected. Restarted WT services."
    """
    found = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and e["occurred_at"] > start
        and any(_said(m, e["text"]) for m in _WORKS_AGAIN.finditer(e["text"]))
    ]
    if found:
        times["time_of_recovery"] = found[-1]["occurred_at"]
        warnings.append(
            f"time_of_recovery: no row names the recovery; the last row that says it works "
            f"again ({found[-1].get('time_text')!r}) is taken"
        )


#: How far before a stated start a detection or recovery row still counts: starts are often
#: written rounded, and an alert a minute before "Start" is that incident's alert.
_EARLY = timedelta(minutes=5)
#: How far before a stated start the team's own alert still counts as its detection: a
#: monitor often fires before the moment a writer gives as the impact's (users' view, a
#: round figure), and corpus rule 4 keeps both (time to detect reads negative). Half an hour
#: before, the alert is of something else (a precursor: another link going down).
_EARLY_SIGNAL = timedelta(minutes=20)


def times_from_timeline(  # noqa: C901, PLR0913 - one fallback per moment, in order
    times: dict[str, datetime | None],
    relative: dict[str, timedelta],
    timeline: list[dict[str, Any]],
    warnings: list[str],
    *,
    fallback_start: bool = True,
    stated_day: tuple[date | None, tzinfo] = (None, UTC),
    detected_at_start: bool = True,
    lead_day: bool = False,
) -> date | None:
    """Moments the labels did not give, from the wording of timeline rows.

    The earliest row whose text names a moment (``[events]`` in the vocabulary) gives it;
    detection and recovery count only from the impact start on. With nothing marking the
    start, the first timed row is taken as the start, and the warnings say so — unless a
    row says the trouble began before the timeline does ("The issues started on Feb 12th at
    3pm PST"): then that moment is the start, or, when the row names only its day ("has
    failed … since December 12th"), that day is returned and the start's time is unknown.
    """
    rows = [e for e in timeline if e["occurred_at"] is not None]
    began_on: date | None = None
    team_reports, customer_rows = _reporters(rows)

    def earliest(key: str, since: datetime | None, skip: set[int]) -> datetime | None:
        # A recovery in part or taken back ("Most users are back online") yields to any
        # later row, of any tier, that says the service came back.
        says = [_fully_recovered, _affirmed] if key == "time_of_recovery" else [_affirmed]
        for said in says:
            for pattern in TIMELINE_EVENTS[key]:
                hits = [
                    e["occurred_at"]
                    for i, e in enumerate(rows)
                    if i not in skip
                    and (since is None or e["occurred_at"] >= since - _early(key, e["text"]))
                    and said(pattern, e["text"])
                ]
                if hits:
                    # Data put right is done when the last of it is ("The backfilling process
                    # finishes for versionista1" before "… for versionista2 finishes").
                    return max(hits) if key == "time_of_reconcile" else min(hits)
        return None

    def missing(key: str) -> bool:
        return times[key] is None and key not in relative

    if missing("time_of_first_trigger") and rows and fallback_start and detected_at_start:
        began_on = _start_in_rows(times, rows, stated_day[1], warnings)
        fallback_start = began_on is None
    if missing("time_of_first_trigger"):
        found = earliest("time_of_first_trigger", None, set())
        # The writer's own marker ("15:36 Outage on x1 started", "OUTAGE BEGINS") is the start
        # even after a detection (corpus rule 4: time to detect then reads negative).
        marked = any(
            e["occurred_at"] == found
            and _affirmed(TIMELINE_EVENTS["time_of_first_trigger"][0], e["text"])
            for e in rows
        )
        times["time_of_first_trigger"] = (
            found
            if marked
            else _before_noticed(found, earliest("time_of_internal_detect", None, set()), warnings)
        )
        if times["time_of_first_trigger"] is None and rows and fallback_start:
            # A timed row followed by an untimed one ("Between the 10th and the 16th, the
            # adversary …") is not followed by silence.
            busy = {
                id(e)
                for e, after in pairwise(timeline)
                if e["occurred_at"] is not None and after["occurred_at"] is None
            }
            first = _first_impact_row(rows, *stated_day, busy=busy, seen=detected_at_start)
            day, local = stated_day
            # A day the lead's sentences state is the day impact began; a dated title or
            # "Date:" may name the worst day, so its rows get a day's grace.
            slack = timedelta(0) if lead_day else DAY
            if (
                detected_at_start
                and only_customer(first["text"])
                and not any(rows[i] is first for i in team_reports)
            ):
                # "Users report all launches are failing": impact began before anyone outside
                # wrote in, at a time the timeline does not state.
                warnings.append(
                    f"time_of_first_trigger: the first timed row ({first['time_text']!r}) is a "
                    "customer's report; the start of impact is not stated"
                )
                fallback_start = False
            elif day is not None and first["occurred_at"].astimezone(local).date() > day + slack:
                # "Incident date: 2019-07-25" over rows timed only weeks later (a security
                # release): the day impact began has no time, so no row is its start.
                warnings.append(
                    f"time_of_first_trigger: the first timed row ({first['time_text']!r}) comes "
                    f"days after the stated {day.isoformat()}; the start's time is not stated"
                )
                fallback_start = False
            else:
                times["time_of_first_trigger"] = first["occurred_at"]
                where = (
                    "timeline row" if detected_at_start else "time the text states (no timeline)"
                )
                warnings.append(
                    f"time_of_first_trigger: taken from the first {where} "
                    f"({first['time_text']!r}) as nothing marks the start of impact"
                )
    start = times["time_of_first_trigger"]
    skips = {"time_of_customer_detect": team_reports}
    answered: datetime | None = None
    for key in TIME_FIELDS[1:]:
        if missing(key) and key == "time_of_internal_detect":
            answered = _internal_detection(
                times,
                rows,
                earliest,
                (team_reports, customer_rows),
                warnings,
                acted=detected_at_start,
            )
        elif missing(key):
            times[key] = earliest(key, start, skips.get(key, set()))
            _amend(key, times, rows, earliest, warnings, in_timeline=detected_at_start)
    if (
        fallback_start
        and detected_at_start
        and times["time_of_internal_detect"] is None
        and answered is None
        and (
            times["time_of_customer_detect"] is None
            or (start is not None and times["time_of_customer_detect"] > start)
        )
        and "time_of_internal_detect" not in relative
        and any(
            w.startswith("time_of_first_trigger: taken from the first timeline row")
            for w in warnings
        )
    ):
        # Nothing dates the impact or its detection: the first row is the first moment the
        # team wrote down, so it is taken as when they knew (time to detect reads 0) — unless
        # that first row is a customer's report, which is the customer's detection, or the
        # rows that name a detection answer a user's report (then it is unknown).
        times["time_of_internal_detect"] = start
        warnings.append(
            "time_of_internal_detect: nothing marks the detection; taken as the first timeline "
            "row, like the start"
        )
    if (
        began_on is not None
        and all(times[k] is None for k in DETECTIONS)
        and "time_of_internal_detect" not in relative
        and not only_customer(rows[0]["text"])
    ):
        # The trouble began days before the timeline, which opens when the team found it.
        times["time_of_internal_detect"] = rows[0]["occurred_at"]
        warnings.append(
            "time_of_internal_detect: nothing marks the detection; taken as the first timeline "
            "row, after the day the trouble began"
        )
    detections = [t for k in DETECTIONS if (t := times[k]) is not None]
    if start is None and detections and fallback_start:
        # Nothing dates the impact: it is taken to begin when it was first noticed.
        times["time_of_first_trigger"] = min(detections)
        warnings.append(
            "time_of_first_trigger: nothing marks the start of impact; taken as the first "
            "detection (time to detect reads 0)"
        )
    return began_on


_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _no_end_at_the_start(
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    earliest: Callable[[str, datetime | None, set[int]], datetime | None],
    warnings: list[str],
) -> None:
    """A recovery found in the start's own timeline row is no end at the start's clock.

    "At around 11:00 UTC, labnet1002 suffered a kernel failure. … A reboot of labnet1002
    restored service": the row tells the whole story; a later row's recovery is the end. A
    row whose first sentence says it came back ("an alert fires, then the services recovered
    on their own") keeps its clock.
    """
    key = "time_of_recovery"
    start = times["time_of_first_trigger"]
    if start is None or times[key] != start:
        return
    at_start = {i for i, e in enumerate(rows) if e["occurred_at"] == start}
    marked = TIMELINE_EVENTS["time_of_first_trigger"][0]
    if not any(_affirmed(marked, rows[i]["text"]) for i in at_start) and any(
        _says(_FIRST_SENTENCE.split(rows[i]["text"], maxsplit=1)[0], key) for i in at_start
    ):
        # "an alert fires, then the services recovered on their own": back at once. Not a row
        # the writer marked as the start ("cp1087 … is depooled for maintenance OUTAGE
        # BEGINS"), whose words of a recovery's are the cause's.
        return
    times[key] = earliest(key, start, at_start)
    warnings.append(
        "time_of_recovery: the row of the start says it came back too; "
        + ("a later row's recovery is taken" if times["time_of_recovery"] else "no end stated")
    )


#: A row that says when the trouble began: "The issues started on Feb 12th at 3pm PST".
_BEGAN_AT = re.compile(
    r"\b(?:issues?|problems?|failures?|errors?|outages?|impact|trouble|breakage)\s+"
    r"(?:first\s+)?(?:started|began|begun)\s+(?P<when>(?:on|at)\s+[^.;()`]{3,40})",
    re.IGNORECASE,
)
#: A row that says since when something has failed: "sees that every Wayback run has failed
#: immediately with a syntax error since near the end of the day December 12th".
_FAILING_SINCE = re.compile(
    r"\b(?:fail(?:ed|ing|s)|broken|down|erroring|not (?:working|running)|"
    # "emails are not being sent since August 23rd"
    r"not (?:being )?(?:sent|delivered|processed|received|updated|synced))\b[^.;]{0,60}?"
    r"(?=\bsince\b)",
    re.IGNORECASE,
)
#: A day of a month without its year: "December 12th", "12 December", "the 12th of Dec".
_DAY_OF_MONTH = re.compile(
    r"\b(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b(?!,?\s+\d{4})",
    re.IGNORECASE,
)
#: How far after "failed … since" its day can be written: "since near the end of the day".
_SAME_CLAUSE = 40
#: How far back a row can date the start it states (a silent failure found months later).
_BEGAN_WITHIN = timedelta(days=365)


def start_by_length(
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    stated: dict[str, float | None],
    warnings: list[str],
) -> datetime | None:
    """An earlier row the stated length of the outage says was its start.

    "We had a total downtime of around 20 hours" over "16:00 We began the upgrade procedure"
    … "11:40 (next day) UseGalaxy.eu is back online": with nothing marking the start, the
    upgrade (a change, followed by silence) was taken as run-up and 18:45 as the start; the
    length the writer states runs from 16:00 (19 h 40 min), so the downtime began then. A
    later row the length runs from to the minute, before anyone saw the trouble, moves the
    start on ("offline for 27 minutes" up to 09:02 is from "08:35 Deployment failed").
    """
    start, end = times["time_of_first_trigger"], times["time_of_recovery"]
    minutes = stated.get("stated_minutes_to_recover")
    taken = next(
        (
            i
            for i, w in enumerate(warnings)
            if w.startswith("time_of_first_trigger: taken from the first timeline row")
        ),
        None,
    )
    if start is None or end is None or not minutes or taken is None:
        return None
    off = abs((end - start).total_seconds() / 60 - minutes)
    # (before anyone saw it: a row at or after the detection is no start found late)
    noticed = times["time_of_internal_detect"]
    changes = TIMELINE_EVENTS["change"]
    run_up = any(
        e["occurred_at"] == start and any(_affirmed(p, e["text"]) for p in changes)
        for e in timeline
    )
    seen = [
        t
        for k in ("time_of_internal_detect", "time_of_customer_detect", "time_of_recovery")
        if (t := times[k]) is not None
    ]
    fits = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and (
            (
                start - DAY < e["occurred_at"] < start
                and abs((end - e["occurred_at"]).total_seconds() / 60 - minutes)
                <= min(off, minutes * _LENGTH_FIT)
            )
            # A later row the length runs from to the minute: "offline for 27 minutes" up to
            # "09:02 … OBS is back" starts at "08:35 Deployment failed", not at the first
            # row, "08:33 Start the deployment" (OBS 2022-05-31).
            # After a first row that only makes a change ("10:00 started to deploy the new
            # Salt setup"), the row where the team itself noticed the trouble counts too
            # ("10:05 noticed a problem with the webserver" under "a 20 minutes certificate
            # error" up to 10:25): impact first seen by the team is the start as well (corpus
            # rule 1; OBS 2023-02-23). After a first row that breaks something ("We
            # accidentally deleted the architecture") it does not.
            or (
                start < e["occurred_at"] <= min(seen, default=end)
                and (
                    e["occurred_at"] < min(seen, default=end)
                    or (noticed == e["occurred_at"] and run_up)
                )
                and off > 1
                and (end - e["occurred_at"]).total_seconds() / 60 == minutes
            )
        )
    ]
    if not fits:
        return None
    first = min(fits, key=lambda e: abs((end - e["occurred_at"]).total_seconds() / 60 - minutes))
    warnings[taken] = (
        f"time_of_first_trigger: taken from the timeline row ({first['time_text']!r}) from "
        f"which the stated length ({minutes:g} min) runs to the recovery"
    )
    return first["occurred_at"]


#: How close (a share of the stated length) a row's span to the recovery must come to it.
_LENGTH_FIT = 0.1


def _before_noticed(
    found: datetime | None, noticed: datetime | None, warnings: list[str]
) -> datetime | None:
    """A start that rows name, unless the team had noticed the trouble before it.

    "We noticed that jobs were unable to be submitted" (16:10), then at 18:33 "… and thus all
    jobs began to fail": a later row that tells how it began explains, it does not date the
    start, which came before the team noticed.
    """
    if found is not None and noticed is not None and found > noticed + _EARLY:
        warnings.append(
            "time_of_first_trigger: the row that says the trouble began comes after the team "
            "noticed it; read as an explanation, not the start"
        )
        return None
    return found


def _start_in_rows(
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    local: tzinfo,
    warnings: list[str],
) -> date | None:
    """The start a row states before the timeline's first row; its day alone if no time."""
    began = _began_before(rows, local)
    if isinstance(began, datetime):
        times["time_of_first_trigger"] = began
        warnings.append(
            f"time_of_first_trigger: a row states that the trouble began at {began.isoformat()}, "
            "before the timeline's first row"
        )
        return None
    if began is not None:
        warnings.append(
            f"time_of_first_trigger: a row states that the trouble began on {began.isoformat()}, "
            "before the timeline; the start's time is not stated"
        )
    return began


def _began_before(rows: list[dict[str, Any]], local: tzinfo) -> datetime | date | None:
    """The moment (or only the day) a row states the trouble began, before the first row."""
    first = rows[0]["occurred_at"]
    for e in rows:
        row_day = e["occurred_at"].astimezone(local).date()
        if (m := _BEGAN_AT.search(e["text"])) and HAS_CLOCK.search(m.group("when")):
            when = values.parse_datetime(m.group("when"), default_zone=local, default_date=row_day)
            if when is not None and first - _BEGAN_WITHIN < when < first:
                return when
        day = failing_since_day(e["text"], row_day)
        opened = first.astimezone(local).date()
        if day is not None and opened - _BEGAN_WITHIN < day < opened:
            return day
    return None


def failing_since_day(text: str, today: date) -> date | None:
    """The day before ``today`` a sentence says something has failed since, with no clock.

    "sees that every Wayback run has failed … since near the end of the day December 12th",
    "emails are not being sent since August 23rd": that day, in ``today``'s year unless it
    would come after ``today``.
    """
    m = _FAILING_SINCE.search(text)
    since = _DAY_OF_MONTH.search(text, m.end()) if m else None
    if m is None or since is None or since.start() > m.end() + _SAME_CLAUSE:
        return None
    month = month_number(since.group("m1") or since.group("m2"))
    try:
        day = date(today.year, month, int(since.group("d1") or since.group("d2")))
    except ValueError:
        return None
    return day.replace(year=day.year - 1) if day > today else day


def recovered_before_close(
    times: dict[str, datetime | None], timeline: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A status page's timeline row that says the impact ended before the page was closed.

    The front matter's ``resolvedWhen`` (2021-05-30T02:11:06Z) is when the entry was closed; a
    row within the day before it, after the start, that says the outage ended or was resolved
    ("20:09 Denver - Outage resolved, ACI agents are allocated", 02:09Z) is the recovery.
    """
    closed, start = times["time_of_recovery"], times["time_of_first_trigger"]
    if closed is None or not any(
        w.startswith("time_of_recovery: the front matter's") for w in warnings
    ):
        return
    rows = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and e["occurred_at"] < closed
        and closed - e["occurred_at"] < DAY
        and (start is None or e["occurred_at"] > start)
    ]
    # A row that says the service is down again, or that the trouble is back ("it seems some
    # mirrors are out of date, and not syncing correctly" after a "Resolved"): the end came
    # after it, not at a recovery row before it.
    troubled = [e["occurred_at"] for e in rows if _TROUBLE_AGAIN.search(e["text"])]
    for tier in TIMELINE_EVENTS["time_of_recovery"][:2]:
        hits = [
            e
            for e in rows
            if _fully_recovered(tier, e["text"])
            and not _TROUBLE_AGAIN.search(e["text"])
            and all(t < e["occurred_at"] for t in troubled)
        ]
        if _take_earliest(
            times,
            "time_of_recovery",
            hits,
            warnings,
            "the row {!r} says the impact ended before the page was closed (resolvedWhen); "
            "taken as the recovery",
        ):
            return


#: A status update that says the trouble is there (again): "The OCF website is now completely
#: down as we attempt to redeploy a fixed version", "some mirrors are out of date, and not
#: syncing correctly".
_TROUBLE_AGAIN = re.compile(
    r"\b(?:is|are|now|remains?|still)\s+(?:\w+\s+)?(?:down|offline|unavailable|out\s+of\s+date)\b|"
    r"\bnot\s+(?:\w+\s+)?(?:syncing|working|loading|responding|reachable)\b",
    re.IGNORECASE,
)
#: How long after the timeline's first row the lead's stated start can come and still be it.
_STATED_AFTER = timedelta(hours=1)


def _ends_at(time_text: str) -> re.Pattern[str]:
    """The moment written as where a span ends: "from the beginning … through 19:04 UTC"."""
    return re.compile(
        r"\b(?:through|until|till|to)\s+(?:about\s+|around\s+|approximately\s+)?"
        + re.escape(time_text),
        re.IGNORECASE,
    )


#: A sentence that says the service suffered the trouble: "Hachyderm experienced a service
#: degradation", "we suffered an outage".
_EXPERIENCED = re.compile(
    r"\b(?:experienced|suffered|had)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:outage|degradation|disruption|failure|downtime|incident)s?\b",
    re.IGNORECASE,
)


def lead_end_in_rows(
    times: dict[str, datetime | None],
    prose: list[dict[str, Any]],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """The end the lead states for the whole incident, when a timeline row has its clock.

    "The issues were resolved at 2:57 pm PST that day, with all systems operating normally"
    over rows whose earliest recovery is a part ("09:54 Indexer service is restored") and
    a row at 14:57 ("Status page is set to resolved"): the document's own summary of the
    end, which its timeline confirms, is the recovery.
    """
    ended = times["time_of_recovery"]
    if ended is None:
        return
    rows = {e["occurred_at"] for e in timeline if e["occurred_at"] is not None}
    told = [
        e
        for e in prose
        if e["occurred_at"] > ended
        and e["occurred_at"] in rows
        and _WHOLE.search(e["text"])
        and any(_fully_recovered(p, e["text"]) for p in TIMELINE_EVENTS["time_of_recovery"][:2])
    ]
    if told:
        times["time_of_recovery"] = told[0]["occurred_at"]
        warnings.append(
            f"time_of_recovery: the lead says the whole incident ended at "
            f"{told[0]['time_text']!r}, a timeline row's time, after the row taken before "
            f"({ended.isoformat()})"
        )


#: What a lead's end is said of: the whole incident, not one part of it.
_WHOLE = re.compile(
    r"\b(?:the\s+(?:issues|incident|outage|problems)|all\s+(?:systems|services)|everything)\b",
    re.IGNORECASE,
)


def _said_start(text: str) -> bool:
    return _says(text, "time_of_first_trigger")


def earlier_in_prose(
    times: dict[str, datetime | None], prose: list[dict[str, Any]], warnings: list[str]
) -> bool:
    """A start the lead states before the timeline's first row, when no row marks one.

    "At roughly 18:52 UTC we experienced a cascading failure" over a timeline whose first
    row (18:53, taken as the start for want of a better one) is the first report: the lead's
    moment is the start, if it names an effect (a symptom, a failure, the start wording) and
    comes less than a day before.
    """
    fallback = next(
        (
            i
            for i, w in enumerate(warnings)
            if w.startswith("time_of_first_trigger: taken from the first timeline row")
            or (w.startswith("time_of_first_trigger: the first timed row") and "report" in w)
        ),
        None,
    )
    # When the first row is a customer's report, the start is before that report.
    start = times["time_of_first_trigger"] or times["time_of_customer_detect"]
    if fallback is None and start is not None:
        return _since_before_post(times, start, prose, warnings)
    if fallback is None or start is None:
        return False
    effects = [p for k in ("time_of_first_trigger", "symptom") for p in TIMELINE_EVENTS[k]]
    earlier = [
        e
        for e in prose
        if start - DAY < e["occurred_at"] < start and any(_affirmed(p, e["text"]) for p in effects)
    ]
    if not earlier:
        # The lead's start a little after the first row ("at approximately 01:55 UTC Hachyderm
        # experienced a service degradation" over a first report at 01:52): the document's
        # own start, and the first row an alert or report that came before it.
        earlier = [
            e
            for e in prose
            if start < e["occurred_at"] <= start + _STATED_AFTER
            and (_EXPERIENCED.search(e["text"]) or _said_start(e["text"]))
            and not _ends_at(e["time_text"]).search(e["text"])
        ]
    if earlier:
        first = min(earlier, key=lambda e: e["occurred_at"])
        times["time_of_first_trigger"] = first["occurred_at"]
        warnings[fallback] = (
            f"time_of_first_trigger: taken from the text ({first['time_text']!r}), which states "
            "an effect before the timeline's first row"
        )
        return True
    return False


def _since_before_post(
    times: dict[str, datetime | None],
    start: datetime,
    prose: list[dict[str, Any]],
    warnings: list[str],
) -> bool:
    """A status page's message that says since when, before the page's own time, dates the start.

    A status page's front matter dates the entry when it was posted ("date:
    2023-06-09T12:37"); its message may say since when the trouble ran ("There is an outage on
    ci.jenkins.io since 12h35 UTC", "disrupted: since 2pm CEST for our stage deployment"):
    that moment, before the post and less than a day before, is the start. One after the post
    ("since 6pm CEST for our production deployment" under a 14:20 post) is another day's or a
    slip, and is left.
    """
    posted = next(
        (
            i
            for i, w in enumerate(warnings)
            if w.startswith("time_of_first_trigger: the front matter's 'date'")
        ),
        None,
    )
    if posted is None:
        return False
    since = [
        e
        for e in prose
        if start - DAY < e["occurred_at"] < start
        # not a recovery's "since": "the jobs run smoothly again since 07:34am UTC"
        and not _AGAIN.search(e["text"])
        and not _says(e["text"], "time_of_recovery")
        and re.search(
            r"\bsince\s+(?:about\s+|around\s+|approximately\s+|~\s*)?" + re.escape(e["time_text"]),
            e["text"],
            re.IGNORECASE,
        )
    ]
    if not since:
        return False
    first = min(since, key=lambda e: e["occurred_at"])
    times["time_of_first_trigger"] = first["occurred_at"]
    warnings[posted] = (
        f"time_of_first_trigger: the message's 'since {first['time_text']}', before the front "
        "matter's 'date' (when the entry was posted)"
    )
    return True


_AGAIN = re.compile(r"\b(?:again|back|restored|resumed|recovered)\b", re.IGNORECASE)


#: The warning of a detection taken as the first row for want of a row that names one.
_DETECTED_AT_FIRST_ROW = (
    "time_of_internal_detect: nothing marks the detection; taken as the first timeline row, "
    "like the start"
)


def detection_after_stated_start(
    times: dict[str, datetime | None],
    relative: dict[str, timedelta],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """The rows' detection again, once the text has moved the start before the first row.

    A table listed out of order ("22:40 Affected employee … received a prompt", then "22:06
    IPS team observed that the … account was suspended") put its first row after the rows
    that name the detection, so they were skipped as before the start and the first row was
    taken for it; against the start the text states (22:04) they count.
    """
    if _DETECTED_AT_FIRST_ROW not in warnings:
        return
    kept = dict(times)
    times["time_of_internal_detect"] = None
    times_from_timeline(times, relative, timeline, [], fallback_start=False)
    found = times["time_of_internal_detect"]
    # Only the detection is read again; every other moment stays as the first pass read it.
    times.update({k: v for k, v in kept.items() if k != "time_of_internal_detect"})
    old = kept["time_of_internal_detect"]
    if found is None or (old is not None and found >= old):
        times["time_of_internal_detect"] = old
        return
    warnings[warnings.index(_DETECTED_AT_FIRST_ROW)] = (
        "time_of_internal_detect: a row names it between the start the text states and the "
        "timeline's first row"
    )


def impact_end_row(
    reader: Reader,
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """A row saying impact ended, earlier than a bare "End:" field, is the recovery.

    "End"/"Ended"/"Resolved" fields (``[labels] incident_end``) often record when the
    incident was closed, days after users stopped seeing anything; a row that says the
    impact ended (``[events] impact_end``) is what the reader means by recovery.
    """
    if times["time_of_recovery"] is None:
        _last_recovery_step(reader, times, timeline, warnings)
    label = next(
        (a for a in reader.options.aliases.get("incident_end", []) if reader.label_is(a)), None
    )
    recovery = times["time_of_recovery"]
    if label is None or recovery is None or reader.label("time_of_recovery") is None:
        return
    ends = [
        e["occurred_at"]
        for e in timeline
        if e["occurred_at"] is not None
        and e["occurred_at"] < recovery
        and _says(e["text"], "impact_end")
    ]
    if ends:
        times["time_of_recovery"] = min(ends)
        warnings.append(
            f"time_of_recovery: the timeline says impact ended before the {label!r} field's time; "
            "the field is taken as the incident's close"
        )


def _last_recovery_step(
    reader: Reader,
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """The last timeline row doing a step of a recovery told as its steps, as the recovery.

    "Recovery was performed by scanning the email attachment and the two machines": the
    recovery ended when its last step was done ("07:05 AM: The attachment has been confirmed
    clean upon a scan"). A row does a step when it shares two of the steps' words (from the
    sentence to the end of its paragraph); one shared word ("the email") is no step.
    """
    steps = next(
        (
            text[m.end() :]
            for section in reader.doc.sections
            for block in section.blocks
            if block.kind != "table"
            for text in [" ".join(block.lines())]
            for p in TIMELINE_EVENTS["recovery_steps"]
            if (m := p.search(text))
        ),
        None,
    )
    if steps is None:
        return
    words = _step_words(steps)
    start = times["time_of_first_trigger"]
    done = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and (start is None or e["occurred_at"] >= start)
        and _shared(words, _step_words(e["text"])) >= 2  # noqa: PLR2004 - one word is chance
    ]
    if done:
        last = max(done, key=lambda e: e["occurred_at"])
        times["time_of_recovery"] = last["occurred_at"]
        warnings.append(
            f"time_of_recovery: the last row doing a step of the recovery the text lists "
            f"({last['time_text']!r})"
        )


#: Words too common in a security or outage story to say which step a row does.
_NOT_STEPS = frozenset(
    (
        "that",
        "this",
        "with",
        "from",
        "were",
        "have",
        "been",
        "their",
        "there",
        "which",
        "into",
        "upon",
        "user",
        "users",
        "employee",
        "employees",
        "team",
    )
)


def _step_words(text: str, shortest: int = 4) -> set[str]:
    """The stems of a text's longer words ("scanning", "scanned" -> "scan").

    ``shortest`` is the fewest letters a word has to count ("EC2" and "AWS" with 3).
    """
    return {
        re.sub(r"([^aeiou])\1$", r"\1", re.sub(r"(?:ing|ed|es|s)$", "", w))
        for w in re.findall(rf"[a-z][a-z0-9]{{{shortest - 1},}}", text.lower())
        if w not in _NOT_STEPS and w not in _SHORT_FILLERS
    }


#: Three-letter words that name nothing (when three-letter words count).
_SHORT_FILLERS = frozenset(("the", "and", "all", "for", "its", "our"))


def _shared(steps: set[str], row: set[str]) -> int:
    """How many of a row's stems are a step's, or begin one ("eras" of "erase", "erased")."""
    return sum(any(a.startswith(b) or b.startswith(a) for b in steps) for a in row)


def only_customer(text: str) -> bool:
    """Whether a row is a customer's report and no more.

    "Users noticed errors" is a report from outside even though it says "noticed"; a row
    that also names the team's own signal outside those words ("Incident reported by a
    community member. Triggered by Angus") is an internal detection as well.
    """
    spans = [m.span() for p in TIMELINE_EVENTS["time_of_customer_detect"] for m in p.finditer(text)]
    if not spans:
        return False
    # A row that opens with the moment's name as its label ("**検知**: ユーザーが … 報告",
    # "Detected: users report 500s"): the label says which moment, the words after it whose.
    lead = _ROW_LABEL.match(text)
    spans.append((0, lead.end() if lead else 0))
    return not any(
        not any(a <= m.start() and m.end() <= b for a, b in spans)
        for p in TIMELINE_EVENTS["time_of_internal_detect"]
        for m in p.finditer(text)
    )


#: A row's opening label: a word or two and a colon, dash or stop ("検知:", "**検知。**",
#: "**Detected** —").
_ROW_LABEL = re.compile(
    r"^[\s*_]*[^\s:\uff1a—\u2013。.]{1,20}(?:\s[^\s:\uff1a—\u2013。.]{1,20})?[\s*_]*(?:[:\uff1a—\u2013.]|。[\s*_]*)(?=\s)"
)


def _reporters(rows: list[dict[str, Any]]) -> tuple[set[int], set[int]]:
    """The rows that are reports by one of the team, and those by customers (by index).

    "@nova First report of slow response times in Discord", with @nova opening the rows that
    check the services, find the cause and fix it: an admin, so the team's own detection,
    not a customer's. Someone who only reports ("The outage is reported on GitHub by
    @mborsz") stays a customer.
    """
    reports = {i for i, e in enumerate(rows) if only_customer(e["text"])}
    actors = [_row_actor(e) for e in rows]
    team = {a for i, a in enumerate(actors) if a and i not in reports}
    # Someone the team gives a role in the response: "@nova Appoints @quintessence as incident
    # commander".
    team |= {
        m.group("handle").lower()
        for i, e in enumerate(rows)
        if i not in reports
        for m in _GIVEN_A_ROLE.finditer(e["text"])
    }
    by_team = {i for i in reports if actors[i] in team}
    return by_team, reports - by_team


def _internal_detection(  # noqa: PLR0913 - the moments, the rows and how they are read
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    earliest: Callable[[str, datetime | None, set[int]], datetime | None],
    reporters: tuple[set[int], set[int]],
    warnings: list[str],
    *,
    acted: bool,
) -> datetime | None:
    """The team's detection from the rows, not a row that answers a user's report.

    ``reporters`` are the rows that are reports by the team and by customers. Returns the row
    that would name the detection but answers a report: it still bounds the rows in which the
    team acted before it (``_acted_earlier``), and it keeps the first row from being taken as
    the detection for want of one.
    """
    key, start = "time_of_internal_detect", times["time_of_first_trigger"]
    team_reports, customer_rows = reporters
    answered = earliest(key, start, customer_rows)
    skip = customer_rows | _answering_a_report(rows, team_reports, times[DETECTIONS[0]])
    reported = [rows[i]["occurred_at"] for i in team_reports]
    named = earliest(key, start, skip)  # already bounded by the start (``_early``)
    times[key] = min(filter(None, [named, _earliest_since(reported, start)]), default=None)
    if acted and start is not None:
        _acted_earlier(times, rows, start, skip, warnings, bound=answered)
    return answered if times[key] is None else None


def _answering_a_report(
    rows: list[dict[str, Any]], team_reports: set[int], reported_at: datetime | None
) -> set[int]:
    """The rows in which the team answers a user's report rather than noticing by itself.

    Once a user has reported the trouble (an earlier row, the same row, or a labelled time
    before it), a row whose detection words answer it (``_how_noticed``) is no internal
    detection: "Issue is acknowledged", "Investigation starts after a user reported …"; nor,
    once the team has so answered, what it finds after ("It was observed that /var/lib/docker
    … was on / (sda)"). The team's own signal
    still is ("Our automated alert finally trigged"), and so is a staff member noticing the
    symptom before anyone answered the report ("@ana notices that statuses are wrong").
    """
    reports = [
        i
        for i, e in enumerate(rows)
        if i not in team_reports and _says(e["text"], "time_of_customer_detect")
    ]
    answering: set[int] = set()
    for i in sorted(range(len(rows)), key=lambda k: rows[k]["occurred_at"]):
        at = rows[i]["occurred_at"]
        after_report = (reported_at is not None and reported_at < at) or any(
            j == i or rows[j]["occurred_at"] < at or (j < i and rows[j]["occurred_at"] == at)
            for j in reports
        )
        how = _how_noticed(rows[i]["text"])
        if after_report and (
            how == "answer"
            or (how == "finding" and any(rows[j]["occurred_at"] < at for j in answering))
        ):
            answering.add(i)
    return answering


#: How near a detection word its signal is written: "On-call paged by monitoring".
_NEAR = 40


def _spans(key: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for p in TIMELINE_EVENTS[key] for m in p.finditer(text)]


def _how_noticed(text: str) -> str | None:
    """How a row's detection words say the team knew: a "signal", an "answer" or a "finding".

    A word of the team's own signal (``[events] own_signal``: an alert, a monitor) near a
    detection word ("On-call paged by monitoring") makes the row a signal. A detection word
    answers a report when it is a word of answering (``reaction``: "Issue is acknowledged"),
    or a finding after words of looking into it (``looking_into``: "After checking one of the
    pod logs, it was observed") or after the report in the same row ("A user reported … A
    team member noticed"). Any other detection word ("@ana notices that statuses are wrong")
    is a finding; ``None``: the row names no detection.
    """
    signals, reactions = _spans("own_signal", text), _spans("reaction", text)
    looking = [a for a, _ in _spans("looking_into", text)]
    reports = [a for a, _ in _spans("time_of_customer_detect", text)]
    found = [
        m.span()
        for p in TIMELINE_EVENTS["time_of_internal_detect"]
        for m in p.finditer(text)
        if _said(m, text)
    ]
    if not found:
        return None
    if any(x < b + _NEAR and a - _NEAR < y for a, b in found for x, y in signals):
        return "signal"
    if all(
        any(x < b and a < y for x, y in reactions)
        or any(x < a for x in looking)
        or any(x < a for x in reports)
        for a, b in found
    ):
        return "answer"
    return "finding"


def _early(key: str, text: str) -> timedelta:
    """How far before the stated start a row naming ``key`` still counts (``_EARLY_SIGNAL``)."""
    if key == "time_of_internal_detect" and _how_noticed(text) == "signal":
        return _EARLY_SIGNAL
    return _EARLY


def _earliest_since(found: list[datetime | None], start: datetime | None) -> datetime | None:
    """The earliest of the moments found, from the impact start on (all, without one)."""
    kept = [t for t in found if t is not None and (start is None or t >= start - _EARLY)]
    return min(kept, default=None)


def _after_last_return(
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    earliest: Callable[[str, datetime | None, set[int]], datetime | None],
    warnings: list[str],
) -> None:
    """A recovery the trouble came back after is not its end: the one after its last return.

    "16:02 Mempool is back to zero." then "18:00 Second wave of transactions begin", …,
    "03:30 Final and largest wave of the dust storm begins", "04:46 mempool is empty."
    """
    ended = times["time_of_recovery"]
    if ended is None:
        return
    again = [
        e["occurred_at"]
        for e in rows
        if e["occurred_at"] > ended and _says(e["text"], "recurrence")
    ]
    if not again:
        return
    # Only rows after the last return: a start's few minutes of grace would let the end it
    # came back after ("16:29 thumbor recovers", "16:34 ms-fe1005 also goes down") count again.
    before = {i for i, e in enumerate(rows) if e["occurred_at"] <= max(again)}
    later = earliest("time_of_recovery", max(again), before)
    if later is not None and later > max(again):
        times["time_of_recovery"] = later
        warnings.append(
            f"time_of_recovery: the trouble came back after {ended.isoformat()}; its end "
            "after the last return is taken"
        )


def _amend(  # noqa: PLR0913 - the moment, where it was read from, and how
    key: str,
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    earliest: Callable[[str, datetime | None, set[int]], datetime | None],
    warnings: list[str],
    *,
    in_timeline: bool,
) -> None:
    """A moment read from its row, moved where the rows around it say it really is.

    (``in_timeline``: the rows are a timeline's, not the moments a text without one states.)
    """
    if key == "time_of_recovery":
        if in_timeline:
            _no_end_at_the_start(times, rows, earliest, warnings)
        _after_last_return(times, rows, earliest, warnings)
        _fix_rolled_out(times, rows, warnings)
        _recovered_ago(times, rows, warnings)
        _all_back_later(times, rows, warnings)
        _declared_by_earlier_step(times, rows, warnings)
        _at_range_end("time_of_recovery", times, rows, warnings)
    elif key == "time_of_rca":
        _at_range_end("time_of_rca", times, rows, warnings)


def _declared_by_earlier_step(
    times: dict[str, datetime | None], rows: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A recovery row that declares it over by an earlier action: that action's row is the end.

    "22:21 Active incident declared mitigated by the shutdown of the EC2 instances" after
    "21:30 IPS turns off all EC2 instances in the impacted AWS account": the shutdown ended it.
    """
    ended, start = times["time_of_recovery"], times["time_of_first_trigger"]
    row = _row_at(rows, ended)
    if ended is None or row is None or not (m := _DECLARED_BY.search(row["text"])):
        return
    means = _step_words(m.group("means"), shortest=3)
    earlier = [
        e
        for e in rows
        if (start is None or e["occurred_at"] > start)
        and e["occurred_at"] < ended
        and len(means & _step_words(e["text"], shortest=3)) >= 2  # noqa: PLR2004
    ]
    if earlier:
        times["time_of_recovery"] = earlier[-1]["occurred_at"]
        warnings.append(
            f"time_of_recovery: {row['time_text']!r} declares it over by what "
            f"{earlier[-1]['time_text']!r} did; that row is taken"
        )


#: A row declaring the incident over by a means: "declared mitigated by the shutdown of …".
_DECLARED_BY = re.compile(
    r"\bdeclared\s+(?:as\s+)?(?:mitigated|resolved|over|closed)\s+(?:by|through|with|via)\s+"
    r"(?:the\s+)?(?P<means>[^.;]{6,80})",
    re.IGNORECASE,
)


def _row_at(rows: list[dict[str, Any]], when: datetime | None) -> dict[str, Any] | None:
    """The first row at ``when`` (the row a moment was read from), if any."""
    return next((e for e in rows if e["occurred_at"] == when), None)


def _all_back_later(
    times: dict[str, datetime | None], rows: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A recovery of one part, when a later row says all of it came back.

    "18:30 Internal database restored", then "18:50 All services restored": the database is
    one part; the impact ends when the row says everything is back (within half a day).
    """
    ended = times["time_of_recovery"]
    row = _row_at(rows, ended)
    if ended is None or row is None or _ALL_BACK.search(row["text"]):
        return
    later = [
        e
        for e in rows
        if ended < e["occurred_at"] <= ended + HALF_DAY and _ALL_BACK.search(e["text"])
    ]
    if later:
        times["time_of_recovery"] = later[0]["occurred_at"]
        warnings.append(
            f"time_of_recovery: {row['time_text']!r} brought back one part; "
            f"{later[0]['time_text']!r} says all of it is back"
        )


#: A row saying everything is back: "All services restored", "all systems operational".
_ALL_BACK = re.compile(
    r"\ball\s+(?:the\s+|our\s+)?(?:services?|systems?|sites?|components?|functionality)\b"
    r"[^.;]{0,30}?\b(?:restored|recovered|back|operational|online|up|working)\b",
    re.IGNORECASE,
)


def _recovered_ago(
    times: dict[str, datetime | None], rows: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A recovery row that says how long ago the service came back, at its own time.

    "UPDATE: 03:01 UTC" over "As of 5 minutes ago the main subversion service was restored":
    the service was back at 02:56.
    """
    ended = times["time_of_recovery"]
    row = _row_at(rows, ended)
    if ended is None or row is None or not (m := _AGO.search(row["text"])):
        return
    said = m.group("span") or m.group("after")
    span = values.parse_duration(said)
    if span is not None and timedelta(0) < span < DAY:
        times["time_of_recovery"] = ended - span
        warnings.append(
            f"time_of_recovery: the row at {row['time_text']!r} says it came back {said} ago"
        )


#: How long before its row a recovery came, in the row's sentence: "As of 5 minutes ago the
#: service was restored", "came back up 10 minutes ago".
_AGO = re.compile(
    r"\b(?P<span>\d+\s*(?:minutes?|mins?|hours?|hrs?))\s+ago\b[^.;]{0,60}?"
    r"\b(?:restored|recovered|back\s+(?:up|online)|resolved|operational)\b"
    r"|\b(?:restored|recovered|back\s+(?:up|online)|resolved|operational)\b[^.;]{0,30}?"
    r"\b(?P<after>\d+\s*(?:minutes?|mins?|hours?|hrs?))\s+ago\b",
    re.IGNORECASE,
)


def _fix_rolled_out(
    times: dict[str, datetime | None], rows: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A recovery row that only says something was fixed ends when the fix is rolled out.

    "10:20 found the issue on the main machine and fixed the scripts", then "10:25 final
    rollout of the fixed scripts and rollback of the services": users see the fix at 10:25.
    Only a row that does not itself say the service came back, and a rollout within the
    hour after it, count.
    """
    ended = times["time_of_recovery"]
    fixed = _row_at(rows, ended)
    if fixed is None or _affirmed(TIMELINE_EVENTS["time_of_recovery"][0], fixed["text"]):
        return
    out = [
        e["occurred_at"]
        for e in rows
        if ended is not None
        and ended < e["occurred_at"] <= ended + _FIX_ROLLOUT
        and _says(e["text"], "fix_rolled_out")
    ]
    if out:
        times["time_of_recovery"] = min(out)
        warnings.append(
            f"time_of_recovery: the fix made at {fixed['time_text']!r} was rolled out later; "
            "the rollout is taken"
        )


#: How long after a fix its rollout still counts as that fix's.
_FIX_ROLLOUT = timedelta(hours=1)


#: A row timed by a span of clocks: "10:52〜11:05", "14:00 - 14:30" (its row time is the first).
#: (On the 12-hour clock too, "8:37 am-8:39 am"; a half of the day written once is both's.)
_CLOCK_SPAN = re.compile(
    r"(?<![\d:])(\d{1,2})[:h](\d{2})(?:\s*([ap])\.?m\b\.?)?\s*頃?\s*"
    r"(?:-|\u2013|\u2014|to|\u301c|\uff5e)\s*"
    r"(\d{1,2})[:h](\d{2})(?![\d:])(?:\s*([ap])\.?m\b\.?)?",
    re.IGNORECASE,
)


def _span_minutes(m: re.Match[str]) -> tuple[int, int]:
    """The minutes of the day a ``_CLOCK_SPAN`` opens and closes at, on the 24-hour clock."""
    h1, m1, half1, h2, m2, half2 = m.groups()
    half1, half2 = (half1 or half2 or "").lower(), (half2 or half1 or "").lower()

    def minute(hour: str, minutes: str, half: str) -> int:
        h = int(hour) % 12 + (12 if half == "p" else 0) if half else int(hour)
        return h * 60 + int(minutes)

    return minute(h1, m1, half1), minute(h2, m2, half2)


#: A row's short heading before a dash or colon: "原因特定 / 緩和 — …", "Root cause found: …".
_ROW_HEADING = re.compile(
    r"(?P<heading>[^\n\u2014\u2013:\uff1a]{1,30}?)\s*(?:\s[\u2014\u2013-]\s|[:\uff1a])"
)


def _at_range_end(
    key: str, times: dict[str, datetime | None], rows: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A root cause found, or a service back, in a row timed by a span: the span's end.

    "10:52〜11:05 | 症状から原因を特定" (the cause identified from the symptoms), "08:37-08:39 |
    the feed was restarted; readiness returned 200": the work took the span, and the finding or
    the restored state closes it; a row that opens on the finding or the recovery as its
    heading ("Root cause found: …", "原因特定 / 緩和 — then the steps") stays at the span's
    start. A span of up to half a day.
    """
    found = times[key]
    row = next(
        (e for e in rows if e["occurred_at"] == found and _says(e["text"], key)),
        None,
    )
    if found is None or row is None or not (m := _CLOCK_SPAN.search(row["time_text"] or "")):
        return
    if (lead := _ROW_HEADING.match(row["text"])) and any(
        p.search(lead["heading"]) for p in TIMELINE_EVENTS[key]
    ):
        return
    opens, closes = _span_minutes(m)
    span = timedelta(minutes=closes - opens)
    if timedelta(0) < span <= timedelta(hours=12):
        times[key] = found + span
        what = "the cause was found" if key == "time_of_rca" else "it came back"
        warnings.append(f"{key}: {what} during {row['time_text']!r}; its end is taken")


#: Someone given a role in the response: "Appoints @quintessence as incident commander".
_GIVEN_A_ROLE = re.compile(
    r"@(?P<handle>[\w.-]+)\s+(?:as|is\s+(?:now\s+)?)\s*(?:the\s+|our\s+)?(?:incident\s+"
    r"(?:commander|lead|manager)|ic|on-?call|comms?\s+lead)\b",
    re.IGNORECASE,
)
#: Who opens a row: "@nova First report of …", "ianh reports that Travis is upset".
_ROW_ACTOR = re.compile(
    r"^\s*(?:@(?P<handle>[\w.-]+)|(?P<name>[a-z][\w.-]*)(?=\s+(?:reports?|reported|notices|"
    r"noticed|flags|flagged|says|said|mentions|mentioned)\b))"
)


def _row_actor(event: dict[str, Any]) -> str | None:
    """The person a row is by: its Who column, or the handle it opens on."""
    if event.get("actor"):
        return str(event["actor"]).strip().lstrip("@").lower() or None
    m = _ROW_ACTOR.match(event["text"])
    return (m.group("handle") or m.group("name")).lower() if m else None


def _acted_earlier(  # noqa: PLR0913 - the moments, the rows and what bounds the search
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    start: datetime,
    skip: set[int],
    warnings: list[str],
    *,
    bound: datetime | None = None,
) -> None:
    """The team acting on the incident ("Decision taken to add two nodes") knew of it.

    When the first row after the start in which the team responds (``[events] response``)
    comes before the row that names the detection, that row is the internal detection. With
    no such row, the one that would name it but answers a user's report (``bound``) bounds
    the search instead. Rows in ``skip`` (customers' reports, answers to them) do not count.
    """
    found = times["time_of_internal_detect"] or bound
    if found is None:
        return  # nothing names it: the first row is taken as the detection (see below)
    for i, e in enumerate(rows):
        if i in skip or e["occurred_at"] <= start or e["occurred_at"] >= found:
            continue
        if _says(e["text"], "response"):
            times["time_of_internal_detect"] = e["occurred_at"]
            warnings.append(
                f"time_of_internal_detect: the team acts at {e['time_text']!r} before any row "
                "says it noticed; taken as when it knew"
            )
            return


#: Where a clause ends: a sentence's end, or "and" before a new subject ("errors seem to have
#: stopped and the incident is resolved": the hedge is the first clause's).
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|,?\s+and\s+(?=(?:the|it|we|they|all|everything)\s)")


def names_moment(text: str, kind: str) -> bool:
    """Whether ``text`` names the moment ``kind`` (``[events]``), affirmed, not denied."""
    return _says(text, kind)


def _says(text: str, kind: str) -> bool:
    """`text` affirms one of the timeline vocabulary's `kind` phrases (vocabulary.toml)."""
    return any(_affirmed(p, text) for p in TIMELINE_EVENTS[kind])


def _affirmed(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says what ``pattern`` names, not that it did not happen.

    "This is a fundamental issue that can't be fixed", "the revert did not resolve it":
    a word of ``[events] negation`` just before the match denies it; a hedge earlier in the
    clause ("believes that PR 6352 fixed it": ``[events] hedge``) leaves it unsaid.
    """
    return any(_said(m, text) for m in pattern.finditer(text))


def _said(m: re.Match[str], text: str) -> bool:
    """Whether the match ``m`` in ``text`` is neither denied nor hedged (see ``_affirmed``)."""
    before = text[max(0, m.start() - 25) : m.start()]
    clause = _CLAUSE_BREAK.split(text[: m.start()])[-1]
    if (
        not clause.strip()
        and re.match(r"(?:reports?|claims?|rumou?rs?)\b", m.group(0), re.IGNORECASE)
        and _RETRACTED.match(text[m.end() :])
    ):
        return False  # "Reports that the situation has passed are not correct."
    if _DOUBTED.match(text[m.end() :]):
        return False  # "said that backlog was cleared, but she might have been wrong"
    return not any(n.search(before) for n in TIMELINE_EVENTS["negation"]) and not any(
        h.search(clause) for h in TIMELINE_EVENTS["hedge"]
    )


#: A clause that doubts what it has just said: "selena said that backlog was cleared, but she
#: might have been wrong".
_DOUBTED = re.compile(
    r"[^.;]{0,60}?\bbut\s+(?:\w+\s+){0,2}(?:might|may|could)\s+(?:have\s+been|be)\s+"
    r"(?:wrong|mistaken|incorrect)\b",
    re.IGNORECASE,
)

#: A sentence that opens on the words and then takes them back: "Reports that the situation
#: has passed are not correct", "Claims of a fix were false".
_RETRACTED = re.compile(
    r"(?:\w*\s+(?:that|of)\b)?[^.;]{0,80}?\b(?:are|were|is|was)\s+(?:not\s+(?:correct|true|accurate)|"
    r"false|untrue|inaccurate)\b",
    re.IGNORECASE,
)


#: How far before a recovery word its subject can say "most" ("Most users are back online").
_SUBJECT_CHARS = 30


def _fully_recovered(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` says the service came back, not only in part or for a moment.

    "Most users are back online now!" (a part: ``[events] partial`` just before the word),
    "Node is back up, immediately halts itself again", "This deploy is successful except on
    production" (the sentence goes on to take it back: ``[events] relapse``), "Levels 0 through
    16 have now been restored. Work continues on levels 17-19." (another sentence of the row
    says another part is still out: ``[events] residual``) are recoveries a later row may
    complete; they are taken only when no row says more.
    """
    for m in pattern.finditer(text):
        if not _said(m, text):
            continue
        clause = _CLAUSE_BREAK.split(text[: m.start()])[-1][-_SUBJECT_CHARS:]
        rest, *later = re.split(r"[.;!?](?:\s|$)", text[m.end() :], maxsplit=1)
        earlier = re.split(r"[.;!?]\s", text[: m.start()])[:-1]
        if (
            not any(p.search(clause) for p in TIMELINE_EVENTS["partial"])
            and not any(p.search(rest) for p in TIMELINE_EVENTS["relapse"])
            and not any(p.search(" ".join(earlier + later)) for p in TIMELINE_EVENTS["residual"])
        ):
            return True
    return False


def scheduled_release(
    times: dict[str, datetime | None], told: list[dict[str, Any]], warnings: list[str]
) -> None:
    """A start that is a release's set time: what was seen before it, and when it went out.

    "Index of Production was due to be published at 07:00 … At 06:29 the output team …
    informed the Publishing Team that they had spotted an error … the collection was published
    manually at 07:03": the noticing before the set time is the detection (corpus rule 4: a
    negative time to detect), the release going out the recovery.
    """
    start = times["time_of_first_trigger"]
    if start is None or not any(e["occurred_at"] == start and set_time(e["text"]) for e in told):
        return
    if times["time_of_internal_detect"] is None:
        seen = [
            e
            for e in told
            if start - _BEFORE_RELEASE <= e["occurred_at"] < start
            and _says(e["text"], "time_of_internal_detect")
            and not _says(e["text"], "time_of_customer_detect")
        ]
        _take_earliest(
            times,
            "time_of_internal_detect",
            seen,
            warnings,
            "noticed at {!r}, before the release's set time that is the start (time to detect "
            "reads negative)",
        )
    if times["time_of_recovery"] is None:
        out = [
            e
            for e in told
            if e["occurred_at"] > start
            and _says(e["text"], "published")
            and not set_time(e["text"])
        ]
        _take_earliest(
            times,
            "time_of_recovery",
            out,
            warnings,
            "the release went out at {!r}, after its set time",
        )


def _take_earliest(
    times: dict[str, datetime | None],
    key: str,
    found: list[dict[str, Any]],
    warnings: list[str],
    why: str,
) -> bool:
    """Set ``key`` to the earliest moment ``found`` (if any), saying ``why`` with its clock."""
    if not found:
        return False
    first = min(found, key=lambda e: e["occurred_at"])
    times[key] = first["occurred_at"]
    warnings.append(f"{key}: " + why.format(first["time_text"]))
    return True


#: How long before a release's set time a noticing still concerns that release.
_BEFORE_RELEASE = timedelta(hours=12)


def story_day(dated: list[tuple[date, str]]) -> date | None:
    """The day a timeline of days (rows with no time) begins, after its run-up.

    Leading rows that only make a change (a merge, a release: ``[events] change``) and name
    no effect are the run-up, as timed rows followed by silence are (``_first_impact_row``):
    "2021-05-08 Pull request … merged", then "2021-06-16 Release v3.5.0 with data corruption
    was published" — the story begins on the 16th.
    """
    if not dated:
        return None
    effects = [
        p for k in ("time_of_first_trigger", *DETECTIONS, "symptom") for p in TIMELINE_EVENTS[k]
    ]
    for on, text in dated[:-1]:
        if not any(p.search(text) for p in TIMELINE_EVENTS["change"]) or any(
            _affirmed(p, text) for p in effects
        ):
            return on
    return dated[-1][0]


def marked_start_day(dated: list[tuple[date, str]]) -> date | None:
    """The day of a row dated without a time that says the trouble began, if any.

    "22.02.2023" / "Feilen utløses" (the fault set off), "2021-06-16 Errors started".
    """
    return next(
        (
            on
            for on, text in dated
            if any(_affirmed(p, text) for p in TIMELINE_EVENTS["time_of_first_trigger"])
        ),
        None,
    )


def _first_impact_row(
    rows: list[dict[str, Any]],
    day: date | None,
    local: tzinfo,
    *,
    busy: set[int] | None = None,
    seen: bool = False,
) -> dict[str, Any]:
    """The row taken as the start of impact when no row's wording marks it.

    Rows dated before the day the document states for the incident (its title or "Date:")
    are the run-up (preparation, a change days before); so are leading rows that only
    make a change (a deploy, a merge: ``[events] change``), name no effect (``symptom``,
    detection or start wording) and are followed by an hour or more of silence: such a
    change hurt nobody until something failed. In a timeline (``seen``), so is such a change
    row whose next row names the effect a quarter of an hour or more later ("Reviewed and
    merged BinderHub PR #395", then 30 minutes later "PR #254 failed to deploy to staging"):
    the corpus's impact start is the first moment something was affected, not the change
    that caused it, and the next row is the first the document shows affected. (Times a
    prose text states are no such sequence: "released at 15:09 … we received a report at
    15:23" stays the release.)
    """
    start = 0
    effects = [
        p for k in ("time_of_first_trigger", *DETECTIONS, "symptom") for p in TIMELINE_EVENTS[k]
    ]
    if day is not None:
        start = next(
            (i for i, e in enumerate(rows) if e["occurred_at"].astimezone(local).date() >= day), 0
        )
        if any(_affirmed(p, e["text"]) for e in rows[:start] for p in effects):
            # An alarm or a symptom on an earlier day: the incident began before the day its
            # title names (a title dated by its worst day), so those rows are no run-up.
            start = 0
    while (
        start < len(rows) - 1
        and (
            rows[start + 1]["occurred_at"] - rows[start]["occurred_at"] > _QUIET_AFTER_CHANGE
            or (
                seen
                and rows[start + 1]["occurred_at"] - rows[start]["occurred_at"]
                >= _QUIET_BEFORE_EFFECT
                and any(_affirmed(p, rows[start + 1]["text"]) for p in effects)
            )
            # Code merged is in nobody's hands until the next row deploys it ("10:30 PR is
            # merged into master", "10:40 Build succeeds … and is deployed"): the deploy is
            # the first moment anything could be affected.
            or (_merged_only(rows[start]["text"]) and _says(rows[start + 1]["text"], "deployed"))
        )
        and any(p.search(rows[start]["text"]) for p in TIMELINE_EVENTS["change"])
        and not any(p.search(rows[start]["text"]) for p in effects)
        and id(rows[start]) not in (busy or set())
    ):
        start += 1
    return rows[start]


def _merged_only(text: str) -> bool:
    return _says(text, "merged") and not _says(text, "deployed")


#: A change followed by this long a silence hurt nobody yet (a deploy the evening before);
#: one followed sooner by the next row is taken as when the trouble began.
_QUIET_AFTER_CHANGE = timedelta(hours=1)
#: In a timeline, a change whose next row names the effect this long after it showed nothing
#: affected meanwhile; sooner, the two are one event as written ("09:58 Deploy of
#: queue-worker 4.2", "10:02 Issue detected as a result of alerts": the deploy is the start).
_QUIET_BEFORE_EFFECT = timedelta(minutes=15)


def detection_time(
    reader: Reader,
    times: dict[str, datetime | None],
    day: date | None,
    zone: tzinfo,
    options: ParseOptions,
) -> None:
    """A time the Detection section gives ("alerts fired at 09:23"), as who noticed it."""
    text = reader.section_text("detection")
    if not text or any(times[k] is not None for k in DETECTIONS):
        return
    m = _DETECTED_AT.search(text)
    if m is None:
        return
    when = values.parse_datetime(
        m.group(0), default_zone=zone, default_date=day, day_first=options.day_first
    )
    if when is not None and (ago := _SPAN_BEFORE.search(text[: m.start()])):
        # "Operator reported overnight warning/error notifications (approx 5 hours before
        # 12:22Z)": the clock is the later moment the span is counted back from.
        span = values.parse_duration(ago["span"])
        when = when - span if span is not None else when
    key = (
        "time_of_customer_detect"
        if detection_method_of(text, dict.fromkeys(TIME_FIELDS)) == "customer"
        else "time_of_internal_detect"
    )
    times[key] = when


def alert_row_before(
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    stated: datetime,
    warnings: list[str],
) -> None:
    """A timeline row that is the team's alert, before the Detection section's time, wins.

    The section's clock is prose, often written later and in another zone than the
    timeline's ("The issue first generated alerts at 03:46 in the morning", local summer
    time, beside the row "2026-07-08 01:46: Alert reporting high number of app instances"
    under "Timeline (All Time in UTC)"); a row whose detection word is the team's own signal
    (``_how_noticed``: an alert, a monitor) from the impact start on is the alert as it came.
    """
    start = times["time_of_first_trigger"]
    rows = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and e["occurred_at"] < stated
        and (start is None or e["occurred_at"] >= start - _EARLY)
        and _how_noticed(e["text"]) == "signal"
    ]
    if rows:
        first = min(rows, key=lambda e: e["occurred_at"])
        times["time_of_internal_detect"] = first["occurred_at"]
        warnings.append(
            f"time_of_internal_detect: the timeline's alert at {first['time_text']!r} comes "
            f"before the Detection section's {stated.isoformat()}; the row is taken"
        )


#: A span counted back from the clock after it: "(approx 5 hours before 12:22Z)".
_SPAN_BEFORE = re.compile(
    r"(?:approx(?:imately)?\.?\s*|about\s+|around\s+|~\s*)?"
    r"(?P<span>\d+(?:\.\d+)?\s*(?:hours?|hrs?|h|minutes?|mins?))\s+before\s+$",
    re.IGNORECASE,
)
#: The time a Detection section states: "09:23 UTC", "At approximately 12:30pm CT".
_DETECTED_AT = re.compile(
    r"\b\d{1,2}:\d{2}(?:\s*(?i:[ap]\.?m\b\.?))?(?:\s*(?:UTC|GMT|Z|[A-Z]{2,4}T|PT|ET|CT|MT)\b)?"
)


def detection_method_of(text: str | None, times: dict[str, datetime | None]) -> str | None:
    """How the incident was detected: what ``text`` says, else the earlier detection's kind."""
    if text:
        lowered = text.lower()
        # Reports received or a notification are from outside the team ("we received reports
        # through IBM internal communications", "We were notified on GitHub").
        if re.search(
            r"customer|users?[- ]reported|support|ticket|client|received (?:\w+ )?reports?\b|"
            r"\bwere notified\b",
            lowered,
        ):
            return "customer"
        if re.search(r"monitor|alert|page|internal|synthetic|automat|on-call|dashboard", lowered):
            return "internal"
    customer, internal = times["time_of_customer_detect"], times["time_of_internal_detect"]
    if customer is not None and (internal is None or customer <= internal):
        return "customer"
    if internal is not None:
        return "internal"
    return None
