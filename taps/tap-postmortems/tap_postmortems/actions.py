"""Action items: where a document lists its follow-ups, and what each row says.

A section under an "Action items" heading (with its sub-sections), a list under a lead-in
that offers follow-ups, or lists of tracked issues; each row's text, owner, due date,
ticket and status.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tap_postmortems import values
from tap_postmortems.fields import HEADING_WORDS, SECTION_ALIASES, normalise
from tap_postmortems.links import GITHUB, URL
from tap_postmortems.reader import column_index
from tap_postmortems.vocabulary import vocabulary

if TYPE_CHECKING:
    from datetime import date, tzinfo

    from tap_postmortems.document import Block, Document, Section
    from tap_postmortems.fields import ParseOptions
    from tap_postmortems.reader import Reader


_TICKET = re.compile(r"\b([A-Z][A-Z0-9]{1,9}-\d{1,7})\b")
_DUE = re.compile(r"\bdue(?:\s+date)?\s*[:=]?\s*(?:by\s+|on\s+)?(?P<when>[^,;)\]]+)", re.IGNORECASE)
_OWNER = re.compile(
    r"\b(?:owner|assignee|assigned to|who)\s*[:=]\s*(?P<who>[^,;)\]]+)", re.IGNORECASE
)
_ITEM_SPLIT = re.compile(
    r"\s+(?:\u2014|\u2013|--|\|)\s+|\s+-\s+(?=(?:owner|due|[A-Z]{2,}-\d))", re.IGNORECASE
)
BULLET_STATUS = re.compile(r"^\s*(\[[ xX]\]|☐|☑|✅)\s*")


def listed_under(reader: Reader, key: str) -> Section | None:  # noqa: C901 - two item shapes
    """Items nested under a list item that names the section ("- **Review actions**:")."""
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415 - types above
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    names = {normalise(a) for a in SECTION_ALIASES.get(key, [])}
    for section in reader.doc.sections:
        for block in section.blocks:
            if block.kind != "list":
                continue
            for i, (level, text) in enumerate(block.items):
                label, colon, rest = text.partition(":")
                if colon and rest.strip() and normalise(label) in names:
                    # "Review actions: As part of remediation, we have switched …": the
                    # label's one entry is its value.
                    return _Section(label, level, [_Block(kind="list", items=[(0, rest.strip())])])
                if normalise(text) not in names:
                    continue
                items = []
                for sub_level, sub in block.items[i + 1 :]:
                    if sub_level <= level:
                        break
                    if sub_level == level + 1:
                        items.append((0, sub))
                if items:
                    return _Section(text, level, [_Block(kind="list", items=items)])
    return None


#: A follow-up tracked where work is tracked: an issue (not a pull request, which is a change
#: already made), a Phabricator task, a Jira key.
_TRACKED = re.compile(
    r"/issues/\d+|(?<![\w/])T\d{4,7}\b"
    r"|\b(?!(?:CVE|CWE|CAPEC|GHSA|RFC|ISO|SHA|UTF|EIP|BIP|PEP)-)[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"
)
_LEAD_IN = re.compile(r":\s*$")
#: A lead-in that speaks to the reader ("Some things you can do to help prevent this …:")
#: introduces advice, not the team's follow-ups.
_TO_READER = re.compile(r"\byou(?:r)?\b", re.IGNORECASE)


def shaped_actions(reader: Reader, timeline: list[Section]) -> Section | None:
    """Follow-ups under no known heading, recognised by the shape of their list.

    A list is taken when each entry is an open checkbox or a tracked issue ("bug T303155
    Avoid flood of …", ".../issues/3235"), or when the sentence that introduces it names
    follow-ups ("The lessons that we are taking away from this incident are as follows:").
    Lists of the timeline are rows, never follow-ups.
    """
    from tap_postmortems.document import Block as _Block  # noqa: PLC0415
    from tap_postmortems.document import Section as _Section  # noqa: PLC0415

    words = HEADING_WORDS.get("action_items")
    lead_words = vocabulary().action_lead_in
    found: list[tuple[int, str]] = []
    tables: list[Block] = []
    for section in reader.doc.sections:
        if any(section is t for t in timeline):
            continue
        before = ""
        for block in section.blocks:
            if block.kind == "para":
                before = block.text
                continue
            if (
                block.kind == "table"
                and block.rows
                and _ACTION_COLUMN.match(normalise(block.rows[0][0]))
            ):
                # "| Action Item | Owner |" under another heading ("Resolution"): the table
                # says what it holds.
                tables.append(block)
                continue
            if block.kind != "list" or not block.items:
                continue
            entries = _list_entries(block.items)
            tracked = all(_TRACKED.search(e) or BULLET_STATUS.match(e) for e in entries)
            introduced = bool(
                _LEAD_IN.search(before)
                and not _TO_READER.search(before)
                and (lead_words.search(before) or (words is not None and words.search(before)))
            )
            if entries and (tracked or introduced):
                found.extend((0, e) for e in entries)
            before = ""
    blocks = [*tables, *([_Block(kind="list", items=found)] if found else [])]
    return _Section("", 0, blocks) if blocks else None


#: A table's first column that names follow-ups: "Action Item", "Follow-up", "Todo".
_ACTION_COLUMN = re.compile(
    r"^(?:action items?|actions?|follow ?ups?|follow up (?:items?|actions?|tasks?)|to ?dos?|"
    r"corrective actions?|remediation(?: items?)?)$"
)


def read_actions(
    section: Section, doc: Document, options: ParseOptions, zone: tzinfo
) -> list[dict[str, Any]]:
    """The action items of a section: table rows, list entries or paragraph lines."""
    links = doc.link_texts
    out: list[dict[str, Any]] = []

    def due(text: str | None) -> date | None:
        if not text:
            return None
        when = values.parse_datetime(text, default_zone=zone, day_first=options.day_first)
        return when.astimezone(zone).date() if when else None

    def ticket_of(text: str) -> tuple[str | None, str | None]:
        m = _TICKET.search(text)
        key = m.group(1) if m else None
        url = links.get(key) if key else None
        if url is None:
            u = URL.search(text)
            url = u.group(0) if u else None
        if key is None and url is not None:
            gh = GITHUB.search(url)
            key = f"{gh.group(1)}#{gh.group(2)}" if gh else None
        return key, url

    # Where the items are a list or a table, paragraphs around them introduce or comment
    # ("Do EITHER (1) OR (2)", "We take privacy seriously, and …"): they are not items.
    listed = any(b.kind in ("list", "table") for b in section.blocks)
    for block in section.blocks:
        if block.kind == "table" and block.rows:
            out.extend(_action_table(block, due, ticket_of))
            continue
        if listed and block.kind == "para":
            continue
        if block.kind == "list":
            out.extend(_action_line(text, due, ticket_of) for text in _list_entries(block.items))
            continue
        out.extend(_action_line(text, due, ticket_of) for text in _paragraph_items(block.text))
    return [o for o in out if o["text"] and o["text"].lower() not in values.NONE_WORDS]


_SENTENCE_LINE = re.compile(r"^[A-Z][^\n]*[.!?)]$")


def _paragraph_items(text: str) -> list[str]:
    """A prose paragraph's items: itself (its lines only wrapped), or one per line.

    One complete sentence per line, each opening with a capital, is a list written without
    bullets.
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) > 1 and all(_SENTENCE_LINE.match(ln) for ln in lines):
        return lines
    return [" ".join(text.split())]


def _list_entries(items: list[tuple[int, str]]) -> list[str]:
    """The entries of a list: its top-level items, their nested bullets being details.

    A top-level item that ends with a colon ("In the future when …, we should:") introduces
    the bullets nested under it: those are the entries, not it.
    """
    out: list[str] = []
    for i, (level, text) in enumerate(items):
        if level == 0 and text.rstrip().endswith(":"):
            continue
        parent = next((t for lv, t in reversed(items[:i]) if lv < level), None)
        if level == 0 or (level == 1 and parent is not None and parent.rstrip().endswith(":")):
            out.append(text)
    return out


def _action_table(
    block: Block,
    due: Any,  # noqa: ANN401
    ticket_of: Any,  # noqa: ANN401
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    header = [normalise(c) for c in block.rows[0]]
    cols = {key: column_index(header, names) for key, names in vocabulary().action_columns.items()}
    text_col = cols["text"] if cols["text"] is not None else 0

    def cell(row: list[str], key: str) -> str | None:
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) and row[i] else None

    for row in block.rows[1:]:
        text = row[text_col] if text_col < len(row) else ""
        if not text:
            continue
        ticket, url = ticket_of(cell(row, "ticket") or "")
        status_text = cell(row, "status")
        out.append(
            {
                "text": text,
                "owner": cell(row, "owner"),
                "due_date": due(cell(row, "due")),
                "ticket": ticket,
                "ticket_url": url,
                "status": values.parse_item_status(status_text) if status_text else None,
            }
        )
    return out


def _action_line(
    line: str,
    due: Any,  # noqa: ANN401
    ticket_of: Any,  # noqa: ANN401
) -> dict[str, Any]:
    status = None
    m = BULLET_STATUS.match(line)
    if m:
        status = "done" if m.group(1) in ("[x]", "[X]", "☑", "✅") else "open"
        line = line[m.end() :]
    parts = _ITEM_SPLIT.split(line, maxsplit=1)
    text = parts[0].strip()
    meta = parts[1] if len(parts) > 1 else ""
    # Trailing "(owner: …, due …, REL-1)" in parentheses counts as metadata too.
    paren = re.search(r"\(([^()]*(?:owner|due|[A-Z]{2,}-\d)[^()]*)\)\s*$", text, re.IGNORECASE)
    if paren and not meta:
        meta, text = paren.group(1), text[: paren.start()].strip()
    owner_m = _OWNER.search(meta)
    due_m = _DUE.search(meta)
    ticket, url = ticket_of(meta) if meta else (None, None)
    if status is None and meta:
        bracket = re.search(r"\[([^\]]+)\]|\bstatus\s*:\s*([\w -]+)", meta, re.IGNORECASE)
        if bracket:
            status = values.parse_item_status(bracket.group(1) or bracket.group(2))
    return {
        "text": text.rstrip(" .;,"),
        "owner": owner_m.group("who").strip() if owner_m else None,
        "due_date": due(due_m.group("when")) if due_m else None,
        "ticket": ticket,
        "ticket_url": url,
        "status": status,
    }
