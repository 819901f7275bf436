"""Has a practice become a habit? The rep's linked behaviour after adopting, against their own
baseline, from the monthly behaviour counts `uplift analyze` stores (snapshot `adoption-habits`).

The rule, stated on the pages too: for each behaviour on the card's evidence that is counted per
deal (meetings, calls, e-mails, contacts per opportunity), compare the rep's rate over the deals
they closed in the six months before they started practising with the rate over the deals closed
since (from the month after), each on at least `MIN_DEALS` deals. The behaviour "moved" when it
went the way the stars differ from the core, by at least a quarter of that star-core gap and by at
least a tenth of the rep's own baseline (so that noise on a small gap does not count). This is a
before/after look at one person, not a causal estimate; the impact analysis is that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from uplift.core.refusals import NotAllowed
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import habits_of
from uplift.practices.access import can_move_adoption
from uplift.practices.adoptions import DATE_FIELDS, next_stage
from uplift.practices.models import Adoption
from uplift.practices.services import PracticeError

BASELINE_MONTHS = 6
MIN_DEALS = 4
SHARE_OF_GAP = 0.25
SHARE_OF_BASELINE = 0.10
# Position in the snapshot's per-month lists: deals, meetings, calls, emails, contacts.
COUNT_INDEX = {
    "meetings_per_opportunity": 1,
    "calls_per_opportunity": 2,
    "emails_per_opportunity": 3,
    "contacts_per_opportunity": 4,
}


@dataclass
class BehaviourChange:
    behavior: str
    label: str
    baseline: float | None
    since: float | None
    deals_before: int
    deals_since: int
    star: float
    core: float
    moved: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class HabitCheck:
    moved: bool
    message: str
    changes: list[BehaviourChange] = field(default_factory=list)
    as_of: str | None = None


def _month(day: date) -> tuple[int, int]:
    return day.year, day.month


def _shift(year_month: tuple[int, int], months: int) -> tuple[int, int]:
    index = year_month[0] * 12 + year_month[1] - 1 + months
    return index // 12, index % 12 + 1


def _sums(months: dict[str, list[int]], first: tuple[int, int], last: tuple[int, int]) -> list[int]:
    totals = [0, 0, 0, 0, 0]
    for key, counts in months.items():
        year, month = (int(part) for part in key.split("-"))
        if first <= (year, month) <= last:
            totals = [t + c for t, c in zip(totals, counts, strict=False)]
    return totals


def evidence_direction(row: Any) -> tuple[float, float]:
    """Which way the behaviour should move (+1 more, -1 less) and by how much stars differ.

    Both come from the mix-adjusted difference (star minus core on the same deal mix): when the
    stars come mostly from segments with other activity levels, their raw average can sit on the
    wrong side of the core's. Rows stored without an adjusted difference (older cards, or
    evidence typed in by hand) fall back to the raw star and core averages."""
    adjusted = getattr(row, "adjusted_difference", None)
    if adjusted:
        return (1.0 if adjusted > 0 else -1.0), abs(adjusted)
    return (1.0 if row.star >= row.core else -1.0), abs(row.star - row.core)


def behaviour_changes(
    *, months: dict[str, list[int]], started: date, as_of: date, evidence: list[Any]
) -> list[BehaviourChange]:
    """Each countable evidence behaviour before and after `started` (a pure computation)."""
    start = _month(started)
    before = _sums(months, _shift(start, -BASELINE_MONTHS), _shift(start, -1))
    since = _sums(months, _shift(start, 1), _month(as_of))
    changes = []
    for row in evidence:
        index = COUNT_INDEX.get(row.behavior)
        if index is None:
            continue
        baseline = before[index] / before[0] if before[0] >= MIN_DEALS else None
        after = since[index] / since[0] if since[0] >= MIN_DEALS else None
        direction, gap = evidence_direction(row)
        moved = False
        if baseline is not None and after is not None:
            needed = max(SHARE_OF_GAP * gap, SHARE_OF_BASELINE * baseline)
            moved = direction * (after - baseline) >= max(needed, 1e-9)
        changes.append(
            BehaviourChange(
                row.behavior,
                row.label,
                None if baseline is None else round(baseline, 3),
                None if after is None else round(after, 3),
                before[0],
                since[0],
                row.star,
                row.core,
                moved,
            )
        )
    return changes


def _rep_months(adoption: Adoption) -> tuple[dict[str, list[int]] | None, date | None]:
    person = adoption.person
    if person.organisation is None:
        return None, None
    habits = habits_of(analysis_latest(organisation=person.organisation))
    if habits is None or not person.crm_user_id:
        return None, None
    return habits.reps.get(person.crm_user_id), date.fromisoformat(habits.as_of)


def _verdict(changes: list[BehaviourChange]) -> HabitCheck:
    moved = [c for c in changes if c.moved]
    if moved:
        parts = [f"{c.label} {c.baseline:g} → {c.since:g}" for c in moved]
        return HabitCheck(
            moved=True, message="Habitual: the linked behaviour moved (" + "; ".join(parts) + ")."
        )
    if all(c.baseline is None or c.since is None for c in changes):
        return HabitCheck(
            moved=False,
            message=f"Not enough closed deals yet to compare (at least {MIN_DEALS} before and "
            "since are needed). The manager can confirm the habit with a note.",
        )
    parts = [f"{c.label} {c.baseline} → {c.since}" for c in changes]
    return HabitCheck(
        moved=False,
        message="Not yet: the behaviour has not moved enough (" + "; ".join(parts) + ").",
    )


@transaction.atomic
def adoption_habit_check(*, adoption: Adoption, actor: Any) -> HabitCheck:
    """Compare the rep's linked behaviour with their baseline; mark the adoption habitual when
    it moved. Nothing is written when it did not."""
    if not can_move_adoption(actor, adoption.person):
        raise NotAllowed("Only the rep or their manager may check this adoption.")
    if next_stage(adoption) != Adoption.Stage.HABITUAL:
        raise PracticeError("A practice becomes a habit once it has been demonstrated.")
    started = adoption.practising_on or adoption.planned_on
    evidence = list(adoption.practice.evidence.all())
    if not any(e.behavior in COUNT_INDEX for e in evidence):
        return HabitCheck(
            moved=False,
            message="The card links no behaviour counted per deal; the manager can confirm the "
            "habit with a note.",
        )
    months, as_of = _rep_months(adoption)
    if months is None or as_of is None or started is None:
        return HabitCheck(
            moved=False,
            message="No behaviour data for this rep in the latest analysis; the manager can "
            "confirm the habit with a note.",
        )
    changes = behaviour_changes(months=months, started=started, as_of=as_of, evidence=evidence)
    result = _verdict(changes)
    result.changes = changes
    result.as_of = as_of.isoformat()
    if result.moved:
        adoption.stage = Adoption.Stage.HABITUAL
        shown = adoption.demonstrated_on or started
        setattr(adoption, DATE_FIELDS[Adoption.Stage.HABITUAL], max(as_of, shown))
        adoption.habitual_basis = "metric"
        adoption.habitual_by = None
        adoption.habitual_evidence = {
            "as_of": result.as_of,
            "changes": [c.as_dict() for c in result.changes],
        }
        adoption.save()
    return result
