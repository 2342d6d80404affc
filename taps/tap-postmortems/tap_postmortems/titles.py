"""The incident's name and the day its title states ("Postmortem: DB outage — 5 March 2026")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.clocks import FULL_DATE, NAME_DATE, SLASHED_FULL, date_only
from tap_postmortems.fields import normalise, section_headings
from tap_postmortems.reader import LABEL_LINE

if TYPE_CHECKING:
    from datetime import date

    from tap_postmortems.document import Document
    from tap_postmortems.fields import ParseOptions


_TITLE_PREFIX = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:[\w.-]+\s+){0,3}?(?:incident\s+)?(?:post[\s-]?mortem|post[\s-]?incident\s+review|"
    r"incident\s+report|incident\s+review|pir|rca|retrospective)(?:\s+for)?\s*[:\-\u2013\u2014|]\s*|^\s*incident\s+report\s+for\s+|"
    r"^\s*post[\s-]?mortem\s+for\s+",
    re.IGNORECASE,
)
#: A notice's stamp after its name: "…, 1 June 2009 - Issued: 2 june 2009 1915 UTC". It
#: dates the notice, not the incident the name (and its own day) tells of.
_STAMP_SUFFIX = re.compile(
    # (also joined by a bare hyphen or a comma: "…, 7 June 2009-Issued: 8 June 2009",
    # "… Degradation, Issued: February 19, 2010 1800 UTC")
    r"(?:\s+[-\u2013\u2014|]\s*|-|,\s*)(?:issued|posted|published|(?:last\s+)?updated)\s*:.*$",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(
    r"(?::|\s[-\u2013\u2014|]|,|\s(?=\())\s*\(?(?P<date>[^:\u2013\u2014|()]+?)\)?\s*$"
)


#: A report's number before its name: "PM-2026-001: …", "Incident 003: …", "002: …" (a bare
#: number only zero-padded, as a register numbers its reports; "500: …" may be the name).
#: A number joined to its year ("PM-2026-038 recap-worker の …") is one without the colon too.
_ID_PREFIX = re.compile(
    r"^\s*(?:(?:incident|inc|pm|pir|post[\s-]?mortem)\s*[-#]?\s*(?:\d{4}-)?\d+|0\d{1,4})\s*:\s+"
    r"|^\s*(?:incident|inc|pm|pir)-\d{4}-\d+\s+(?=\S)",
    re.IGNORECASE,
)
#: A notice's field label left before its name, as a memo or an announcement heads it:
#: "Summary: Issue Resolution - Network Outage …", "(General) Subject: Issue Resolution - …"
#: (a category in brackets first).
_MEMO_LABEL = re.compile(
    r"^\s*(?:\([^()]{1,30}\)\s*)?(?:subject|summary)\s*:\s+(?=\S)", re.IGNORECASE
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


#: A day (with the clock and zone it began) opening a title before a comma, or after an
#: "incident date:" label: "2017-11-30 4:23PM PST, OOM (Out of Memory) Proxy",
#: "incident date: 2019-02-20, kubectl logs unavailable".
_DAY_FIRST = re.compile(
    r"^\s*(?:incident\s+date\s*:\s*)?(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?)?\s*,\s+(?=\S)",
    re.IGNORECASE,
)
#: A template's heading for the name, left as its label over the name written under it:
#: "# ISSUE NAME" over "Password compromise of …", "# Title:" over "### Buildkite …".
_NAME_LABEL = re.compile(
    r"^\s*(?:(?:issue|incident|postmortem|post-mortem)\s+)?(?:name|title)\s*:?\s*$", re.IGNORECASE
)
#: Template headings that open a report without naming it (besides the section headings).
_NOT_NAMES = frozenset({"metadata", "title", "name"})


def name_under_label(doc: Document, title: str) -> str | None:
    """The name written under a heading that is only the template's label for it.

    ``None`` when ``title`` is no such label or nothing is written under it.
    """
    if not _NAME_LABEL.match(title):
        return None
    i = next((k for k, s in enumerate(doc.sections) if s.level == 1 and not s.title), None)
    if i is None:
        return None
    for block in doc.sections[i].blocks:
        line = next((ln.strip() for ln in block.lines() if ln.strip()), "")
        if line:
            return line if block.kind == "para" and len(line) <= 200 else None  # noqa: PLR2004
    following = doc.sections[i + 1].title if i + 1 < len(doc.sections) else ""
    return following or None


def names_nothing(title: str) -> bool:
    """Whether a level-1 heading is a section's or a template's word, not the incident's name."""
    word = normalise(title)
    return word in _NOT_NAMES or word in section_headings()


#: A site's name after a page's own in its HTML title: "… - Creative Commons", "… — Homebrew".
_SITE_SUFFIX = re.compile(r"\s+[-\u2013\u2014|]\s+(?P<site>[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s*$")


_REPORT_WORDS = re.compile(
    r"post[\s-]?mortem|incident|report|review|retrospective|outage|rca|pir", re.IGNORECASE
)


def site_name_dropped(html_title: str | None) -> str | None:
    """An HTML page title without the site's name a page template appends to every page.

    The name is one to three capitalised words after a dash or bar at the end, not a word
    of the report's kind ("DB outage - Postmortem" stays whole), after at least two words.
    """
    if not html_title:
        return html_title
    m = _SITE_SUFFIX.search(html_title)
    if (
        m is None
        or len(html_title[: m.start()].split()) < 2  # noqa: PLR2004
        or _REPORT_WORDS.search(m.group("site"))
    ):
        return html_title
    return html_title[: m.start()]


def opening_heading(doc: Document) -> str | None:
    """The heading a document opens on, when it names no section ("## Incident Report for X").

    A report whose headings are all of one level still states its name first; a heading
    that names a known section ("## Overview") or holds a field ("## Date: …") does not.
    """
    first = next((s for s in doc.sections if s.title or s.blocks), None)
    if first is None or not first.title or LABEL_LINE.match(first.title):
        return None
    return None if normalise(first.title) in section_headings() else first.title


def split_title(title: str, options: ParseOptions) -> tuple[str, date | None]:
    """The incident's name and the day a title states ("… — 5 March 2026", "2019-12-04 X")."""
    if len(title) > 2 and title[0] == title[-1] and title[0] in "\"'":  # noqa: PLR2004
        title = title[1:-1]  # quoted, as a front matter's value is
    title = _MEMO_LABEL.sub("", _ID_PREFIX.sub("", title))
    if (stamp := _STAMP_SUFFIX.search(title)) is not None and (
        len(own := FULL_DATE.findall(title[: stamp.start()])) == 1
    ):
        # The name ends where the notice's stamp begins, its own day with it; the commas
        # before that day part the name's words ("Anomaly, NOAA-15, HIRS, …"), no day.
        return title[: stamp.start()].strip(), date_only(own[0], options)
    if stamp is not None and not FULL_DATE.search(title[: stamp.start()]):
        # "Product Anomaly, NOAA-17 AVHRR Scan Motor Degradation, Issued: February 19, 2010":
        # the only day is the notice's own, when it went out, not the incident's.
        return title[: stamp.start()].strip(), None
    dated = _DATED_PREFIX.match(title) or _DAY_FIRST.match(title)
    if dated is not None and (day := date_only(dated.group("date"), options)) is not None:
        # "Incident report May 12 2025 - Earthscope resource provisioning issue"
        return title[dated.end() :].strip(), day
    title = _WIKI_PATH.sub("", _TITLE_PREFIX.sub("", title.strip()).strip())
    # "Releases/Post-mortems/Firefox 3.6.9": a wiki page's folders are not its name.
    title = _WIKI_FOLDERS.sub("", title)
    m = _TITLE_SUFFIX.search(title)
    if m:
        when = date_only(m.group("date"), options)
        if when is not None:
            return title[: m.start()].strip(), when
    # "11/12 March 2013 Chain Fork": a title that names the nights it ran over began on
    # the first of them. "Incidente de 14 de Novembro de 2019": a day in another language.
    first_of = _DAY_RANGE.sub(r"\g<d1> \g<rest>", values.english_months(title))
    first_of = _MONTH_DAY_LIST.sub(r"\g<m> \g<d1>, \g<y>", first_of)
    dates = FULL_DATE.findall(first_of) or NAME_DATE.findall(title) or SLASHED_FULL.findall(title)
    if len(dates) == 1:
        written = dates[0] if isinstance(dates[0], str) else "-".join(dates[0])
        return title, date_only(written, options)
    return title, None


#: Days of one month listed after it, then the year: "Brief power outages on April 23, 24 ,
#: 2022", "May 3-4, 2021" (the first is when it began).
_MONTH_DAY_LIST = re.compile(
    r"\b(?P<m>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)\s+(?P<d1>\d{1,2})"
    r"(?:st|nd|rd|th)?(?:\s*(?:,|/|-|\u2013|&|\band\b)\s*\d{1,2}(?:st|nd|rd|th)?)+\s*,?\s+"
    r"(?P<y>\d{4})\b",
    re.IGNORECASE,
)
#: Two days of one month written together before it: "11/12 March 2013", "3-4 June 2024",
#: "5 and 6 May 2021".
_DAY_RANGE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*(?:/|-|\u2013|&|\band\b)\s*\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?P<rest>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\b",
    re.IGNORECASE,
)
