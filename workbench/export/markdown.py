"""Narrative text (Markdown) as blocks every export format can render.

The review's narrative sections, finding bodies and briefing boxes are written in a small
Markdown subset: headings, paragraphs, bullet and numbered lists (nested), emphasis,
strong, inline code and links. :func:`parse` turns it into a flat list of
:class:`Block` (list items carry their depth and marker), which the PDF, Word and
PowerPoint writers render. Raw HTML is never interpreted: ``<b>`` in a text is text.

:func:`rl_escape` and :func:`rl_markup` produce reportlab paragraph markup in which every
character of the source text prints literally.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

from workbench.export.fonts import SANS, font_runs


@dataclass(frozen=True)
class Span:
    """A run of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass
class Block:
    """One paragraph-like block.

    ``kind`` is ``heading`` (``level`` 1-6), ``paragraph``, ``item`` (a list item: ``depth``
    0 for a top-level list, ``marker`` "•" or "3."), ``code`` or ``quote``. A paragraph
    that continues a list item has the item's ``depth`` + 1 and no marker.
    """

    kind: str
    spans: list[Span] = field(default_factory=list)
    level: int = 0
    depth: int = -1
    marker: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    @property
    def indent(self) -> int:
        """Indentation steps: list depth + 1 for items and their continuations."""
        return self.depth + 1


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _inline(token: Token) -> list[Span]:
    spans: list[Span] = []
    bold = italic = 0
    href: list[str] = []
    for child in token.children or []:
        t = child.type
        if t == "text":
            if child.content:
                spans.append(
                    Span(child.content, bold > 0, italic > 0, False, href[-1] if href else None)
                )
        elif t == "code_inline":
            spans.append(
                Span(child.content, bold > 0, italic > 0, True, href[-1] if href else None)
            )
        elif t in ("softbreak",):
            spans.append(Span(" ", bold > 0, italic > 0))
        elif t == "hardbreak":
            spans.append(Span("\n", bold > 0, italic > 0))
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold = max(0, bold - 1)
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic = max(0, italic - 1)
        elif t == "link_open":
            href.append(str(child.attrGet("href") or ""))
        elif t == "link_close":
            if href:
                href.pop()
        elif t == "image":
            alt = child.content or "".join(c.content for c in child.children or [])
            if alt:
                spans.append(Span(alt, bold > 0, italic > 0))
        elif child.content:
            spans.append(Span(child.content, bold > 0, italic > 0))
    return _merge(spans)


def _merge(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if out and (out[-1].bold, out[-1].italic, out[-1].code, out[-1].href) == (
            s.bold,
            s.italic,
            s.code,
            s.href,
        ):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.code, s.href)
        else:
            out.append(s)
    return out


def parse(text: str) -> list[Block]:
    """The blocks of a Markdown text (an empty text gives no blocks)."""
    if not text or not text.strip():
        return []
    tokens = _parser().parse(text)
    blocks: list[Block] = []
    # One entry per open list: [ordered, next number]; one per open item: has its first
    # paragraph been emitted yet?
    lists: list[list[int]] = []
    items: list[bool] = []
    pending_marker = ""
    heading_level = 0
    quote = 0
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            start = int(tok.attrGet("start") or 1) if t == "ordered_list_open" else 0
            lists.append([1 if t == "ordered_list_open" else 0, start])
        elif t in ("bullet_list_close", "ordered_list_close"):
            if lists:
                lists.pop()
        elif t == "list_item_open":
            ordered, number = lists[-1] if lists else [0, 0]
            if ordered:
                pending_marker = f"{number}."
                lists[-1][1] = number + 1
            else:
                pending_marker = "•" if len(lists) % 2 else "–"
            items.append(False)
        elif t == "list_item_close":
            if items and not items[-1]:
                blocks.append(Block("item", [], depth=len(lists) - 1, marker=pending_marker))
            if items:
                items.pop()
            pending_marker = ""
        elif t == "heading_open":
            heading_level = int(tok.tag[1:]) if tok.tag[1:].isdigit() else 1
        elif t == "heading_close":
            heading_level = 0
        elif t == "blockquote_open":
            quote += 1
        elif t == "blockquote_close":
            quote = max(0, quote - 1)
        elif t == "inline":
            spans = _inline(tok)
            if heading_level:
                blocks.append(Block("heading", spans, level=heading_level))
            elif items and not items[-1]:
                blocks.append(Block("item", spans, depth=len(lists) - 1, marker=pending_marker))
                items[-1] = True
            elif items:
                blocks.append(Block("paragraph", spans, depth=len(lists) - 1))
            else:
                blocks.append(Block("quote" if quote else "paragraph", spans))
        elif t in ("fence", "code_block"):
            content = tok.content.rstrip("\n")
            blocks.append(
                Block("code", [Span(content, code=True)], depth=len(lists) - 1 if items else -1)
            )
    return blocks


def plain_text(text: str) -> str:
    """The text of a Markdown source without its markup, one block per line."""
    lines = []
    for b in parse(text):
        prefix = "  " * max(b.depth, 0) + (b.marker + " " if b.marker else "")
        lines.append(prefix + b.text)
    return "\n".join(lines)


def first_paragraph(text: str) -> str:
    """The first block's text (a finding's summary sentence in the deck)."""
    for b in parse(text):
        if b.text.strip():
            return b.text.strip()
    return ""


# -- reportlab markup ------------------------------------------------------------------------
def _font_markup(escaped_pieces: list[tuple[str, str]], base_font: str) -> str:
    out = []
    for font, piece in escaped_pieces:
        if font == base_font:
            out.append(piece)
        else:
            out.append(f'<font face="{font}">{piece}</font>')
    return "".join(out)


def rl_escape(text: str, font: str = SANS) -> str:
    """``text`` as reportlab paragraph markup that prints every character literally
    (``&``, ``<``, ``>``), line breaks kept, characters the font lacks in a fallback font."""
    pieces = [(f, escape(p).replace("\n", "<br/>")) for f, p in font_runs(text, font)]
    return _font_markup(pieces, font)


def rl_markup(spans: list[Span], font: str = SANS, link_colour: str = "#1f4e9a") -> str:
    """Reportlab paragraph markup of formatted spans."""
    out = []
    for s in spans:
        body = rl_escape(s.text, font)
        if s.code:
            body = f'<font color="#5a3d00">{body}</font>'
        if s.bold:
            body = f"<b>{body}</b>"
        if s.italic:
            body = f"<i>{body}</i>"
        if s.href:
            href = escape(s.href, {'"': "&quot;"})
            body = f'<a href="{href}" color="{link_colour}"><u>{body}</u></a>'
        out.append(body)
    return "".join(out)
