"""Postmortem document -> incident record: deterministic, and explicit about what it missed.

Facts are looked for where the common templates put them, in this order: "Label: value"
lines and key/value tables (labels matched against per-field aliases, configurable),
sections under a matching heading, and, for the incident's timestamps, timeline entries
whose text names the moment ("impact began", "on-call paged", …). A timestamp given as
a duration ("detected after 8 minutes", "Time to Detect: 8 min") is anchored to the
impact start. Everything not found is listed in ``parse_warnings`` with the reason.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from tap_postmortems import values
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from collections.abc import Callable

    from tap_postmortems.document import Block, Document, Section

#: Fields without which a record is ``partial``: the incident record's backbone. Facts
#: that are legitimately absent (no customer report, no data to reconcile) only warn.
CORE_FIELDS = (
    "incident_name",
    "incident_date",
    "time_of_first_trigger",
    "time_of_internal_detect",
    "time_of_recovery",
    "severity_level",
    "root_causes",
)
DETECTIONS = ("time_of_customer_detect", "time_of_internal_detect")
TIME_FIELDS = (
    "time_of_first_trigger",
    "time_of_customer_detect",
    "time_of_internal_detect",
    "time_of_recovery",
    "time_of_reconcile",
    "time_of_rca",
)

#: Label aliases per field, headings per section and timeline wording per moment come from
#: ``vocabulary.toml`` (see :mod:`tap_postmortems.vocabulary`); ``field_aliases`` in the
#: settings extends the labels.
DEFAULT_ALIASES: dict[str, list[str]] = vocabulary().labels
SECTION_ALIASES: dict[str, list[str]] = vocabulary().sections
TIMELINE_EVENTS: dict[str, list[re.Pattern[str]]] = vocabulary().events
HEADING_WORDS: dict[str, re.Pattern[str]] = vocabulary().heading_words


@lru_cache(maxsize=64)
def _other_headings(key: str) -> frozenset[str]:
    """The headings of every known section but ``key``'s, normalised."""
    return frozenset(normalise(a) for k, v in SECTION_ALIASES.items() if k != key for a in v)


def section_headings() -> list[str]:
    """Every known section heading, normalised (a plain-text document's headings)."""
    return sorted({normalise(a) for aliases in SECTION_ALIASES.values() for a in aliases})


#: Durations stated as such, per field: the label key read and the moment it measures to.
STATED_DURATIONS = {
    "stated_minutes_to_detect": ("time_to_detect", "time_of_internal_detect"),
    "stated_minutes_to_recover": ("time_to_recover", "time_of_recovery"),
    "stated_minutes_to_resolve": ("time_to_resolve", None),
}

_TITLE_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:[\w.-]+\s+){0,3}?(?:incident\s+)?(?:post[\s-]?mortem|post[\s-]?incident\s+review|"
    r"incident\s+report|incident\s+review|pir|rca|retrospective)(?:\s+for)?\s*[:\-\u2013\u2014|]\s*|^\s*incident\s+report\s+for\s+",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(
    r"(?::|\s[-\u2013\u2014|]|,|\s(?=\())\s*\(?(?P<date>[^:\u2013\u2014|()]+?)\)?\s*$"
)
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^:|]{1,60}?)\s*:\s*(?P<value>.*)$")
#: A label followed by a date-time without a colon: "First detected 2022-11-15 16:03".
_LABEL_STAMP = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z ]{1,40}?)\s+(?P<value>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}.*)$"
)
_TICKET = re.compile(r"\b([A-Z][A-Z0-9]{1,9}-\d{1,7})\b")
_URL = re.compile(r"https?://[^\s<>()\"']+")
_DUE = re.compile(r"\bdue(?:\s+date)?\s*[:=]?\s*(?:by\s+|on\s+)?(?P<when>[^,;)\]]+)", re.IGNORECASE)
_OWNER = re.compile(
    r"\b(?:owner|assignee|assigned to|who)\s*[:=]\s*(?P<who>[^,;)\]]+)", re.IGNORECASE
)
_ITEM_SPLIT = re.compile(
    r"\s+(?:\u2014|\u2013|--|\|)\s+|\s+-\s+(?=(?:owner|due|[A-Z]{2,}-\d))", re.IGNORECASE
)
_BULLET_STATUS = re.compile(r"^\s*(\[[ xX]\]|☐|☑|✅)\s*")

#: A unit of a length stated in prose.
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b"
#: Durations stated in prose: "we detected the problem after 8 minutes", "recovered within 1h".
_PROSE_SPANS = {
    "time_to_detect": re.compile(
        r"\b(?:detected|noticed|alerted|paged)\b[^.;]{0,40}?\b(?:after|within|in)\s+"
        r"(?P<span>(?:(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*[a-z]+\s*)+)"
        # "The issue went unnoticed for 3 hours", "It was 11 hours before we realized"
        r"|\b(?:unnoticed|undetected)\s+(?:by\s+\w+\s+)?for\s+(?:about\s+|approximately\s+|~\s*)?"
        r"(?P<unnoticed>(?:(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*[a-z]+\s*(?:and\s+)?)+)"
        r"|\b(?P<before>(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*(?:minutes?|mins?|hours?|hrs?))"
        r"\)?\s+before\s+(?:we|anyone|the team|someone)\s+"
        r"(?:noticed|realized|realised|detected|knew)"
        # "About 11 minutes after the deployment, a community member notified the team."
        r"|\b(?P<after>\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?|h|m))\s+after\s+[^,.;]{0,40},"
        r"[^.;]{0,60}?\b(?:notified|noticed|reported|alerted|paged|detected)\b"
        # "I was paged 1 minute after we started encountering errors"
        r"|\b(?:paged|alerted|notified)\s+(?:about\s+|approximately\s+|~\s*)?(?P<paged>(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*(?:minutes?|mins?|hours?|hrs?|seconds?|secs?))\s+after\b"
        # "It took us 23 minutes to detect the problem", "Detection took 12 minutes"
        r"|\btook\s+(?:us\s+|the team\s+)?(?:about\s+|approximately\s+|~\s*)?"
        r"(?P<took_us>(?:(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*[a-z]+\s*(?:and\s+)?)+?)\s*to\s+(?:detect|notice|discover|realize|realise|spot)"
        # "It took a long time (~3 weeks) to notice the issue": the length in brackets
        r"|\btook\s+(?:us\s+|the team\s+)?(?:a\s+(?:long\s+|very\s+long\s+)?(?:time|while)\s*)"
        r"\(\s*(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?(?P<took_long>(?:(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*[a-z]+\s*(?:and\s+)?)+?)\s*\)\s*to\s+"
        r"(?:detect|notice|discover|realize|realise|spot)"
        r"|\bdetection\s+took\s+(?:about\s+|approximately\s+|~\s*)?(?P<detection>(?:(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*[a-z]+\s*(?:and\s+)?)+)"
        # The team starting work a while after the impact: "Analysis started roughly 30m later"
        r"|\b(?:analysis|investigation|triage|response)\s+(?:started|began)\s+"
        r"(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
        r"(?P<later>(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|m|hours?|hrs?|h))\s+later\b"
        # "The incident was detected 4 minutes after it began"
        r"|\b(?:detected|noticed|spotted)\b[^.;]{0,30}?\s(?:about\s+|approximately\s+|~\s*)?"
        r"(?P<from_start>"
        r"(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*(?:minutes?|mins?|hours?|hrs?|seconds?))"
        r"\s+after\s+(?:it|the\s+(?:incident|outage|issue|problem|impact))\s+(?:began|started|begun)"
        # "The problem persisted for a week before it was caught"
        r"|\b(?P<before_caught>(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?))\s+before\s+(?:it|this|the\s+"
        r"(?:problem|issue|bug|error|outage|failure))\s+(?:was|were|got)\s+"
        r"(?:caught|noticed|detected|discovered|spotted|found)\b"
        # "Human report with a screenshot, ~2 days after the regression shipped": a report or
        # alert that long after the fault went out.
        r"|\b(?:report|reported|alert|alerted|page|paged|noticed|discovered|detected|caught)\b"
        r"[^.;]{0,40}?(?:about\s+|approximately\s+|roughly\s+|~\s*)?"
        r"(?P<after_shipped>(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?))\s+after\s+the\s+(?:regression|bug|fault|"
        r"faulty\s+\w+|bad\s+\w+|breaking\s+change|change)\s+(?:was\s+)?(?:shipped|deployed|"
        r"released|landed|went\s+out|went\s+live|merged)\b"
        # "my UptimeRobot monitor going red within 5 minutes of the outage": a monitor, alert
        # or page that reacted that soon after the impact began.
        r"|\b(?:monitors?|monitoring|alerts?|alarms?|checks?|pages?|paged|alerted|notified)\b"
        r"[^.;]{0,40}?\b(?:within|after|in)\s+(?:about\s+|approximately\s+|roughly\s+|~\s*)?"
        r"(?P<of_outage>(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|seconds?|secs?|hours?|hrs?))\s+of\s+(?:the\s+)?(?:outage|incident|"
        r"downtime|impact|failure|crash|problem|issue)(?:\s+(?:starting|beginning|began|started))?\b"
        # "one of our many checks also caught the problem, however with a delay of three weeks
        # instead of immediately"
        r"|\b(?:caught|detected|noticed|discovered|spotted|found|alerted|flagged)\b[^.;]{0,40}?"
        r"\bwith\s+a\s+delay\s+of\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
        r"(?P<delay>(?:(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*" + _UNIT + r"\s*"
        r"(?:and\s+|,\s*)?)+)",
        re.IGNORECASE,
    ),
    "time_to_recover": re.compile(
        r"\b(?:recover(?:ed|s)?|restored|mitigated|resolved|fixed|(?:fully\s+)?operational|"
        r"back\s+online)\b[^.;]{0,40}?\b(?:after|within|in)\s+"
        r"(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
        r"(?P<span>(?:\d+(?:\.\d+)?\s*[a-z]+\s*(?:and\s+)?)+)"
        # "It took 40 minutes to restore", "It took around an hour to fix it"
        r"|\btook\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
        r"(?P<took>(?:(?:\d+(?:\.\d+)?|\ban?|"
        + values.NUMBER_WORDS
        + r")\s*[a-z]+\s*(?:and\s+)?)+)"
        r"[^.;]{0,60}?\bto\s+(?:the\s+)?(?:deploy|fix|restor|recover|resolv|mitigat)"
        # Who it took (set off by commas), or "a total of", before the length, and the work
        # after "to": "It took
        # three senior engineers, working round the clock, close to 2 days and 12 hours to
        # bring Zenodo back online", "it took a total of 10 hours to fully investigate and
        # resolve the issue"
        r"|\btook\s+(?:[^.;]{0,60}?,\s*)?(?:(?:a\s+total\s+of|in\s+total|close\s+to|nearly|almost|about|"
        r"approximately|roughly|around|just\s+under|~)\s*)*"
        r"(?P<took_for>(?:(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*" + _UNIT + r"\s*"
        r"(?:and\s+|,\s*)?)+?)\s*to\s+(?:\w+\s+){0,3}?(?:deploy|fix|restor|recover|resolv|mitigat|"
        r"bring\s+[^.;]{0,30}?\bback\b)"
        # Time spent on the fix, told after the fact: "We spent the next 12 hours working to
        # fix …", "The next twenty two hours was a deep dive …"
        r"|\bspent\s+the\s+next\s+(?P<spent>(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")"
        r"\s*(?:hours?|days?|minutes?))"
        r"|\bthe\s+next\s+(?P<next>(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")"
        r"\s*(?:hours?|days?|minutes?))\s+(?:was|were)\b"
        # "until this issue got resolved(~20 hrs)": the span in brackets after the word
        # (an adverb between: "The issue was resolved quickly (~1 hour) and smoothly")
        r"|\b(?:recovered|restored|mitigated|resolved|fixed)(?:\s+(?:quickly|promptly|rapidly|fast|"
        r"swiftly|soon))?\s*\(\s*(?:about\s+|approx\.?\s*|~\s*)?"
        r"(?P<bracketed>(?:\d+(?:\.\d+)?\s*(?:hours?|hrs?|days?|minutes?|mins?)\s*)+)\)"
        # "Recovery took ~20 minutes"
        r"|\b(?:recovery|mitigation|restoration)\s+took\s+(?:about\s+|approximately\s+|~\s*)?"
        r"(?P<recovery>(?:(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*[a-z]+\s*(?:and\s+)?)+)"
        # The length before the words it ran from: "We reopened the online form to the
        # public, 1 day 18 hours and 44 minutes after we took the decision to close it"
        r"|\b(?:re-?opened|restored|recovered|resumed|back\s+(?:online|up)|brought\s+back)\b"
        r"[^.;]{0,60}?[\s,](?P<reopened>(?:\d+(?:\.\d+)?\s*(?:days?|hours?|hrs?|minutes?|mins?)"
        r"\s*(?:and\s+|,\s*)?)+?)\s*(?:after|later)\b",
        re.IGNORECASE,
    ),
}
_PAGERDUTY = re.compile(r"pagerduty\.com/incidents/([A-Z0-9]+)", re.IGNORECASE)
_DATADOG = re.compile(r"datadoghq\.(?:com|eu)/incidents/(\d+)|ddog-gov\.com/incidents/(\d+)")
_SENTRY = re.compile(r"sentry\.io/(?:organizations/[\w-]+/)?issues/(\d+)")
_GITHUB = re.compile(r"github\.com/([\w.-]+/[\w.-]+)/(?:issues|pull)/(\d+)")


_WHEN_SUFFIX = re.compile(r"\s+(?:at|on|time|timestamp|date|date time|utc)$")
#: The trouble named as a moment label's subject: "Fault detected", "Issue resolved".
_LABEL_SUBJECT = re.compile(
    r"^(?:the )?(?:fault|issue|incident|problem|outage|error|failure|bug)s? (?=\w)"
)
#: A heading's outline number ("7. Corrective Actions", "2.1 Timeline", "3) Root cause"):
#: numbering, not a word of its name. A bare count ("24 hours later") is not one.
_OUTLINE_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?)\s+(?=[^\W\d])")


@lru_cache(maxsize=8192)
def normalise(label: str) -> str:
    """A label or heading as matched: lower case, remarks and punctuation removed."""
    # Emoji shortcodes a static site renders as pictures (":warning: Leadup") are not words.
    label = re.sub(r":[a-z0-9_+-]+:", " ", _OUTLINE_NUMBER.sub("", label.lower()))
    label = re.sub(r"\([^)]*\)", " ", label)
    label = label.replace("'", "").replace("\u2019", "")
    # Kana and CJK ideographs are words too ("発生日時", when it began, in a Japanese report).
    label = re.sub(r"[^a-z0-9\u3040-\u30ff\u4e00-\u9fff]+", " ", label)
    return " ".join(label.split())


def _label_name(label: str) -> str:
    """A field's label as matched: a remark in full-width brackets dropped as well.

    "TTD(Time to Detect)" is the label "ttd" (a heading's gloss, "予防(Prevent)", is kept
    by ``normalise``: there the bracket names the section in another language).
    """
    return normalise(re.sub(r"\uff08[^\uff09]*\uff09", " ", label))


@dataclass(slots=True)
class ParseOptions:
    """How to read documents: zone for times without one, aliases, date order."""

    default_zone: tzinfo = UTC
    aliases: dict[str, list[str]] = field(default_factory=dict)
    day_first: bool = False

    def __post_init__(self) -> None:
        """Merge the configured aliases over the defaults (configured ones first)."""
        merged = {k: list(v) for k, v in DEFAULT_ALIASES.items()}
        for key, extra in self.aliases.items():
            merged[key] = [*extra, *(a for a in merged.get(key, []) if a not in extra)]
        self.aliases = {k: [normalise(a) for a in v] for k, v in merged.items()}


@dataclass(slots=True)
class Parsed:
    """A parsed document: the record's fields and its child rows."""

    fields: dict[str, Any]
    affected: list[tuple[str | None, str | None]] = field(default_factory=list)
    root_causes: list[str] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    action_items: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, doc: Document, options: ParseOptions) -> None:
        self.doc = doc
        self.options = options
        self.labels: list[tuple[str, str, Block | None]] = []
        self.warnings: list[str] = []
        self.doc_zone: tzinfo | None = None
        self.zone_note: str | None = None
        #: The days the timeline states in so many words (dated headings and rows).
        self.timeline_days: list[date] = []
        #: Rows dated without a time of day ("- **2022-09-05**: Release day …"), as written.
        self.dated_rows: list[tuple[date, str]] = []
        #: Clocks a note says stand in for unknown times ("… are marked as 09:00").
        self.stand_ins: set[str] = set()
        #: A label-like heading's values, one per part of the service ("iOS: …", "Android: …").
        self.part_values: dict[str, list[str]] = {}
        self._index()

    def _index(self) -> None:  # noqa: C901, PLR0912 - every place a label can hide
        for section in self.doc.sections:
            hint = values.zone_hint(section.title) if section.title else None
            if hint is not None and self.doc_zone is None and section.level == 0:
                self.doc_zone, self.zone_note = hint, section.title
            if (
                section.title
                and (m := _LABEL_LINE.match(section.title))
                and _known_label(m, self.options.aliases)
            ):
                # "## Date: December 08, 2022" / "## Time: 5:13:57 UTC": a report's header
                # fields set as headings are fields all the same.
                self.labels.append((normalise(m.group("label")), m.group("value"), None))
            for block in section.blocks:
                if block.kind == "table":
                    for row in block.rows:
                        for i in range(0, len(row) - 1, 2):
                            if row[i] and row[i + 1]:
                                self.labels.append((_label_name(row[i]), row[i + 1], block))
                    continue
                for line in block.lines():
                    if (m := _STAND_IN.search(line)) and vocabulary().stand_in.search(line):
                        self.stand_ins.add(m.group("clock").zfill(5))
                    if self.doc_zone is None and _is_zone_note(line):
                        self.doc_zone = values.zone_hint(line)
                        self.zone_note = line.strip() if self.doc_zone else None
                    m = _LABEL_STAMP.match(line) or _LABEL_LINE.match(line)
                    if m and m.group("value").strip():
                        self.labels.append((_label_name(m.group("label")), m.group("value"), block))
                # A template's questions answered in a nested bullet ("How long was there a
                # visible outage?" / "Sporadic outages … (3 days)").
                # Likewise a label with its value on the bullet under it ("* Severity:" /
                # "  * SEV-2 - degraded network operations").
                for (level, asked), (below, answer) in pairwise(block.items):
                    if (
                        asked.rstrip().endswith(("?", ":"))
                        and below == level + 1
                        and answer.strip()
                    ):
                        self.labels.append((normalise(asked), answer, block))
        # A short section under a label-like heading ("### Date" + "2026-03-05").
        for section in self.doc.sections:
            if section.title and section.blocks:
                first = section.blocks[0]
                text = " ".join(first.lines()) if first.kind != "table" else ""
                if text and len(text) < 200:  # noqa: PLR2004
                    self.labels.append((normalise(section.title), text, None))
                    parts = [" ".join(b.lines()) for b in section.blocks if b.kind != "table"]
                    if len(parts) > 1 and all(_PART_VALUE.match(p) for p in parts):
                        # "### 復旧日時" + "iOS: 2021年11月26日…" + "Android: 2021年11月27日…":
                        # one value per part of the service.
                        self.part_values[normalise(section.title)] = parts
        if self.doc_zone is None:
            self._zone_of_written_times()

    def _zone_of_written_times(self) -> None:
        """No note states the zone, but the prose writes one, always the same, on its times.

        "merged between 2 AM and 2.30 AM PST", "raised around 5.45 AM PST": the bare times
        of the timeline are on that clock too.
        """
        written = [
            m.group("zone") or m.group("zone2")
            for section in self.doc.sections
            for block in section.blocks
            if block.kind != "table"
            for line in block.lines()
            for m in _ZONED_CLOCK.finditer(line)
        ]
        if len(written) < 2 or len(set(written)) > 1:  # noqa: PLR2004 - said twice, one way
            return
        zone = values.zone_named(written[0]) if written[0] != "GMT" else None
        if zone is None:
            return
        self.doc_zone = zone
        self.zone_note = f"every zone the text writes on a time is {written[0]}"

    def label_is(self, alias: str) -> bool:
        """Whether the label first found for ``time_of_recovery`` is ``alias``."""
        for candidate in self.options.aliases.get("time_of_recovery", []):
            if any(label == candidate for label, _, _ in self.labels):
                return candidate == alias
        return False

    def part_label(self, key: str) -> list[str]:
        """The per-part values of the heading that gives ``key`` (none: empty)."""
        for alias in self.options.aliases.get(key, []):
            if alias in self.part_values:
                return self.part_values[alias]
        return []

    def label(self, key: str) -> str | None:
        aliases = self.options.aliases.get(key, [])
        for alias in aliases:
            for label, value, _ in self.labels:
                if label == alias and not _column_header(alias, value):
                    return value.strip()
        # "Resolved at:", "Impact started at", "Mitigation timestamp": the label's word for
        # when, after the field's own label (not for the date: "Date/time" is a moment's).
        for alias in aliases if key != "incident_date" else ():
            for label, value, _ in self.labels:
                if _WHEN_SUFFIX.sub("", label) == alias and not _column_header(alias, value):
                    return value.strip()
        # "Fault detected 2020-08-04 18:13", "Problem resolved at": a moment's label with the
        # trouble named as its subject is the moment's own label.
        for alias in aliases if key in TIME_FIELDS else ():
            for label, value, _ in self.labels:
                bare = _WHEN_SUFFIX.sub("", _LABEL_SUBJECT.sub("", label))
                if bare != label and bare == alias and not _column_header(alias, value):
                    return value.strip()
        return None

    def prose(self, pattern: re.Pattern[str]) -> str | None:
        """The first duration a sentence states (``pattern`` has a ``span`` group)."""
        return next(iter(self.prose_all(pattern)), None)

    def prose_all(self, pattern: re.Pattern[str]) -> list[str]:
        """Every duration the sentences state, in the document's order."""
        found = []
        for section in self.doc.sections:
            for block in section.blocks:
                if block.kind == "table":
                    continue
                for line in _reflowed(block.lines()):
                    m = pattern.search(line)
                    span = m and next((g for g in m.groups() if g), None)
                    if span and values.parse_duration(span) is not None:
                        found.append(span)
        return found

    def section_with_subsections(self, key: str) -> Section | None:
        """The section for ``key`` with the blocks of its sub-sections.

        "## Action items" / "### Process" / "### Technical": up to the next heading of the
        section's level or above, or one that names another known section.
        """
        first = self.section(key) or self._titled(key)
        if first is not None:
            return self._with_subsections(key, first, worded=False)
        # Headings found by their words: the first that holds a list or table of them ("What
        # you need to do", advice in prose, comes before "Future steps" and its list).
        return next(
            (
                found
                for section in self._worded(key)
                if (found := self._with_subsections(key, section, worded=True)) is not None
            ),
            None,
        )

    def _with_subsections(self, key: str, first: Section, *, worded: bool) -> Section | None:
        index = self.doc.sections.index(first)
        blocks = list(first.blocks)
        # A sub-heading that names another known section ("### Names of people involved")
        # ends it too.
        others = _other_headings(key)
        subsections: list[Section] = []
        for section in self.doc.sections[index + 1 :]:
            if (
                not section.title
                or section.level <= first.level
                or normalise(section.title) in others
            ):
                break
            if key == "action_items" and _DONE_HEADING.search(section.title):
                # "### Immediate Actions (Completed)": what was done, not what is to do.
                continue
            subsections.append(section)
            blocks.extend(section.blocks)
        listed = any(b.kind in ("list", "table") for b in blocks)
        if (
            subsections
            and (worded or all(_NUMBERED.match(s.title) for s in subsections))
            and not any(b.kind in ("list", "table") for s in subsections for b in s.blocks)
        ):
            # "#### 1) Plan for Postgres migration" / its explanation: the numbered headings
            # are the entries, what is under each only details it ("Future works" / "##
            # Removal of the flag" / why: likewise). Headings over lists ("1. Short-term" /
            # items) only group the entries.
            from tap_postmortems.document import Block as _Block  # noqa: PLC0415

            items = [(0, _NUMBERED.sub("", s.title)) for s in subsections]
            return replace(first, blocks=[*first.blocks, _Block(kind="list", items=items)])
        if worded and not listed:
            # A heading found by its words alone ("How we are preventing this from happening
            # again") over prose is as often an essay as a list of follow-ups: only a list or
            # table under it is taken for one.
            return None
        if worded and not any(b.kind in ("list", "table") for b in first.blocks):
            # "## Looking Forward" / "### Engineering:" / list, "### Customer Support:" / list:
            # the sub-headings group the entries, every list under them is the plan.
            return replace(first, blocks=[b for b in blocks if b.kind in ("list", "table")])
        if worded:
            # Such a section argues its way to the follow-ups: lists before the last one
            # show what went wrong ("All of the errors were due to: …"), the last is the plan
            # — with any earlier list its lead-in offers as a plan too ("A couple of things
            # we are going to try are:", "Here are some ideas how to do that:").
            lead_in = vocabulary().action_lead_in
            lists = [i for i, b in enumerate(blocks) if b.kind in ("list", "table")]
            offered = [
                blocks[i]
                for i in lists[:-1]
                if i > 0
                and blocks[i - 1].kind == "para"
                and lead_in.search(re.split(r"(?<=[.!?])\s+", blocks[i - 1].text.strip())[-1])
            ]
            return replace(first, blocks=[*offered, blocks[lists[-1]]])
        return replace(first, blocks=blocks) if blocks else None

    def section(self, key: str) -> Section | None:
        names = [normalise(a) for a in SECTION_ALIASES.get(key, [])]
        for name in names:
            for section in self.doc.sections:
                if section.title and normalise(section.title) == name and section.blocks:
                    return section
        return self._led_by(key, need_blocks=True) or self._remarked(names)

    def _remarked(self, names: list[str]) -> Section | None:
        """A heading whose remark in brackets names the section: "Working Theory (root cause)"."""
        for section in self.doc.sections:
            remarks = re.findall(r"\(([^)]*)\)", section.title or "")
            if section.blocks and any(normalise(r) in names for r in remarks):
                return section
        return None

    def _led_by(self, key: str, *, need_blocks: bool) -> Section | None:
        """A heading that begins with the section's name and goes on with a note.

        "Timeline (all times PST) 01/16/2024 - 02/28/2024. All times approximations":
        the heading names the section, then says how to read it (``[sections]``
        ``led_by`` lists the sections named this way).
        """
        if key not in SECTION_ALIASES.get("led_by", []):
            return None
        names = sorted((normalise(a) for a in SECTION_ALIASES.get(key, [])), key=len, reverse=True)
        for section in self.doc.sections:
            title = normalise(section.title or "")
            if (section.blocks or not need_blocks) and any(
                title.startswith(name + " ") for name in names
            ):
                return section
        # "# Events/Timeline:", "## Incident response timeline": a heading whose last word
        # names the section (at most three words: longer ones are sentences about it).
        last = normalise(SECTION_ALIASES[key][0])
        for section in self.doc.sections:
            title = normalise(section.title or "")
            if (
                (section.blocks or not need_blocks)
                and title.endswith(" " + last)
                and len(title.split()) <= _SHORT_HEADING_WORDS
                and title not in _other_headings(key)
            ):
                return section
        return None

    def sections_under(self, key: str) -> list[Section]:
        """The section for ``key`` and its sub-sections (a timeline split by day).

        The same heading again further on ("# Timeline" continued after an interlude), or a
        further timeline at its level ("## Follow-up timeline (times in BST)"), continues
        it: one timeline, read in document order.
        """
        first = self.section(key) or self._titled(key)
        if first is None:
            return []
        name = normalise(first.title)
        out: list[Section] = []
        sections = self.doc.sections
        i = sections.index(first)
        while i < len(sections):
            head = sections[i]
            out.append(head)
            i += 1
            while i < len(sections) and _continues(sections[i], head, out[-1]):
                out.append(sections[i])
                i += 1
            i = next(
                (
                    j
                    for j in range(i, len(sections))
                    if sections[j].title
                    and sections[j].level == first.level
                    and (
                        normalise(sections[j].title) == name
                        or normalise(sections[j].title).endswith(" timeline")
                    )
                ),
                len(sections),
            )
        return out if any(s.blocks for s in out) else []

    def _worded(self, key: str) -> list[Section]:
        """Headings none of whose names matches but whose words say what they hold.

        "Future works", "What is being done to prevent future incidents?", "Root Cause
        Remediations": [heading_words] names the words; a heading that is another known
        section's name exactly ("Lessons learned") is that section's, not this one's.
        """
        pattern = HEADING_WORDS.get(key)
        if pattern is None:
            return []
        others = _other_headings(key)
        return [
            section
            for section in self.doc.sections
            if (title := normalise(section.title or ""))
            and title not in others
            and pattern.search(title)
        ]

    def _titled(self, key: str) -> Section | None:
        names = [normalise(a) for a in SECTION_ALIASES.get(key, [])]
        for name in names:
            for section in self.doc.sections:
                if section.title and normalise(section.title) == name:
                    return section
        return self._led_by(key, need_blocks=False)

    def section_text(self, key: str) -> str | None:
        names = [normalise(a) for a in SECTION_ALIASES.get(key, [])]
        for name in names:
            for section in self.doc.sections:
                if section.title and normalise(section.title) == name:
                    text = self._text_of(section)
                    if text:
                        return text
        return None

    def _text_of(self, section: Section) -> str | None:
        known = {alias for aliases in self.options.aliases.values() for alias in aliases}
        parts = []
        for block in section.blocks:
            if block.kind == "table":
                continue  # key/value facts, read as labels
            lines = [
                ln
                for ln in block.lines()
                if not _is_zone_note(ln)
                and not ((m := _LABEL_LINE.match(ln)) and normalise(m.group("label")) in known)
            ]
            parts.append("\n".join(lines))
        text = "\n".join(p for p in parts if p).strip()
        return text or None

    def zone_for(self, section: Section | None, enclosing: tzinfo | None = None) -> tzinfo:
        """The zone a section states (title, table header, first line), else ``enclosing``."""
        if section is not None:
            hint = values.zone_hint(section.title)
            if hint is None:
                for block in section.blocks[:2]:
                    if block.kind == "table" and block.rows:
                        for cell in block.rows[0]:
                            hint = hint or values.zone_hint(cell)
                    else:
                        for line in block.lines()[:1]:
                            if _is_zone_note(line):
                                hint = values.zone_hint(line)
            if hint is not None:
                return hint
        return enclosing or self.doc_zone or self.options.default_zone


#: A time of day with a zone written after it: "5.45 AM PST", "14:05 CEST".
_ZONED_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)\s+(?P<zone>[A-Z]{2,4}T)\b"
    r"|\b\d{1,2}:\d{2}\s*(?P<zone2>[A-Z]{2,4}T)\b"
)
#: The clock a note marks stand-in times with: "times … are marked as 09:00".
_STAND_IN = re.compile(
    r"\b(?:marked|shown|written|given|listed|entered|recorded|set)\s+(?:as|with|to)\s+"
    r"(?P<clock>\d{1,2}:\d{2})\b",
    re.IGNORECASE,
)


def _column_header(alias: str, value: str) -> bool:
    """Whether a bare "Time" label's value is a table's next column header ("Time | Event")."""
    return alias == "time" and not re.search(r"\d", value)


def _known_label(m: re.Match[str], aliases: dict[str, list[str]]) -> bool:
    """Whether a "Label: value" match names a field of the record, with a value."""
    label = normalise(m.group("label"))
    return bool(m.group("value").strip()) and any(label in names for names in aliases.values())


#: A follow-up sub-heading that says its items are done: "Immediate Actions (Completed)".
_DONE_HEADING = re.compile(
    r"\((?:completed|done|finished)\)|\b(?:completed|done)\s*$", re.IGNORECASE
)
#: The words of a heading that names a section by its last word ("Events/Timeline").
_SHORT_HEADING_WORDS = 3
_TYPED_BULLET = re.compile(r"\n\s*[\u2013\u2014\u2022]\s*(?=\S)")


def _typed_bullets(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """List items split where a line inside one starts with a bullet Markdown does not know.

    "- 15:21: Probe raised" / "  \u2013 15:53: Change applied": the en dash (or a bullet
    sign) was meant as the next bullet; Markdown reads it as more of the item above.
    """
    out: list[tuple[int, str]] = []
    for level, text in items:
        parts = _TYPED_BULLET.split(text)
        if len(parts) > 1 and all(values.TIMESTAMP_PREFIX.match(p) for p in parts[1:]):
            out.extend((level, part) for part in parts)
        else:
            out.append((level, text))
    return out


#: A numbered heading or line: "1) Plan for migration", "2. Alerting", "Item 3: …".
_NUMBERED = re.compile(r"^\s*(?:item\s+)?\d{1,2}\s*[).:]\s+(?=\S)", re.IGNORECASE)


def _continues(section: Section, head: Section, previous: Section | None = None) -> bool:
    """Whether a heading after a timeline's heading is more of it.

    Only dated or timed headings continue a timeline: sub-sections ("### 2 June", "### 2021-06-03
    9:00") or days at its own level ("## July 22"); any other heading ("### What went wrong")
    starts something else.
    """
    title = _heading_moment(section.title or "")
    if not (_HAS_DAY.search(title) or _TIME_HEADING.match(title)):
        return False
    if (
        section.level == head.level
        and previous is not None
        and previous is not head
        and _BARE_TIME.match(title)
        and _TIME_HEADING.match(_heading_moment(previous.title or ""))
    ):
        # "### 13:10" then "## 13:20": a time alone after the timeline's timed sub-headings,
        # its level slipped, is one more of them.
        return True
    return not (
        section.level < head.level
        or (section.level == head.level and (_HAS_CLOCK.search(title) or len(title) > 40))  # noqa: PLR2004
    )


#: A template's placeholder braces left around what was written in them: "{{ 06:10 }}".
_TEMPLATE_BRACES = re.compile(r"^\s*\{\{\s*(?P<inner>.*?)\s*\}\}\s*$")
#: AM/PM written as one letter on the clock: "10:45a", "12:29p".
_SHORT_MERIDIEM = re.compile(r"(?<![\d:])(\d{1,2}:\d{2})([ap])(?![a-z.])", re.IGNORECASE)


def _heading_moment(title: str) -> str:
    """A heading as the moment it writes: template braces dropped, "10:45a" as "10:45 am"."""
    if m := _TEMPLATE_BRACES.match(title):
        title = m.group("inner")
    return _SHORT_MERIDIEM.sub(lambda m: f"{m.group(1)} {m.group(2).lower()}m", title)


def _is_zone_note(line: str) -> bool:
    stripped = line.strip()
    if (
        len(stripped) < 100  # noqa: PLR2004
        and stripped.lower().lstrip("(*_ ").startswith(_ZONE_NOTE_STARTS)
    ):
        return True
    # "2019-09-23 **(all times in UTC-5)**": a day line that states the zone as well.
    dated = _DATED_NOTE.match(stripped)
    return dated is not None and _is_zone_note(dated.group("note"))


#: A day line that also states the zone of the rows under it: "2019-09-23 (all times in
#: UTC-5)", "March 5, 2025 (times in PT)", "Timeline for September 17, 2018: (all times UTC)".
_DATED_NOTE = re.compile(r"^(?P<day>[^()]{0,24}\d[^()]{0,20}?)[\s*_]*\((?P<note>[^()]+)\)[\s*_]*$")


_ZONE_NOTE_STARTS = (
    "all times",
    "times are",
    "times in",
    "all timestamps",
    "timestamps are",
    "timestamps in",
    "time zone",
    "timezone",
    "times shown",
    "times given",
    "all dates and times",
    "all events",
    "all entries",
)


def parse_document(  # noqa: C901, PLR0912, PLR0915
    doc: Document, options: ParseOptions, document_name: str | None = None
) -> Parsed:
    """Extract the incident record and its child rows from a document.

    ``document_name`` (the file's name) can date the incident ("2022-06-02-db-outage.md"); a
    blog post's address ("blog.example.org/2013/01/31/postmortem.html") dates its publication.
    """
    posted = None if doc.published else _permalink_day(document_name)
    if posted is not None:
        # A blog's permalink carries the day the post went out, as its front matter would:
        # the year of "on January 30th" and the last resort for an undated story.
        doc = replace(doc, published=posted.isoformat())
    reader = _Reader(doc, options)
    warnings = reader.warnings
    if posted is not None:
        warnings.append(f"published: {posted.isoformat()}, the day in the post's address")
    out: dict[str, Any] = {}

    # --- name and date -----------------------------------------------------------------
    raw_title = doc.title or next((s.title for s in doc.sections if s.level == 1 and s.title), None)
    raw_title = (
        raw_title or reader.label("incident_name") or doc.html_title or _opening_heading(doc)
    )
    name, title_date = _split_title(raw_title or "", options)
    if not name and document_name:
        # No title in the text: the document's own name is the one its authors gave it.
        name, title_date = _split_title(_stem(document_name), options)
        warnings.append("incident_name: no title in the document; its file name is used")
    if raw_title and (title_span := _span_in(raw_title)):
        # "… dependency chain between December 25th and December 30th, 2022": the first day.
        title_date = title_span[0]
    out["incident_name"] = name or None
    if not name:
        warnings.append("incident_name: no title, level-1 heading or 'Incident:' label")

    zone = reader.doc_zone or options.default_zone
    incident_date = _stated_date(reader, options, zone)
    summary_day = (
        None
        if incident_date or title_date
        else _summary_date(reader, options, _year_in(document_name))
    )
    if days := _lead_span(reader):
        # "Between October 9 and October 23, 2025, customers could not …": impact began on
        # the span's first day; a Date: label or a lead date inside the span (its last day,
        # when the report was written) is not the start.
        start, end = days
        if incident_date is not None and start < incident_date <= end:
            warnings.append(
                f"incident_date: the lead's span {start.isoformat()} to {end.isoformat()} "
                f"begins before the stated {incident_date.isoformat()}; its first day is taken"
            )
            incident_date = start
        elif incident_date is None and summary_day is not None and start < summary_day <= end:
            summary_day = start
    day = (
        incident_date
        or title_date
        or summary_day
        or _date_in_name(document_name)
        or _unordered_day_in_name(document_name, _body_lines(doc))
        or _moment_label_day(reader)
    )
    told: list[str] = []  # a post's sentences that state its day, when they date it
    # A file name dated the day the post went out ("/2020/06/09/2020-06-09-slow-zenodo")
    # dates the post, as its address does: the story's own days come first.
    named_as_posted = (
        day is not None
        and doc.published is not None
        and (incident_date or title_date or summary_day) is None
        and day == _published_day(doc, None)
    )
    if (day is None or named_as_posted) and doc.published and not reader.sections_under("timeline"):
        # A blog post that tells its story under headings of its own ("## What happened":
        # "On March 29th, at around 10:00, …"): the first sentence anywhere that states a day.
        # A timeline's rows, when there is one, date it better.
        # Failing that, a day named mid-sentence while the story opens, before the times of
        # that day ("As most people are aware, on January 30th rubygems.org was hit", "At
        # 4:06am on 3 November, the nightly task ran"); later ones are about other things.
        body = _body_lines(doc)
        told = [ln for ln in body if _OPENS_ON_DAY.search(ln)] or [
            ln for ln in _until_clock(body) if _MONTH_DAY.search(ln)
        ]
        summary_day = _summary_date(reader, options, _year_in(document_name), told)
        if summary_day is not None:
            day = summary_day
            warnings.append(
                f"incident_date: {day.isoformat()}, the first day a sentence of the post states"
            )
        else:
            told = []
    if day is None and not doc.published and not reader.sections_under("timeline"):
        # A page with no date but in its story ("On Census night, 9 August 2016, the online
        # form suffered a series of outages"): the first sentence about the incident that
        # writes a day with its year.
        found = _full_dates([ln for ln in _body_lines(doc) if _INCIDENT_WORDS.search(ln)], options)
        day = summary_day = _incident_day(found)
        if day is not None:
            warnings.append(
                f"incident_date: {day.isoformat()}, the first day a sentence about the "
                "incident writes in full"
            )
    # The publication's day, the file name's, or a day the lead names without its year ("On
    # September 20th", the year borrowed from the publication), yields to the days a timeline
    # states.
    told_day = day is None or (
        incident_date is None
        and title_date is None
        and (summary_day is None or not _written_in_full(reader, day, options))
    )
    if day is None and doc.published:
        # A blog post's front matter dates its publication, most often the incident's day
        # (an incident blog written the same day): the last resort for times of day alone.
        day = date.fromisoformat(doc.published)
        warnings.append(
            f"incident_date: no date in the text or name; the front matter's {doc.published} "
            "(its publication) is taken as the day"
        )
        if (ago := _days_running(reader)) is not None:
            # "For the past seven days, the site has been under sustained bot traffic": a
            # post written while it lasts dates its start that many days before.
            day -= timedelta(days=ago)
            warnings.append(
                f"incident_date: the text says it has lasted {ago} days; {day.isoformat()} "
                "is taken as the day it began"
            )

    if (
        day is not None
        and incident_date is None
        and title_date is None
        and summary_day is None
        and day in {_date_in_name(document_name), _published_day(doc, None)}
        and (back := _days_before_publication(_body_lines(doc), day)) is not None
    ):
        # The day a post's name or front matter gives is the day it went out: an upper bound,
        # and the anchor of the story's own days ("It all started on Monday evening", "It's
        # Saturday evening", "On Wednesday morning (yesterday)" in a post of the Friday, the
        # Tuesday, the Thursday after).
        day -= timedelta(days=back)
        warnings.append(
            f"incident_date: {day.isoformat()}, the day the story names, counted back from "
            "the post's publication"
        )

    # --- timestamps ----------------------------------------------------------------------
    timeline_sections = reader.sections_under("timeline")
    if not timeline_sections and (timeline_sections := _section_of_rows(doc)):
        warnings.append(
            f"timeline_events: no 'Timeline' section; {timeline_sections[0].title!r}, whose "
            "lines begin with times, read as the timeline"
        )
    if not timeline_sections and (stamped := _stamped_lines(doc)):
        timeline_sections = [stamped]
        warnings.append(
            f"timeline_events: no 'Timeline' section; {len(stamped.blocks[-1].items)} lines that "
            "begin with a time read as the timeline"
        )
    noted = len(warnings)
    timeline = _timeline(reader, timeline_sections, day, options)
    stated_days = reader.timeline_days
    if (
        summary_day is not None
        and day == summary_day
        and len(set(stated_days)) == 1
        and abs(stated_days[0] - summary_day) > _COPIED_DAY_GAP
        and _written_in_full(reader, summary_day, options)
        # "exposed from on or about 2024-01-05 through 2024-02-20": the lead names the
        # timeline's day too, so it is the story's, not a copy.
        and not _written_in_full(reader, stated_days[0], options)
    ):
        # "On Oct 10, 2017, some user pods were not starting" over a timeline whose one day
        # ("### 2017-05-09 10:45a") is months away: that day was copied (a template's
        # example); its rows keep their times of day, on the day the lead states.
        shift = summary_day - min(stated_days)
        for event in timeline:
            if event["occurred_at"] is not None:
                event["occurred_at"] += shift
        warnings.append(
            f"timeline_events: the timeline's day {min(stated_days).isoformat()} is months "
            f"from the day the lead states ({summary_day.isoformat()}); rows moved onto it"
        )
        reader.timeline_days = [d + shift for d in stated_days]
    elif (
        incident_date is not None
        and (onto := _window_day_of_rows(reader, timeline, stated_days, incident_date)) is not None
    ):
        # "Date: ~Fri 11 Nov 2016 (~1324) to Fri 11 Nov 2016 (~1452)" over rows under "###
        # Thur 3 Nov 2016" that include 1324 and 1452: the window is these rows', so the
        # timeline's one day was copied (from the previous report of the same template).
        shift = onto - stated_days[0]
        for event in timeline:
            if event["occurred_at"] is not None:
                event["occurred_at"] += shift
        warnings.append(
            f"timeline_events: the timeline's day {stated_days[0].isoformat()} differs from "
            f"the stated window's ({onto.isoformat()}), whose start is one of its rows; rows "
            "moved onto it"
        )
        reader.timeline_days = [d + shift for d in stated_days]
    elif incident_date is not None and stated_days and max(stated_days) < incident_date - _DAY:
        # "Date: Mar 20, 2025" over a timeline whose days all come before it: the date the
        # report was written (or last updated), not the incident's. The timeline's first day
        # dates it instead.
        warnings.append(
            f"incident_date: the stated date {incident_date.isoformat()} comes after every day "
            "the timeline states; read as the report's date"
        )
        incident_date = None
        day = min(stated_days)
        del warnings[noted:-1]
        reader.timeline_days = []
        timeline = _timeline(reader, timeline_sections, day, options)
    elif (
        told_day
        and day is not None
        and stated_days
        and min(stated_days) < day
        and (min(stated_days).month, min(stated_days).day) != (day.month, day.day)
    ):
        # (The same day of an earlier year is a year copied from an older report: below.)
        # A post dated only by its publication over a timeline that states its own days
        # ("Timeline for September 17, 2018: (all times UTC)" … "September 20, 2018:"): the
        # post went out after the story it tells, whose first day is the incident's.
        warnings.append(
            f"incident_date: the timeline's first day, {min(stated_days).isoformat()}, over "
            f"the post's publication ({day.isoformat() if day else '?'})"
        )
        day = min(stated_days)
        del warnings[noted:-1]
        reader.timeline_days = []
        timeline = _timeline(reader, timeline_sections, day, options)
    if (
        incident_date is not None
        and (begun := _story_day(reader.dated_rows)) is not None
        and begun < incident_date - _REPORT_GAP
        and incident_date not in {d for d, _ in reader.dated_rows}
    ):
        # "Date: 2022-04-20" over a timeline of days that runs from 2021-05-08 ("Release
        # v3.5.0 with data corruption was published" on 2021-06-16) to after it: the date
        # the report was written, months after the story began, on no row's day.
        warnings.append(
            f"incident_date: the stated date {incident_date.isoformat()} is on no row of a "
            f"timeline that began {begun.isoformat()}; read as the report's date"
        )
        incident_date = None
        day = begun
    if (published_on := _published_day(doc, document_name)) is not None:
        _stale_years(reader, timeline, published_on)
    if day is None and timeline_sections:
        # The first dated row's day, as the authors' clocks showed it.
        local = reader.zone_for(timeline_sections[0])
        day = next(
            (e["occurred_at"].astimezone(local).date() for e in timeline if e["occurred_at"]), None
        )
        if day is not None and reader.timeline_days and reader.timeline_days[0] < day:
            # The timeline's first day ("2019-09-23" over rows whose times are unknown) comes
            # before its first timed row: the story begins then.
            day = reader.timeline_days[0]
        if day is None and reader.timeline_days:
            # Rows dated without a time ("- **2023-03-20**: test suite degradation"): the
            # first day the timeline states is when it begins — after the run-up of rows
            # that only make a change ("Release day for v0.0.19 … Release was delayed").
            day = _story_day(reader.dated_rows) or reader.timeline_days[0]
            warnings.append(
                f"incident_date: no date but the timeline's; its first day, {day.isoformat()}, "
                "is taken"
            )
    times: dict[str, datetime | None] = dict.fromkeys(TIME_FIELDS)
    relative: dict[str, timedelta] = {}
    for key in TIME_FIELDS:
        text = reader.label(key)
        if text is None:
            continue
        if values.is_placeholder(text):
            warnings.append(f"{key}: {text!r} is template text, not a time")
        elif values.looks_absolute(text):
            times[key] = values.parse_datetime(
                text, default_zone=zone, default_date=day, day_first=options.day_first
            )
            if times[key] is None:
                warnings.append(f"{key}: could not read {text!r} as a date-time")
            elif key == "time_of_internal_detect" and _only_customer(text):
                # "検知日時 | 2026-04-13 09:20 (JST) 頃 ※ ユーザーが … を報告": detected, the
                # value says, by a user's report: the customer's detection.
                times["time_of_customer_detect"] = times["time_of_customer_detect"] or times[key]
                times[key] = None
                warnings.append(f"{key}: its value says a user reported it; a customer detection")
            elif key == "time_of_recovery" and (parts := reader.part_label(key)):
                # The service is back when its last part is: "iOS: Nov 26 10:47",
                # "Android: Nov 27 11:40" recovers on the 27th.
                each = [
                    values.parse_datetime(
                        _PART_VALUE.sub("", p),
                        default_zone=zone,
                        default_date=day,
                        day_first=options.day_first,
                    )
                    for p in parts
                ]
                if all(each):
                    times[key] = max(w for w in each if w is not None)
                    warnings.append(f"{key}: the last of its parts' recoveries ({len(each)})")
        elif key == "time_of_first_trigger" and values.parse_duration(text) is not None:
            # "Time: 45 minutes" is a length, not the start: the timeline may still give it.
            warnings.append(f"{key}: {text!r} is a duration, not the start of impact")
        elif (span := values.parse_duration(text)) is not None:
            relative[key] = span
        elif text.strip().lower() not in ("n/a", "none", "-", "—"):
            warnings.append(f"{key}: could not read {text!r} as a date-time")
    _front_moments(doc, times, zone, warnings)
    span_text = reader.label("impact_window")
    if (
        span_text is None
        and (dated := reader.label("incident_date"))
        and _CLOCKED_SPAN.match(dated := _unbracketed_clocks(dated))
    ):
        # "Date: May 28 2025, 11:30 AM UTC - May 29 2025, 17:30 UTC": the impact's window.
        span_text = dated
    window_minutes = None
    if span_text is not None:
        # "2026-03-23 19:25 JST 〜 21:27 JST (約 2 時間)": a wave dash joins the ends too,
        # and a length in brackets after them is how long the impact lasted.
        ends = re.split(
            r"\s+(?:to|until|till)\s+|\s+[-\u2013\u2014]\s+|\s*[\u301c\uff5e]\s*",
            span_text,
            maxsplit=1,
        )
        if (bracket := _BRACKETED_LENGTH.search(span_text)) is not None and (
            length := values.parse_duration(bracket.group(1))
        ):
            window_minutes = round(length.total_seconds() / 60, 2)
        # An end without a clock ("不明 〜 2026-03-25", "unknown to 2026-03-25") is a day,
        # not a moment; the length in brackets after the last is no part of it.
        ends = [
            _BRACKETED_LENGTH.sub("", e).strip()
            if _CLOCK_OF_VALUE.search(values.western(e))
            else ""
            for e in ends
        ]
        if len(ends) == 2:  # noqa: PLR2004
            first = values.parse_datetime(ends[0], default_zone=zone, default_date=day)
            last = values.parse_datetime(
                ends[1],
                default_zone=zone,
                default_date=first.astimezone(zone).date() if first else day,
            )
            if first and last and last < first and _MERIDIEM.search(ends[1]):
                # "9:30 AM - 12:30 AM" on one day: the end's AM is a slip for PM.
                last += _HALF_DAY
                warnings.append(f"time_of_recovery: {ends[1]!r} is before the start; read as PM")
            times["time_of_first_trigger"] = times["time_of_first_trigger"] or first
            times["time_of_recovery"] = times["time_of_recovery"] or last
    # With no zone for the whole document, its prose is read in the one its timeline states
    # ("## Timeline (CET)" over an Impact section's "until February 6th, 2023 13:06PM").
    prose_zone = (
        reader.zone_for(timeline_sections[0])
        if reader.doc_zone is None and timeline_sections
        else zone
    )
    win_start, win_end, win_minutes = _impact_window(reader, day, prose_zone, options)
    if (
        win_start is not None
        and (said := incident_date or title_date) is not None
        and abs(win_start.astimezone(prose_zone).date() - said) > _WINDOW_SLIP
    ):
        # "March 26th, 2019 Boskos Outage" over "failed between 2019-02-25 23:04 and
        # 2019-02-26 08:12": a window dated a month from the day the title states is a slip
        # of the pen; the timeline's own moments are read instead.
        warnings.append(
            f"impact window: {win_start.astimezone(prose_zone).date().isoformat()} is weeks "
            f"from the stated {said.isoformat()}; not used"
        )
        win_start = win_end = None
    if times["time_of_first_trigger"] is None and win_start is not None:
        times["time_of_first_trigger"] = win_start
    if times["time_of_recovery"] is None and win_end is not None:
        times["time_of_recovery"] = win_end
    _detection_time(reader, times, day, zone, options)
    # With no day stated elsewhere, the day of a timeline that opens on untimed rows
    # ("2019-09-23" over rows whose times nobody knew) is the day the first timed row must
    # fall on to be the start.
    opens_untimed = bool(timeline) and timeline[0]["occurred_at"] is None
    stated_day = (
        incident_date
        or title_date
        or summary_day
        or (reader.timeline_days[0] if opens_untimed and reader.timeline_days else None)
    )
    local = reader.zone_for(timeline_sections[0]) if timeline_sections else zone
    began_on = _times_from_timeline(
        times,
        relative,
        timeline,
        warnings,
        stated_day=(stated_day, local),
        lead_day=stated_day is not None and stated_day == summary_day,
    )
    _impact_end_row(reader, times, timeline, warnings)
    # Moments the timeline does not name, from sentences of the lead ("At 09:23 UTC, alerts
    # indicated …"): a blog-style postmortem tells its timeline in prose.
    # A post whose day a sentence of its story states tells its times there too ("On
    # November 5th we had an outage which started around 11:00 GMT …").
    prose = _prose_events(reader, day, zone, options, told)
    _earlier_in_prose(times, prose, warnings)
    # With no timed timeline row at all, the prose is the timeline: its first moment is the
    # start when nothing names one (stated in the warnings, as for a timeline).
    timeline_rows = [e for e in timeline if e["occurred_at"] is not None]
    _times_from_timeline(
        times, relative, prose, warnings, fallback_start=not timeline_rows, detected_at_start=False
    )
    if not timeline_sections:
        # No timeline: the story's other sections name moments too ("### What we learnt":
        # "the failure started at approximately 10.16, and was fixed by AWS at 11.35"), only
        # where their words say which; none is taken as the start for want of another.
        rest = [
            e
            for e in _prose_events(reader, day, zone, options, told, everywhere=True)
            if e not in prose
        ]
        _times_from_timeline(
            times, relative, rest, warnings, fallback_start=False, detected_at_start=False
        )
    anchor = times["time_of_first_trigger"]
    stated = _stated_durations(reader, relative, warnings)
    if stated["stated_minutes_to_recover"] is None and win_minutes is not None:
        stated["stated_minutes_to_recover"] = win_minutes
    if stated["stated_minutes_to_recover"] is None and window_minutes is not None:
        stated["stated_minutes_to_recover"] = window_minutes
    out.update(stated)
    if (earlier := _start_by_length(times, timeline, stated, warnings)) is not None:
        times["time_of_first_trigger"] = anchor = earlier
    guessed = any(
        w.startswith("time_of_first_trigger: taken from the first time the text states")
        for w in warnings
    )
    for field_name, (_, moment) in STATED_DURATIONS.items():
        minutes = stated[field_name]
        if moment is None or minutes is None:
            continue
        moment_time = times[moment]
        if (
            moment == "time_of_internal_detect"
            and moment_time is None
            and times["time_of_customer_detect"] is not None
        ):
            # Only a user's report detected it ("検知までの時間 (TTD): 約 33 時間" up to "ユーザーが
            # … 報告"): the stated length runs to that report, and the team's own detection
            # is not stated.
            continue
        if moment_time is None and anchor is not None and not guessed:
            # A start taken for want of any (the first clock a page without a timeline
            # states, often a log line's) is no anchor:
            # a length after it would invent the recovery's moment.
            times[moment] = anchor + timedelta(minutes=minutes)
            warnings.append(
                f"{moment}: derived from the stated {field_name[len('stated_minutes_') :]} "
                f"({minutes:g} min) after the impact start"
            )
        elif moment_time is not None and anchor is not None:
            measured = (moment_time - anchor).total_seconds() / 60
            if abs(measured - minutes) > 1 and (
                agreeing := _agreeing_length(reader, field_name, minutes, measured)
            ):
                # "for about 20 minutes" in the summary, "for about 12 minutes" in the
                # conclusion, and the times give 12: the length the times bear out.
                stated[field_name] = out[field_name] = minutes = agreeing
                warnings.append(
                    f"{field_name}: of the lengths the sentences state, {agreeing:g} min agrees "
                    "with the times"
                )
            if abs(measured - minutes) > 1:
                warnings.append(
                    f"{field_name}: the document states {minutes:g} min but its times give "
                    f"{measured:g} min"
                )
    for key, span in relative.items():
        if anchor is None:
            warnings.append(f"{key}: given as a duration ({span}) but the impact start is unknown")
        elif times[key] is None:
            times[key] = anchor + span
    if times["time_of_recovery"] is None and anchor is not None:
        _last_working_row(times, timeline, anchor, warnings)
    if anchor is not None:
        # A time of day without a date that reads earlier than the start rolled past midnight.
        for key in TIME_FIELDS[1:]:
            when = times[key]
            if when is not None and when < anchor - timedelta(hours=1) and day:
                times[key] = when + timedelta(days=1)
    for key in TIME_FIELDS:
        out[key] = times[key]
    if incident_date is None and anchor is not None:
        incident_date = anchor.date()  # the UTC day impact began, as every time here is UTC
        said = title_date or summary_day
        if said is not None and said < incident_date and guessed:
            # A start taken for want of any (the first clock the text states, written "on
            # December 30") is no better than the earlier day the title or lead states
            # ("… between December 25th and December 30th, 2022").
            incident_date = said
    if incident_date is None and began_on is not None:
        incident_date = began_on  # a row's "failing since December 12th": its time unknown
    reported = times["time_of_customer_detect"]
    if (
        incident_date is None
        and anchor is None
        and reported is not None
        and (day is None or reported.date() < day)
    ):
        # Impact began at an unstated time before the first report: the report's day is
        # the last the incident can have begun on.
        incident_date = reported.date()
        warnings.append(
            f"incident_date: {incident_date.isoformat()}, the day of the first report "
            "(the start of impact is not stated)"
        )
    incident_date = incident_date or day
    out["incident_date"] = incident_date
    if incident_date is None:
        warnings.append("incident_date: no date label, dated title, file name or timeline date")
    if reader.zone_note is not None and any(times.values()) and incident_date is not None:
        when = datetime.combine(incident_date, datetime.min.time()).replace(tzinfo=zone)
        warnings.append(
            f"times: read in {zone} as the document states ({reader.zone_note!r}); "
            f"UTC{_offset(when)} on {incident_date.isoformat()}"
        )
    elif reader.zone_note is None and any(times.values()):
        warnings.append(f"times: no zone stated; read as {options.default_zone} (default_timezone)")

    # --- counts and classification -------------------------------------------------------
    for key in ("number_of_impacted_customers", "number_of_failed_requests"):
        text = reader.label(key)
        out[key] = values.parse_count(text) if text else None
        if text and out[key] is None and text.strip().lower() not in ("n/a", "unknown", "tbd"):
            warnings.append(f"{key}: could not read {text!r} as a number")
    sev_text = reader.label("severity_level")
    severity = values.parse_severity(sev_text) if sev_text else None
    if severity is None and raw_title:
        severity = (
            values.parse_severity(raw_title)
            if re.search(r"sev", raw_title, re.IGNORECASE)
            else None
        )
    if severity is None and (in_prose := _severity_in_prose(doc)):
        severity = in_prose
        warnings.append(f"severity_level: {in_prose} as a sentence of the document gives it")
    out["severity_level"] = severity
    status_text = reader.label("status")
    out["status"] = values.parse_status(status_text) if status_text else None

    detection_text = reader.label("detection_method") or reader.section_text("detection")
    out["detection_method"] = _detection(detection_text, times)
    authors_text = reader.label("authors")
    if authors_text is None and (s := reader.section("authors")) is not None:
        authors_text = ", ".join(line for b in s.blocks for line in b.lines())
    out["authors"] = values.parse_names(authors_text) if authors_text else []

    out["summary"] = reader.section_text("summary")
    out["impact"] = reader.section_text("impact")
    out["trigger"] = reader.label("trigger") or reader.section_text("trigger")
    gaps = reader.section("reliability_gaps")
    out["reliability_gaps"] = _items(gaps) if gaps else []

    # --- links ---------------------------------------------------------------------------
    links = doc.links
    for section in doc.sections:  # bare URLs written as text count too
        for block in section.blocks:
            for line in block.lines():
                links.extend(u.rstrip(".,;") for u in _URL.findall(line) if u not in links)
    status_link = reader.label("statuspage_link")
    status_url = None
    if status_link:
        m = _URL.search(status_link)
        status_url = m.group(0) if m else doc.link_texts.get(status_link.strip())
    if status_url is None:
        status_url = next((u for u in links if _is_status_page(u)), None)
    out["statuspage_link"] = status_url
    incident_links = _incident_links(links)
    out["incident_links"] = incident_links
    out["pagerduty_incident_id"] = next(
        (x["id"] for x in incident_links if x["system"] == "pagerduty"), None
    )
    out["datadog_incident_id"] = next(
        (x["id"] for x in incident_links if x["system"] == "datadog"), None
    )

    # --- children ------------------------------------------------------------------------
    parsed = Parsed(fields=out, warnings=warnings, timeline=timeline)
    parsed.root_causes = _root_causes(reader, warnings)
    affected = reader.section("affected")
    parsed.affected = _affected(affected) if affected else []
    if not parsed.affected:
        warnings.append("affected_products: no 'Affected products/services' section")
    actions = reader.section_with_subsections("action_items") or _listed_under(
        reader, "action_items"
    )
    if actions is None and (actions := _shaped_actions(reader, timeline_sections)):
        warnings.append(
            "action_items: no 'Action items' section; lists of tracked issues or introduced "
            "as follow-ups are read as the action items"
        )
    parsed.action_items = _actions(actions, doc, options, zone) if actions else []
    if actions is None:
        warnings.append("action_items: no 'Action items' section")
    if not timeline_sections:
        warnings.append("timeline_events: no 'Timeline' section")
    for key in TIME_FIELDS:
        if out[key] is None and not any(w.startswith(key) for w in warnings):
            warnings.append(f"{key}: not found (no matching label or timeline entry)")
    for key in ("number_of_impacted_customers", "number_of_failed_requests", "severity_level"):
        if out[key] is None and not any(w.startswith(key) for w in warnings):
            warnings.append(f"{key}: not found (no matching label)")
    return parsed


#: A length in brackets after an impact window: "(約 2 時間)", "(2 hours)", "(~45 min)".
_BRACKETED_LENGTH = re.compile(
    r"[(\uff08]\s*((?:about|approx\.?|approximately|around|~|\u7d04)?\s*"
    r"\d+(?:\.\d+)?\s*[^\d\s()\uff08\uff09]{1,8}(?:\s*\d+\s*[^\d\s()\uff08\uff09]{1,8})?)\s*[)\uff09]",
    re.IGNORECASE,
)
#: A clock in a value (a window's end with a time, not a day alone).
_CLOCK_OF_VALUE = re.compile(r"\d{1,2}:\d{2}|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


#: A row that says, in any words, that the thing works again or the incident is over: the
#: recovery when no row says so in the recovery vocabulary's words.
_WORKS_AGAIN = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:now\s+)?(?:working|operating|healthy|functional|"
    r"stable|normal|up|online|running|ok|okay)(?:\s+(?:as\s+expected|normally|properly|"
    r"correctly|fine|again))?|(?:operating|working|running|functioning)\s+(?:as\s+expected|"
    r"normally|properly|correctly)|incident\s+(?:is\s+|was\s+)?closed|"
    r"(?:confirmed|verified)\s+(?:that\s+)?[^.;]{0,60}?(?:working|operating|healthy|normal))\b",
    re.IGNORECASE,
)


def _last_working_row(
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


def _moment_label_day(reader: _Reader) -> date | None:
    """The day a header field of a moment is written on, when nothing else dates the story.

    "影響期間 | 2026-03-23 19:25 JST 〜 21:27 JST", "復旧日時 | 2026-07-16 03:03 JST" over
    timeline rows that give only "02:33": the rows are on the day the fields write (as
    written, in the document's own clock, not converted to UTC).
    """
    for key in (
        "impact_window",
        "time_of_first_trigger",
        "time_of_internal_detect",
        "time_of_customer_detect",
        "time_of_recovery",
    ):
        text = reader.label(key)
        if text and values.looks_absolute(text) and (found := _NAME_DATE.search(text)):
            return _ymd(found)
    return None


def _front_moments(
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
                    if key == "time_of_first_trigger" and (
                        began := _front_clock(doc, _STARTING_AT, when, _near(when))
                    ):
                        # The entry was posted near the start, the text says when it began:
                        # "Tuesday January 30 2024, starting at 15:05 UTC, get.jenkins.io …".
                        times[key] = began
                        warnings.append(f"{key}: a sentence says it began at {began:%H:%M}")
                    if key == "time_of_recovery" and (
                        back := _working_again(doc, when, times.get("time_of_first_trigger"))
                    ):
                        # The page was closed after the service came back: "At 07:00 UTC,
                        # the Windows package was available again" is the end of impact.
                        times[key] = back
                        warnings.append(f"{key}: a sentence says it worked again at {back:%H:%M}")
                    break


#: A sentence that says the service worked again at a clock: "At 07:00 UTC, the package was
#: available again", "the jobs run smoothly again since 07:34am UTC".
_AGAIN_AT = re.compile(
    r"\b(?:at|since|from)\s+(?P<c1>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)[^.]*?\bagain\b"
    r"|\bagain\s+(?:since|from|at)\s+(?P<c2>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)",
    re.IGNORECASE,
)


#: A sentence that says when the trouble began: "starting at 15:05 UTC, get.jenkins.io …".
_STARTING_AT = re.compile(
    r"\b(?:starting|started|beginning|began)\s+(?:at\s+)?(?:around\s+|about\s+)?"
    r"(?P<c1>\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?)(?P<c2>)",
    re.IGNORECASE,
)
_HALF_DAY = timedelta(hours=12)


def _near(moment: datetime) -> Callable[[datetime], bool]:
    """Whether a clock is within half a day of ``moment``."""
    return lambda clock: abs(clock - moment) < _HALF_DAY


def _working_again(doc: Document, closed: datetime, start: datetime | None) -> datetime | None:
    """The clock a status page's text says the service worked again, on the day it was closed.

    Only a moment within the day before the page's close (and after the start) counts.
    """
    return _front_clock(
        doc,
        _AGAIN_AT,
        closed,
        lambda c: c <= closed and closed - c < 2 * _HALF_DAY and (start is None or c > start),
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
                clock = values.parse_datetime(
                    f"{near.date().isoformat()} {m.group('c1') or m.group('c2')}",
                    default_zone=near.tzinfo or UTC,
                )
                if clock is not None and fits(clock):
                    return clock
    return None


def _stated_date(reader: _Reader, options: ParseOptions, zone: tzinfo) -> date | None:
    """The incident's day from a "Date:" label, if the document has one."""
    date_text = reader.label("incident_date")
    if not date_text:
        return None
    date_text = _unbracketed_clocks(date_text)
    if values.is_placeholder(date_text):
        reader.warnings.append(f"incident_date: {date_text!r} is template text, not a date")
        return None
    span_day = _month_span_start(date_text, options)
    when = (
        None
        if span_day is not None
        else values.parse_datetime(
            date_text, default_zone=zone, day_first=options.day_first, default_date=None
        )
    )
    if when is None and (d := span_day or _date_only(date_text, options)) is not None:
        return d
    if when is None and (first := _DAY_SPAN.match(date_text)) is not None:
        # "Incident date(s): 2019-07-25 - 2019-10-10": impact began on the span's first day.
        return _date_only(first.group(1), options)
    if when is None and _CLOCKED_SPAN.match(date_text):
        # "Date: May 28 2025, 11:30 AM UTC - May 29 2025, 17:30 UTC": the start's day.
        first_end = re.split(r"\s+(?:to|until|till)\s+|\s+[-\u2013\u2014]\s+", date_text)[0]
        when = values.parse_datetime(first_end, default_zone=zone, day_first=options.day_first)
        date_text = first_end
    if when is not None:
        return _local_date(date_text, options, zone) or when.date()
    reader.warnings.append(f"incident_date: could not read {date_text!r} as a date")
    return None


def _window_day_of_rows(
    reader: _Reader, timeline: list[dict[str, Any]], stated_days: list[date], day: date
) -> date | None:
    """The day a "Date:" window states, when the timeline's one other day was copied.

    The window ("~Fri 11 Nov 2016 (~1324) to … (~1452)") starts at a clock one of the rows
    has; a report's own date has no clocks, so the window is the story's and its day theirs.
    """
    text = reader.label("incident_date")
    if not text or len(set(stated_days)) != 1 or stated_days[0] == day:
        return None
    text = _unbracketed_clocks(text)
    clock = _CLOCK_OF_VALUE.search(text)
    if not _CLOCKED_SPAN.match(text) or clock is None or ":" not in clock.group(0):
        return None
    hour, minute = (int(x) for x in clock.group(0).split(":"))
    zone = reader.zone_for(None)
    clocks = {
        (e["occurred_at"].astimezone(zone).hour, e["occurred_at"].astimezone(zone).minute)
        for e in timeline
        if e["occurred_at"] is not None
    }
    return day if (hour, minute) in clocks else None


def _month_span_start(text: str, options: ParseOptions) -> date | None:
    """The first day of days written as a span ("January 14-19, 2026", "14-19 January 2026").

    Impact began on the first; a parser of single dates reads "14-19" as a day and a year.
    """
    span = _MONTH_SPAN.match(text)
    if span is None:
        return None
    first = f"{span.group('d1') or span.group('d3')} {span.group('m1') or span.group('m2')}"
    return _date_only(f"{first} {span.group('year')}", options)


#: A day's clock written after it in brackets: "3 Nov 2016 (~1727)", "Nov 3, 2016 (17:27 UTC)".
_BRACKETED_CLOCK = re.compile(
    r"(?P<day>(?:\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}(?:st|nd|rd|th)?))\s*\(\s*(?:~|\u2248|approx\.?|ca\.|about|around)?\s*"
    r"(?P<h>[01]?\d|2[0-3]):?(?P<m>[0-5]\d)(?P<zone>\s*[A-Z]{2,5})?\s*\)",
    re.IGNORECASE,
)


def _unbracketed_clocks(text: str) -> str:
    """A value whose clocks are written in brackets after their days, with the clocks inline.

    "~Thur 3 Nov 2016 (~1727) to Thur 3 Nov 2016 (~1900) (~1.5 hours)" reads "~Thur 3 Nov
    2016 17:27 to Thur 3 Nov 2016 19:00 (~1.5 hours)": a span of two moments and its length.
    """
    return _BRACKETED_CLOCK.sub(
        lambda m: f"{m.group('day')} {int(m.group('h')):02d}:{m.group('m')}{m.group('zone') or ''}",
        text,
    )


#: Two date-times with clocks joined as a span: "May 28 2025, 11:30 AM UTC - May 29, 17:30".
_CLOCKED_SPAN = re.compile(
    r"^(?=.*\d{1,2}:\d{2}.*(?:\s(?:to|until|till)\s|\s[-\u2013\u2014]\s).*\d{1,2}:\d{2}).+$"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MONTH_SPAN = re.compile(
    rf"^\s*(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*[-\u2013\u2014]\s*"
    rf"(?:{_MONTH}\s+)?\d{{1,2}}(?:st|nd|rd|th)?|"
    rf"(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s*[-\u2013\u2014]\s*\d{{1,2}}(?:st|nd|rd|th)?\s+"
    rf"(?P<m2>{_MONTH})),?\s+(?P<year>(?:19|20)\d{{2}})\s*$",
    re.IGNORECASE,
)
_DAY_SPAN = re.compile(
    r"\s*(\d{4}-\d{2}-\d{2})\s*(?:[-\u2013\u2014]|to|until|through)\s*\d{4}-\d{2}-\d{2}\s*$"
)
_NAME_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_FULL_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b",
    re.IGNORECASE,
)


#: A blog's permalink path: "/2013/01/31/postmortem.html", "blog/2021/09/24/travis-security/".
_PERMALINK_DAY = re.compile(r"(?:^|/)((?:19|20)\d{2})/(\d{2})/(\d{2})/")


def _permalink_day(name: str | None) -> date | None:
    """The publication day a blog post's address states in its folders."""
    return _ymd(_PERMALINK_DAY.search(name or ""))


def _date_in_name(name: str | None) -> date | None:
    """A date written in a file name: ``2022-06-02-db.md``, ``20190612-maps``."""
    return _ymd(_NAME_DATE.search(name or ""))


#: A date written day and month first, in an order the name does not say: "02-03-2021".
_UNORDERED_NAME_DATE = re.compile(r"(?<!\d)(\d{2})[-_.](\d{2})[-_.]((?:19|20)\d{2})(?!\d)")


def _unordered_day_in_name(name: str | None, lines: list[str]) -> date | None:
    """The day a name's "NN-NN-YYYY" states, read day-month or month-day.

    A reading that is no date ("13-03-2021" as month 13) is dropped; between two that both
    are, the story's weekday settles it ("On Tuesday at 02:01 AM UTC …": 2 March 2021, a
    Tuesday, not 3 February, a Wednesday). With no weekday, or one neither reading has, none.
    """
    m = _UNORDERED_NAME_DATE.search(name or "")
    if m is None:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    readings = set()
    for month, day in ((b, a), (a, b)):
        with contextlib.suppress(ValueError):
            readings.add(date(year, month, day))
    if len(readings) == 1:
        return readings.pop()
    for line in lines:
        if wd := _STORY_WEEKDAY.search(line):
            named = _WEEKDAYS.index((wd.group("wd") or wd.group("wd2")).lower())
            fits = [day for day in readings if day.weekday() == named]
            return fits[0] if len(fits) == 1 else None
    return None


def _ymd(m: re.Match[str] | None) -> date | None:
    """The day a match's year, month and day groups name, if it is one."""
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_MONTH_DAY = re.compile(
    r"\b(?:on|since|(?:on or )?after|(?:morning|afternoon|evening|night) of|"
    # a relative day glossed with its date: "from late last night (April 5th)"
    r"(?:night|yesterday|today|morning|afternoon|evening)\s+\(|"
    # a clock before its day: "broken from 11pm Jan 31 until about lunchtime"
    r"(?:from|at|since|by)\s+(?:about\s+|around\s+|approximately\s+|~)?"
    r"\d{1,2}(?::\d{2}(?:\s*[ap]\.?m\.?)?|\s*[ap]\.?m\.?)(?:\s+[A-Z]{2,4})?,?|"
    # a day that names the incident: "the November 21 incident", "the 3rd March outage"
    r"the(?=\s+\S+\s+\S+\s+(?:[\w-]+\s+){0,2}(?:incident|outage|breach|attack|"
    r"compromise|failure|disruption|downtime|event)s?\b)|"
    # a weekday written before its day: "Tuesday Jan 31, late evening"
    r"(?=(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+[a-z]{3}))\s*"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:(?P<m1>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
    r"(?P<d1>\d{1,2})(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b(?!,?\s+\d{4})",
    re.IGNORECASE,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _stem(name: str) -> str:
    """A file name without its extensions ("2022-06-02 db outage.html.md" -> the name)."""
    stem = name.rsplit("/", 1)[-1]
    while (dot := stem.rfind(".")) > 0 and stem[dot + 1 :].isalpha() and len(stem) - dot <= 9:  # noqa: PLR2004
        stem = stem[:dot]
    return stem.replace("_", " ")


def _year_in(name: str | None) -> int | None:
    """The year a document's name states: a dated name's, else a year standing alone.

    A source's address may hold a commit id ("blob/2048a7f9…/2025-11-23-incident/"): four
    digits run into letters are no year while the name writes one apart.
    """
    if (day := _date_in_name(name)) is not None:
        return day.year
    m = re.search(r"(?<![\w])((?:19|20)\d{2})(?![\w])", name or "") or re.search(
        r"(?<!\d)((?:19|20)\d{2})(?!\d)", name or ""
    )
    return int(m.group(1)) if m else None


#: A sentence that opens on its day, as a story of the incident does: "On March 29th, …".
_OPENS_ON_DAY = re.compile(
    r"(?:^|[.!?]\s+)On\s+(?:(?i:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?"
    r"(?:\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)"
)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_STORY_WEEKDAY = re.compile(
    r"\b(?:(?P<lead>on|last|this past|it's|it is|it was|(?:in|on) the)\s+"
    r"(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|(?P<wd2>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s+"
    r"(?:morning|afternoon|evening|night)\b)",
    re.IGNORECASE,
)
_YESTERDAY = re.compile(r"\b(?:yesterday|last night)\b", re.IGNORECASE)


def _days_before_publication(lines: list[str], published: date) -> int | None:
    """How many days before its publication a post's story happened, by the first day it names.

    A weekday is the last one on or before the publication ("last Tuesday": before it);
    "yesterday" and "last night" are the day before.
    """
    for line in lines:
        m = _STORY_WEEKDAY.search(line)
        y = _YESTERDAY.search(line)
        if m and (y is None or m.start() <= y.start()):
            wd = _WEEKDAYS.index((m.group("wd") or m.group("wd2")).lower())
            back = (published.weekday() - wd) % 7
            if back == 0 and (m.group("lead") or "").lower() in {"last", "this past"}:
                back = 7
            return back
        if y:
            return 1
    return None


def _until_clock(lines: list[str]) -> list[str]:
    """The lines up to the first that holds a time of day, that one included."""
    for i, line in enumerate(lines):
        if _HAS_CLOCK.search(line):
            return lines[: i + 1]
    return lines


def _body_lines(doc: Document) -> list[str]:
    """Every line of prose and lists, tables left out."""
    return [
        line
        for section in doc.sections
        for block in section.blocks
        if block.kind != "table"
        for line in block.lines()
    ]


def _summary_date(  # noqa: C901 - one branch per way a day is written
    reader: _Reader, options: ParseOptions, year: int | None, lines: list[str] | None = None
) -> date | None:
    """The first date the lead, summary or impact states ("On June 2, 2022, …").

    A date written without its year ("On August 16, the team was notified", "from late
    12/5") takes the year of the document's publication (front matter, a byline) or of its
    name. A byline's date ("Posted on: 2014-05-28", ``[dates] byline``) is the post's: a
    sentence that states an earlier day within ``_WRITE_UP_LAG`` dates the incident, and so
    does an earlier day that a sentence says the impact ran from ("since about September 3").
    """
    published = date.fromisoformat(reader.doc.published) if reader.doc.published else None
    lines_given = lines is not None
    lines = [
        values.english_months(ln) for ln in (_impact_lines(reader) if lines is None else lines)
    ]
    # A sentence about the incident states its day; a bare date (a blog's byline) more
    # often states the publication's.
    lines = [ln for ln in lines if _INCIDENT_WORDS.search(ln)] + [
        ln for ln in lines if not _INCIDENT_WORDS.search(ln)
    ]
    dates = vocabulary().dates
    found: list[tuple[date, str]] = []
    if published is None:  # a byline's date gives the year to days written without one
        published = next(
            (d for d, t in _full_dates(lines, options) if dates["byline"].search(t)), None
        )
    year_now = published.year if published else year
    posted = date.fromisoformat(reader.doc.published) if reader.doc.published else None
    for text in lines:
        m = _FULL_DATE.search(text)
        if m and (d := _date_only(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", m.group(0)), options)):
            if posted is not None and d > posted:
                # A page kept up to date after it went out ("Last update: 2015-07-15", ten
                # days after its front matter's 2015-07-04): a later day is an update's.
                continue
            if d == posted and _BARE_DAY.match(text[: m.start()] + text[m.end() :]):
                # "by" / "Lars Holm Nielsen," / "on July 15, 2019": the publication's day
                # alone on its line is the byline's, already known; the story dates itself.
                continue
            found.append((d, text))
            continue
        if year_now is None:
            continue
        if md := _MONTH_DAY.search(text):
            month = _MONTHS.index((md.group("m1") or md.group("m2")).lower()[:3]) + 1
            day = int(md.group("d1") or md.group("d2"))
        elif sd := _SLASHED_DAY.search(text):
            first, second = int(sd.group(1)), int(sd.group(2))
            month, day = (second, first) if options.day_first else (first, second)
        else:
            continue
        try:
            when = date(year_now, month, day)
        except ValueError:
            continue
        if published is not None and when > published:
            when = date(year_now - 1, month, day)
        found.append((when, text))
    if lines_given and len(found) > 1:
        # A post that tells its story in sentences opening on their days ("On 24 April 2023
        # …" first, "On 27 Mar 2023 the team received a report" later): the story, and the
        # incident, began on the earliest of them (within a write-up's lag).
        opening = found[0][0]
        found.sort(key=lambda f: f[0] if opening - _WRITE_UP_LAG <= f[0] else opening)
    return _incident_day(found)


#: What is left of a line that only dates a post: "on July 15, 2019", "Posted: 2019-07-15".
_BARE_DAY = re.compile(r"^\W*(?:(?:on|posted|published|updated)\b\W*)*$", re.IGNORECASE)

_MONTH_WORD = r"(?P<{}>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_BETWEEN_DAYS = re.compile(
    r"\bbetween\s+" + _MONTH_WORD.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y1>\d{4}))?\s+(?:and|to)\s+"
    + _MONTH_WORD.format("m2")
    + r"\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})\b",
    re.IGNORECASE,
)


#: How long an ongoing incident has run, as a post written during it says: "For the past
#: seven days, …", "over the last 3 days".
_RUNNING_FOR = re.compile(
    r"\b(?:for|over|during|in)\s+the\s+(?:past|last)\s+(?P<n>\d{1,2}|" + values.NUMBER_WORDS + r")"
    r"\s+(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)


def _days_running(reader: _Reader) -> int | None:
    """The days an incident has run, when the lead says "for the past N days"."""
    for line in _impact_lines(reader):
        if m := _RUNNING_FOR.search(line):
            span = values.parse_duration(f"{m.group('n')} days")
            if span is not None:
                return span.days * (7 if m.group("unit").lower().startswith("week") else 1)
    return None


def _written_in_full(reader: _Reader, day: date, options: ParseOptions) -> bool:
    """Whether a sentence of the lead, summary or impact writes ``day`` with its year.

    "On 2023-07-20 between 12:17 and 12:30 UTC downloads were broken" does; a day line
    ("September 20, 2018:") is no sentence.
    """
    return any(
        _date_only(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", m.group(0)), options) == day
        and len(re.findall(r"[A-Za-z]{2,}", line.replace(m.group(0), " "))) >= _SENTENCE_WORDS
        for line in _impact_lines(reader)
        for m in _FULL_DATE.finditer(line)
    )


#: A timeline day this far from the day the lead writes out was copied from elsewhere.
_COPIED_DAY_GAP = timedelta(days=30)
#: Words (besides its date) a line needs to be a sentence rather than a day line.
_SENTENCE_WORDS = 4


def _lead_span(reader: _Reader) -> tuple[date, date] | None:
    """The days a sentence of the lead or summary says the incident ran between."""
    return next((span for line in _impact_lines(reader) if (span := _span_in(line))), None)


def _span_in(text: str) -> tuple[date, date] | None:
    """The days a text says something ran between ("between October 9 and October 23, 2025")."""
    m = _BETWEEN_DAYS.search(text)
    if m is None:
        return None
    year = int(m.group("y2"))
    try:
        start = date(
            int(m.group("y1") or year),
            _MONTHS.index(m.group("m1").lower()[:3]) + 1,
            int(m.group("d1")),
        )
        end = date(year, _MONTHS.index(m.group("m2").lower()[:3]) + 1, int(m.group("d2")))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _full_dates(lines: list[str], options: ParseOptions) -> list[tuple[date, str]]:
    """Each line's first date written with its year, with the line."""
    out = []
    for text in lines:
        m = _FULL_DATE.search(text)
        if m and (d := _date_only(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", m.group(0)), options)):
            out.append((d, text))
    return out


def _incident_day(found: list[tuple[date, str]]) -> date | None:
    """Of the days the lead states (in order), the incident's: not a byline's, not a later one."""
    if not found:
        return None
    dates = vocabulary().dates
    first_day, first_text = found[0]
    earlier = [
        (d, t)
        for d, t in found[1:]
        if first_day - _WRITE_UP_LAG <= d < first_day and not dates["byline"].search(t)
    ]
    if dates["byline"].search(first_text) and earlier:
        return earlier[0][0]
    since = [d for d, t in earlier if dates["since"].search(t)]
    return min(since) if since else first_day


#: How long after an incident its write-up may be posted (a byline's date is the post's).
_WRITE_UP_LAG = timedelta(days=90)


_INCIDENT_WORDS = re.compile(
    r"\b(?:outages?|incidents?|experienced|down|unavailable|impact|failures?|failed|"
    r"disruptions?|degraded|errors?|broke|broken)\b",
    re.IGNORECASE,
)
#: A day written with its year and slashes, "28/11/2024" (the order from ``day_first``, or
#: from a day over 12).
_SLASHED_FULL = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")
#: A day written "12/5" with no year (the year comes from elsewhere).
_SLASHED_DAY = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


def _offset(when: datetime) -> str:
    offset = when.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


#: How far before a stated start a detection or recovery row still counts: starts are often
#: written rounded, and an alert a minute before "Start" is that incident's alert.
_EARLY = timedelta(minutes=5)
_DAY = timedelta(days=1)


def _times_from_timeline(  # noqa: C901, PLR0912, PLR0913 - one fallback per moment, in order
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
                    and (since is None or e["occurred_at"] >= since - _EARLY)
                    and said(pattern, e["text"])
                ]
                if hits:
                    return min(hits)
        return None

    def missing(key: str) -> bool:
        return times[key] is None and key not in relative

    if missing("time_of_first_trigger") and rows and fallback_start and detected_at_start:
        began_on = _start_in_rows(times, rows, stated_day[1], warnings)
        fallback_start = began_on is None
    if missing("time_of_first_trigger"):
        times["time_of_first_trigger"] = _before_noticed(
            earliest("time_of_first_trigger", None, set()),
            earliest("time_of_internal_detect", None, set()),
            warnings,
        )
        if times["time_of_first_trigger"] is None and rows and fallback_start:
            # A timed row followed by an untimed one ("Between the 10th and the 16th, the
            # adversary …") is not followed by silence.
            busy = {
                id(e)
                for e, after in pairwise(timeline)
                if e["occurred_at"] is not None and after["occurred_at"] is None
            }
            first = _first_impact_row(rows, *stated_day, busy=busy)
            day, local = stated_day
            # A day the lead's sentences state is the day impact began; a dated title or
            # "Date:" may name the worst day, so its rows get a day's grace.
            slack = timedelta(0) if lead_day else _DAY
            if (
                detected_at_start
                and _only_customer(first["text"])
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
    skips = {"time_of_internal_detect": customer_rows, "time_of_customer_detect": team_reports}
    for key in TIME_FIELDS[1:]:
        if missing(key):
            times[key] = earliest(key, start, skips.get(key, set()))
            if key == "time_of_internal_detect":
                reported = (rows[i]["occurred_at"] for i in team_reports)
                times[key] = _earliest_since([times[key], *reported], start)
                if detected_at_start and start is not None:
                    _acted_earlier(times, rows, start, customer_rows, warnings)
            if key == "time_of_recovery":
                _after_last_return(times, rows, earliest, warnings)
    if (
        fallback_start
        and detected_at_start
        and times["time_of_internal_detect"] is None
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
        # that first row is a customer's report, which is the customer's detection.
        times["time_of_internal_detect"] = start
        warnings.append(
            "time_of_internal_detect: nothing marks the detection; taken as the first timeline "
            "row, like the start"
        )
    if (
        began_on is not None
        and all(times[k] is None for k in DETECTIONS)
        and "time_of_internal_detect" not in relative
        and not _only_customer(rows[0]["text"])
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


#: A row that says when the trouble began: "The issues started on Feb 12th at 3pm PST".
_BEGAN_AT = re.compile(
    r"\b(?:issues?|problems?|failures?|errors?|outages?|impact|trouble|breakage)\s+"
    r"(?:first\s+)?(?:started|began|begun)\s+(?P<when>(?:on|at)\s+[^.;()`]{3,40})",
    re.IGNORECASE,
)
#: A row that says since when something has failed: "sees that every Wayback run has failed
#: immediately with a syntax error since near the end of the day December 12th".
_FAILING_SINCE = re.compile(
    r"\b(?:fail(?:ed|ing|s)|broken|down|erroring|not (?:working|running))\b[^.;]{0,60}?"
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


def _start_by_length(
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    stated: dict[str, float | None],
    warnings: list[str],
) -> datetime | None:
    """An earlier row the stated length of the outage says was its start.

    "We had a total downtime of around 20 hours" over "16:00 We began the upgrade procedure"
    … "11:40 (next day) UseGalaxy.eu is back online": with nothing marking the start, the
    upgrade (a change, followed by silence) was taken as run-up and 18:45 as the start; the
    length the writer states runs from 16:00 (19 h 40 min), so the downtime began then.
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
    fits = [
        e
        for e in timeline
        if e["occurred_at"] is not None
        and start - _DAY < e["occurred_at"] < start
        and abs((end - e["occurred_at"]).total_seconds() / 60 - minutes)
        <= min(off, minutes * _LENGTH_FIT)
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
        if (m := _BEGAN_AT.search(e["text"])) and _HAS_CLOCK.search(m.group("when")):
            when = values.parse_datetime(m.group("when"), default_zone=local, default_date=row_day)
            if when is not None and first - _BEGAN_WITHIN < when < first:
                return when
        if m := _FAILING_SINCE.search(e["text"]):
            since = _DAY_OF_MONTH.search(e["text"], m.end())
            if since is None or since.start() > m.end() + _SAME_CLAUSE:
                continue
            month = _MONTHS.index((since.group("m1") or since.group("m2")).lower()[:3]) + 1
            try:
                day = date(row_day.year, month, int(since.group("d1") or since.group("d2")))
            except ValueError:
                continue
            if day > row_day:
                day = day.replace(year=day.year - 1)
            if (
                first.astimezone(local).date() - _BEGAN_WITHIN
                < day
                < first.astimezone(local).date()
            ):
                return day
    return None


def _earlier_in_prose(
    times: dict[str, datetime | None], prose: list[dict[str, Any]], warnings: list[str]
) -> None:
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
    if fallback is None or start is None:
        return
    effects = [p for k in ("time_of_first_trigger", "symptom") for p in TIMELINE_EVENTS[k]]
    earlier = [
        e
        for e in prose
        if start - _DAY < e["occurred_at"] < start and any(_affirmed(p, e["text"]) for p in effects)
    ]
    if earlier:
        first = min(earlier, key=lambda e: e["occurred_at"])
        times["time_of_first_trigger"] = first["occurred_at"]
        warnings[fallback] = (
            f"time_of_first_trigger: taken from the text ({first['time_text']!r}), which states "
            "an effect before the timeline's first row"
        )


def _impact_end_row(
    reader: _Reader,
    times: dict[str, datetime | None],
    timeline: list[dict[str, Any]],
    warnings: list[str],
) -> None:
    """A row saying impact ended, earlier than a bare "End:" field, is the recovery.

    "End"/"Ended"/"Resolved" fields (``[labels] incident_end``) often record when the
    incident was closed, days after users stopped seeing anything; a row that says the
    impact ended (``[events] impact_end``) is what the reader means by recovery.
    """
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
        and any(_affirmed(p, e["text"]) for p in TIMELINE_EVENTS["impact_end"])
    ]
    if ends:
        times["time_of_recovery"] = min(ends)
        warnings.append(
            f"time_of_recovery: the timeline says impact ended before the {label!r} field's time; "
            "the field is taken as the incident's close"
        )


def _only_customer(text: str) -> bool:
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
    reports = {i for i, e in enumerate(rows) if _only_customer(e["text"])}
    actors = [_row_actor(e) for e in rows]
    team = {a for i, a in enumerate(actors) if a and i not in reports}
    by_team = {i for i in reports if actors[i] in team}
    return by_team, reports - by_team


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
        if e["occurred_at"] > ended
        and any(_affirmed(p, e["text"]) for p in TIMELINE_EVENTS["recurrence"])
    ]
    later = earliest("time_of_recovery", max(again), set()) if again else None
    if later is not None and later > max(again):
        times["time_of_recovery"] = later
        warnings.append(
            f"time_of_recovery: the trouble came back after {ended.isoformat()}; its end "
            "after the last return is taken"
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


def _acted_earlier(
    times: dict[str, datetime | None],
    rows: list[dict[str, Any]],
    start: datetime,
    customer_rows: set[int],
    warnings: list[str],
) -> None:
    """The team acting on the incident ("Decision taken to add two nodes") knew of it.

    When the first row after the start in which the team responds (``[events] response``)
    comes before the row that names the detection, that row is the internal detection.
    """
    found = times["time_of_internal_detect"]
    if found is None:
        return  # nothing names it: the first row is taken as the detection (see below)
    for i, e in enumerate(rows):
        if i in customer_rows or e["occurred_at"] <= start or e["occurred_at"] >= found:
            continue
        if any(_affirmed(p, e["text"]) for p in TIMELINE_EVENTS["response"]):
            times["time_of_internal_detect"] = e["occurred_at"]
            warnings.append(
                f"time_of_internal_detect: the team acts at {e['time_text']!r} before any row "
                "says it noticed; taken as when it knew"
            )
            return


#: Where a clause ends: a sentence's end, or "and" before a new subject ("errors seem to have
#: stopped and the incident is resolved": the hedge is the first clause's).
_CLAUSE_BREAK = re.compile(r"[.;!?]\s|,?\s+and\s+(?=(?:the|it|we|they|all|everything)\s)")


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
    return not any(n.search(before) for n in TIMELINE_EVENTS["negation"]) and not any(
        h.search(clause) for h in TIMELINE_EVENTS["hedge"]
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
    production" (the sentence goes on to take it back: ``[events] relapse``) are recoveries a
    later row may complete; they are taken only when no row says more.
    """
    for m in pattern.finditer(text):
        if not _said(m, text):
            continue
        clause = _CLAUSE_BREAK.split(text[: m.start()])[-1][-_SUBJECT_CHARS:]
        rest = re.split(r"[.;!?](?:\s|$)", text[m.end() :], maxsplit=1)[0]
        if not any(p.search(clause) for p in TIMELINE_EVENTS["partial"]) and not any(
            p.search(rest) for p in TIMELINE_EVENTS["relapse"]
        ):
            return True
    return False


def _story_day(dated: list[tuple[date, str]]) -> date | None:
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


#: How far from the day a title or "Date:" states an impact window's date is a slip.
_WINDOW_SLIP = timedelta(days=7)
#: How long after a timeline of days begins a stated date is the report's, not the story's.
_REPORT_GAP = timedelta(days=14)


def _first_impact_row(
    rows: list[dict[str, Any]], day: date | None, local: tzinfo, *, busy: set[int] | None = None
) -> dict[str, Any]:
    """The row taken as the start of impact when no row's wording marks it.

    Rows dated before the day the document states for the incident (its title or "Date:")
    are the run-up (preparation, a change days before); so are leading rows that only
    make a change (a deploy, a merge: ``[events] change``), name no effect (``symptom``,
    detection or start wording) and are followed by an hour or more of silence: such a
    change hurt nobody until something failed.
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
        and rows[start + 1]["occurred_at"] - rows[start]["occurred_at"] > _QUIET_AFTER_CHANGE
        and any(p.search(rows[start]["text"]) for p in TIMELINE_EVENTS["change"])
        and not any(p.search(rows[start]["text"]) for p in effects)
        and id(rows[start]) not in (busy or set())
    ):
        start += 1
    return rows[start]


#: A change followed by this long a silence hurt nobody yet (a deploy the evening before);
#: one followed sooner by the next row is taken as when the trouble began.
_QUIET_AFTER_CHANGE = timedelta(hours=1)


def _detection_time(
    reader: _Reader,
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
    key = (
        "time_of_customer_detect"
        if _detection(text, dict.fromkeys(TIME_FIELDS)) == "customer"
        else "time_of_internal_detect"
    )
    times[key] = when


#: The time a Detection section states: "09:23 UTC", "At approximately 12:30pm CT".
_DETECTED_AT = re.compile(
    r"\b\d{1,2}:\d{2}(?:\s*(?i:[ap]\.?m\b\.?))?(?:\s*(?:UTC|GMT|Z|[A-Z]{2,4}T|PT|ET|CT|MT)\b)?"
)


_SENTENCE_TIME = re.compile(
    # "@" for "at" too: "On Sept 30 @ 22:16:01 UTC time, the network halted"
    r"(?:(?P<prep>\b(?:at|around|by|about|approximately|since)|@)\s*(?<=\s|@)(?:(?:roughly|about|around|"
    r"approximately|approx\.?|~)\s*)?)?(?<![\d:.\-/])"
    r"(?P<ts>(?:\d{1,2}:\d{2}|(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d%]|\.\d))(?:\s*[ap]\.?m\.?)?"
    # without "at", a clock counts when its zone and its day follow, a stamp in the prose,
    # as in "Zenodo was back online 18:30 UTC May 17th" said of the recovery
    r"(?(prep)(?:\s*(?:UTC|GMT|Z\b|[A-Z]{2,4}T\b))?|\s*(?-i:UTC|GMT)\b"
    r"(?=,?\s+(?-i:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))))",
    re.IGNORECASE,
)
_WEEKDAY_WORD = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: A sentence's clock with its own day written just before or after it: "eventually on Sunday
#: August 19 at 23:30 UTC", "back online 18:30 UTC May 17th".
_DAY_BEFORE_CLOCK = re.compile(
    r"\bon\s+" + _WEEKDAY_WORD + r"(?P<m>" + _MONTH_NAME + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y>\d{4}))?,?\s*$",
    re.IGNORECASE,
)
_DAY_AFTER_CLOCK = re.compile(
    r"^\s*,?\s*(?:on\s+)?" + _WEEKDAY_WORD + r"(?:(?P<m>" + _MONTH_NAME + r")\s+(?P<d>\d{1,2})"
    r"(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_NAME + r"))"
    r"(?:,?\s+(?P<y>\d{4}))?\b",
    re.IGNORECASE,
)


def _day_by_clock(sentence: str, m: re.Match[str], year: int | None) -> date | None:
    """The day a sentence writes beside one of its clocks, if it writes one there."""
    near = _DAY_BEFORE_CLOCK.search(sentence[: m.start()]) or _DAY_AFTER_CLOCK.match(
        sentence[m.end() :]
    )
    if near is None:
        return None
    found = near.groupdict()
    month = _MONTHS.index((found["m"] or found.get("m2") or "").lower()[:3]) + 1
    day = int(found["d"] or found.get("d2") or 0)
    written = int(near.group("y")) if near.group("y") else year
    try:
        return date(written, month, day) if written else None
    except ValueError:
        return None


def _prose_events(  # noqa: PLR0913 - where to read, and how far
    reader: _Reader,
    day: date | None,
    zone: tzinfo,
    options: ParseOptions,
    told: list[str] | None = None,
    *,
    everywhere: bool = False,
) -> list[dict[str, Any]]:
    """Sentences of the lead, summary, impact and detection text that say when ("At 09:23 …").

    With no timeline (``everywhere``) the story's sections tell the times too ("### What we
    learnt": "the failure started at approximately 10.16, and was fixed at 11.35").
    """
    lines = _impact_lines(reader)
    if everywhere:
        lines.extend(ln for ln in _body_lines(reader.doc) if ln not in lines)
    lines.extend(ln for ln in told or [] if ln not in lines)
    detection = reader.section_text("detection")
    if detection:
        lines.extend(detection.split("\n"))
    events: list[dict[str, Any]] = []
    # A timed sentence's moment carries over to the next sentence that says it came at once,
    # on the next line too (a source written one sentence per line).
    before: dict[str, Any] | None = None
    for line in _reflowed(lines):
        # "at around 10:00 a.m. EST, one of our SREs noticed": "a.m." ends no sentence.
        for sentence in re.split(r"(?<=[.;])(?<![ap]\.m\.)\s+", line):
            # "Around 9:30 the record propagated again and by 9:40 traffic had returned to
            # normal": each time is the moment of the words up to the next time.
            found = list(_SENTENCE_TIME.finditer(sentence))
            if not found and before is not None and _AT_ONCE.search(sentence):
                # "At 19:55 UTC all services stopped. The team immediately started to
                # investigate": the next sentence's "immediately" is the same moment.
                events.append({**before, "text": sentence})
            before = None
            starts = _segment_starts(sentence, found)
            # "The outage was discovered internally by 22:50 GMT and resolved at 23:01 GMT":
            # a sentence that opens with words, not a time, puts each time after its words.
            trailing = len(found) > 1 and found[0].start() > _LEAD_IN_CHARS
            for i, m in enumerate(found):
                end = starts[i + 1] if i + 1 < len(found) else len(sentence)
                text = sentence if len(found) == 1 else sentence[starts[i] : end]
                if trailing:
                    text = sentence[found[i - 1].end() if i else 0 : m.end()]
                # "at approximately 10.16": a clock written with a dot.
                clock = re.sub(r"^(\d{1,2})\.(\d{2})", r"\1:\2", m.group("ts"))
                # "on Sunday August 19 at 23:30 UTC": the day written beside the clock.
                on = _day_by_clock(sentence, m, day.year if day else None) or day
                when = values.parse_datetime(
                    clock, default_zone=zone, default_date=on, day_first=options.day_first
                )
                if when is not None:
                    events.append({"occurred_at": when, "time_text": m.group("ts"), "text": text})
                    before = events[-1] if len(found) == 1 else None
    return events


#: How far into a sentence its first time may stand and still open it ("At around 9:30 …").
_LEAD_IN_CHARS = 20


def _segment_starts(sentence: str, found: list[re.Match[str]]) -> list[int]:
    """Where the words of each time in a sentence begin (each runs to the next one's start).

    A time written "by 15:56" ends the clause before it ("we reverted it - an action
    completed by 15:56"): that clause is its moment, not the earlier time's.
    """
    starts = [m.start() for m in found]
    for i in range(1, len(found)):
        if found[i].group(0).lower().startswith("by"):
            gap = sentence[found[i - 1].end() : found[i].start()]
            breaks = list(re.finditer(r",\s|\s[-\u2013\u2014]\s|;\s", gap))
            if breaks:
                cut = breaks[-1]
                if _DONE_BY.match(gap[cut.end() :]) and len(breaks) > 1:
                    cut = breaks[-2]  # what was "completed by" it is the clause before
                starts[i] = found[i - 1].end() + cut.start()
    return starts


def _reflowed(lines: list[str]) -> list[str]:
    """Lines wrapped at a fixed width joined back into the sentences they break."""
    out: list[str] = []
    held = ""
    for line in lines:
        held = f"{held} {line.strip()}".strip()
        if not held or re.search(r"[.!?:;)]\W*$", held):
            if held:
                out.append(held)
            held = ""
    if held:
        out.append(held)
    return out


_DONE_BY = re.compile(
    r"^\W*(?:(?:an?|the|this|that|which)\s+(?:\w+\s+)?(?:(?:was|were|is)\s+)?)?"
    r"(?:completed|finished|done|complete)\W*(?:by\W*)?$",
    re.IGNORECASE,
)
_AT_ONCE = re.compile(
    r"\b(?:immediately|at once|right away|straight away|at the same time|within seconds|"
    # a sentence "Right after the deployment …" after "At 11:32 we deployed …"
    r"(?:shortly|right|directly|just|straight|immediately|soon)\s+after(?:wards)?|"
    r"moments later)\b",
    re.IGNORECASE,
)


def _agreeing_length(
    reader: _Reader, field_name: str, minutes: float, measured: float
) -> float | None:
    """Another length the sentences state for ``field_name``, one the times bear out.

    Only when the stated length is itself a sentence's (not a label's): "for about 20
    minutes" in a summary, "for about 12 minutes" in a conclusion, the times giving 12.
    """
    label_key = STATED_DURATIONS[field_name][0]
    if label_key not in _PROSE_SPANS or reader.label(label_key) is not None:
        return None
    lengths = [
        round(span.total_seconds() / 60, 2)
        for text in reader.prose_all(_PROSE_SPANS[label_key])
        if (span := values.parse_duration(text, clock=True)) is not None
    ]
    if label_key == "time_to_recover":
        lengths += [
            n
            for section in reader.doc.sections
            for block in section.blocks
            if block.kind != "table"
            for line in _reflowed(block.lines())
            if (n := _impact_length(line)) is not None
        ]
    if not any(round(n, 2) == round(minutes, 2) for n in lengths):
        return None
    return next((n for n in lengths if abs(n - measured) <= 1), None)


def _stated_durations(
    reader: _Reader, relative: dict[str, timedelta], warnings: list[str]
) -> dict[str, float | None]:
    """``stated_minutes_to_*``: durations the document states ("Time to detection: 8 min")."""
    out: dict[str, float | None] = {}
    for field_name, (label_key, moment) in STATED_DURATIONS.items():
        span = relative.pop(moment, None) if moment else None
        text = reader.label(label_key)
        if text is None and label_key == "time_to_recover":
            text = next(
                (
                    v
                    for label, v, _ in reader.labels
                    if _DOWN_LABEL.search(label) and values.parse_duration(v) is not None
                ),
                None,
            )
        if span is None and text is None and label_key in _PROSE_SPANS:
            text = reader.prose(_PROSE_SPANS[label_key])
        if span is None and text is None and label_key == "time_to_detect":
            # A Detection section that says how long the problem was there until someone
            # ran into it ("The problem was around for roughly 16 hours when the faulty
            # webhook was added until there was an attempt to access the dashboard").
            m = _UNTIL_FOUND.search(reader.section_text("detection") or "")
            text = m.group("span") if m else None
        if span is None and text is not None:
            span = values.parse_duration(text, clock=True)
            if span is None and not values.is_placeholder(text):
                if text.strip().lower() not in ("n/a", "none", "-", "—", "unknown", "tbd"):
                    warnings.append(f"{field_name}: could not read {text!r} as a duration")
            elif span is None:
                warnings.append(f"{field_name}: {text!r} is template text, not a duration")
        out[field_name] = round(span.total_seconds() / 60, 2) if span is not None else None
    return out


#: How long a problem was there until it was met, as a Detection section says it.
_UNTIL_FOUND = re.compile(
    r"\bfor\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|~\s*)?"
    r"(?P<span>(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?))\b[^.;]{0,120}?\buntil\b",
    re.IGNORECASE,
)


#: A wiki page's path before a dated name: "Incidents/2019-12-04 MediaWiki".
_WIKI_PATH = re.compile(r"^[^/]{1,40}/(?=\d{4}-?\d{2}-?\d{2})")
_WIKI_FOLDERS = re.compile(
    r"^(?:[^/\s]+/)*?(?:post-?mortems|incidents|retrospectives)/(?=\S)", re.IGNORECASE
)
#: A report's prefix with the day it is about: "Incident report May 12 2025 - …".
_DATED_PREFIX = re.compile(
    r"^\s*(?:incident\s+report|post[\s-]?mortem|incident\s+review)\s+(?:for\s+|on\s+)?"
    r"(?P<date>\d{4}-\d{2}-\d{2}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|"
    r"\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4})\s*[:\-\u2013\u2014|]\s+",
    re.IGNORECASE,
)


_QUALIFIER = (
    r"(?:(?:overall|in total|about|approximately|approx\.?|around|roughly|nearly|almost|some|~|"
    # "down for just under 7 hours": the round figure ("just over" stays unread: a reader
    # takes the timeline's exact window over it)
    r"(?:just|a little|slightly)\s+under)\s*)"
    r"{0,2}"
)
_SPAN = (
    r"(?P<span>(?:(?:\d+(?:[.,]\d+)?|\b(?:an?|" + values.NUMBER_WORDS + r"))"
    r"(?:\s+and\s+a\s+half)?[\s-]*"
    r"(?:days?|d|hours?|hrs?|hr|h|minutes?|mins?|min|m)(?![a-z])(?:\s+and\s+a\s+half)?"
    r"(?:\s*(?:and|,)\s*|\s+)?)+)"
)
#: Prose that states how long impact lasted: "For about 35 minutes, …", "lasted 2 hours".
_IMPACT_SPANS = (
    re.compile(
        r"\b(?:for|lasted|lasting|lasted for|lasting for|outage of|downtime of|down for)\s+"
        + _QUALIFIER
        + _SPAN,
        re.IGNORECASE,
    ),
    re.compile(
        _QUALIFIER
        + _SPAN
        + r"\s*(?:of\s+)?(?:[a-z]+\s+){0,2}?(?:"
        + "|".join(vocabulary().impaired)
        + r")\b",
        re.IGNORECASE,
    ),
    re.compile(
        _QUALIFIER + _SPAN + r"\s*\(?(?:the\s+)?(?:actual\s+|total\s+)?(?:incident|outage|impact)"
        r"\s+duration",
        re.IGNORECASE,
    ),
    # "was down for a while today (~6 hours)": the length the writer glosses the outage with
    re.compile(
        r"\b(?:down|offline|unavailable|unreachable)\b[^.()]{0,40}\(\s*"
        + _QUALIFIER
        + _SPAN
        + r"\)",
        re.IGNORECASE,
    ),
    # "a total duration of 2 hours and 13 minutes", "for a period of 45 minutes"
    re.compile(
        r"\b(?:total\s+)?(?:duration|period|length)\s+of\s+" + _QUALIFIER + _SPAN,
        re.IGNORECASE,
    ),
)


def _in_phases(line: str) -> bool:
    """Whether the line tells the impact's length phase by phase, not as a whole.

    "the blockchain stopped creating blocks … for approximately 45 minutes, and then advanced
    very slowly for the next 3 hours until the hotfix was released": 45 minutes is the first
    phase, and a writer who counts phases states no total (a later "slower than normal for a
    day" is an after-effect).
    """
    return any(_NEXT_PHASE.match(line[m.end() :]) for p in _IMPACT_SPANS for m in p.finditer(line))


def _impact_length(line: str) -> float | None:
    """How long the impact lasted, in minutes, if the line states it ("lasted 2 hours")."""
    for pattern in _IMPACT_SPANS:
        m = pattern.search(line)
        if m is None or _UNNOTICED.search(line[: m.start() + 1]):
            continue  # "went undetected for three hours": how long until detection
        if vocabulary().forecast.search(line[: m.start()]):
            continue  # "Expect a 4-5 minutes outage": foreseen, not how long it lasted
        if _VAGUE.match(line[m.end() :]):
            continue  # "for a minute or two": an aside, not the impact's length
        if _EXCLAIMED.match(line[m.end() :]):
            continue  # "Why, for fifty-three days I've put up with it!": a cry, not a measure
        if span := values.parse_duration(m.group("span")):
            return span.total_seconds() / 60
    return None


_EXCLAIMED = re.compile(r"[^.?!]*!")
_NEXT_PHASE = re.compile(
    r"[^.;]*?\bthen\b[^.;]*?\bfor\s+(?:the\s+next|another|a\s+further|further)\b", re.IGNORECASE
)
_VAGUE = re.compile(r"\s*or\s+(?:two|so|more|less|three|longer)\b", re.IGNORECASE)
_UNNOTICED = re.compile(r"\b(?:unnoticed|undetected)\b(?:\s+\w+){0,3}\s*$", re.IGNORECASE)
#: A label that names how long something was down: "Wikis visibly down: 59 minutes".
_DOWN_LABEL = re.compile(r"\b(?:down|outage|downtime|unavailable|degraded)$")
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
#: A window's clock may be an hour with its AM/PM alone: "from approximately 3PM PST to 4:30 PM".
_WINDOW_CLOCK = r"(?:" + _CLOCK + r"|\d{1,2}\s*[ap]\.?m\b\.?)"
_ZONE_WORD = r"(?:\s*\(?(?:UTC|GMT|Z|[A-Z]{2,4}T)\)?)?"
#: Prose that states the impact's window: "from 09:20 to 09:45 UTC", "(14:00-16:32 UTC)".
_WINDOWS = (
    re.compile(
        # A window opened by "starting" too: "to the users starting February 3rd around …"
        r"\b(?:between|from|starting(?:\s+(?:on|at|from))?)\s+"
        + _QUALIFIER
        + r"(?P<a>(?:[^.;()]{0,30}?\s)??"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        # the end qualified too: "from ~13:22 PST to ~16:17 PST"
        + r")\s+(?:and|to|until|till|through)\s+"
        + _QUALIFIER
        + r"(?P<b>(?:[^.;()]{0,30}?\s)??"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        + r")",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<a>" + _CLOCK + r")\s*[-\u2013\u2014]\s*(?P<b>" + _CLOCK + _ZONE_WORD + r")"),
    # Military-style times need their zone: "between the hours of 1900 and 2100 UTC".
    re.compile(
        r"\b(?:between|from)\s+(?:the\s+hours\s+of\s+)?(?P<a>(?:[01]\d|2[0-3])[0-5]\d)\s+"
        r"(?:and|to|until)\s+(?P<b>(?:[01]\d|2[0-3])[0-5]\d\s*(?:UTC|GMT|Z|[A-Z]{2,4}T)\b)"
    ),
)


def _colon(text: str) -> str:
    """A time written HHMM ("1900") with its colon ("19:00"), as dateutil would read a year."""
    return re.sub(r"^(\s*)([01]\d|2[0-3])([0-5]\d)(?![\d:/.-])", r"\1\2:\3", text)


_ZONE_AFTER = re.compile(
    r"^\s*\(?((?:[A-Z][A-Za-z]+/[A-Z][A-Za-z_]+)|(?:pacific|eastern|central|mountain|"
    r"central european|british summer)(?:\s+time)?|(?-i:PT|ET|CT|MT|[A-Z]{2,5}))(?![A-Za-z/])",
    re.IGNORECASE,
)


def _zone_after(text: str) -> tzinfo | None:
    """A zone written right after a window's end ("… to 15:58 US/Pacific", "… Pacific Time")."""
    m = _ZONE_AFTER.match(text)
    if m is None:
        return None
    name = m.group(1)
    if name.upper() in ("PT", "ET", "CT", "MT"):
        return values.zone_named(f"00:00 {name.upper()}")
    return values.zone_named(name, as_written=name.isupper())


def _impact_lines(reader: _Reader) -> list[str]:
    """The lead, summary and impact text, where a document states its impact in prose."""
    keys = {normalise(a) for k in ("summary", "impact") for a in SECTION_ALIASES.get(k, [])}
    lines: list[str] = []
    titled = [s for s in reader.doc.sections if s.title]
    # A page without a title whose first heading, at whatever level, opens it ("## 2025-07-30
    # Hex Outage" on a blog): that heading is the page's title and its text the lead.
    opening = (
        titled[0]
        if titled and reader.doc.title is None and all(s.level >= titled[0].level for s in titled)
        else None
    )
    for section in reader.doc.sections:
        # The lead (under no heading, or under the page's own level-1 heading) counts too.
        if (
            not section.title
            or section.level <= 1
            or section is opening
            or normalise(section.title) in keys
        ):
            for block in section.blocks:
                lines.extend(block.lines())
    lines.extend(value for label, value, _ in reader.labels if label in keys)
    # A conclusion looks back on the incident: after everything above, so that it states the
    # length only when the lead, summary and impact do not.
    closing = {normalise(a) for a in SECTION_ALIASES.get("conclusion", [])}
    for section in reader.doc.sections:
        if section.title and normalise(section.title) in closing:
            for block in section.blocks:
                lines.extend(block.lines())
    return lines


def _impact_window(
    reader: _Reader, day: date | None, zone: tzinfo, options: ParseOptions
) -> tuple[datetime | None, datetime | None, float | None]:
    """Start and end of impact, and its stated length, from the lead/summary/impact prose."""
    start = end = None
    minutes = None
    phased = False
    # Prose wrapped at a fixed width ("offline from Friday April 30 19:09" / "UTC until
    # Monday May 3 05:58 UTC.") states its window across the break.
    for line in _reflowed(_impact_lines(reader)):
        phased = phased or _in_phases(line)
        if minutes is None and not phased:
            minutes = _impact_length(line)
        if start is None:
            for pattern in _WINDOWS:
                w = pattern.search(line)
                if w is None:
                    continue
                b_text = _colon(w.group("b"))
                stated_zone = (
                    values.zone_named(b_text, as_written=True)
                    if re.search(r"[A-Z]{2,}|Z\b", b_text)
                    else None
                ) or _zone_after(line[w.end() :])
                a = values.parse_datetime(
                    _colon(w.group("a")),
                    default_zone=stated_zone or zone,
                    default_date=day,
                    day_first=options.day_first,
                )
                b = values.parse_datetime(
                    b_text,
                    default_zone=stated_zone or zone,
                    default_date=a.astimezone(stated_zone or zone).date() if a else day,
                    day_first=options.day_first,
                )
                if a is not None and b is not None:
                    if b < a:
                        b += timedelta(days=1)
                    start, end = a, b
                    break
    if minutes is None and reader.doc.title:
        # "Post Mortem: 2h Tool Execution Outage": a title that says how long.
        minutes = _impact_length(reader.doc.title)
        if minutes is not None:
            reader.warnings.append(
                f"stated_minutes_to_recover: {minutes:g} min, the length the title states"
            )
    return start, end, round(minutes, 2) if minutes is not None else None


def _opening_heading(doc: Document) -> str | None:
    """The heading a document opens on, when it names no section ("## Incident Report for X").

    A report whose headings are all of one level still states its name first; a heading
    that names a known section ("## Overview") or holds a field ("## Date: …") does not.
    """
    first = next((s for s in doc.sections if s.title or s.blocks), None)
    if first is None or not first.title or _LABEL_LINE.match(first.title):
        return None
    return None if normalise(first.title) in section_headings() else first.title


def _split_title(title: str, options: ParseOptions) -> tuple[str, date | None]:
    """The incident's name and the day a title states ("… — 5 March 2026", "2019-12-04 X")."""
    if len(title) > 2 and title[0] == title[-1] and title[0] in "\"'":  # noqa: PLR2004
        title = title[1:-1]  # quoted, as a front matter's value is
    dated = _DATED_PREFIX.match(title)
    if dated is not None and (day := _date_only(dated.group("date"), options)) is not None:
        # "Incident report May 12 2025 - Earthscope resource provisioning issue"
        return title[dated.end() :].strip(), day
    title = _WIKI_PATH.sub("", _TITLE_PREFIX.sub("", title.strip()).strip())
    # "Releases/Post-mortems/Firefox 3.6.9": a wiki page's folders are not its name.
    title = _WIKI_FOLDERS.sub("", title)
    m = _TITLE_SUFFIX.search(title)
    if m:
        when = _date_only(m.group("date"), options)
        if when is not None:
            return title[: m.start()].strip(), when
    # "11/12 March 2013 Chain Fork": a title that names the nights it ran over began on
    # the first of them. "Incidente de 14 de Novembro de 2019": a day in another language.
    first_of = _DAY_RANGE.sub(r"\g<d1> \g<rest>", values.english_months(title))
    dates = (
        _FULL_DATE.findall(first_of) or _NAME_DATE.findall(title) or _SLASHED_FULL.findall(title)
    )
    if len(dates) == 1:
        written = dates[0] if isinstance(dates[0], str) else "-".join(dates[0])
        return title, _date_only(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", written), options)
    return title, None


#: Two days of one month written together before it: "11/12 March 2013", "3-4 June 2024",
#: "5 and 6 May 2021".
_DAY_RANGE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*(?:/|-|\u2013|&|\band\b)\s*\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?P<rest>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\b",
    re.IGNORECASE,
)


def _date_only(text: str, options: ParseOptions) -> date | None:
    text = text.strip()
    if not re.search(r"\d", text) or not values.looks_absolute(text):
        return None
    when = values.parse_datetime(
        text, default_zone=UTC, default_date=None, day_first=options.day_first
    )
    return when.date() if when is not None else None


def _local_date(text: str, options: ParseOptions, zone: tzinfo) -> date | None:
    when = values.parse_datetime(text, default_zone=zone, day_first=options.day_first)
    if when is None:
        return None
    return when.astimezone(zone).date()


def _detection(text: str | None, times: dict[str, datetime | None]) -> str | None:
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


def _root_causes(reader: _Reader, warnings: list[str]) -> list[str]:  # noqa: PLR0911 - one return per source
    """The root causes: a section's list items, its prose as one cause, or a causal sentence.

    A "Root cause" section written as a list names one cause per item; written as prose it
    explains one cause (however many paragraphs it takes) unless the writer counts them
    ("Firstly, … Secondly, …"). Without such a section, the first sentence of the summary,
    lead, impact or resolution that states a cause ("… was caused by …", "due to …":
    ``[causes] sentences``) is the cause, with one that adds another just after it ("There
    was also …, so …"). A text that says the cause is not known (``[causes] unknown``) names
    none.
    """
    vocab = vocabulary()
    if causes := _cause_headings(reader):
        return causes
    section = reader.section("root_causes")
    if section is not None:
        text = " ".join(ln for b in section.blocks for ln in b.lines())
        if vocab.cause_unknown.search(text):
            warnings.append("root_causes: the document says the root cause is not known")
            return []
        listed = [
            _BULLET_STATUS.sub("", item).strip()
            for b in section.blocks
            if b.kind == "list"
            for level, item in b.items
            if level == 0 and item.strip()
        ]
        if listed:
            return listed
        if section.blocks and section.blocks[0].kind == "table":
            return _items(section)
        return _prose_causes(section)
    names = {normalise(a) for a in SECTION_ALIASES["root_causes"]}
    stated = next(
        (v.strip() for label, v, _ in reader.labels if label in names and v.strip()), None
    )
    if stated is not None and not vocab.cause_unknown.search(stated):
        # "**Root Causes**: Our database cluster ran out of space …" in a field list.
        return [stated]
    lines = _impact_lines(reader) + (reader.section_text("resolution") or "").split("\n")
    # Then any other prose but the timeline's and the follow-ups' ("What went wrong", a
    # "Background" section, a field list's "Identified:" line).
    skip = {normalise(a) for k in ("timeline", "action_items") for a in SECTION_ALIASES[k]}
    lines += [
        ln
        for section in reader.doc.sections
        if normalise(section.title or "") not in skip and not _HAS_CLOCK.search(section.title or "")
        for b in section.blocks
        if b.kind != "table"
        for ln in b.lines()
        if not values.TIMESTAMP_PREFIX.match(ln)
    ]
    sentences = [
        sentence
        for line in lines
        for sentence in re.split(r"(?<=[.;!?])\s+", " ".join(line.split()))
        if not sentence.endswith("?")  # a template's question ("Was it caused by … ?")
    ]
    for i, sentence in enumerate(sentences):
        if vocab.cause_unknown.search(sentence):
            warnings.append("root_causes: the document says the root cause is not known")
            return []
        if vocab.cause_loose.search(sentence):
            warnings.append(
                "root_causes: no 'Root cause' section; taken from a sentence stating a cause"
            )
            # "There was also no dedicated pool, so the students overloaded the nodes" just
            # after it: a second cause the writer adds to the first.
            more = [
                s
                for s in sentences[i + 1 : i + 1 + _ADDED_WITHIN]
                if _ADDED_CAUSE.search(s)
                and (vocab.cause_loose.search(s) or _LOOSELY_CAUSAL.search(s))
                and s != sentence
            ]
            return [sentence, *more[:1]]
    warnings.append("root_causes: no 'Root cause(s)' section or sentence stating a cause")
    return []


def _prose_causes(section: Section) -> list[str]:
    """A root-cause section's prose: one cause, or one per paragraph that states one.

    Paragraphs that each state a cause in so many words ("CVE-1 resulted from …" / "CVE-2
    resulted from …") are as many causes; otherwise the prose explains one. A paragraph that
    opens by pointing back ("This is because …") explains the one before it, and one that
    names *the* root cause ("The ultimate root cause … was") is the cause, the others its
    consequences.
    """
    prose = [" ".join(b.text.split()) for b in section.blocks if b.kind == "para" and not b.quoted]
    counted = [c for c in _ORDINAL_SPLIT.split(" ".join(prose)) if c.strip()]
    if len(_ORDINAL_SPLIT.findall(" ".join(prose))) > 1 and len(counted) > 1:
        # "Firstly, the function deleted the record. Secondly, something changed in AWS":
        # the writer counts the causes; what comes before the first is their introduction.
        return counted[1:] if not _ORDINAL_SPLIT.match(" ".join(prose)) else counted
    stating = [
        p
        for p in prose
        if vocabulary().cause_sentences.search(re.split(r"(?<=[.;!?])\s", p)[0])
        and not _POINTS_BACK.match(p)
    ]
    if the_one := [p for p in stating if _THE_ROOT_CAUSE.search(p)]:
        stating = the_one[:1]
    if len(stating) > 1:
        return stating
    return [prose[0]] if prose and prose[0] else []


#: A sentence that adds a cause to the one before ("There was also …", "In addition, …").
_ADDED_CAUSE = re.compile(
    r"^(?:there (?:was|were|is|are) also|another (?:cause|factor|reason|problem|issue|"
    r"contributing)|additionally|in addition|on top of (?:that|this)|also,|"
    r"(?:this|it) was (?:further )?(?:compounded|exacerbated|made worse))\b",
    re.IGNORECASE,
)
#: A sentence that says it led somewhere, loosely: "…, so the students overloaded the nodes".
_LOOSELY_CAUSAL = re.compile(r",\s+so\b|\bwhich (?:meant|caused|led)\b", re.IGNORECASE)
#: How many sentences after a cause one that adds another may come.
_ADDED_WITHIN = 3
#: A cause the writer counts: "Firstly, …", "Secondly, …", "Second, …", "Lastly, …".
_ORDINAL_SPLIT = re.compile(
    r"(?:^|(?<=[.;:]\s))(?:firstly|secondly|thirdly|fourthly|first|second|third|fourth|"
    r"finally|lastly)\s*,\s*",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"^(?:this|that|these|those|it|which|so|thus|hence)\b", re.IGNORECASE)
_THE_ROOT_CAUSE = re.compile(
    r"\bthe (?:ultimate |underlying |real |actual |main |primary )?root cause\b"
    r"[^.]*?\b(?:was|is)\b",
    re.IGNORECASE,
)


#: A severity given in a sentence: "given a P1 priority", 'Priority set to "P1"',
#: "declared a SEV-2"; or the team making the incident one ("We made this a P1 priority",
#: "created pagerduty P1 incident") -- a vendor's "Sev1 case" or a request to "escalate to a
#: P2" is not the incident's own.
_SEVERITY_SENTENCE = re.compile(
    r"\b(?:given|assigned|set to|declared|raised to|marked as|classified as)\s+(?:an?\s+)?"
    r"[\"\u201c]?(?P<sev>P[0-4]|SEV[- ]?[0-4])\b"
    r"|\b(?:made|make|makes|created|opened|declared|raised)\s+(?:(?:this|it)\s+)?(?:an?\s+)?"
    r"(?:[a-z]+\s+)?(?P<made>P[0-4]|SEV[- ]?[0-4])\s+(?:priority|incident|severity)\b",
    re.IGNORECASE,
)


def _severity_in_prose(doc: Document) -> str | None:
    """The highest severity the sentences give (an escalation ends at the highest)."""
    found = [
        sev
        for section in doc.sections
        for block in section.blocks
        for line in block.lines()
        for m in _SEVERITY_SENTENCE.finditer(line)
        if (sev := values.parse_severity(m.group("sev") or m.group("made")))
    ]
    return min(found) if found else None


def _cause_headings(reader: _Reader) -> list[str]:
    """Causes named by the sub-headings of a root-cause section.

    "3. Root Cause" / "### 1. State inconsistency …" / "### 2. API regression …", when the
    section itself holds at most a sentence that introduces them.
    """
    names = {normalise(a) for a in SECTION_ALIASES["root_causes"]}
    others = _other_headings("root_causes")
    words = HEADING_WORDS.get("action_items")
    sections = reader.doc.sections
    for i, head in enumerate(sections):
        if not head.title or normalise(head.title) not in names:
            continue
        own = [b for b in head.blocks if b.kind != "para" or len(b.text) > 300]  # noqa: PLR2004
        subs: list[str] = []
        for sub in sections[i + 1 :]:
            if not sub.title or sub.level <= head.level:
                break
            if normalise(sub.title) in others or (words and words.search(normalise(sub.title))):
                return []  # "Root Cause Remediations" under it: follow-ups, not causes
            if sub.level == head.level + 1 or (subs == [] and sub.level > head.level):
                subs.append(_NUMBERED.sub("", sub.title).strip())
        if not own and len(head.blocks) <= 1 and len(subs) > 1:
            return subs
        return []
    return []


def _items(section: Section) -> list[str]:
    out: list[str] = []
    for block in section.blocks:
        if block.kind == "list":
            out.extend(_BULLET_STATUS.sub("", text) for _, text in block.items)
        elif block.kind == "para":
            out.extend(line for line in block.text.split("\n") if not _is_zone_note(line))
        else:
            out.extend(" ".join(c for c in row if c) for row in block.rows[1:])
    return [o.strip() for o in out if o.strip()]


def _split_products(text: str) -> list[str]:
    return [p.strip(" .") for p in re.split(r",|;|\s+and\s+", text) if p.strip(" .")]


def _affected(section: Section) -> list[tuple[str | None, str | None]]:  # noqa: C901, PLR0912 - one shape per branch
    out: list[tuple[str | None, str | None]] = []

    def add(entity: str | None, products: list[str]) -> None:
        if not products:
            out.append((entity, None))
        out.extend((entity, p) for p in products)

    for block in section.blocks:
        if block.kind == "table" and block.rows:
            header = [normalise(c) for c in block.rows[0]]
            ent = _column(header, ("entity", "service", "system", "component", "team", "customer"))
            prod = _column(header, ("products", "product", "features", "feature"))
            body = block.rows[1:] if ent is not None or prod is not None else block.rows
            ent = 0 if ent is None else ent
            for row in body:
                entity = row[ent] if ent < len(row) else None
                products = row[prod] if prod is not None and prod < len(row) else ""
                if entity or products:
                    add(entity or None, _split_products(products))
        elif block.kind == "list":
            current: str | None = None
            pending: list[str] = []
            for level, text in block.items:
                if level == 0:
                    if current is not None:
                        add(current, pending)
                    current, pending = _entity_line(text)
                else:
                    pending.extend(_split_products(text))
            if current is not None:
                add(current, pending)
        else:
            for line in block.text.split("\n"):
                for part in re.split(r";\s*", line):
                    if part.strip():
                        add(*_entity_line(part))
    return out


def _entity_line(text: str) -> tuple[str, list[str]]:
    m = re.match(
        r"^\s*(?P<e>[^:(\u2014\u2013]+?)\s*(?:\((?P<p1>[^)]*)\)|[:\u2014\u2013]\s*(?P<p2>.+))\s*$",
        text,
    )
    if m:
        return m.group("e").strip(), _split_products(m.group("p1") or m.group("p2") or "")
    return text.strip(), []


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        for i, cell in enumerate(header):
            if cell == name or cell.startswith(name + " ") or cell.endswith(" " + name):
                return i
    return None


def _timeline(  # noqa: C901, PLR0912, PLR0915 - tables, lists, paragraphs, day and time headings
    reader: _Reader, sections: list[Section], day: date | None, options: ParseOptions
) -> list[dict[str, Any]]:
    """Timeline rows, each dated: a time of day alone takes the day last stated.

    The day comes from a dated sub-heading ("### 2 June"), a dated row above, or else the
    incident's day; a time earlier than the row before it by more than an hour rolled past
    midnight. Template text ("HH:mm", "Short event description.") is never read as a row.
    """
    if not sections:
        return []
    warnings = reader.warnings
    stand_ins = reader.stand_ins
    events: list[dict[str, Any]] = []
    last: datetime | None = None
    current = day or _first_day(sections, options)
    # A day the timeline states for all its rows ("all events happened on 2019-10-21 unless
    # otherwise noted") holds for every time-only row, whatever dated rows say.
    fixed: date | None = None

    # Untimed paragraphs before the first dated heading or timed row introduce the timeline
    # ("Note: compiled from the chat log", "All events are documented in UTC"): not rows.
    begun = False
    # A period heading's AM/PM ("### 1:42-1:59 PM: Client releases") holds for the bare
    # times under it ("- 1:45: Nethermind released"); a timeline that writes AM/PM anywhere
    # is on a 12-hour clock, so a bare time earlier than the row above is 12 hours on.
    meridiem: str | None = None
    twelve_hour = False
    relative_base: str | None = None  # the clock a "T+0 (14:05 UTC)" row carries

    def mark_day(text: str, *, heading: bool = False) -> bool:
        nonlocal current, last, begun
        stripped = text.strip(" *_:#-\u2013\u2014")
        if not stripped or _HAS_CLOCK.search(stripped):
            return False
        if (m := values.TIMESTAMP_PREFIX.match(stripped)) and m.group("text"):
            return False  # a stamped row ("2023-10-02 09.40 Volumes attached"), not a day
        if len(stripped) > 40:  # noqa: PLR2004
            if not heading:
                return False
            # A longer heading that opens with a full date ("March 5, 2025: Sepolia issue
            # timeline") still dates what follows it.
            lead = _FULL_DATE.match(stripped)
            if lead is None:
                return False
            stripped = lead.group(0)
        when = _day_in(stripped, current, options)
        if when is None:
            return False
        current, last, begun = when, None, True
        reader.timeline_days.append(when)
        return True

    # A zone written on a row ("2017-11-30 16:22 PST") holds for the rows after it that name
    # none, when the document states no zone of its own.
    carried: tzinfo | None = None

    def slipped(ts_text: str, when: datetime, zone: tzinfo) -> datetime:
        """A row dated days before the row above it, its time of day following on.

        Its date was copied from elsewhere (a template, an older report): the day carries on.
        """
        clock = _CLOCK_OF.search(ts_text)
        if clock is None or last is None:
            return when
        again = values.parse_datetime(
            clock.group(0), default_zone=zone, default_date=last.astimezone(zone).date()
        )
        if again is None or again < last - timedelta(minutes=1):
            return when
        warnings.append(
            f"timeline_events: {ts_text!r} is dated days before the row above it; read on "
            f"{again.astimezone(zone).date().isoformat()}, the day the timeline is on"
        )
        return again

    def add(ts_text: str | None, text: str, zone: tzinfo, actor: str | None = None) -> None:  # noqa: C901, PLR0912
        nonlocal last, current, carried, begun, twelve_hour
        text = text.strip()
        if text and values.is_placeholder_text(text):
            warnings.append(f"timeline_events: {text!r} is template text, not an event")
            return
        when = None
        stamp = ts_text
        if (
            ts_text
            and _DAY_ONLY.fullmatch(ts_text.strip(" *_"))
            and (on := _day_in(ts_text, current, options))
        ):
            # A table's date cell without a clock ("| 2021-06-16 | Release … published |"):
            # the row has a day, not a time, as a bullet dated without a time has.
            current, last, begun = on, None, True
            reader.timeline_days.append(on)
            reader.dated_rows.append((on, text))
            ts_text = None
        if ts_text and values.is_placeholder(ts_text):
            warnings.append(f"timeline_events: time {ts_text!r} is template text, not a time")
            ts_text_readable = None
        elif ts_text and (c := _HAS_CLOCK.search(ts_text)) and c.group(0).zfill(5) in stand_ins:
            # "_times that were hard to determine are marked as 09:00_": a stand-in, no time.
            warnings.append(
                f"timeline_events: {ts_text.strip()!r} is the document's stand-in for an "
                "unknown time, not a time"
            )
            ts_text_readable = None
        else:
            ts_text_readable = ts_text
        if ts_text_readable:
            dated = bool(_HAS_DAY.search(ts_text_readable))
            has_meridiem = bool(_MERIDIEM.search(ts_text_readable))
            twelve_hour = twelve_hour or has_meridiem
            if meridiem and not has_meridiem and (c := _CLOCK_OF.search(ts_text_readable)):
                ts_text_readable = (
                    f"{ts_text_readable[: c.end()]} {meridiem}{ts_text_readable[c.end() :]}"
                )
            # "[03-26 23:04]": the year is the incident's, not the row above's.
            ts_text_readable = values.with_year(ts_text_readable, day or current)
            if zone is options.default_zone and reader.doc_zone is None:
                written = values.zone_named(ts_text_readable)
                carried = written or carried
                zone = carried or zone
            when = values.parse_datetime(
                ts_text_readable,
                default_zone=zone,
                default_date=current,
                day_first=options.day_first,
            )
            if (
                when is not None
                and not dated
                and last is not None
                and when < last - timedelta(hours=1)
            ):
                if (
                    twelve_hour
                    and not has_meridiem
                    and last - timedelta(hours=1) <= when + _HALF_DAY
                ):
                    when += _HALF_DAY  # "1:17" after "11:57" on a 12-hour clock is 13:17
                else:
                    when += timedelta(days=1)  # a time of day only, read after midnight
            elif (
                when is not None and dated and last is not None and when < last - timedelta(days=1)
            ):
                when = slipped(ts_text_readable, when, zone)
            if when is not None:
                last = when
                begun = True
                if dated:
                    reader.timeline_days.append(when.astimezone(zone).date())
                if fixed is None and (dated or current is not None):
                    current = when.astimezone(zone).date()
        if not text and when is None:
            return
        # The section a timed row is in: untimed text after it there is more of it.
        held = here if when is not None else None
        events.append(
            {"occurred_at": when, "time_text": stamp, "text": text, "actor": actor, "in": held}
        )

    zone = reader.zone_for(sections[0])
    here: Section | None = None
    for section in sections:
        here = section
        # A sub-section ("### 12:49 PM") keeps the zone its timeline states ("Timeline (times
        # in BST)") unless it states its own.
        zone = reader.zone_for(section, zone) if section.title else zone
        meridiem = None
        if section is not sections[0] and section.title:
            if heading := _TIME_HEADING.match(_heading_moment(section.title)):
                if _holds_rows(section):
                    # A period ("### 22:04-23:00 UTC: Network split identified") over timed
                    # rows: the rows are the events, the heading only groups them.
                    if m := _MERIDIEM.search(heading.group("ts")):
                        meridiem = m.group(0).replace(".", "").upper()
                        twelve_hour = True
                else:
                    # One heading per event ("### 2021-06-03 9:00"): what it names and what
                    # is written under it, up to the next heading, is the event.
                    body = [heading.group("text") or ""]
                    body.extend(ln for b in section.blocks for ln in b.lines())
                    add(heading.group("ts"), " ".join(" ".join(body).split()), zone)
                    continue
            else:
                mark_day(section.title, heading=True)
        pending: str | None = None  # a time alone on its line: the event is on the next
        speaker: str | None = None  # who wrote it, in a chat export
        previous: Block | None = None
        for block in section.blocks:
            previous_text = (
                previous.text if previous is not None and previous.kind == "para" else ""
            )
            after_list, previous = previous is not None and previous.kind == "list", block
            if block.kind == "table" and block.rows:
                _table_rows(block, add, zone, events)
                continue
            if block.quoted and after_list and events:
                # A log or an alert's message quoted between the bullets of a timeline: more
                # of the row above, never a row (its stamps are the program's). In a plain-text
                # document indented text is only layout, so this holds after a list alone.
                events[-1]["text"] = f"{events[-1]['text']} {' '.join(block.text.split())}"
                continue
            if block.kind == "para" and (told := _told_rows(block)):
                # A timeline told in paragraphs ("At 02:00 AM UTC we received an email … This
                # was done at 02:09 AM UTC."): each sentence that says when is a row, and the
                # sentences after it without a time are more of it.
                for stamp, sentence in told:
                    if stamp is not None:
                        add(stamp, sentence, zone)
                    elif events and events[-1]["in"] is section:
                        events[-1]["text"] = f"{events[-1]['text']} {sentence}"
                    elif begun:
                        add(None, sentence, zone)
                continue
            introduced = previous_text.rstrip().endswith(":")
            if (
                block.kind == "list"
                and not begun
                and introduced
                and not any(_stamped(text) for _, text in block.items)
            ):
                continue  # "Links to the dashboards:" and the links: the introduction
            if (
                block.kind == "list"
                and events
                and events[-1]["in"] is section
                and not any(_stamped(text) for _, text in block.items)
            ):
                # A list with no time in it after the section's timed rows (the hosts a fix
                # went to, the steps of a command) details the row above; it is no rows.
                details = "; ".join(" ".join(t.split()) for _, t in block.items)
                events[-1]["text"] = f"{events[-1]['text']} {details}"
                continue
            items = (
                _typed_bullets(block.items)
                if block.kind == "list"
                else [(0, ln) for ln in block.lines()]
            )
            for level, raw_line in items:
                line = " ".join(raw_line.split())  # a list item's soft line breaks
                if not line or mark_day(line):
                    continue
                if _is_zone_note(line):
                    if dated := _DATED_NOTE.match(line):
                        mark_day(dated.group("day"))  # the day it also names
                    continue
                if (
                    level > 0
                    and events
                    and events[-1]["occurred_at"] is not None
                    and not values.TIMESTAMP_PREFIX.match(line)
                    and not _BARE_TIME.match(line)
                ):
                    # An untimed bullet nested under a timed row tells more of that row
                    # ("- 16:00 wdqs depooled" / "  - user impact ends").
                    events[-1]["text"] = f"{events[-1]['text']} {line}"
                    continue
                if _BARE_TIME.match(line) or _stamp_alone(line):
                    # "14:05" or "2019-07-20 20:30" alone on its line: the event is below it.
                    pending, speaker = line, None
                    continue
                if (chat := _CHAT_HEADER.match(line)) is not None:
                    # A chat export's message header ("nova — Today at 10:42 AM", "nova
                    # 10:42 AM"): the message on the lines under it is the event.
                    pending = chat.group("ts1") or chat.group("ts2")
                    speaker = chat.group("who").lstrip("@")
                    continue
                if pending is not None:
                    add(pending, line, zone, speaker)
                    pending = None
                    continue
                if pinned := _PINNED_DAY.search(line):
                    current = _date_only(pinned.group("day"), options) or current
                    fixed = current
                    continue
                m = values.TIMESTAMP_PREFIX.match(line)
                if (rel := _RELATIVE.match(line)) is not None:
                    # "T+15m: failover starts": minutes after T0, dated once T0 is known.
                    add(None, rel.group("text"), zone)
                    events[-1]["offset"] = _offset_minutes(rel)
                    events[-1]["time_text"] = rel.group("stamp").strip()
                    if rel.group("clock") and events[-1]["offset"] == 0:
                        relative_base = rel.group("clock")
                elif m and m.group("text"):
                    add(m.group("ts"), m.group("text"), zone)
                elif (dot := _DOT_CLOCK_ROW.match(line)) is not None:
                    # "10.42: the application became unavailable": a clock written with a dot.
                    add(
                        f"{dot.group('h')}:{dot.group('m')}{dot.group('rest')}",
                        dot.group("text"),
                        zone,
                    )
                elif (h := _HHMM.match(line)) is not None:
                    # "1010 UTC 2014-12-03 - First complaints": the date after the time.
                    stamp = f"{h.group('ts')[:2]}:{h.group('ts')[2:]}"
                    if h.group("day"):
                        stamp = f"{h.group('day')} {stamp}{' UTC' if h.group('zone') else ''}"
                    add(stamp, h.group("text"), zone)
                elif (p := _PLACEHOLDER_PREFIX.match(line)) and p.group("text"):
                    add(p.group("ts"), p.group("text"), zone)
                elif (d := _DATED_ROW.match(line)) and (
                    on := _day_in(d.group("day"), current, options)
                ):
                    # "01-31-2024 - The fix was added": a row dated without a time.
                    current, last, begun = on, None, True
                    reader.timeline_days.append(on)
                    opening = values.TIMESTAMP_PREFIX.match(d.group("text"))
                    if opening and opening.group("text") and _HAS_CLOCK.search(opening.group("ts")):
                        # "2021-08-27: At 12:50:07 UTC, issue exploited": its time opens it.
                        add(opening.group("ts"), opening.group("text"), zone)
                    else:
                        reader.dated_rows.append((on, d.group("text")))
                        add(None, d.group("text"), zone)
                elif block.kind == "para" and not begun and not _STAMP_LIKE.match(line):
                    continue  # the timeline's introduction, not a row
                elif block.kind == "para" and line.endswith(":") and not _STAMP_LIKE.match(line):
                    continue  # "… shortly after the public chat starts:" introduces the rows
                elif block.kind == "para" and events and events[-1]["in"] is section:
                    # Untimed text after a timed row of the same section, not a bullet of its
                    # own: more of that row (a chat message under its time, a wrapped line).
                    events[-1]["text"] = f"{events[-1]['text']} {line}"
                else:
                    add(None, line, zone)
    _night_dated_once(events, day, warnings)
    _date_relative(reader, events, relative_base, day=current, zone=zone, options=options)
    _year_typos(events, reader.warnings)
    for event in events:
        del event["in"]
        event.pop("offset", None)
    return events


def _told_rows(block: Block) -> list[tuple[str | None, str]]:
    """A timeline paragraph's sentences, each with the time it says it happened at, if any.

    Only for prose that tells times inside its sentences, not at the start of its lines: more
    sentences say "at 02:09 AM UTC" than lines open on a stamp (a paragraph of stamped lines,
    one row a line, is read line by line). None: the paragraph is not such prose.
    """
    lines = block.lines()
    text = " ".join(" ".join(lines).split())
    sentences = [s for s in re.split(r"(?<=[.;!?])(?<![ap]\.m\.)\s+", text) if s]
    told: list[tuple[str | None, str]] = []
    for sentence in sentences:
        m = next((t for t in _SENTENCE_TIME.finditer(sentence) if t.group("prep")), None)
        told.append((sentence[m.start("ts") : m.end()] if m else None, sentence))
    stamped_lines = sum(1 for ln in lines if values.TIMESTAMP_PREFIX.match(ln.strip()))
    timed = sum(1 for stamp, _ in told if stamp is not None)
    return told if timed > max(stamped_lines, 1) else []


def _night_dated_once(events: list[dict[str, Any]], day: date | None, warnings: list[str]) -> None:
    """Rows of one night written with one day: "[03-26 23:04]" above "[03-26 02:50]".

    When a row's clock runs back by hours from the row above on the same written day, the
    writer dated the night by one of its days. The day the document states for the incident
    ("March 26th, 2019 Boskos Outage") is the one the later rows keep: the evening's rows
    before the jump were the day before. Without a stated day (or another), the rows after
    the jump are the next day, as a bare time past midnight is.
    """
    timed = [e for e in events if e["occurred_at"] is not None and e["time_text"]]
    for before, after in pairwise(timed):
        written = _HAS_DAY.search(after["time_text"])
        if (
            written is None
            or not _HAS_CLOCK.search(after["time_text"])
            or (mark := _HAS_DAY.search(before["time_text"])) is None
            or mark.group(0) != written.group(0)
            or not (
                before["occurred_at"] - _DAY
                < after["occurred_at"]
                < before["occurred_at"] - timedelta(hours=1)
            )
        ):
            continue
        same = [
            e
            for e in timed
            if (m := _HAS_DAY.search(e["time_text"])) and m.group(0) == written.group(0)
        ]
        cut = timed.index(after)
        shifted_back = day is not None and after["occurred_at"].date() <= day
        for e in same:
            if (timed.index(e) < cut) == shifted_back:
                e["occurred_at"] += -_DAY if shifted_back else _DAY
        warnings.append(
            f"timeline_events: {after['time_text']!r} runs back from {before['time_text']!r} on "
            "the same written day; the night is read across two days"
        )
        return


def _year_typos(events: list[dict[str, Any]], warnings: list[str]) -> None:
    """Rows dated a year before the rows around them ("2013-12-03" among 2014's): a typo.

    A row whose date, a year later, falls between the previous row and the next row dated
    in the right year (within a day) was written with last year's number, as people do in
    the first weeks of a year or when copying a row; it is read a year later, with a warning.
    """
    timed = [e for e in events if e["occurred_at"] is not None]
    for i, event in enumerate(timed):
        when = event["occurred_at"]
        before = timed[i - 1]["occurred_at"] if i else None
        after = next(
            (e["occurred_at"] for e in timed[i + 1 :] if e["occurred_at"] - when > _YEAR_GAP),
            None,
        )
        try:
            later = when.replace(year=when.year + 1)
        except ValueError:  # 29 February
            continue
        if (
            before is not None
            and before - when > _YEAR_GAP
            and before - _DAY <= later
            and (after is None or later <= after + _DAY)
        ):
            event["occurred_at"] = later
            warnings.append(
                f"timeline_events: the row {event['time_text']!r} is dated a year before the rows "
                "around it; read as a typo for the next year"
            )


_YEAR_GAP = timedelta(days=300)


def _published_day(doc: Document, document_name: str | None) -> date | None:
    """The day the write-up was published: its front matter's date, else its name's."""
    if doc.published:
        try:
            return date.fromisoformat(doc.published)
        except ValueError:
            return None
    return _date_in_name(document_name)


def _stale_years(reader: _Reader, timeline: list[dict[str, Any]], published: date) -> None:
    """A timeline dated years before its own publication, on days just before it: a typo.

    "2015-08-15 (all times in UTC)" heading the timeline of a post published 2019-08-15
    was copied from an older report or template with its year left unchanged: nobody
    publishes a write-up years later on the very days of the incident. When every day the
    timeline states, moved to the publication's year, falls within ``_WRITE_UP_LAG``
    before the publication, the rows are read in that year, with a warning.
    """
    days = reader.timeline_days
    if not days or published - max(days) < _YEAR_GAP:
        return
    shift = published.year - max(days).year
    try:
        moved = [d.replace(year=d.year + shift) for d in days]
    except ValueError:  # 29 February
        return
    if not all(published - _WRITE_UP_LAG <= d <= published + _DAY for d in moved):
        return
    for event in timeline:
        if event["occurred_at"] is not None:
            event["occurred_at"] = event["occurred_at"].replace(
                year=event["occurred_at"].year + shift
            )
    reader.timeline_days = moved
    reader.warnings.append(
        f"timeline_events: the timeline's days ({min(days).isoformat()}…) come {shift} year(s) "
        f"before its publication ({published.isoformat()}) on the days just before it; "
        "read as a typo for the publication's year"
    )


#: A row stamped relative to the incident's zero time: "T+15m: …", "T+0 (14:05 UTC): …",
#: "T-5 min - …", "+2h: …".
_RELATIVE = re.compile(
    r"^\s*(?P<stamp>\(?(?:T\s*(?P<sign>[+-])|T(?=0)|(?P<plus>\+))\s*(?P<n>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?\)?)\s*"
    r"(?:\((?P<clock>[^)]*\d:\d\d[^)]*)\))?\s*[:\-\u2013\u2014|]\s*(?P<text>\S.*)$",
    re.IGNORECASE,
)
#: A time cell that is an offset alone: "T+15m", "[+2 hrs]", "+10 minutes".
_RELATIVE_CELL = re.compile(
    r"^\s*[\[(]?\s*(?:T\s*(?P<sign>[+-])|T(?=0)|(?P<plus>\+))\s*(?P<n>\d+(?:[.,]\d+)?)\s*"
    r"(?P<unit>s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)?\s*[\])]?\s*$",
    re.IGNORECASE,
)
#: Where a document says when its zero time was: "T0 = 14:05 UTC", "T+0 is 2024-03-02 09:00".
_ZERO_TIME = re.compile(
    r"\bT\s*\+?\s*0\b\s*(?:=|:|is|was|\()\s*(?P<when>[^.;)]*\d{1,2}:\d{2}[^.;)]*)", re.IGNORECASE
)


def _offset_minutes(m: re.Match[str]) -> float:
    """The minutes a relative stamp states ("T+15m" 15, "T-2h" -120; no unit = minutes)."""
    n = float(m.group("n").replace(",", "."))
    unit = (m.group("unit") or "m").lower()[0]
    n *= {"s": 1 / 60, "m": 1, "h": 60, "d": 1440}[unit]
    return -n if m.group("sign") == "-" else n


def _date_relative(  # noqa: C901, PLR0913 - the rows and all that can give their zero time
    reader: _Reader,
    events: list[dict[str, Any]],
    base_text: str | None,
    *,
    day: date | None,
    zone: tzinfo,
    options: ParseOptions,
) -> None:
    """Rows stamped "T+15m" dated from the zero time the document states.

    T0 is the clock a "T+0 (14:05 UTC)" row carries, else a line "T0 = 14:05 UTC", else the
    start of impact the document's fields state; with none, the rows keep no time.
    """
    if not any("offset" in e for e in events):
        return
    if base_text is None:
        for section in reader.doc.sections:
            for block in section.blocks:
                for line in block.lines():
                    if m := _ZERO_TIME.search(line):
                        base_text = m.group("when")
                        break
    lead = _lead_row(events) if base_text is None else None
    if lead is not None:
        reader.warnings.append(
            f"timeline_events: rows stamped '+N' read after the row {lead['time_text']!r}"
        )
    base_text = base_text or reader.label("time_of_first_trigger")
    base = (
        lead["occurred_at"]
        if lead is not None
        else values.parse_datetime(
            base_text, default_zone=zone, default_date=day, day_first=options.day_first
        )
        if base_text
        else None
    )
    if base is None:
        reader.warnings.append(
            "timeline_events: rows are stamped relative to T0 but no T0 time is stated"
        )
        return
    for e in events:
        if "offset" in e:
            e["occurred_at"] = base + timedelta(minutes=e["offset"])


def _lead_row(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """With no T0 stated, the timed row that "+2 hrs" rows follow, which they count from."""
    lead = next((e for e in events if "offset" not in e and e["occurred_at"]), None)
    first_offset = next(i for i, e in enumerate(events) if "offset" in e)
    return lead if lead is not None and events.index(lead) < first_offset else None


#: A line opening with what is meant as a date, filled in or not ("2023-MM-DD: token made").
_STAMP_LIKE = re.compile(r"^\s*[\[(]?\s*(?:\d{4}-|\d{1,2}[/.-]\d{1,2}[/.-]|[yYmMdD]{2,4}[-/.])")
_MERIDIEM = re.compile(r"\b[ap]\.?m\b\.?", re.IGNORECASE)
_HALF_DAY = timedelta(hours=12)
#: A row dated without a time: "01-31-2024 - The fix was added", "2024-02-01: v2 released".
_DATED_ROW = re.compile(
    r"^\s*(?P<day>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4})\s*[-\u2013\u2014:|]\s+"
    r"(?P<text>(?:[A-Za-z]|[@#\[(*_\"'\u201c]\S).*)$"
)


def _stamped(line: str) -> bool:
    """Whether a line opens with a time (a timeline row's stamp)."""
    line = " ".join(line.split())
    return bool(
        values.TIMESTAMP_PREFIX.match(line)
        or _BARE_TIME.match(line)
        or _HHMM.match(line)
        or _RELATIVE.match(line)
        or _DATED_ROW.match(line)
        or _DOT_CLOCK_ROW.match(line)
    )


def _stamp_alone(line: str) -> bool:
    """A date and time with nothing after it ("2019-07-20 20:30", "**2021-06-03 9:00 UTC**")."""
    m = values.TIMESTAMP_PREFIX.match(line.strip(" *_"))
    return bool(
        m
        and not m.group("text")
        and _HAS_DAY.search(m.group("ts"))
        and _HAS_CLOCK.search(m.group("ts"))
        and not line.strip(" *_")[m.end("ts") :].strip(" :-\u2013\u2014)]")
    )


def _holds_rows(section: Section) -> bool:
    """Whether a section's body is timed rows (a period heading), not one event's text."""
    if section.blocks and section.blocks[0].kind == "table":
        return True
    lines = [ln for b in section.blocks for ln in b.lines() if ln.strip()]

    def timed(line: str) -> bool:
        return bool(values.TIMESTAMP_PREFIX.match(line) or _BARE_TIME.match(line.strip()))

    # It opens with a timed row and holds more: a log quoted under an event's heading does not
    # open it ("### 10:00" / "Hub logs show …" / "2018-07-07 18:32:27 CEST TimeoutError").
    return bool(lines) and timed(lines[0]) and sum(map(timed, lines)) >= 2  # noqa: PLR2004


#: A clock time, also inside an ISO stamp ("2023-02-28T14:05:00Z").
_HAS_CLOCK = re.compile(
    r"(?<![\d:])\d{1,2}[:h]\d{2}(?!\d)|\b\d{1,2}\s*[ap]\.?m\b\.?", re.IGNORECASE
)
_CLOCK_OF = re.compile(
    r"\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?(?![a-z]))?",
    re.IGNORECASE,
)
_CLOCK_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
#: A heading that is a moment: "2021-06-03 9:00", "June 3, 14:05 UTC", "09:14", written
#: approximately ("~13:30-13:45", "2018-07-08 ca. 18:30") and possibly naming the event
#: ("2022-06-02 10:00 - Problem starts", "21:00 Team alerted"). A zone is in capitals: "21:00
#: Done" is an event, not a zone named "Done".
_TIME_HEADING = re.compile(
    r"^\s*(?P<ts>(?:[A-Za-z]{3,9},?\s+)?(?:\d{4}-\d{1,2}-\d{1,2}|[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?"
    r"(?:\s+\d{4})?|\d{1,2}\.?\s+[A-Za-z]{3,9}(?:\s+\d{4})?)?[\sT,]*(?:at\s+)?"
    r"(?:~|ca\.|circa|approx\.?|approximately|around|about)?\s*"
    + _CLOCK_TIME
    + r"(?:\s*(?:-|\u2013|to)\s*"
    + _CLOCK_TIME
    + r")?"
    r"\s*(?-i:\(?[A-Z]{1,5}\b\)?)?)\s*(?:(?:(?:-|\u2013|\u2014|:|\|)\s+|(?<=\s))(?P<text>\S.*))?$",
    re.IGNORECASE,
)
#: A time alone on its line ("1:03", "5:10 AM", "14:05 UTC"): the event follows on the next.
_BARE_TIME = re.compile(
    r"^\s*\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?-i:\(?[A-Z]{1,5}\b\)?)?\s*$",
    re.IGNORECASE,
)
#: A chat export's message header: "nova — Today at 10:42 AM" (Discord), "nova — 12/13/2022
#: 10:42 AM", "nova  10:42 AM" (Slack): a name, then the time alone, the message below.
_CHAT_HEADER = re.compile(
    r"^\s*(?P<who>@?[A-Za-z][\w.'-]{0,30}(?: [A-Za-z][\w.'-]{0,30})?)\s*"
    r"(?:(?:\u2014|\u2013|-)\s*(?:(?:today|yesterday)\s+at\s+)?"
    r"(?P<ts1>(?:\d{1,2}/\d{1,2}/\d{2,4}\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)"
    r"|(?P<ts2>\d{1,2}:\d{2}\s*[ap]\.?m\.?))\s*$",
    re.IGNORECASE,
)
#: A timeline row stamped "1047 first alerts fire" (a time without its colon), also with a
#: separator and approximately: "1727: Origami team contacted", "1727 : …", "~1442: …".
_HHMM = re.compile(
    r"^\s*(?:(?:~|\u2248|approx\.?|ca\.)\s*)?(?P<ts>(?:[01]\d|2[0-3])[0-5]\d)"
    r"(?:\s+(?P<zone>UTC))?(?:\s+(?P<day>\d{4}-\d{2}-\d{2}))?"
    r"(?:\s*:\s*|\s+[-\u2013\u2014]\s+|\s+)(?P<text>[A-Za-z].*)$"
)
#: A row whose clock is written with a dot: "10.42: the application became unavailable",
#: "14.05 - failover". The separator after it keeps version numbers and amounts out.
_DOT_CLOCK_ROW = re.compile(
    r"^\s*(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)(?P<rest>\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4}\b)?)"
    r"\s*(?::|\s[-\u2013\u2014])\s+(?P<text>\S.*)$"
)
#: A paragraph that introduces a list as the timeline: "This is the timeline of events …:".
_TIMELINE_LEAD_IN = re.compile(r"\b(?:timeline|chronology|sequence of events)\b", re.IGNORECASE)
#: A value for one part of the service, its name before a colon ("iOS: …", "EU region: …").
_PART_VALUE = re.compile(r"^\s*[A-Za-z][\w .\-/]{0,30}?:\s+(?=\S)")
_PINNED_DAY = re.compile(
    r"(?:unless otherwise (?:noted|stated)|all (?:events|times|entries)\b[^.]{0,40}?\bon)\b"
    r"[^.]{0,40}?"
    r"(?P<day>\d{4}-\d{2}-\d{2}|\b\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}|[A-Za-z]{3,9}\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)


def _without_update_word(line: str) -> str:
    """A live post's dated update ("UPDATE 7 May 19:27 UTC - …") without its first word."""
    word = vocabulary().dates["update"].match(line)
    if word is None:
        return line
    rest = line[word.end() :].lstrip(" :-\u2013\u2014")
    return rest if values.TIMESTAMP_PREFIX.match(rest) else line


def _introduced_timeline(lead_in: Block, block: Block) -> bool:
    """Whether a paragraph ending in a colon offers the list under it, of times, as the timeline.

    Such as "This is the timeline of events that occurred on Thursday February 11 2016," and
    then "- 10.42: …", under a heading of its own ("What happened").
    """
    return (
        block.kind == "list"
        and lead_in.kind == "para"
        and bool(_TIMELINE_LEAD_IN.search(lead_in.text))
        and lead_in.text.rstrip().endswith(":")
        and sum(_stamped(t) for _, t in block.items) >= 2  # noqa: PLR2004
    )


#: A heading over a section's rows that only dates them ("### Thur 3 Nov 2016", "28 Feb 2017").
_DAY_HEADING_CHARS = 40


def _years_not_clocks(lines: list[str]) -> bool:
    """Whether lines stamped "2016: …" without a colon's clock are years, not times of day.

    Every one of them four digits a year could be (19xx, 20xx) and none a plainer clock
    ("1727", "0916"): a list of years ("2019: moved to Kubernetes"), not a timeline.
    """
    stamps = [h.group("ts") for ln in lines if (h := _HHMM.match(ln)) is not None]
    return bool(stamps) and len(stamps) == len(lines) and all(t[:2] in ("19", "20") for t in stamps)


def _section_of_rows(doc: Document) -> list[Section]:
    """A section under another name whose body, with its day sub-headings, is timed rows.

    "## How was it fixed" / "### Thur 3 Nov 2016" / "1727: Origami team contacted via Slack":
    a timeline by its shape — at least three lines, and most of them, open with a time, and
    every sub-heading only dates what follows it. Its day headings date the rows, as a
    timeline's do.
    """
    sections = doc.sections
    for i, head in enumerate(sections):
        if not head.title:
            continue
        group = [head]
        for section in sections[i + 1 :]:
            if not section.title or section.level <= head.level:
                break
            group.append(section)
        if any(
            len(s.title) > _DAY_HEADING_CHARS or not _HAS_DAY.search(s.title) for s in group[1:]
        ) or any(b.kind == "table" for s in group for b in s.blocks):
            continue  # (a table of times is found as such, a header table is no rows)
        lines = [
            " ".join(text.split())
            for s in group
            for b in s.blocks
            for text in ([t for _, t in b.items] if b.kind == "list" else b.lines())
            if text.strip()
        ]
        timed = [ln for ln in lines if _stamped(ln)]
        if len(timed) >= 3 and 2 * len(timed) > len(lines) and not _years_not_clocks(timed):  # noqa: PLR2004
            return group
    return []


def _stamped_lines(doc: Document) -> Section | None:  # noqa: C901 - tables, lead-ins, stamped rows
    """A timeline where none is headed as such.

    A table of times and events, or lines anywhere that begin with a date and time.
    """
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415 - types above
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    items: list[tuple[int, str]] = []
    dated = 0
    for section in doc.sections:
        previous: Block | None = None
        for block in section.blocks:
            lead_in, previous = previous, block
            if lead_in is not None and _introduced_timeline(lead_in, block):
                return _Section("Timeline", 1, [lead_in, block])
            if block.kind == "table":
                header = [normalise(c) for c in block.rows[0]] if block.rows else []
                if (
                    len(block.rows) > 2  # noqa: PLR2004 - a header and two rows
                    and _column(header, ("time", "timestamp", "when", "date time")) is not None
                    and _column(header, ("event", "events", "description", "what happened"))
                    is not None
                ):
                    # A table of times and events is a timeline, whatever its heading.
                    return _Section("Timeline", 1, [block])
                continue
            stamped = False
            listed = (
                _typed_bullets(block.items)
                if block.kind == "list"
                else [(0, ln) for ln in block.lines()]
            )
            before = ""
            for level, raw in listed:
                line = " ".join(raw.split())
                led, before = before, line
                line = _without_update_word(line)
                if _PUBLICATION_STAMP.search(f"{led} {before[: len(before) - len(line)]}"):
                    # "… Last" / "update: 2015-07-15 13:00. All times are UTC.": a sentence
                    # wrapped before the page's own stamp, the day it was last edited.
                    stamped = False
                    continue
                m = values.TIMESTAMP_PREFIX.match(line)
                if m and m.group("text"):
                    items.append((0, line))
                    dated += bool(_HAS_DAY.search(m.group("ts")))
                    stamped = True
                elif _HHMM.match(line):
                    items.append((0, line))
                    stamped = True
                elif level > 0 and stamped:
                    items.append((level, line))  # more of the stamped row above
                else:
                    stamped = False
    # Two dated lines, or three times of day, make a timeline; fewer are facts in prose.
    if (dated < 2 and len(items) < 3) or _years_not_clocks([t for lv, t in items if not lv]):  # noqa: PLR2004
        return None
    return _Section("Timeline", 1, [_Block(kind="list", items=items)])


#: Words before a stamp that date the page, not an event: "Last update: …", "last modified".
_PUBLICATION_STAMP = re.compile(
    r"\blast\s+(?:updated?|modified|edited|revised)\s*(?:on|at)?\s*:?\s*$", re.IGNORECASE
)
#: A date with no time of day: "2021-06-16", "06/16/2021", "June 16, 2021", "16 June 2021".
_DAY_ONLY = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}|"
    r"(?i:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4})"
)
_HAS_DAY = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}[/.]\d{1,2}\b|"
    r"(?<![\d-])\d{1,2}-\d{1,2}-\d{4}\b|(?<![\d:-])\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2})|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|"
    r"\b\d{1,2}(?:st|nd|rd|th|\.)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
#: A row whose time is template text: "2022-06-02 HH:mm — …", "--:-- …".
_PLACEHOLDER_PREFIX = re.compile(
    r"^\s*(?P<ts>(?:\d{4}-\d{2}-\d{2}\s+)?(?:hh:mm(?::ss)?|--:--|xx:xx|\?\?:\?\?))"
    r"\s*(?:[-\u2013\u2014:|]+\s*)?(?P<text>.*)$",
    re.IGNORECASE,
)


def _day_in(text: str, year_of: date | None, options: ParseOptions) -> date | None:
    """The day a short heading or line names ("2 June", "Thursday, 2022-06-02"), if any."""
    if not _HAS_DAY.search(text):
        return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    base = year_of or date(2000, 1, 1)
    when = values.parse_datetime(
        cleaned + " 00:00", default_zone=UTC, default_date=base, day_first=options.day_first
    )
    return when.date() if when is not None else None


def _first_day(sections: list[Section], options: ParseOptions) -> date | None:
    """The first full date written anywhere in the timeline (dates a time-only row above it)."""
    for section in sections:
        for text in [section.title, *(ln for b in section.blocks for ln in b.lines())]:
            m = _FULL_DATE.search(text or "")
            if m and (d := _date_only(re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", m.group(0)), options)):
                return d
    return None


def _table_rows(block: Block, add: Any, zone: tzinfo, events: list[dict[str, Any]]) -> None:  # noqa: ANN401
    header = [normalise(c) for c in block.rows[0]]
    # Japanese headers too: 時刻 / 日時 (time), 日付 (date), イベント / 内容 / 出来事 (event).
    t_col = _column(header, ("time", "date time", "timestamp", "when", "date", "時刻", "日時"))
    d_col = _column(header, ("date", "day", "日付"))
    d_col = d_col if d_col != t_col else None
    e_col = _column(
        header,
        (
            "event",
            "events",
            "description",
            "action",
            "what happened",
            "impact",
            "イベント",
            "内容",
            "出来事",
            "事象",
        ),
    )
    who = _column(header, ("who what", "who", "actor", "owner"))
    rows = block.rows[1:] if t_col is not None or e_col is not None else block.rows
    t_col = 0 if t_col is None else t_col
    for row in rows:
        text = row[e_col] if e_col is not None and e_col < len(row) else ""
        if e_col is None:
            text = " — ".join(c for i, c in enumerate(row) if i not in (t_col, d_col, who) and c)
        actor = row[who] if who is not None and who < len(row) and row[who] else None
        ts = row[t_col] if t_col < len(row) else None
        if d_col is not None and d_col < len(row) and row[d_col]:
            ts = f"{row[d_col]} {ts or ''}".strip()
        if ts and (rel := _RELATIVE_CELL.match(ts)):
            # "[+2 hrs]" / "+10 minutes" under a first row's full time: after that row.
            add(None, text, zone, actor)
            events[-1]["offset"] = _offset_minutes(rel)
            events[-1]["time_text"] = ts
        elif text or ts:
            add(ts or None, text, zone, actor)


def _listed_under(reader: _Reader, key: str) -> Section | None:  # noqa: C901 - two item shapes
    """Items nested under a list item that names the section ("- **Review actions**:")."""
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415 - types above
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    names = {normalise(a) for a in SECTION_ALIASES.get(key, [])}
    for section in reader.doc.sections:
        for block in section.blocks:
            if block.kind != "list":
                continue
            for i, (level, text) in enumerate(block.items):
                label, colon, rest = text.partition(":")
                if colon and rest.strip() and normalise(label) in names:
                    # "Review actions: As part of remediation, we have switched …": the
                    # label's one entry is its value.
                    return _Section(label, level, [_Block(kind="list", items=[(0, rest.strip())])])
                if normalise(text) not in names:
                    continue
                items = []
                for sub_level, sub in block.items[i + 1 :]:
                    if sub_level <= level:
                        break
                    if sub_level == level + 1:
                        items.append((0, sub))
                if items:
                    return _Section(text, level, [_Block(kind="list", items=items)])
    return None


#: A follow-up tracked where work is tracked: an issue (not a pull request, which is a change
#: already made), a Phabricator task, a Jira key.
_TRACKED = re.compile(
    r"/issues/\d+|(?<![\w/])T\d{4,7}\b"
    r"|\b(?!(?:CVE|CWE|CAPEC|GHSA|RFC|ISO|SHA|UTF|EIP|BIP|PEP)-)[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"
)
_LEAD_IN = re.compile(r":\s*$")
#: A lead-in that speaks to the reader ("Some things you can do to help prevent this …:")
#: introduces advice, not the team's follow-ups.
_TO_READER = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)


def _shaped_actions(reader: _Reader, timeline: list[Section]) -> Section | None:
    """Follow-ups under no known heading, recognised by the shape of their list.

    A list is taken when each entry is an open checkbox or a tracked issue ("bug T303155
    Avoid flood of …", ".../issues/3235"), or when the sentence that introduces it names
    follow-ups ("The lessons that we are taking away from this incident are as follows:").
    Lists of the timeline are rows, never follow-ups.
    """
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    words = HEADING_WORDS.get("action_items")
    lead_words = vocabulary().action_lead_in
    found: list[tuple[int, str]] = []
    tables: list[Block] = []
    for section in reader.doc.sections:
        if any(section is t for t in timeline):
            continue
        before = ""
        for block in section.blocks:
            if block.kind == "para":
                before = block.text
                continue
            if (
                block.kind == "table"
                and block.rows
                and _ACTION_COLUMN.match(normalise(block.rows[0][0]))
            ):
                # "| Action Item | Owner |" under another heading ("Resolution"): the table
                # says what it holds.
                tables.append(block)
                continue
            if block.kind != "list" or not block.items:
                continue
            entries = _list_entries(block.items)
            tracked = all(_TRACKED.search(e) or _BULLET_STATUS.match(e) for e in entries)
            introduced = bool(
                _LEAD_IN.search(before)
                and not _TO_READER.search(before)
                and (lead_words.search(before) or (words is not None and words.search(before)))
            )
            if entries and (tracked or introduced):
                found.extend((0, e) for e in entries)
            before = ""
    blocks = [*tables, *([_Block(kind="list", items=found)] if found else [])]
    return _Section("", 0, blocks) if blocks else None


#: A table's first column that names follow-ups: "Action Item", "Follow-up", "Todo".
_ACTION_COLUMN = re.compile(
    r"^(?:action items?|actions?|follow ?ups?|follow up (?:items?|actions?|tasks?)|to ?dos?|"
    r"corrective actions?|remediation(?: items?)?)$"
)


def _actions(
    section: Section, doc: Document, options: ParseOptions, zone: tzinfo
) -> list[dict[str, Any]]:
    links = doc.link_texts
    out: list[dict[str, Any]] = []

    def due(text: str | None) -> date | None:
        if not text:
            return None
        when = values.parse_datetime(text, default_zone=zone, day_first=options.day_first)
        return when.astimezone(zone).date() if when else None

    def ticket_of(text: str) -> tuple[str | None, str | None]:
        m = _TICKET.search(text)
        key = m.group(1) if m else None
        url = links.get(key) if key else None
        if url is None:
            u = _URL.search(text)
            url = u.group(0) if u else None
        if key is None and url is not None:
            gh = _GITHUB.search(url)
            key = f"{gh.group(1)}#{gh.group(2)}" if gh else None
        return key, url

    # Where the items are a list or a table, paragraphs around them introduce or comment
    # ("Do EITHER (1) OR (2)", "We take privacy seriously, and …"): they are not items.
    listed = any(b.kind in ("list", "table") for b in section.blocks)
    for block in section.blocks:
        if block.kind == "table" and block.rows:
            out.extend(_action_table(block, due, ticket_of))
            continue
        if listed and block.kind == "para":
            continue
        if block.kind == "list":
            out.extend(_action_line(text, due, ticket_of) for text in _list_entries(block.items))
            continue
        out.extend(_action_line(text, due, ticket_of) for text in _paragraph_items(block.text))
    return [o for o in out if o["text"] and o["text"].lower() not in values.NONE_WORDS]


_SENTENCE_LINE = re.compile(r"^[A-Z][^\n]*[.!?)]$")


def _paragraph_items(text: str) -> list[str]:
    """A prose paragraph's items: itself (its lines only wrapped), or one per line.

    One complete sentence per line, each opening with a capital, is a list written without
    bullets.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1 and all(_SENTENCE_LINE.match(ln) for ln in lines):
        return lines
    return [" ".join(text.split())]


def _list_entries(items: list[tuple[int, str]]) -> list[str]:
    """The entries of a list: its top-level items, their nested bullets being details.

    A top-level item that ends with a colon ("In the future when …, we should:") introduces
    the bullets nested under it: those are the entries, not it.
    """
    out: list[str] = []
    for i, (level, text) in enumerate(items):
        if level == 0 and text.rstrip().endswith(":"):
            continue
        parent = next((t for lv, t in reversed(items[:i]) if lv < level), None)
        if level == 0 or (level == 1 and parent is not None and parent.rstrip().endswith(":")):
            out.append(text)
    return out


def _action_table(
    block: Block,
    due: Any,  # noqa: ANN401
    ticket_of: Any,  # noqa: ANN401
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    header = [normalise(c) for c in block.rows[0]]
    cols = {
        "text": _column(header, ("action item", "action", "item", "task", "description")),
        "owner": _column(header, ("owner", "who", "assignee", "assigned to")),
        "due": _column(header, ("due date", "due", "deadline", "target date")),
        "ticket": _column(header, ("ticket", "bug", "issue", "jira", "link", "tracking")),
        "status": _column(header, ("status", "state", "done")),
    }
    text_col = cols["text"] if cols["text"] is not None else 0

    def cell(row: list[str], key: str) -> str | None:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) and row[i] else None

    for row in block.rows[1:]:
        text = row[text_col] if text_col < len(row) else ""
        if not text:
            continue
        ticket, url = ticket_of(cell(row, "ticket") or "")
        status_text = cell(row, "status")
        out.append(
            {
                "text": text,
                "owner": cell(row, "owner"),
                "due_date": due(cell(row, "due")),
                "ticket": ticket,
                "ticket_url": url,
                "status": values.parse_item_status(status_text) if status_text else None,
            }
        )
    return out


def _action_line(
    line: str,
    due: Any,  # noqa: ANN401
    ticket_of: Any,  # noqa: ANN401
) -> dict[str, Any]:
    status = None
    m = _BULLET_STATUS.match(line)
    if m:
        status = "done" if m.group(1) in ("[x]", "[X]", "☑", "✅") else "open"
        line = line[m.end() :]
    parts = _ITEM_SPLIT.split(line, maxsplit=1)
    text = parts[0].strip()
    meta = parts[1] if len(parts) > 1 else ""
    # Trailing "(owner: …, due …, REL-1)" in parentheses counts as metadata too.
    paren = re.search(r"\(([^()]*(?:owner|due|[A-Z]{2,}-\d)[^()]*)\)\s*$", text, re.IGNORECASE)
    if paren and not meta:
        meta, text = paren.group(1), text[: paren.start()].strip()
    owner_m = _OWNER.search(meta)
    due_m = _DUE.search(meta)
    ticket, url = ticket_of(meta) if meta else (None, None)
    if status is None and meta:
        bracket = re.search(r"\[([^\]]+)\]|\bstatus\s*:\s*([\w -]+)", meta, re.IGNORECASE)
        if bracket:
            status = values.parse_item_status(bracket.group(1) or bracket.group(2))
    return {
        "text": text.rstrip(" .;,"),
        "owner": owner_m.group("who").strip() if owner_m else None,
        "due_date": due(due_m.group("when")) if due_m else None,
        "ticket": ticket,
        "ticket_url": url,
        "status": status,
    }


def _is_status_page(url: str) -> bool:
    host = urlparse(url).netloc.lower()
    return "statuspage.io" in host or host.startswith("status.") or "status" in host.split(".")[0]


def _incident_links(links: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for url in links:
        if m := _PAGERDUTY.search(url):
            out.append({"system": "pagerduty", "id": m.group(1), "url": url})
        elif m := _DATADOG.search(url):
            out.append({"system": "datadog", "id": m.group(1) or m.group(2), "url": url})
        elif m := _SENTRY.search(url):
            out.append({"system": "sentry", "id": m.group(1), "url": url})
        elif m := _GITHUB.search(url):
            out.append({"system": "github", "id": f"{m.group(1)}#{m.group(2)}", "url": url})
    return out
