"""Markdown as blocks, and text escaped for reportlab's markup."""

from __future__ import annotations

from reportlab.platypus import Paragraph

from workbench.export.markdown import first_paragraph, parse, plain_text, rl_escape, rl_markup
from workbench.export.pdf_common import make_styles


def test_lists_emphasis_links_and_headings() -> None:
    blocks = parse(
        "## Heading\n\nSome *emphasis*, **strong** and a [link](https://example.org).\n\n"
        "- one\n- two\n  - nested\n\n1. first\n2. second\n"
    )
    kinds = [(b.kind, b.depth, b.marker) for b in blocks]
    assert kinds == [
        ("heading", -1, ""),
        ("paragraph", -1, ""),
        ("item", 0, "•"),
        ("item", 0, "•"),
        ("item", 1, "–"),
        ("item", 0, "1."),
        ("item", 0, "2."),
    ]
    assert blocks[0].level == 2
    spans = blocks[1].spans
    assert any(s.italic and s.text == "emphasis" for s in spans)
    assert any(s.bold and s.text == "strong" for s in spans)
    assert any(s.href == "https://example.org" and s.text == "link" for s in spans)


def test_html_in_text_is_text() -> None:
    blocks = parse("A <b>bold</b> claim & <script>x</script>")
    assert blocks[0].text == "A <b>bold</b> claim & <script>x</script>"


def test_plain_and_first_paragraph() -> None:
    text = "First *one*.\n\n- a\n- b"
    assert first_paragraph(text) == "First one."
    assert plain_text(text) == "First one.\n• a\n• b"
    assert parse("") == [] and parse("   \n") == []


def test_reportlab_markup_prints_literally() -> None:
    import io

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    styles = make_styles()
    raw = "x < 5 & <b>not bold</b> &amp; <br/>"
    buf = io.BytesIO()
    canv = Canvas(buf)
    para = Paragraph(rl_escape(raw), styles.body)
    para.wrap(400, 100)
    para.drawOn(canv, 50, 700)
    canv.save()
    text = PdfReader(buf).pages[0].extract_text()
    assert text.strip() == raw.strip()


def test_markup_of_formatted_spans_parses() -> None:
    styles = make_styles()
    blocks = parse('**Bold <i>** and [a & b](https://e.org/?a=1&b="2")')
    markup = rl_markup(blocks[0].spans)
    para = Paragraph(markup, styles.body)  # raises on malformed markup
    para.wrap(400, 100)
    assert "&lt;i&gt;" in markup and "&amp;" in markup
