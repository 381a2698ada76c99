"""Fixtures and helpers for the export tests."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.core.model import Agency, Event, Finding, GlossaryTerm, Person, ReportSection
from workbench.core.store import ReviewStore
from workbench.export.document import ExportDocument, assemble

#: Text that must print literally (reportlab markup, XML, formula starts).
MARKUP_TEXT = "Note <b>not bold</b> & <i>x</i> < 5 > 2 &amp; <font size=40>big</font>"


def squash(text: str) -> str:
    """Text with all whitespace runs as one space (PDF extraction breaks lines anywhere)."""
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_text(path: Path) -> str:
    return squash(" ".join(pdf_pages(path)))


def open_doc(path: Path, **kwargs: object) -> ExportDocument:
    store = ReviewStore.open(path, read_only=True, ignore_lock=True)
    try:
        with store.session() as s:
            return assemble(s, **kwargs)  # type: ignore[arg-type]
    finally:
        store.close()


@pytest.fixture(scope="session")
def demo_doc(demo_file: Path) -> ExportDocument:
    return open_doc(demo_file)


def add_event(
    store: ReviewStore,
    text: str,
    *,
    outcome: str = "",
    agency: str = "CS",
    when: date = date(2016, 3, 1),
    date_text: str = "01/03/2016",
) -> int:
    with store.transaction() as s:
        ag = s.scalars(select(Agency).where(Agency.short_name == agency)).one()
        ev = Event(
            agency_id=ag.id,
            date_text=date_text,
            date_earliest=when,
            date_latest=when,
            text=text,
            outcome=outcome,
        )
        s.add(ev)
        s.flush()
        return ev.id


@pytest.fixture
def leaky_copy(demo_copy: Path) -> Path:
    """The demo with real names written into every kind of text (as a careless reviewer
    might), in full, by first name, surname, upper case, possessive and registered
    initials ("LT")."""
    store = ReviewStore.open(demo_copy)
    try:
        add_event(
            store,
            "Liam Thorne met his PA; LIAM said Dana's flat was full. Thorne left.",
            outcome="Callum Reyes and Ms Reyes informed",
        )
        with store.transaction() as s:
            sec = s.scalars(select(ReportSection).where(ReportSection.key == "summary")).one()
            sec.body += "\n\nCallum's mother, Dana Reyes, spoke to Chloe about Liam."
            f = s.scalars(select(Finding).order_by(Finding.id)).first()
            assert f is not None
            f.body += "\n\n- Liam Thorne (L.T.) was known to Ethan Pryce's school."
            s.add(GlossaryTerm(abbreviation="LT", meaning="Liam Thorne, the young person"))
            box = s.scalars(select(ReportSection).where(ReportSection.key == "briefing.1")).one()
            box.body += " Callum Reyes was 14."
            liam = s.scalars(select(Person).where(Person.real_name == "Liam Thorne")).one()
            liam.aliases += "; LT"
    finally:
        store.close()
    return demo_copy


#: Every form of a real name the leaky copy contains.
LEAKY_NAMES = ("Liam", "Thorne", "Dana", "Reyes", "Callum", "Chloe", "Ethan", "Pryce")
