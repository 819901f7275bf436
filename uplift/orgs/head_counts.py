"""Head counts, counted in one place and each said with what it counts.

A number of people on a page reads "12 people in your teams (active, every role)" or "9 reps in
your part of the organisation (active)", never a bare "people": the home pages, the team tree
and the demo all count through here, so two pages counting the same people agree, and two that
count different people say how they differ. Analyses count reps in their own words (the reps
ranked in an analysis window: `uplift report segments`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from uplift.orgs.models import Person, Role


@dataclass(frozen=True)
class HeadCount:
    count: int
    noun: str  # one of them: "person", "rep"
    plural: str
    scope: str  # where: "in your teams"
    counted: str  # who: "active, every role"

    @property
    def label(self) -> str:
        """What the number counts, for a tile under it: "people in your teams (active, every
        role)"."""
        noun = self.noun if self.count == 1 else self.plural
        return f"{noun} {self.scope} ({self.counted})".replace(" ()", "")

    def __str__(self) -> str:
        return f"{self.count:,} {self.label}"


@dataclass(frozen=True)
class HeadCounts:
    people: HeadCount
    reps: HeadCount
    managers: HeadCount


def head_counts(*, people: QuerySet[Person], scope: str) -> HeadCounts:
    """The active people of `people` (every role), and how many of them are reps and managers,
    each labelled with `scope` ("in your teams", "in the organisation")."""
    found = people.filter(is_active=True).aggregate(
        people=Count("id", distinct=True),
        reps=Count("id", filter=Q(role=Role.REP), distinct=True),
        managers=Count("id", filter=Q(role=Role.MANAGER), distinct=True),
    )
    return HeadCounts(
        people=HeadCount(found["people"], "person", "people", scope, "active, every role"),
        reps=HeadCount(found["reps"], "rep", "reps", scope, "active"),
        managers=HeadCount(found["managers"], "manager", "managers", scope, "active"),
    )
