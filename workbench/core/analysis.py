"""The panel's analysis: domain commands, the traceability matrix and the review check.

Everything here is headless and works on a :class:`~sqlalchemy.orm.Session`; the analysis
workspace, the ``workbench check`` command and the exports all call it.

* **Commands** (undoable, :mod:`workbench.core.commands`): create an episode or a finding
  from events in one step, link and unlink evidence, replace the set of links of an item
  (a finding's research questions, a recommendation's findings, lessons and target
  agencies), number new research questions / lessons / recommendations, renumber and
  reorder them, and tick the SMART checklist of a recommendation.
* **Traceability** (:func:`traceability`): research questions -> findings ->
  recommendations -> actions, with evidence counts and every broken link marked.
* **Check** (:func:`check_review`): the same gaps as a flat list of :class:`Gap`, plus the
  people register (shared or missing pseudonyms) and the glossary (abbreviations used in
  the review's text that it does not define).

A good-practice finding needs no recommendation (it is called out, not acted on), so it is
never reported as "answered by no recommendation".
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.commands import Command, CreateItem, DeleteItem, Link, Macro, Unlink
from workbench.core.errors import CommandError
from workbench.core.model import (
    LINK_TABLES,
    TYPOLOGY,
    Action,
    ActionStatus,
    Agency,
    Base,
    Event,
    Finding,
    FindingKind,
    GlossaryTerm,
    KeyPracticeEpisode,
    Lesson,
    Person,
    Recommendation,
    RecommendationScope,
    ReportSection,
    ResearchQuestion,
    Review,
    episode_event,
    finding_event,
    mapped_classes,
    utcnow,
)
from workbench.core.queries import ordered_events

# -- ordering ------------------------------------------------------------------------------

#: Kinds numbered 1..n for the reader (the number is part of how the report cites them).
NUMBERED_KINDS: Final = ("research_question", "lesson", "recommendation")
#: Kinds kept in a reviewer-chosen order that is not printed as a number.
ORDERED_KINDS: Final = ("episode", "finding", "report_section")

#: Report sections whose key starts with this are the 7-minute briefing's boxes, not the
#: report's sections (they keep their own order).
BRIEFING_PREFIX: Final = "briefing."

#: The link tables whose left side is the item an event is evidence for.
EVIDENCE_LINKS: Final = {"finding": "finding_event", "episode": "episode_event"}


def _cls(kind: str) -> type[Base]:
    try:
        return mapped_classes()[kind]
    except KeyError:
        raise CommandError(f"unknown kind of item: {kind}") from None


def _order_column(kind: str) -> str:
    if kind in NUMBERED_KINDS:
        return "number"
    if kind in ORDERED_KINDS:
        return "sort_order"
    raise CommandError(f"{kind.replace('_', ' ')}s have no order to change")


def _current_order(session: Session, kind: str) -> list[int]:
    cls = _cls(kind)
    column = getattr(cls, _order_column(kind))
    return list(session.scalars(select(cls.id).order_by(column, cls.id)))


class Reorder(Command):
    """Give items of one kind a new order.

    Numbered kinds (research questions, lessons, recommendations) are renumbered 1..n and
    ``ids_in_order`` must name every item of the kind. Ordered kinds (episodes, findings,
    report sections) may be a subset: they take consecutive ``sort_order`` values from the
    lowest they had. With ``ids_in_order=None`` the items keep their order and the numbers
    close up (after a deletion).
    """

    def __init__(self, kind: str, ids_in_order: Sequence[int] | None, label: str | None = None):
        self.kind = kind
        self.column = _order_column(kind)
        self.cls = _cls(kind)
        self.ids = None if ids_in_order is None else list(ids_in_order)
        if self.ids is not None and len(set(self.ids)) != len(self.ids):
            raise CommandError("an item appears twice in the new order")
        noun = kind.replace("_", " ")
        self.label = label or (f"Renumber {noun}s" if ids_in_order is None else f"Reorder {noun}s")
        self._before: dict[int, int] | None = None

    def do(self, session: Session) -> None:
        ids = self.ids if self.ids is not None else _current_order(session, self.kind)
        rows = {
            obj.id: obj for obj in session.scalars(select(self.cls).where(self.cls.id.in_(ids)))
        }
        missing = [i for i in ids if i not in rows]
        if missing:
            raise CommandError(f"{self.kind.replace('_', ' ')} {missing[0]} no longer exists")
        if self.column == "number" and self.ids is not None:
            every = set(session.scalars(select(self.cls.id)))
            if every != set(ids):
                raise CommandError(
                    f"the new order must list every {self.kind.replace('_', ' ')} once"
                )
        self._before = {i: getattr(rows[i], self.column) for i in ids}
        start = 1 if self.column == "number" else min(self._before.values(), default=0)
        for offset, item_id in enumerate(ids):
            if getattr(rows[item_id], self.column) != start + offset:
                setattr(rows[item_id], self.column, start + offset)
                rows[item_id].updated_at = utcnow()
        session.flush()

    def undo(self, session: Session) -> None:
        assert self._before is not None
        for item_id, value in self._before.items():
            obj = session.get(self.cls, item_id)
            if obj is not None:
                setattr(obj, self.column, value)
        session.flush()


def reorder(kind: str, ids_in_order: Sequence[int], label: str | None = None) -> Reorder:
    """A command that puts items of ``kind`` in the order given (see :class:`Reorder`)."""
    return Reorder(kind, ids_in_order, label)


def moved(ids: Sequence[int], item_id: int, delta: int) -> list[int] | None:
    """``ids`` with ``item_id`` moved ``delta`` places (None when it cannot move)."""
    order = list(ids)
    if item_id not in order:
        return None
    i = order.index(item_id)
    j = i + delta
    if delta == 0 or not 0 <= j < len(order):
        return None
    order.insert(j, order.pop(i))
    return order


class CreateInOrder(CreateItem):
    """Create an item at the end of its kind's order (next number or next sort order)."""

    def __init__(self, kind: str, values: dict[str, Any], label: str | None = None):
        super().__init__(kind, values, label)
        self.kind = kind
        self.column = _order_column(kind)

    def do(self, session: Session) -> None:
        if self._row is None and self.column not in self.values:
            column = getattr(self.cls, self.column)
            stmt = select(func.max(column))
            if self.kind == "report_section":
                stmt = stmt.where(~ReportSection.key.startswith(BRIEFING_PREFIX))
            top = session.scalar(stmt)
            self.values[self.column] = (top if top is not None else 0) + 1
        super().do(session)


def add_in_order(kind: str, values: dict[str, Any], label: str | None = None) -> CreateInOrder:
    """A command adding one research question, lesson, recommendation, episode, finding or
    report section at the end (numbered items get the next number)."""
    return CreateInOrder(kind, values, label)


def delete_in_order(kind: str, item_id: int, label: str | None = None) -> Macro:
    """Delete an item; numbered kinds close up their numbers in the same undo step."""
    noun = kind.replace("_", " ")
    children: list[Command] = [DeleteItem(kind, item_id)]
    if kind in NUMBERED_KINDS:
        children.append(Reorder(kind, None))
    return Macro(label or f"Delete {noun}", children)


# -- links ---------------------------------------------------------------------------------


def _link_columns(link: str) -> tuple[Any, str, str]:
    try:
        table = LINK_TABLES[link]
    except KeyError:
        raise CommandError(f"unknown link: {link}") from None
    left, right = (c.name for c in table.primary_key.columns)
    return table, left, right


def linked_ids(session: Session, link: str, left_id: int) -> list[int]:
    """The right-hand ids linked to ``left_id`` through ``link`` (in id order)."""
    table, left, right = _link_columns(link)
    return list(
        session.scalars(
            select(table.c[right]).where(table.c[left] == left_id).order_by(table.c[right])
        )
    )


class SetLinks(Command):
    """Make the items linked to one item exactly ``right_ids`` (adds and removes at once)."""

    def __init__(self, link: str, left_id: int, right_ids: Iterable[int], label: str | None = None):
        self.table, self.left, self.right = _link_columns(link)
        self.link = link
        self.left_id = left_id
        self.right_ids = list(dict.fromkeys(right_ids))
        self.label = label or "Change links"
        self._added: list[int] | None = None
        self._removed: list[int] | None = None

    def do(self, session: Session) -> None:
        current = set(linked_ids(session, self.link, self.left_id))
        wanted = set(self.right_ids)
        self._added = [r for r in self.right_ids if r not in current]
        self._removed = sorted(current - wanted)
        self._apply(session, self._added, self._removed)

    def undo(self, session: Session) -> None:
        assert self._added is not None and self._removed is not None
        self._apply(session, self._removed, self._added)

    def redo(self, session: Session) -> None:
        assert self._added is not None and self._removed is not None
        self._apply(session, self._added, self._removed)

    def _apply(self, session: Session, add: Sequence[int], remove: Sequence[int]) -> None:
        t = self.table
        if remove:
            session.execute(
                delete(t).where(t.c[self.left] == self.left_id, t.c[self.right].in_(remove))
            )
        if add:
            session.execute(insert(t), [{self.left: self.left_id, self.right: r} for r in add])


def set_links(
    link: str, left_id: int, right_ids: Iterable[int], label: str | None = None
) -> SetLinks:
    """A command making ``right_ids`` exactly the items linked to ``left_id``."""
    return SetLinks(link, left_id, right_ids, label)


def _evidence_link(kind: str) -> str:
    try:
        return EVIDENCE_LINKS[kind]
    except KeyError:
        raise CommandError(f"events cannot be linked to a {kind.replace('_', ' ')}") from None


def link_events(
    kind: str, item_id: int, event_ids: Iterable[int], label: str | None = None
) -> Link:
    """A command linking events as evidence to a finding or an episode (``kind``)."""
    ids = list(dict.fromkeys(event_ids))
    noun = kind.replace("_", " ")
    return Link(
        _evidence_link(kind),
        [(item_id, e) for e in ids],
        label or f"Link {len(ids)} event{'s' if len(ids) != 1 else ''} to {noun}",
    )


def unlink_events(
    kind: str, item_id: int, event_ids: Iterable[int], label: str | None = None
) -> Unlink:
    """A command removing events from a finding's or episode's evidence."""
    ids = list(dict.fromkeys(event_ids))
    noun = kind.replace("_", " ")
    return Unlink(
        _evidence_link(kind),
        [(item_id, e) for e in ids],
        label or f"Unlink {len(ids)} event{'s' if len(ids) != 1 else ''} from {noun}",
    )


class CreateWithEvents(Command):
    """Create a finding or an episode and link events to it, as one undo step."""

    def __init__(
        self, kind: str, values: dict[str, Any], event_ids: Iterable[int], label: str
    ) -> None:
        self.kind = kind
        self.create = CreateInOrder(kind, values)
        self.event_ids = list(dict.fromkeys(event_ids))
        self.label = label
        self._link: Link | None = None

    @property
    def item_id(self) -> int | None:
        return self.create.item_id

    def do(self, session: Session) -> None:
        if self.event_ids:
            found = set(session.scalars(select(Event.id).where(Event.id.in_(self.event_ids))))
            missing = [e for e in self.event_ids if e not in found]
            if missing:
                raise CommandError(f"event {missing[0]} no longer exists")
        self.create.do(session)
        session.flush()
        assert self.create.item_id is not None
        self._link = link_events(self.kind, self.create.item_id, self.event_ids)
        self._link.do(session)

    def undo(self, session: Session) -> None:
        assert self._link is not None
        self._link.undo(session)
        session.flush()
        self.create.undo(session)

    def redo(self, session: Session) -> None:
        assert self._link is not None
        self.create.redo(session)
        session.flush()
        self._link.redo(session)


def create_episode_from_events(
    title: str, event_ids: Iterable[int], summary: str = ""
) -> CreateWithEvents:
    """A command creating a key practice episode from events (one undo step)."""
    title = title.strip()
    if not title:
        raise CommandError("an episode needs a title")
    return CreateWithEvents(
        "episode", {"title": title, "summary": summary}, event_ids, f"New episode “{title}”"
    )


def create_finding_from_events(
    title: str, event_ids: Iterable[int], kind: str = FindingKind.FINDING.value, body: str = ""
) -> CreateWithEvents:
    """A command creating a finding with these events as its evidence (one undo step)."""
    title = title.strip()
    if not title:
        raise CommandError("a finding needs a title")
    FindingKind(kind)
    return CreateWithEvents(
        "finding",
        {"title": title, "kind": kind, "body": body},
        event_ids,
        f"New finding “{title}”",
    )


# -- SMART checklist -----------------------------------------------------------------------


@dataclass(frozen=True)
class SmartCriterion:
    key: str
    label: str
    question: str


#: The SMART checklist the reviewer ticks for each recommendation (keys of ``smart_json``).
SMART_CRITERIA: Final = (
    SmartCriterion(
        "specific", "Specific", "Does it say exactly what should change, and who must change it?"
    ),
    SmartCriterion(
        "measurable", "Measurable", "Will the board be able to tell whether it has been achieved?"
    ),
    SmartCriterion(
        "achievable", "Achievable", "Can the agencies named do it with the resources they have?"
    ),
    SmartCriterion("relevant", "Relevant", "Does it follow from the findings of this review?"),
    SmartCriterion("time_bound", "Time-bound", "Does it say by when?"),
)
SMART_KEYS: Final = tuple(c.key for c in SMART_CRITERIA)


@dataclass(frozen=True)
class SmartItem:
    ticked: bool = False
    note: str = ""


def smart_state(smart_json: str | None) -> dict[str, SmartItem]:
    """The SMART checklist as stored (unknown keys kept, unreadable JSON read as empty)."""
    try:
        raw = json.loads(smart_json or "{}")
    except ValueError:
        raw = {}
    out = {key: SmartItem() for key in SMART_KEYS}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, dict):
                out[str(key)] = SmartItem(
                    bool(value.get("ticked", False)), str(value.get("note", ""))
                )
            elif isinstance(value, bool):
                out[str(key)] = SmartItem(value, "")
    return out


class SetSmart(Command):
    """Tick (or untick) one SMART criterion of a recommendation and keep a note with it."""

    def __init__(self, rec_id: int, key: str, ticked: bool, note: str | None = None) -> None:
        if key not in SMART_KEYS:
            raise CommandError(
                f"unknown SMART criterion {key!r} (use one of: {', '.join(SMART_KEYS)})"
            )
        self.rec_id = rec_id
        self.key = key
        self.ticked = ticked
        self.note = note
        label = next(c.label for c in SMART_CRITERIA if c.key == key)
        self.label = f"SMART: {label}" + (" ticked" if ticked else " unticked")
        self._before: str | None = None

    def do(self, session: Session) -> None:
        rec = session.get(Recommendation, self.rec_id)
        if rec is None:
            raise CommandError(f"recommendation {self.rec_id} no longer exists")
        self._before = rec.smart_json
        state = smart_state(rec.smart_json)
        old = state.get(self.key, SmartItem())
        state[self.key] = SmartItem(self.ticked, old.note if self.note is None else self.note)
        rec.smart_json = json.dumps(
            {k: {"ticked": v.ticked, "note": v.note} for k, v in state.items()}, ensure_ascii=False
        )
        rec.updated_at = utcnow()

    def undo(self, session: Session) -> None:
        rec = session.get(Recommendation, self.rec_id)
        if rec is not None and self._before is not None:
            rec.smart_json = self._before


def set_smart(rec_id: int, key: str, ticked: bool, note: str | None = None) -> SetSmart:
    """A command setting one SMART criterion (``note=None`` keeps the note it had)."""
    return SetSmart(rec_id, key, ticked, note)


# -- labels --------------------------------------------------------------------------------


def _short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def item_label(obj: Base) -> str:
    """How the check, the matrix and the GUI name an item ("Recommendation 7")."""
    if isinstance(obj, ResearchQuestion):
        return f"Research question {obj.number}"
    if isinstance(obj, Finding):
        return f"Finding: {_short(obj.title)}"
    if isinstance(obj, KeyPracticeEpisode):
        return f"Episode: {_short(obj.title)}"
    if isinstance(obj, Lesson):
        return f"Lesson {obj.number}"
    if isinstance(obj, Recommendation):
        return f"Recommendation {obj.number}"
    if isinstance(obj, Action):
        return f"Action {action_number(obj)}: {_short(obj.description, 50)}"
    if isinstance(obj, ReportSection):
        return f"Section: {obj.title}"
    if isinstance(obj, Person):
        # Never the real name: check output may be shared beyond the working file.
        return f"Person {obj.id}" + (f" ({obj.role})" if obj.role else "")
    if isinstance(obj, GlossaryTerm):
        return f"Glossary: {obj.abbreviation}"
    return f"{type(obj).__tablename__.replace('_', ' ').capitalize()} {obj.id}"


def action_number(action: Action) -> str:
    """ "3.2" for the second action of recommendation 3 (actions in the order added)."""
    rec = action.recommendation
    if rec is None:
        return str(action.id)
    ids = [a.id for a in rec.actions]
    index = ids.index(action.id) + 1 if action.id in ids else len(ids) + 1
    return f"{rec.number}.{index}"


def _fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else ""


# -- gathering the analysis ----------------------------------------------------------------


@dataclass
class _Analysis:
    questions: list[ResearchQuestion]
    findings: list[Finding]
    episodes: list[KeyPracticeEpisode]
    recommendations: list[Recommendation]


def _load(session: Session) -> _Analysis:
    questions = list(
        session.scalars(
            select(ResearchQuestion)
            .options(selectinload(ResearchQuestion.findings))
            .order_by(ResearchQuestion.number, ResearchQuestion.id)
        )
    )
    episodes = list(
        session.scalars(
            select(KeyPracticeEpisode)
            .options(selectinload(KeyPracticeEpisode.events))
            .order_by(KeyPracticeEpisode.sort_order, KeyPracticeEpisode.id)
        )
    )
    findings = list(
        session.scalars(
            select(Finding)
            .options(
                selectinload(Finding.questions),
                selectinload(Finding.events),
                selectinload(Finding.episodes).selectinload(KeyPracticeEpisode.events),
                selectinload(Finding.recommendations),
            )
            .order_by(Finding.sort_order, Finding.id)
        )
    )
    recs = list(
        session.scalars(
            select(Recommendation)
            .options(
                selectinload(Recommendation.findings),
                selectinload(Recommendation.actions),
                selectinload(Recommendation.targets),
                selectinload(Recommendation.lessons),
            )
            .order_by(Recommendation.number, Recommendation.id)
        )
    )
    return _Analysis(questions, findings, episodes, recs)


# -- traceability --------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionCell:
    id: int
    recommendation_id: int
    description: str
    owner: str
    due_date: date | None
    status: str
    overdue: bool

    @property
    def label(self) -> str:
        return _short(self.description, 70)


@dataclass(frozen=True)
class RecommendationCell:
    id: int
    number: int
    text: str
    scope: str
    targets: tuple[str, ...]
    finding_ids: tuple[int, ...]
    actions: tuple[ActionCell, ...]

    @property
    def label(self) -> str:
        return f"Recommendation {self.number}"

    @property
    def without_finding(self) -> bool:
        return not self.finding_ids

    @property
    def without_action(self) -> bool:
        return not self.actions

    @property
    def overdue_actions(self) -> int:
        return sum(1 for a in self.actions if a.overdue)


@dataclass(frozen=True)
class FindingCell:
    id: int
    title: str
    kind: str
    category: str
    question_ids: tuple[int, ...]
    event_count: int
    episode_count: int
    #: Distinct events behind the finding, directly or through its episodes.
    evidence_event_count: int
    recommendations: tuple[RecommendationCell, ...]

    @property
    def label(self) -> str:
        return f"Finding: {_short(self.title)}"

    @property
    def without_evidence(self) -> bool:
        return self.event_count == 0 and self.episode_count == 0

    @property
    def without_question(self) -> bool:
        return not self.question_ids

    @property
    def without_recommendation(self) -> bool:
        return not self.recommendations and self.kind != FindingKind.GOOD_PRACTICE.value

    @property
    def evidence_text(self) -> str:
        parts = [f"{self.event_count} event{'s' if self.event_count != 1 else ''}"]
        if self.episode_count:
            parts.append(f"{self.episode_count} episode{'s' if self.episode_count != 1 else ''}")
        return ", ".join(parts)


@dataclass(frozen=True)
class QuestionRow:
    id: int
    number: int
    title: str
    text: str
    findings: tuple[FindingCell, ...]

    @property
    def label(self) -> str:
        return f"Research question {self.number}"

    @property
    def without_finding(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class MatrixRow:
    """One path through the matrix; any part may be missing (that is a gap)."""

    question: QuestionRow | None
    finding: FindingCell | None
    recommendation: RecommendationCell | None
    action: ActionCell | None


@dataclass(frozen=True)
class Matrix:
    """Research questions -> findings -> recommendations -> actions.

    ``questions`` holds the tree; ``unanswered_findings`` are findings that answer no
    research question and ``orphan_recommendations`` recommendations that answer no
    finding, so that nothing in the review is missing from the matrix.
    """

    questions: tuple[QuestionRow, ...]
    unanswered_findings: tuple[FindingCell, ...]
    orphan_recommendations: tuple[RecommendationCell, ...]
    today: date

    def rows(self) -> list[MatrixRow]:
        """The matrix flattened into one row per path (the table the workspace shows)."""
        out: list[MatrixRow] = []

        def finding_rows(q: QuestionRow | None, f: FindingCell) -> None:
            if not f.recommendations:
                out.append(MatrixRow(q, f, None, None))
            for r in f.recommendations:
                if not r.actions:
                    out.append(MatrixRow(q, f, r, None))
                out.extend(MatrixRow(q, f, r, a) for a in r.actions)

        for q in self.questions:
            if not q.findings:
                out.append(MatrixRow(q, None, None, None))
            for f in q.findings:
                finding_rows(q, f)
        for f in self.unanswered_findings:
            finding_rows(None, f)
        for r in self.orphan_recommendations:
            if not r.actions:
                out.append(MatrixRow(None, None, r, None))
            out.extend(MatrixRow(None, None, r, a) for a in r.actions)
        return out

    def findings(self) -> list[FindingCell]:
        seen: dict[int, FindingCell] = {}
        for q in self.questions:
            for f in q.findings:
                seen.setdefault(f.id, f)
        for f in self.unanswered_findings:
            seen.setdefault(f.id, f)
        return list(seen.values())

    def recommendations(self) -> list[RecommendationCell]:
        seen: dict[int, RecommendationCell] = {}
        for f in self.findings():
            for r in f.recommendations:
                seen.setdefault(r.id, r)
        for r in self.orphan_recommendations:
            seen.setdefault(r.id, r)
        return sorted(seen.values(), key=lambda r: (r.number, r.id))


def _evidence_events(f: Finding) -> set[int]:
    ids = {e.id for e in f.events}
    for ep in f.episodes:
        ids.update(e.id for e in ep.events)
    return ids


def traceability(session: Session, today: date | None = None) -> Matrix:
    """The traceability matrix of the review (plain data, safe to keep after the session)."""
    today = today or date.today()
    data = _load(session)
    rec_cells: dict[int, RecommendationCell] = {}
    for r in data.recommendations:
        rec_cells[r.id] = RecommendationCell(
            id=r.id,
            number=r.number,
            text=r.text,
            scope=r.scope,
            targets=tuple(a.label for a in r.targets),
            finding_ids=tuple(f.id for f in r.findings),
            actions=tuple(
                ActionCell(
                    a.id, r.id, a.description, a.owner, a.due_date, a.status, a.is_overdue(today)
                )
                for a in r.actions
            ),
        )
    finding_cells: dict[int, FindingCell] = {}
    for f in data.findings:
        recs = sorted(
            (rec_cells[r.id] for r in f.recommendations if r.id in rec_cells),
            key=lambda c: (c.number, c.id),
        )
        finding_cells[f.id] = FindingCell(
            id=f.id,
            title=f.title,
            kind=f.kind,
            category=f.category,
            question_ids=tuple(q.id for q in f.questions),
            event_count=len(f.events),
            episode_count=len(f.episodes),
            evidence_event_count=len(_evidence_events(f)),
            recommendations=tuple(recs),
        )
    order = {f.id: i for i, f in enumerate(data.findings)}
    questions = tuple(
        QuestionRow(
            id=q.id,
            number=q.number,
            title=q.title,
            text=q.text,
            findings=tuple(
                sorted((finding_cells[f.id] for f in q.findings), key=lambda c: order[c.id])
            ),
        )
        for q in data.questions
    )
    return Matrix(
        questions=questions,
        unanswered_findings=tuple(c for c in finding_cells.values() if c.without_question),
        orphan_recommendations=tuple(c for c in rec_cells.values() if c.without_finding),
        today=today,
    )


# -- the check -----------------------------------------------------------------------------

#: Every kind of gap :func:`check_review` reports, with a readable heading.
GAP_KINDS: Final = {
    "question_without_finding": "Research question answered by no finding",
    "finding_without_question": "Finding answering no research question",
    "finding_without_evidence": "Finding with no evidence",
    "finding_without_recommendation": "Finding answered by no recommendation",
    "episode_without_events": "Episode with no events",
    "recommendation_without_finding": "Recommendation tracing to no finding",
    "recommendation_without_action": "Recommendation with no action",
    "recommendation_without_target": "Single-agency recommendation with no agency",
    "action_overdue": "Overdue action",
    "duplicate_pseudonym": "Pseudonym shared by two or more people",
    "person_without_pseudonym": "Person with no pseudonym",
    "undefined_abbreviation": "Abbreviation not in the glossary",
}


@dataclass(frozen=True)
class Gap:
    """One broken link or missing piece. ``item_kind``/``item_id`` say where to go to fix
    it (a table name and id; for an undefined abbreviation, ``glossary_term`` and 0)."""

    kind: str
    item: str
    message: str
    item_kind: str
    item_id: int

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "item": self.item,
            "message": self.message,
            "item_kind": self.item_kind,
            "item_id": self.item_id,
        }


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def check_review(session: Session, today: date | None = None) -> list[Gap]:
    """Every gap in the review's analysis, register and glossary, in reading order."""
    today = today or date.today()
    data = _load(session)
    gaps: list[Gap] = []

    def add(kind: str, obj: Base, message: str) -> None:
        gaps.append(Gap(kind, item_label(obj), message, type(obj).__tablename__, obj.id))

    for q in data.questions:
        if not q.findings:
            add("question_without_finding", q, "no finding answers this research question")
    for ep in data.episodes:
        if not ep.events:
            add("episode_without_events", ep, "the episode has no events, so it has no span")
    for f in data.findings:
        if not f.questions:
            add("finding_without_question", f, "the finding answers no research question")
        if not f.events and not f.episodes:
            add("finding_without_evidence", f, "no events or episodes are linked as evidence")
        if not f.recommendations and f.kind != FindingKind.GOOD_PRACTICE.value:
            add("finding_without_recommendation", f, "no recommendation answers this finding")
    for r in data.recommendations:
        if not r.findings:
            add("recommendation_without_finding", r, "the recommendation is traced to no finding")
        if not r.actions:
            add("recommendation_without_action", r, "the action plan has no action for it")
        if r.scope == RecommendationScope.SINGLE_AGENCY.value and not r.targets:
            add(
                "recommendation_without_target", r, "a single-agency recommendation names no agency"
            )
        for a in r.actions:
            if a.is_overdue(today):
                assert a.due_date is not None
                late = _plural((today - a.due_date).days, "day")
                owner = f" (owner: {a.owner})" if a.owner else ""
                status = ACTION_STATUS_LABELS.get(a.status, a.status).lower()
                add(
                    "action_overdue",
                    a,
                    f"due {_fmt_date(a.due_date)}, {late} overdue, status {status}{owner}",
                )
    gaps.extend(_register_gaps(session))
    for abbr, uses in undefined_abbreviations(session).items():
        gaps.append(
            Gap(
                "undefined_abbreviation",
                f"Abbreviation {abbr}",
                f"used {_plural(uses, 'time')} but not defined in the glossary",
                "glossary_term",
                0,
            )
        )
    return gaps


def _register_gaps(session: Session) -> Iterator[Gap]:
    people = {p.id: p for p in session.scalars(select(Person).order_by(Person.id))}
    for pseudonym, ids in duplicate_pseudonyms(session).items():
        who = ", ".join(item_label(people[i]) for i in ids)
        yield Gap(
            "duplicate_pseudonym",
            f"Pseudonym “{pseudonym}”",
            f"{len(ids)} people share it: {who}",
            "person",
            ids[0],
        )
    for p in people.values():
        if not p.pseudonym.strip():
            yield Gap(
                "person_without_pseudonym",
                item_label(p),
                "no pseudonym: the publication exports cannot name this person",
                "person",
                p.id,
            )


def duplicate_pseudonyms(session: Session) -> dict[str, list[int]]:
    """Pseudonyms given to more than one person (compared ignoring case and spacing), with
    the people's ids."""
    groups: dict[str, list[Person]] = defaultdict(list)
    for p in session.scalars(select(Person).order_by(Person.id)):
        key = " ".join(p.pseudonym.split()).casefold()
        if key:
            groups[key].append(p)
    return {g[0].pseudonym.strip(): [p.id for p in g] for g in groups.values() if len(g) > 1}


# -- abbreviations -------------------------------------------------------------------------

#: A capitalised token: 2-6 capital letters (dots allowed between them: "U.K."), or capitals
#: followed by digits ("S.47", "S11", "PA2"). Single capitals alone ("A", "I") are not.
_ABBR = re.compile(
    r"(?<![\w.'’])"
    r"([A-Z](?:\.?[A-Z]){1,5}(?:\.?[0-9]{1,3})?|[A-Z]{1,2}\.?[0-9]{1,3})"
    r"s?(?![A-Za-z0-9]|\.[A-Za-z0-9])"
)
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
#: Capitalised ordinary words (in headings, emphasis, titles) that are not abbreviations.
_COMMON_WORDS_TEXT = """
    A AN AND ANY ARE AS AT BE BUT BY CAN DID DO FOR FROM GO HAD HAS HE HER HIM HIS HOW IF
    IN INTO IS IT ITS ME MAY MR MRS MS MY NEW NO NOT NOW OF OFF OK ON ONE OR OUR OUT SHE SO
    THAN THAT THE THEM THEN THEY THIS TO TWO UP US WAS WE WHO WHY WILL WITH YES YOU AM PM
    ALL ALSO BOTH EACH JUST MUST NEED NOTE ONLY OVER SAID SAME SEE SOME SUCH VERY WERE WHAT
    WHEN WHERE WHICH WHILE YEAR YEARS DAY DAYS AGED CASE CHILD HOME TEAM WORK
"""
COMMON_WORDS: Final = frozenset(_COMMON_WORDS_TEXT.split())
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def _is_shouting(line: str) -> bool:
    """A line written in capitals (a heading): its capital words are not abbreviations."""
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w.isupper() and len(w) > 1)
    return caps >= 3 and caps / len(words) >= 0.6


def abbreviation_key(token: str) -> str:
    """The form glossary entries are compared in: dots removed, upper case ("s.47" ->
    "S47")."""
    return token.replace(".", "").upper()


def _is_abbreviation(token: str) -> bool:
    key = abbreviation_key(token)
    if key in COMMON_WORDS:
        return False
    return not (key.isalpha() and _ROMAN.fullmatch(key))


def abbreviations_in(text: str) -> Iterator[str]:
    """The abbreviations in one piece of text, as written, in order of appearance."""
    for line in text.splitlines():
        if _is_shouting(line):
            continue
        for m in _ABBR.finditer(line):
            token = m.group(1)
            if _is_abbreviation(token):
                yield token


def review_texts(session: Session) -> Iterator[str]:
    """Every piece of the review's own text an abbreviation may hide in."""
    review = session.scalars(select(Review).limit(1)).first()
    if review is not None:
        yield review.subject_summary
    event_columns = (
        Event.text,
        Event.outcome,
        Event.analysis,
        Event.practitioner,
        Event.source_reference,
    )
    for columns in (
        event_columns,
        (ResearchQuestion.title, ResearchQuestion.text),
        (KeyPracticeEpisode.title, KeyPracticeEpisode.summary),
        (Finding.title, Finding.body),
        (Lesson.text,),
        (Recommendation.text,),
        (Action.description, Action.evidence_of_impact),
        (ReportSection.title, ReportSection.body),
    ):
        for values in session.execute(select(*columns)):
            yield from (str(value or "") for value in values)


def detect_abbreviations(session: Session) -> dict[str, int]:
    """Abbreviations used in the review's text -> how often, most used first.

    Forms differing only in dots or case count as one, reported as most often written.
    """
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for text in review_texts(session):
        for token in abbreviations_in(text):
            key = abbreviation_key(token)
            counts[key] += 1
            spellings[key][token] += 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {spellings[key].most_common(1)[0][0]: n for key, n in ordered}


def defined_abbreviations(session: Session) -> set[str]:
    """The glossary's abbreviations, in :func:`abbreviation_key` form."""
    return {abbreviation_key(a) for a in session.scalars(select(GlossaryTerm.abbreviation))}


def undefined_abbreviations(session: Session) -> dict[str, int]:
    """Abbreviations used in the review that the glossary does not define, with counts."""
    defined = defined_abbreviations(session)
    return {
        a: n for a, n in detect_abbreviations(session).items() if abbreviation_key(a) not in defined
    }


def glossary_usage(session: Session) -> dict[str, int]:
    """How often each glossary entry is used in the review's text, by its abbreviation.

    Capitalised entries are counted as :func:`detect_abbreviations` counts them (so "S47"
    and "S.47" are one); others ("Ofsted", "SystmOne") as whole words, case and all.
    """
    terms = list(session.scalars(select(GlossaryTerm.abbreviation)))
    detected = {abbreviation_key(a): n for a, n in detect_abbreviations(session).items()}
    out: dict[str, int] = {}
    patterns: dict[str, re.Pattern[str]] = {}
    for term in terms:
        if term.replace(".", "").isupper() or not term.strip():
            out[term] = detected.get(abbreviation_key(term), 0)
        else:
            patterns[term] = re.compile(rf"(?<![\w.]){re.escape(term)}s?(?!\w)")
            out[term] = 0
    if patterns:
        for text in review_texts(session):
            for term, pattern in patterns.items():
                out[term] += len(pattern.findall(text))
    return out


def suggest_meaning(session: Session, abbreviation: str) -> str:
    """A first guess at what an abbreviation means (an agency's name for its short name, a
    person's role for a pseudonym), or ""."""
    key = abbreviation_key(abbreviation)
    for agency in session.scalars(select(Agency)):
        if agency.short_name and abbreviation_key(agency.short_name) == key:
            return agency.name
    for person in session.scalars(select(Person)):
        if person.pseudonym and abbreviation_key(person.pseudonym) == key:
            return person.role
    return ""


# -- small helpers for the workspace and the exports ----------------------------------------


def category_choices(session: Session) -> list[str]:
    """The SCIE typology, then any other category the review's findings already use."""
    known = {c.casefold() for c in TYPOLOGY}
    extra = sorted(
        {c for c in session.scalars(select(Finding.category)) if c and c.casefold() not in known}
    )
    return [*TYPOLOGY, *extra]


def canonical_category(category: str) -> str:
    """A typology entry written in another case, in the typology's own spelling."""
    for c in TYPOLOGY:
        if c.casefold() == category.strip().casefold():
            return c
    return category.strip()


ACTION_STATUS_LABELS: Final = {
    ActionStatus.RED.value: "Red",
    ActionStatus.AMBER.value: "Amber",
    ActionStatus.GREEN.value: "Green",
    ActionStatus.COMPLETE.value: "Complete",
}


@dataclass(frozen=True)
class EventSummary:
    """An event as the analysis lists show it."""

    id: int
    date_text: str
    earliest: date | None
    agency: str
    agency_colour: str
    text: str
    findings: int = 0
    episodes: int = 0


def _counts_by_event(session: Session, column: Any) -> dict[int, int]:
    return {
        int(event_id): int(n)
        for event_id, n in session.execute(select(column, func.count()).group_by(column))
    }


def event_summaries(session: Session, ids: Iterable[int] | None = None) -> list[EventSummary]:
    """Events in chronology order (all, or only ``ids``) with their evidence counts."""
    stmt = ordered_events().options(selectinload(Event.agency))
    if ids is not None:
        wanted = list(ids)
        if not wanted:
            return []
        stmt = stmt.where(Event.id.in_(wanted))
    f_counts = _counts_by_event(session, finding_event.c.event_id)
    e_counts = _counts_by_event(session, episode_event.c.event_id)
    return [
        EventSummary(
            id=e.id,
            date_text=e.date_text,
            earliest=e.date_earliest,
            agency=e.agency.label,
            agency_colour=e.agency.colour,
            text=e.text,
            findings=int(f_counts.get(e.id, 0)),
            episodes=int(e_counts.get(e.id, 0)),
        )
        for e in session.scalars(stmt)
    ]
