"""The analysis core: link commands and their undo, ordering, SMART, the traceability
matrix, the review check and abbreviation detection, on small crafted reviews."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.core import analysis as A
from workbench.core.commands import CommandStack
from workbench.core.errors import CommandError
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
)
from workbench.core.store import ReviewStore


@dataclass
class Ids:
    agencies: list[int]
    events: list[int]
    questions: list[int]
    findings: list[int]
    lessons: list[int]
    recs: list[int]


@pytest.fixture
def stack(store: ReviewStore) -> CommandStack:
    return CommandStack(store)


@pytest.fixture
def ids(store: ReviewStore) -> Ids:
    """Two agencies, five events, two questions, two findings, two lessons, two
    recommendations; nothing linked."""
    with store.transaction() as s:
        pol = Agency(name="Police", short_name="POL")
        cs = Agency(name="Children's Services", short_name="CS")
        s.add_all([pol, cs])
        s.flush()
        events = [
            Event(
                agency_id=(pol if i % 2 else cs).id,
                date_text=f"0{i + 1}/06/2016",
                date_earliest=date(2016, 6, i + 1),
                date_latest=date(2016, 6, i + 1),
                text=f"Event {i}",
            )
            for i in range(5)
        ]
        s.add_all(events)
        qs = [ResearchQuestion(number=n, title=f"Q{n}", text=f"Question {n}") for n in (1, 2)]
        fs = [Finding(title=f"Finding {n}", sort_order=n) for n in (1, 2)]
        ls = [Lesson(number=n, text=f"Lesson {n}") for n in (1, 2)]
        rs = [Recommendation(number=n, text=f"Recommendation {n}") for n in (1, 2)]
        s.add_all([*qs, *fs, *ls, *rs])
        s.flush()
        return Ids(
            [pol.id, cs.id],
            [e.id for e in events],
            [q.id for q in qs],
            [f.id for f in fs],
            [le.id for le in ls],
            [r.id for r in rs],
        )


def _linked(store: ReviewStore, link: str, left: int) -> list[int]:
    with store.session() as s:
        return A.linked_ids(s, link, left)


# -- links -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind, link", [("finding", "finding_event"), ("episode", "episode_event")])
def test_link_and_unlink_events_with_undo(
    stack: CommandStack, store: ReviewStore, ids: Ids, kind: str, link: str
) -> None:
    if kind == "episode":
        target = stack.push(A.add_in_order("episode", {"title": "June"})).item_id
    else:
        target = ids.findings[0]
    ev = ids.events
    stack.push(A.link_events(kind, target, [ev[0], ev[2], ev[2]]))
    assert _linked(store, link, target) == [ev[0], ev[2]]
    # Linking again adds only what is new; undoing that leaves the earlier links.
    stack.push(A.link_events(kind, target, [ev[2], ev[3]]))
    assert _linked(store, link, target) == [ev[0], ev[2], ev[3]]
    stack.undo()
    assert _linked(store, link, target) == [ev[0], ev[2]]
    stack.redo()
    assert _linked(store, link, target) == [ev[0], ev[2], ev[3]]

    stack.push(A.unlink_events(kind, target, [ev[0], ev[4]]))
    assert _linked(store, link, target) == [ev[2], ev[3]]
    stack.undo()
    assert _linked(store, link, target) == [ev[0], ev[2], ev[3]]
    stack.redo()
    assert _linked(store, link, target) == [ev[2], ev[3]]


def test_events_cannot_be_linked_to_a_lesson(ids: Ids) -> None:
    with pytest.raises(CommandError, match="cannot be linked to a lesson"):
        A.link_events("lesson", ids.lessons[0], ids.events[:1])


@pytest.mark.parametrize(
    "link, left, right",
    [
        ("finding_question", "findings", "questions"),
        ("recommendation_finding", "recs", "findings"),
        ("recommendation_lesson", "recs", "lessons"),
        ("recommendation_agency", "recs", "agencies"),
    ],
)
def test_set_links_adds_and_removes_in_one_step(
    stack: CommandStack, store: ReviewStore, ids: Ids, link: str, left: str, right: str
) -> None:
    owner = getattr(ids, left)[0]
    a, b = getattr(ids, right)[:2]
    stack.push(A.set_links(link, owner, [a]))
    assert _linked(store, link, owner) == [a]
    stack.push(A.set_links(link, owner, [b]))
    assert _linked(store, link, owner) == [b]
    stack.undo()
    assert _linked(store, link, owner) == [a]
    stack.undo()
    assert _linked(store, link, owner) == []
    stack.redo()
    stack.redo()
    assert _linked(store, link, owner) == [b]
    stack.push(A.set_links(link, owner, []))
    assert _linked(store, link, owner) == []
    stack.undo()
    assert _linked(store, link, owner) == [b]


def test_unknown_link_is_refused() -> None:
    with pytest.raises(CommandError, match="unknown link"):
        A.set_links("finding_lesson", 1, [2])


# -- creating from events ----------------------------------------------------------------


def test_create_episode_from_events_is_one_undo_step(
    stack: CommandStack, store: ReviewStore, ids: Ids
) -> None:
    cmd = stack.push(
        A.create_episode_from_events("Attempts to move YPA", ids.events[1:4], "Ten days in June")
    )
    assert isinstance(cmd, A.CreateWithEvents)
    episode_id = cmd.item_id
    assert episode_id is not None
    with store.session() as s:
        ep = s.get(KeyPracticeEpisode, episode_id)
        assert ep is not None
        assert ep.title == "Attempts to move YPA" and ep.summary == "Ten days in June"
        assert [e.id for e in ep.events] == ids.events[1:4]
        assert ep.span() == (date(2016, 6, 2), date(2016, 6, 4))
    assert stack.history() == ["New episode “Attempts to move YPA”"]
    stack.undo()
    with store.session() as s:
        assert s.get(KeyPracticeEpisode, episode_id) is None
    assert _linked(store, "episode_event", episode_id) == []
    stack.redo()
    with store.session() as s:
        ep = s.get(KeyPracticeEpisode, episode_id)
        assert ep is not None and [e.id for e in ep.events] == ids.events[1:4]


def test_create_finding_from_events(stack: CommandStack, store: ReviewStore, ids: Ids) -> None:
    cmd = stack.push(
        A.create_finding_from_events(
            "Missed strategy discussion", ids.events[:2], kind="missed_opportunity"
        )
    )
    with store.session() as s:
        f = s.get(Finding, cmd.item_id)
        assert f is not None and f.kind == "missed_opportunity"
        assert f.sort_order == 3  # after the two findings already there
        assert [e.id for e in f.events] == ids.events[:2]


def test_create_from_a_deleted_event_fails_cleanly(
    stack: CommandStack, store: ReviewStore, ids: Ids
) -> None:
    with pytest.raises(CommandError, match="no longer exists"):
        stack.push(A.create_episode_from_events("Gone", [ids.events[0], 99999]))
    with store.session() as s:
        assert s.scalars(select(KeyPracticeEpisode)).all() == []
    with pytest.raises(CommandError, match="needs a title"):
        A.create_episode_from_events("   ", ids.events)


# -- ordering and numbering --------------------------------------------------------------


def _numbers(store: ReviewStore, cls: type) -> list[tuple[int, str]]:
    with store.session() as s:
        return [(o.number, o.text) for o in s.scalars(select(cls).order_by(cls.number))]


def test_reorder_renumbers_and_undoes(stack: CommandStack, store: ReviewStore, ids: Ids) -> None:
    third = stack.push(A.add_in_order("lesson", {"text": "Lesson 3"})).item_id
    assert _numbers(store, Lesson) == [(1, "Lesson 1"), (2, "Lesson 2"), (3, "Lesson 3")]
    stack.push(A.reorder("lesson", [third, ids.lessons[0], ids.lessons[1]]))
    assert _numbers(store, Lesson) == [(1, "Lesson 3"), (2, "Lesson 1"), (3, "Lesson 2")]
    stack.undo()
    assert _numbers(store, Lesson) == [(1, "Lesson 1"), (2, "Lesson 2"), (3, "Lesson 3")]
    with pytest.raises(CommandError, match="every lesson"):
        stack.push(A.reorder("lesson", [third, ids.lessons[0]]))
    with pytest.raises(CommandError, match="twice"):
        A.reorder("lesson", [third, third, ids.lessons[0]])
    with pytest.raises(CommandError, match="no order"):
        A.reorder("person", [1])


def test_moved() -> None:
    assert A.moved([1, 2, 3], 3, -1) == [1, 3, 2]
    assert A.moved([1, 2, 3], 1, 1) == [2, 1, 3]
    assert A.moved([1, 2, 3], 1, -1) is None
    assert A.moved([1, 2, 3], 4, 1) is None


def test_delete_numbered_closes_up_and_undo_restores(
    stack: CommandStack, store: ReviewStore, ids: Ids
) -> None:
    third = stack.push(A.add_in_order("recommendation", {"text": "Recommendation 3"})).item_id
    stack.push(A.set_links("recommendation_finding", third, ids.findings[:1]))
    stack.push(A.delete_in_order("recommendation", ids.recs[0]))
    assert _numbers(store, Recommendation) == [(1, "Recommendation 2"), (2, "Recommendation 3")]
    stack.undo()
    assert _numbers(store, Recommendation) == [
        (1, "Recommendation 1"),
        (2, "Recommendation 2"),
        (3, "Recommendation 3"),
    ]
    assert _linked(store, "recommendation_finding", third) == ids.findings[:1]


def test_reorder_a_subset_of_sections_keeps_the_briefing_apart(
    stack: CommandStack, store: ReviewStore
) -> None:
    with store.transaction() as s:
        s.add_all(
            [
                ReportSection(key="summary", title="Summary", sort_order=0),
                ReportSection(key="methodology", title="Methodology", sort_order=1),
                ReportSection(key="briefing.1", title="Background", sort_order=100),
            ]
        )
    new = stack.push(A.add_in_order("report_section", {"key": "why", "title": "Why"}))
    with store.session() as s:
        sec = s.get(ReportSection, new.item_id)
        assert sec is not None and sec.sort_order == 2
        order = {r.key: r.id for r in s.scalars(select(ReportSection))}
    stack.push(A.reorder("report_section", [order["why"], order["summary"], order["methodology"]]))
    with store.session() as s:
        keys = [r.key for r in s.scalars(select(ReportSection).order_by(ReportSection.sort_order))]
    assert keys == ["why", "summary", "methodology", "briefing.1"]


# -- SMART -------------------------------------------------------------------------------


def test_set_smart_ticks_keeps_notes_and_undoes(
    stack: CommandStack, store: ReviewStore, ids: Ids
) -> None:
    rec = ids.recs[0]
    stack.push(A.set_smart(rec, "measurable", True, "Audit in 12 months"))
    stack.push(A.set_smart(rec, "measurable", False))  # the note stays
    with store.session() as s:
        r = s.get(Recommendation, rec)
        assert r is not None
        state = A.smart_state(r.smart_json)
    assert state["measurable"] == A.SmartItem(False, "Audit in 12 months")
    assert state["specific"] == A.SmartItem()
    stack.undo()
    stack.undo()
    with store.session() as s:
        r = s.get(Recommendation, rec)
        assert r is not None and json.loads(r.smart_json) == {}
    with pytest.raises(CommandError, match="unknown SMART"):
        A.set_smart(rec, "sensible", True)


def test_smart_state_reads_damaged_json_as_empty() -> None:
    assert all(not v.ticked for v in A.smart_state("{not json").values())
    assert A.smart_state('{"specific": true}')["specific"].ticked


# -- traceability and the check ----------------------------------------------------------


def _broken_review(store: ReviewStore) -> dict[str, int]:
    """A review with one of every kind of gap (and one complete chain)."""
    with store.transaction() as s:
        pol = Agency(name="Police", short_name="POL")
        s.add(pol)
        s.flush()
        e1, e2, e3 = (
            Event(
                agency_id=pol.id,
                date_text=f"0{i}/06/2016",
                date_earliest=date(2016, 6, i),
                date_latest=date(2016, 6, i),
                text="PA visit with the MASH",
            )
            for i in (1, 2, 3)
        )
        q1 = ResearchQuestion(number=1, text="How well was the plan made?")
        q2 = ResearchQuestion(number=2, text="Was the family supported?")
        ep = KeyPracticeEpisode(title="June", events=[e2, e3])
        empty_ep = KeyPracticeEpisode(title="Empty episode")
        good = Finding(title="Complete chain", questions=[q1], events=[e1], episodes=[ep])
        praise = Finding(title="Timely arrest", kind="good_practice", questions=[q1], events=[e1])
        bare = Finding(title="Without evidence", questions=[q1])
        loose = Finding(title="Answers nothing", events=[e2])
        r1 = Recommendation(number=1, text="Do better", findings=[good, bare], targets=[pol])
        r2 = Recommendation(number=2, text="Orphan", scope="single_agency")
        s.add_all([q1, q2, ep, empty_ep, good, praise, bare, loose, r1, r2])
        s.flush()
        late = Action(
            recommendation_id=r1.id,
            description="Rewrite the procedures",
            owner="Board",
            due_date=date(2018, 3, 31),
            status="amber",
        )
        done = Action(
            recommendation_id=r1.id,
            description="Train staff",
            due_date=date(2018, 1, 1),
            status="complete",
        )
        s.add_all(
            [
                late,
                done,
                Person(real_name="Liam Example", pseudonym="Child Z", role="child"),
                Person(real_name="Callum Example", pseudonym=" child  z", role="brother"),
                Person(real_name="No Pseudonym", role="mother"),
                GlossaryTerm(abbreviation="PA", meaning="Personal adviser"),
            ]
        )
        s.flush()
        return {
            "q1": q1.id,
            "q2": q2.id,
            "good": good.id,
            "praise": praise.id,
            "bare": bare.id,
            "loose": loose.id,
            "r1": r1.id,
            "r2": r2.id,
            "late": late.id,
            "done": done.id,
            "empty_ep": empty_ep.id,
            "ep": ep.id,
        }


def test_check_names_every_broken_link(store: ReviewStore) -> None:
    k = _broken_review(store)
    with store.session() as s:
        gaps = A.check_review(s, today=date(2018, 7, 1))
    found = {(g.kind, g.item_kind, g.item_id) for g in gaps}
    expected = {
        ("question_without_finding", "research_question", k["q2"]),
        ("episode_without_events", "episode", k["empty_ep"]),
        ("finding_without_evidence", "finding", k["bare"]),
        ("finding_without_question", "finding", k["loose"]),
        ("finding_without_recommendation", "finding", k["loose"]),
        ("recommendation_without_finding", "recommendation", k["r2"]),
        ("recommendation_without_action", "recommendation", k["r2"]),
        ("recommendation_without_target", "recommendation", k["r2"]),
        ("action_overdue", "action", k["late"]),
    }
    assert expected <= found
    kinds = [g.kind for g in gaps]
    assert kinds.count("duplicate_pseudonym") == 1
    assert kinds.count("person_without_pseudonym") == 1
    undefined = {g.item for g in gaps if g.kind == "undefined_abbreviation"}
    assert undefined == {"Abbreviation MASH"}  # PA is in the glossary
    # Nothing else: the complete chain, the good practice and the completed action are fine.
    assert len(gaps) == len(expected) + 3
    assert ("finding", k["praise"]) not in {(g.item_kind, g.item_id) for g in gaps}
    assert ("action", k["done"]) not in {(g.item_kind, g.item_id) for g in gaps}
    by_kind = {g.kind: g for g in gaps}
    assert by_kind["question_without_finding"].item == "Research question 2"
    assert by_kind["recommendation_without_finding"].item == "Recommendation 2"
    assert by_kind["finding_without_evidence"].item == "Finding: Without evidence"
    overdue = by_kind["action_overdue"]
    assert overdue.item == "Action 1.1: Rewrite the procedures"
    assert overdue.message == "due 31 Mar 2018, 92 days overdue, status amber (owner: Board)"
    # The register check never prints a real name.
    assert all("Example" not in g.message and "Example" not in g.item for g in gaps)
    assert set(by_kind["duplicate_pseudonym"].as_json()) == {
        "kind",
        "item",
        "message",
        "item_kind",
        "item_id",
    }


def test_overdue_depends_on_the_day(store: ReviewStore) -> None:
    _broken_review(store)
    with store.session() as s:
        before = A.check_review(s, today=date(2018, 3, 31))
    assert "action_overdue" not in {g.kind for g in before}


def test_traceability_matrix(store: ReviewStore) -> None:
    k = _broken_review(store)
    with store.session() as s:
        m = A.traceability(s, today=date(2018, 7, 1))
    q1, q2 = m.questions
    assert q1.label == "Research question 1" and not q1.without_finding
    assert q2.without_finding
    by_id = {f.id: f for f in m.findings()}
    good = by_id[k["good"]]
    # One event directly and one episode of two more events: three distinct events.
    assert (good.event_count, good.episode_count, good.evidence_event_count) == (1, 1, 3)
    assert good.evidence_text == "1 event, 1 episode"
    assert by_id[k["bare"]].without_evidence
    assert not by_id[k["praise"]].without_recommendation  # good practice needs none
    assert by_id[k["loose"]].without_question and by_id[k["loose"]].without_recommendation
    assert [f.id for f in m.unanswered_findings] == [k["loose"]]
    assert [r.id for r in m.orphan_recommendations] == [k["r2"]]
    r1 = next(r for r in m.recommendations() if r.id == k["r1"])
    assert [a.overdue for a in r1.actions] == [True, False] and r1.overdue_actions == 1

    rows = m.rows()
    # q1: good x 2 actions, praise (no recommendation), bare x 2 actions; q2 alone;
    # loose (no question, no recommendation); r2 (no finding, no action).
    assert len(rows) == 2 + 1 + 2 + 1 + 1 + 1
    assert rows[0].question is q1 and rows[0].finding is good and rows[0].action is not None
    q2_row = next(r for r in rows if r.question is q2)
    assert q2_row.finding is None
    assert rows[-1].question is None and rows[-1].finding is None
    assert rows[-1].recommendation is not None and rows[-1].recommendation.id == k["r2"]
    assert rows[-1].action is None


def test_a_complete_review_has_no_gaps(store: ReviewStore) -> None:
    with store.transaction() as s:
        pol = Agency(name="Police", short_name="POL")
        ev = Event(agency=pol, date_text="2016", text="Visit")
        q = ResearchQuestion(number=1, text="Q")
        f = Finding(title="F", questions=[q], events=[ev])
        r = Recommendation(number=1, text="R", findings=[f])
        s.add_all([pol, ev, q, f, r])
        s.flush()
        s.add(Action(recommendation_id=r.id, description="A", due_date=date(2030, 1, 1)))
    with store.session() as s:
        assert A.check_review(s, today=date(2020, 1, 1)) == []


# -- abbreviations -----------------------------------------------------------------------


def test_abbreviations_in_text() -> None:
    text = (
        "YPA's PA2 asked the MASH for an S.47 enquiry; two GPs and the PA. "
        "Part II and IV of the plan. It was NOT OK. SystmOne and McDonald, s.47.\n"
        "SECTION 11: AGENCY SELF ASSESSMENT\n"
        "S11 audit (U.K.)"
    )
    assert list(A.abbreviations_in(text)) == [
        "YPA",
        "PA2",
        "MASH",
        "S.47",
        "GP",
        "PA",
        "S11",
        "U.K",
    ]


def test_detect_and_undefined_abbreviations(store: ReviewStore) -> None:
    with store.transaction() as s:
        pol = Agency(name="Norfolk Constabulary", short_name="POL")
        s.add(pol)
        s.add(
            Event(
                agency=pol,
                date_text="2016",
                text="HSB referral to MASH",
                outcome="S.47 agreed",
                analysis="MASH slow",
                practitioner="DS",
            )
        )
        s.add(Finding(title="Poor HSB planning", body="No S47 strategy meeting"))
        s.add(Recommendation(number=1, text="The NSCB should review HSB procedures"))
        s.add(ReportSection(key="summary", title="Summary", body="The POL and the MASH"))
        s.add(GlossaryTerm(abbreviation="s.47", meaning="Section 47 enquiry"))
        s.add(GlossaryTerm(abbreviation="MASH", meaning="Multi-agency safeguarding hub"))
    with store.session() as s:
        used = A.detect_abbreviations(s)
        assert used == {"HSB": 3, "MASH": 3, "S.47": 2, "DS": 1, "NSCB": 1, "POL": 1}
        assert list(used)[:2] == ["HSB", "MASH"]  # most used first
        assert A.undefined_abbreviations(s) == {"HSB": 3, "DS": 1, "NSCB": 1, "POL": 1}
        assert A.suggest_meaning(s, "POL") == "Norfolk Constabulary"
        assert A.suggest_meaning(s, "XYZ") == ""


def test_duplicate_pseudonyms(store: ReviewStore) -> None:
    with store.transaction() as s:
        s.add_all(
            [
                Person(real_name="A", pseudonym="Child Z"),
                Person(real_name="B", pseudonym="child z"),
                Person(real_name="C", pseudonym="Mother"),
                Person(real_name="D", pseudonym=""),
            ]
        )
    with store.session() as s:
        dup = A.duplicate_pseudonyms(s)
    assert list(dup) == ["Child Z"] and len(dup["Child Z"]) == 2


def test_categories() -> None:
    assert A.canonical_category("human-tool operation") == "Human-tool operation"
    assert A.canonical_category("  Something else ") == "Something else"


# -- the demo ------------------------------------------------------------------------------


def test_demo_analysis_chain_is_complete(demo_file: Path) -> None:
    store = ReviewStore.open(demo_file, read_only=True, ignore_lock=True)
    try:
        with store.session() as s:
            gaps = A.check_review(s, today=date(2017, 1, 1))
            m = A.traceability(s, today=date(2017, 1, 1))
    finally:
        store.close()
    assert gaps == [], [g.item + ": " + g.message for g in gaps]
    assert len(m.questions) == 4 and all(q.findings for q in m.questions)
    assert not m.unanswered_findings and not m.orphan_recommendations
    for f in m.findings():
        assert f.evidence_event_count > 0, f.title
    assert all(r.finding_ids and r.actions for r in m.recommendations())
