"""How many people an incident affected: from a label's value, or from a sentence.

Reports that count the affected seldom give the count a label. A data breach says "the
personal information of more than 10,000 officers and staff was published", a regulator "Optus
failed to provide access to the emergency call service for 2,145 people", a product team
"affecting 305 teams". When no label gives ``number_of_impacted_customers``, the first
sentence of one of these shapes does; the people it may count are data (``[counts]`` in
``vocabulary.toml``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.document import Document

_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000}


@cache
def _shapes() -> tuple[re.Pattern[str], ...]:
    """The sentence shapes that state a count of the affected, each with an ``n`` group."""
    people = vocabulary().people
    # A number on its own: not a clock ("20 UTC"), a version ("2.0"), a date or a share
    # ("four fifths of users", "35 % of users"); "some 410,000", "more than 10,000" qualify it.
    number = (
        r"(?<![\w.,:/-])(?:(?:approximately|approx\.|about|around|roughly|some|over|nearly|"
        r"almost|more\s+than|an\s+estimated|at\s+least|a\s+total\s+of|only|the|~|ca\.|rundt|"
        r"omtrent)\s+){0,2}"
        r"(?P<n>(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + values.NUMBER_WORDS + r")"
        r"(?:\s+(?:million|thousand)\b)?)(?![\w:/-]|[.,]\d)"
        r"(?!\s+(?:fifths?|thirds?|quarters?|halves|percent|per\s+cent|%))"
    )
    # Up to three words between the number and whom it counts ("additional taxpayer
    # accounts", "authorized Blue Button 2.0 applications"), none ending a sentence.
    between = r"(?:(?!(?:utc|gmt|[ap]m)\b)[a-z0-9][\w&'-]*(?:\.\d+)?\s+){0,4}?"
    counted = number + r"\s+" + between + people + r"\b"
    return tuple(
        re.compile(shape, re.IGNORECASE)
        for shape in (
            # "affecting 305 teams", "only impacted 30 authorized … applications"
            r"\b(?:affect|impact)(?:ed|ing|s)?\s+(?:only\s+)?" + counted,
            # "five users were impacted", "11 million people were without 9-1-1 service"
            # (the count is the subject: "One user who was affected" tells of one of them)
            counted + r"\s+(?:were|was|have\s+been|had\s+been|are)\s+(?:\w+\s+)?"
            r"(?:affected|impacted|unable|without|locked\s+out|exposed)\b",
            # "the three affected users"
            number + r"\s+(?:affected|impacted)\s+" + people + r"\b",
            # a breach: "personal information on about 600,000 people", "Social Security
            # Numbers (SSNs) of 21.5 million individuals", "potential access of … accounts"
            r"\b(?:information|data|details|records|numbers|ssns|access)\s+(?:\([^)]*\)\s+)?"
            r"(?:of|on|for|to)\s+" + counted,
            # a service denied: "access to the emergency call service for 2,145 people",
            # "electricity supply was lost to some 410,000 customers"
            r"\b(?:service|access|supply|power|electricity)\b[^.]{0,60}\b(?:for|to)\s+" + counted,
            # "Rundt 23 personer opplevde feilmelding" (about 23 people got an error)
            counted + r"\s+(?:experienced|opplevde|lost|were\s+unable|tried)\b",
        )
    )


def _number(text: str) -> int:
    """``"2,145"``, ``"21.5 million"``, ``"five"`` as an integer."""
    head, _, scale = text.partition(" ")
    multiplier = _MULTIPLIERS.get(scale.strip().lower(), 1)
    amount = values.amount(head) if not head[0].isdigit() else float(head.replace(",", ""))
    return round(amount * multiplier)


def impacted_in_prose(doc: Document) -> tuple[int, str] | None:
    """The first count of the affected a sentence states, with the words that state it."""
    shapes = _shapes()
    for section in doc.sections:
        for block in section.blocks:
            for line in block.lines():
                found = [m for shape in shapes if (m := shape.search(line))]
                if found:
                    first = min(found, key=lambda m: m.start("n"))
                    if re.fullmatch(r"(?:19|20)\d\d", first.group("n")):
                        continue  # a year ("in 2019 users were affected")
                    return _number(first.group("n")), first.group(0)
    return None


def impacted_count(text: str) -> int | None:
    """The count a label's value gives (``None`` when it gives none).

    A Japanese value opens with its count ("0 (…無影響)", none) or counts people with a
    counter ("操作ユーザー 1 名", one operating user); any other number in it is something
    else ("2 ページ以上", two pages or more), and the people a count was observed from are no
    count ("実数は 1 名から確認", the real number confirmed from one person).
    """
    vocab = vocabulary()
    if vocab.no_count.search(text):
        return None
    if re.search(values.CJK_CHAR, text):
        # "0 (ユーザー操作起点の主経路は無影響…)": a value that opens with its count
        m = re.match(r"\s*(\d[\d,]*)(?![\d.:/-])", text) or re.search(
            r"(\d[\d,]*)\s*" + vocab.people_ja + r"(?!\s*から)", text
        )
        return int(m.group(1).replace(",", "")) if m else None
    return values.parse_count(text)
