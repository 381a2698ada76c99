"""The Case Z demo review, built from ``resources/demo/case-z/``.

The agencies' chronologies go through the same import pipeline a reviewer uses; the
analysis (``review.json``) is written through the same model. Evidence is referenced as
``"SHORT:Ref"`` (the agency's short name and the Ref column as the agency wrote it).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from workbench.core.errors import WorkbenchError
from workbench.core.model import (
    Action,
    Agency,
    Event,
    Finding,
    GlossaryTerm,
    KeyPracticeEpisode,
    Lesson,
    Person,
    Recommendation,
    ReportSection,
    ResearchQuestion,
    Tag,
)
from workbench.core.store import ReviewStore
from workbench.importers.pipeline import import_file

Progress = Callable[[str], None]


def resources_dir() -> Path:
    """The shipped resources (also inside a frozen bundle)."""
    base = getattr(sys, "_MEIPASS", None)
    if base:
        return Path(base) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def demo_dir() -> Path:
    return resources_dir() / "demo" / "case-z"


def user_data_dir() -> Path:
    """The user's own data folder for the application (created, private)."""
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        root = Path.home() / "Library" / "Application Support"
    else:
        root = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    folder = root / "CaseReviewWorkbench"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def default_demo_path() -> Path:
    """Where ``workbench --demo`` keeps its copy: the user's data folder."""
    return user_data_dir() / "case-z-demo.cwr"


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def build_demo(
    out: Path | str,
    *,
    source: Path | None = None,
    overwrite: bool = True,
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build the demo review at ``out`` and return its path."""
    source = source or demo_dir()
    out = Path(out)
    spec_path = source / "review.json"
    try:
        spec: dict[str, Any] = json.loads(spec_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WorkbenchError(
            f"{spec_path}: the demo review's data cannot be read ({exc})"
        ) from None
    info = spec["review"]
    say = progress or (lambda _msg: None)
    store = ReviewStore.create(
        out,
        title=info["title"],
        review_type=info.get("review_type", "scr"),
        overwrite=overwrite,
        passphrase=passphrase,
        board=info.get("board", ""),
        scope_start=_d(info.get("scope_start")),
        scope_end=_d(info.get("scope_end")),
        subject_summary=info.get("subject_summary", ""),
        protective_marking=info.get("protective_marking", "OFFICIAL-SENSITIVE"),
        status=info.get("status", "in progress"),
        version=info.get("version", "1.0"),
        incident_date_text=info.get("incident_date_text", ""),
    )
    try:
        with store.transaction(audit_label="Demo: register and agencies") as s:
            for order, a in enumerate(spec["agencies"]):
                s.add(
                    Agency(
                        name=a["name"],
                        short_name=a["short_name"],
                        colour=a["colour"],
                        sort_order=order,
                    )
                )
            for p in spec.get("people", []):
                s.add(
                    Person(
                        real_name=p["real_name"],
                        pseudonym=p.get("pseudonym", ""),
                        role=p.get("role", ""),
                        date_of_birth=_d(p.get("date_of_birth")),
                        aliases="; ".join(p.get("aliases", [])),
                    )
                )
            for t in spec.get("tags", []):
                s.add(Tag(name=t["name"], colour=t.get("colour", "#888888")))
        for a in spec["agencies"]:
            if a.get("file"):
                say(f"Importing {a['file']}")
                import_file(store, source / a["file"], a["name"], location=a.get("sheet"))
        _write_analysis(store, spec)
    except BaseException:
        store.close()
        raise
    store.close()
    return out


def _write_analysis(store: ReviewStore, spec: dict[str, Any]) -> None:
    with store.transaction(audit_label="Demo: analysis") as s:
        agencies = {a.short_name: a for a in s.scalars(select(Agency))}
        events: dict[str, Event] = {}
        for ev in s.scalars(select(Event)):
            if ev.source_ref:
                events[f"{ev.agency.short_name}:{ev.source_ref}"] = ev

        def ev_ref(ref: str) -> Event:
            try:
                return events[ref]
            except KeyError:
                raise WorkbenchError(f"demo data: no event {ref!r}") from None

        questions = {}
        for q in spec["research_questions"]:
            questions[q["number"]] = ResearchQuestion(
                number=q["number"], title=q.get("title", ""), text=q["text"]
            )
            s.add(questions[q["number"]])
        episodes = {}
        for order, e in enumerate(spec.get("episodes", [])):
            episodes[e["key"]] = KeyPracticeEpisode(
                title=e["title"],
                summary=e.get("summary", ""),
                sort_order=order,
                events=[ev_ref(r) for r in e.get("events", [])],
            )
            s.add(episodes[e["key"]])
        findings = {}
        for order, f in enumerate(spec["findings"]):
            findings[f["key"]] = Finding(
                title=f["title"],
                body=f.get("body", ""),
                kind=f.get("kind", "finding"),
                category=f.get("category", ""),
                sort_order=order,
                questions=[questions[n] for n in f.get("questions", [])],
                events=[ev_ref(r) for r in f.get("events", [])],
                episodes=[episodes[k] for k in f.get("episodes", [])],
            )
            s.add(findings[f["key"]])
        lessons = {}
        for le in spec["lessons"]:
            lessons[le["number"]] = Lesson(number=le["number"], text=le["text"])
            s.add(lessons[le["number"]])
        recs = {}
        for r in spec["recommendations"]:
            recs[r["number"]] = Recommendation(
                number=r["number"],
                text=r["text"],
                scope=r["scope"],
                targets=[agencies[t] for t in r.get("targets", [])],
                findings=[findings[k] for k in r.get("findings", [])],
                lessons=[lessons[n] for n in r.get("lessons", [])],
                smart_json=json.dumps(r.get("smart", {})),
            )
            s.add(recs[r["number"]])
        for a in spec.get("actions", []):
            s.add(
                Action(
                    recommendation=recs[a["recommendation"]],
                    description=a["description"],
                    owner=a.get("owner", ""),
                    due_date=_d(a.get("due_date")),
                    status=a.get("status", "red"),
                    evidence_of_impact=a.get("evidence_of_impact", ""),
                    last_reviewed=_d(a.get("last_reviewed")),
                )
            )
        for order, sec in enumerate(spec.get("report_sections", [])):
            s.add(
                ReportSection(
                    key=sec["key"], title=sec["title"], body=sec.get("body", ""), sort_order=order
                )
            )
        for order, box in enumerate(spec.get("briefing", [])):
            s.add(
                ReportSection(
                    key=f"briefing.{box['number']}",
                    title=box["title"],
                    body=box.get("body", ""),
                    sort_order=100 + order,
                )
            )
        for g in spec.get("glossary", []):
            s.add(GlossaryTerm(abbreviation=g["abbreviation"], meaning=g["meaning"]))
        incident = spec["review"].get("incident_date_text", "")
        if incident:
            for ev in events.values():
                if ev.date_text == incident:
                    ev.is_milestone = True
