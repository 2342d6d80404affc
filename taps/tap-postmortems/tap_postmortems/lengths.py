"""Lengths a document states: time to detect, to recover, and the impact's window.

"Time to Detect: 8 min", "we detected the problem after 8 minutes", "for about 20
minutes", "between 14:02 and 14:40 UTC": read from labels and sentences, so a length can
anchor a moment no row gives, or be checked against the times the rows give.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.clocks import HAS_CLOCK, MONTH_NAME, WEEKDAY_BEFORE
from tap_postmortems.fields import STATED_DURATIONS
from tap_postmortems.reader import LOG_DAY, body_lines, impact_lines, reflowed
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


#: A unit of a length stated in prose.
_UNIT = r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\b"
#: Durations stated in prose: "we detected the problem after 8 minutes", "recovered within 1h".
_PROSE_SPANS = {
    "time_to_detect": re.compile(
        r"\b(?:detected|noticed|alerted|paged)\b[^.;]{0,40}?\b(?:after|within|in)\s+"
        r"(?P<span>(?:(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*[a-z]+\s*)+)"
        # "Human detection after six hours. No automated alerts." (the noun, "after" at once:
        # not "detection to resolution in ~12 minutes")
        r"|\bdetection\s+(?:(?:came|happened|occurred|was)\s+)?(?:only\s+)?after\s+"
        r"(?P<noun>(?:(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*[a-z]+\s*)+)"
        # "the incident was noticed at the 6 hour mark"
        r"|\b(?:noticed|detected|discovered|spotted|caught)\s+at\s+the\s+"
        r"(?P<mark>\d+(?:\.\d+)?[\s-]*(?:hours?|minutes?))[\s-]mark\b"
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
        # "I was paged 1 minute after we started encountering errors", "We were paged by
        # icinga, roughly 40 mins after the behavior started"
        r"|\b(?:paged|alerted|notified)\s+(?:by\s+[\w.-]+(?:\s+[\w.-]+)?\s*,?\s+)?"
        r"(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?(?P<paged>(?:\d+(?:\.\d+)?|"
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
        # "both instances took up to 45minutes until the runtime error was noticed"
        r"|\btook\s+(?:us\s+)?(?:up\s+to\s+|about\s+|approximately\s+|~\s*)?(?P<took_until>"
        r"(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*(?:minutes?|mins?|hours?|hrs?|days?))"
        r"\s+(?:until|before)\b[^.;]{0,60}?\b(?:noticed|detected|discovered|spotted)\b"
        r"|\bdetection\s+took\s+(?:about\s+|approximately\s+|~\s*)?(?P<detection>(?:(?:\d+(?:\.\d+)?|"
        + values.NUMBER_WORDS
        + r")\s*[a-z]+\s*(?:and\s+)?)+)"
        # The team starting work a while after the impact: "Analysis started roughly 30m later"
        r"|\b(?:analysis|investigation|triage|response)\s+(?:started|began)\s+"
        r"(?:about\s+|approximately\s+|roughly\s+|around\s+|~\s*)?"
        r"(?P<later>(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|m|hours?|hrs?|h))\s+later\b"
        # "The incident was detected 4 minutes after it began"; the detection as the subject:
        # "The detection of the issue happened two days after it started"
        # A monitor as the subject: "Grafana alerted us with the information about the issue
        # about 3 hours after it first happened".
        r"|\b(?:detected|noticed|spotted|alerted|paged|detection\b[^.;]{0,30}?\b(?:happened|came|"
        r"occurred|took\s+place))\b[^.;]{0,60}?\s(?:about\s+|approximately\s+|around\s+|"
        r"roughly\s+|~\s*)?"
        r"(?P<from_start>"
        r"(?:\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")\s*"
        r"(?:minutes?|mins?|hours?|hrs?|seconds?|days?|weeks?))"
        r"\s+after\s+(?:it|the\s+(?:incident|outage|issue|problem|impact|error))\s+(?:first\s+)?"
        r"(?:began|started|begun|happened|occurred)"
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
        r"(?:faulty|bad|malicious|broken|buggy|offending)\s+\w+|breaking\s+change|change|code)\s+"
        r"(?:was\s+)?(?:shipped|deployed|"
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
        # A recovery told in two steps, the second's length counted from the first: "Power was
        # restored to the transmission system within 30 minutes and within another 11 minutes
        # … normal power was restored in all areas" (41 minutes)
        r"\brestored\b[^.;]{0,60}?\bwithin\s+(?P<summed>\d+\s*(?:minutes?|hours?)\s+and\s+"
        r"within\s+(?:another|a\s+further)\s+\d+\s*(?:minutes?|hours?))\b[^.;]{0,120}?"
        r"\b(?:restored|recovered|back)\b"
        r"|\b(?:recover(?:ed|s)?|restored|mitigated|resolved|fixed|(?:fully\s+)?operational|"
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
        r"\s*(?:and\s+|,\s*)?)+?)\s*(?:after|later)\b"
        # The incident as the subject, wherever the sentence stands (a Recovery section's
        # "The incident lasted overall around 26 minutes")
        r"|\bthe\s+(?:whole\s+|entire\s+)?(?:incident|outage|downtime|disruption)\s+"
        r"(?:lasted|persisted)\s+(?:(?:overall|in\s+total|about|approximately|around|roughly|"
        r"nearly|almost|~)\s*){0,2}(?P<lasted>(?:(?:\d+(?:\.\d+)?|\ban?|"
        + values.NUMBER_WORDS
        + r")\s*"
        + _UNIT
        + r"\s*(?:and\s+|,\s*)?)+)",
        re.IGNORECASE,
    ),
}


#: A length in brackets after an impact window: "(約 2 時間)", "(2 hours)", "(~45 min)"; a
#: remark may follow it in the brackets: "(約 4 日間、潜在的にはそれ以前から)" ("about 4
#: days, latent before that"; the brackets full-width as written).
BRACKETED_LENGTH = re.compile(
    r"[(\uff08]\s*((?:about|approx\.?|approximately|around|~|\u7d04)?\s*"
    r"\d+(?:\.\d+)?\s*[^\d\s(),;\u3001\uff0c\uff08\uff09]{1,8}"
    r"(?:\s*\d+\s*[^\d\s(),;\u3001\uff0c\uff08\uff09]{1,8})?)"
    r"\s*(?:[,;\u3001\uff0c][^()\uff08\uff09]*)?[)\uff09]",
    re.IGNORECASE,
)
#: A length that opens an impact window's value, the window after it in brackets:
#: "約 65 時間 (2026-05-06 07:56 〜 2026-05-09 01:01 JST)".
_OPENING_LENGTH = re.compile(
    r"^\s*(?:about|approx\.?|approximately|around|~|\u7d04)?\s*\d+(?:\.\d+)?\s*"
    r"[^\d\s(),;\u3001\uff0c\uff08\uff09]{1,8}(?:\s*\d+\s*[^\d\s(),;\u3001\uff0c\uff08\uff09]{1,8})?"
    r"(?=\s*[(\uff08])",
    re.IGNORECASE,
)


def agreeing_length(
    reader: Reader, field_name: str, minutes: float, measured: float
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
            for line in reflowed(block.lines())
            if (n := _impact_length(line)) is not None
        ]
    if not any(round(n, 2) == round(minutes, 2) for n in lengths):
        return None
    # A length written round ("roughly 10.5 hours" beside 637 minutes by the clocks) agrees
    # within its rounding: a twentieth of it, a minute at least.
    near = [n for n in lengths if abs(n - measured) <= max(1, n / _ROUNDING)]
    return min(near, key=lambda n: abs(n - measured), default=None)


#: A length stated round agrees with the clocks within this part of itself (1/20).
_ROUNDING = 20


def stated_durations(
    reader: Reader, relative: dict[str, timedelta], warnings: list[str]
) -> dict[str, float | None]:
    """``stated_minutes_to_*``: durations the document states ("Time to detection: 8 min")."""
    out: dict[str, float | None] = {}
    for field_name, (label_key, moment) in STATED_DURATIONS.items():
        span = relative.pop(moment, None) if moment else None
        text = _from_the_start(reader, label_key)
        if text is None and label_key == "time_to_recover":
            text = next(
                (
                    v
                    for label, v, _ in reader.labels
                    if _DOWN_LABEL.search(label) and values.parse_duration(v) is not None
                ),
                None,
            )
        if span is None and text is None and label_key == "time_to_recover":
            text = _window_opening_length(reader)
        if span is None and text is None and label_key in _PROSE_SPANS:
            text = reader.prose(_PROSE_SPANS[label_key])
        if span is None and text is None and label_key == "time_to_detect":
            # A Detection section that says how long the problem was there until someone
            # ran into it ("The problem was around for roughly 16 hours when the faulty
            # webhook was added until there was an attempt to access the dashboard").
            m = _UNTIL_FOUND.search(reader.section_text("detection") or "")
            text = m.group("span") if m else None
        if span is None and text is not None:
            span = _read_length(text, label_key)
            if span is None and not values.is_placeholder(text):
                if text.strip().lower() not in ("n/a", "none", "-", "—", "unknown", "tbd"):
                    warnings.append(f"{field_name}: could not read {text!r} as a duration")
            elif span is None:
                warnings.append(f"{field_name}: {text!r} is template text, not a duration")
        out[field_name] = round(span.total_seconds() / 60, 2) if span is not None else None
    return out


#: The window a length's value brackets, by its opening clock and the words after it:
#: "≈ 1h 26m (20:03 → 21:29 …)", "≈ 1h 25m (20:03 検知 → 21:28 …)".
_WINDOW_OPENS = re.compile(
    r"[(\uff08]\s*(?P<clock>\d{1,2}:\d{2})\s*(?P<words>[^\d→〜~]{0,20}?)\s*(?:→|->|〜|~)"
)
#: The clock a window ends on: "(13:11 発生 → 20:03 ユーザー報告)" ends on 20:03.
_WINDOW_ENDS = re.compile(r"(?:→|->|〜|~)\s*(?P<clock>\d{1,2}:\d{2})")
_DETECTION_WORD = re.compile(r"検知|検出|報告|detect|alert|report", re.IGNORECASE)


def _from_the_start(reader: Reader, label_key: str) -> str | None:
    """The label's value; for a recovery length's, not one whose window runs from detection.

    "Time to Repair (TTR): ≈ 1h 26m (20:03 → 21:29 …)" beside "Time to Detect (TTD): ≈ 6h
    50m (13:11 発生 → 20:03 ユーザー報告)" opens where the detection's window ends: it is
    the repair after detection, no time to recover (corpus rule 5 measures from the start),
    and so is a window opening on a detection word ("(20:03 検知 → 21:28 …)"). The next label
    for the length whose window does not ("影響時間 | 約 7 時間 17 分") is read instead.
    """
    text = reader.label(label_key)
    if text is not None and label_key == "time_to_detect":
        return _longest_of_parts(reader, label_key, text)
    if text is None or label_key != "time_to_recover":
        return text
    detected = reader.label("time_to_detect") or ""
    ends = {m["clock"] for m in _WINDOW_ENDS.finditer(detected)}

    def from_detection(value: str) -> bool:
        m = _WINDOW_OPENS.search(value)
        return m is not None and (m["clock"] in ends or bool(_DETECTION_WORD.search(m["words"])))

    if not from_detection(text):
        return text
    for alias in reader.options.aliases.get("time_to_recover", []):
        for label, value, _ in reader.labels:
            if label == alias and not from_detection(value):
                return value.strip()
    return None


def _longest_of_parts(reader: Reader, label_key: str, text: str) -> str:
    """Of a length stated once per part of the incident, listed together, the longest.

    "TTD (障害 A): 5 時間 14 分" and "TTD (障害 B): 2 日 16 時間 30 分" in one list: each
    failure's time until the same report; the incident's runs from its earliest start, so
    it is the longest. A label stated once (or in another block) is read as it is.
    """
    block = next((b for label, value, b in reader.labels if value.strip() == text), None)
    if block is None:
        return text
    aliases = reader.options.aliases.get(label_key, [])
    parts = [
        (span, value.strip())
        for label, value, b in reader.labels
        if b is block and label in aliases
        if (span := values.parse_duration(value, clock=True)) is not None
    ]
    return max(parts)[1] if len(parts) > 1 else text


def _read_length(text: str, label_key: str) -> timedelta | None:
    """The length a label's value (or a sentence's span) states.

    A time to detect that opens "即座" or "immediately" ("検知までの時間 (TTD): 即座 (テスト実行
    直後)", "Time to detect: immediately (the alert fired at once)") is 0 minutes.
    """
    if label_key == "time_to_detect" and _AT_ONCE.match(text):
        return timedelta(0)
    return values.parse_duration(text, clock=True) or _listed_length(text)


#: A time to detect stated as no time at all: "即座", "immediately" opening the value.
_AT_ONCE = re.compile(
    r"^\W*(?:即座|即時|直ちに|immediately|instantly|at\s+once|right\s+away)(?![a-z])", re.IGNORECASE
)


def _listed_length(text: str) -> timedelta | None:
    """The labelled length in a value that lists lengths of several things, if one is it.

    Read part by part (the list's ``、`` / ``,`` / ``;`` / ``/``):

    - a chain of lengths, each from where the last ended: "顕在化 (1 回目失敗) から指摘まで
      10 分、指摘から root cause 特定まで 20 分" ("from the first failure to the report 10
      min, from the report to the root cause 20 min") states the time to detect as its first
      link, which runs from the impact; the next ones are later phases;
    - parts that each run from another moment to the same end: "失効到達から約 7 時間 4 分、
      ユーザー可視の影響開始から約 1 時間 24 分" ("from the expiry about 7 h 4 min, from the
      user-visible impact about 1 h 24 min") states the longest, the one from the earliest
      moment, the impact's start;
    - parts named by what they measure, of which one names an outage: "書き込み不能: 約23分
      (02:33-02:56 JST) / 完全なデータ再構築まで: 約9時間弱" ("writes impossible: about 23
      min / until the data is fully rebuilt: about 9 hours") states the outage's length, the
      other is the repair of the data afterwards. Parts none of which names an outage
      ("ラテント 3h25m、ユーザ体感 29 分": latent, then as users felt it) state none.
    """
    parts = [p for p in _LIST_SEPARATOR.split(text) if values.parse_duration(p) is not None]
    if len(parts) < 2:  # noqa: PLR2004 - a list has two parts at least
        return None
    ends = _CHAIN_END.search(parts[0])
    if ends is not None:
        end = re.escape(ends.group("end") or ends.group("end_en"))
        if re.match(
            r"\s*(?:" + end + r"\s*から|from\s+(?:the\s+)?" + end + r"\b)", parts[1], re.IGNORECASE
        ):
            return values.parse_duration(parts[0])
    if all(_FROM_ONLY.search(p) for p in parts):
        return max(span for p in parts if (span := values.parse_duration(p)) is not None)
    named = [p for p in parts if _outage_part(_FIRST_DIGIT.split(p, maxsplit=1)[0])]
    return values.parse_duration(named[0]) if len(named) == 1 else None


def _outage_part(name: str) -> bool:
    """Whether a part's name says the service was out ("書き込み不能", "API down")."""
    words = "|".join(vocabulary().impaired)
    return bool(
        re.search(r"(?:" + words + r"|\bdown\b|\boffline\b|\bunavailable\b)", name, re.IGNORECASE)
    )


def _window_opening_length(reader: Reader) -> str | None:
    """The length that opens the impact window's label: "影響期間 | 約 65 時間 (… 〜 …)".

    None when the value calls the window a latent period ("約 4 週間 (… 〜 …) — 実際に
    ユーザーが触ったときに発火する潜伏期間": the defect lay there, firing only when touched):
    the fault's age is no length of the impact.
    """
    window = reader.label("impact_window") or ""
    if vocabulary().latent.search(window):
        return None
    opening = _OPENING_LENGTH.match(window)
    return opening[0] if opening and values.parse_duration(opening[0]) else None


#: Where a list of lengths separates its parts.
_LIST_SEPARATOR = re.compile(r"[,;/\u3001\uff0c\uff1b\uff0f]")
_FIRST_DIGIT = re.compile(r"\d")
#: A part that names where its length runs from and not where to: "失効到達から約 7 時間 4 分".
_FROM_ONLY = re.compile(r"^\D+から\s*(?:約|およそ)?\s*\d")
#: The end a length runs to: "… から指摘まで 10 分", "from the start to the page: 5 min".
_CHAIN_END = re.compile(r"(?:から\s*(?P<end>[^\s、,]+?)\s*まで|\bto\s+(?:the\s+)?(?P<end_en>\w+))")


#: How long a problem was there until it was met, as a Detection section says it.
_UNTIL_FOUND = re.compile(
    r"\bfor\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|~\s*)?"
    r"(?P<span>(?:\d+(?:\.\d+)?|\ban?|" + values.NUMBER_WORDS + r")\s*"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?))\b[^.;]{0,120}?\buntil\b",
    re.IGNORECASE,
)


_QUALIFIER = (
    r"(?:(?:overall|in total|about|approximately|approx\.?|around|round\s?about|roughly|nearly|"
    r"almost|some|~|"
    # "down for just under 7 hours": the round figure ("just over" stays unread: a reader
    # takes the timeline's exact window over it)
    r"(?:just|a little|slightly)\s+under|"
    # "without 9-1-1 service for up to six hours": the bound its writer gives the whole outage
    r"up\s+to)\s*)"
    r"{0,2}"
)
_SPAN = (
    r"(?P<span>(?:(?:\d+(?:[.,]\d+)?|\b(?:an?|" + values.NUMBER_WORDS + r"))"
    # "1 1/2 hour of downtime", "2½ hours"
    r"(?:\s+and\s+a\s+half|\s*\u00bd|\s+1/2)?[\s-]*"
    # (a short blip in seconds too: "served HTTP 5xx for 101 seconds")
    r"(?:days?|d|hours?|hrs?|hr|h|minutes?|mins?|min|m|seconds?|secs?)(?![a-z])(?:\s+and\s+a\s+half)?"
    r"(?:\s*(?:and|,)\s*|\s+)?)+)"
)
#: Prose that states how long impact lasted: "For about 35 minutes, …", "lasted 2 hours".
_IMPACT_SPANS = (
    re.compile(
        # "impacted by this during roughly 10.5 hours": "during" a length, as "for" it; "8000
        # exceptions … thrown over the course of approx. half an hour" too
        r"\b(?:for|during|lasted|lasting|lasted for|lasting for|outage of|downtime of|down for|"
        r"over the course of)\s+" + _QUALIFIER + _SPAN,
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
    # Norwegian: "Saksbehandling … stoppet opp i halvannen time" (for an hour and a half),
    # "var nede i ca. 2 timer" (down for about 2 hours).
    re.compile(
        r"\b(?:stoppet(?:\s+opp)?|nede|utilgjengelig|borte|ute\s+av\s+drift)\s+i\s+"
        r"(?:ca\.?\s+|omtrent\s+|nesten\s+|rundt\s+|cirka\s+)?"
        r"(?P<span>(?:\d+(?:[.,]\d+)?|en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|halvannen)\s+"
        r"(?:timer|time|minutter|minutt|døgn|dager|dag))\b",
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
    # "a total duration of 2 hours and 13 minutes", "for a period of 45 minutes", "for a
    # total outage time window of about 20 minutes"
    re.compile(
        r"\b(?:total\s+)?(?:(?:outage|downtime|impact)\s+)?(?:time\s+)?"
        # ("unavailable for the duration of up to one hour": the writer's round bound)
        r"(?:duration|period|length|window)\s+of\s+(?:up\s+to\s+)?" + _QUALIFIER + _SPAN,
        re.IGNORECASE,
    ),
    # "calls … did not get through during a six-hour period beginning just before midnight"
    re.compile(
        r"\b(?:during|for|over)\s+an?\s+" + _QUALIFIER + _SPAN + r"[\s-]*period\b", re.IGNORECASE
    ),
    # "We lost at max ~15000 requests/s in a 7min window"; "Total time the issue is presumed
    # to have existed is 21 hours"
    re.compile(r"\bin\s+an?\s+" + _QUALIFIER + _SPAN + r"[\s-]*window\b", re.IGNORECASE),
    re.compile(
        r"\btotal\s+time\s+(?:the\s+)?(?:issue|problem|outage|impact|incident)\b[^.;]{0,50}?"
        r"\b(?:is|was)\s+" + _QUALIFIER + _SPAN,
        re.IGNORECASE,
    ),
    # A failure that lasted until its fix, timed from its start: "causing failures ranging
    # up to 100%, until the cache stampede was fixed 7 hours later".
    re.compile(
        r"\buntil\b[^.;]{0,80}?\b(?:was|were|got|had\s+been)\s+(?:fixed|resolved|restored|"
        r"mitigated|repaired)\s+" + _QUALIFIER + _SPAN + r"\s*later\b",
        re.IGNORECASE,
    ),
    # Minutes written with a prime: "requests dropped from 138K rps to 120K rps for 20'".
    re.compile(r"\bfor\s+" + _QUALIFIER + r"(?P<span>\d{1,3}['\u2032])(?![\w'])", re.IGNORECASE),
    # A satellite's or a system's time in a degraded mode: "The weather satellite spent
    # approximately 19 hours in a "safe hold" before returning to operations".
    re.compile(
        r"\bspent\s+" + _QUALIFIER + _SPAN + r"\s+in\s+(?:an?\s+)?[\"\u201c]?(?:safe[\s-]?hold|"
        r"safe\s+mode|safehold|outage|downtime|read-only\s+mode|maintenance\s+mode)\b",
        re.IGNORECASE,
    ),
    # A release that went out late: "this resulted in a delay of approximately 15 minutes to
    # the publication of the statistics" (its users waited that long).
    re.compile(
        r"\ba\s+delay\s+of\s+" + _QUALIFIER + _SPAN + r"\s+(?:to|in)\s+(?:the\s+)?"
        r"(?:publication|release|publishing)\b",
        re.IGNORECASE,
    ),
    # The same told of the release itself: "the time series data, was delayed by 13
    # minutes", "The delay was approximately 3 minutes", "the scheduled release to go live 3
    # minutes late", "releasing this publication late by 1-hour"
    re.compile(
        r"\b(?:(?:was|were)\s+delayed\s+by|the\s+delay\s+was|late\s+by)\s+" + _QUALIFIER + _SPAN,
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:go|went|gone|published|released)\s+(?:live\s+)?" + _QUALIFIER + _SPAN + r"\s*late\b",
        re.IGNORECASE,
    ),
)


#: What every pattern of _IMPACT_SPANS holds: a length (_SPAN, a Norwegian one or minutes
#: with a prime). A line without one states no length, and one search tells it (thirteen
#: patterns that may match anywhere cost a parse of the corpus most of its prose time).
_ANY_SPAN = re.compile(
    _SPAN + r"|(?:\d+(?:[.,]\d+)?|en|ett|to|tre|fire|fem|seks|sju|syv|åtte|ni|ti|halvannen)\s+"
    r"(?:timer|time|minutter|minutt|døgn|dager|dag)\b|\d{1,3}['\u2032]",
    re.IGNORECASE,
)


def _in_phases(line: str) -> bool:
    """Whether the line tells the impact's length phase by phase, not as a whole.

    "the blockchain stopped creating blocks … for approximately 45 minutes, and then advanced
    very slowly for the next 3 hours until the hotfix was released": 45 minutes is the first
    phase, and a writer who counts phases states no total (a later "slower than normal for a
    day" is an after-effect).
    """
    if not _ANY_SPAN.search(line):
        return False
    return any(_NEXT_PHASE.match(line[m.end() :]) for p in _IMPACT_SPANS for m in p.finditer(line))


def _impact_length(line: str) -> float | None:
    """How long the impact lasted, in minutes, if the line states it ("lasted 2 hours")."""
    line = _EMPHASIS.sub("", line)  # "affected for around **7 hours**"
    return _stated_impact(line) if _ANY_SPAN.search(line) else None


def _stated_impact(line: str) -> float | None:
    """The first impact length ``line`` states (see ``_impact_length``), in minutes."""
    for pattern in _IMPACT_SPANS:
        m = pattern.search(line)
        if m is None or _UNNOTICED.search(line[: m.start() + 1]):
            continue  # "went undetected for three hours": how long until detection
        if vocabulary().forecast.search(line[: m.start()]):
            continue  # "Expect a 4-5 minutes outage": foreseen, not how long it lasted
        if _IDLE.search(line[: m.start()]):
            continue  # "the 150 agents that have been idling for 20 hours": no impact
        if _KEPT.search(line[: m.start()]):
            continue  # "retains the data for up to 60 days": how long data is kept
        if _VAGUE.match(line[m.end() :]):
            continue  # "for a minute or two": an aside, not the impact's length
        if _EXCLAIMED.match(line[m.end() :]):
            continue  # "Why, for fifty-three days I've put up with it!": a cry, not a measure
        if (
            _IN_SECONDS.search(m.group("span")) or m.group(0).lower().startswith("over the course")
        ) and not _FAILING.search(line[: m.start()][-60:]):
            # "the peer … would get banned for 10 seconds": a blip that hurt no one; "throughput
            # jumped … over the course of 15 minutes": a ramp, no failure
            continue
        if span := values.parse_duration(_in_english(m.group("span"))):
            return span.total_seconds() / 60
    return None


#: A Norwegian length's words in English, for the duration reader: "halvannen time" is
#: "1.5 hours", "to timer" "2 hours".
_NORWEGIAN_UNITS = {
    "timer": "hours", "time": "hours", "minutter": "minutes", "minutt": "minutes",
    "døgn": "days", "dager": "days", "dag": "days",
}  # fmt: skip
_NORWEGIAN_AMOUNTS = {
    "halvannen": "1.5", "en": "1", "ett": "1", "to": "2", "tre": "3", "fire": "4", "fem": "5",
    "seks": "6", "sju": "7", "syv": "7", "åtte": "8", "ni": "9", "ti": "10",
}  # fmt: skip


def _in_english(span: str) -> str:
    """A length in Norwegian units (or minutes marked with a prime) in English; any other as is.

    ("time" is only read as Norwegian with a Norwegian unit's amount before it: the span comes
    from the Norwegian pattern alone.)
    """
    if span[-1:] in "'\u2032":
        return f"{span[:-1]} minutes"  # "20'": a prime marks minutes
    words = span.split()
    if not any(w.lower() in _NORWEGIAN_UNITS for w in words):
        return span
    table = _NORWEGIAN_UNITS | _NORWEGIAN_AMOUNTS
    return " ".join(table.get(w.lower(), w) for w in words)


#: A length in seconds ("for 101 seconds") is the impact's only when the words before it say
#: what failed that long ("Mediawiki servers served HTTP 5xx for 101 seconds").
_IN_SECONDS = re.compile(r"\b(?:seconds?|secs?)\b", re.IGNORECASE)
_FAILING = re.compile(
    r"\b(?:5xx|errors?|exceptions?|fatals?|down|unavailable|unreachable|offline|outage|failed|"
    r"failing)\b[^.;]*$",
    re.IGNORECASE,
)
#: Markdown's strong emphasis around words ("**7 hours**"), which the span patterns read through.
_EMPHASIS = re.compile(r"\*\*(?=\S)|(?<=\S)\*\*")
_EXCLAIMED = re.compile(r"[^.?!]*!")
#: Resources left idle that long ("Restarted to … delete the more than 150 agents that have
#: been idling for 20 hours"): how long they sat unused, no length of the impact.
_IDLE = re.compile(r"\b(?:idl(?:e|ed|ing)|unused|untouched)\s*$", re.IGNORECASE)
#: Data kept for a while: "Honeycomb retains the data for up to 60 days" is no outage's length
#: (a service kept down is one: "A series of mistakes kept email offline for two days").
_KEPT = re.compile(
    r"\b(?:retain(?:s|ed)?|keeps?|kept|stores?|stored|caches?|cached)\b"
    r"(?:\s+(?!(?:offline|down|unavailable|disabled|closed)\b)\w+){0,3}\s*$",
    re.IGNORECASE,
)
_NEXT_PHASE = re.compile(
    r"[^.;]*?\bthen\b[^.;]*?\bfor\s+(?:the\s+next|another|a\s+further|further)\b", re.IGNORECASE
)
#: How many different lengths impact prose may state and one still be the impact's ("lasted
#: 40 minutes … the API was down for 10 of them").
_PARTS = 2
_VAGUE = re.compile(r"\s*or\s+(?:two|so|more|less|three|longer)\b", re.IGNORECASE)
#: "went undetected for three hours": how long until detection. A clause of its own after it
#: ("This went unnoticed and caused 40min of total outage") states the outage's length.
_UNNOTICED = re.compile(
    r"\b(?:unnoticed|undetected)\b(?:\s+(?!(?:and|but|which|so|then)\b)\w+){0,3}\s*$",
    re.IGNORECASE,
)
#: A label that names how long something was down: "Wikis visibly down: 59 minutes".
_DOWN_LABEL = re.compile(r"\b(?:down|outage|downtime|unavailable|degraded)$")
_CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?"
#: A window's clock may be an hour with its AM/PM alone: "from approximately 3PM PST to 4:30 PM".
#: Or written with a dot before its AM/PM, as British prose does: "between 1am and 3.17am".
_WINDOW_CLOCK = r"(?:" + _CLOCK + r"|\d{1,2}(?:\.[0-5]\d)?\s*[ap]\.?m\b\.?)"
#: (after a comma too, and the US zones' short names: "at 5 p.m., ET")
_ZONE_WORD = r"(?:,?\s*\(?(?:UTC|GMT|Z|[A-Z]{2,4}T|(?-i:[EPCM]T\b))\)?)?"
#: Prose that states the impact's window: "from 09:20 to 09:45 UTC", "(14:00-16:32 UTC)".
#: A zoned clock's day after it: "between 6:02 AM CDT on April 21, 2023 and 1:28 PM CDT on
#: April 23, 2023" (a clock with no zone of its own, "Between 18:30 on November 27, 2025 and
#: …", is left to the lead's other words).
_ON_DAY = (
    r"(?:(?:(?<=[a-z]T)|(?<=UTC)|(?<=GMT))"
    r",?\s+on\s+(?:[a-z]+day,?\s+)?[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?)?"
)
_WINDOWS = (
    re.compile(
        # A window opened by "starting" too: "to the users starting February 3rd around …";
        # Norwegian "i perioden fra 12:30 til 14:00", "mellom 12:30 og 14:00".
        # A notice's "Beginning on August 12, 2021, at 5 p.m., ET and continuing until …".
        r"\b(?:between|from|fra|mellom|(?:starting|beginning)(?:\s+(?:on|at|from))?)\s+"
        + _QUALIFIER
        # (a day before the clock, ISO's "T" between them too: "2014-11-14T01:00"; its
        # weekday and words too: "and ending at Thursday 9th July 2015 17:34:15")
        + r"(?P<a>(?:[^.;()]{0,40}?(?:\s|(?<=\d)T))??"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        + _ON_DAY
        # the end qualified too: "from ~13:22 PST to ~16:17 PST"
        + r")\s+(?:and\s+(?:continu\w*|lasting|running)\s+(?:until|till|to|through)|and|to|"
        r"(?:up\s+)?until|till|through|til|og)\s+"
        + _QUALIFIER
        + r"(?P<b>(?:[^.;()]{0,40}?(?:\s|(?<=\d)T))??"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        + _ON_DAY
        + r")",
        re.IGNORECASE,
    ),
    # (not an ISO 8601 stamp's clock and offset: "2021-11-23T16:26:00-06:00"; an arrow too:
    # "(~ 18:14 -> 19:19 UTC)")
    re.compile(
        r"(?<![\dT:])(?P<a>"
        + _CLOCK
        + r")\s*(?:-+>|\u2192|[-\u2013\u2014])\s*(?P<b>"
        + _CLOCK
        + _ZONE_WORD
        + r")"
    ),
    # A night's window, its end on the next morning: "(9 May 2012 23:24 PDT until the
    # following morning at 07:20)"
    re.compile(
        r"(?P<a>\b\d{1,2}\s+"
        + MONTH_NAME
        + r"\s+\d{4},?\s+(?:at\s+)?"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        + r")\s+until\s+(?:the\s+)?(?:following|next)\s+(?:morning|day)\s+at\s+(?P<b>"
        + _WINDOW_CLOCK
        + _ZONE_WORD
        + r")",
        re.IGNORECASE,
    ),
    # Military-style times need their zone: "between the hours of 1900 and 2100 UTC".
    re.compile(
        r"\b(?:between|from)\s+(?:the\s+hours\s+of\s+)?(?P<a>(?:[01]\d|2[0-3])[0-5]\d)\s+"
        r"(?:and|to|until)\s+(?P<b>(?:[01]\d|2[0-3])[0-5]\d\s*(?:UTC|GMT|Z|[A-Z]{2,4}T)\b)"
    ),
)


#: The zone a window's start names, for an end written without one.
_START_ZONE = re.compile(r"\b(?:UTC|GMT|[A-Z]{2,4}T)\b")


def _window_zone(w: re.Match[str], end: str, line: str) -> tzinfo | None:
    """The zone a window's clocks are in: its end's, the words after it, or its start's.

    "(9 May 2012 23:24 PDT until the following morning at 07:20)": the end is written
    without the zone its start gives.
    """
    named = values.zone_named(end, as_written=True) if re.search(r"[A-Z]{2,}|Z\b", end) else None
    if named := named or _zone_after(line[w.end() :]):
        return named
    start = _START_ZONE.search(w.group("a"))
    return values.zone_named(start.group(0), as_written=True) if start else None


#: A timeline row stamped with its own span: "13:10 - 13:22 elastic1025 disk free declines
#: from 20% to 11%" (what happened in those minutes, not the impact's window).
_RANGED_ROW = re.compile(
    # (also under its day: "06-18 19:00-20:00 group0 and group1 deployed", a row of a log)
    r"^\s*(?:" + LOG_DAY + r"\s+)?"
    # (or with the colon a row's stamp ends with: "21:40-23:10: cp1075 … are depooled")
    # (12-hour clocks too: "1:10 pm - 1:22 pm elastic1025 disk free declines")
    r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?\s*[-\u2013\u2014]\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?:?\s+[a-z]",
    re.IGNORECASE,
)


def _end_of_a_window_opened_on_a_day(
    lines: list[str], day: date | None, zone: tzinfo, options: ParseOptions
) -> datetime | None:
    """The end of a window whose start is a day without its clock.

    "From early on 3 November to 11am on 4 November, the page didn't show any new
    announcements": the impact ended at 11am on the 4th; its start is only the day.
    """
    for line in lines:
        if (w := _DAY_OPEN_WINDOW.search(line)) is not None and not _CHANGED_IN.search(
            line[: w.start()]
        ):
            return values.parse_datetime(
                _colon(w.group("b")),
                default_zone=zone,
                default_date=day,
                day_first=options.day_first,
            )
    return None


_DAY_WORDS = (
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH_NAME + r"|" + MONTH_NAME + r"\s+\d{1,2}"
    r"(?:st|nd|rd|th)?)(?:,?\s+\d{4})?"
)
_DAY_OPEN_WINDOW = re.compile(
    # ("Beginning late on Tuesday, June 9, and continuing through around 4:00 p.m. on
    # Wednesday, June 10": a court's notice)
    r"\b(?:from|beginning|starting)\s+(?:(?:early|late|mid)\s+)?(?:on\s+)?(?:the\s+)?"
    + WEEKDAY_BEFORE
    + _DAY_WORDS
    + r",?\s+(?:and\s+(?:continu\w*|lasting|running)\s+)?(?:to|until|till|through)\s+"
    + _QUALIFIER
    + r"(?P<b>"
    + _WINDOW_CLOCK
    + _ZONE_WORD
    + r"\s+(?:on\s+)?(?:the\s+)?"
    + WEEKDAY_BEFORE
    + _DAY_WORDS
    + r")",
    re.IGNORECASE,
)


def _colon(text: str) -> str:
    """A time written HHMM ("1900") with its colon ("19:00"), as dateutil would read a year."""
    # "3.17am" (a British clock's dot) is 3:17 am
    return values.colon_for_dot(values.hhmm_with_colon(text))


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


def _stated_length(reader: Reader, lines: list[str]) -> float | None:
    """How long the impact lasted as the lead, summary and impact prose state it, if once."""
    minutes = None
    phased = False
    lengths: list[float] = []
    for line in lines:
        phased = phased or _in_phases(line)
        if phased:
            continue
        # sentence by sentence: a table cell's paragraph and list items make one line
        lengths.extend(
            n
            for sentence in re.split(r"(?<=[.;!?])\s+", line)
            if (n := _impact_length(sentence)) is not None
        )
        if minutes is None:
            minutes = _impact_length(line)
    if len({round(n) for n in lengths}) > _PARTS:
        # "The network was partitioned for 6 minutes", "Phabricator was unavailable for 32
        # minutes", "The Kubernetes API was … unavailable for 52 minutes": one length per
        # part of the system, none of them the incident's as a whole.
        reader.warnings.append(
            "impact: the text states a length per part ("
            + ", ".join(f"{n:g} min" for n in dict.fromkeys(lengths))
            + "); none is taken as the impact's"
        )
        minutes = None
    if (
        minutes is None
        and not lengths
        and (bound := _bound_length(lines)) is not None
        and not any(HAS_CLOCK.search(ln) for ln in body_lines(reader.doc))
    ):
        # "This interruption … lasted just over 6 hours" in a notice with no clock at all:
        # the lower bound is the only measure the text gives (beside clocks, their window is
        # the exact one and the bound is left unread).
        reader.warnings.append(
            f"stated_minutes_to_recover: {bound:g} min, the bound the text states ('just "
            "over'); no clock gives the window"
        )
        minutes = bound
    if minutes is None and (title := reader.doc.page_title):
        # "Post Mortem: 2h Tool Execution Outage": a title that says how long.
        minutes = _impact_length(title)
        if minutes is not None:
            reader.warnings.append(
                f"stated_minutes_to_recover: {minutes:g} min, the length the title states"
            )
    return minutes


#: A length stated as a lower bound: "lasted just over 6 hours", "down for a little over a day".
_BOUND_SPAN = re.compile(
    r"\b(?:lasted|lasting|for|down\s+for)\s+(?:just|a\s+little|slightly)\s+(?:over|more\s+than)\s+"
    + _SPAN,
    re.IGNORECASE,
)


def _bound_length(lines: list[str]) -> float | None:
    """The one lower-bound length the lines state, in minutes, if they state exactly one."""
    found = {
        span.total_seconds() / 60
        for line in lines
        for m in _BOUND_SPAN.finditer(line)
        if not _UNNOTICED.search(line[: m.start() + 1])
        and (span := values.parse_duration(m.group("span")))
    }
    return found.pop() if len(found) == 1 else None


def _length_beside_window(
    reader: Reader, line: str, window: timedelta, minutes: float, lines: list[str]
) -> float | None:
    """The stated length beside the impact's window: kept, unless it measures a part."""
    kept = _beside_window(reader, line, window, minutes)
    return None if kept is None else _part_in_its_own_window(reader, lines, window, kept)


def _beside_window(reader: Reader, line: str, window: timedelta, minutes: float) -> float | None:
    """The stated length, unless another sentence beside the window measures something else.

    "Impact: From 20:06 to 20:48, some users … had trouble connecting … For about 10
    minutes, eqiad was depooled, sending users to a different datacenter": the window is the
    impact's; the 10 minutes, in a sentence of their own that disagrees with it, are one
    step within it. A length in the window's own sentence ("For about 35 minutes from 09:20
    to 09:45 UTC") is the writer's measure and stays.
    """
    if abs(window.total_seconds() / 60 - minutes) <= 1:
        return minutes
    # (a bracket after the full stop glosses the sentence before it: "… unavailable for the
    # duration of up to one hour. (~ 18:14 -> 19:19 UTC)")
    sentences = re.split(r"(?<=[.;!?])\s+(?!\()", line)
    with_window = [t for t in sentences if any(p.search(t) for p in _WINDOWS)]
    if not with_window or any(_impact_length(t) is not None for t in with_window):
        return minutes
    if not any(_impact_length(t) == minutes for t in sentences):
        return minutes
    spans = _window_spans(" ".join(with_window))
    if len(spans) > 1 and abs(sum(spans) - minutes) <= len(spans):
        # "For 12 minutes, all wikis were unreachable … Two spikes: from 08:24 to 08:30 UTC,
        # and from 08:39 to 08:45 UTC": the length is the windows' sum, the writer's total.
        return minutes
    reader.warnings.append(
        f"impact: {minutes:g} min is stated beside the window of "
        f"{window.total_seconds() / 60:g} min, in a sentence of its own; the window is taken"
    )
    return None


def _part_in_its_own_window(
    reader: Reader, lines: list[str], window: timedelta, minutes: float
) -> float | None:
    """The stated length, unless its sentence gives a shorter window of its own, a part.

    "… elevated latency and error rates from 16:03 until 21:20." then "… unable to load tiles
    … for approx 20 minutes from 21:00 to 21:20": the 20 minutes are the worst part's.
    """
    whole = window.total_seconds() / 60
    for line in lines:
        for sentence in re.split(r"(?<=[.;!?])\s+", line):
            if _impact_length(sentence) != minutes:
                continue
            spans = _window_spans(sentence)
            if len(spans) == 1 and abs(spans[0] - minutes) <= 1 and spans[0] < whole - 1:
                reader.warnings.append(
                    f"impact: {minutes:g} min is stated for a window of its own inside the "
                    f"impact's {whole:g} min; the impact's window is taken"
                )
                return None
    return minutes


def _window_spans(text: str) -> list[float]:
    """The lengths in minutes of the clock-to-clock windows a text states, in order."""
    spans = []
    for pattern in _WINDOWS:
        for w in pattern.finditer(text):
            a, b = (
                values.parse_datetime(w.group(g), default_zone=UTC, default_date=date(2000, 1, 1))
                for g in ("a", "b")
            )
            if a is not None and b is not None and b > a:
                spans.append((b - a).total_seconds() / 60)
        if spans:
            break
    return spans


#: A change made in the window, not an impact: "PR 1 and PR 2 were merged to prod between 2 AM
#: and 2.30 AM PST" (not "users accessing applications deployed on the PaaS between 1am and
#: 3.17am", where the applications' deployment is no event).
_CHANGED_IN = re.compile(
    r"\b(?:was|were|got|been)\s+(?:merged|deployed|released|rolled\s+out|pushed|applied)\b"
    r"[^.;]{0,40}$",
    re.IGNORECASE,
)


#: A clock restated in another zone, or a day of the year, in brackets after a moment:
#: "between 6:02 AM CDT (11:02 z) on April 21, 2023 (DOY 111) and 1:28 PM CDT (18:28 z) …".
_RESTATED = re.compile(r"\s*\((?:\d{1,2}:\d{2}\s*(?:z|utc|gmt)|doy\s*\d{1,3})\)", re.IGNORECASE)


#: A window said to hold most of the impact, not all of it: "Approx 900,000 HTTP 503s served,
#: mostly between 05:00 and 05:40" (the timeline's OUTAGE ENDS comes later).
_MOSTLY = re.compile(
    r"\b(?:mostly|mainly|largely|primarily|chiefly|especially|particularly)\s*$", re.IGNORECASE
)


def impact_window(
    reader: Reader, day: date | None, zone: tzinfo, options: ParseOptions
) -> tuple[datetime | None, datetime | None, float | None]:
    """Start and end of impact, and its stated length, from the lead/summary/impact prose."""
    start = end = None
    window_line = ""
    # Prose wrapped at a fixed width ("offline from Friday April 30 19:09" / "UTC until
    # Monday May 3 05:58 UTC.") states its window across the break.
    lines = [_RESTATED.sub("", ln) for ln in reflowed(impact_lines(reader))]
    for line in lines:
        if start is None and not _RANGED_ROW.match(line):
            for pattern in _WINDOWS:
                w = pattern.search(line)
                if w is None or _CHANGED_IN.search(line[: w.start()]):
                    continue
                if _MOSTLY.search(line[: w.start()]):
                    continue  # "503s served, mostly between 05:00 and 05:40": its worst part
                b_text = _colon(w.group("b"))
                stated_zone = _window_zone(w, b_text, line)
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
                    window_line = line
                    break
    if start is None:
        end = _end_of_a_window_opened_on_a_day(lines, day, zone, options)
    minutes = _stated_length(reader, lines)
    if start is not None and end is not None and minutes is not None:
        minutes = _length_beside_window(reader, window_line, (end - start), minutes, lines)
    return start, end, round(minutes, 2) if minutes is not None else None
