"""Help beyond one's role: coaching one's own reports is a manager's job, so it earns no place on
the Helping and Points boards, no Helper badge and no help in the future leaders' inputs; help to
someone outside one's own reporting line does."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.conftest import World
from uplift.awards.records import help_records
from uplift.coaching.models import CoachingSession
from uplift.orgs.models import Person
from uplift.orgs.selectors import reporting_lines
from uplift.recognition.leaderboards import Board, leaderboard
from uplift.recognition.ledger import ledger_sync
from uplift.recognition.models import Kudos


def _coached(coach: Person, rep: Person, *, times: int) -> None:
    now = timezone.now()
    assert rep.organisation is not None
    for n in range(times):
        CoachingSession.objects.create(
            organisation=rep.organisation,
            rep=rep,
            coach=coach,
            created_by=coach,
            scheduled_at=now - timedelta(days=3 + n),
            status=CoachingSession.Status.DONE,
        )


def _names(board: Board) -> list[tuple[str, float]]:
    return [(row.name, row.value) for row in board.rows]


def test_the_reporting_line_runs_up_the_manager_chain(world: World) -> None:
    lines = reporting_lines(organisation=world.org)
    assert lines.manages(world.mia.pk, world.ann.pk)  # her own rep
    assert lines.manages(world.lea.pk, world.ann.pk)  # the regional leader above Mia
    assert lines.manages(world.lou.pk, world.ann.pk)  # the top of the organisation
    assert not lines.manages(world.max.pk, world.ann.pk)  # another team's manager
    assert not lines.manages(world.ann.pk, world.mia.pk)  # the other way round
    assert lines.beyond_line(world.max.pk, world.ann.pk)
    assert not lines.beyond_line(world.ann.pk, world.ann.pk)


def test_a_manager_coaching_their_own_team_does_not_top_the_helping_board(world: World) -> None:
    _coached(world.mia, world.ann, times=6)  # Mia's job: Ann is on her team
    _coached(world.mia, world.art, times=6)
    _coached(world.lea, world.bob, times=4)  # Lea leads the region Bob's team is in
    _coached(world.max, world.gil, times=2)  # Max helps another region's rep
    _coached(world.ann, world.bob, times=1)  # a rep helps a colleague on another team

    board = leaderboard(organisation=world.org, kind="helping", period="30d")
    assert _names(board) == [("Max Test", 2.0), ("Ann Test", 1.0)]
    assert board.rows[0].detail == "2 coaching, 0 role plays"
    assert "outside their own reporting line" in board.kind.explanation


def test_a_manager_coaching_their_own_team_earns_no_points(world: World) -> None:
    _coached(world.mia, world.ann, times=5)
    _coached(world.max, world.gil, times=1)
    ledger_sync(organisation=world.org)
    board = leaderboard(organisation=world.org, kind="points", period="30d")
    assert _names(board) == [("Max Test", 8.0)]


def test_future_leaders_and_award_evidence_read_only_help_beyond_the_line(world: World) -> None:
    _coached(world.mia, world.ann, times=3)
    _coached(world.gus, world.bob, times=1)
    for giver, receiver in ((world.ann, world.mia), (world.bob, world.gus)):
        Kudos.objects.create(
            organisation=world.org,
            giver=giver,
            receiver=receiver,
            reason=Kudos.Reason.COACHING,
            message="Thanks for the coaching",
        )
    helps = help_records(organisation=world.org)
    assert {(h.kind, h.helper_id, h.helped_id) for h in helps} == {
        ("coaching", world.gus.pk, world.bob.pk),
        ("kudos", world.gus.pk, world.bob.pk),
    }
