"""Root causes, affected products and severity stated in prose: the record's "what went wrong"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tap_postmortems import values
from tap_postmortems.actions import BULLET_STATUS
from tap_postmortems.clocks import HAS_CLOCK, is_zone_note
from tap_postmortems.fields import HEADING_WORDS, SECTION_ALIASES, normalise, other_headings
from tap_postmortems.reader import NUMBERED, column_index, impact_lines
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from tap_postmortems.document import Document, Section
    from tap_postmortems.reader import Reader


def read_root_causes(reader: Reader, warnings: list[str]) -> list[str]:  # noqa: PLR0911 - one return per source
    """The root causes: a section's list items, its prose as one cause, or a causal sentence.

    A "Root cause" section written as a list names one cause per item; written as prose it
    explains one cause (however many paragraphs it takes) unless the writer counts them
    ("Firstly, … Secondly, …"). Without such a section, the first sentence of the summary,
    lead, impact or resolution that states a cause ("… was caused by …", "due to …":
    ``[causes] sentences``) is the cause, with one that adds another just after it ("There
    was also …, so …"). A text that says the cause is not known (``[causes] unknown``) names
    none.
    """
    vocab = vocabulary()
    if causes := _cause_headings(reader):
        return causes
    section = reader.section("root_causes")
    if section is not None:
        text = " ".join(ln for b in section.blocks for ln in b.lines())
        if vocab.cause_unknown.search(text):
            warnings.append("root_causes: the document says the root cause is not known")
            return []
        listed = [
            BULLET_STATUS.sub("", item).strip()
            for b in section.blocks
            if b.kind == "list"
            for level, item in b.items
            if level == 0 and item.strip()
        ]
        if listed:
            return listed
        if section.blocks and section.blocks[0].kind == "table":
            return section_items(section)
        return _prose_causes(section)
    names = {normalise(a) for a in SECTION_ALIASES["root_causes"]}
    stated = next(
        (v.strip() for label, v, _ in reader.labels if label in names and v.strip()), None
    )
    if stated is not None and not vocab.cause_unknown.search(stated):
        # "**Root Causes**: Our database cluster ran out of space …" in a field list.
        return [stated]
    lines = impact_lines(reader) + (reader.section_text("resolution") or "").split("\n")
    # Then any other prose but the timeline's and the follow-ups' ("What went wrong", a
    # "Background" section, a field list's "Identified:" line).
    skip = {normalise(a) for k in ("timeline", "action_items") for a in SECTION_ALIASES[k]}
    lines += [
        ln
        for section in reader.doc.sections
        if normalise(section.title or "") not in skip and not HAS_CLOCK.search(section.title or "")
        for b in section.blocks
        if b.kind != "table"
        for ln in b.lines()
        if not values.TIMESTAMP_PREFIX.match(ln)
    ]
    sentences = [
        sentence
        for line in lines
        for sentence in re.split(r"(?<=[.;!?])\s+", " ".join(line.split()))
        if not sentence.endswith("?")  # a template's question ("Was it caused by … ?")
    ]
    for i, sentence in enumerate(sentences):
        if vocab.cause_unknown.search(sentence):
            warnings.append("root_causes: the document says the root cause is not known")
            return []
        if vocab.cause_loose.search(sentence):
            warnings.append(
                "root_causes: no 'Root cause' section; taken from a sentence stating a cause"
            )
            # "There was also no dedicated pool, so the students overloaded the nodes" just
            # after it: a second cause the writer adds to the first.
            more = [
                s
                for s in sentences[i + 1 : i + 1 + _ADDED_WITHIN]
                if _ADDED_CAUSE.search(s)
                and (vocab.cause_loose.search(s) or _LOOSELY_CAUSAL.search(s))
                and s != sentence
            ]
            return [sentence, *more[:1]]
    warnings.append("root_causes: no 'Root cause(s)' section or sentence stating a cause")
    return []


def _prose_causes(section: Section) -> list[str]:
    """A root-cause section's prose: one cause, or one per paragraph that states one.

    Paragraphs that each state a cause in so many words ("CVE-1 resulted from …" / "CVE-2
    resulted from …") are as many causes; otherwise the prose explains one. A paragraph that
    opens by pointing back ("This is because …") explains the one before it, and one that
    names *the* root cause ("The ultimate root cause … was") is the cause, the others its
    consequences.
    """
    prose = [" ".join(b.text.split()) for b in section.blocks if b.kind == "para" and not b.quoted]
    counted = [c for c in _ORDINAL_SPLIT.split(" ".join(prose)) if c.strip()]
    if len(_ORDINAL_SPLIT.findall(" ".join(prose))) > 1 and len(counted) > 1:
        # "Firstly, the function deleted the record. Secondly, something changed in AWS":
        # the writer counts the causes; what comes before the first is their introduction.
        return counted[1:] if not _ORDINAL_SPLIT.match(" ".join(prose)) else counted
    stating = [
        p
        for p in prose
        if vocabulary().cause_sentences.search(re.split(r"(?<=[.;!?])\s", p)[0])
        and not _POINTS_BACK.match(p)
    ]
    if the_one := [p for p in stating if _THE_ROOT_CAUSE.search(p)]:
        stating = the_one[:1]
    if len(stating) > 1:
        return stating
    return [prose[0]] if prose and prose[0] else []


#: A sentence that adds a cause to the one before ("There was also …", "In addition, …").
_ADDED_CAUSE = re.compile(
    r"^(?:there (?:was|were|is|are) also|another (?:cause|factor|reason|problem|issue|"
    r"contributing)|additionally|in addition|on top of (?:that|this)|also,|"
    r"(?:this|it) was (?:further )?(?:compounded|exacerbated|made worse))\b",
    re.IGNORECASE,
)
#: A sentence that says it led somewhere, loosely: "…, so the students overloaded the nodes".
_LOOSELY_CAUSAL = re.compile(r",\s+so\b|\bwhich (?:meant|caused|led)\b", re.IGNORECASE)
#: How many sentences after a cause one that adds another may come.
_ADDED_WITHIN = 3
#: A cause the writer counts: "Firstly, …", "Secondly, …", "Second, …", "Lastly, …".
_ORDINAL_SPLIT = re.compile(
    r"(?:^|(?<=[.;:]\s))(?:firstly|secondly|thirdly|fourthly|first|second|third|fourth|"
    r"finally|lastly)\s*,\s*",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"^(?:this|that|these|those|it|which|so|thus|hence)\b", re.IGNORECASE)
_THE_ROOT_CAUSE = re.compile(
    r"\bthe (?:ultimate |underlying |real |actual |main |primary )?root cause\b"
    r"[^.]*?\b(?:was|is)\b",
    re.IGNORECASE,
)


#: A severity given in a sentence: "given a P1 priority", 'Priority set to "P1"',
#: "declared a SEV-2"; or the team making the incident one ("We made this a P1 priority",
#: "created pagerduty P1 incident") -- a vendor's "Sev1 case" or a request to "escalate to a
#: P2" is not the incident's own.
_SEVERITY_SENTENCE = re.compile(
    r"\b(?:given|assigned|set to|declared|raised to|marked as|classified as)\s+(?:an?\s+)?"
    r"[\"\u201c]?(?P<sev>P[0-4]|SEV[- ]?[0-4])\b"
    r"|\b(?:made|make|makes|created|opened|declared|raised)\s+(?:(?:this|it)\s+)?(?:an?\s+)?"
    r"(?:[a-z]+\s+)?(?P<made>P[0-4]|SEV[- ]?[0-4])\s+(?:priority|incident|severity)\b",
    re.IGNORECASE,
)


def severity_in_prose(doc: Document) -> str | None:
    """The highest severity the sentences give (an escalation ends at the highest)."""
    found = [
        sev
        for section in doc.sections
        for block in section.blocks
        for line in block.lines()
        for m in _SEVERITY_SENTENCE.finditer(line)
        if (sev := values.parse_severity(m.group("sev") or m.group("made")))
    ]
    return min(found) if found else None


def _cause_headings(reader: Reader) -> list[str]:
    """Causes named by the sub-headings of a root-cause section.

    "3. Root Cause" / "### 1. State inconsistency …" / "### 2. API regression …", when the
    section itself holds at most a sentence that introduces them.
    """
    names = {normalise(a) for a in SECTION_ALIASES["root_causes"]}
    others = other_headings("root_causes")
    words = HEADING_WORDS.get("action_items")
    sections = reader.doc.sections
    for i, head in enumerate(sections):
        if not head.title or normalise(head.title) not in names:
            continue
        own = [b for b in head.blocks if b.kind != "para" or len(b.text) > 300]  # noqa: PLR2004
        subs: list[str] = []
        for sub in sections[i + 1 :]:
            if not sub.title or sub.level <= head.level:
                break
            if normalise(sub.title) in others or (words and words.search(normalise(sub.title))):
                return []  # "Root Cause Remediations" under it: follow-ups, not causes
            if sub.level == head.level + 1 or (subs == [] and sub.level > head.level):
                subs.append(NUMBERED.sub("", sub.title).strip())
        if not own and len(head.blocks) <= 1 and len(subs) > 1:
            return subs
        return []
    return []


def section_items(section: Section) -> list[str]:
    """A section's entries as text: list items, paragraph lines, table rows after the header."""
    out: list[str] = []
    for block in section.blocks:
        if block.kind == "list":
            out.extend(BULLET_STATUS.sub("", text) for _, text in block.items)
        elif block.kind == "para":
            out.extend(line for line in block.text.split("\n") if not is_zone_note(line))
        else:
            out.extend(" ".join(c for c in row if c) for row in block.rows[1:])
    return [o.strip() for o in out if o.strip()]


def _split_products(text: str) -> list[str]:
    return [p.strip(" .") for p in re.split(r",|;|\s+and\s+", text) if p.strip(" .")]


def read_affected(section: Section) -> list[tuple[str | None, str | None]]:  # noqa: C901, PLR0912 - one shape per branch
    """The (entity, product) pairs an "Affected" section names, from a table, list or lines."""
    out: list[tuple[str | None, str | None]] = []

    def add(entity: str | None, products: list[str]) -> None:
        if not products:
            out.append((entity, None))
        out.extend((entity, p) for p in products)

    for block in section.blocks:
        if block.kind == "table" and block.rows:
            header = [normalise(c) for c in block.rows[0]]
            ent = column_index(
                header, ("entity", "service", "system", "component", "team", "customer")
            )
            prod = column_index(header, ("products", "product", "features", "feature"))
            body = block.rows[1:] if ent is not None or prod is not None else block.rows
            ent = 0 if ent is None else ent
            for row in body:
                entity = row[ent] if ent < len(row) else None
                products = row[prod] if prod is not None and prod < len(row) else ""
                if entity or products:
                    add(entity or None, _split_products(products))
        elif block.kind == "list":
            current: str | None = None
            pending: list[str] = []
            for level, text in block.items:
                if level == 0:
                    if current is not None:
                        add(current, pending)
                    current, pending = _entity_line(text)
                else:
                    pending.extend(_split_products(text))
            if current is not None:
                add(current, pending)
        else:
            for line in block.text.split("\n"):
                for part in re.split(r";\s*", line):
                    if part.strip():
                        add(*_entity_line(part))
    return out


def _entity_line(text: str) -> tuple[str, list[str]]:
    m = re.match(
        r"^\s*(?P<e>[^:(\u2014\u2013]+?)\s*(?:\((?P<p1>[^)]*)\)|[:\u2014\u2013]\s*(?P<p2>.+))\s*$",
        text,
    )
    if m:
        return m.group("e").strip(), _split_products(m.group("p1") or m.group("p2") or "")
    return text.strip(), []
