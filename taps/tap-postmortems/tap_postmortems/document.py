"""A postmortem document as headings, paragraphs, lists and tables, whatever it was written in.

Google Docs' HTML export and Markdown (rendered to HTML first) are reduced to one small
model: a title and a list of sections, each holding blocks in reading order. Field
extraction (:mod:`tap_postmortems.parser`) only ever sees this model, so one set of rules
reads every template and both formats.

Google Docs' export quirks handled here: generated style classes and ``<span>`` runs (text
is joined without separators, as the reader sees it), ``https://www.google.com/url?q=``
link wrappers, comment anchors (``[a]`` references and the comment bodies at the end),
nested list levels expressed as classes (``lst-kix_…-1``) rather than nesting, and
non-breaking spaces.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs

from bs4 import BeautifulSoup, NavigableString, Tag
from dateutil import parser as date_parser

from tap_postmortems.links import parsed_url

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = {"div", "section", "article", "main", "blockquote", "body", "html", "center"}
_LIST_LEVEL = re.compile(r"lst-kix_(\w+)-(\d+)")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2007\u202f\u200b]+")
#: An ordinal whose suffix a PDF's conversion set apart (it was a superscript): "March 8 th ,
#: 2017", "the 3 rd of May".
_SPLIT_ORDINAL = re.compile(r"\b(\d{1,2}) (st|nd|rd|th)\b ?(?=,|\s\d{4}\b|\sof\s)")
_FRONT_MATTER = re.compile(r"\A(?P<fence>---|\+\+\+)\s*\n(?P<body>.*?)\n(?P=fence)\s*\n", re.DOTALL)
#: A YAML front matter whose opening ``---`` was lost: the file opens straight on its fields
#: (and their list items, "affected:\n  - Copr") and the closing ``---`` ends them.
_FRONT_UNOPENED = re.compile(
    r"\A(?P<body>(?:[A-Za-z_][\w-]*[ \t]*:[^\n]*\n|[ \t]+-[^\n]*\n)+)---[ \t]*\n"
)
_FRONT_DATE = re.compile(
    # (Zine's front matter writes its fields with a dot: '.date = "2025-09-08T00:00:00.000Z",')
    r"^\.?(?:date\s*[:=]\s*[\"']?(\d{4})-(\d{2})-(\d{2})|path\s*=\s*\"[^\"]*?/(\d{4})/(\d{2})/(\d{2})/)",
    re.MULTILINE,
)
#: A front matter's date written with slashes, as a blog export does: "date: 12/21/2011" (month
#: first, unless the first number cannot be a month: "date: 21/12/2011").
_FRONT_SLASHED_DATE = re.compile(
    r"^date\s*[:=]\s*[\"']?(\d{1,2})/(\d{1,2})/(\d{4})\b", re.MULTILINE | re.IGNORECASE
)
_FRONT_TITLE = re.compile(
    r"^\.?(?:page[-_])?title\s*[:=]\s*(?P<q>[\"']?)(?P<title>.+?)(?P=q),?\s*$", re.MULTILINE
)
#: Pelican's (and MultiMarkdown's) metadata: "Key: value" lines opening a Markdown file, up
#: to its first blank line ("Title: …", "Slug: …", "Date: 2019-11-17 11:58", "Tags: …").
_META_BLOCK = re.compile(r"\A(?P<body>(?:[A-Za-z][\w-]*[ \t]*:[^\n]*\n)+)[ \t]*\n")
#: Keys only a blog engine's metadata has; with a title they make the block front matter,
#: not a postmortem's own header fields ("Date: …", "Authors: …", "Status: …").
_META_KEYS = frozenset(
    # (a Jekyll export's "permalink:" and "layout:" too, without its "---" fences)
    {"slug", "tags", "category", "categories", "save_as", "lang", "modified", "permalink", "layout"}
)
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*[:=][ \t]*(?P<value>.*?)\s*$", re.MULTILINE)


#: A clock's half of the day written with dots, as US style guides and notices write it ("7:09
#: p.m. UTC", "10 A.M. (ET)"), and the word after it.
_DOTTED_HALF = re.compile(r"(?<=\d)(?P<gap>\s?)(?P<h>[aApP])\.(?P<m>[mM])\.(?P<after>\s+\(?\w+)?")
#: What may follow such a clock inside its sentence: a zone ("UTC", "EDT", "ET"), a weekday or a
#: month ("p.m. Monday", "a.m. May 3"), a word in lower case or a number.
_IN_SENTENCE = re.compile(
    r"\s+\(?(?:[A-Z]{1,5}\b(?![a-z])|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec|Eastern|Pacific|Central|Mountain)[a-z]*\b|[a-z\d])"
)


#: A line's opening before a row's stamp: bullets, a day ("May 3, "), no words of a sentence.
_STAMP_LEAD = re.compile(
    r"[\W\d_]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?[\W\d_]*)*"
)


def _undotted_half(m: re.Match[str]) -> str:
    """A clock's "p.m." as "pm", its last dot kept where it also ends a sentence ("5 p.m. The").

    A row's stamp ("5:04 p.m. Mailman maintenance started") ends no sentence.
    """
    after = m.group("after") or ""
    line = m.string[m.string.rfind("\n", 0, m.start()) + 1 : m.start()]
    ends = bool(after) and not _IN_SENTENCE.match(after) and not _STAMP_LEAD.fullmatch(line)
    return f"{m.group('gap')}{m.group('h')}{m.group('m')}{'.' * ends}{after}"


def clean(text: str, *, ordinals: bool = True) -> str:
    """Collapse runs of (non-breaking) spaces and trim each line.

    ``ordinals``: join an ordinal's suffix set apart ("8 th ," to "8th,") so that the date
    reads, and write a clock's "p.m." as "pm", so that a sentence does not end at its dots; a
    heading keeps what it says as written, since it is the title a reader quotes.
    """
    if ordinals:
        text = _DOTTED_HALF.sub(_undotted_half, text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    if ordinals:
        lines = (_SPLIT_ORDINAL.sub(r"\1\2", line) for line in lines)
    return "\n".join(line for line in lines if line)


@dataclass(slots=True)
class Block:
    """One paragraph, list or table.

    Attributes:
        kind: ``para``, ``list`` or ``table``.
        text: A paragraph's text (lines kept apart by newlines).
        items: A list's items as ``(level, text)``; level 0 is the outermost.
        rows: A table's rows of cell texts (the header row included).
        links: Every link target in the block, unwrapped, in order.
        link_texts: Link text -> target, to recover a ticket's URL from its key.
        quoted: Whether the block is preformatted text quoted as it is (a log excerpt).
    """

    kind: str
    text: str = ""
    items: list[tuple[int, str]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    link_texts: dict[str, str] = field(default_factory=dict)
    #: Preformatted text (a code block: a log, a command, an alert's message) quoted as it is.
    quoted: bool = False

    def lines(self) -> list[str]:
        """Every line of text in the block (list items and table rows flattened)."""
        if self.kind == "para":
            return self.text.split("\n")
        if self.kind == "list":
            return [text for _, text in self.items]
        return [ROW_JOIN.join(row) for row in self.rows]


#: How ``Block.lines`` joins a table row's cells into one line.
ROW_JOIN = " | "


@dataclass(slots=True)
class Section:
    """A heading and what follows it up to the next heading of any level."""

    title: str
    level: int
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """A document reduced to its title, its sections and its links."""

    title: str | None
    sections: list[Section]
    html_title: str | None = None
    #: When the document was published, if its front matter says (a blog post's ``date``):
    #: gives the year to a date written without one ("On August 16, …").
    published: str | None = None
    #: The front matter's top-level scalar fields (key in lower case -> value, unquoted), as a
    #: status page's issue keeps its moments there (``date:``, ``resolvedWhen:``).
    front: dict[str, str] = field(default_factory=dict)
    #: How many stamped components (a status page's ``<Update date="…">``) the text has: each
    #: is a row of the issue's timeline, also when it is the only one.
    updates: int = 0

    @property
    def page_title(self) -> str | None:
        """The title as the page writes it: its own, else its first level-1 heading.

        A saved article without a ``<title>`` opens on its headline as its level-1 heading.
        """
        headline = next((s.title for s in self.sections if s.level == 1 and s.title), None)
        return self.title or headline

    @property
    def links(self) -> list[str]:
        """Every link in the document, in order, without repeats."""
        seen: dict[str, None] = {}
        for section in self.sections:
            for block in section.blocks:
                for link in block.links:
                    seen.setdefault(link, None)
        return list(seen)

    @property
    def link_texts(self) -> dict[str, str]:
        """Link text -> target over the whole document."""
        out: dict[str, str] = {}
        for section in self.sections:
            for block in section.blocks:
                out.update(block.link_texts)
        return out

    def is_empty(self) -> bool:
        """Whether the document holds no text at all."""
        return not self.title and not any(s.blocks or s.title for s in self.sections)


def unwrap_link(href: str) -> str:
    """The real target of a link (Google's ``/url?q=`` redirect removed)."""
    href = href.strip()
    parsed = parsed_url(href)
    if parsed is None:  # a defanged address ("https://evil[.]example/"): kept as written
        return href
    if parsed.netloc.endswith("google.com") and parsed.path == "/url":
        target = parse_qs(parsed.query).get("q")
        if target:
            return target[0]
    return href


def from_markdown(text: str) -> Document:
    """Parse a Markdown document (CommonMark with tables).

    Front matter (YAML ``---`` or TOML ``+++``, as static-site generators write it) is not
    text; its ``title`` is the document's title when no level-1 heading gives one.
    """
    text = text.replace("\r\n", "\n")
    front = _FRONT_MATTER.match(text) or _front_unopened(text)
    front_title = None
    published = None
    body: str | None = None
    if front is not None:
        text, body = text[front.end() :], front.group("body")
    else:
        text, body = _mdx_prelude(text)
    if body is None and (meta := _pelican_meta(text)) is not None:
        text, body = text[len(meta[0]) :], meta[1]
    fields: dict[str, str] = {}
    if body is not None:
        front_title, published, fields = _front_facts(body)
    updates = sum(len(p.findall(text)) for p in (_STAMPED_ELEMENT, _STATUSFY_UPDATE, _TRACKED))
    text = _STATUSFY_UPDATE.sub(_statusfy_line, _STAMPED_ELEMENT.sub(_stamped_line, text))
    text = _TRACKED.sub(r"\g<stamp> \g<text>", text)
    doc = from_html(markdown_html(text))
    if doc.title is None and front_title and not re.match(r"\s*#\s", text):
        # A static site's post declares its title in the front matter and renders it as the
        # page's title; when the body does not open with a level-1 heading, its later
        # "# Timeline", "# Background" headings are sections, not the title.
        doc.title = front_title
    if doc.title is None:
        # In Markdown the first level-1 heading is the title.
        for i, section in enumerate(doc.sections):
            if section.level == 1:
                doc.title = section.title
                doc.sections[i] = Section("", 1, section.blocks)
                break
    if doc.title is None:
        doc.title = front_title
    elif front_title and published:
        # A dated post's layout renders its front matter's title as the page's heading, above
        # the body: that is the post's name, and a first "# The Incident" or "# Login Failures
        # into Silver Cluster" is its opening section. An undated page's front title (a docs
        # site's "title: … / weight: 1") is only the browser's title; its H1 names it.
        doc.title = front_title
    doc.published = published
    doc.front = fields
    doc.updates = updates
    return doc


#: A marker written in angle brackets into a timeline ("<START OF OUTAGE>", "<PARTIAL END OF
#: OUTAGE>"): words in capitals that Markdown would pass on as an HTML tag, and so lose.
_ANGLED_MARKER = re.compile(r"<(?P<words>[A-Z]+(?: [A-Z]+)+)>")
#: Elements whose tag takes bare attributes, so may be written "<TD NOWRAP>" (no marker).
_ELEMENTS = frozenset(
    {"audio", "button", "details", "dl", "hr", "iframe", "img", "input", "ol", "option"}
    | {"script", "select", "table", "td", "textarea", "th", "ul", "video"}
)


def markdown_html(text: str) -> str:
    """A Markdown body as the HTML the reader walks: CommonMark with tables, markers as text."""
    from markdown_it import MarkdownIt  # noqa: PLC0415 - only local folders need it

    return MarkdownIt("commonmark").enable("table").render(_ANGLED_MARKER.sub(_marker_kept, text))


def _marker_kept(m: re.Match[str]) -> str:
    """A marker in angle brackets as text; a real tag (its name an element's) as it is."""
    if m["words"].split(" ", 1)[0].lower() in _ELEMENTS:
        return m.group(0)
    return f"&lt;{m['words']}&gt;"


def _front_unopened(text: str) -> re.Match[str] | None:
    """A front matter that lost its opening ``---`` (title among its fields), if it opens ``text``.

    Without a title the block could be a report's own fields over a rule; with one it is a
    static site's front matter (Markdown would render the lines as one heading).
    """
    lost = _FRONT_UNOPENED.match(text)
    return lost if lost is not None and _FRONT_TITLE.search(lost["body"]) else None


def _pelican_meta(text: str) -> tuple[str, str] | None:
    """A Pelican post's opening metadata lines (as written, and with lower-case keys).

    Its "Date:" is the post's publication, like a front matter's ``date``, not a "Date:"
    label of the report; its "Title:" names the post.
    """
    m = _META_BLOCK.match(text)
    if m is None:
        return None
    keys = {k.group("key").lower() for k in _FRONT_FIELD.finditer(m.group("body"))}
    if "title" not in keys or not keys & _META_KEYS:
        return None
    body = _FRONT_FIELD.sub(
        lambda f: f"{f.group('key').lower()}: {f.group('value')}", m.group("body")
    )
    if not _FRONT_DATE.search(body):
        # "published: Mon, 17 Feb 2020 at 04:57 AM": the day, as a front matter writes it.
        fields = front_fields(body)
        for key in ("date", "published"):
            try:
                day = date_parser.parse(fields.get(key, ""), fuzzy=True, ignoretz=True).date()
            except (ValueError, OverflowError):
                continue
            body += f"\ndate: {day.isoformat()}"
            break
    return m.group(0), body


def _front_facts(body: str) -> tuple[str | None, str | None, dict[str, str]]:
    """A front matter's title, publication day (ISO) and top-level fields."""
    # "post&#x2011;mortem": a front matter's value is HTML text too (a character reference).
    title = html.unescape(m.group("title").strip()) if (m := _FRONT_TITLE.search(body)) else None
    day = _FRONT_DATE.search(body)
    published = "-".join(g for g in day.groups() if g) if day else _slashed_front_date(body)
    return title, published, front_fields(body)


def _slashed_front_date(body: str) -> str | None:
    """A front matter's "date: 12/21/2011" as an ISO day, if it is a real one."""
    m = _FRONT_SLASHED_DATE.search(body)
    if m is None:
        return None
    first, second, year = (int(g) for g in m.groups())
    month, day = (second, first) if first > 12 else (first, second)  # noqa: PLR2004 - months
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


#: The head of a WML (Website META Language) page: "<define-tag pagetitle>…</define-tag>",
#: "<define-tag release_date>2003-11-21</define-tag>", "#use wml::debian::news", "# $Id: … $".
_WML_HEAD = re.compile(
    r"\A(?=<define-tag )(?:<define-tag [\w-]+>[^\n]*</define-tag>[ \t]*\n|#[^\n]*\n|[ \t]*\n)+"
)
_WML_TAG = re.compile(r"<define-tag ([\w-]+)>([^\n]*?)</define-tag>")


def _html_with_front(text: str) -> Document:
    """An HTML body under a static site's front matter (a Jekyll post written in HTML).

    The front matter is no text: its title names the post when no level-1 heading does,
    its date is the post's publication, as for a Markdown post.
    """
    text = text.replace("\r\n", "\n")
    front = _FRONT_MATTER.match(text)
    if front is not None:
        head, body = front.group(0), front.group("body")
    elif (meta := _pelican_meta(text)) is not None:
        # A blog export's title, date, permalink and layout lines over the HTML with no
        # fences: its metadata all the same.
        head, body = meta
    elif (wml := _WML_HEAD.match(text)) is not None:
        # A WML page's source (the Debian web site's News): its tags name and date the
        # item; "#use" and "# $Id: … $" lines are the build's, no text.
        head = wml.group(0)
        tags = dict(_WML_TAG.findall(head))
        body = f"title: {tags.get('pagetitle', '')}\ndate: {tags.get('release_date', '')}"
    else:
        return from_html(text)
    doc = from_html(text[len(head) :])
    title, doc.published, doc.front = _front_facts(body)
    doc.title = doc.title or title
    return doc


#: An MDX component that stamps what it wraps: a status page's ``<Update
#: date="2022-04-21T11:34:00.000Z">The migration was rolled back …</Update>``.
_STAMPED_ELEMENT = re.compile(
    r"<(?P<tag>[A-Z][\w.]*)\s+(?:[\w-]+=\S+\s+)*?(?:date|datetime|time|timestamp)="
    r"[{\"']*(?P<stamp>[^\"'}>]+)[}\"']*[^>]*>(?P<text>.*?)</(?P=tag)\s*>",
    re.DOTALL,
)


#: A Statusfy entry's update, a Markdown container: "::: update Resolved |
#: 2021-05-03T22:51:55.840Z", its text, then ":::".
_STATUSFY_UPDATE = re.compile(
    r"^:::[ \t]*update[ \t]+(?P<state>[^|\n]*?)[ \t]*\|[ \t]*(?P<stamp>[^\n]+?)[ \t]*\n"
    r"(?P<text>.*?)^:::[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


#: A cState entry's update, its stamp in a Hugo shortcode at its end: "*Update* - This
#: incident has been resolved. {{< track "2019-02-15 15:18:00" >}}".
_TRACKED = re.compile(
    r'^(?P<text>[^\n]*?)[ \t]*\{\{<[ \t]*track[ \t]+"(?P<stamp>[^"\n]+)"[ \t]*>\}\}[ \t]*$',
    re.MULTILINE,
)


def _statusfy_line(m: re.Match[str]) -> str:
    """A Statusfy update as a timeline's row: its stamp, its state ("Resolved:"), its text."""
    return f"\n\n{m.group('stamp')} {m.group('state')}: {' '.join(m.group('text').split())}\n\n"


def _stamped_line(m: re.Match[str]) -> str:
    """A stamped component as the paragraph a timeline's row is: its stamp, then its text."""
    return f"\n\n{m.group('stamp').strip()} {' '.join(m.group('text').split())}\n\n"


def _mdx_prelude(text: str) -> tuple[str, str | None]:
    """An MDX page's opening imports and exports left out, its metadata object as front matter.

    ``export const post = { date: '2024-11-19', title: '…' }`` is what a Next.js blog keeps
    where a Jekyll post has front matter: its fields are no "Date:" label of the text.
    """
    lines = text.split("\n")
    i, body = 0, None
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.startswith(("import ", "export default ")):
            i += 1
        elif _MDX_OBJECT.match(line):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("}")), None)
            if end is None:
                break
            fields = "\n".join(ln.strip().rstrip(",") for ln in lines[i + 1 : end])
            body = body if body is not None and _FRONT_DATE.search(body) else fields
            i = end + 1
        else:
            break
    if i == 0 or body is None:
        return text, None
    return "\n".join(lines[i:]), body


_MDX_OBJECT = re.compile(r"^export\s+const\s+\w+\s*=\s*\{\s*$")


def front_fields(body: str) -> dict[str, str]:
    """A front matter's top-level ``key: value`` fields (lists and comments left out)."""
    out: dict[str, str] = {}
    for m in _FRONT_FIELD.finditer(body):
        value = m.group("value").split(" #", 1)[0].strip().strip("\"'")
        if value:
            out.setdefault(m.group("key").lower(), value)
    return out


def from_html(html: str) -> Document:
    """Parse an HTML document (Google Docs' export or any plain HTML)."""
    soup = BeautifulSoup(html, "html.parser")
    _strip_comments(soup)
    _close_items(soup)
    for br in soup.find_all("br"):
        br.replace_with("\n")
    html_title = None
    if soup.title is not None:
        html_title = clean(soup.title.get_text()) or None
    _bold_runs_tagged(soup)
    for tag in soup.find_all(["head", "script", "style", "title"]):
        tag.decompose()
    builder = _Builder()
    builder.walk(soup)
    sections = _banner_dropped([s for s in builder.sections if s.title or s.blocks], html_title)
    for section in sections:
        section.blocks = _rows_run_on([_table_unwrapped(b) for b in section.blocks])
    sections = _timeline_line_headed(sections)
    # An element the page names its title ("<p id='title'>mysql outage</p>" in a hand-made
    # outage log, whose <title> is the log's): the document's, when no class says so.
    named = soup.find(id="title")
    title = builder.title or (clean(named.get_text(" ")) if named is not None else "") or None
    return Document(title=title, sections=sections, html_title=html_title)


#: A line that names the timeline under it, written as a paragraph of its own rather than a
#: heading: "Timeline (all times in PST/PDT)", "Timeline:".
_TIMELINE_LINE = re.compile(r"(?i)timeline\s*(?:\([^()\n]{1,60}\))?\s*:?")


def _timeline_line_headed(sections: list[Section]) -> list[Section]:
    """A document with no timeline heading whose timeline is named by a line of its own.

    A Google Doc converted to Markdown can lose its heading styles, leaving "Timeline (all
    times in PST/PDT)" as a paragraph over the rows. Read as the heading it was, it opens the
    timeline's section (at the level under its own) and states its zone.
    """
    if any("timeline" in s.title.lower() for s in sections):
        return sections
    for at, section in enumerate(sections):
        for i, block in enumerate(section.blocks):
            if block.kind == "para" and _TIMELINE_LINE.fullmatch(block.text.strip()):
                rest = Section(block.text.strip(), section.level + 1, section.blocks[i + 1 :])
                section.blocks = section.blocks[:i]
                return [*sections[: at + 1], rest, *sections[at + 1 :]]
    return sections


#: A table row run into a paragraph: its time, then the cell bar ("9:30AM PST| …").
_RUN_ON_ROW = re.compile(
    r"(?<![\w:])(?P<time>\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s*(?-i:[A-Z]{2,4}))?"
    r"(?:\s*\([^()|]{1,20}\))?)\s*\|\s*"
)
_CLOCK_CELL = re.compile(r"^\s*~?\d{1,2}:\d{2}(?!\d)")


#: A pipe table's delimiter row written inside a paragraph ("| Time | | | --- | --- | | …").
_INLINE_DELIMITER = re.compile(r"\|\s*:?-{3,}:?\s*\|\s*:?-{3,}:?\s*\|")
#: A clock cell of such a table ("| | 11:40 |", "| 02:18 |"): it opens a row.
_INLINE_CLOCK_CELL = re.compile(r"\|\s*(?P<time>\d{1,2}:\d{2})\s*\|")


def _table_unwrapped(block: Block) -> Block:
    """A Markdown pipe table that a formatter reflowed into a paragraph, as the table it was.

    Rewrapped at 80 columns, its rows run on across the lines ("| Time | | | --- | --- | |
    _11:40_ | @tvolkert tries to push … | | _12:02_ | …") and Markdown no longer sees a
    table: each clock cell after the delimiter row opens a row again, its event the words up
    to the next one.
    """
    text = " ".join(block.text.split())
    if block.kind != "para" or (head := _INLINE_DELIMITER.search(text)) is None:
        return block
    found = list(_INLINE_CLOCK_CELL.finditer(text, head.end()))
    if len(found) < 2:  # noqa: PLR2004 - one clock is no table of rows
        return block
    rows = [[cell.strip() for cell in text[: found[0].start()].split("|")[1:3]]]
    for m, after in zip(found, [*found[1:], None], strict=True):
        end = after.start() if after is not None else len(text)
        rows.append([m["time"], text[m.end() : end].strip(" |")])
    return Block("table", rows=rows, links=block.links, link_texts=block.link_texts)


def _rows_run_on(blocks: list[Block]) -> list[Block]:
    """A two-column timeline table whose last rows a formatter ran together into a paragraph.

    A blank line inside a Markdown table ends it; the rows after it become one paragraph
    ('… had been rebooted." 9:30AM PST| "OSL confirms …" 11:07AM PST| Power restored …'):
    each time before a cell bar opens a row again, and the words before the first one end
    the table's last row.
    """
    out: list[Block] = []
    for block in blocks:
        table = out[-1] if out else None
        found = list(_RUN_ON_ROW.finditer(text := block.text.replace("\n", " ")))
        if (
            table is None
            or table.kind != "table"
            or block.kind != "para"
            or not found
            or len(table.rows) < 2  # noqa: PLR2004 - a header and one row at least
            or any(len(row) != 2 or not _CLOCK_CELL.match(row[0]) for row in table.rows[1:])  # noqa: PLR2004
        ):
            out.append(block)
            continue
        if lead := text[: found[0].start()].strip():
            table.rows[-1][-1] = f"{table.rows[-1][-1]} {lead}"
        for m, after in zip(found, [*found[1:], None], strict=True):
            end = after.start() if after is not None else len(text)
            table.rows.append([m["time"].strip(), text[m.end() : end].strip()])
    return out


def _banner_dropped(sections: list[Section], html_title: str | None) -> list[Section]:
    """A blog's name in its banner's <h1> yields to the entry's heading the page is named for.

    A status blog's entry page ("Power Outage Update (USPTO Systems Status and Availability)"
    in its <title>) heads every page with the blog's name as <h1> and the entry's name as
    <h2>: the entry's heading is the page's, its story the lead, and the banner no section.
    """
    banner = next((s for s in sections if s.level == 1 and s.title), None)
    if banner is None or not html_title:
        return sections
    site = re.escape(banner.title)
    page = re.match(
        rf"^(?P<page>.+?)\s*(?:\(\s*{site}\s*\)|[-\u2013\u2014|:]\s*{site})$", html_title
    )
    if page is None:
        return sections
    entry = next((s for s in sections if s.title == page["page"].strip()), None)
    if entry is None or entry is banner:
        return sections
    return [
        Section("", 0, s.blocks)
        if s is banner
        else Section(s.title, 1, s.blocks)
        if s is entry
        else s
        for s in sections
    ]


def _strip_comments(soup: BeautifulSoup) -> None:
    """Remove comment references (``[a]``) and comment bodies (Google Docs' export)."""
    for anchor in soup.find_all("a", id=re.compile(r"^(cmnt|ftnt)_ref\d+")):
        parent = anchor.parent
        if isinstance(parent, Tag) and parent.name == "sup":
            parent.decompose()
        else:
            anchor.decompose()
    for anchor in soup.find_all("a", id=re.compile(r"^cmnt\d+")):
        # The comment body: a <div> holding the back-reference and the comment text.
        holder = anchor.find_parent("div") or anchor.parent
        if isinstance(holder, Tag):
            holder.decompose()


def _close_items(soup: BeautifulSoup) -> None:
    """End each list item where the next one starts, as browsers do.

    Hand-written pages leave ``</li>`` out (Debian's News: ``<li>Nov 19  17:00  Attacker
    logs in`` one per line), and ``html.parser`` then nests every item in the one before:
    a timeline of twenty rows read as one.
    """
    for item in soup.find_all("li"):
        inner = item.find("li", recursive=False)
        if inner is not None:
            for moved in reversed([inner, *inner.find_next_siblings()]):
                item.insert_after(moved.extract())


#: Tags that end a paragraph they are written inside.
_BLOCK_TAGS = ["ul", "ol", "table", "dl", "pre"]


class _Builder:
    def __init__(self) -> None:
        self.title: str | None = None
        self.sections: list[Section] = [Section("", 0)]
        self._list_depth = 0
        self._bold: Section | None = None  # the last section a bold line opened
        # The last Docs list block and its list's id: Docs closes and reopens <ul> at every
        # level change, and a tag with the same id continues that list.
        self._docs_list: tuple[Block, str] | None = None

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def walk(self, node: Tag) -> None:  # noqa: C901, PLR0912 - a dispatch on tag names
        for child in list(node.children):
            if isinstance(child, NavigableString):
                text = clean(str(child))
                if text and child.__class__ is NavigableString:
                    self.current.blocks.append(Block("para", text=text))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _HEADINGS:
                self.sections.append(Section(_text(child, ordinals=False), _HEADINGS[name]))
            elif name == "p":
                self._paragraph(child)
            elif name in ("ul", "ol"):
                self._list(child)
            elif name == "dl":
                self._definitions(child)
            elif name == "table":
                self._table(child)
            elif name == "pre":
                text = child.get_text()
                if text.strip():
                    block = Block("para", text=clean(text), quoted=True)
                    self.current.blocks.append(block)
            elif name in _CONTAINERS:
                self.walk(child)
            elif name == "hr":
                continue
            else:
                text = _text(child)
                if text:
                    self.current.blocks.append(_with_links(Block("para", text=text), child))

    def _paragraph(self, tag: Tag) -> None:
        if tag.find(_BLOCK_TAGS, recursive=False) is not None:
            self._split_paragraph(tag)
            return
        text = _text(tag)
        if not text:
            return
        classes: list[str] = list(tag.get("class") or [])
        if "title" in classes and self.title is None:
            self.title = text
            return
        if (self.current.level <= 1 or self._bold is self.current) and (
            label := _bold_line(tag)
        ) is not None:
            # "**Root causes**:" alone on its line over the paragraphs it names, in a document
            # whose title is its only heading so far: its sections are marked in bold. (Under
            # a real heading a bold line is that section's emphasis or a label.)
            self.sections.append(Section(label, 2))
            self._bold = self.current
            return
        self.current.blocks.append(_with_links(Block("para", text=text), tag))

    def _split_paragraph(self, tag: Tag) -> None:
        """A <p> that holds a list or table (HTML written by hand: "… are:" <ul> … </p>).

        Browsers close the paragraph before the list; the text before it, the list and the
        text after are read as three blocks, not one paragraph of run-together lines.
        """
        soup = BeautifulSoup("", "html.parser")
        run = soup.new_tag("p")
        for child in list(tag.children):
            if isinstance(child, Tag) and child.name in _BLOCK_TAGS:
                self._paragraph(run)
                run = soup.new_tag("p")
                holder = soup.new_tag("div")
                holder.append(child.extract())
                self.walk(holder)
            else:
                run.append(child.extract())
        self._paragraph(run)

    def _list(self, tag: Tag, depth: int = 0) -> None:
        classes = " ".join(tag.get("class") or [])
        m = _LIST_LEVEL.search(classes)
        level = int(m.group(2)) if m else depth
        items: list[tuple[int, str]] = []
        block = Block("list")
        for li in tag.find_all("li", recursive=False):
            nested = li.find_all(["ul", "ol"], recursive=False)
            for sub in nested:
                sub.extract()
            text = _text(li)
            if text:
                items.append((level, text))
            _with_links(block, li)
            for sub in nested:
                sub_block = Block("list")
                self._collect_nested(sub, level + 1, sub_block)
                items.extend(sub_block.items)
                block.links.extend(sub_block.links)
                block.link_texts.update(sub_block.link_texts)
        if not items:
            return
        block.items = items
        previous = self.current.blocks[-1] if self.current.blocks else None
        # Google Docs closes and reopens <ul> at every level change: one list, many tags,
        # each with its list's id. A level-0 tag with another id starts a list of its own
        # (a timeline's items, then the lessons' bullets).
        last = self._docs_list
        continues = (
            m is not None and last is not None and last[0] is previous and last[1] == m.group(1)
        )
        if previous is not None and previous.kind == "list" and (level > 0 or continues):
            previous.items.extend(items)
            previous.links.extend(block.links)
            previous.link_texts.update(block.link_texts)
        else:
            self.current.blocks.append(block)
            previous = block
        if m is not None:
            self._docs_list = (previous, m.group(1))

    def _definitions(self, tag: Tag) -> None:
        """A definition list as a list: each term with its definitions ("10:02" + "Errors …")."""
        block = Block("list")
        for dt in tag.find_all("dt"):
            parts = [_text(dt)]
            for sibling in dt.find_next_siblings():
                if not isinstance(sibling, Tag) or sibling.name != "dd":
                    break
                parts.append(_text(sibling))
            text = " ".join(p for p in parts if p)
            if text:
                block.items.append((0, text))
        _with_links(block, tag)
        if block.items:
            self.current.blocks.append(block)

    def _collect_nested(self, tag: Tag, level: int, block: Block) -> None:
        for li in tag.find_all("li", recursive=False):
            nested = li.find_all(["ul", "ol"], recursive=False)
            for sub in nested:
                sub.extract()
            text = _text(li)
            if text:
                block.items.append((level, text))
            _with_links(block, li)
            for sub in nested:
                self._collect_nested(sub, level + 1, block)

    def _table(self, tag: Tag) -> None:
        rows = [tr for tr in tag.find_all("tr") if tr.find_parent("table") is tag]
        lone = rows[0].find_all(["td", "th"], recursive=False) if len(rows) == 1 else []
        if len(lone) == 1 and lone[0].find(["p", "ul", "ol", *_HEADINGS]) is not None:
            # An older page laid out in a table of one cell (an agency's announcement: its
            # "Publication Date:", "Summary:" and story as paragraphs in a <td>): no table of
            # values, but the page's own paragraphs.
            self.walk(lone[0])
            return
        block = Block("table")
        for tr in tag.find_all("tr"):
            if tr.find_parent("table") is not tag:
                continue
            cells = [_cell_text(td) for td in tr.find_all(["td", "th"], recursive=False)]
            cells = [clean(c).replace("\n", " ") for c in cells]
            if any(cells):
                block.rows.append(cells)
        _with_links(block, tag)
        if block.rows:
            self.current.blocks.append(block)


#: A rule of a page's style sheet: ".c7{font-weight:700;…}".
_CSS_RULE = re.compile(r"\.([\w-]+)\s*\{([^{}]*)\}")
_BOLD_WEIGHT = re.compile(r"font-weight:\s*(?:bold|[6-9]00)\b")


def _bold_runs_tagged(soup: BeautifulSoup) -> None:
    """Google Docs' bold runs as ``<b>``: its export writes bold as a style, never a tag.

    The style is a generated class of the export's style sheet (".c7{font-weight:700}") or,
    from some exports, inline on the span (nprapps/copydoc issue 9 reports both). A Doc's
    "Root cause" typed in bold on a line of its own is then read as ``**Root cause**`` is in
    Markdown.
    """
    css = " ".join(style.get_text() for style in soup.find_all("style"))
    bold = {name for name, body in _CSS_RULE.findall(css) if _BOLD_WEIGHT.search(body)}
    for span in soup.find_all("span"):
        if bold.intersection(span.get("class") or []) or _BOLD_WEIGHT.search(
            str(span.get("style") or "")
        ):
            span.name = "b"


def _bold_line(tag: Tag) -> str | None:
    """The words of a paragraph that is one short bold phrase ("**Impact**", "**Impact**:").

    Runs that hold only the colon or spaces do not count (a Doc often leaves the colon out of
    the bold run); bold runs next to each other are one phrase.
    """
    parts = [
        c for c in tag.children if (_text(c) if isinstance(c, Tag) else str(c)).strip(" :\n\u00a0")
    ]
    if not parts or any(not isinstance(p, Tag) or p.name not in ("strong", "b") for p in parts):
        return None
    words = _text(tag).strip().rstrip(":").strip()
    if not words or len(words) > _BOLD_HEADING_MAX or words[-1] in ".!?" or words[0].isdigit():
        return None
    return words


#: Longer bold lines are emphasis, not headings.
_BOLD_HEADING_MAX = 60


def _text(tag: Tag, *, ordinals: bool = True) -> str:
    # Spans split words anywhere in Google Docs' export: join them without separators.
    return clean(tag.get_text(""), ordinals=ordinals)


def _with_links(block: Block, tag: Tag) -> Block:
    for a in tag.find_all("a", href=True):
        href = a["href"]
        if not isinstance(href, str) or href.startswith("#"):
            continue
        target = unwrap_link(href)
        block.links.append(target)
        label = clean(a.get_text(""))
        if label:
            block.link_texts[label] = target
    return block


#: A line that starts a new page of a printed export: "1 of 3   20.02.2026, 14:50".
_PAGE_FOOTER = re.compile(r"^\s*\d{1,3}\s+of\s+\d{1,3}\b")
_GAP = re.compile(r"\S(\s{6,})(?=\S)")
#: A report's status line under its title ("Status: Draft", "Status: Reviewed").
_STATUS_LINE = re.compile(r"^status\s*:\s*\w+", re.IGNORECASE)


def is_plain_text(text: str) -> bool:
    """Whether a non-HTML document is plain text rather than Markdown.

    Plain text has no Markdown heading at all; a PDF or print export laid out in columns
    (runs of spaces inside lines) is always plain text. A static site's post under a front
    matter (TOML's ``+++`` fences too, as Zola and Hugo write it) is Markdown, headings or not.
    """
    return not (
        re.search(r"^\s{0,3}#{1,6}\s+\S", text, re.MULTILINE)
        or re.search(r"^[=-]{3,}\s*$", text, re.MULTILINE)
        or _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    )


def from_text(text: str, headings: list[str]) -> Document:
    """Parse plain text: a print/PDF export in columns, or notes without Markdown headings.

    A page laid out in two columns (a side column of labels such as "IMPACT TIME" / its
    value) is read column by column; repeated page headers and "1 of 3" footers are
    dropped; a line that is a known section heading (``headings``, normalised) becomes a
    heading; an all-capitals label over its value becomes "Label: value". What remains is
    read as Markdown.
    """
    lines = text.replace("\r\n", "\n").split("\n")

    def key(line: str) -> str:
        # Where the line starts counts: a page header is printed at the same place on every
        # page, while a title quoted again further in (an alert row's "Description: …", an
        # indented timeline entry) starts elsewhere.
        line = line.replace("\f", "")  # a new page's form feed is no indentation
        return f"{len(line) - len(line.lstrip())}:{' '.join(line.split())[:50]}"

    first = next((key(ln) for ln in lines if ln.strip()), "")
    # A page header printed on every page (a browser's title line) is not the document.
    header = first if sum(key(ln) == first for ln in lines) > 1 else None
    lines = [ln for ln in lines if not _PAGE_FOOTER.match(ln) and key(ln) != header]
    lines = _decolumn(lines)
    # A zone note wrapped over two lines ("*All times listed in this report are in" /
    # "Bucharest.") is one line.
    for i in range(len(lines) - 1):
        stripped = lines[i].strip().lstrip("*_( ").lower()
        if stripped.startswith(("all times", "times are", "all timestamps")) and not lines[
            i
        ].rstrip().endswith((".", ")")):
            lines[i], lines[i + 1] = f"{lines[i].rstrip()} {lines[i + 1].strip()}", ""
    out: list[str] = []
    known = set(headings)
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        name = re.sub(r"[^a-z0-9]+", " ", line.lower().replace("'", "")).strip()
        if line and not any(out) and not line.startswith("#"):
            # The first line is the title, with the lines that wrap it when a "Status:" line
            # closes it (a PagerDuty report's long name printed over two lines).
            run = [line]
            while len(run) < 3 and i + len(run) < len(lines) and lines[i + len(run)].strip():  # noqa: PLR2004
                run.append(lines[i + len(run)].strip())
            end = next((k for k, ln in enumerate(run) if _STATUS_LINE.match(ln)), None)
            if end is not None and end > 1:
                line, i = " ".join(run[:end]), i + end - 1
            out.append(f"# {line}")
        elif line and name in known and len(line) < 60:  # noqa: PLR2004
            out.extend(["", f"## {line}", ""])
        elif (
            line
            and line.isupper()
            and len(line.split()) <= 5  # noqa: PLR2004
            and re.fullmatch(r"[A-Z][A-Z /&()-]+", line)
            and following
        ):
            out.append(f"{line.title()}: {following}")
            i += 1
        else:
            out.append(line)
        i += 1
    return from_markdown("\n".join(out))


def _decolumn(lines: list[str]) -> list[str]:
    """The lines of a two-column page layout, left column first, then the side column."""
    starts: dict[int, int] = {}
    for ln in lines:
        # Only text on both sides of a wide gap shows a column; an indented line alone could
        # be a continuation of the main column.
        for m in _GAP.finditer(ln):
            col = m.end(1)
            if col >= 50:  # noqa: PLR2004 - a side column, not a timeline's time/text gap
                starts[col] = starts.get(col, 0) + 1
    if not starts:
        return lines
    column = max(starts, key=lambda c: sum(n for k, n in starts.items() if abs(k - c) <= 3))  # noqa: PLR2004
    # Once a gap has shown where the side column starts, a line whose only text starts there
    # is that column too: a PDF whose main column is short beside its labels has few lines
    # with text on both sides ("Overview   OWNER OF REVIEW PROCESS", "... due    IMPACT
    # TIME") and its values alone on theirs ("   Feb 12 at 01:48 to Feb 13 at 16:37").
    alone = sum(
        1
        for ln in lines
        if ln.strip() and not _GAP.search(ln) and abs(len(ln) - len(ln.lstrip()) - column) <= 3  # noqa: PLR2004
    )
    if sum(n for k, n in starts.items() if abs(k - column) <= 3) + alone < 4:  # noqa: PLR2004
        return lines
    left: list[str] = []
    side: list[str] = []
    for ln in lines:
        cut = next(
            (m.end(1) for m in _GAP.finditer(ln) if abs(m.end(1) - column) <= 3),  # noqa: PLR2004
            None,
        )
        lead = len(ln) - len(ln.lstrip())
        if cut is None and ln.strip() and abs(lead - column) <= 3:  # noqa: PLR2004
            cut = lead
        if cut is None:
            # A long line of the main column leaves only a narrow gap before the side
            # column's word ("... reported to the user.   IMPACT TIME").
            cut = next(
                (
                    c
                    for c in range(column - 3, column + 4)
                    if 2 < c < len(ln) and ln[c - 2 : c] == "  " and ln[c] != " "  # noqa: PLR2004
                ),
                None,
            )
        if cut is None:
            left.append(ln)
        else:
            left.append(ln[:cut].rstrip())
            side.append(ln[cut:].strip())
    return [*left, "", *side]


def read_document(text: str, *, html: bool, headings: list[str] | None = None) -> Document:
    """A document from its text: HTML, Markdown, or plain text (``is_plain_text``)."""
    if html:
        return _html_with_front(text)
    if is_plain_text(text):
        from tap_postmortems.parser import section_headings  # noqa: PLC0415 - no import cycle

        return from_text(text, headings if headings is not None else section_headings())
    return from_markdown(text)


def _cell_text(td: Tag) -> str:
    """A table cell's text: its paragraphs and its list's items, one a line.

    A wiki's metadata cell holds a paragraph and then a list ("Impact | The network was
    partitioned for 6 minutes." over "Phabricator was unavailable for 32 minutes."): the
    items are the cell's value too.
    """
    if not td.find(["p", "li"]):
        return _text(td)
    # Each paragraph or item once: not again as part of the item it is nested in.
    parts = [
        _text(el)
        for el in td.find_all(["p", "li"])
        if el.find_parent(["p", "li", "td", "th"]) is td
    ]
    return "\n".join(t for t in parts if t)
