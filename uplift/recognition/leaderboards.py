"""Contribution leaderboards: sharing, helping, adoption reach and points, per period and team.

Revenue is never ranked here unless the organisation turned `revenue_leaderboards` on (SPEC "Roles
and privacy": contribution is what is celebrated).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from uplift.core.refusals import NotFound
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import scorecards_of
from uplift.orgs.models import Organisation, Person, Team
from uplift.recognition.ledger import points_balances
from uplift.recognition.models import PointsRule
from uplift.recognition.selectors import team_member_ids
from uplift.recognition.sources import facts_all

Event = PointsRule.Event
PERIODS: dict[str, tuple[str, int | None]] = {
    "30d": ("Last 30 days", 30),
    "90d": ("Last 90 days", 90),
    "365d": ("Last 12 months", 365),
    "all": ("All time", None),
}
DEFAULT_PERIOD = "90d"


@dataclass(frozen=True)
class BoardKind:
    key: str
    title: str
    unit: str
    explanation: str


CONTRIBUTION_BOARDS = (
    BoardKind(
        "sharing",
        "Sharing",
        "practices",
        "Practices they contributed that went to review in the period (approved ones in brackets).",
    ),
    BoardKind(
        "helping",
        "Helping",
        "sessions",
        "Coaching sessions they gave and role plays they partnered or peer-rated for people "
        "outside their own reporting line (coaching one's own team is a manager's job, so it is "
        "not counted here).",
    ),
    BoardKind(
        "reach",
        "Adoption reach",
        "people",
        "Colleagues, other than the contributors, who started practising one of their "
        "practices in the period.",
    ),
    BoardKind(
        "points",
        "Points",
        "points",
        "The sum of their points ledger entries dated in the period (reversals included).",
    ),
)
REVENUE_BOARD = BoardKind(
    "revenue",
    "Bookings",
    "bookings",
    "Won bookings in the latest analysis window (not the period chosen above). Shown because an "
    "admin turned revenue leaderboards on.",
)


@dataclass(frozen=True)
class BoardRow:
    rank: int
    person_id: int
    name: str
    team: str
    value: float
    detail: str


@dataclass(frozen=True)
class Board:
    kind: BoardKind
    period: str
    period_label: str
    team: Team | None
    rows: list[BoardRow]


def board_kinds(*, organisation: Organisation) -> tuple[BoardKind, ...]:
    if organisation.revenue_leaderboards:
        return (*CONTRIBUTION_BOARDS, REVENUE_BOARD)
    return CONTRIBUTION_BOARDS


def _since(period: str) -> date | None:
    days = PERIODS[period][1]
    return None if days is None else timezone.localdate() - timedelta(days=days - 1)


@dataclass
class _Tallies:
    shared: dict[int, int]
    approved: dict[int, int]
    coaching: dict[int, int]
    role_plays: dict[int, int]
    reached: dict[int, set[int]]


def _tallies(organisation: Organisation, since: date | None) -> _Tallies:
    counts = _Tallies(
        defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(set)
    )
    by_contributors: dict[str, dict[int, int]] = {
        Event.PRACTICE_SHARED: counts.shared,
        Event.PRACTICE_APPROVED: counts.approved,
    }
    by_actor: dict[str, dict[int, int]] = {
        Event.COACHING_PARTNERED: counts.coaching,
        Event.ROLE_PLAY_PARTNERED: counts.role_plays,
    }
    for fact in facts_all(organisation=organisation):
        if since is not None and fact.occurred_on < since:
            continue
        if fact.event in by_contributors:
            for person in fact.contributor_ids:
                by_contributors[fact.event][person] += 1
        elif fact.event in by_actor and fact.actor_id is not None:
            by_actor[fact.event][fact.actor_id] += 1
        elif fact.event == Event.PRACTICE_ADOPTED and fact.actor_id is not None:
            for person in fact.contributor_ids:
                counts.reached[person].add(fact.actor_id)
    return counts


def _contribution_values(
    organisation: Organisation, kind: str, since: date | None
) -> dict[int, tuple[float, str]]:
    if kind == "points":
        balances = points_balances(organisation=organisation, since=since)
        return {p: (float(v), "") for p, v in balances.items() if v}
    counts = _tallies(organisation, since)
    if kind == "sharing":
        return {p: (float(n), f"{counts.approved[p]} approved") for p, n in counts.shared.items()}
    if kind == "helping":
        coaching, role_plays = counts.coaching, counts.role_plays
        return {
            p: (
                float(coaching[p] + role_plays[p]),
                f"{coaching[p]} coaching, {role_plays[p]} role plays",
            )
            for p in set(coaching) | set(role_plays)
        }
    return {p: (float(len(a)), "") for p, a in counts.reached.items()}


def _revenue_values(organisation: Organisation) -> dict[int, tuple[float, str]]:
    cards = scorecards_of(analysis_latest(organisation=organisation))
    if cards is None:
        return {}
    by_crm = dict(
        Person.objects.filter(organisation=organisation)
        .exclude(crm_user_id="")
        .values_list("crm_user_id", "id")
    )
    values = {}
    for card in cards.reps:
        person_id = by_crm.get(card.rep.rep_id)
        bookings = card.in_units("bookings_cents")
        if person_id is not None and bookings is not None:
            values[person_id] = (float(bookings), "")
    return values


def leaderboard(
    *, organisation: Organisation, kind: str, period: str = DEFAULT_PERIOD, team: Team | None = None
) -> Board:
    """One board, ranked with ties sharing a rank (1, 1, 3); people with nothing are left out."""
    kinds = {k.key: k for k in board_kinds(organisation=organisation)}
    if kind not in kinds:
        raise NotFound("No such leaderboard.", field="board")
    if period not in PERIODS:
        raise NotFound("No such period.", field="period")
    if kind == "revenue":
        values = _revenue_values(organisation)
    else:
        values = _contribution_values(organisation, kind, _since(period))
    people = Person.objects.filter(organisation=organisation, pk__in=values).select_related("team")
    if team is not None:
        people = people.filter(pk__in=team_member_ids(organisation=organisation, team=team))
    ordered = sorted(people, key=lambda p: (-values[p.pk][0], p.full_name))
    rows: list[BoardRow] = []
    for position, person in enumerate(ordered, 1):
        value, detail = values[person.pk]
        rank = rows[-1].rank if rows and rows[-1].value == value else position
        rows.append(
            BoardRow(
                rank,
                person.pk,
                person.full_name,
                person.team.name if person.team else "",
                value,
                detail,
            )
        )
    return Board(kinds[kind], period, PERIODS[period][0], team, rows)
