"""The same contact recorded by two agencies: suggested, confirmed or dismissed, never
merged."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from workbench.core.chronology import Flag, fetch_rows
from workbench.core.commands import CommandStack
from workbench.core.errors import CommandError
from workbench.core.model import Agency, Corroboration, Event, Person, event_subject
from workbench.core.store import ReviewStore
from workbench.importers.corroboration import (
    ConfirmCorroboration,
    DismissCorroboration,
    MarkCorroborating,
    corroborating_events,
    list_corroborations,
    store_suggestions,
    suggest_corroborations,
)


@pytest.fixture
def events(store: ReviewStore) -> dict[str, int]:
    """Police and social care events, some about the same contact."""
    with store.transaction() as s:
        police = Agency(name="Police", short_name="POL")
        social = Agency(name="Children's Services", short_name="CS")
        health = Agency(name="Health", short_name="HLT")
        child = Person(real_name="Callum Reyes", pseudonym="Child Z")
        mother = Person(real_name="Dana Reyes", pseudonym="Mother")
        other = Person(real_name="Ethan Pryce", pseudonym="Child B")
        s.add_all([police, social, health, child, mother, other])
        s.flush()
        specs = {
            "pol_visit": (
                police,
                date(2016, 6, 24),
                "Officers attended the home after Child Z disclosed a sexual assault to his mother",
                [child, mother],
            ),
            "cs_visit": (
                social,
                date(2016, 6, 24),
                "Police informed EDT that Child Z disclosed a sexual assault to his mother at home",
                [child],
            ),
            "hlt_next_day": (
                health,
                date(2016, 6, 25),
                "Child Z seen at the SARC after the disclosure of sexual assault",
                [child],
            ),
            "cs_other_child": (
                social,
                date(2016, 6, 24),
                "Police informed EDT that Child B disclosed a sexual assault at home",
                [other],
            ),
            "pol_same_agency": (
                police,
                date(2016, 6, 24),
                "Officers attended the home after Child Z disclosed a sexual assault",
                [child],
            ),
            "cs_far": (
                social,
                date(2016, 6, 28),
                "Officers attended the home after Child Z disclosed a sexual assault to his mother",
                [child],
            ),
            "cs_unrelated": (
                social,
                date(2016, 6, 24),
                "Annual leave cover arranged for the team manager",
                [child],
            ),
            "cs_month": (
                social,
                date(2016, 6, 1),
                "Officers attended the home after Child Z disclosed a sexual assault",
                [child],
            ),
        }
        ids = {}
        for key, (agency, day, text, people) in specs.items():
            latest = day if key != "cs_month" else date(2016, 6, 30)
            e = Event(
                agency_id=agency.id,
                date_text=str(day),
                date_earliest=day,
                date_latest=latest,
                text=text,
                subjects=people,
            )
            s.add(e)
            s.flush()
            ids[key] = e.id
    return ids


def _pairs(found: list) -> set[frozenset[int]]:
    return {frozenset((f.event_a_id, f.event_b_id)) for f in found}


def test_suggestions_need_another_agency_a_near_day_shared_people_and_similar_text(
    store: ReviewStore, events: dict[str, int]
) -> None:
    with store.session() as s:
        found = suggest_corroborations(s)
    pairs = _pairs(found)
    assert frozenset((events["pol_visit"], events["cs_visit"])) in pairs
    never = [
        ("pol_visit", "pol_same_agency"),  # same agency
        ("pol_visit", "cs_other_child"),  # nobody in common
        ("pol_visit", "cs_far"),  # four days apart
        ("pol_visit", "cs_unrelated"),  # nothing in common in the text
        ("pol_same_agency", "cs_month"),  # a month, not a day
    ]
    for a, b in never:
        assert frozenset((events[a], events[b])) not in pairs, (a, b)
    best = found[0]
    assert {best.event_a_id, best.event_b_id} & {events["pol_visit"], events["cs_visit"]}
    assert best.event_a_id < best.event_b_id and 0.7 <= best.score <= 1.0
    assert "same day" in best.reasons
    # The adjacent day is a weaker signal: the same texts score lower a day apart.
    by_pair = {frozenset((f.event_a_id, f.event_b_id)): f for f in found}
    adjacent = by_pair.get(frozenset((events["pol_visit"], events["hlt_next_day"])))
    assert adjacent is None or adjacent.score < best.score


def test_confirm_dismiss_and_undo(store: ReviewStore, events: dict[str, int]) -> None:
    with store.session() as s:
        count_before = s.scalar(select(func.count()).select_from(Event))
    ids = store_suggestions(store)
    assert ids
    with store.session() as s:
        views = list_corroborations(s, "suggested")
    assert [v.id for v in views] == ids
    first = views[0]
    a, b = (e["id"] for e in first.events)
    stack = CommandStack(store)
    stack.push(ConfirmCorroboration(first.id))
    with store.session() as s:
        assert corroborating_events(s, a) == [b] and corroborating_events(s, b) == [a]
        assert s.scalar(select(func.count()).select_from(Event)) == count_before  # not merged
        assert s.get(Event, a).text and s.get(Event, b).text
        # The chronology shows both events as corroborated.
        rows = {r.id: r for r in fetch_rows(s, [a, b])}
        assert all(Flag.CORROBORATED in rows[i].flags for i in (a, b))
    stack.undo()
    with store.session() as s:
        assert corroborating_events(s, a) == []
        assert s.get(Corroboration, first.id).status == "suggested"
    stack.redo()
    with pytest.raises(CommandError, match="already confirmed"):
        stack.push(ConfirmCorroboration(first.id))
    if len(views) > 1:
        stack.push(DismissCorroboration(views[1].id))
    # Stored pairs, whatever their status, are not suggested again.
    assert store_suggestions(store) == []
    with store.session() as s:
        assert [v.id for v in list_corroborations(s, "confirmed")] == [first.id]


def test_reviewer_marks_two_events_as_corroborating(
    store: ReviewStore, events: dict[str, int]
) -> None:
    stack = CommandStack(store)
    cmd = MarkCorroborating(events["cs_far"], events["pol_visit"])
    stack.push(cmd)
    with store.session() as s:
        assert corroborating_events(s, events["cs_far"]) == [events["pol_visit"]]
    stack.undo()
    with store.session() as s:
        assert corroborating_events(s, events["cs_far"]) == []
        assert s.scalar(select(func.count()).select_from(Corroboration)) == 0
    stack.redo()
    with store.session() as s:
        assert corroborating_events(s, events["pol_visit"]) == [events["cs_far"]]
    with pytest.raises(CommandError, match="same agency"):
        stack.push(MarkCorroborating(events["pol_visit"], events["pol_same_agency"]))


def test_only_pairs_with_the_given_events(store: ReviewStore, events: dict[str, int]) -> None:
    with store.session() as s:
        found = suggest_corroborations(s, event_ids=[events["hlt_next_day"]])
    assert found and all(events["hlt_next_day"] in (f.event_a_id, f.event_b_id) for f in found)


def test_subject_text_is_used_when_nobody_is_linked(store: ReviewStore) -> None:
    with store.transaction() as s:
        a = Agency(name="A", short_name="A")
        b = Agency(name="B", short_name="B")
        s.add_all([a, b])
        s.flush()
        day = date(2016, 1, 5)
        for agency, who in ((a, "Child Q"), (b, "Child Q"), (b, "Child R")):
            s.add(
                Event(
                    agency_id=agency.id,
                    date_text="05/01/2016",
                    date_earliest=day,
                    date_latest=day,
                    subjects_text=who,
                    text="Strategy meeting about bruising seen at nursery",
                )
            )
    with store.session() as s:
        found = suggest_corroborations(s)
        assert s.scalar(select(func.count()).select_from(event_subject)) == 0
    assert len(found) == 1
