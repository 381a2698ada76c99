"""The chronology query: filters, sort orders, windows of rows and per-agency gaps."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert

from workbench.core.chronology import (
    ChronologyFilter,
    Flag,
    SortKey,
    agency_gaps,
    count_events,
    fetch_rows,
    fetch_window,
    ordered_ids,
)
from workbench.core.model import (
    Agency,
    Annotation,
    Corroboration,
    Event,
    Finding,
    KeyPracticeEpisode,
    Person,
    ResearchQuestion,
    Tag,
    episode_event,
    event_subject,
    event_tag,
    finding_episode,
    finding_event,
    finding_question,
)
from workbench.core.store import ReviewStore


def _event(agency: int, text: str, earliest: date | None, latest: date | None = None, **kw):
    latest = latest or earliest
    precision = "day" if earliest == latest else "range"
    if earliest is None:
        precision = "unknown"
    return Event(
        agency_id=agency,
        date_text=kw.pop("date_text", earliest.strftime("%d/%m/%Y") if earliest else "unknown"),
        date_earliest=earliest,
        date_latest=latest,
        date_precision=precision,
        text=text,
        **kw,
    )


@pytest.fixture
def review(tmp_path: Path):
    """Two agencies, people, tags and an analysis; ids by name in ``store.ids``."""
    store = ReviewStore.create(tmp_path / "c.cwr", title="Chronology", review_type="cspr")
    ids: dict[str, int] = {}
    with store.transaction() as s:
        police = Agency(name="Police", short_name="POL", sort_order=1, colour="#1a237e")
        health = Agency(name="Health", short_name="HEA", sort_order=0, colour="#ffeb3b")
        s.add_all([police, health])
        s.flush()
        ids["police"], ids["health"] = police.id, health.id
        events = {
            "e1": _event(
                police.id,
                "Arrest after an assault at school",
                date(2015, 1, 10),
                sequence=2.0,
                time="14:00",
            ),
            "e2": _event(police.id, "Domestic incident reported", date(2015, 1, 10), sequence=1.0),
            "e3": _event(
                health.id,
                "GP appointment missed",
                date(2015, 3, 1),
                date(2015, 5, 31),
                date_text="spring 2015",
            ),
            "e4": _event(
                health.id,
                "Health visitor home visit",
                date(2015, 9, 1),
                outcome="Referral to school nurse",
                submitted_text="HV visit",
            ),
            "e5": _event(
                police.id,
                "Bail conditions reviewed",
                date(2015, 9, 2),
                analysis="Missed chance to share with school",
            ),
            "e6": _event(health.id, "Date not known: historic record", None),
        }
        s.add_all(events.values())
        s.flush()
        ids.update({k: v.id for k, v in events.items()})
        child = Person(real_name="Real Child", pseudonym="YPA")
        mother = Person(real_name="Mother Name", pseudonym="")
        s.add_all([child, mother])
        bail = Tag(name="bail", colour="#b71c1c")
        school = Tag(name="school", colour="#0b5394")
        s.add_all([bail, school])
        s.flush()
        ids.update(child=child.id, mother=mother.id, bail=bail.id, school=school.id)
        s.execute(
            insert(event_subject),
            [
                {"event_id": ids["e1"], "person_id": child.id},
                {"event_id": ids["e3"], "person_id": mother.id},
                {"event_id": ids["e4"], "person_id": child.id},
                {"event_id": ids["e4"], "person_id": mother.id},
            ],
        )
        s.execute(
            insert(event_tag),
            [
                {"event_id": ids["e5"], "tag_id": bail.id},
                {"event_id": ids["e1"], "tag_id": school.id},
                {"event_id": ids["e4"], "tag_id": school.id},
            ],
        )
        q1 = ResearchQuestion(number=1, text="How well did agencies share information?")
        q2 = ResearchQuestion(number=2, text="Was the child's voice heard?")
        missed = Finding(title="Bail not shared", kind="missed_opportunity")
        good = Finding(title="Prompt health visit", kind="good_practice")
        episode = KeyPracticeEpisode(title="January arrest")
        s.add_all([q1, q2, missed, good, episode])
        s.flush()
        ids.update(q1=q1.id, q2=q2.id, missed=missed.id, good=good.id, episode=episode.id)
        s.execute(
            insert(finding_event),
            [
                {"finding_id": missed.id, "event_id": ids["e5"]},
                {"finding_id": good.id, "event_id": ids["e4"]},
            ],
        )
        s.execute(
            insert(episode_event),
            [
                {"episode_id": episode.id, "event_id": ids["e1"]},
                {"episode_id": episode.id, "event_id": ids["e2"]},
            ],
        )
        s.execute(insert(finding_episode), [{"finding_id": missed.id, "episode_id": episode.id}])
        s.execute(
            insert(finding_question),
            [
                {"finding_id": missed.id, "research_question_id": q1.id},
                {"finding_id": good.id, "research_question_id": q2.id},
            ],
        )
        s.add(Annotation(event_id=ids["e3"], author="Reviewer", body="Check GP records"))
        s.add(Corroboration(event_a_id=ids["e1"], event_b_id=ids["e3"], status="confirmed"))
        s.add(Corroboration(event_a_id=ids["e2"], event_b_id=ids["e4"], status="suggested"))
    store.ids = ids  # type: ignore[attr-defined]
    yield store
    store.close()


def _names(store: ReviewStore, got: list[int]) -> list[str]:
    by_id = {v: k for k, v in store.ids.items() if k[0] == "e" and k[1:].isdigit()}
    return [by_id[i] for i in got]


def _ids(store: ReviewStore, flt: ChronologyFilter | None = None, **kw) -> list[str]:
    with store.session() as s:
        return _names(store, ordered_ids(s, flt, **kw))


def test_chronology_order_is_bounds_then_sequence_then_time_unknown_last(review) -> None:
    assert _ids(review) == ["e2", "e1", "e3", "e4", "e5", "e6"]
    assert _ids(review, descending=True) == ["e5", "e4", "e3", "e1", "e2", "e6"]


def test_sorting_by_other_columns_breaks_ties_by_chronology(review) -> None:
    assert _ids(review, sort=SortKey.AGENCY) == ["e3", "e4", "e6", "e2", "e1", "e5"]
    assert _ids(review, sort=SortKey.TEXT)[:2] == ["e1", "e5"]
    # Only e1 has a time; events without one come after it, in chronology order.
    assert _ids(review, sort=SortKey.TIME) == ["e1", "e2", "e3", "e4", "e5", "e6"]
    # Subjects: "Mother Name" < "YPA"; events without subjects last.
    assert _ids(review, sort=SortKey.SUBJECTS)[:3] == ["e3", "e4", "e1"]
    assert _ids(review, sort=SortKey.TAGS)[:3] == ["e5", "e1", "e4"]
    # One link each (a finding or an episode) before those with none.
    assert _ids(review, sort=SortKey.LINKS, descending=True) == ["e2", "e1", "e4", "e5", "e3", "e6"]
    # Two flags each (annotated + corroborated; good practice + edited), then one each.
    assert _ids(review, sort=SortKey.FLAGS, descending=True) == ["e3", "e4", "e1", "e5", "e2", "e6"]
    assert _ids(review, sort=SortKey.OUTCOME)[0] == "e4"


def test_each_kind_of_filter(review) -> None:
    i = review.ids
    F = ChronologyFilter
    assert _ids(review, F(agency_ids=frozenset({i["health"]}))) == ["e3", "e4", "e6"]
    assert _ids(review, F(subject_ids=frozenset({i["child"]}))) == ["e1", "e4"]
    assert _ids(review, F(tag_ids=frozenset({i["bail"], i["school"]}))) == ["e1", "e4", "e5"]
    # Question 1 is answered by the missed-opportunity finding: its event and the events of
    # its episode.
    assert _ids(review, F(question_ids=frozenset({i["q1"]}))) == ["e2", "e1", "e5"]
    assert _ids(review, F(finding_ids=frozenset({i["good"]}))) == ["e4"]
    assert _ids(review, F(episode_ids=frozenset({i["episode"]}))) == ["e2", "e1"]
    assert _ids(review, F(flags=frozenset({Flag.MISSED_OPPORTUNITY}))) == ["e5"]
    assert _ids(review, F(flags=frozenset({Flag.GOOD_PRACTICE}))) == ["e4"]
    assert _ids(review, F(flags=frozenset({Flag.CORROBORATED}))) == ["e1", "e3"]
    assert _ids(review, F(flags=frozenset({Flag.ANNOTATED}))) == ["e3"]
    assert _ids(review, F(flags=frozenset({Flag.EDITED}))) == ["e4"]
    assert _ids(review, F(flags=frozenset({Flag.ANNOTATED, Flag.EDITED}))) == ["e3", "e4"]
    # A range keeps dates that can fall in it: spring 2015 overlaps April.
    assert _ids(review, F(date_from=date(2015, 4, 1), date_to=date(2015, 4, 30))) == ["e3"]
    assert _ids(review, F(date_from=date(2015, 9, 2))) == ["e5"]
    assert _ids(review, F(event_ids=frozenset({i["e6"], i["e1"]}))) == ["e1", "e6"]


def test_full_text_search_and_combined_filters(review) -> None:
    i = review.ids
    F = ChronologyFilter
    # "school" is in e1's text, e4's outcome and e5's analysis.
    assert _ids(review, F(text="school")) == ["e1", "e4", "e5"]
    assert _ids(review, F(text="schoo")) == ["e1", "e4", "e5"]  # prefix
    assert _ids(review, F(text="school", agency_ids=frozenset({i["police"]}))) == ["e1", "e5"]
    assert _ids(review, F(text="school bail")) == ["e5"]
    assert _ids(review, F(text='S.47 "')) == []  # punctuation never breaks the query
    assert _ids(review, F(text="...")) == []
    flt = F(text="school", tag_ids=frozenset({i["school"]}), date_to=date(2015, 6, 1))
    assert _ids(review, flt) == ["e1"]
    with review.session() as s:
        assert count_events(s, flt) == 1
        assert count_events(s) == 6


def test_filter_helpers() -> None:
    flt = ChronologyFilter(agency_ids=frozenset({1}), date_from=date(2015, 1, 1), text="x")
    assert not flt.is_empty()
    assert flt.without("dates").date_from is None
    assert flt.without("agency_ids").agency_ids == frozenset()
    assert flt.without("agency_ids").without("dates").without("text").is_empty()


def test_rows_carry_names_tags_counts_and_flags(review) -> None:
    i = review.ids
    with review.session() as s:
        rows = fetch_rows(s, [i["e4"], i["e1"], 999_999, i["e3"]])
    assert [r.id for r in rows] == [i["e4"], i["e1"], i["e3"]]  # order kept, missing skipped
    e4, e1, e3 = rows
    assert e4.subjects == ("YPA", "Mother Name")
    assert e4.tags == (("school", "#0b5394"),)
    assert e4.finding_count == 1 and e4.episode_count == 0
    assert e4.flags == {Flag.GOOD_PRACTICE, Flag.EDITED}
    assert e1.episode_count == 1 and e1.flags == {Flag.CORROBORATED}
    assert e1.time == "14:00"
    assert e3.annotation_count == 1 and e3.flags == {Flag.ANNOTATED, Flag.CORROBORATED}
    assert e3.date_text == "spring 2015" and e3.latest == date(2015, 5, 31)


def test_fetch_window_pages_through_the_sorted_rows(review) -> None:
    with review.session() as s:
        first = fetch_window(s, offset=0, limit=4)
        rest = fetch_window(s, offset=4, limit=4)
    assert _names(review, [r.id for r in first + rest]) == ["e2", "e1", "e3", "e4", "e5", "e6"]
    assert len(rest) == 2


def test_many_ids_are_fetched_in_chunks(review) -> None:
    """More ids than SQLite takes as parameters at once."""
    with review.transaction() as s:
        s.execute(
            insert(Event),
            [
                {
                    "agency_id": review.ids["police"],
                    "date_text": "2016",
                    "text": f"bulk {n}",
                    "date_earliest": date(2016, 1, 1),
                    "date_latest": date(2016, 12, 31),
                    "date_precision": "year",
                    "sequence": float(n),
                }
                for n in range(2500)
            ],
        )
    with review.session() as s:
        ids = ordered_ids(s, ChronologyFilter(text="bulk"))
        assert len(ids) == 2500
        rows = fetch_rows(s, ids)
    assert [r.text for r in rows[:3]] == ["bulk 0", "bulk 1", "bulk 2"]
    assert len(rows) == 2500


def test_gaps_between_contacts(review) -> None:
    i = review.ids
    with review.session() as s:
        gaps = agency_gaps(s, 90)
        assert [(g.agency_name, g.start, g.end, g.days) for g in gaps] == [
            # Health: spring 2015 ends 31 May; next contact 1 Sep -> June to August.
            ("Health", date(2015, 6, 1), date(2015, 8, 31), 92),
            ("Police", date(2015, 1, 11), date(2015, 9, 1), 234),
        ]
        assert gaps[0].next_event_id == i["e4"] and gaps[0].previous_event_id == i["e3"]
        assert gaps[1].next_event_id == i["e5"]
        # The threshold is inclusive of the gap's length, and a longer one hides the gap.
        assert len(agency_gaps(s, 92)) == 2
        assert [g.agency_name for g in agency_gaps(s, 93)] == ["Police"]
        assert agency_gaps(s, 90, agency_ids=[i["health"]])[0].agency_name == "Health"


def test_gaps_within_a_period_include_its_edges(review) -> None:
    with review.transaction() as s:
        s.add(Agency(name="Education", short_name="EDU", sort_order=5))
    with review.session() as s:
        gaps = agency_gaps(s, 90, period=(date(2014, 7, 1), date(2015, 12, 31)))
    got = [(g.agency_name, g.start, g.end) for g in gaps]
    assert ("Police", date(2014, 7, 1), date(2015, 1, 9)) in got  # before the first contact
    assert ("Police", date(2015, 9, 3), date(2015, 12, 31)) in got  # after the last contact
    assert ("Health", date(2015, 9, 2), date(2015, 12, 31)) in got
    assert ("Education", date(2014, 7, 1), date(2015, 12, 31)) in got  # no contact at all
    edge = next(g for g in gaps if g.agency_name == "Police" and g.start == date(2014, 7, 1))
    assert edge.previous_event_id is None and edge.next_event_id is not None


def test_gaps_are_measured_from_the_end_of_the_longest_earlier_contact(review) -> None:
    """A long contact covers shorter ones inside it: no gap is reported inside it."""
    with review.transaction() as s:
        s.add(_event(review.ids["police"], "Long bail period", date(2015, 1, 5), date(2015, 8, 30)))
    with review.session() as s:
        police = [g for g in agency_gaps(s, 1) if g.agency_name == "Police"]
    assert [(g.start, g.end) for g in police] == [(date(2015, 8, 31), date(2015, 9, 1))]
