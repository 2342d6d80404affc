"""The parser on the development part of the real-postmortem corpus (``tests/corpus/dev``).

Expected values were written by people reading each document, never by running the parser.
These floors guard what the parser reaches today (``bench/postmortems.py --real-only`` prints
the full table); the sealed part is never scored here.
"""

from __future__ import annotations

import json

import pytest
from corpus_score import CORPUS, documents, score_part

#: Floors, a little under the development score after the fourth round (90 documents; dev:
#: date 98.9 %, time to detect 95.2 %, time to recover 95.7 %, row times 95.0 %, root causes
#: 67.8 %, action items 86.7 %, rows counted 78.9 %), so that a change that loses ground fails.
#: The issue's targets (98 % date, 95 % TTD/TTR) are met on dev; the sealed part says whether
#: they hold on documents the rules were not written from.
FLOORS = {
    "read": 1.0,
    "incident_date": 0.97,
    "minutes_to_detect": 0.92,
    "minutes_to_recover": 0.93,
    "placeholders never a time": 1.0,
    "timeline row times": 0.93,
    "timeline rows (count)": 0.75,
    "root_causes (count)": 0.64,
    "action_items (count)": 0.83,
}


@pytest.fixture(scope="module")
def dev_score():
    return score_part("dev")[0]


@pytest.mark.parametrize(("field", "floor"), FLOORS.items())
def test_development_corpus_accuracy(dev_score, field, floor):
    rate = dev_score.rate(field)
    misses = [m for m in dev_score.misses if m[1] == field]
    assert rate is not None
    assert rate >= floor, misses


def test_the_corpus_is_real_varied_and_attributed():
    files = documents("dev") + documents("sealed")
    assert len(files) >= 40
    organisations = set()
    for path in files:
        expected = json.loads(path.with_name(path.name + ".expected.json").read_text("utf-8"))
        source = expected["source"]
        assert source["url"].startswith("https://"), path.name
        assert source["licence"], path.name
        organisations.add(source["organisation"])
        assert path.name in (CORPUS / "SOURCES.md").read_text("utf-8"), path.name
    assert len(organisations) >= 6
    # A sealed part is kept out of development (never scored here); once scored at the end of
    # a round it joins dev and new documents are sealed (SOURCES.md), so it may be empty
    # between rounds.
