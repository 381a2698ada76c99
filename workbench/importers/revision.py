"""A revised submission: what an agency's new file adds, changes and removes.

Agencies often send their chronology again after the panel's questions: rows corrected,
rows added, some withdrawn. :func:`diff_revision` compares a prepared import with the
events of the agency's earlier submission; :func:`apply_revision` applies the difference
in one transaction, so that everything the panel built on the earlier events survives:

* **unchanged** events keep their id (and so their annotations, tags, links to findings
  and episodes, corroborations) and take the new file's provenance (file, row, Ref);
* **changed** events are updated in place. The agency's new text becomes the submitted
  text; where a reviewer had edited the old text, the reviewer's version is kept and the
  difference is reported as a conflict;
* **added** rows become new events;
* **removed** events are deleted, unless the panel has annotated, tagged or linked them
  (or marked them as a milestone): those are kept and reported;
* rows of the new file that need fixing go to quarantine as usual, and an earlier event
  whose revised row is quarantined is kept as it was, never deleted.

Rows are matched by their Ref when both the old and the new row have one (and the date or
the text still agree), then by date and text: the same date text and the same text, then
the same date and similar text, then very similar text (a corrected date), similarity by
rapidfuzz.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from workbench.core import audit, search
from workbench.core.model import (
    Annotation,
    Corroboration,
    CorroborationStatus,
    Event,
    Person,
    QuarantinedRow,
    QuarantineStatus,
    episode_event,
    event_subject,
    event_tag,
    finding_event,
    utcnow,
)
from workbench.core.store import ReviewStore
from workbench.importers.headers import Field
from workbench.importers.pipeline import (
    Cancelled,
    ImportCancelled,
    PreparedImport,
    Progress,
    RowResult,
    SubjectMatcher,
    add_source,
    cell_text,
    get_or_create_agency,
    insert_events,
    insert_quarantine,
    link_new_people,
    store_profile,
)
from workbench.importers.readers import gc_paused

__all__ = ["RevisionDiff", "RevisionItem", "apply_revision", "diff_revision"]

#: Fields compared to decide whether an event changed (agency text against what the
#: agency submitted before, not against a reviewer's edit).
COMPARED = (
    "date_text",
    "time",
    "text",
    "outcome",
    "analysis",
    "practitioner",
    "subjects_text",
    "source_reference",
    "end_date_text",
)
AGENCY_TEXT = ("text", "outcome", "analysis")
SAME_DATE_SIMILARITY = 80.0  # rapidfuzz ratio for the same date text
OTHER_DATE_SIMILARITY = 92.0  # for a row whose date was corrected
REF_SIMILARITY = 50.0  # a Ref match whose date changed still needs this much text in common
_MAX_CROSS_DATE = 3000  # leftover rows compared across dates (beyond: by date only)


@dataclass
class RevisionItem:
    """One row of the difference.

    Attributes:
        kind: "added", "changed", "removed" or "unchanged".
        row: the new file's row (added, changed, unchanged).
        event_id: the earlier event (changed, removed, unchanged).
        old: the earlier event's values, as the agency submitted them.
        changes: field -> (old value, new value) for a changed event.
        conflicts: agency text fields the reviewer had edited and the agency changed:
            the reviewer's text is kept, the agency's new text becomes the submitted text.
        kept: why a removed event stays ("2 annotations, 1 tag") or "" when deleted.
        matched_by: "ref", "text" or "similar text".
    """

    kind: str
    row: RowResult | None = None
    event_id: int | None = None
    old: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    kept: str = ""
    matched_by: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind}
        if self.row is not None:
            out["row"] = self.row.row
        if self.event_id is not None:
            out["event_id"] = self.event_id
        date_text = (
            self.row.values.fuzzy.text
            if self.row is not None and self.row.values is not None
            else self.old.get("date_text", "")
        )
        text = (
            self.row.values.text
            if self.row is not None and self.row.values is not None
            else self.old.get("text", "")
        )
        out["date"] = date_text
        out["text"] = text[:120]
        if self.changes:
            out["changes"] = {k: [str(a or ""), str(b or "")] for k, (a, b) in self.changes.items()}
        if self.conflicts:
            out["conflicts"] = list(self.conflicts)
        if self.kept:
            out["kept"] = self.kept
        if self.matched_by:
            out["matched_by"] = self.matched_by
        return out


@dataclass
class RevisionDiff:
    """What the revised file changes, against the earlier submission ``previous_id``."""

    previous_id: int
    previous_file: str
    items: list[RevisionItem]

    def of(self, kind: str) -> list[RevisionItem]:
        return [i for i in self.items if i.kind == kind]

    @property
    def added(self) -> list[RevisionItem]:
        return self.of("added")

    @property
    def changed(self) -> list[RevisionItem]:
        return self.of("changed")

    @property
    def removed(self) -> list[RevisionItem]:
        return self.of("removed")

    @property
    def unchanged(self) -> list[RevisionItem]:
        return self.of("unchanged")

    def summary(self) -> dict[str, Any]:
        removed = self.removed
        return {
            "previous_file": self.previous_file,
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": sum(1 for i in removed if not i.kept),
            "kept": sum(1 for i in removed if i.kept),
            "unchanged": len(self.unchanged),
            "conflicts": sum(len(i.conflicts) for i in self.items),
            "items": [i.as_json() for i in self.items if i.kind != "unchanged"],
        }


# ---------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _new_values(row: RowResult) -> dict[str, Any]:
    v = row.values
    return {
        "date_text": v.fuzzy.text,
        "time": v.time,
        "text": v.text,
        "outcome": v.outcome,
        "analysis": v.analysis,
        "practitioner": v.practitioner,
        "subjects_text": v.subjects_text,
        "source_reference": v.source_reference,
        "end_date_text": v.end_date_text,
    }


def _old_events(session: Session, source_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(
            Event.id,
            Event.source_ref,
            Event.date_text,
            Event.time,
            Event.text,
            Event.outcome,
            Event.analysis,
            Event.submitted_text,
            Event.submitted_outcome,
            Event.submitted_analysis,
            Event.practitioner,
            Event.subjects_text,
            Event.source_reference,
            Event.end_date_text,
            Event.source_row,
        )
        .where(Event.source_file_id == source_id)
        .order_by(Event.source_row, Event.id)
    ).all()
    out = []
    for r in rows:
        out.append(
            {
                "id": r.id,
                "ref": (r.source_ref or "").strip(),
                "date_text": r.date_text,
                "time": r.time,
                # What the agency submitted (a reviewer's edit is compared separately).
                "text": r.submitted_text if r.submitted_text is not None else r.text,
                "outcome": r.submitted_outcome if r.submitted_outcome is not None else r.outcome,
                "analysis": r.submitted_analysis
                if r.submitted_analysis is not None
                else r.analysis,
                "current_text": r.text,
                "current_outcome": r.outcome,
                "current_analysis": r.analysis,
                "practitioner": r.practitioner,
                "subjects_text": r.subjects_text,
                "source_reference": r.source_reference,
                "end_date_text": r.end_date_text,
                "source_row": r.source_row,
            }
        )
    return out


def _similarity(a: str, b: str) -> float:
    return float(fuzz.ratio(_norm(a), _norm(b)))


def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    out = {}
    for name in COMPARED:
        before, after = old.get(name), new.get(name)
        if (before or "") != (after or ""):
            out[name] = (before, after)
    return out


def _unique(keys: list[str]) -> set[str]:
    counts: dict[str, int] = defaultdict(int)
    for key in keys:
        if key:
            counts[key] += 1
    return {k for k, n in counts.items() if n == 1}


def diff_revision(store: ReviewStore, prepared: PreparedImport) -> RevisionDiff:
    """Compare a prepared revised file with the agency's earlier submission."""
    if prepared.revises is None:
        raise ValueError("the prepared import does not revise an earlier submission")
    with store.session() as session:
        old = _old_events(session, prepared.revises)
        return _diff(prepared, old, prepared.revises, prepared.previous_file or "")


def _diff(
    prepared: PreparedImport, old: list[dict[str, Any]], previous_id: int, previous_file: str
) -> RevisionDiff:
    new_rows = [r for r in prepared.rows if r.status == "event"]
    quarantined_refs = {
        _ref_of_cells(r, prepared) for r in prepared.rows if r.status == "quarantined"
    } - {""}
    new_values = [_new_values(r) for r in new_rows]
    pairs: dict[int, tuple[int, str]] = {}  # new index -> (old index, matched by)
    old_taken: set[int] = set()

    # 1. By Ref, when the Ref is unique on both sides and the row still looks the same.
    old_refs = _unique([o["ref"] for o in old])
    new_refs = _unique([r.values.source_ref.strip() for r in new_rows])
    old_by_ref = {o["ref"]: i for i, o in enumerate(old) if o["ref"] in old_refs}
    for n, r in enumerate(new_rows):
        ref = r.values.source_ref.strip()
        if ref not in new_refs or ref not in old_by_ref:
            continue
        o = old_by_ref[ref]
        same_date = old[o]["date_text"] == new_values[n]["date_text"]
        if same_date or _similarity(old[o]["text"], new_values[n]["text"]) >= REF_SIMILARITY:
            pairs[n] = (o, "ref")
            old_taken.add(o)

    # 2. The same date text and the same text.
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, event in enumerate(old):
        if i not in old_taken:
            exact[(event["date_text"], _norm(event["text"]))].append(i)
    for n in range(len(new_rows)):
        if n in pairs:
            continue
        bucket = exact.get((new_values[n]["date_text"], _norm(new_values[n]["text"])))
        while bucket:
            o = bucket.pop(0)
            if o not in old_taken:
                pairs[n] = (o, "text")
                old_taken.add(o)
                break

    # 3. The same date text and similar text (best pairs first).
    by_date: dict[str, list[int]] = defaultdict(list)
    for i, event in enumerate(old):
        if i not in old_taken:
            by_date[event["date_text"]].append(i)
    candidates: list[tuple[float, int, int]] = []
    for n in range(len(new_rows)):
        if n in pairs:
            continue
        for o in by_date.get(new_values[n]["date_text"], ()):
            score = _similarity(old[o]["text"], new_values[n]["text"])
            if score >= SAME_DATE_SIMILARITY:
                candidates.append((score, n, o))
    _assign(candidates, pairs, old_taken, "similar text")

    # 4. Very similar text under a corrected date.
    left_new = [n for n in range(len(new_rows)) if n not in pairs]
    left_old = [i for i in range(len(old)) if i not in old_taken]
    if left_new and left_old and len(left_new) * len(left_old) <= _MAX_CROSS_DATE**2:
        candidates = []
        for n in left_new:
            for o in left_old:
                score = _similarity(old[o]["text"], new_values[n]["text"])
                if score >= OTHER_DATE_SIMILARITY:
                    candidates.append((score, n, o))
        _assign(candidates, pairs, old_taken, "similar text")

    items: list[RevisionItem] = []
    for n, r in enumerate(new_rows):
        if n not in pairs:
            items.append(RevisionItem("added", row=r))
            continue
        o, how = pairs[n]
        changes = _changes(old[o], new_values[n])
        conflicts = [
            name
            for name in AGENCY_TEXT
            if name in changes and (old[o][f"current_{name}"] or "") != (old[o][name] or "")
        ]
        items.append(
            RevisionItem(
                "changed" if changes else "unchanged",
                row=r,
                event_id=old[o]["id"],
                old=old[o],
                changes=changes,
                conflicts=conflicts,
                matched_by=how,
            )
        )
    for i, event in enumerate(old):
        if i in old_taken:
            continue
        item = RevisionItem("removed", event_id=event["id"], old=event)
        if event["ref"] and event["ref"] in quarantined_refs:
            item.kept = "its revised row is in quarantine"
        items.append(item)
    return RevisionDiff(previous_id, previous_file, items)


def _assign(
    candidates: list[tuple[float, int, int]],
    pairs: dict[int, tuple[int, str]],
    old_taken: set[int],
    how: str,
) -> None:
    for _score, n, o in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if n in pairs or o in old_taken:
            continue
        pairs[n] = (o, how)
        old_taken.add(o)


def _ref_of_cells(row: RowResult, prepared: PreparedImport) -> str:
    """The Ref a quarantined row gives (its sequence column), or ""."""
    raw = row._raw or ()
    for col, fld in prepared.mapping.items():
        if fld is Field.SEQUENCE and col < len(raw):
            return cell_text(raw[col])[:50]
    return ""


# ---------------------------------------------------------------------------------------
# Applying
# ---------------------------------------------------------------------------------------


def _attachments(session: Session, event_ids: Sequence[int]) -> dict[int, str]:
    """What the panel attached to each event: "2 annotations, 1 tag" ("" for nothing)."""
    if not event_ids:
        return {}
    ids = list(event_ids)
    found: dict[int, list[str]] = defaultdict(list)

    def count(label: str, column: Any, where: Any = None) -> None:
        stmt = select(column, func.count()).where(column.in_(ids)).group_by(column)
        if where is not None:
            stmt = stmt.where(where)
        for event_id, n in session.execute(stmt):
            found[event_id].append(f"{n} {label}{'s' if n != 1 else ''}")

    count("annotation", Annotation.event_id)
    count("tag", event_tag.c.event_id)
    count("finding", finding_event.c.event_id)
    count("episode", episode_event.c.event_id)
    confirmed = Corroboration.status == CorroborationStatus.CONFIRMED.value
    count("corroboration", Corroboration.event_a_id, confirmed)
    count("corroboration", Corroboration.event_b_id, confirmed)
    for event_id in session.scalars(
        select(Event.id).where(Event.id.in_(ids), Event.is_milestone.is_(True))
    ):
        found[event_id].append("marked as a milestone")
    return {k: ", ".join(v) for k, v in found.items()}


def apply_revision(
    store: ReviewStore,
    prepared: PreparedImport,
    *,
    diff: RevisionDiff | None = None,
    save_profile: str | None = None,
    add_subjects: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    snapshot: bool = True,
) -> dict[str, Any]:
    """Apply a revised submission in one transaction and return the import summary, with
    a "revision" entry describing what was added, changed, removed and kept."""
    if prepared.revises is None:
        raise ValueError("the prepared import does not revise an earlier submission")
    with gc_paused():
        return _apply(
            store, prepared, diff, save_profile, add_subjects, progress, cancelled, snapshot
        )


def _apply(
    store: ReviewStore,
    prepared: PreparedImport,
    diff: RevisionDiff | None,
    save_profile: str | None,
    add_subjects: Sequence[str],
    progress: Progress | None,
    cancelled: Cancelled | None,
    snapshot: bool,
) -> dict[str, Any]:
    if diff is None:
        diff = diff_revision(store, prepared)
    if snapshot and not store.read_only:
        from workbench.core.backups import snapshot as take_snapshot

        take_snapshot(store, "before-import")
    label = f"Revised submission {prepared.path.name}"
    with store.transaction(audit_label=label) as session:
        agency = get_or_create_agency(session, prepared.agency_name)
        if add_subjects:
            link_new_people(session, prepared, add_subjects)
        summary = prepared.summary()
        source = add_source(session, store, prepared, agency, summary)
        location = prepared.table.location or ""
        added_rows = [i.row for i in diff.added if i.row is not None]
        insert_events(
            session,
            added_rows,
            agency_id=agency.id,
            source_id=source.id,
            location=location,
            progress=progress,
            cancelled=cancelled,
        )
        _update_unchanged(session, diff.unchanged, source.id, location)
        matcher = SubjectMatcher(list(session.scalars(select(Person))))
        for item in diff.changed:
            _update_changed(session, item, source.id, location, matcher)
        protected = _attachments(
            session, [i.event_id for i in diff.removed if i.event_id is not None and not i.kept]
        )
        for item in diff.removed:
            assert item.event_id is not None
            if not item.kept and item.event_id in protected:
                item.kept = protected[item.event_id]
            if not item.kept:
                event = session.get(Event, item.event_id)
                if event is not None:
                    session.delete(event)
        session.flush()
        _retire_quarantine(session, prepared.revises, prepared.path.name)  # type: ignore[arg-type]
        insert_quarantine(
            session, prepared.rows, agency_id=agency.id, source_id=source.id, location=location
        )
        if save_profile:
            store_profile(session, agency, save_profile, prepared.mapping, prepared.header.columns)
        revision = diff.summary()
        stored = json.loads(source.summary_json)
        stored["revision"] = {k: v for k, v in revision.items() if k != "items"}
        source.summary_json = json.dumps(stored, ensure_ascii=False)
        audit.record(
            session,
            "import",
            "source_file",
            item_uuid=source.uuid,
            label=label,
            after={
                **{k: summary[k] for k in ("imported", "quarantined", "skipped", "rows_read")},
                **{k: v for k, v in revision.items() if k != "items"},
            },
        )
        if cancelled is not None and cancelled():
            raise ImportCancelled()
    summary["source_id"] = source.id
    summary["revision"] = revision
    summary["imported"] = len(diff.added) + len(diff.changed) + len(diff.unchanged)
    return summary


def _update_unchanged(
    session: Session, items: list[RevisionItem], source_id: int, location: str
) -> None:
    """New provenance for unchanged events, without touching the search index (their
    indexed text is the same; the update trigger is suspended for the bulk update)."""
    if not items:
        return
    now = utcnow()
    params = []
    for item in items:
        assert item.row is not None and item.event_id is not None
        v = item.row.values
        params.append(
            {
                "b_id": item.event_id,
                "b_source_file_id": source_id,
                "b_source_location": location,
                "b_source_row": item.row.row,
                "b_source_ref": v.source_ref,
                "b_sequence": v.sequence,
                "b_updated_at": now,
            }
        )
    statement = (
        update(Event)
        .where(Event.id == bindparam("b_id"))
        .values(
            source_file_id=bindparam("b_source_file_id"),
            source_location=bindparam("b_source_location"),
            source_row=bindparam("b_source_row"),
            source_ref=bindparam("b_source_ref"),
            sequence=bindparam("b_sequence"),
            updated_at=bindparam("b_updated_at"),
        )
    )
    connection = session.connection()
    with search.suspended_trigger(connection, search.UPDATE_TRIGGER):
        connection.execute(statement, params)


def _update_changed(
    session: Session,
    item: RevisionItem,
    source_id: int,
    location: str,
    matcher: SubjectMatcher,
) -> None:
    assert item.row is not None and item.event_id is not None
    event = session.get(Event, item.event_id)
    if event is None:
        return
    v = item.row.values
    old_subjects = set(matcher.match(event.subjects_text or ""))
    event.set_date(v.fuzzy)
    event.time = v.time
    event.sequence = v.sequence
    event.end_date_text = v.end_date_text
    event.practitioner = v.practitioner
    event.source_reference = v.source_reference
    event.subjects_text = v.subjects_text
    event.source_file_id = source_id
    event.source_location = location
    event.source_row = item.row.row
    event.source_ref = v.source_ref
    for name in AGENCY_TEXT:
        new = getattr(v, name)
        submitted = getattr(event, f"submitted_{name}")
        current = getattr(event, name)
        before = submitted if submitted is not None else current
        if name in item.conflicts:
            pass  # the reviewer's edit stays; the agency's new text is the submitted one
        elif (current or "") == (before or ""):
            setattr(event, name, new)
        setattr(event, f"submitted_{name}", new)
    event.updated_at = utcnow()
    if "subjects_text" in item.changes:
        new_subjects = set(v.subject_ids)
        linked = set(
            session.scalars(
                select(event_subject.c.person_id).where(event_subject.c.event_id == event.id)
            )
        )
        keep = (linked - old_subjects) | new_subjects
        for pid in linked - keep:
            session.execute(
                event_subject.delete().where(
                    event_subject.c.event_id == event.id, event_subject.c.person_id == pid
                )
            )
        for pid in keep - linked:
            session.execute(event_subject.insert().values(event_id=event.id, person_id=pid))


def _retire_quarantine(session: Session, previous_id: int, new_file: str) -> None:
    """Rows of the earlier file still waiting in quarantine are replaced by the new file's."""
    waiting = list(
        session.scalars(
            select(QuarantinedRow).where(
                QuarantinedRow.source_file_id == previous_id,
                QuarantinedRow.status == QuarantineStatus.WAITING.value,
            )
        )
    )
    for row in waiting:
        reasons = json.loads(row.reasons_json or "[]")
        reasons.append(f"dismissed: replaced by the revised submission {new_file}")
        row.reasons_json = json.dumps(reasons, ensure_ascii=False)
        row.status = QuarantineStatus.DISMISSED.value
