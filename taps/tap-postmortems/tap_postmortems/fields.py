"""The incident record's fields, the words that name them, and how a parse is asked and answered.

``ParseOptions`` (zone, extra label aliases, date order) goes in, ``Parsed`` (the record's
fields, its child rows and the warnings) comes out. Labels and headings are compared
``normalise``-d, so the vocabulary's aliases match however a template punctuates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from functools import lru_cache
from typing import Any

from tap_postmortems.vocabulary import vocabulary

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
def other_headings(key: str) -> frozenset[str]:
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
#: A heading's outline number ("7. Corrective Actions", "2.1 Timeline", "3) Root cause"):
#: numbering, not a word of its name. A bare count ("24 hours later") is not one.
_OUTLINE_NUMBER = re.compile(r"^\s*(?:\d{1,2}[.)]|\d{1,2}(?:\.\d{1,2})+\.?)\s+(?=[^\W\d])")
#: A report's chapter numbered in capital Roman numerals: "I. EXECUTIVE SUMMARY", "IV. NEXT STEPS".
_ROMAN_OUTLINE = re.compile(r"^\s*(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})[.)]\s+(?=[^\W\d])")


@lru_cache(maxsize=8192)
def normalise(label: str) -> str:
    """A label or heading as matched: lower case, remarks and punctuation removed."""
    # Emoji shortcodes a static site renders as pictures (":warning: Leadup") are not words.
    label = _OUTLINE_NUMBER.sub("", _ROMAN_OUTLINE.sub("", label).lower())
    label = re.sub(r":[a-z0-9_+-]+:", " ", label)
    label = re.sub(r"\([^)]*\)", " ", label)
    label = label.replace("'", "").replace("\u2019", "")
    # Kana and CJK ideographs are words too ("発生日時", when it began, in a Japanese report).
    label = re.sub(r"[^a-z0-9\u3040-\u30ff\u4e00-\u9fff]+", " ", label)
    return " ".join(label.split())


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
