"""A status page's incident: its start and end from the front matter and nearby sentences."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import takewhile
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.clocks import HALF_DAY, MONTH_NAME
from tap_postmortems.moments import failing_since_day, names_moment
from tap_postmortems.prose_moments import PLANNED
from tap_postmortems.reader import body_lines
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from collections.abc import Callable

    from tap_postmortems.document import Document


def front_moments(
    doc: Document, times: dict[str, datetime | None], zone: tzinfo, warnings: list[str]
) -> None:
    """A status page's incident: its start and end in the front matter ([front_matter])."""
    names = vocabulary().front_matter
    if not any(k in doc.front for k in names["markers"]):
        return
    for key, fields in names.items():
        if key == "markers" or times.get(key) is not None:
            continue
        for name in fields:
            text = doc.front.get(name)
            if text and values.looks_absolute(text):
                when = values.parse_datetime(text, default_zone=zone)
                if when is not None:
                    times[key] = when
                    warnings.append(f"{key}: the front matter's {name!r} ({text})")
                    if key == "time_of_first_trigger":
                        times[key] = _refined_start(doc, when, zone, warnings)
                    if key == "time_of_recovery" and (
                        back := _working_again(doc, when, times.get("time_of_first_trigger"))
                    ):
                        # The page was closed after the service came back: "At 07:00 UTC,
                        # the Windows package was available again" is the end of impact.
                        times[key] = back
                        warnings.append(f"{key}: a sentence says it worked again at {back:%H:%M}")
                    elif key == "time_of_recovery" and (
                        quiet := _quiet_before_close(doc, when, times.get("time_of_first_trigger"))
                    ):
                        times[key] = quiet
                        warnings.append(
                            f"{key}: the entry was closed after a stated quiet spell; the fix "
                            f"came {when - quiet} before the close"
                        )
                    break


def started_at_post(warnings: list[str]) -> bool:
    """Whether the start was taken from a status entry's post (its front matter's ``date``)."""
    return any(w.startswith(_POSTED) for w in warnings)


#: The warning ``front_moments`` writes when the start is the front matter's date.
_POSTED = "time_of_first_trigger: the front matter's 'date'"


def failing_since_before_post(
    doc: Document, times: dict[str, datetime | None], warnings: list[str]
) -> date | None:
    """The day a status entry says the trouble began, before the post its start was dated by.

    "It has been brought to our attention that emails are not being sent since August 23rd"
    in an entry posted on 7 September: the impact began on 23 August, at a time not stated;
    the front matter's date is when the entry went up. Returns that day (the start's time
    is then unknown).
    """
    posted = times["time_of_first_trigger"]
    if posted is None or not started_at_post(warnings):
        return None
    for line in body_lines(doc):
        day = failing_since_day(line, posted.date())
        if day is not None and posted.date() - _SINCE_WITHIN <= day < posted.date():
            times["time_of_first_trigger"] = None
            warnings.append(
                f"time_of_first_trigger: the entry says it has failed since {day.isoformat()}, "
                "before its post; the start's time is not stated"
            )
            return day
    return None


#: How long before its post a status entry's "since <day>" can date its start.
_SINCE_WITHIN = timedelta(days=60)


def detected_in_notice(
    doc: Document, times: dict[str, datetime | None], warnings: list[str]
) -> None:
    """A status entry whose first notice says a monitor showed the trouble: detected then.

    "Our monitoring is showing slower than normal start up times for session jobs", "There
    have been several Sentry exception reports" in the notice the front matter dates: the team's
    own signal, at the post that is the start (time to detect 0, corpus rule 1).
    """
    start = times["time_of_first_trigger"]
    if (
        start is None
        or not doc.updates  # (no stamped update: the notice is not set apart from the rest)
        or times["time_of_internal_detect"] is not None
        or times["time_of_customer_detect"] is not None
        or not started_at_post(warnings)
    ):
        return
    for line in _notice(doc):
        if (
            _MONITOR.search(line)
            and names_moment(line, "time_of_internal_detect")
            and not names_moment(line, "time_of_customer_detect")
        ):
            times["time_of_internal_detect"] = start
            warnings.append(
                "time_of_internal_detect: the entry's notice says the team's monitoring showed "
                "it; detected when it was posted"
            )
            return


#: What a monitor's signal is called: the team's own tools, not a person noticing.
_MONITOR = re.compile(
    r"\b(?:monitoring|monitors?|alerts?|alerting|alarms?|sentry|honeybadger|rollbar|bugsnag|"
    r"errbit|pagerduty|datadog|grafana|prometheus|nagios|icinga|uptime\s?robot|statuscake)\b",
    re.IGNORECASE,
)


def _notice(doc: Document) -> list[str]:
    """A status entry's first notice: its lines before the first stamped update."""
    return list(takewhile(lambda ln: not values.TIMESTAMP_PREFIX.match(ln), body_lines(doc)))


def resolved_by_last_update(
    doc: Document,
    read: tuple[dict[str, datetime | None], dict[str, Any]],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """A status entry marked resolved: its last stamped update is the end, when no word is.

    ``read`` is the moments found so far and the record (a stated length, when there is one,
    is the end's measure instead).

    ``resolved: true`` over "The problem was identified and settings to the software were
    updated" or "**Resolution**: The OpenAM client was patched": on a status page the update
    that closed the entry is the one that tells the service is back, whatever its words.
    """
    times, out = read  # the moments so far, and the record (a stated length wins)
    if (
        times.get("time_of_recovery") is not None
        or out.get("stated_minutes_to_recover") is not None
        or not doc.updates
        or doc.front.get("resolved", "").strip().lower() not in {"true", "yes"}
    ):
        return
    rows = [e for e in timeline if e["occurred_at"] is not None]
    start = times.get("time_of_first_trigger")
    if not rows or (start is not None and rows[-1]["occurred_at"] <= start):
        return
    if _STILL_OPEN.search(rows[-1]["text"]) or _FOUND_ONLY.match(rows[-1]["text"]):
        # "Cloud hosting are still working with Google … don't know if a resolution is
        # close", "We've identified the issue.": closed later without a word of its end.
        return
    last = rows[-1]["occurred_at"]
    times["time_of_recovery"] = last
    warnings.append(
        f"time_of_recovery: the entry is marked resolved; its last update ({last.isoformat()}) "
        "is taken as the end"
    )


#: An update that says the trouble goes on, or only that its cause was found.
_STILL_OPEN = re.compile(
    r"\b(?:still|investigating|not yet|(?:do not|don[\u2019']t) know|unknown|"
    r"working (?:on|with|to))\b",
    re.IGNORECASE,
)
_FOUND_ONLY = re.compile(
    r"^\W*(?:we(?:[\u2019']ve| have)?\s+)?(?:identified|found) the (?:issue|problem|cause)\W*$",
    re.IGNORECASE,
)


#: A sentence that says the service worked again at a clock: "At 07:00 UTC, the package was
#: available again", "the jobs run smoothly again since 07:34am UTC", or that users were
#: sent to a working alternative then: "We've disabled the East US mirror in favor of West
#: europe or archives.jenkins.io at 08:00 UTC".
_AGAIN_AT = re.compile(
    r"\b(?:at|since|from)\s+(?P<c1>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)[^.]*?\bagain\b"
    r"|\bagain\s+(?:since|from|at)\s+(?P<c2>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)"
    r"|\bin\s+favou?r\s+of\b(?:[^.]|\.(?=\S)){0,120}?\bat\s+(?P<c3>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)",
    re.IGNORECASE,
)


def _refined_start(doc: Document, when: datetime, zone: tzinfo, warnings: list[str]) -> datetime:
    """The start a status entry's text states, over the front matter's date of the post."""
    if began := _front_clock(doc, _STARTING_AT, when, _near(when)):
        # The entry was posted near the start, the text says when it began: "Tuesday
        # January 30 2024, starting at 15:05 UTC, get.jenkins.io …".
        warnings.append(f"time_of_first_trigger: a sentence says it began at {began:%H:%M}")
        return began
    if stamped := _stamped_beginning(doc, when, zone):
        # The entry was posted later than the failure its text dates: "the default queue
        # stopped processing items at 2024-02-12 01:54:38" under a page dated the 13th, 13:00.
        warnings.append(f"time_of_first_trigger: a sentence dates the failure's start ({stamped})")
        return stamped
    return when


def _stamped_beginning(doc: Document, posted: datetime, zone: tzinfo) -> datetime | None:
    """The full date-time a sentence says the failure began at, a while before the post.

    Only a moment before the page's own date and within a week of it: a post dates itself
    when it goes up, its text may date the failure it reports.
    """
    for section in doc.sections:
        for block in section.blocks:
            for line in block.lines():
                for m in _BEGAN_AT_STAMP.finditer(line):
                    when = values.parse_datetime(m.group("stamp"), default_zone=zone)
                    if when is not None and posted - _WEEK <= when < posted:
                        return when
    return None


_WEEK = timedelta(days=7)
#: A failure dated to the second in a sentence: "stopped processing items at 2024-02-12
#: 01:54:38", "errors started at 2023-05-02 14:05 UTC" (the day in words too: "at February 12,
#: 2024 01:54:38").
_BEGAN_AT_STAMP = re.compile(
    r"\b(?:start(?:ed|ing)|began|beginning|stopped\s+\w+(?:\s+\w+)?|went\s+down|broke|"
    r"failing|failed)\b[^.;]{0,60}?\b(?:at|since|from|on)\s+"
    r"(?P<stamp>(?:\d{4}-\d{2}-\d{2}[ T]|(?:"
    + MONTH_NAME
    + r"\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+"
    + MONTH_NAME
    + r"),?\s+\d{4},?\s+(?:at\s+)?)\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|GMT|Z)\b)?)",
    re.IGNORECASE,
)

#: A sentence that says when the trouble began: "starting at 15:05 UTC, get.jenkins.io …".
#: A clock followed by another digit is a version number ("starting 2.466 release").
_STARTING_AT = re.compile(
    r"\b(?:starting|started|beginning|began)\s+(?:at\s+)?(?:around\s+|about\s+)?"
    r"(?P<c1>\d{1,2}[:.]\d{2}(?!\.?\d)\s*(?:[ap]\.?m\.?)?)(?P<c2>)",
    re.IGNORECASE,
)


#: A closing message that waited a quiet spell after the fix: "Closing the incident after 24
#: hours without issues", "closed after 2 days of stable service".
_CLOSED_AFTER_QUIET = re.compile(
    r"\bclos(?:e|es|ed|ing)\b[^.;]{0,40}?\bafter\s+(?P<span>\d+(?:\.\d+)?\s*"
    r"(?:hours?|hrs?|h|days?))\s+(?:without\s+(?:any\s+)?(?:issues?|problems?|errors?|"
    r"incidents?|failures?)|of\s+(?:stable|normal|smooth)\s+\w+|with\s+no\s+"
    r"(?:issues?|problems?|errors?|failures?))\b",
    re.IGNORECASE,
)


def _quiet_before_close(doc: Document, closed: datetime, start: datetime | None) -> datetime | None:
    """The end of impact a closing message puts a quiet spell before the close, if it does.

    "We were able to fix the configuration … Closing the incident after 24 hours without
    issues": the fix, the end of impact, came 24 hours before the entry was closed. Only a
    moment after the start counts.
    """
    for section in doc.sections:
        for block in section.blocks:
            for line in block.lines():
                if (m := _CLOSED_AFTER_QUIET.search(line)) is None:
                    continue
                span = values.parse_duration(m.group("span"))
                if span is not None and (start is None or closed - span > start):
                    return closed - span
    return None


def _near(moment: datetime) -> Callable[[datetime], bool]:
    """Whether a clock is within half a day of ``moment``."""
    return lambda clock: abs(clock - moment) < HALF_DAY


def _working_again(doc: Document, closed: datetime, start: datetime | None) -> datetime | None:
    """The clock a status page's text says the service worked again, on the day it was closed.

    Only a moment within the day before the page's close (and after the start) counts.
    """
    return _front_clock(
        doc,
        _AGAIN_AT,
        closed,
        lambda c: c <= closed and closed - c < 2 * HALF_DAY and (start is None or c > start),
    )


def _front_clock(
    doc: Document, pattern: re.Pattern[str], near: datetime, fits: Callable[[datetime], bool]
) -> datetime | None:
    """The first clock a sentence of ``pattern`` states, on the day of ``near``, that fits."""
    for section in doc.sections:
        for block in section.blocks:
            for line in block.lines():
                if not (m := pattern.search(line)):
                    continue
                if PLANNED.search(re.split(r"(?<=[.!?])\s+", line[: m.start()])[-1]):
                    # "We plan to do it monday 14th starting at 08:00am UTC": a plan's clock.
                    continue
                clock = values.parse_datetime(
                    f"{near.date().isoformat()} {next(c for c in m.groups() if c)}",
                    default_zone=near.tzinfo or UTC,
                )
                if clock is not None and fits(clock):
                    return clock
    return None
