"""Field-level accuracy of tap-postmortems on the real-postmortem corpus, per field and style.

Run through ``bench/postmortems.py`` (``--real-only`` for this part alone, ``--sealed`` to
score the sealed part too). The sealed part is scored only at the end of a piece of parser
work: its figure says how the parser does on documents it was not tuned on, so its misses
are never printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taps" / "tap-postmortems" / "tests"))

from corpus_score import Score, documents, score_part

HEADLINE = (
    "read",
    "incident_date",
    "minutes_to_detect",
    "minutes_to_recover",
    "placeholders never a time",
)


def _cell(score: Score, key: str) -> str:
    rate = score.rate(key)
    if rate is None:
        return "—"
    return f"{100 * rate:5.1f} % ({score.right.get(key, 0)}/{score.scored[key]})"


def report(*, sealed: bool, misses: bool = True) -> None:
    """Print the table: per field, per part, then per style, then the development misses."""
    parts = ["dev", "sealed"] if sealed else ["dev"]
    results = {part: score_part(part) for part in parts}
    keys = sorted({k for total, _ in results.values() for k in total.scored})
    keys = [k for k in HEADLINE if k in keys] + [k for k in keys if k not in HEADLINE]
    print("\n## Real postmortems: field accuracy\n")
    print("documents: " + ", ".join(f"{p} {len(documents(p))}" for p in parts))
    print(f"| field | {' | '.join(parts)} |")
    print("|---|" + "---|" * len(parts))
    for key in keys:
        print(f"| {key} | " + " | ".join(_cell(results[p][0], key) for p in parts) + " |")
    for part in parts:
        print(f"\nby style ({part}):")
        for style, score in sorted(results[part][1].items()):
            cells = ", ".join(f"{k} {_cell(score, k)}" for k in HEADLINE[1:4])
            print(f"  {style}: {cells}")
    dev_total = results["dev"][0]
    if misses and dev_total.misses:
        print("\nmisses (dev):")
        for name, key, want, got in dev_total.misses:
            print(f"  {name}: {key}: expected {want!s} got {got!s}")
