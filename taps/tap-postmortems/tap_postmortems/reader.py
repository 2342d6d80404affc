"""A document indexed for the parser: its labels, sections, zone and prose lines.

``Reader`` finds each "Label: value" (lines, tables, label-like headings, answered
questions), the section for a key (by heading, led-by heading, remark or words), and the
zone the document or a section states. The other modules ask it rather than walk the
document themselves.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.clocks import (
    BARE_TIME,
    DAY_LINE,
    HAS_CLOCK,
    HAS_DAY,
    MONTH_NAME,
    TIME_HEADING,
    WEEKDAY_BEFORE,
    heading_moment,
    is_zone_note,
)
from tap_postmortems.document import ROW_JOIN
from tap_postmortems.fields import (
    HEADING_WORDS,
    SECTION_ALIASES,
    TIME_FIELDS,
    normalise,
    other_headings,
)
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from datetime import date, tzinfo

    from tap_postmortems.document import Block, Document, Section
    from tap_postmortems.fields import ParseOptions


#: (not a line opening on an ISO 8601 stamp, "2021-11-23T16:26:00-06:00 The issue …", whose
#: first colon is its clock's)
LABEL_LINE = re.compile(r"^\s*(?!\d{4}-\d{2}-\d{2}T\d)(?P<label>[^:|]{1,60}?)\s*:\s*(?P<value>.*)$")
_MONTH = r"(?i:" + MONTH_NAME + r")"
#: A label followed by a date-time without a colon: "First detected 2022-11-15 16:03", "Date
#: 1st July 2013 from 13:16 -> 14:10" (a day in words, its year, then a clock), "Resolved
#: August 14, 2020 11:38" (the month first, as US writers put it).
_LABEL_STAMP = re.compile(
    r"^\s*(?P<label>[A-Za-z][A-Za-z ]{1,40}?)\s+(?P<value>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}.*|"
    # (its weekday before the day: "First detected Tuesday 25th August 2020 11:01")
    + WEEKDAY_BEFORE
    + r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r",?\s+\d{4}\b.*?\d{1,2}:\d{2}.*|"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b.*?\d{1,2}:\d{2}.*))$"
)


_WHEN_SUFFIX = re.compile(r"\s+(?:at|on|time|timestamp|date|date time|utc)$")
#: The zone a moment's label names before it: Wikitech's "UTC Start Timestamp:" (its times are
#: UTC, which the value's reading already assumes when no zone is stated).
_WHEN_PREFIX = re.compile(r"^(?:utc|gmt)\s+(?=\w)")
#: The trouble named as a moment label's subject: "Fault detected", "Issue resolved".
_LABEL_SUBJECT = re.compile(
    r"^(?:the )?(?:fault|issue|incident|problem|outage|error|failure|bug)s? (?=\w)"
)


# A document's few labels are compared with every alias of every field: strip each once
# (bounded: a long sync reads many documents).
@lru_cache(maxsize=4096)
def _without_when(label: str) -> str:
    return _WHEN_SUFFIX.sub("", _WHEN_PREFIX.sub("", label))


@lru_cache(maxsize=4096)
def _without_subject(label: str) -> str:
    return _without_when(_LABEL_SUBJECT.sub("", label))


_BARE_NUMBER = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")
_UNIT_FIRST = re.compile(r"^\s*(?:minutes?|mins?|hours?|hrs?|days?)\b", re.IGNORECASE)


def _label_name(label: str) -> str:
    """A field's label as matched: a remark in full-width brackets dropped as well.

    "TTD(Time to Detect)" is the label "ttd" (a heading's gloss, "予防(Prevent)", is kept
    by ``normalise``: there the bracket names the section in another language).
    """
    return normalise(re.sub(r"\uff08[^\uff09]*\uff09", " ", label))


class Reader:
    """One document's labels, sections and zone, found once and asked for by key."""

    def __init__(self, doc: Document, options: ParseOptions) -> None:
        """Index ``doc``'s labels and zone notes, read with ``options``' aliases."""
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
                and (m := LABEL_LINE.match(section.title))
                and _known_label(m, self.options.aliases)
            ):
                # "## Date: December 08, 2022" / "## Time: 5:13:57 UTC": a report's header
                # fields set as headings are fields all the same.
                self.labels.append((normalise(m.group("label")), m.group("value"), None))
            for at, block in enumerate(section.blocks):
                before = section.blocks[at - 1] if at else None
                if (
                    before is not None
                    and before.kind == "list"
                    and block.kind == "para"
                    and (m := LABEL_LINE.match(before.items[-1][1]))
                    and not m.group("value").strip()
                    and (value := block.text.split("\n", 1)[0].strip())
                ):
                    # A list of fields whose last one has its value in the paragraph after the
                    # list ("- **Identified**:" / "Via User").
                    self.labels.append((_label_name(m.group("label")), value, block))
                if block.kind == "table":
                    for row in block.rows:
                        for i in range(0, len(row) - 1, 2):
                            if row[i] and row[i + 1]:
                                self.labels.append((_label_name(row[i]), row[i + 1], block))
                    continue
                lines = block.lines()
                for at_line, line in enumerate(lines):
                    if (m := _STAND_IN.search(line)) and vocabulary().stand_in.search(line):
                        self.stand_ins.add(m.group("clock").zfill(5))
                    if self.doc_zone is None and is_zone_note(line):
                        self.doc_zone = values.zone_hint(line)
                        self.zone_note = line.strip() if self.doc_zone else None
                    # A label whose item goes on below ("Identified: User reported … an error
                    # when deploying:" over the quoted error): the value is its first line.
                    m = (
                        _LABEL_STAMP.match(line)
                        or LABEL_LINE.match(line)
                        or LABEL_LINE.match(line.split("\n", 1)[0])
                    )
                    if m and m.group("value").strip():
                        value = m.group("value")
                        if _BARE_NUMBER.match(value) and at_line + 1 < len(lines):
                            # "Duration: 19" / "hours<br>": a value wrapped before its unit
                            value += " " + (_UNIT_FIRST.match(lines[at_line + 1]) or [""])[0]
                        self.labels.append((_label_name(m.group("label")), value, block))
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
        self._labels_over_values()
        # A short section under a label-like heading ("### Date" + "2026-03-05").
        for section in self.doc.sections:
            if section.title and section.blocks:
                first = section.blocks[0]
                text = " ".join(first.lines()) if first.kind != "table" else ""
                if text and len(text) < 200:  # noqa: PLR2004
                    self.labels.append((normalise(section.title), text, None))
                    parts = [" ".join(b.lines()) for b in section.blocks if b.kind != "table"]
                    if len(parts) > 1 and all(PART_VALUE.match(p) for p in parts):
                        # "### 復旧日時" + "iOS: 2021年11月26日…" + "Android: 2021年11月27日…":
                        # one value per part of the service.
                        self.part_values[normalise(section.title)] = parts
        if self.doc_zone is None:
            self._zone_of_written_times()

    def _labels_over_values(self) -> None:
        """A form whose fields are lines of their own, each label over its value.

        "Date/Time of Initial Impact:" / "February 12, 2010" (a notice's form, its lines
        in one paragraph or a paragraph each): only a label the record knows is taken.
        """
        known = {alias for names in self.options.aliases.values() for alias in names}
        for section in self.doc.sections:
            lines = [
                (line.strip(), block)
                for block in section.blocks
                if block.kind == "para"
                for line in block.lines()
                if line.strip()
            ]
            for (line, _), (value, block) in pairwise(lines):
                m = LABEL_LINE.match(line)
                if (
                    m is not None
                    and not m.group("value").strip()
                    and _label_name(m.group("label")) in known
                    and not LABEL_LINE.match(value)
                ):
                    self.labels.append((_label_name(m.group("label")), value, block))

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
        named = [
            " ".join(m.group("zone").split())
            for section in self.doc.sections
            # a status update's heading states its clock and zone too ("#### Update 17:30
            # Central Time: System is available")
            for line in (
                section.title or "",
                *(ln for b in section.blocks if b.kind != "table" for ln in b.lines()),
            )
            for m in _CLOCK_THEN_NAMED_ZONE.finditer(line)
        ]
        if not written and len({z.lower() for z in named}) == 1:
            # "From about 09:00 (UK time) users … started getting served 503 errors": a zone
            # named in words beside a clock is the writer telling the reader, as a note would;
            # once is enough (an abbreviation is not: "PST" may be a slip for "PDT").
            written = named * 2
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
        """The value of the first label that names ``key``, stripped (none: ``None``)."""
        aliases = self.options.aliases.get(key, [])
        for alias in aliases:
            for label, value, _ in self.labels:
                if label == alias and not _column_header(alias, value):
                    return value.strip()
        # "Resolved at:", "Impact started at", "Mitigation timestamp": the label's word for
        # when, after the field's own label (not for the date: "Date/time" is a moment's).
        for alias in aliases if key != "incident_date" else ():
            for label, value, _ in self.labels:
                if _without_when(label) == alias and not _column_header(alias, value):
                    return value.strip()
        # "Fault detected 2020-08-04 18:13", "Problem resolved at": a moment's label with the
        # trouble named as its subject is the moment's own label.
        for alias in aliases if key in TIME_FIELDS else ():
            for label, value, _ in self.labels:
                bare = _without_subject(label)
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
                for line in reflowed(block.lines()):
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
        others = other_headings(key)
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
            and (worded or all(NUMBERED.match(s.title) for s in subsections))
            and not any(b.kind in ("list", "table") for s in subsections for b in s.blocks)
        ):
            # "#### 1) Plan for Postgres migration" / its explanation: the numbered headings
            # are the entries, what is under each only details it ("Future works" / "##
            # Removal of the flag" / why: likewise). Headings over lists ("1. Short-term" /
            # items) only group the entries.
            from tap_postmortems.document import Block as _Block  # noqa: PLC0415

            items = [(0, NUMBERED.sub("", s.title)) for s in subsections]
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
        """The section for ``key``, with blocks: by heading, led-by heading or remark."""
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
                and title not in other_headings(key)
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
            while i < len(sections) and (
                _continues(sections[i], head, out[-1])
                or (out[-1] is head and _run_up_heading(sections, i, head))
                or _timed_part(sections[i], head)
            ):
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
        others = other_headings(key)
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
        """The prose of the section headed by one of ``key``'s names, labels left out."""
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
                if not is_zone_note(ln)
                and not ((m := LABEL_LINE.match(ln)) and normalise(m.group("label")) in known)
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
                            if is_zone_note(line):
                                hint = values.zone_hint(line)
            if hint is not None:
                return hint
        return enclosing or self.doc_zone or self.options.default_zone


#: A time of day with a zone written after it: "5.45 AM PST", "14:05 CEST".
_ZONED_CLOCK = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)\s+(?P<zone>[A-Z]{2,4}T)\b"
    r"|\b\d{1,2}:\d{2}\s*(?P<zone2>[A-Z]{2,4}T)\b"
)
#: A clock with a zone named in words after it, in brackets or not: "09:00 (UK time)",
#: "10:15 (Pacific time)", "Update 17:30 Central Time" — the vocabulary's zones written as
#: "… time" — or a city's: "at about 9:10 AM Winnipeg time" (the IANA zone of that city).
_CLOCK_THEN_NAMED_ZONE = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*\(?(?P<zone>"
    + "|".join(
        re.escape(name).replace(r"\ ", r"\s+")
        for name in sorted(vocabulary().zones, key=len, reverse=True)
        if name.endswith(" time")
    )
    + r"|(?-i:(?:"
    + values.CITY_NAMES
    + r"))\s+time)\b\)?",
    re.IGNORECASE,
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


#: A numbered heading or line: "1) Plan for migration", "2. Alerting", "Item 3: …".
NUMBERED = re.compile(r"^\s*(?:item\s+)?\d{1,2}\s*[).:]\s+(?=\S)", re.IGNORECASE)


def _continues(section: Section, head: Section, previous: Section | None = None) -> bool:
    """Whether a heading after a timeline's heading is more of it.

    Only dated or timed headings continue a timeline: sub-sections ("### 2 June", "### 2021-06-03
    9:00") or days at its own level ("## July 22"); any other heading ("### What went wrong")
    starts something else.
    """
    title = heading_moment(section.title or "")
    if not (HAS_DAY.search(title) or TIME_HEADING.match(title)):
        return False
    if (
        section.level == head.level
        and previous is not None
        and previous is not head
        and BARE_TIME.match(title)
        and TIME_HEADING.match(heading_moment(previous.title or ""))
    ):
        # "### 13:10" then "## 13:20": a time alone after the timeline's timed sub-headings,
        # its level slipped, is one more of them.
        return True
    return not (
        section.level < head.level
        or (section.level == head.level and (HAS_CLOCK.search(title) or len(title) > 40))  # noqa: PLR2004
    )


def _timed_part(section: Section, head: Section) -> bool:
    """A sub-heading of a timeline whose body is timed rows: one part of a story in two.

    "## Timeline" / "### Incident 1" / "09:26 Antoine deploys …", "10:00 CI reported …" /
    "### Incident 2" / "14:18 …": the parts' rows are the timeline's.
    """
    if section.level <= head.level or not section.blocks:
        return False
    lines = [ln for ln in section.blocks[0].lines() if ln.strip()]
    timed = sum(bool(values.TIMESTAMP_PREFIX.match(ln) and HAS_CLOCK.search(ln)) for ln in lines)
    return timed >= 2 and timed * 2 > len(lines)  # noqa: PLR2004


def _run_up_heading(sections: list[Section], i: int, head: Section) -> bool:
    """An undated first sub-heading of a timeline whose next sub-heading is dated or timed.

    "## Timeline" / "### Over spring break week" (the run-up) / "### 2017-04-03 11:32": a
    period named in words before the timed ones is part of the timeline, not a new section.
    """
    section = sections[i]
    return (
        section.level > head.level
        and len(section.title or "") <= 40  # noqa: PLR2004
        and i + 1 < len(sections)
        and sections[i + 1].level == section.level
        and _continues(sections[i + 1], head, section)
    )


def body_lines(doc: Document) -> list[str]:
    """Every line of prose and lists, tables left out."""
    return [
        line
        for section in doc.sections
        for block in section.blocks
        if block.kind != "table"
        for line in block.lines()
    ]


#: The day a log's row opens on, before its clock: "06-18" or "2019-06-18".
LOG_DAY = r"(?:\d{4}-)?\d{1,2}-\d{1,2}"
#: A line that opens on a day and its clock is a row of a log ("06-18 19:00-20:00 group0 …
#: deployed"), not the rest of a sentence wrapped at a fixed width.
_DATED_ROW = re.compile(r"^\s*" + LOG_DAY + r"[\sT]+\d{1,2}:\d{2}\b")


def reflowed(lines: list[str]) -> list[str]:
    """Lines wrapped at a fixed width joined back into the sentences they break."""
    out: list[str] = []
    held = ""
    for line in lines:
        # A table's row ("Date of occurrence of breach | 14 July 2021") is whole: joined to
        # the paragraph after it, its words would open that paragraph's first sentence.
        # A day alone ("Monday 2020-02-10") heads the rows under it, no sentence of theirs.
        if held and (
            ROW_JOIN in held
            or ROW_JOIN in line
            or _DATED_ROW.match(line)
            or DAY_LINE.fullmatch(held)
        ):
            out.append(held)
            held = ""
        held = f"{held} {line.strip()}".strip()
        if not held or re.search(r"[.!?:;)]\W*$", held):
            if held:
                out.append(held)
            held = ""
    if held:
        out.append(held)
    return out


#: A line that states a day and nothing else: a news article's dateline ("Friday, August 18,
#: 2006", "18 August 2006", "2006-08-18").
DATELINE = re.compile(
    r"^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
    r"(?:[a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\.?,?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})$",
    re.IGNORECASE,
)

#: A heading that asks how someone was affected ("How users were affected", "How end-users
#: were affected", "How users of the platform were affected"): the impact, in other words.
_HOW_AFFECTED = re.compile(r"^how (?:[\w-]+ ){1,5}(?:was|were) (?:affected|impacted)$")


def _dateline_section(titled: list[Section], opening: Section | None) -> Section | None:
    """The section a news article's dateline heads, its story under it; else ``None``.

    "# Wikimedia servers unreachable for 3 hours" / "## Friday, August 18, 2006" / "Earlier
    today, Wikipedia … suffered downtime": the dated heading right after the page's title
    opens the article's text, the lead. Only where no other heading is a day alone (dated
    headings one after another are a timeline's days or a status page's updates).
    """
    dated = [s for s in titled if DATELINE.match((s.title or "").strip(" *_\t"))]
    if len(dated) != 1:
        return None
    # The page's title is its own (Markdown's "# …") or its first heading, at level 1.
    under_title = titled[1:] if titled[0] is opening or titled[0].level <= 1 else titled
    return dated[0] if under_title and under_title[0] is dated[0] else None


#: Words that tell of trouble: a sentence with one of them is about the incident.
INCIDENT_WORDS = re.compile(
    r"\b(?:outages?|incidents?|experienced|down|unavailable|impact|failures?|failed|"
    r"disruptions?|degraded|errors?|broke|broken|"
    # a spacecraft's own protection: "entered safe mode May 24", "safe hold" (not "anomaly",
    # which heads NOAA's notices of every kind: "Product Anomaly, …, Issued: February 19, 2010")
    r"safe[ -]?mode|safe[ -]?hold)\b",
    re.IGNORECASE,
)


def impact_lines(reader: Reader) -> list[str]:
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
    # A post that opens on a box headed deeper than its sections ("### 12/27/2019 Update"
    # over "## What happened?"): Markdown runs the post's lead on under the box's heading.
    boxed = (
        titled[0]
        if len(titled) > 1
        and reader.doc.sections[0] is titled[0]
        and titled[0].level > titled[1].level
        else None
    )
    # A status page's entry is its updates, each under its own heading ("#### UPDATE: outage
    # concluded" / "Grex … back up after 1 1/2 hour of downtime"): all of it tells the impact.
    status_entry = any(k in reader.doc.front for k in vocabulary().front_matter["markers"])
    dateline = _dateline_section(titled, opening)
    for section in reader.doc.sections:
        # The lead (under no heading, or under the page's own level-1 heading) counts too.
        if (
            status_entry
            or not section.title
            or section.level <= 1
            or section is opening
            or section is boxed
            or section is dateline
            or normalise(section.title) in keys
            or _HOW_AFFECTED.match(normalise(section.title))
        ):
            for block in section.blocks:
                lines.extend(block.lines())
    known = {normalise(a) for aliases in SECTION_ALIASES.values() for a in aliases}
    if (
        not lines
        and not any(reader.label(key) for key in reader.options.aliases)
        and titled
        and not any(normalise(s.title) in known for s in titled)
    ):
        # A page of updates in prose, with no lead, no labelled field and no section a field
        # names ("TESS Resumes Normal Operations", then "Oct. 12 Update"): the sentences of
        # its sections that tell of trouble tell the impact.
        for section in titled:
            for block in section.blocks:
                lines.extend(ln for ln in block.lines() if INCIDENT_WORDS.search(ln))
    lines.extend(value for label, value, _ in reader.labels if label in keys)
    # A conclusion looks back on the incident: after everything above, so that it states the
    # length only when the lead, summary and impact do not.
    closing = {normalise(a) for a in SECTION_ALIASES.get("conclusion", [])}
    for section in reader.doc.sections:
        if section.title and normalise(section.title) in closing:
            for block in section.blocks:
                lines.extend(block.lines())
    return lines


def column_index(header: list[str], names: tuple[str, ...]) -> int | None:
    """The index of the first header cell that is, starts or ends with one of ``names``."""
    for name in names:
        for i, cell in enumerate(header):
            if cell == name or cell.startswith(name + " ") or cell.endswith(" " + name):
                return i
    return None


#: A value for one part of the service, its name before a colon ("iOS: …", "EU region: …").
PART_VALUE = re.compile(r"^\s*[A-Za-z][\w .\-/]{0,30}?:\s+(?=\S)")
