"""The real postmortems as Google Docs would export them: does the parser read them the same?

Usage (from the project root):

    .venv/bin/python bench/postmortems_gdocs.py            # every development document
    .venv/bin/python bench/postmortems_gdocs.py --limit 200 --keep output/bench/gdocs

The tap's main source is a Drive folder of Google Docs, which it exports as HTML; the
real-postmortem corpus (``taps/tap-postmortems/tests/corpus``) is mostly Markdown and wiki
pages. This script re-writes each development document in the markup of Docs' HTML export
(what a team gets when it pastes the postmortem into a Doc) and scores both forms against the
same expected values, written by people. A field right in the original and wrong in the Doc is
a difference in how the parser reads Docs' markup, not in what the document says.

Docs' export markup, as Drive's ``files.export(mimeType=text/html)`` returns it:

- a ``<style>`` of generated ``cNN`` classes; bold is a class (``font-weight:700``), never
  ``<b>``;
- text in ``<span>`` runs, split wherever formatting may change (here: at random places, also
  inside words and clocks);
- a Title-styled paragraph (``<p class="title">``) for the document's first level-1 heading;
- lists flattened: every nesting level is its own ``<ul class="lst-kix_…-N">`` next to its
  parent's, items hold spans directly;
- tables with every cell a ``<td>`` holding ``<p>`` paragraphs (no ``<th>``, no ``<thead>``);
- no code blocks: each line of one is a paragraph (in a monospace class);
- links wrapped as ``https://www.google.com/url?q=…``; no ``<title>``; empty paragraphs
  between blocks.

Documents with no Doc form are left out: plain text (often a print or PDF export laid out in
columns) and documents whose front matter, blog metadata or update stamps the tap reads as
such (tried: with the front matter dropped, the Doc form loses the start and end that status
entries keep there, which says nothing about Docs' markup). The script prints accuracy per
field for both forms and every field the Doc form lost; it asserts nothing
(``docs/architecture.md``, Testing strategy). JSON goes to
output/bench/postmortems-gdocs-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from bs4 import BeautifulSoup, NavigableString, Tag

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taps" / "tap-postmortems" / "tests"))

from _harness import write_result
from corpus_score import Score, documents, score_document
from tap_postmortems.document import is_plain_text, markdown_html, read_document
from tap_postmortems.sources import sniff

#: Elements whose content is a run of blocks (the rest is inline text).
_BLOCKS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "pre",
        "blockquote",
        "hr",
        "dl",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "aside",
        "body",
        "html",
        "figure",
        "details",
        "summary",
        "center",
        "form",
        "fieldset",
    ]
)
#: Elements with no text a Doc would keep.
_DROP = frozenset(
    [
        "script",
        "style",
        "head",
        "title",
        "noscript",
        "template",
        "svg",
        "img",
        "iframe",
        "meta",
        "link",
        "button",
        "input",
        "select",
        "textarea",
    ]
)
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Elements a run of loose inline text ends at.
_BLOCKISH = _BLOCKS | {"li", "dt", "dd", "tr", "td", "th", "caption"}
#: The generated class of bold runs (outside the 0-60 range of the others).
BOLD = "c61"
_KIX = re.compile(r"lst-kix_(\w+)-(\d+)")


class DocsWriter:
    """Writes blocks in the markup of Google Docs' HTML export."""

    def __init__(self, seed: str, *, lines: bool = False) -> None:
        """A writer whose classes and span cuts follow ``seed`` (the same every run)."""
        self.rng = random.Random(seed)  # noqa: S311 - markup variety, not secrecy
        # Markdown's soft line breaks stay in the text: whether one is a line the author typed
        # (a row of a timeline) or prose wrapped at 80 columns, the tap reads it as it reads
        # the Markdown, so only the markup differs.
        self.lines = lines
        self.parts: list[str] = []
        self.titled = False

    def _c(self) -> str:
        return f"c{self.rng.randint(0, 60)}"

    def _hid(self) -> str:
        return "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(12))

    def _empty(self) -> str:
        return f'<p class="{self._c()} {self._c()}"><span class="{self._c()}"></span></p>'

    def _spaced(self, text: str) -> str:
        return re.sub(r"[ \t]+" if self.lines else r"\s+", " ", text)

    def runs(self, text: str) -> str:
        """Text as span runs, cut at random places (Docs cuts wherever formatting may change)."""
        if not text:
            return ""
        pieces: list[str] = []
        while len(text) > 12 and self.rng.random() < 0.4:
            cut = self.rng.randint(3, len(text) - 3)
            pieces.append(text[:cut])
            text = text[cut:]
        pieces.append(text)
        out = []
        for piece in pieces:
            esc = html.escape(piece, quote=False).replace("  ", " &nbsp;")
            out.append(f'<span class="{self._c()}">{esc}</span>')
        return "".join(out)

    def inline(self, node: Tag | NavigableString) -> str:
        """An element's inline content: spans, links wrapped by Google, line breaks."""
        if isinstance(node, NavigableString):
            return self.runs(self._spaced(str(node)))
        if node.name in _DROP:
            return ""
        if node.name == "br":
            return "<br>"
        if node.name in {"strong", "b"} and not node.find("a"):
            # One run in a bold class: Docs writes bold as a style, never as <b>.
            text = self._spaced(node.get_text())
            esc = html.escape(text, quote=False)
            return f'<span class="{BOLD}">{esc}</span>' if text else ""
        href = str(node.get("href") or "")
        if node.name == "a" and href.startswith(("http://", "https://")):
            wrapped = (
                f"https://www.google.com/url?q={quote(href, safe='')}&amp;sa=D&amp;"
                "source=editors&amp;ust=1700000000000000&amp;usg=AOvVaw0x"
            )
            text = html.escape(re.sub(r"\s+", " ", node.get_text()), quote=False)
            link = f'<a class="{self._c()}" href="{wrapped}">{text}</a>'
            return f'<span class="{self._c()}">{link}</span>'
        return "".join(self.inline(child) for child in node.children)

    def para(self, body: str) -> None:
        """A paragraph, now and then followed by an empty one (as people leave them)."""
        self.parts.append(f'<p class="{self._c()}">{body}</p>')
        if self.rng.random() < 0.2:
            self.parts.append(self._empty())

    def heading(self, level: int, body: str) -> None:
        """A heading; the first level-1 heading is the Doc's Title paragraph."""
        if level == 1 and not self.titled:
            self.titled = True
            self.parts.append(f'<p class="{self._c()} title" id="h.{self._hid()}">{body}</p>')
            return
        self.parts.append(f'<h{level} class="{self._c()}" id="h.{self._hid()}">{body}</h{level}>')

    def code(self, text: str) -> None:
        """A code block: Docs has none, each line is a paragraph in a monospace class."""
        for line in text.split("\n"):
            esc = html.escape(line, quote=False).replace("  ", " &nbsp;")
            self.parts.append(
                f'<p class="{self._c()}"><span class="{self._c()} mono">{esc}</span></p>'
            )

    def _items(self, node: Tag, level: int, out: list[tuple[int, bool, str]]) -> None:
        """Collect (level, ordered, item markup) for a list and the lists inside it."""
        ordered = node.name == "ol"
        for li in node.find_all("li", recursive=False):
            inline: list[str] = []
            nested: list[Tag] = []
            for child in li.children:
                if isinstance(child, Tag) and child.name in {"ul", "ol"}:
                    nested.append(child)
                else:
                    inline.append(self.inline(child))
            gap = f'<span class="{self._c()}"> </span>'
            out.append((level, ordered, gap.join(i for i in inline if i)))
            for sub in nested:
                self._items(sub, level + 1, out)

    def write_list(self, node: Tag) -> None:
        """A list, flattened: each nesting level its own tag, classed with the list's id."""
        items: list[tuple[int, bool, str]] = []
        self._items(node, 0, items)
        name, base = f"lst-kix_{self._hid()[:8]}", 0
        if kept := _KIX.search(" ".join(node.get("class") or [])):
            name, base = f"lst-kix_{kept.group(1)}", int(kept.group(2))  # already a Doc's list
        current: tuple[int, bool] | None = None
        for level, ordered, body in items:
            if current != (level, ordered):
                if current is not None:
                    self.parts.append("</ol>" if current[1] else "</ul>")
                tag = "ol" if ordered else "ul"
                self.parts.append(f'<{tag} class="{self._c()} {name}-{base + level} start">')
                current = (level, ordered)
            self.parts.append(f'<li class="{self._c()} li-bullet-0">{body}</li>')
        if current is not None:
            self.parts.append("</ol>" if current[1] else "</ul>")

    def table(self, node: Tag) -> None:
        """A table: every cell a ``<td>`` of paragraphs (header cells too)."""
        rows = []
        for tr in node.find_all("tr"):
            if tr.find_parent("table") is not node:
                continue
            cells = []
            for cell in tr.find_all(["td", "th"], recursive=False):
                inner = DocsWriter(str(self.rng.random()), lines=self.lines)
                inner.titled = True
                inner.block(cell)
                body = "".join(inner.parts) or self._empty()
                cells.append(f'<td class="{self._c()}" colspan="1" rowspan="1">{body}</td>')
            rows.append(f'<tr class="{self._c()}">{"".join(cells)}</tr>')
        self.parts.append(f'<table class="{self._c()}">{"".join(rows)}</table>')

    def element(self, node: Tag) -> None:
        """One block-level element."""
        name = node.name
        if name in _HEADINGS or (name == "p" and "title" in (node.get("class") or [])):
            self.heading(int(name[1]) if name in _HEADINGS else 1, self.inline(node))
        elif name in {"p", "dt", "dd", "caption", "summary"}:
            self.para(self.inline(node))
        elif name in {"ul", "ol"}:
            self.write_list(node)
        elif name == "table":
            self.table(node)
        elif name == "pre":
            self.code(node.get_text().rstrip("\n"))
        elif name == "hr":
            self.parts.append("<hr>")
        else:
            self.block(node)

    def block(self, node: Tag) -> None:
        """Write an element's content as Docs blocks; loose inline runs become paragraphs."""
        loose: list[str] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment or a doctype
                    loose.append(self.inline(child))
            elif isinstance(child, Tag) and child.name not in _DROP:
                if child.name not in _BLOCKISH:
                    loose.append(self.inline(child))
                    continue
                self._loose(loose)
                self.element(child)
        self._loose(loose)

    def _loose(self, loose: list[str]) -> None:
        body = "".join(loose).strip()
        loose.clear()
        if re.sub(r"<[^>]+>", "", body).strip():
            self.para(body)

    def export(self) -> str:
        """The whole export: head, generated style classes, body."""
        css = "".join(f".c{i}{{margin:0;font-size:11pt}}" for i in range(0, 61, 7))
        css += f".{BOLD}{{color:#000000;font-weight:700;font-size:11pt}}"
        return (
            '<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<style type="text/css">{css}</style></head>'
            f'<body class="{self._c()} doc-content">{"".join(self.parts)}</body></html>'
        )


def _source_html(text: str, *, is_html: bool) -> str:
    """The document as HTML: HTML as it is, Markdown rendered as the tap renders it."""
    return text if is_html else markdown_html(text.replace("\r\n", "\n"))


def no_doc_form(path: Path) -> bool:
    """Whether the document has parts a Doc has no form for.

    Front matter, a blog engine's metadata and update stamps are read by the tap as such;
    plain text (often a print or PDF export laid out in columns) would be a guess at the Doc
    it came from.
    """
    data = path.read_bytes()
    text = data.decode("utf-8")
    is_html = sniff(data[:8192]) == "text/html"
    if not is_html and is_plain_text(text):
        return True
    doc = read_document(text, html=is_html)
    return bool(doc.front or doc.published or doc.updates)


def as_google_doc(path: Path, seed: str = "") -> str:
    """One corpus document in the markup of Google Docs' HTML export."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    is_html = sniff(data[:8192]) == "text/html"
    soup = BeautifulSoup(_source_html(text, is_html=is_html), "html.parser")
    writer = DocsWriter(seed + path.name, lines=not is_html)
    writer.block(soup.body or soup)
    return writer.export()


def _wrongs(score: Score) -> set[str]:
    return {key for _, key, _, _ in score.misses}


def main() -> None:
    """Score every development document in both forms and print what the Doc form lost."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument("--keep", type=Path, help="write the Doc forms into this folder")
    parser.add_argument("--seed", default="", help="varies the span cuts and classes")
    args = parser.parse_args()
    paths = documents("dev")
    if args.limit:
        paths = paths[: args.limit]
    fronted = [p for p in paths if no_doc_form(p)]
    paths = [p for p in paths if p not in fronted]
    folder = Path(tempfile.mkdtemp(prefix="gdocs-"))
    original, docs = Score(), Score()
    lost: Counter[str] = Counter()
    gained: Counter[str] = Counter()
    losses: list[tuple[str, str, object, object]] = []
    for path in paths:
        doc_path = folder / path.name
        doc_path.write_text(as_google_doc(path, args.seed), "utf-8")
        expected = path.name + ".expected.json"
        shutil.copy(path.with_name(expected), folder / expected)
        a, b = score_document(path), score_document(doc_path)
        original.merge(a)
        docs.merge(b)
        wrong_a, wrong_b = _wrongs(a), _wrongs(b)
        for key in wrong_b - wrong_a:
            lost[key] += 1
            losses.extend(m for m in b.misses if m[1] == key)
        for key in wrong_a - wrong_b:
            gained[key] += 1
    print(f"\n## Real postmortems as Google Docs exports ({len(paths)} development documents)\n")
    print(f"left out: {len(fronted)} in plain text or with front matter or update stamps\n")
    print("| field | original | as a Google Doc | lost | gained |")
    print("|---|---|---|---|---|")
    for key in sorted(original.scored):
        cells = []
        for score in (original, docs):
            n, right = score.scored.get(key, 0), score.right.get(key, 0)
            cells.append(f"{100 * right / n:5.1f} % ({right}/{n})" if n else "—")
        print(f"| {key} | {cells[0]} | {cells[1]} | {lost[key]} | {gained[key]} |")
    print("\nlost in the Doc form (right in the original):")
    for name, key, want, got in losses:
        print(f"  {name}: {key}: expected {want!s} got {got!s}"[:400])
    write_result(
        "postmortems-gdocs",
        {
            "documents": len(paths),
            "left_out": len(fronted),
            "fields": {
                key: {
                    form: [score.right.get(key, 0), score.scored.get(key, 0)]
                    for form, score in (("original", original), ("google_doc", docs))
                }
                | {"lost": lost[key], "gained": gained[key]}
                for key in sorted(original.scored)
            },
            "losses": [[name, key, str(want), str(got)] for name, key, want, got in losses],
        },
    )
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for item in folder.iterdir():
            shutil.copy(item, args.keep / item.name)
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
