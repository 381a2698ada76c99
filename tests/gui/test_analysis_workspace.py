"""The analysis workspace driven through its widgets (offscreen): pages, pickers, drag and
drop, the matrix, the register and the glossary; every change checked on disk and undone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, Qt
from sqlalchemy import select

from workbench.core.analysis import linked_ids, smart_state
from workbench.core.model import (
    Action,
    Agency,
    Event,
    Finding,
    GlossaryTerm,
    KeyPracticeEpisode,
    Person,
    Recommendation,
    ReportSection,
    ResearchQuestion,
)
from workbench.core.store import ReviewStore
from workbench.gui.analysis import (
    EVENT_IDS_MIME,
    AnalysisWorkspace,
    EventPicker,
    decode_event_ids,
    encode_event_ids,
)
from workbench.gui.analysis.common import GAP_ROLE, ID_ROLE, KIND_ROLE
from workbench.gui.analysis.matrix import ACTION, DUE, EVIDENCE, FINDING, QUESTION, RECOMMENDATION
from workbench.gui.context import ReviewContext


def _close(ctx: ReviewContext) -> None:
    ctx.close()


@pytest.fixture
def demo_ctx(demo_copy: Path) -> Iterator[ReviewContext]:
    ctx = ReviewContext(ReviewStore.open(demo_copy))
    yield ctx
    _close(ctx)


@pytest.fixture
def small(tmp_path: Path) -> Iterator[tuple[ReviewContext, dict[str, Any]]]:
    """A small review: four events, one question answered, one not, a finding with no
    evidence, a recommendation with an overdue action, two people sharing a pseudonym and
    an undefined abbreviation (HSB)."""
    store = ReviewStore.create(tmp_path / "small.cwr", title="Small review")
    with store.transaction() as s:
        pol = Agency(name="Norfolk Constabulary", short_name="POL", colour="#1f3b8c")
        cs = Agency(name="Children's Services", short_name="CS", colour="#0b5fa5")
        events = [
            Event(
                agency=pol,
                date_text="10/12/2015",
                date_earliest=date(2015, 12, 10),
                date_latest=date(2015, 12, 10),
                text="YPA arrested; bail conditions set",
            ),
            Event(
                agency=cs,
                date_text="Dec 2015",
                date_earliest=date(2015, 12, 1),
                date_latest=date(2015, 12, 31),
                text="PA told of the arrest",
            ),
            Event(
                agency=pol,
                date_text="June 10-24 2016",
                date_earliest=date(2016, 6, 10),
                date_latest=date(2016, 6, 24),
                text="Police try to move YPA from the hostel",
            ),
            Event(
                agency=cs,
                date_text="24/06/2016",
                date_earliest=date(2016, 6, 24),
                date_latest=date(2016, 6, 24),
                text="HSB risk shared with Housing Options",
            ),
        ]
        q1 = ResearchQuestion(number=1, title="care leaver planning", text="How well?")
        q2 = ResearchQuestion(number=2, title="the family", text="Were needs met?")
        f1 = Finding(
            title="Missed opportunity at the arrest",
            kind="missed_opportunity",
            questions=[q1],
            events=[events[0]],
        )
        f2 = Finding(title="Nothing behind it", questions=[q1], sort_order=1)
        rec = Recommendation(
            number=1, text="Hold a strategy meeting at arrest", findings=[f1], targets=[pol]
        )
        s.add_all([pol, cs, *events, q1, q2, f1, f2, rec])
        s.flush()
        late = Action(
            recommendation_id=rec.id,
            description="Custody prompt",
            due_date=date.today() - timedelta(days=30),
            status="amber",
            owner="Police",
        )
        s.add_all(
            [
                late,
                Person(real_name="Liam Example", pseudonym="Child Z", role="child"),
                Person(real_name="Callum Example", pseudonym="child z", role="brother"),
                GlossaryTerm(abbreviation="YPA", meaning="Young Person A"),
                GlossaryTerm(abbreviation="PA", meaning="Personal adviser"),
                ReportSection(key="summary", title="Summary", body="Old text"),
            ]
        )
        s.flush()
        ids = {
            "events": [e.id for e in events],
            "q1": q1.id,
            "q2": q2.id,
            "f1": f1.id,
            "f2": f2.id,
            "rec": rec.id,
            "late": late.id,
        }
    ctx = ReviewContext(store)
    yield ctx, ids
    _close(ctx)


def _ws(qtbot: Any, ctx: ReviewContext) -> AnalysisWorkspace:
    ws = AnalysisWorkspace(ctx)
    qtbot.addWidget(ws)
    ws.resize(1400, 900)
    return ws


def _links(ctx: ReviewContext, link: str, left: int) -> set[int]:
    with ctx.store.session() as s:
        return set(linked_ids(s, link, left))


# -- models --------------------------------------------------------------------------------


def test_every_model_passes_the_model_tester(
    qtmodeltester: Any, qtbot: Any, demo_ctx: ReviewContext
) -> None:
    ws = _ws(qtbot, demo_ctx)
    for key in (
        "questions",
        "episodes",
        "findings",
        "lessons",
        "recommendations",
        "sections",
        "people",
        "glossary",
        "matrix",
    ):
        ws.show_page(key)
    pages = ws.pages
    models = [p.model for p in pages]
    models += [
        ws.recommendations_page.actions_model,
        ws.recommendations_page.findings_model,
        ws.recommendations_page.targets_model,
        ws.findings_page.questions_model,
        ws.findings_page.evidence.model,
        ws.episodes_page.evidence.model,
        ws.glossary_page.undefined_model,
        ws.matrix_page.gaps_model,
    ]
    for model in models:
        assert (
            model.rowCount() > 0
            or model is ws.glossary_page.undefined_model
            or model is ws.matrix_page.gaps_model
        ), type(model).__name__
        qtmodeltester.check(model)
    picker = EventPicker(demo_ctx, "Link events", [])
    qtbot.addWidget(picker)
    qtmodeltester.check(picker.model)
    qtmodeltester.check(picker.proxy)


def test_mime_round_trip() -> None:
    mime = encode_event_ids([3, 1, 3])
    assert mime.hasFormat(EVENT_IDS_MIME)
    assert decode_event_ids(mime) == [3, 1]
    bad = QMimeData()
    bad.setData(EVENT_IDS_MIME, b"{not json")
    assert decode_event_ids(bad) == []
    odd = QMimeData()
    odd.setData(EVENT_IDS_MIME, b'[1, "2", true, 4]')
    assert decode_event_ids(odd) == [1, 4]


# -- the demo: from a recommendation to its evidence in two clicks ------------------------


def test_two_clicks_from_recommendation_to_evidence_and_question(
    qtbot: Any, demo_ctx: ReviewContext
) -> None:
    ws = _ws(qtbot, demo_ctx)
    ws.show()
    page = ws.show_page("recommendations")
    with demo_ctx.store.session() as s:
        rec = s.scalars(select(Recommendation).where(Recommendation.number == 3)).one()
        expected = {
            f.id: ({q.id for q in f.questions}, {e.id for e in f.events}) for f in rec.findings
        }
    # Click 1: the recommendation in the list.
    row = page.model.row_of(rec.id)
    rect = page.view.visualRect(page.model.index(row, 2))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_id() == rec.id
    assert "RQ3" in page.trace.text()
    assert {i for _, i in page.trace.targets} == set(expected)
    # Click 2: a finding it is traced to.
    kind, finding_id = page.trace.targets[0]
    page.trace.linkActivated.emit(f"{kind}:{finding_id}")
    assert ws.current_page() is ws.findings_page
    fp = ws.findings_page
    assert fp.current_id() == finding_id
    questions, events = expected[finding_id]
    assert set(fp.questions_model.checked_ids()) == questions
    assert events <= set(fp.evidence.all_ids())
    assert fp.evidence.model.rowCount() >= len(events) > 0


def test_matrix_on_the_demo_has_the_whole_chain(qtbot: Any, demo_ctx: ReviewContext) -> None:
    ws = _ws(qtbot, demo_ctx)
    mp = ws.show_page("matrix")
    mp.set_today(date(2017, 1, 1))
    rows = mp.model.matrix_rows()
    assert rows and all(r.question and r.finding for r in rows)
    assert mp.gaps_model.rowCount() == 0
    assert "no gaps" in mp.summary.text()
    mp.set_today(date(2018, 7, 1))
    overdue = [g for g in mp.gaps_model.gaps() if g.kind == "action_overdue"]
    assert len(overdue) == 1  # action 5.1 (SARC), due 31 Mar 2018
    # Overdue due-dates are marked with words and an icon as well as a colour.
    cells = [
        mp.model.index(r, DUE)
        for r in range(mp.model.rowCount())
        if mp.model.index(r, DUE).data(GAP_ROLE) == "action_overdue"
    ]
    assert cells
    assert all(
        "overdue" in c.data() and c.data(Qt.ItemDataRole.DecorationRole) is not None for c in cells
    )
    # Repeated questions and findings are spanned, not repeated.
    assert mp.view.rowSpan(0, QUESTION) > 1


# -- linking events ---------------------------------------------------------------------------


def test_link_selected_events_counts_and_undo(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    assert fp.select_id(ids["f2"])
    action = fp.evidence.link_selected_action
    assert not action.isEnabled()
    ctx.select_events(ids["events"][2:4])
    assert action.isEnabled() and action.text() == "Link 2 selected events"
    action.trigger()
    assert _links(ctx, "finding_event", ids["f2"]) == set(ids["events"][2:4])
    qtbot.waitUntil(lambda: fp.evidence.model.rowCount() == 2)
    row = fp.model.item(fp.model.row_of(ids["f2"]))
    assert row.evidence_text == "2 events"
    # The events side counts it too.
    assert {e.findings for e in fp.evidence.model.events()} == {1}
    ctx.undo_stack.undo()
    assert _links(ctx, "finding_event", ids["f2"]) == set()
    qtbot.waitUntil(lambda: fp.evidence.model.rowCount() == 0)


def test_unlink_from_the_evidence_list_is_undoable(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f1"])
    assert fp.evidence.model.rowCount() == 1
    fp.evidence.table.selectRow(0)
    assert fp.evidence.unlink_action.isEnabled()
    fp.evidence.unlink_action.trigger()
    assert _links(ctx, "finding_event", ids["f1"]) == set()
    ctx.undo_stack.undo()
    assert _links(ctx, "finding_event", ids["f1"]) == {ids["events"][0]}


def test_event_picker_searches_ticks_and_links(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f1"])
    with qtbot.waitSignal(fp.evidence.pickerOpened) as opened:
        fp.evidence.pick_action.trigger()
    picker = opened.args[0]
    assert isinstance(picker, EventPicker) and picker.isVisible()
    assert picker.model.rowCount() == 4
    # The event already linked is shown ticked and cannot be unticked.
    first = picker.model.index(picker.model.row_of(ids["events"][0]), 0)
    assert first.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert not first.flags() & Qt.ItemFlag.ItemIsUserCheckable
    qtbot.keyClicks(picker.search, "move ypa")
    assert picker.visible_ids() == [ids["events"][2]]
    picker.search.clear()
    picker.agency.setCurrentIndex(picker.agency.findData("CS"))
    assert picker.visible_ids() == [ids["events"][1], ids["events"][3]]
    assert not picker.ok_button.isEnabled()
    picker.table.selectAll()
    picker.tick_selected()
    assert picker.selected_ids() == [ids["events"][1], ids["events"][3]]
    assert picker.ok_button.text() == "Link 2 events"
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)
    assert _links(ctx, "finding_event", ids["f1"]) == {
        ids["events"][0],
        ids["events"][1],
        ids["events"][3],
    }
    assert ctx.undo_stack.undoText().startswith("Link 2 event(s) to finding")


def test_event_picker_cancel_links_nothing(qtbot: Any, small: tuple[ReviewContext, dict]) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f2"])
    picker = fp.evidence.open_picker()
    assert picker is not None
    picker.model.set_checked(ids["events"][:2])
    picker.reject()
    assert _links(ctx, "finding_event", ids["f2"]) == set()


def test_drop_events_on_a_finding_and_on_an_evidence_list(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    model = fp.model
    target = model.index(model.row_of(ids["f2"]), 0)
    mime = encode_event_ids(ids["events"][1:3])
    assert model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    assert not model.canDropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, model.index(-1, -1))
    assert not model.canDropMimeData(QMimeData(), Qt.DropAction.CopyAction, -1, -1, target)
    assert EVENT_IDS_MIME in model.mimeTypes()
    assert model.flags(target) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, -1, target)
    assert _links(ctx, "finding_event", ids["f2"]) == set(ids["events"][1:3])

    # Dropping onto an episode's evidence list links to that episode.
    ep_page = ws.show_page("episodes")
    ep_page.add_action.trigger()
    episode_id = ep_page.current_id()
    assert episode_id is not None
    ev_model = ep_page.evidence.model
    assert ev_model.dropMimeData(
        encode_event_ids([ids["events"][3]]), Qt.DropAction.CopyAction, 0, 0, ev_model.index(-1, -1)
    )
    assert _links(ctx, "episode_event", episode_id) == {ids["events"][3]}
    # The evidence list drags in the same format.
    qtbot.waitUntil(lambda: ev_model.rowCount() == 1)
    dragged = ev_model.mimeData([ev_model.index(0, 0)])
    assert decode_event_ids(dragged) == [ids["events"][3]]
    ctx.undo_stack.undo()
    assert _links(ctx, "episode_event", episode_id) == set()


def test_show_evidence_filters_the_chronology(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f1"])
    with qtbot.waitSignal(ctx.filterRequested) as sig:
        fp.evidence.show_action.trigger()
    description, event_ids = sig.args
    assert description == "Evidence for finding “Missed opportunity at the arrest”"
    assert event_ids == [ids["events"][0]]


def test_new_episode_from_selected_events_is_one_undo_step(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    ep = ws.show_page("episodes")
    assert not ep.from_events_action.isEnabled()
    ctx.select_events(ids["events"][2:4])
    assert ep.from_events_action.text() == "New from 2 selected events"
    ep.from_events_action.trigger()
    with ctx.store.session() as s:
        episode = s.scalars(select(KeyPracticeEpisode)).one()
        assert [e.id for e in episode.events] == ids["events"][2:4]
        assert episode.span() == (date(2016, 6, 10), date(2016, 6, 24))
    assert ep.current_id() == episode.id
    assert ep.period.text() == "10 Jun 2016 – 24 Jun 2016"
    assert ep.title_field.hasFocus() or not ep.isVisible()
    ctx.undo_stack.undo()
    with ctx.store.session() as s:
        assert s.scalars(select(KeyPracticeEpisode)).all() == []


# -- editing --------------------------------------------------------------------------------


def test_finding_fields_kind_category_and_questions(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f2"])
    fp.title_field.setText("Renamed finding")
    fp.title_field.editingFinished.emit()
    fp.kind_combo.setCurrentIndex(fp.kind_combo.findData("good_practice"))
    fp.kind_combo.activated.emit(fp.kind_combo.currentIndex())
    fp.category_combo.setCurrentText("human-tool operation")
    fp.category_combo.activated.emit(0)
    q2_row = next(
        r
        for r in range(fp.questions_model.rowCount())
        if fp.questions_model.index(r, 0).data(ID_ROLE) == ids["q2"]
    )
    assert fp.questions_model.setData(
        fp.questions_model.index(q2_row, 0),
        Qt.CheckState.Checked.value,
        Qt.ItemDataRole.CheckStateRole,
    )
    with ctx.store.session() as s:
        f = s.get(Finding, ids["f2"])
        assert f is not None
        assert (f.title, f.kind, f.category) == (
            "Renamed finding",
            "good_practice",
            "Human-tool operation",
        )
        assert {q.id for q in f.questions} == {ids["q1"], ids["q2"]}
    for _ in range(4):
        ctx.undo_stack.undo()
    with ctx.store.session() as s:
        f = s.get(Finding, ids["f2"])
        assert f is not None and (f.title, f.kind, f.category) == (
            "Nothing behind it",
            "finding",
            "",
        )
        assert [q.id for q in f.questions] == [ids["q1"]]


def test_markdown_section_preview_is_live_and_commits_once(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, _ids = small
    ws = _ws(qtbot, ctx)
    sp = ws.show_page("sections")
    editor = sp.body.editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "A **bold** claim")
    # The preview follows at once, rendered, before anything is saved.
    assert sp.body.preview.toPlainText().strip() == "A bold claim"
    with ctx.store.session() as s:
        assert s.scalars(select(ReportSection.body)).one() == "Old text"
    editor.flush()
    with ctx.store.session() as s:
        assert s.scalars(select(ReportSection.body)).one() == "A **bold** claim"
    assert ctx.undo_stack.count() == 1
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: editor.toPlainText() == "Old text" or editor.hasFocus())
    with ctx.store.session() as s:
        assert s.scalars(select(ReportSection.body)).one() == "Old text"


def test_questions_add_reorder_delete(qtbot: Any, small: tuple[ReviewContext, dict]) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    qp = ws.show_page("questions")
    assert any(k.toString() == "Ins" for k in qp.add_action.shortcuts())
    qp.add_action.trigger()
    new_id = qp.current_id()
    assert new_id not in (None, ids["q1"], ids["q2"])

    def numbers() -> dict[int, int]:
        with ctx.store.session() as s:
            return {q.id: q.number for q in s.scalars(select(ResearchQuestion))}

    assert numbers()[new_id] == 3
    qp.up_action.trigger()
    assert numbers() == {ids["q1"]: 1, new_id: 2, ids["q2"]: 3}
    assert qp.current_id() == new_id
    qp.select_id(ids["q1"])
    qp.delete_action.trigger()
    assert numbers() == {new_id: 1, ids["q2"]: 2}
    ctx.undo_stack.undo()
    assert numbers() == {ids["q1"]: 1, new_id: 2, ids["q2"]: 3}


def test_recommendation_smart_targets_and_action_plan(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    rp = ws.show_page("recommendations")
    rp.select_id(ids["rec"])
    # SMART: tick and note.
    rp.smart_boxes["measurable"].click()
    note = rp.smart_notes["measurable"]
    note.setText("Audit in a year")
    note.editingFinished.emit()
    with ctx.store.session() as s:
        rec = s.get(Recommendation, ids["rec"])
        assert rec is not None
        state = smart_state(rec.smart_json)
    assert state["measurable"].ticked and state["measurable"].note == "Audit in a year"
    assert rp.tabs.tabText(2) == "SMART (1/5)"
    # The overdue action stands out (icon, colour and words), and the list says so.
    am = rp.actions_model
    assert am.rowCount() == 1
    due = am.index(0, am.DUE)
    assert "overdue" in due.data()
    assert due.data(Qt.ItemDataRole.DecorationRole) is not None
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert rp.overdue_note.text() == "⚠ 1 overdue"
    rec_row = rp.model.index(rp.model.row_of(ids["rec"]), 4)
    assert rec_row.data() == "1 (1 overdue)"
    # Completing it clears the mark (the status editor writes the status key).
    assert am.setData(am.index(0, am.STATUS), "complete")
    qtbot.waitUntil(lambda: "overdue" not in am.index(0, am.DUE).data())
    assert rp.overdue_note.text() == ""
    assert not am.setData(am.index(0, am.DUE), "31/02/2018")  # refused, not saved
    assert am.setData(am.index(0, am.DUE), "31/03/2030")
    with ctx.store.session() as s:
        a = s.get(Action, ids["late"])
        assert a is not None and (a.status, a.due_date) == ("complete", date(2030, 3, 31))
    # Add and delete an action.
    rp.add_action_action.trigger()
    qtbot.waitUntil(lambda: am.rowCount() == 2)
    rp.actions_view.selectRow(1)
    rp.delete_action_action.trigger()
    qtbot.waitUntil(lambda: am.rowCount() == 1)
    # Targets: untick the police.
    tm = rp.targets_model
    pol_row = next(r for r in range(tm.rowCount()) if tm.index(r, 0).data() == "POL")
    assert tm.setData(
        tm.index(pol_row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert _links(ctx, "recommendation_agency", ids["rec"]) == set()
    ctx.undo_stack.undo()
    assert len(_links(ctx, "recommendation_agency", ids["rec"])) == 1


# -- matrix, register, glossary ----------------------------------------------------------


def test_matrix_marks_every_gap_and_clicking_a_cell_goes_to_it(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    ws.show()
    mp = ws.show_page("matrix")
    model = mp.model
    cells = [model.index(r, c) for r in range(model.rowCount()) for c in range(model.columnCount())]
    gaps = {
        (i.data(GAP_ROLE), i.data(KIND_ROLE), i.data(ID_ROLE)) for i in cells if i.data(GAP_ROLE)
    }
    assert ("question_without_finding", "research_question", ids["q2"]) in gaps
    assert ("finding_without_evidence", "finding", ids["f2"]) in gaps
    assert ("finding_without_recommendation", "finding", ids["f2"]) in gaps
    assert ("action_overdue", "action", ids["late"]) in gaps
    listed = {g.kind for g in mp.gaps_model.gaps()}
    assert {
        "question_without_finding",
        "finding_without_evidence",
        "action_overdue",
        "duplicate_pseudonym",
        "undefined_abbreviation",
    } <= listed
    # Clicking the recommendation cell of the first row opens the recommendation.
    rec_cell = next(
        model.index(r, RECOMMENDATION)
        for r in range(model.rowCount())
        if model.index(r, RECOMMENDATION).data(KIND_ROLE) == "recommendation"
    )
    rect = mp.view.visualRect(rec_cell)
    qtbot.mouseClick(mp.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ws.current_page() is ws.recommendations_page
    assert ws.recommendations_page.current_id() == ids["rec"]
    # An overdue action's cell opens its recommendation with the action selected.
    ws.show_page("matrix")
    action_cell = next(
        model.index(r, ACTION)
        for r in range(model.rowCount())
        if model.index(r, DUE).data(GAP_ROLE) == "action_overdue"
    )
    mp._cell_clicked(action_cell)
    rp = ws.recommendations_page
    assert ws.current_page() is rp
    assert rp.actions_view.currentIndex().row() == rp.actions_model.row_of(ids["late"])
    # A gap in the list goes to its item too.
    ws.show_page("matrix")
    row = next(
        i for i, g in enumerate(mp.gaps_model.gaps()) if g.kind == "finding_without_evidence"
    )
    mp._gap_clicked(mp.gaps_model.index(row, 0))
    assert ws.current_page() is ws.findings_page
    assert ws.findings_page.current_id() == ids["f2"]
    # Only the rows with gaps.
    ws.show_page("matrix")
    mp.gaps_only.setChecked(True)
    assert all(
        any(model.index(r, c).data(GAP_ROLE) for c in range(model.columnCount()))
        for r in range(model.rowCount())
    )
    assert model.index(0, QUESTION).isValid() and model.index(0, FINDING).isValid()
    assert model.index(0, EVIDENCE).isValid()


def test_people_register_warns_of_a_shared_pseudonym(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, _ids = small
    ws = _ws(qtbot, ctx)
    pp = ws.show_page("people")
    assert not pp.banner.isHidden()
    assert "2 people share the pseudonym “Child Z”" in pp.banner.text.text()
    pm = pp.model
    cell = pm.index(1, 2)
    assert cell.data(Qt.ItemDataRole.DecorationRole) is not None
    assert "same pseudonym" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert pm.setData(cell, "Brother")
    qtbot.waitUntil(lambda: pp.banner.isHidden())
    assert pm.index(1, 2).data(Qt.ItemDataRole.DecorationRole) is None
    assert pm.setData(pm.index(1, 3), "9/2/2004")
    with ctx.store.session() as s:
        p = s.scalars(select(Person).where(Person.pseudonym == "Brother")).one()
        assert p.date_of_birth == date(2004, 2, 9)
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: not pp.banner.isHidden())


def test_glossary_lists_undefined_abbreviations_and_defines_them(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, _ids = small
    ws = _ws(qtbot, ctx)
    gp = ws.show_page("glossary")
    undefined = [u.abbreviation for u in gp.undefined_model.items()]
    assert undefined == ["HSB"]
    gp.undefined_view.setCurrentIndex(gp.undefined_model.index(0, 0))
    gp.define_action.trigger()
    with ctx.store.session() as s:
        assert "HSB" in set(s.scalars(select(GlossaryTerm.abbreviation)))
    qtbot.waitUntil(lambda: gp.undefined_model.rowCount() == 0)
    assert "Every abbreviation used is defined" in gp.all_defined.text()
    # A duplicate abbreviation is refused with a message, not an error.
    with qtbot.waitSignal(ws.messageShown) as sig:
        assert not gp.model.setData(
            gp.model.index(
                gp.model.row_of(next(r.id for r in gp.model.rows() if r.abbreviation == "PA")), 0
            ),
            "YPA",
        )
    assert "already in the glossary" in sig.args[0]
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: gp.undefined_model.rowCount() == 1)


def test_item_requested_shows_the_item(qtbot: Any, small: tuple[ReviewContext, dict]) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    ctx.itemRequested.emit("finding", ids["f2"])
    assert ws.current_page() is ws.findings_page
    assert ws.findings_page.current_id() == ids["f2"]
    assert ws.show_item("research_question", ids["q2"])
    assert ws.questions_page.current_id() == ids["q2"]
    assert not ws.show_item("event", ids["events"][0])
    assert ws.show_item("glossary_term", 0)
    assert ws.current_page() is ws.glossary_page


def test_refused_change_is_reported_not_raised(
    qtbot: Any, small: tuple[ReviewContext, dict]
) -> None:
    ctx, ids = small
    ws = _ws(qtbot, ctx)
    fp = ws.show_page("findings")
    fp.select_id(ids["f2"])
    with ctx.store.transaction() as s:  # someone deleted the event meanwhile
        s.delete(s.get(Event, ids["events"][3]))
    ctx.select_events([ids["events"][3]])
    with qtbot.waitSignal(ws.messageShown):
        fp.evidence.link_selected_action.trigger()
    assert not ws.message.isHidden()
