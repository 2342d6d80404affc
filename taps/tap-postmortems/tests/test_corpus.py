"""The parser on the development part of the real-postmortem corpus (``tests/corpus/dev``).

Expected values were written by people reading each document, never by running the parser.
These floors guard what the parser reaches today (``bench/postmortems.py --real-only`` prints
the full table); the sealed part is never scored here.
"""

from __future__ import annotations

import json

import pytest
from corpus_score import CORPUS, documents, score_part

#: Floors, a little under the development score (121 documents). After the fourth round the
#: parser scored on the first 90: date 98.9 %, time to detect 95.2 %, time to recover 95.7 %,
#: row times 95.0 % (the issue's targets), but the round-4 sealed part (31 documents, 7 new
#: organisations) then scored date 58.1 %, TTD 21.4 %, TTR 18.8 %, row times 24.3 %: the rules
#: did not generalise. Those documents became development documents (together: date 88.3 %,
#: TTD 76.8 %, TTR 81.4 %, row times 71.0 %), and the fifth round replaced per-document habits
#: by general rules (12-hour clocks and period headings, standard-time names written all year,
#: dates in front matter, after the time or only in the timeline, durations told in passing,
#: a 'Date:' that is the report's): all 121 now read date 98.3 %, TTD 91.1 %, TTR 90.7 %, row
#: times 96.2 %, rows counted 90.9 %, root causes 70.2 %, action items 83.5 % (the round-4
#: documents alone 96.8, 78.6, 62.5, 94.7 %; the older 90 unchanged or better). A change that
#: loses ground fails.
FLOORS = {
    "read": 1.0,
    "incident_date": 0.97,
    "minutes_to_detect": 0.90,
    "minutes_to_recover": 0.89,
    "placeholders never a time": 1.0,
    "timeline row times": 0.95,
    "timeline rows (count)": 0.89,
    "root_causes (count)": 0.69,
    "action_items (count)": 0.82,
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
