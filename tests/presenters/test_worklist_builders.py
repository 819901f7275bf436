"""The to-do builders are pure: facts in, items out. Each item kind appears while its thing is
due and is gone once it is done; the list is soonest due first, with the date in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from uplift.coaching.facts import (
    ActionItemOverdue,
    RatingAwaited,
    RolePlayToRetry,
    SessionPlanned,
)
from uplift.development.facts import CheckInDue, MilestoneOpen
from uplift.initiatives.facts import CommitmentOpen, InitiativeLed, InvitationOpen
from uplift.practices.facts import AdoptionToConfirm, ReviewAwaited
from uplift.presenters.worklist import PersonalFacts, WorkItem, when_text, worklist_from
from uplift.presenters.worklist_admin import AdminFacts, admin_worklist
from uplift.presenters.worklist_leader import LeaderFacts, leader_worklist
from uplift.presenters.worklist_manager import ManagerFacts, manager_worklist
from uplift.presenters.worklist_rep import SUGGESTION, RepFacts, rep_worklist
from uplift.pulse.selectors import PulseRoundOpen

TODAY = date(2026, 12, 2)  # a Wednesday
NOON = datetime(2026, 12, 2, 12, tzinfo=UTC)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def kinds(worklist: Any) -> list[str]:
    return [row.item.kind for row in worklist.rows]


def milestone(title: str, due_on: date, plan_id: int = 1, rep_id: int = 1) -> MilestoneOpen:
    return MilestoneOpen(1, plan_id, rep_id, "Ann Test", title, due_on)


def test_due_dates_read_as_words_against_today() -> None:
    assert when_text(TODAY - timedelta(days=9), TODAY) == "Overdue since 23 Nov"
    assert when_text(TODAY, TODAY) == "Due today"
    assert when_text(TODAY + timedelta(days=1), TODAY) == "Due tomorrow"
    assert when_text(TODAY + timedelta(days=5), TODAY) == "Due Mon 7 Dec"
    assert when_text(TODAY + timedelta(days=13), TODAY) == "Due 15 Dec"
    assert when_text(date(2027, 1, 4), TODAY) == "Due 4 Jan 2027"


def test_the_list_is_soonest_due_first_and_folds_after_the_first_few() -> None:
    items = [
        WorkItem("milestone", f"Step {n}", "", TODAY + timedelta(days=n), "my_home")
        for n in (3, -2, 0, 9, 1, 5, 4, 7)
    ]
    worklist = worklist_from(items, today=TODAY, empty="", suggestion=SUGGESTION)
    assert [row.item.title for row in worklist.rows] == [
        f"Step {n}" for n in (-2, 0, 1, 3, 4, 5, 7, 9)
    ]
    assert [row.overdue for row in worklist.rows][:2] == [True, False]
    assert worklist.overdue == 1
    assert len(worklist.first) == 6
    assert [row.item.title for row in worklist.more] == ["Step 7", "Step 9"]
    # one more than fits is shown rather than folded alone
    assert worklist_from(items[:7], today=TODAY, empty="", suggestion=SUGGESTION).more == []


def test_an_empty_list_says_so_and_suggests_one_useful_thing() -> None:
    worklist = rep_worklist(RepFacts(), today=TODAY)
    assert worklist.rows == []
    assert worklist.empty == "Nothing is waiting for you."
    assert worklist.suggestion.url == "/practices/"
    for empty in (
        manager_worklist(ManagerFacts(now=NOON), today=TODAY),
        leader_worklist(LeaderFacts(), today=TODAY),
    ):
        assert empty.rows == []
        assert empty.empty
        assert empty.suggestion.url.startswith("/")


def test_a_rep_gets_milestones_retries_ratings_commitments_and_the_pulse() -> None:
    pulse = PulseRoundOpen(date(2026, 12, 1), date(2026, 12, 31), 4, answered=False)
    facts = RepFacts(
        personal=PersonalFacts(
            pulse=pulse,
            ratings=[RatingAwaited(7, "Art Test", "Price objection", 1, at(TODAY - timedelta(3)))],
            commitments=[CommitmentOpen(3, 5, "Share what works", "Sessions hosted", 2, 1, TODAY)],
            invitations=[InvitationOpen(5, "Share what works", TODAY - timedelta(days=1))],
        ),
        milestones=[milestone("Run two discovery role plays", TODAY - timedelta(days=2))],
        retries=[RolePlayToRetry(9, 1, "Price objection", 1, at(TODAY - timedelta(1)), 2.33)],
    )
    worklist = rep_worklist(facts, today=TODAY)
    assert kinds(worklist) == ["milestone", "commitment", "rating", "retry", "invitation", "pulse"]
    by_kind = {row.item.kind: row for row in worklist.rows}
    assert by_kind["milestone"].item.url == "/development/plans/1/"
    assert by_kind["milestone"].when == "Overdue since 30 Nov"
    assert by_kind["rating"].item.title == "Score Art Test's role play"
    assert by_kind["rating"].item.url == "/coaching/role-plays/7/"
    assert by_kind["retry"].item.url == "/coaching/role-plays/9/"
    assert "scored 2.3 of 5" in by_kind["retry"].item.detail
    assert by_kind["commitment"].item.title == "Sessions hosted: 1 of 2 so far"
    assert by_kind["commitment"].item.url == "/initiatives/5/"
    assert by_kind["invitation"].item.url == "/initiatives/5/invitation/"
    assert by_kind["pulse"].item.title == "Answer the December 2026 pulse"
    assert by_kind["pulse"].item.url == "/pulse/"
    assert worklist.pulse_answered is None


def test_an_answered_pulse_leaves_the_list_and_is_thanked_for() -> None:
    pulse = PulseRoundOpen(date(2026, 12, 1), date(2026, 12, 31), 4, answered=True)
    worklist = rep_worklist(RepFacts(personal=PersonalFacts(pulse=pulse)), today=TODAY)
    assert worklist.rows == []
    assert worklist.pulse_answered == pulse


def test_a_manager_gets_sessions_overdue_items_check_ins_adoptions_and_debriefs() -> None:
    star = SimpleNamespace(pk=41, full_name="Art Test")
    facts = ManagerFacts(
        now=NOON,
        sessions=[
            SessionPlanned(11, 1, "Ann Test", "1:1", at(TODAY + timedelta(days=2)), False),
            SessionPlanned(12, 2, "Art Test", "Call review", at(TODAY - timedelta(days=4)), True),
        ],
        milestones_overdue=[milestone("Shadow a star", TODAY - timedelta(days=6), plan_id=3)],
        action_items_overdue=[
            ActionItemOverdue(1, 12, 1, "Send the recap", TODAY - timedelta(days=3)),
            ActionItemOverdue(2, 12, 2, "Book the demo", TODAY - timedelta(days=1)),
        ],
        rep_names={1: "Ann Test", 2: "Art Test"},
        check_ins=[CheckInDue(3, 1, "Ann Test", TODAY - timedelta(days=28), TODAY + timedelta(2))],
        adoptions=[
            AdoptionToConfirm(1, 1, "Ann Test", 8, "Mutual close plan", TODAY - timedelta(40)),
            AdoptionToConfirm(2, 2, "Art Test", 8, "Mutual close plan", TODAY - timedelta(35)),
        ],
        stars=[SimpleNamespace(person=star, named_on=TODAY - timedelta(days=10))],  # type: ignore[list-item]
    )
    worklist = manager_worklist(facts, today=TODAY)
    assert kinds(worklist) == [
        "adoption",
        "overdue",
        "write_up",
        "overdue",
        "session",
        "check_in",
        "debrief",
    ]
    rows = {(row.item.kind, row.item.title): row for row in worklist.rows}
    ann = rows[("overdue", "Catch up with Ann Test")].item
    assert ann.detail == "1 milestone and 1 coaching action item overdue: Shadow a star and 1 more"
    assert ann.url == "/development/plans/3/"
    art = rows[("overdue", "Catch up with Art Test")].item
    assert art.url == "/coaching/sessions/12/"  # no milestone overdue: the session's action item
    assert rows[("session", "Prepare your 1:1 with Ann Test")].item.detail.endswith("no agenda yet")
    assert rows[("write_up", "Write up your Call review with Art Test")].overdue
    adoption = rows[("adoption", "Confirm what 2 reps demonstrate")].item
    assert adoption.url == "/practices/adoption/"
    assert "and 1 more practice" in adoption.detail
    debrief = rows[("debrief", "Schedule a debrief with Art Test")].item
    assert debrief.url == "/debriefs/new/?star=41"


def test_many_stars_to_debrief_make_one_item_to_the_debriefs_page() -> None:
    stars = [
        SimpleNamespace(person=SimpleNamespace(pk=n, full_name=f"Star {n}"), named_on=TODAY)
        for n in range(5)
    ]
    worklist = leader_worklist(LeaderFacts(stars=stars), today=TODAY)  # type: ignore[arg-type]
    [row] = worklist.rows
    assert row.item.title == "Schedule debriefs with 5 stars"
    assert row.item.url == "/debriefs/#stars-heading"


def test_a_leader_gets_reviews_awards_and_the_initiatives_they_lead() -> None:
    events = [
        SimpleNamespace(
            event_id=4,
            name="Sales Awards",
            held_on=TODAY + timedelta(days=20),
            status="Shortlisting",
            nominations=6,
            categories=3,
        )
    ]
    facts = LeaderFacts(
        reviews=[ReviewAwaited(8, "Mutual close plan", TODAY - timedelta(days=2))],
        events=events,  # type: ignore[arg-type]
        initiatives=[
            InitiativeLed(
                5, "Share what works", TODAY + timedelta(200), 6, 3, 1, 4, TODAY + timedelta(29)
            ),
            InitiativeLed(6, "Last year's", TODAY - timedelta(days=3), 2, 0, 0, 0, None),
        ],
    )
    worklist = leader_worklist(facts, today=TODAY)
    rows = {row.item.title: row.item for row in worklist.rows}
    assert kinds(worklist) == ["initiative", "review", "nominations", "initiative"]
    assert rows["Review “Mutual close plan”"].url == "/practices/8/"
    assert rows["Decide the winners of Sales Awards"].url == "/awards/4/"
    assert "6 nominations in 3 categories" in rows["Decide the winners of Sales Awards"].detail
    health = rows["Look at the health of Share what works"]
    assert health.url == "/initiatives/5/health/"
    assert health.detail == "6 partners; commitments: 3 kept, 1 missed, 4 due"
    assert rows["Close Last year's"].url == "/initiatives/6/"


def test_an_admin_gets_the_data_and_the_logins_to_see_to() -> None:
    failed_import = SimpleNamespace(
        when=at(TODAY - timedelta(days=1)), result="failed", message="Opportunity.csv, row 4: no Id"
    )
    good_import = SimpleNamespace(when=at(TODAY - timedelta(days=40)), result="succeeded")
    failed_run = SimpleNamespace(
        status="failed", started_at=at(TODAY), error="Traceback\nValueError: no deals"
    )
    facts = AdminFacts(
        imports=[failed_import, good_import],  # type: ignore[list-item]
        runs=[failed_run],  # type: ignore[list-item]
        awaiting_invitation=12,
        without_address=1,
    )
    worklist = admin_worklist(facts, today=TODAY)
    rows = {row.item.title: row for row in worklist.rows}
    assert list(rows) == [
        "Bring the CRM data up to date",
        "Look at the import that failed on 1 Dec 2026",
        "Run the analysis of 2 Dec 2026 again",
        "Give 1 person a real e-mail address",
        "Invite 12 people who cannot sign in yet",
    ]
    assert rows["Look at the import that failed on 1 Dec 2026"].item.detail == (
        "Opportunity.csv, row 4: no Id"
    )
    assert rows["Run the analysis of 2 Dec 2026 again"].item.detail == "Traceback"
    assert rows["Invite 12 people who cannot sign in yet"].item.url == "/enablement/#invite-heading"
    assert admin_worklist(AdminFacts(), today=TODAY).rows[0].item.title == "Import your CRM data"
