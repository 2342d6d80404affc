"""Google Docs' HTML export markup, the date styles documents use, and misfiled documents.

:class:`_Doc` writes what a Docs export looks like (generated ``cNN`` classes, text split into
``<span>`` runs, ``google.com/url?q=`` link wrappers, comments, ``lst-kix`` list classes);
:func:`_fmt` the date styles of the templates; :func:`malformed` the files people misfile in a
postmortem folder.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    import random
    from collections.abc import Iterable
    from datetime import datetime, tzinfo


class _Doc:
    """Google Docs' export markup: generated classes, span runs, list classes."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.parts: list[str] = []
        self.comments: list[str] = []
        self._list_id = 0

    def c(self) -> str:
        return f"c{self.rng.randint(0, 40)}"

    def spans(self, text: str) -> str:
        # Google splits text into runs wherever formatting might change.
        esc = html.escape(text, quote=False).replace("  ", " &nbsp;")
        if len(esc) > 24 and self.rng.random() < 0.5:  # noqa: PLR2004
            cut = self.rng.randint(5, len(esc) - 5)
            while esc[cut - 1] == "&" or "&" in esc[max(0, cut - 6) : cut]:
                cut += 1
            first, second = esc[:cut], esc[cut:]
            return (
                f'<span class="{self.c()}">{first}</span><span class="{self.c()}">{second}</span>'
            )
        return f'<span class="{self.c()}">{esc}</span>'

    def link(self, url: str, text: str | None = None) -> str:
        href = (
            f"https://www.google.com/url?q={quote(url, safe='')}&amp;sa=D&amp;source=editors"
            "&amp;ust=1700000000000000&amp;usg=AOvVaw0x"
        )
        return (
            f'<span class="{self.c()}"><a class="{self.c()}" href="{href}">'
            f"{html.escape(text or url)}</a></span>"
        )

    def title(self, text: str) -> None:
        self.parts.append(
            f'<p class="{self.c()} title" id="h.{self._hid()}">{self.spans(text)}</p>'
        )

    def heading(self, level: int, text: str) -> None:
        self.parts.append(
            f'<h{level} class="{self.c()}" id="h.{self._hid()}">{self.spans(text)}</h{level}>'
        )

    def para(self, text: str, *, raw: str | None = None, comment: str | None = None) -> None:
        body = raw if raw is not None else self.spans(text)
        if comment is not None:
            n = len(self.comments) + 1
            body += f'<sup><a href="#cmnt{n}" id="cmnt_ref{n}">[{chr(96 + n)}]</a></sup>'
            self.comments.append(
                f'<div class="{self.c()}"><p class="{self.c()}"><a href="#cmnt_ref{n}" '
                f'id="cmnt{n}">[{chr(96 + n)}]</a><span class="{self.c()}">'
                f"{html.escape(comment)}</span></p></div>"
            )
        self.parts.append(f'<p class="{self.c()}">{body}</p>')

    def label(self, name: str, value: str, *, raw: str | None = None) -> None:
        self.para(
            "",
            raw=f'<span class="{self.c()}">{html.escape(name)}:</span>'
            f'<span class="{self.c()}">&nbsp;</span>'
            + (raw if raw is not None else self.spans(value)),
        )

    def section(self, level: int, heading: str, items: Iterable[str]) -> None:
        """A heading over a flat bulleted list."""
        self.heading(level, heading)
        self.bullets([(0, text) for text in items])

    def bullets(self, items: list[tuple[int, str]], *, raw: dict[int, str] | None = None) -> None:
        self._list_id += 1
        lid = f"lst-kix_{self.rng.getrandbits(40):010x}"
        level = None
        out = []
        for i, (lvl, text) in enumerate(items):
            if lvl != level:
                if level is not None:
                    out.append("</ul>")
                out.append(f'<ul class="{self.c()} {lid}-{lvl}{" start" if i == 0 else ""}">')
                level = lvl
            body = (raw or {}).get(i) or self.spans(text)
            out.append(
                f'<li class="{self.c()} li-bullet-{lvl}">'
                f'<span class="{self.c()}">{body}</span></li>'
            )
        out.append("</ul>")
        self.parts.append("".join(out))

    def table(
        self, rows: list[list[str]], *, raw: dict[tuple[int, int], str] | None = None
    ) -> None:
        out = [f'<table class="{self.c()}">']
        for r, row in enumerate(rows):
            out.append(f'<tr class="{self.c()}">')
            for col, cell in enumerate(row):
                body = (raw or {}).get((r, col)) or (self.spans(cell) if cell else "")
                out.append(
                    f'<td class="{self.c()}" colspan="1" rowspan="1">'
                    f'<p class="{self.c()}">{body}</p></td>'
                )
            out.append("</tr>")
        out.append("</table>")
        self.parts.append("".join(out))

    def _hid(self) -> str:
        return f"{self.rng.getrandbits(48):012x}"

    def render(self, name: str) -> str:
        style = (
            '.lst-kix_a-0>li:before{content:"\\0025cf  "}'
            "ul.lst-kix_a-0{list-style-type:none}.c3{color:#000000}"
        )
        return (
            '<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<style type="text/css">{style}</style><title>{html.escape(name)}</title></head>'
            f'<body class="c22 doc-content">{"".join(self.parts)}'
            f'<hr class="c9"><div>{"".join(self.comments)}</div></body></html>'
        )


def _fmt(dt: datetime, zone: tzinfo, style: str) -> str:
    local = dt.astimezone(zone)
    abbr = local.tzname() or "UTC"
    if style == "iso":
        return local.strftime("%Y-%m-%d %H:%M ") + abbr
    if style == "us":
        return local.strftime("%-m/%-d/%Y %-I:%M %p ") + abbr
    if style == "eu":
        return local.strftime("%d.%m.%Y %H:%M ") + abbr
    if style == "long":
        return local.strftime("%B %-d, %Y at %-I:%M %p ") + abbr
    return local.strftime("%H:%M")  # time of day only


def _minute(dt: datetime | None) -> datetime | None:
    return dt.replace(second=0, microsecond=0) if dt is not None else None


def _span(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "unknown"
    minutes = int((end - start).total_seconds() // 60)
    return f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes} minutes"  # noqa: PLR2004


def malformed(kind: str, name: str) -> str:
    """A document that is not a postmortem at all (what people misfile in the folder)."""
    if kind == "empty":
        return (
            f'<html><head><title>{name}</title></head><body class="c5 doc-content"></body></html>'
        )
    if kind == "notes_markdown":  # a Markdown file uploaded to Drive as it is
        return "# Weekly sync - notes\n\nNothing to report.\n"
    if kind == "notes":
        return (
            f"<html><head><title>{name}</title></head><body>"
            '<p class="c1"><span class="c2">Weekly sync — notes</span></p>'
            '<p class="c1"><span class="c2">Nothing to report.</span></p></body></html>'
        )
    return "\x00\x01PK\x03\x04" + "\ufffd" * 64  # a binary blob uploaded as a Doc
