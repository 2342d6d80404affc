"""Reading values as people write them: date-times, durations, counts, severities, names."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from dateutil import parser as date_parser

from tap_postmortems.vocabulary import vocabulary

#: Zone abbreviations (``CET``) and names (``pacific time``) people write, each resolved to
#: the IANA zone whose clocks they mean (``vocabulary.toml``): an abbreviation names a region,
#: and the region's rules on the date give the offset ("CET" in June is read as CEST).
_ZONES = vocabulary().zones
_ABBREVIATIONS = sorted(
    (
        k.upper()
        for k in _ZONES
        if " " not in k and len(k) <= 5 and k not in ("pt", "et", "ct", "mt")  # noqa: PLR2004
    ),
    key=len,
    reverse=True,
)
_ZONE_WORDS = {k: v for k, v in _ZONES.items() if k.upper() not in _ABBREVIATIONS}
_IANA = re.compile(r"\b([A-Z][A-Za-z]+(?:_[A-Z][a-z]+)?/[A-Z][A-Za-z_]+)\b")
_ABBREV_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(_ABBREVIATIONS) + r")\b")
#: "PT", "ET", "CT", "MT" right after a clock time (or its comma: "at 5 p.m., ET"): a region,
#: written in capitals (so that "et" or "pt" in running text is no zone).
_REGION_AFTER_CLOCK = re.compile(
    r"\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?,?\s*\(?(?-i:(PT|ET|CT|MT))\)?(?![A-Za-z])",
    re.IGNORECASE,
)
_OFFSET_RE = re.compile(r"\b(?:UTC|GMT)\s?([+-])(\d{1,2})(?::?(\d{2}))?(?!\d)")
_ZONE_NAMES = (
    r"((?:UTC|GMT)\s?[+-]\d{1,2}(?::?\d{2})?|"
    + "|".join(re.escape(w) for w in sorted(_ZONE_WORDS, key=len, reverse=True) if len(w) > 2)  # noqa: PLR2004
    + r"|[A-Z][A-Za-z]+/[A-Z][A-Za-z_]+|[A-Z]{1,4}\b)"
)
_ZONE_HINT = re.compile(
    r"(?:all\s+)?\btimes?\b\s*(?:are\s+|は\s*)?(?:(?:given|shown|written|listed|recorded|documented|stated|"
    r"expressed|displayed|reported)\s+)?(?:in\s+)?\(?\s*" + _ZONE_NAMES,
    re.IGNORECASE,
)
#: A timeline heading whose brackets hold only its zone: "Timeline (CEST)", "Timeline [UTC]".
_TIMELINE_ZONE = re.compile(r"\btimeline\s*[(\[]\s*" + _ZONE_NAMES + r"\s*[)\]]", re.IGNORECASE)


_HAS_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|(?<![\d-])\d{1,2}-\d{1,2}-\d{4}\b|"
    r"(?<![\d:-])\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2})|"
    # (a day written as an ordinal too: "March 2nd", "11th July 2013", "2nd of March")
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
_HAS_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
#: Amounts written in words ("ten minutes", "approximately nine hours", "half an hour").
_WORD_AMOUNTS = {
    "a": 1.0,
    "an": 1.0,
    "half a": 0.5,
    "half an": 0.5,
    **{
        w: float(i)
        for i, w in enumerate(
            (
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            )
        )
    },
    "thirty": 30.0,
    "forty": 40.0,
    "forty-five": 45.0,
    "fifty": 50.0,
    "sixty": 60.0,
    "ninety": 90.0,
}
#: "twenty two", "thirty-six": a ten and a unit, written as two words or hyphenated.
_COMPOUND = re.compile(
    r"(twenty|thirty|forty|fifty|sixty)[\s-](one|two|three|four|five|six|seven|eight|nine)",
    re.IGNORECASE,
)
NUMBER_WORDS = "|".join(
    [_COMPOUND.pattern.replace("(", "(?:")]
    + [re.escape(w) for w in sorted(_WORD_AMOUNTS, key=len, reverse=True) if w not in ("a", "an")]
)
_DURATION_PART = re.compile(
    # "13+ hours": at least that long, read as stated.
    r"((?<![\d.])\d+(?:[.,]\d+)?|\b(?:an?|" + NUMBER_WORDS + r")(?=[\s-]))\+?[\s-]*"
    r"(weeks?|wks?|days?|d|hours?|hrs?|hr|h|minutes?|mins?|min|m|seconds?|secs?|sec|s|"
    # Japanese lengths: "約 33 時間" (hours), "29 分" (minutes), "3 日間" (days); a bare 日 is
    # a day of the month ("18日"), not a length, unless hours follow it ("4 日 19 時間").
    r"時間|分間?|秒|日間|週間|日(?=\s*\d+(?:\.\d+)?\s*時間))(?![a-z])",
    re.IGNORECASE,
)
_HALF_AFTER = re.compile(
    r"(?<![\d.])(\d+|" + NUMBER_WORDS + r")\s+and\s+a\s+half\s+(?=[a-z])", re.IGNORECASE
)
_CLOCK_DURATION = re.compile(r"^\s*~?\s*(\d{1,3}):(\d{2})(?::(\d{2}))?\s*(?:h|hrs?|hours?)?\s*$")
_UNIT_SECONDS = {
    "w": 604800,
    "d": 86400,
    "h": 3600,
    "m": 60,
    "s": 1,
    "週": 604800,
    "日": 86400,
    "時": 3600,
    "分": 60,
    "秒": 1,
}
_NUMBER = re.compile(r"(\d[\d,\u202f ]*(?:\.\d+)?)\s*([kKmM]\b)?")
#: A four-digit year before 1900: no postmortem's moment (Go's zero time "0001" in a log).
_NO_REAL_YEAR = re.compile(
    r"(?<![\d:.])(?:0\d{3}|1[0-8]\d{2})(?![\d:])(?!\s*(?:[ap]\.?m|utc|z\b))", re.IGNORECASE
)
_ISO_OFFSET = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d{2}):?(\d{2})\b")
_CLOCK_RANGE = re.compile(
    # (Japanese: "10:52頃〜11:05", about 10:52 to 11:05, with a wave dash)
    r"(\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)\s*頃?\s*"
    r"(?:-|\u2013|\u2014|to|\u301c|\uff5e)\s*"
    r"\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?",
    re.IGNORECASE,
)
NONE_WORDS = {"n/a", "na", "none", "-", "—", "tbd", "unknown", "?", "??", "todo"}

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: Leading time stamp of a timeline line ("2026-03-05 14:05 UTC — …", "14:05: …", "Feb 28,
#: 14:05 UTC - …", "Tuesday 28 February 2023, 14:05 — …", "2023/02/28 14:05 …"); a day
#: written without its year takes the timeline's.
#: IANA zones by their city ("bucharest" -> Europe/Bucharest), for notes that name a city.
_CITIES = {
    name.rsplit("/", 1)[-1].replace("_", " ").lower(): name
    for name in sorted(available_timezones())
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
}
#: The cities as written, capitalised ("Denver", "New York"), longest first.
CITY_NAMES = "|".join(
    re.escape(name.rsplit("/", 1)[-1].replace("_", " "))
    for name in sorted(_CITIES.values(), key=lambda n: -len(n.rsplit("/", 1)[-1]))
)
#: A city written after a clock as the zone of its row: "16:37 Denver - Mark Waite updated
#: plugins" (the team's clocks in Denver, America/Denver).
_CITY_AFTER_CLOCK = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s+(?-i:(" + CITY_NAMES + r"))(?![\w-])",
    re.IGNORECASE,
)

TIMESTAMP_PREFIX = re.compile(
    # ("~2024-03-27 22:00 Ryan … notices": a stamp marked approximate before its day)
    r"^\s*[\[(]?\s*(?:at\s+)?(?:~\s*)?(?P<ts>(?:(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:\d{4}[-/]\d{1,2}[-/]\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}-\d{1,2}-\d{4}|"
    # a day without its year before a clock, month first as in ISO: "[03-26 23:04] …"
    r"\d{1,2}-\d{1,2}(?=\s+\d{1,2}:\d{2})|"
    r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r",?(?:\s+\d{4})?|"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?(?:\s+\d{4})?)"
    # between the day and the time: "T", a space or comma, "at", a dash ("Nov 4th -- 16:30")
    # or a colon ("February 15, 2024: 7:56am UTC")
    r"(?:[T\s,]+(?:at\s+)?|\s*[-\u2013\u2014]{1,2}\s*|,?:\s+)?)?"
    # an approximate time: "2025-01-09 ~17:00 UTC", "approx. 14:05"
    r"(?:(?:~|\u2248|approx(?:\.|imately)?|ca\.|around|about)\s*)?"
    # (the half of the day a word's start is not: "10:00 Amir1: mwscript …" names who ran it)
    r"(?:\d{1,2}[:h]\d{2}(?::\d{2})?(?:\.\d+)?(?:\s*[ap]\.?m\.?(?![a-z\d]))?"
    # a span's end ("7:00 pm - 9:00 pm: Troubleshooting", "10:00 - 11:00 team …"), part of
    # the row's stamp
    r"(?:\s*[-\u2013]\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?(?![a-z\d]))?(?=\s*[:|]|\s+[A-Za-z]))?"
    r"|\d{1,2}\s*[ap]\.?m\.?(?![a-z])|"
    # a time written with a dot after a full date: "2023-09-18 15.26 …", "18th September
    # 2023 15.26 …"
    r"(?:(?<=\d{4}-\d{2}-\d{2}\s)|(?<=[a-z,]\s\d{4}\s))\d{1,2}\.\d{2}(?![.\d])|"
    # or without its colon: "2024-03-12 0616: wrong block generated"
    r"(?<=\d{4}-\d{2}-\d{2}\s)(?:[01]\d|2[0-3])[0-5]\d(?![.\d]|:\d|\s*(?:UTC\s*)?[-\u2013]\s*\d))"
    r"(?:\s*(?:Z\b|[+-]\d{2}:?\d{2}|\(?(?-i:PT|ET|CT|MT)\)?(?![A-Za-z])|\(?(?:"
    + "|".join(_ABBREVIATIONS)
    + r")\)?\b"
    # a zone in words: "7:09 AM Eastern: …", "14:05 Pacific time - …"
    + "".join(
        f"|{re.escape(w)}(?:\\s+time)?\\b"
        for w in sorted(_ZONE_WORDS, key=len, reverse=True)
        if len(w) > 3  # noqa: PLR2004
    )
    # or its city, capitalised, before the row's dash or colon: "16:37 Denver - …"
    + r"|(?-i:"
    + CITY_NAMES
    + r")(?=\s*[-\u2013\u2014:|])"
    + r"))?"
    # The day written after the time: "12:45 PM PST Saturday Oct 30th: …", "14:05, 2 March:",
    # "23:00 UTC(April 5) - …" (in brackets).
    # ("At about 02:20 on 2016-12-04, labservices1001 became unresponsive": a sentence's day,
    # also in words with its year: "on December 4, 2016,", "on Sunday 4th December 2016,")
    r"(?:\s+on\s+(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\d{4}-\d{2}-\d{2}|"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"\s+\d{4})(?=,\s)|"
    r"(?:,?\s+(?:on\s+)?|\s*\(\s*)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2})"
    r"(?:\s*\)(?=\s*[-\u2013\u2014:|])|(?=\s*[-\u2013\u2014:|])))?)"
    r"\s*[\])]?\s*(?:[-\u2013\u2014:|,]+\s*)?(?P<text>.*)$",
    re.IGNORECASE,
)


def _as_written(abbreviation: str) -> tzinfo:
    """The offset an abbreviation written on a time means: "CEST" is UTC+2 whatever the date.

    Found from its region's rules (the offset in the half of the year when the region's clocks
    show that name); a region whose names never vary gives the region itself.
    """
    region = ZoneInfo(_ZONES[abbreviation.lower()])
    for month in (1, 7):
        sample = datetime(2021, month, 15, 12, tzinfo=region)
        if sample.tzname() == abbreviation.upper():
            if not sample.dst():
                # A standard-time name ("PST", "CET", "EST") is written all year round for
                # the region's clock: "12:45 PM PST" on 30 October is read on the clocks of
                # Los Angeles that day (PDT, UTC-7), as the writer's clock showed it. A
                # summer-time name ("PDT", "CEST") is only written while it holds.
                return region
            return timezone(sample.utcoffset() or timedelta(0), abbreviation.upper())
    return region


def zone_named(text: str, *, as_written: bool = False) -> tzinfo | None:  # noqa: C901, PLR0911
    """The zone a text names (``PST``, ``UTC+02:00``, ``Pacific Time``, ``Europe/Berlin``).

    An abbreviation resolves to its region (its clocks' rules on the date: a note "All times
    in CET" on a June incident was written on summer time) unless ``as_written``, for an
    abbreviation written on one time, which keeps the offset it names.
    """
    text = text.strip()
    offset = _OFFSET_RE.search(text)
    if offset:
        sign = -1 if offset.group(1) == "-" else 1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return timezone(timedelta(minutes=sign * minutes))
    m = _IANA.search(text)
    if m:
        try:
            return ZoneInfo(m.group(1))
        except (ZoneInfoNotFoundError, ValueError):
            # A region name mistyped ("UC/Pacific"): its last part still names the clock.
            tail = m.group(1).rsplit("/", 1)[-1].replace("_", " ").lower()
            if tail in _ZONE_WORDS or tail in _CITIES:
                return ZoneInfo(_ZONE_WORDS.get(tail) or _CITIES[tail])
    lowered = text.lower().strip("() .")
    if lowered in _ZONE_WORDS:
        return ZoneInfo(_ZONE_WORDS[lowered])
    if (city := _cities_listed(lowered)) is not None:  # "Bucharest", "Edinburgh, London"
        return city
    if lowered.endswith(" time") and lowered[:-5] in _CITIES:  # "Winnipeg time"
        return ZoneInfo(_CITIES[lowered[:-5]])
    m = _ABBREV_RE.search(text)
    if m:
        return _as_written(m.group(1)) if as_written else ZoneInfo(_ZONES[m.group(1).lower()])
    if m := _REGION_AFTER_CLOCK.search(text):
        return ZoneInfo(_ZONES[m.group(1).lower()])
    if m := _CITY_AFTER_CLOCK.search(text):  # "16:37 Denver"
        return ZoneInfo(_CITIES[m.group(1).lower()])
    return None


def _cities_listed(lowered: str) -> tzinfo | None:
    """The zone its city names ("bucharest", "new york"), or a list of its cities does.

    A scheduling tool's zone picker (PagerDuty's, Windows') names a zone by the cities that
    keep its clocks ("edinburgh, london"); every one of them must be a city (or a zone word)
    and all must keep the same clocks in winter and summer, else the list names no one zone.
    """
    parts = [p.strip() for p in lowered.split(",")]
    if len(parts) == 1:
        return ZoneInfo(_CITIES[lowered]) if lowered in _CITIES else None
    names = [_CITIES.get(p) or _ZONE_WORDS.get(p) for p in parts]
    zones = [ZoneInfo(n) for n in names if n]
    if len(zones) < len(parts):
        return None
    clocks = {
        tuple(datetime(2021, month, 15, 12, tzinfo=z).utcoffset() for month in (1, 7))
        for z in zones
    }
    return zones[0] if len(clocks) == 1 else None


def zone_hint(text: str) -> tzinfo | None:
    """The zone a note such as "(all times in Pacific Time)" or "Time (UTC)" sets, if any."""
    # "時刻 (JST)", "日時 (JST)": a Japanese table's time column names its zone the same way.
    text = re.sub("時刻|日時", " time ", text)
    lowered = text.lower()
    if "time" not in lowered:
        return None
    m = _ZONE_HINT.search(text) or _TIMELINE_ZONE.search(text)
    zone = zone_named(m.group(1)) if m is not None else None
    if zone is None:
        # A zone named in words anywhere in the note, e.g. Pacific Time (US & Canada).
        for words, iana in sorted(_ZONE_WORDS.items(), key=lambda kv: -len(kv[0])):
            if " " in words and words in lowered:
                return ZoneInfo(iana)
        if m := re.search(
            r"\b(?:in|are)\s+([A-Z][a-z]+(?:,? [A-Z][a-z]+)*)\s*\.?\s*\)?\s*$", text.strip()
        ):
            return zone_named(m.group(1))
        # "All events are documented in UTC time", "timestamps in CET below"
        if m := re.search(
            r"\bin\s+\(?((?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{2,5})\b", text
        ):
            return zone_named(m.group(1))
    return zone


#: A date and clock written the Japanese / Chinese way ("2021年11月25日午後3時",
#: "午前10時47分", "14時05分"): rewritten as "2021-11-25 3:00 pm" before the date is read.
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CJK_CLOCK = re.compile(
    # (not a length: "約 33 時間" is 33 hours, not 33 o'clock)
    r"(午前|午後|上午|下午)?\s*(\d{1,2})\s*[時时](?![間间])(?:\s*(\d{1,2})\s*分)?(?:\s*(\d{1,2})\s*秒)?"
)


def _cjk_clock(m: re.Match[str]) -> str:
    hour, minute, second = int(m.group(2)), int(m.group(3) or 0), m.group(4)
    suffix = {"午前": " am", "上午": " am", "午後": " pm", "下午": " pm"}.get(m.group(1) or "", "")
    return f" {hour}:{minute:02d}" + (f":{int(second):02d}" if second else "") + suffix + " "


_MONTHS_ABROAD = vocabulary().months
#: A day's number, then a month named in another language ("14 de Novembro de 2019", "1er
#: mars 2020", "14. März 2020"), its year after it if written.
_FOREIGN_DAY = re.compile(
    r"(?<![\w.])(\d{1,2})(?:\.|º|°|er|o)?\s+(?:de\s+)?("
    + "|".join(re.escape(m) for m in sorted(_MONTHS_ABROAD, key=len, reverse=True))
    + r")(?![\w])(?:,?\s+(?:de\s+)?(\d{4})(?!\d))?",
    re.IGNORECASE,
)


def english_months(text: str) -> str:
    """``text`` with days written in another language's months written in English.

    "Incidente de 14 de Novembro de 2019" -> "Incidente de 14 November 2019".
    """
    return _FOREIGN_DAY.sub(
        lambda m: (
            f"{m.group(1)} {_MONTHS_ABROAD[m.group(2).lower()].capitalize()}"
            + (f" {m.group(3)}" if m.group(3) else "")
        ),
        text,
    )


def western(text: str) -> str:
    """``text`` with its CJK-written dates and clocks in the form the date reader knows.

    Days written with another language's month names are written in English too.
    """
    text = english_months(text)
    if "年" not in text and "時" not in text and "时" not in text:
        return text
    text = _CJK_DATE.sub(
        lambda m: f" {m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d} ", text
    )
    return _CJK_CLOCK.sub(_cjk_clock, text)


#: A kana or CJK ideograph (a Japanese word in a value).
CJK_CHAR = "[\u3040-\u30ff\u3400-\u9fff]"
#: A remark a Japanese writer puts after a value: "※ …" to the end, or brackets holding
#: Japanese words ("2026-04-13 09:45 (JST) ※ 再ビルド完了", "21:27 JST (約 2 時間)",
#: "19:25:56 JST(= 10:25:56 UTC。ユーザが … 報告)"); its numbers are no part of the moment.
_CJK_REMARK = re.compile(
    r"\s*※.*$|\s*[\uff08(][^()\uff08\uff09]*" + CJK_CHAR + r"[^()\uff08\uff09]*(?:[)\uff09]|$)"
)

#: A zone written first in a bracketed remark: "(JST、… ログ)".
_ZONE_OPENS_REMARK = re.compile(r"([(\uff08])\s*([A-Z]{2,5})\s*[\u3001,]\s*")

#: A dash that sets a Japanese gloss on a value apart from it: " — ユーザーが報告" (not the
#: dash of a span of clocks, "23:45 to 23:50 (JST) 頃" written with an en dash).
_CJK_GLOSS = re.compile(r"\s+[\u2014\u2013]\s+(?=[^\d\s~].*" + CJK_CHAR + ")")

#: The same moment restated in another zone in brackets after it: "13:30 (JST) (= 04:30 UTC)",
#: "12:01 EDT (16:01 UTC)". The first is the writer's own; the bracket is its conversion, and
#: read with the first one's day it would be a day off whenever the conversion crosses midnight.
_RESTATED = re.compile(
    r"\s*[(\uff08]\s*=?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?-i:[A-Z]{2,5})\b[^()\uff08\uff09]*[)\uff09]",
    re.IGNORECASE,
)


def _without_restatement(text: str) -> str:
    """``text`` up to a bracketed conversion of its moment, when the moment has its zone."""
    m = _RESTATED.search(text)
    if m is None:
        return text
    head = text[: m.start()]
    zoned = _ABBREV_RE.search(head) or _IANA.search(head) or _OFFSET_RE.search(head)
    if not _HAS_TIME.search(head) or not zoned:
        return text  # "13:30 (04:30 UTC)": the bracket holds the only zone
    # What follows the restatement remarks on the moment ("— FE 修正実装完了"): no part of it.
    return head


_OPENERS, _CLOSERS = "\u300c\u300e\uff08(", "\u300d\u300f\uff09)"


def _nested_remark_cut(text: str) -> str:
    """``text`` without a remark in full-width brackets that holds brackets of its own.

    "17:00 UTC 前後" then a full-width bracket holding "commit 953666412 … https_only(true) …
    (PM-031 の 404) に紛れて発火が累積": the remark runs to its own closing bracket, past the
    ones inside it, and its numbers are no part of the moment.
    """
    opened = text.find("\uff08")
    if opened <= 0 or not _HAS_TIME.search(text[:opened]):
        return text
    depth, closed = 0, len(text)
    for i, ch in enumerate(text[opened:], opened):
        depth += (ch in _OPENERS) - (ch in _CLOSERS)
        if depth == 0:
            closed = i
            break
    if not re.search(CJK_CHAR, text[opened:closed]):
        return text
    return text[:opened] + " " + text[closed + 1 :]


#: A moment, then a remark of several words in brackets: "… (hc job 6 last progress)".
_TRAILING_REMARK = re.compile(r"^(?P<stamp>.+?)\s*\((?P<remark>[^()]*\s[^()]*)\)\s*$")


def _without_remarks(text: str) -> str:
    """``text`` without the Japanese remarks after its moment, and of alternatives the first.

    "一次: 2026-04-18 19:54 JST(restart)/恒久: [[ADR-000773]] の 5 コミット": alternatives set
    apart with a full-width slash; the first that states a moment is the value.
    """
    if (told := _TRAILING_REMARK.match(text)) and not _HAS_TIME.search(told["remark"]):
        # "2026-01-15T04:20:00Z (first observed failing replay-smoke metrics)": words after a
        # whole moment, in brackets, say what it was (a lone zone, "(JST)", is no remark).
        stamp = told["stamp"]
        if re.search(r"\d{4}", stamp) and re.search(r"\d{1,2}:\d{2}", stamp):
            text = stamp
    if not re.search(CJK_CHAR, text):
        return text
    # "01:01 (JST、auth-token-manager の token 再保存ログ)": the zone opens the remark and
    # belongs to the clock.
    text = _ZONE_OPENS_REMARK.sub(r" \2 \1", text)
    text = _nested_remark_cut(_CJK_REMARK.sub(" ", text))
    # "2026-05-24 23:45 (JST) — ユーザーが … load-more を試した最初の確認時刻": after a dash the
    # writer says what the moment was; its words are no part of it (a "load-more" in them
    # would be read as a span).
    if (dash := _CJK_GLOSS.search(text)) is not None and _HAS_TIME.search(text[: dash.start()]):
        text = text[: dash.start()]
    # "2026-07-24 09:55 JST (…)。ただし全貌が判明したのは10:44以降": the sentence the moment is
    # in is the value; the next one ("however, the whole was known after 10:44") remarks on it.
    # A stop in a quotation or brackets ("ユーザーが「Recap が死ぬ。…」と報告") ends no sentence.
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch in _OPENERS) - (ch in _CLOSERS)
        if ch == "\u3002" and depth <= 0:
            if _HAS_TIME.search(text[:i]):
                text = text[:i]
            break
    if "\uff0f" in text:
        text = next(
            (p for p in text.split("\uff0f") if _HAS_DATE.search(p) or _HAS_TIME.search(p)), text
        )
    return text


def states_no_clock(text: str) -> bool:
    """Whether a value gives no clock once its remarks are set aside: a day, not a moment.

    "2026-04-19 前後(… 最大遡及は 2026-04-19 09:37 JST …)": the day is the value; the clock
    in its remark is only the earliest the start could have been.
    """
    return not _CLOCK_IN_VALUE.search(colon_for_dot(_without_remarks(western(text))))


#: A clock anywhere in a value, also joined to its day: "2023-11-15T14:21".
_CLOCK_IN_VALUE = re.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


#: A day written month first without its year, before a clock: "03-26 23:04", "[12-05 16:21]".
_MONTH_DAY_CLOCK = re.compile(r"^[\[(]?\s*(\d{1,2})-(\d{1,2})(?=\s+\d{1,2}:\d{2})")


#: Months as people mistype them ("Feburary 3th, 2023"): dateutil skips a word it does not
#: know and takes the month from elsewhere.
_MONTH_SPELLING = {
    "feburary": "February",
    "febuary": "February",
    "febraury": "February",
    "janurary": "January",
    "januray": "January",
    "agust": "August",
    "septmber": "September",
    "setpember": "September",
    "ocotber": "October",
    "novmber": "November",
    "decmber": "December",
}
_MISSPELT_MONTH = re.compile(r"\b(?:" + "|".join(_MONTH_SPELLING) + r")\b", re.IGNORECASE)


def with_year(text: str, anchor: date | None) -> str:
    """A stamp's "12-05 16:21" (month first, no year) with the year of ``anchor`` put in.

    ``anchor`` is the incident's day; a day more than half a year after it is of the year
    before ("12-05" in a report of an outage on 2019-03-26 is 2018-12-05, when the bug it
    tells of was written). Any other text is returned as it is.
    """
    m = _MONTH_DAY_CLOCK.match(text)
    if m is None or anchor is None:
        return text
    month, day = int(m.group(1)), int(m.group(2))
    try:
        when = date(anchor.year, month, day)
        if when > anchor + timedelta(days=183):
            when = date(anchor.year - 1, month, day)
    except ValueError:
        return text
    return when.isoformat() + text[m.end() :]


#: A day set apart from its clock by a colon, as a label is from its value ("February 15,
#: 2024: 7:56am UTC", "Feb 15: 13:15"): the date reader gives up on the colon.
_DAY_COLON_CLOCK = re.compile(
    r"(\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"(?:,?\s+\d{4})?|\b\d{1,2}/\d{1,2}/\d{2,4}),?:\s+(?=\d{1,2}(?::\d{2}|\s*[ap]\.?m\b))",
    re.IGNORECASE,
)


def _stated_offset(_name: str | None, offset: int | None) -> tzinfo | None:
    """The zone dateutil found written as an offset ("+09:00", "UTC", "Z"), else none.

    dateutil's `tzinfos` hook: a zone *name* it does not know ("HAR", "FE": any capitalised
    word near a clock in fuzzy mode) stays naive, as without the hook, but without its
    UnknownTimezoneWarning, and a name the host happens to use for local time no longer
    makes the moment depend on the machine's zone. Named zones are the parser's own work
    (`zone_named`, on the document's date).
    """
    if offset is None:
        return None
    if offset == 0:
        return UTC
    # An offset of a day or more is a number misread as one ("2025-07-30/31" as UTC-2025):
    # the caller's range check turns its ValueError into "no moment".
    return timezone(timedelta(seconds=offset))


def hhmm_with_colon(text: str) -> str:
    """A time written HHMM ("1900", "0930") with its colon ("19:00"), not read as a year."""
    return re.sub(r"^(\s*)([01]\d|2[0-3])([0-5]\d)(?![\d:/.-])", r"\1\2:\3", text)


def _unglued_zones(text: str) -> str:
    """Zones glued to clocks set apart: "07:00Z" -> "07:00 UTC", "20:13UTC" -> "20:13 UTC".

    A bare clock with the Zulu mark glued on (an operator's notice) is no stamp; a span of
    such clocks ("21:25Z-21:28Z") starts at its first, and its "-21:28" is no offset.
    """
    text = _ZONED_SPAN.sub(r"\1\2", text)
    return _GLUED_ZONE.sub(lambda m: f"{m[1]} {'UTC' if m[2] == 'Z' else m[2]}", text)


#: A span of clocks each with its zone glued on: "21:25Z-21:28Z", "20:13UTC-20:35UTC".
_ZONED_SPAN = re.compile(
    r"(?<![\dT:])(\d{1,2}:\d{2}(?::\d{2})?)(Z|UTC|GMT)\s*[-\u2013\u2014]\s*\d{1,2}:\d{2}(?::\d{2})?\2\b"
)


def colon_for_dot(text: str) -> str:
    """A clock's dot as a colon: British "3.17am", a day's "22.02.2024 10.00" or "kl. 14.30"."""
    text = re.sub(r"(?<![\d.])(\d{1,2})\.([0-5]\d)(?=\s*[ap]\.?m\b)", r"\1:\2", text)
    # (after a dotted day, or Norwegian/Danish "kl." (o'clock): not an amount or a version)
    return re.sub(
        r"(\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\s+(?:kl\.?\s*)?|\bkl\.?\s*)([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])",
        r"\1\2:\3",
        text,
        flags=re.IGNORECASE,
    )


def first_of_failures(
    text: str, zone: tzinfo, day: date | None, *, day_first: bool = False
) -> datetime | None:
    """The earliest start of a value that lists failures apart, each with its own start.

    Failure A's and failure B's starts ("障害 A (Acolyte 502): 2026-04-17 03:57 JST", "障害 B
    (3days Recap 404): 2026-04-14 17:00 UTC") set apart by a full-width slash: the report's
    impact began with the earlier. Parts that name no failure (a first and a lasting fix,
    "一次: …" and "恒久: …") are one failure's steps, read by ``parse_datetime``.
    """
    parts = text.split("\uff0f")
    if len(parts) < 2 or not all(_FAILURE_NAMED.match(p) for p in parts):  # noqa: PLR2004
        return None
    each = [
        parse_datetime(
            _FAILURE_NAMED.sub("", p), default_zone=zone, default_date=day, day_first=day_first
        )
        for p in parts
    ]
    return min(w for w in each if w is not None) if all(each) else None


#: A failure's name before its part of a value: "障害 A (Acolyte 502 再発): ", "Incident B: ".
_FAILURE_NAMED = re.compile(
    r"^\s*(?:\u969c\u5bb3|incident|failure|outage)\s*[A-Z0-9]\b\s*(?:\([^()]*\))?\s*[:\uff1a]\s*",
    re.IGNORECASE,
)


#: A bare clock with a zone glued on: "07:00Z", "20:13UTC".
_GLUED_ZONE = re.compile(r"(?<![\dT:])(\d{1,2}:\d{2}(?::\d{2})?)(Z|UTC|GMT|[A-Z]{1,3}T)\b")


#: A template's compact date with its month and day again: "20240417-04-17 09:10:00".
_DOUBLED_DAY = re.compile(r"\b(\d{4})(0[1-9]|1[0-2])([0-3]\d)-\2-\3\b")


def _slips_mended(text: str) -> str:
    """A value with its writer's slips put right: a misspelt month, a date written twice."""
    text = _MISSPELT_MONTH.sub(lambda m: _MONTH_SPELLING[m.group(0).lower()], text)
    return _DOUBLED_DAY.sub(r"\1-\2-\3", text)


#: The year a day written without one is read in when nothing in the document gives one
#: ("Mar 12 06:16" in a report that names no year): its rows keep their order and lengths,
#: and the parser never reports it as the incident's day.
STAND_IN_YEAR = 2000


def parse_datetime(  # noqa: C901, PLR0911, PLR0912 - zone, date order and fuzz, in one place
    text: str,
    *,
    default_zone: tzinfo,
    default_date: date | None = None,
    day_first: bool = False,
) -> datetime | None:
    """A date-time in UTC from what a person wrote, or ``None`` if there is none.

    A time without a date takes ``default_date``; a value without a zone is read in
    ``default_zone``. Slashed dates are month-first unless ``day_first``; dotted dates
    (``5.3.2026``) are always day-first.
    """
    text = _without_restatement(_without_remarks(western(text))).strip().replace("\u2009", " ")
    if not text or text.lower() in NONE_WORDS or is_placeholder(text):
        return None
    text = _slips_mended(text)
    # "2024-03-12 0616": a 24-hour time without its colon after a full date (not a year)
    text = re.sub(
        r"(\d{4}-\d{1,2}-\d{1,2}[ T]+)([01]\d|2[0-3])([0-5]\d)(?![.\d]|:\d)", r"\1\2:\3", text
    )
    text = with_year(text, default_date)
    # "11th August 2021 at 1.31pm": a British clock's dot
    text = _DAY_COLON_CLOCK.sub(r"\1 ", colon_for_dot(text))
    if _NO_REAL_YEAR.search(text):
        return None  # a program's zero time ("01 Jan 0001") quoted in the text, not a moment
    # An ISO 8601 stamp's offset ("2021-05-29T22:41:00-00:00", "…T09:00:00-05:00") is the
    # zone it was written in, not the end of a range of clocks.
    text = _ISO_OFFSET.sub(r"\1 UTC\2\3:\4", text)
    text = _unglued_zones(text)
    # A range ("13:30-13:45", "~13:30 to 13:45") starts when its first time does.
    text = _CLOCK_RANGE.sub(r"\1", text)
    # "16:05:57-58": a span within a minute, its end written as the seconds alone.
    text = re.sub(r"(\b\d{1,2}:\d{2}:\d{2})-\d{2}(?![\d:])", r"\1", text)
    has_date = bool(_HAS_DATE.search(text))
    if not has_date and not _HAS_TIME.search(text):
        return None
    if len(_HAS_DATE.findall(text)) > 1 and not _HAS_TIME.search(text):
        return None  # "Between 2023-07-10 to 2023-07-16": a span of days, no moment
    if not has_date and default_date is None:
        return None
    zone: tzinfo | None = None
    body = text
    m = _IANA.search(body)
    if m:
        zone = zone_named(m.group(1))
        body = body.replace(m.group(1), " ")
    if zone is None and (m3 := _REGION_AFTER_CLOCK.search(body)):
        # "3:45pm PT", "15:45 ET": the region's clock that day (PT is PST or PDT).
        zone = ZoneInfo(_ZONES[m3.group(1).lower()])
        body = body[: m3.start(1)] + " " + body[m3.end(1) :]
    if zone is None:
        m2 = _ABBREV_RE.search(body)
        if m2:
            zone = zone_named(m2.group(1), as_written=True)
            body = body[: m2.start()] + " " + body[m2.end() :]
        else:
            lowered = body.lower()
            for words, iana in _ZONE_WORDS.items():
                if len(words) > 3 and words in lowered:  # noqa: PLR2004 - whole words only
                    zone = ZoneInfo(iana)
                    body = re.sub(re.escape(words), " ", body, flags=re.IGNORECASE)
                    break
    body = re.sub(r"(\d{1,2})h(\d{2})", r"\1:\2", body)
    # "2023-09-18 15.26", "18th September 2023 15.26": a time written with a dot after a full date
    body = re.sub(
        r"(\d{4}-\d{1,2}-\d{1,2}[ T]+|[A-Za-z],?\s+\d{4}\s+)(\d{1,2})\.(\d{2})(?![.\d])",
        r"\1\2:\3",
        body,
    )
    body = re.sub(
        r"\bat\b|\(|\)|~|\bapprox\.?|\bapproximately\b|\baround\b|\bca\.|\bcirca\b",
        " ",
        body,
        flags=re.IGNORECASE,
    )
    dotted = bool(re.search(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b", body))
    base = datetime.combine(default_date or date(STAND_IN_YEAR, 1, 1), datetime.min.time())
    try:
        parsed = date_parser.parse(
            body,
            default=base,
            dayfirst=day_first or dotted,
            fuzzy=True,
            ignoretz=False,
            tzinfos=_stated_offset,
        )
    except (ValueError, OverflowError):
        return None
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=zone or default_zone)
        elif zone is not None and parsed.utcoffset() == timedelta(0) and zone is not UTC:
            parsed = parsed.replace(tzinfo=zone)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        # A number dateutil took for a zone offset ("2025-07-30/31" read as UTC-2025): no
        # moment, and never the end of the document.
        return None


def amount(word: str) -> float:
    """A number written in digits or words ("7", "seven")."""
    if m := _COMPOUND.fullmatch(word):
        return _WORD_AMOUNTS[m.group(1).lower()] + _WORD_AMOUNTS[m.group(2).lower()]
    number = _WORD_AMOUNTS.get(word.lower())
    return number if number is not None else float(word.replace(",", "."))


#: A web address, written bare or in a Markdown link's brackets.
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s()<>\[\]]+", re.IGNORECASE)

#: Between two lengths, a list's separator and words naming what the next one measures.
_OTHER_LENGTH = re.compile(r"[,;/、\uff0c\uff1b\uff0f]\s*[^\W\d]{2,}", re.UNICODE)
#: A sentence's end: "。", or a full stop and a space before a capital ("approx. 5" and
#: "1.5 hours" go on).
_SENTENCE_END = re.compile(r"[。\uff0e]|\.\s+(?=[A-Z])")


#: The low end of a range written before a length's number: "1 - 1.5 hours", "2 to 3 days".
_RANGE_BEFORE = re.compile(r"(?<![\d.:/])\d+(?:[.,]\d+)?\s*(?:-|\u2013|to)\s*$", re.IGNORECASE)


_FRACTION_HALF = re.compile(r"(?<![\d/.])(?:(\d+)\s*)?(?:(?<!\d)1/2|½)(?![\d/])")


def parse_duration(text: str, *, clock: bool = False) -> timedelta | None:  # noqa: PLR0911
    """A duration such as "8 minutes", "2h28m", "an hour", "1.5 hrs" (``None`` if none).

    With ``clock``, a value labelled as a duration may also be written as a clock
    ("1:37" = 1 h 37 min), as some incident logs do.
    """
    if is_placeholder(text):
        return None
    # "CloudFlare is down: https://www.cloudflarestatus.com/incidents/8gmgl950y3h7": a link's
    # path is an identifier, and its "3h" no length.
    text = _LINK.sub(" ", text)
    if clock and (m := _CLOCK_DURATION.match(text)):
        return timedelta(
            hours=int(m.group(1)), minutes=int(m.group(2)), seconds=int(m.group(3) or 0)
        )
    # "7 and a half hours", "seven and a half hours": the half belongs to the number.
    text = _HALF_AFTER.sub(lambda m: f"{amount(m.group(1)) + 0.5:g} ", text)
    # "after 1 1/2 hour of downtime", "2½ hours": a vulgar fraction's half.
    text = _FRACTION_HALF.sub(lambda m: f"{int(m.group(1) or 0) + 0.5:g}", text)
    text = _CJK_REMARK.sub(" ", text) if re.search(CJK_CHAR, text) else text
    parts = list(_DURATION_PART.finditer(text))
    if not parts:
        return None
    # "実質23日間。…に限れば14日間": a length in a later sentence narrows or adds to the
    # story, and is no part of the one the first states (not 37 days).
    # "潜伏期間としては実質6日間": a length named a latent period is no length of the impact.
    latent = vocabulary().latent
    parts = [
        m
        for i, m in enumerate(parts)
        if not latent.search(text[parts[i - 1].end() if i else 0 : m.start()])
    ]
    if not parts:
        return None
    first = parts[0]
    if _RANGE_BEFORE.search(text[: first.start()]):
        # "duration: 1 - 1.5 hours", "2 to 3 hours": a range states no one length.
        return None
    parts = [
        m for m in parts if m is first or not _SENTENCE_END.search(text[first.end() : m.start()])
    ]
    if any(_OTHER_LENGTH.search(text[a.end() : b.start()]) for a, b in itertools.pairwise(parts)):
        # "ラテント 3h25m、ユーザ体感 29 分",
        # "書き込み不能: 約23分/完全なデータ再構築まで: 約9時間":
        # lengths of different things, listed; none of them is the whole (nor their sum).
        return None
    seconds = 0.0
    for m in parts:
        value, unit = amount(m.group(1)), m.group(2)
        if re.match(r"\s+and\s+a\s+half\b", text[m.end() :], re.IGNORECASE):
            value += 0.5  # "an hour and a half"
        seconds += value * _UNIT_SECONDS[unit[0].lower()]
    return timedelta(seconds=round(seconds))


def is_placeholder(text: str) -> bool:
    """Whether a value is template text never filled in ("HH:mm", "YYYY-MM-DD", "--:--").

    A clock written only in part ("06:2xZ", "14:4x", "16:xx") is no time either: the writer
    did not know the minute.
    """
    return bool(vocabulary().placeholder_times.search(text) or _PARTIAL_CLOCK.search(text))


#: A clock whose minute is written in part: "~2026-02-17 06:2xZ", "14:4x", "16:xx".
_PARTIAL_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:(?:\d[x?]|[x?]\d|[x?]{2})(?![0-9])", re.IGNORECASE)


def is_placeholder_text(text: str) -> bool:
    """Whether a row's text is a template's sample ("Short event description.")."""
    bare = re.sub(r"[^a-z ]+", " ", text.lower())
    return " ".join(bare.split()) in vocabulary().placeholder_texts


def looks_absolute(text: str) -> bool:
    """Whether a value holds a date or a clock time (rather than only a duration)."""
    text = western(text)
    return bool(_HAS_DATE.search(text) or _HAS_TIME.search(text))


def parse_count(text: str) -> int | None:
    """The first count in a text: "1,234", "~1.2k", "about 3 400 customers"."""
    cleaned = text.strip().lower()
    if not cleaned or cleaned in NONE_WORDS:
        return None
    if cleaned in ("no", "zero", "nobody", "no customers"):
        return 0
    m = _NUMBER.search(text)
    if m is None:
        return None
    number = float(re.sub(r"[,\u202f ]", "", m.group(1)))
    suffix = (m.group(2) or "").lower()
    if suffix == "k":
        number *= 1000
    elif suffix == "m":
        number *= 1_000_000
    return round(number)


_SEV_NUMBER = re.compile(r"\b(?:sev(?:erity)?|s|p|priority)\s*[-_ ]?\s*([0-5])\b", re.IGNORECASE)
_SEV_WORDS = {
    "critical": "SEV1",
    "major": "SEV2",
    "high": "SEV2",
    "moderate": "SEV3",
    "medium": "SEV3",
    "minor": "SEV3",
    "low": "SEV4",
}


def parse_severity(text: str) -> str | None:
    """``SEV<n>`` from "SEV-1", "Sev 2", "S3", "P1", "2", "Critical" (``None`` if none)."""
    m = _SEV_NUMBER.search(text)
    if m:
        return f"SEV{m.group(1)}"
    bare = text.strip().strip(".")
    if bare.isdigit() and len(bare) == 1:
        return f"SEV{bare}"
    lowered = text.lower()
    for word, sev in _SEV_WORDS.items():
        if re.search(rf"\b{word}\b", lowered):
            return sev
    return None


_NAME_SPLIT = re.compile(r",|;|\s+and\s+|\s*&\s*|\s+/\s+")


def parse_names(text: str) -> list[str]:
    """People named in a text: "Ada Chen (SRE), Ben Xu and @carmen" -> three names."""
    text = re.sub(r"\([^)]*\)|<[^>]*>|\S+@\S+\.\w+", " ", text)
    names = []
    for part in _NAME_SPLIT.split(text):
        name = part.strip().lstrip("@").strip(" .:-")
        if name and name.lower() not in NONE_WORDS:
            names.append(" ".join(name.split()))
    return names


_STATUS_WORDS = (
    ("in_review", ("in review", "review", "reviewing", "under review")),
    ("final", ("final", "complete", "completed", "published", "closed", "done", "approved")),
    ("draft", ("draft", "wip", "in progress", "work in progress")),
)


def parse_status(text: str) -> str | None:
    """A postmortem's status: ``draft``, ``in_review`` or ``final`` (else the text)."""
    lowered = text.strip().lower()
    if not lowered:
        return None
    for status, words in _STATUS_WORDS:
        if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words):
            return status
    return lowered


_ITEM_STATUS = (
    ("done", ("done", "complete", "completed", "closed", "fixed", "resolved", "[x]", "☑", "✅")),
    ("in progress", ("in progress", "in-progress", "ongoing", "started", "wip")),
    ("open", ("open", "todo", "to do", "not started", "[ ]", "☐", "planned", "backlog")),
)


def parse_item_status(text: str) -> str | None:
    """An action item's status: ``open``, ``in progress`` or ``done``."""
    lowered = text.strip().lower()
    for status, words in _ITEM_STATUS:
        for w in words:
            if w.isalpha() or " " in w or "-" in w:
                if re.search(rf"\b{re.escape(w)}\b", lowered):
                    return status
            elif w in lowered:
                return status
    return None
