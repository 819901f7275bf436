"""Where raters disagree: the spread of the scores each rubric item got in a role play.

For every rubric item of a role play with at least two submitted ratings:

- `spread` = highest score - lowest score, in rubric levels;
- `sd` = the standard deviation of the raters' scores (population form: the raters present are
  all the raters there are);
- the item is flagged when `spread >= DISAGREEMENT_THRESHOLD` (2 levels): two raters who are two
  levels apart on a five-level rubric saw different behaviour (say "developing" against
  "advanced"), which is worth a calibration conversation; one level apart is ordinary noise.

Each rater's `lean` is the average, over the items, of their score minus the mean of the other
raters' scores on that item: a rater who is consistently above (or below) the others shows a
positive (or negative) lean.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from uplift.coaching import access
from uplift.coaching.models import RolePlayRating, RolePlaySession, RubricItem
from uplift.orgs import access as orgs_access
from uplift.orgs.models import Person

DISAGREEMENT_THRESHOLD = 2


@dataclass(frozen=True)
class Spread:
    n: int
    mean: float
    spread: int
    sd: float

    @property
    def flagged(self) -> bool:
        return self.n >= 2 and self.spread >= DISAGREEMENT_THRESHOLD


def score_spread(scores: Sequence[int]) -> Spread:
    if not scores:
        raise ValueError("no scores")
    n = len(scores)
    mean = sum(scores) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / n)
    return Spread(n=n, mean=mean, spread=max(scores) - min(scores), sd=sd)


def rater_leans(scores_by_item: Sequence[dict[int, int]]) -> dict[int, float]:
    """{rater id: mean over items of (rater's score - mean of the other raters' scores)}, over
    the items each rater scored alongside at least one other rater."""
    deviations: dict[int, list[float]] = {}
    for by_rater in scores_by_item:
        if len(by_rater) < 2:
            continue
        total = sum(by_rater.values())
        for rater, score in by_rater.items():
            others = (total - score) / (len(by_rater) - 1)
            deviations.setdefault(rater, []).append(score - others)
    return {rater: sum(values) / len(values) for rater, values in deviations.items()}


@dataclass(frozen=True)
class ItemRow:
    item: RubricItem
    scores: list[int | None]  # one per rater column, None where the rater has not scored
    spread: Spread | None


@dataclass(frozen=True)
class RaterColumn:
    rating: RolePlayRating
    lean: float | None


@dataclass(frozen=True)
class Calibration:
    roleplay: RolePlaySession
    raters: list[RaterColumn]
    rows: list[ItemRow]
    submitted: int
    threshold: int = DISAGREEMENT_THRESHOLD

    @property
    def flagged(self) -> list[ItemRow]:
        return [row for row in self.rows if row.spread is not None and row.spread.flagged]

    @property
    def max_spread(self) -> int:
        return max((row.spread.spread for row in self.rows if row.spread), default=0)


def roleplay_calibration(*, roleplay: RolePlaySession) -> Calibration:
    ratings = list(
        roleplay.ratings.select_related("rater").prefetch_related("scores").order_by("kind", "pk")
    )
    items = list(roleplay.scenario.rubric_items.all())
    submitted = [r for r in ratings if r.submitted_at is not None]
    score_of = {(r.pk, s.item_id): s.score for r in submitted for s in r.scores.all()}
    by_item = [
        {r.rater_id: score_of[(r.pk, item.pk)] for r in submitted if (r.pk, item.pk) in score_of}
        for item in items
    ]
    leans = rater_leans(by_item)
    rows = []
    for item, by_rater in zip(items, by_item, strict=True):
        values = list(by_rater.values())
        rows.append(
            ItemRow(
                item=item,
                scores=[by_rater.get(r.rater_id) for r in ratings],
                spread=score_spread(values) if values else None,
            )
        )
    return Calibration(
        roleplay=roleplay,
        raters=[RaterColumn(rating=r, lean=leans.get(r.rater_id)) for r in ratings],
        rows=rows,
        submitted=len(submitted),
    )


def calibration_overview(*, viewer: Person, limit: int = 50) -> list[Calibration]:
    """Role plays of the viewer's coachees (or coached by the viewer) scored by at least two
    raters, the widest disagreement first."""
    chain = orgs_access.report_ids_visible(viewer)
    roleplays = (
        RolePlaySession.objects.filter(organisation_id=access.organisation_id(viewer))
        .filter(rep_id__in=chain)
        .select_related("rep", "coach", "partner", "scenario")
        .order_by("-held_at")[:200]
    )
    coached = (
        RolePlaySession.objects.filter(organisation_id=access.organisation_id(viewer), coach=viewer)
        .exclude(rep_id__in=chain)
        .select_related("rep", "coach", "partner", "scenario")
        .order_by("-held_at")[:200]
    )
    found = []
    for roleplay in [*roleplays, *coached]:
        calibration = roleplay_calibration(roleplay=roleplay)
        if calibration.submitted >= 2:
            found.append(calibration)
    found.sort(key=lambda c: (-len(c.flagged), -c.max_spread, -c.roleplay.held_at.timestamp()))
    return found[:limit]
