"""Moments a document tells in sentences, not timeline rows ("At 09:23 UTC, alerts fired")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.clocks import MONTH_NAME, WEEKDAY_BEFORE, date_only, month_number
from tap_postmortems.days import WEEKDAYS, record_line
from tap_postmortems.reader import body_lines, impact_lines, reflowed
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


SENTENCE_TIME = re.compile(
    # "@" for "at" too: "On Sept 30 @ 22:16:01 UTC time, the network halted"; and the
    # Portuguese "às": "no dia 14 de Novembro às 12:04, recebi um e-mail".
    # ("Shortly after 14:00 UTC the queues grew": a clock "just after" is that moment too.)
    r"(?:(?P<prep>\b(?:at|around|by|about|approximately|since|from|às|"
    r"(?:just|shortly|soon|right) after)|@)\s*(?<=\s|@)(?:(?:roughly|about|around|"
    r"approximately|approx\.?|~)\s*)?)?(?<![\d:.\-/])"
    # (with its seconds: "@ 10:16:01 pm UTC time", "at 2024-02-12 01:54:38")
    r"(?P<ts>(?:\d{1,2}:\d{2}(?::[0-5]\d(?![\d:]))?|(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d%]|\.\d)"
    # four digits after "at", a day or a zone after them: "due to be released at 0930 on the
    # 20th May" (not "at 1000 requests per second")
    # ("began around 1847 UTC", "at 2000 UTC on rev 20863": a satellite notice's clocks)
    r"|(?:(?<=\bat\s)|(?<=\baround\s)|(?<=\babout\s)|(?<=\bsince\s))(?:[01]\d|2[0-3])[0-5]\d"
    r"(?=\s+(?:on|hrs?|hours|UTC|GMT|BST|CET|CEST)\b))"
    r"(?:\s*[ap]\.?m\.?)?"
    # without "at", a clock counts when its zone and its day follow, a stamp in the prose,
    # as in "Zenodo was back online 18:30 UTC May 17th" said of the recovery
    # the zone after it, also as an offset in brackets ("At 09:41 (GMT+1), we deployed")
    # or a US region, also in brackets ("at 10:00 A.M. (ET) on Tuesday", "4:30 a.m. ET")
    r"(?(prep)(?:\s*(?:\((?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?\)|(?:UTC|GMT)\s?[+-]\d{1,2}"
    r"(?::?\d{2})?(?!\d)|UTC|GMT|Z\b|[A-Z]{2,4}T\b|\((?-i:[PECM]T)\)|(?-i:[PECM]T)\b"
    # a US region in words: "the CPU spikes starting at 17:00 Pacific"
    r"|(?-i:Pacific|Eastern|Central|Mountain)(?:\s+(?-i:[Tt]ime))?\b))?|\s*(?-i:UTC|GMT)\b"
    r"(?=,?\s+(?-i:on\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))))",
    re.IGNORECASE,
)
_MONTH_NAME = MONTH_NAME
#: A sentence's clock with its own day written just before or after it: "eventually on Sunday
#: August 19 at 23:30 UTC", "back online 18:30 UTC May 17th".
_DAY_BEFORE_CLOCK = re.compile(
    # ("was Saturday, Aug. 21, at 7:15 p.m. EDT": a weekday opens the day without "on")
    r"(?:(?:\bon\s+" + WEEKDAY_BEFORE + r"|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)"
    r"(?P<m>" + _MONTH_NAME + r")\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    # the day first, as another language writes it ("no dia 14 de Novembro às 12:04", read
    # in English months as "14 November")
    # (and as a British writer does: "starting from Thursday 9th July 2015 17:26:35")
    r"|\b(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_NAME + r"))"
    r"(?:,?\s+(?P<y>\d{4}))?,?\s*$",
    re.IGNORECASE,
)
_DAY_AFTER_CLOCK = re.compile(
    r"^\s*,?\s*(?:on\s+)?" + WEEKDAY_BEFORE + r"(?:(?P<m>" + _MONTH_NAME + r")\s+(?P<d>\d{1,2})"
    r"(?:st|nd|rd|th)?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_NAME + r"))"
    r"(?:,?\s+(?P<y>\d{4}))?\b",
    re.IGNORECASE,
)


#: A day in figures just before a clock: "entered a non-nominal state on 07/26/2022 at
#: 16:24:49 UTC", "on 2022-07-26 at 16:24".
_NUMERIC_DAY_BEFORE_CLOCK = re.compile(
    r"\bon\s+(?P<day>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}),?\s*(?:at\s*)?$", re.IGNORECASE
)


def _day_by_clock(
    sentence: str, m: re.Match[str], story: date | None, options: ParseOptions | None = None
) -> date | None:
    """The day a sentence writes beside one of its clocks, if it writes one there.

    The story's own month and day written with the year before or after it ("due to be
    published at 07:00 on 12 February 2020" in a report of 12 February 2021, early in a year
    when last year's number still comes to the hand) is the story's day: a slip of the year.
    """
    year = story.year if story else None
    if options is not None and (numeric := _NUMERIC_DAY_BEFORE_CLOCK.search(sentence[: m.start()])):
        return date_only(numeric.group("day"), options)
    before = values.english_months(sentence[: m.start()])
    near = _DAY_BEFORE_CLOCK.search(before) or _DAY_AFTER_CLOCK.match(sentence[m.end() :])
    if near is None:
        return None
    found = near.groupdict()
    month = month_number(found["m"] or found.get("m2") or "")
    day = int(found["d"] or found.get("d2") or 0)
    written = int(near.group("y")) if near.group("y") else year
    if story is not None and (month, day) == (story.month, story.day):
        return story
    try:
        return date(written, month, day) if written else None
    except ValueError:
        return None


def prose_events(  # noqa: PLR0913 - where to read, and how far
    reader: Reader,
    days: tuple[date | None, date | None],
    zone: tzinfo,
    options: ParseOptions,
    told: list[str] | None = None,
    *,
    everywhere: bool = False,
) -> list[dict[str, Any]]:
    """Sentences of the lead, summary, impact and detection text that say when ("At 09:23 …").

    ``days`` is the story's day (bare clocks fall on it) and the day the document was
    published, if known.

    With no timeline (``everywhere``) the story's sections tell the times too ("### What we
    learnt": "the failure started at approximately 10.16, and was fixed at 11.35").
    """
    lines = _story_lines(reader, told, everywhere=everywhere)
    events: list[dict[str, Any]] = []
    # A timed sentence's moment carries over to the next sentence that says it came at once,
    # on the next line too (a source written one sentence per line).
    before: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    story = _Story(*days, halves=twelve_hour_marks([_zoned_clocks(ln) for ln in reflowed(lines)]))
    for line in reflowed(lines):
        # "at around 10:00 a.m. EST, one of our SREs noticed": "a.m." ends no sentence.
        # "Saturday, Aug. 21, at 7:15 p.m.": a month's abbreviation ends no sentence either.
        undotted = _MONTH_DOT.sub(r"\1 ", line)
        for written in re.split(r"(?<=[.;])(?<![aApP]\.[mM]\.)\s+", _zoned_clocks(undotted)):
            story.turn(written)
            sentence = story.midnight_read(_AS_OF.sub(r"\g<1>At", written))
            # "Around 9:30 the record propagated again and by 9:40 traffic had returned to
            # normal": each time is the moment of the words up to the next time.
            found = list(SENTENCE_TIME.finditer(sentence))
            if not found and (carried := _untimed_moment(sentence, before, last)) is not None:
                events.append(carried)
                if before is not None and carried["occurred_at"] != before["occurred_at"]:
                    before = last = carried  # "… noticed 10 minutes later": a moment of its own
                continue
            before = None
            # "He immediately alerted the lead statistician and changed the data back at
            # 15:30": the clause before "and" happened at once, the clock is the rest's.
            events.extend(_at_once_clause(sentence, found, last))
            starts = _segment_starts(sentence, found)
            # "The outage was discovered internally by 22:50 GMT and resolved at 23:01 GMT":
            # a sentence that opens with words, not a time, puts each time after its words.
            trailing = len(found) > 1 and found[0].start() > _LEAD_IN_CHARS
            for i, m in enumerate(found):
                if _not_a_happening(sentence[: m.start()]) or window_opened(sentence, m):
                    continue
                text = _words_of(sentence, found, starts, i, trailing=trailing)
                when = story.moment(sentence, m, zone, options)
                if when is None:
                    continue
                if len(found) == 1 and (lapse := _later_clause(text, m)) is not None:
                    # "At 13:58 I removed mc1009 from the pool, and two minutes later, all
                    # services were back up": the clause after the lapse is its own moment.
                    cut, span = lapse
                    events.append(
                        {"occurred_at": when, "time_text": m.group("ts"), "text": text[:cut]}
                    )
                    text = text[cut:]
                    when += span
                events.append({"occurred_at": when, "time_text": m.group("ts"), "text": text})
                if not set_time(text):
                    # (a set time, "due to be published at 9.30am on 31 March", is no
                    # happening that what follows "at once" follows)
                    before = events[-1] if len(found) == 1 else None
                    last = events[-1]
    return events


def _words_of(
    sentence: str, found: list[re.Match[str]], starts: list[int], i: int, *, trailing: bool
) -> str:
    """The words of a sentence that the ``i``-th of its times is the moment of."""
    m = found[i]
    if clause := _BEGAN_CLAUSE.search(sentence[: m.start()]):
        # "recovered from the safehold condition that started at 05:44:13 GMT": the clause
        # the clock closes says what began then, not the sentence around it.
        return clause.group(0) + m.group(0)
    if trailing:
        return sentence[found[i - 1].end() if i else 0 : m.end()]
    end = starts[i + 1] if i + 1 < len(found) else len(sentence)
    return sentence if len(found) == 1 else sentence[starts[i] : end]


def window_opened(sentence: str, m: re.Match[str]) -> bool:
    """Whether the clock opens a window: "from 13:34:43 to 13:37:26", read as one elsewhere."""
    return (m.group("prep") or "").lower() == "from" and bool(
        _WINDOW_CLOSES.match(sentence, m.end())
    )


#: What closes a window a clock after "from" opens: "to 13:37:26", "-> 13:40", "until 9pm".
_WINDOW_CLOSES = re.compile(
    r"(?::\d{2})?\s*(?:to|until|till|through|[-\u2013\u2014>\u2192]+)\s*(?:about\s+|around\s+|~)?\d",
    re.IGNORECASE,
)
_MONTH_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.\s+(?=\d)")
#: A relative clause that ends on its clock: "the safehold condition that started at …".
_BEGAN_CLAUSE = re.compile(
    r"\b(?:the|an?)\s+(?:[\w-]+\s+){0,3}?(?:that|which)\s+(?:first\s+)?(?:started|began|begun)"
    r"\s+(?:at|on|around|about)?\s*$",
    re.IGNORECASE,
)
#: A sentence that opens on a weekday: "On Thursday, …", "Friday night, …", "On Saturday
#: morning we …".
_OPENS_ON_WEEKDAY = re.compile(
    r"^\W*(?:on\s+)?(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b(?!\s*,?\s+(?:"
    + _MONTH_NAME
    + r"|\d))",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Story:
    """The day a story told in sentences has reached, as its clocks are read in order.

    ``day`` is the story's day (bare clocks fall on it), ``published`` the day the document
    went out, if known; ``last`` the last clock read on ``day``, as read and as written.
    """

    day: date | None
    published: date | None
    last: tuple[datetime, str] | None = None
    #: The minutes past midnight of the clocks the writer marks AM or PM, when the writer
    #: keeps a 12-hour clock (marks some, writes none past 12:59 unmarked).
    halves: tuple[int, ...] = ()

    def turn(self, sentence: str) -> None:
        """Move on to the weekday a sentence opens on.

        "Last Wednesday … errors went away. On Thursday, things suddenly turned for the worse.
        … At 8 pm CEST, things came to a grinding halt": a story told day by day moves its
        clocks on to the weekday a sentence opens on.
        """
        if (moved := _weekday_on(sentence, self.day, self.published)) != self.day:
            self.day, self.last = moved, None

    def midnight_read(self, sentence: str) -> str:
        """The sentence with its "at midnight" as a clock, after an evening's clock.

        After "from 10.15 pm", "resolved around the deadline at midnight" is the night's end,
        the next day's first moment. Without an evening clock before it, "midnight" may be a
        job's daily hour or either end of a day, and stays unread.
        """
        if self.last is not None and _half_of_day(self.last[1]) == "p":
            return _MIDNIGHT.sub(r"\g<1>12:00 am", sentence)
        return sentence

    def moment(
        self, sentence: str, m: re.Match[str], zone: tzinfo, options: ParseOptions
    ) -> datetime | None:
        """The moment of the clock ``m`` in ``sentence``, on the day beside it or the story's."""
        # "at approximately 10.16": a clock written with a dot.
        clock = values.hhmm_with_colon(re.sub(r"^(\d{1,2})\.(\d{2})", r"\1:\2", m.group("ts")))
        clock = _in_writers_half(clock, self.halves)
        # "on Sunday August 19 at 23:30 UTC": the day written beside the clock.
        written = _day_by_clock(sentence, m, self.day, options)
        when = values.parse_datetime(
            clock, default_zone=zone, default_date=written or self.day, day_first=options.day_first
        )
        if when is None or written is not None or self.day is None:
            return when
        when, self.day = _past_midnight(when, self.day, self.last, m.group("ts"))
        self.last = (when, m.group("ts"))
        return when


#: A clock's morning or evening mark, also written on its digits ("2:30am", which
#: ``clocks.MERIDIEM``'s word boundary does not see): "a" or "p".
_HALF_OF_DAY = re.compile(r"\d\s*([ap])\.?m\.?(?![a-z])", re.IGNORECASE)


def _half_of_day(written: str) -> str | None:
    """The half of the day a clock is written with: "a" (AM), "p" (PM) or ``None``."""
    m = _HALF_OF_DAY.search(written)
    return m.group(1).lower() if m else None


def twelve_hour_marks(sentences: list[str]) -> tuple[int, ...]:
    """The marked clocks (minutes past midnight) of a writer who keeps a 12-hour clock.

    A writer who marks clocks "4:25pm" and writes none past 12:59 without a mark counts the
    hours to twelve; empty otherwise (a "17:30" shows a 24-hour writer).
    """
    marked: list[int] = []
    for sentence in sentences:
        for m in SENTENCE_TIME.finditer(sentence):
            digits = re.match(r"(\d{1,2})[:.](\d{2})", m.group("ts"))
            if digits is None:
                continue
            hour, minute = int(digits.group(1)), int(digits.group(2))
            half = _half_of_day(m.group("ts"))
            if half is None and hour > 12:  # noqa: PLR2004 - the hours of a 12-hour clock
                return ()
            if half is not None and 1 <= hour <= 12:  # noqa: PLR2004
                marked.append((hour % 12 + (12 if half == "p" else 0)) * 60 + minute)
    return tuple(marked)


def _in_writers_half(clock: str, halves: tuple[int, ...]) -> str:
    """A bare clock of a 12-hour writer, in the half of the day of the writer's marked clocks.

    "- date: First reported about 4:25pm … At about 4:25 we received Gomez alerts … back to
    normal (about 5.30pm)": the bare "4:25" is the afternoon's, among the marked clocks.
    A clock near neither reading's marked neighbours, or written with its leading zero
    ("09:30"), stays as written.
    """
    m = re.fullmatch(r"([1-9]|1[01]):(\d{2})", clock.strip())
    if not halves or m is None:
        return clock
    morning = int(m.group(1)) * 60 + int(m.group(2))

    def gap(at: int) -> int:
        return min(abs(at - h) for h in halves)

    # Only when the afternoon reading sits among the marked clocks and the morning one does
    # not: "10:00" beside a lone "4:25pm" may be either.
    near = _NEAR_MARKED_MINUTES
    return f"{clock} pm" if gap(morning + 720) <= near < gap(morning) else clock


#: How near (minutes) a bare clock's reading must be to a marked one to take its half.
_NEAR_MARKED_MINUTES = 180


def _past_midnight(
    when: datetime, day: date, last: tuple[datetime, str] | None, written: str
) -> tuple[datetime, date]:
    """A morning clock told after an evening one of the same day is the next morning.

    "At 8 pm CEST, things came to a grinding halt … At around 2:30 am CEST, things were
    looking up" (Travis CI 2012-09-20): a story told in order goes past midnight, and the days
    of the clocks after it move on too. Only an "am" after a "pm", both written so: a bare
    "02:30" after "20:00" may be a summary's looking back.
    """
    if (
        last is not None
        and when < last[0]
        and _half_of_day(written) == "a"
        and _half_of_day(last[1]) == "p"
    ):
        return when + timedelta(days=1), day + timedelta(days=1)
    return when, day


def _weekday_on(sentence: str, day: date | None, published: date | None) -> date | None:
    """The story's day after a sentence that opens on a weekday, a day later in the same week.

    Only forward from the story's day and not past the publication (a weekday looking back
    from the post, "On Monday we had shipped …", stays unread), and only when the
    publication is known: without it a weekday could be any week's.
    """
    if (written := _opens_on_day(sentence, day)) is not None:
        return written if day is not None and day < written <= (published or written) else day
    m = _OPENS_ON_WEEKDAY.match(sentence)
    if m is None or day is None or published is None:
        return day
    ahead = (WEEKDAYS.index(m.group("wd").lower()) - day.weekday()) % 7
    moved = day + timedelta(days=ahead)
    return moved if moved <= published else day


def _opens_on_day(sentence: str, day: date | None) -> date | None:
    """The day a sentence opens on, written with its month: "On Tuesday 25 June this was merged".

    Without its year, the year is the story's (a story told over a few days does not cross
    into another year unwritten).
    """
    m = _OPENS_ON_DATE.match(sentence)
    if m is None or day is None:
        return None
    found = m.groupdict()
    month = month_number(found["m"] or found["m2"])
    try:
        return date(int(found["y"] or day.year), month, int(found["d"] or found["d2"]))
    except ValueError:
        return None


#: A sentence that opens on a day and its month: "On Tuesday 25 June …", "On June 25, …".
_OPENS_ON_DATE = re.compile(
    r"^\W*on\s+"
    + WEEKDAY_BEFORE
    + r"(?:(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>"
    + _MONTH_NAME
    + r")|(?P<m2>"
    + _MONTH_NAME
    + r")\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)\b(?:,?\s+(?P<y>\d{4})\b)?",
    re.IGNORECASE,
)


#: A sentence that opens on "As of" a clock says what held from then: "As of 09:00 on 04 July
#: 2013, the service is re-enabled" (not a wiki's "Revision as of 17:43, 8 April 2022").
_AS_OF = re.compile(r"^(\W*)as\s+of(?=\s+\d{1,2}[:.]\d{2})", re.IGNORECASE)
#: Midnight named, not written as a clock: "resolved around the deadline at midnight".
_MIDNIGHT = re.compile(r"\b(at\s+)midnight\b", re.IGNORECASE)


def _zoned_clocks(line: str) -> str:
    """Clocks written without their colon, after "at" or "since" and before a zone, with it.

    "since 12h35 UTC" (the hour, "h", the minutes) is 12:35; "since 2pm CEST" (an hour and
    its PM) is 2:00 pm. Without the zone after it, "12h35" may be a length and stays. An
    hour after "at" is one too ("This morning at approximately 3 a.m. EST, satellite
    controllers commanded …"), but for one whose day follows in words this reader does not
    take ("at approximately 8 PM UTC on the 16th"): it would be read on the story's day.
    A stamp pasted from Unix's ``date`` ("At Tue May 31 17:09:10 UTC 2022 … received an
    email alert") is its clock and zone on its day: "17:09:10 UTC on May 31 2022".
    """
    line = _UNIX_DATE.sub(r"\g<clock> \g<zone> on \g<month> \g<day> \g<year>", line)
    line = _AT_DAY_CLOCK.sub(r"on \g<day> \g<prep> ", line)
    line = _H_CLOCK.sub(r"\g<1>\g<2>:\g<3>", line)
    line = _DAYPART.sub(_daypart_clock, line)
    return _BARE_HOUR.sub(r"\g<1>\g<2>:00 \g<3>m", line)


def _daypart_clock(m: re.Match[str]) -> str:
    half = "am" if m.group("part").lower() == "morning" else "pm"
    return f"{m.group('h')}:{m.group('mm') or '00'} {half}"


#: A full day between "at" and its clock: "stopped processing items at 2024-02-12 01:54:38",
#: "at February 12, 2024 01:54" — read as "on <day> at <clock>", the order the readers of a
#: sentence's day and clock take.
_AT_DAY_CLOCK = re.compile(
    r"\b(?P<prep>at|since)\s+(?P<day>"
    + WEEKDAY_BEFORE
    + r"(?:\d{4}-\d{2}-\d{2}|"
    + _MONTH_NAME
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_NAME
    + r",?\s+\d{4})),?\s+(?:at\s+)?(?=\d{1,2}:\d{2})",
    re.IGNORECASE,
)
_UNIX_DATE = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)\s+(?P<month>" + _MONTH_NAME + r")\s+(?P<day>\d{1,2})\s+"
    # (a US locale's 12-hour form: "Tue May 31 05:09:10 PM UTC 2022")
    r"(?P<clock>\d{1,2}:\d{2}:\d{2}(?:\s+[ap]m)?)\s+(?P<zone>(?-i:[A-Z]{2,5}))\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_ZONE_NEXT = r"(?=\s*(?-i:UTC|GMT|[A-Z]{2,4}T)\b)"
#: A clock whose half of the day is said in words: "back in full operation by 3.30 that
#: afternoon", "just after 1 in the morning". (Written so, an hour is read as a clock only
#: where a clock may stand: after "at", "by", "around", … as ``SENTENCE_TIME`` asks.)
_DAYPART = re.compile(
    r"(?<![\w.:])(?P<h>1[0-2]|0?[1-9])(?:[.:](?P<mm>[0-5]\d))?\s+(?:o'clock\s+)?"
    r"(?:in\s+the|that|this)\s+(?P<part>morning|afternoon|evening)\b",
    re.IGNORECASE,
)
_H_CLOCK = re.compile(
    r"\b((?:at|since)\s+(?:about\s+|around\s+|approximately\s+|~\s*)?)([01]?\d|2[0-3])h([0-5]\d)\b"
    + _ZONE_NEXT,
    re.IGNORECASE,
)
_BARE_HOUR = re.compile(
    r"\b((?:since|at)\s+(?:about\s+|around\s+|approximately\s+|~\s*)?)(1[0-2]|0?[1-9])\s*"
    r"([ap])\.?m\b\.?(?:" + _ZONE_NEXT + r")?(?!\s*(?:\w+,?\s+)?on\s+the\s+\d)",
    re.IGNORECASE,
)


#: A post's stamp before a sentence's clock: "Statement updated at 4:00 PM ET …".
#: (Not a plan: "was due to be published at 07:00" is the moment a release was missed.)
#: (not what a sentence says was published then: "the reports were published at 8:15am on
#: Friday 17 September" is the late release going out)
_STAMPED = re.compile(
    r"(?<!\bto be )(?<!\bwas )(?<!\bwere )(?<!\bbeen )(?<!\bbeing )"
    r"\b(?:posted|published|updated)\s*$",
    re.IGNORECASE,
)
#: A set time the sentence measures by, not a happening: "issued … at 12.31pm on Thursday 2
#: December prior to publication at 9.30am on Friday 3 December".
_REFERENCE = re.compile(
    r"\b(?:prior\s+to|ahead\s+of)\s+(?:the\s+|its\s+)?(?:planned\s+|scheduled\s+)?"
    r"(?:publication|release|launch)\s+(?:at|on)?\s*$",
    re.IGNORECASE,
)
#: A norm before a clock: "should be released … at 9.30am", "must be published by 07:00"
#: (not "should have been": what did not happen at that moment is still the moment).
_NORM = re.compile(r"\b(?:should|must)\s+(?:always\s+)?be\b[^.;]*$", re.IGNORECASE)
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


_DONE_BY = re.compile(
    r"^\W*(?:(?:an?|the|this|that|which)\s+(?:\w+\s+)?(?:(?:was|were|is)\s+)?)?"
    r"(?:completed|finished|done|complete)\W*(?:by\W*)?$",
    re.IGNORECASE,
)
#: A plan or a wish, not a happening: "ensure that we are alerted immediately in the future",
#: "We need … to be alerted immediately as soon as a deployment fails".
PLANNED = re.compile(
    r"\b(?:in the future|going forward|ensure|should|will|would|needs? to|plan(?:s|ned)? to|"
    r"want(?:s|ed)? to|to be)\b",
    re.IGNORECASE,
)
#: A lapse after the moment told before: "noticed around 10 minutes later", "an hour later".
_LATER = re.compile(
    r"\b(?:(?:about|around|approximately|roughly|some|~)\s*)?(?P<span>(?:\d{1,3}|an?|"
    + values.NUMBER_WORDS
    + r")\s*(?:min(?:ute)?s?|hours?))\s+later\b",
    re.IGNORECASE,
)
#: Someone noticing: the words that make an "at once" sentence a detection.
_NOTICED = re.compile(
    r"\b(?:identified|noticed|spotted|realised|realized|discovered|alerted)\b", re.IGNORECASE
)


def _later_clause(text: str, clock: re.Match[str]) -> tuple[int, timedelta] | None:
    """Where a clause "N minutes later" opens after a sentence's one clock, and its lapse."""
    after = text.find(clock.group(0))
    m = _LATER.search(text, after + len(clock.group(0))) if after >= 0 else None
    if m is None or PLANNED.search(text) or (span := values.parse_duration(m["span"])) is None:
        return None
    return m.start(), span


def _later(sentence: str) -> timedelta | None:
    """The lapse a sentence without a clock says it came after the moment before, if any."""
    m = _LATER.search(sentence)
    if m is None or PLANNED.search(sentence):
        return None
    return values.parse_duration(m.group("span"))


def _story_lines(reader: Reader, told: list[str] | None, *, everywhere: bool) -> list[str]:
    """The lines a story in sentences is read from: lead, summary, impact, detection."""
    lines = impact_lines(reader)
    if everywhere:
        lines.extend(ln for ln in body_lines(reader.doc) if ln not in lines)
    lines.extend(ln for ln in told or [] if ln not in lines)
    detection = reader.section_text("detection")
    if detection:
        lines.extend(detection.split("\n"))
    # "Part of the debate - in the House of Commons at 4:32 pm on 22 July 2024": the sitting's
    # clock, not the story's.
    return [ln for ln in lines if not record_line(ln)]


def _not_a_happening(before_clock: str) -> bool:
    """Whether the words before a clock make it no moment of the incident.

    "Statement updated at 4:00 PM ET December 27, 2015 to include …" is the post's own stamp;
    "Statistics should be released to all users at 9.30am on a weekday" a rule's hour, true
    of every day; "… prior to publication at 9.30am on Friday" the set time measured by.
    """
    return any(p.search(before_clock) for p in (_STAMPED, _NORM, _REFERENCE))


def set_time(text: str) -> bool:
    """Whether ``text`` names a set time ("due to be published at 07:00": [events] scheduled)."""
    return any(p.search(text) for p in vocabulary().events["scheduled"])


def _untimed_moment(
    sentence: str, before: dict[str, Any] | None, last: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The moment of a sentence without a clock, when it says how it stands to one told.

    ``before`` is the previous sentence's moment (when it had one clock), ``last`` the last
    moment told at all.
    """
    if before is not None and (later := _later(sentence)) is not None:
        # "this was sent at around 8:50am. The team lead noticed around 10 minutes later":
        # the moment before plus the lapse.
        return {**before, "occurred_at": before["occurred_at"] + later, "text": sentence}
    if not _AT_ONCE.search(sentence) or PLANNED.search(sentence) or _LATER_WORD.search(sentence):
        # ("after the error was discovered and later resolved, the team immediately began
        # evaluating": what came later is not at that moment)
        return None
    if before is not None:
        # "At 19:55 UTC all services stopped. The team immediately started to investigate":
        # the next sentence's "immediately" is the same moment. "At 09:41 we deployed. Right
        # after the deployment, the app didn't boot. We immediately recognized the conflict":
        # each "at once" keeps the same moment.
        return {**before, "text": sentence}
    if last is not None and _NOTICED.search(sentence):
        # "At 3.19pm … circulated the figures." (what the e-mail held, who was on the list)
        # "The team, copied in, immediately identified that …": with no clock between, the
        # noticing "at once" is at the last moment told.
        return {**last, "text": sentence}
    return None


def _at_once_clause(
    sentence: str, found: list[re.Match[str]], last: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The clause before "and" of a sentence whose clock comes later, if it happened at once."""
    if not found or last is None:
        return []
    clause, joined, _ = sentence[: found[0].start()].partition(" and ")
    if (
        joined
        and _AT_ONCE.search(clause)
        and _NOTICED.search(clause)
        and not PLANNED.search(clause)
    ):
        return [{**last, "text": clause}]
    return []


_LATER_WORD = re.compile(r"\blater\b", re.IGNORECASE)
_AT_ONCE = re.compile(
    r"\b(?:immediately|at once|right away|straight away|at the same time|within seconds|"
    # a sentence "Right after the deployment …" after "At 11:32 we deployed …"
    r"(?:shortly|right|directly|just|straight|immediately|soon)\s+after(?:wards)?|"
    r"moments later)\b"
    # "At 8 pm CEST, things came to a grinding halt … We started investigating the cause": a
    # sentence that opens on the team starting to investigate, straight after a timed one,
    # tells what they did then.
    r"|^(?:we|the team)\s+(?:started|began)\s+(?:investigating|to investigate|looking into)\b"
    # "a faulty configuration was deployed … at 08:40. This caused mobileapps to create pages
    # with broken css/js links": what the timed change caused, told straight after it.
    r"|^(?:this|that)\s+(?:change\s+|deploy(?:ment)?\s+)?(?:caused|resulted in|led to)\b",
    re.IGNORECASE,
)
