"""One entry point for every export, used by the command line and the GUI.

:func:`export` opens the review (or uses an open store), assembles the document, makes the
publication copy and checks it for leaks when asked, and writes the product in the format
the output's suffix names. The file is written beside the target under a temporary name
and moved into place at the end, so a cancelled or failed export leaves nothing behind.

Products and formats:

===========  =======================
report       .pdf, .docx
deck         .pptx, .pdf
briefing     .pdf, .docx
chronology   .xlsx, .csv
timeline     .png, .svg, .pdf
===========  =======================
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.store import ReviewStore
from workbench.export.document import ExportDocument, assemble, people_register
from workbench.export.errors import ExportCancelled, ExportError, Leak, PublicationRefused
from workbench.export.redact import find_leaks, make_redactor

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool]

PRODUCTS: dict[str, tuple[str, ...]] = {
    "report": (".pdf", ".docx"),
    "deck": (".pptx", ".pdf"),
    "briefing": (".pdf", ".docx"),
    "chronology": (".xlsx", ".csv"),
    "timeline": (".png", ".svg", ".pdf"),
}
PRODUCT_LABELS = {
    "report": "Overview report",
    "deck": "Learning deck",
    "briefing": "7-minute briefing",
    "chronology": "Chronology spreadsheet",
    "timeline": "Timeline",
}
LANE_MODES = ("agency", "subject")


@dataclass
class ExportResult:
    path: Path
    product: str
    format: str
    publication: bool
    seconds: float
    pages: int | None = None
    replacements: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def check_format(product: str, out: Path | str) -> str:
    """The format (suffix) of ``out`` for ``product``; raises ExportError when unknown."""
    if product not in PRODUCTS:
        raise ExportError(f"unknown product {product!r}; choose one of {', '.join(PRODUCTS)}")
    suffix = Path(out).suffix.lower()
    if suffix not in PRODUCTS[product]:
        raise ExportError(
            f"{out}: the {PRODUCT_LABELS[product].lower()} can be written as "
            + " or ".join(PRODUCTS[product])
            + f", not {suffix or 'a file without a suffix'}"
        )
    return suffix


@contextlib.contextmanager
def _opened(
    store_or_path: ReviewStore | Path | str, passphrase: str | None
) -> Iterator[ReviewStore]:
    if isinstance(store_or_path, ReviewStore):
        yield store_or_path
        return
    store = ReviewStore.open(
        Path(store_or_path), passphrase=passphrase, read_only=True, ignore_lock=True
    )
    try:
        yield store
    finally:
        store.close()


def prepare(
    store_or_path: ReviewStore | Path | str,
    product: str,
    *,
    publication: bool = False,
    window: tuple[date, date] | None = None,
    lanes: str = "agency",
    passphrase: str | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[ExportDocument, list[Leak], dict[str, int]]:
    """The document to write (the publication copy when asked), the leaks left in it and
    how many times each pseudonym replaced a name."""
    if lanes not in LANE_MODES:
        raise ExportError(f"unknown lanes {lanes!r}; choose agency or subject")
    if window is not None and window[0] > window[1]:
        raise ExportError(
            f"the period starts ({window[0]:%d/%m/%Y}) after it ends ({window[1]:%d/%m/%Y})"
        )
    with _opened(store_or_path, passphrase) as store, store.session() as session:
        doc = assemble(
            session,
            window=window,
            lanes=lanes,
            timeline=product in ("report", "deck", "timeline"),
            chronology=product in ("report", "chronology"),
            cancelled=cancelled,
        )
        people = people_register(session) if publication else []
    if not publication:
        return doc, [], {}
    redactor = make_redactor(people)
    copy = redactor.redact_document(doc)
    return copy, find_leaks(copy, redactor), dict(redactor.counts)


def check_publication(
    store_or_path: ReviewStore | Path | str,
    product: str = "report",
    *,
    window: tuple[date, date] | None = None,
    lanes: str = "agency",
    passphrase: str | None = None,
) -> list[Leak]:
    """The leaks a publication export of ``product`` would be refused for (none: fine)."""
    _doc, leaks, _counts = prepare(
        store_or_path, product, publication=True, window=window, lanes=lanes, passphrase=passphrase
    )
    return leaks


def export(
    store_or_path: ReviewStore | Path | str,
    product: str,
    out: Path | str,
    *,
    publication: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    window: tuple[date, date] | None = None,
    lanes: str = "agency",
    passphrase: str | None = None,
) -> ExportResult:
    """Write ``product`` to ``out``.

    Raises :class:`PublicationRefused` (with the leaks) when a publication export still
    identifies someone, :class:`ExportCancelled` when ``cancelled()`` turned true, and
    :class:`ExportError` for an unknown product or format.
    """
    started = time.perf_counter()
    out = Path(out)
    suffix = check_format(product, out)
    if not out.parent.exists():
        raise ExportError(f"{out}: the folder does not exist")
    say = progress or (lambda _p, _m: None)

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()

    say(2, "Reading the review")
    doc, leaks, counts = prepare(
        store_or_path,
        product,
        publication=publication,
        window=window,
        lanes=lanes,
        passphrase=passphrase,
        cancelled=cancelled,
    )
    if leaks:
        raise PublicationRefused(leaks)
    check()

    def sub(p: int, message: str) -> None:
        say(10 + int(p * 0.88), message)

    tmp = out.with_name(f".{out.stem}.part-{os.getpid()}{out.suffix}")
    pages: int | None = None
    try:
        pages = _write(doc, product, suffix, tmp, sub, cancelled)
        check()
        os.replace(tmp, out)
    except ExportCancelled:
        raise
    except WorkbenchError:
        raise
    except OSError as exc:
        raise ExportError(f"{out}: the file cannot be written ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    say(100, "Done")
    return ExportResult(
        path=out,
        product=product,
        format=suffix.lstrip("."),
        publication=publication,
        seconds=time.perf_counter() - started,
        pages=pages,
        replacements=counts,
        notes=list(doc.notes),
    )


def _write(
    doc: ExportDocument,
    product: str,
    suffix: str,
    path: Path,
    progress: Progress,
    cancelled: Cancelled | None,
) -> int | None:
    if product == "report":
        if suffix == ".pdf":
            from workbench.export.pdf_report import write_report_pdf

            return write_report_pdf(doc, path, progress=progress, cancelled=cancelled)
        from workbench.export.docx_report import write_report_docx

        write_report_docx(doc, path, progress=progress, cancelled=cancelled)
        return None
    if product == "deck":
        if suffix == ".pptx":
            from workbench.export.deck import write_deck_pptx

            return write_deck_pptx(doc, path, progress=progress, cancelled=cancelled)
        from workbench.export.deck_pdf import write_deck_pdf

        return write_deck_pdf(doc, path, progress=progress, cancelled=cancelled)
    if product == "briefing":
        from workbench.export.briefing import write_briefing_docx, write_briefing_pdf

        if suffix == ".pdf":
            return write_briefing_pdf(doc, path, progress=progress, cancelled=cancelled)
        write_briefing_docx(doc, path, progress=progress, cancelled=cancelled)
        return None
    if product == "chronology":
        from workbench.export.spreadsheet import write_chronology_csv, write_chronology_xlsx

        if suffix == ".csv":
            write_chronology_csv(doc, path, progress=progress, cancelled=cancelled)
        else:
            write_chronology_xlsx(doc, path, progress=progress, cancelled=cancelled)
        return None
    # The timeline.
    if doc.timeline is None:
        reason = next((n for n in doc.notes if "timeline" in n), "there is no timeline")
        raise ExportError(f"the timeline cannot be exported: {reason}")
    from workbench.timeline.render import export_timeline

    progress(30, "Drawing the timeline")
    title = doc.meta.title
    try:
        export_timeline(doc.timeline.layout(), path, title=title)
    except ValueError as exc:
        raise ExportError(str(exc)) from None
    except RuntimeError as exc:  # PNG rendering not installed
        raise ExportError(str(exc)) from None
    return None
