"""Reading what the Team Sales IQ and credit are computed from, out of the application database.

Each capability may be installed or not, and may have recorded nothing yet: every reader answers
with what there is and says, through :class:`SourceCounts`, what was missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import FieldError
from django.db import DatabaseError
from django.db.models import Min

from uplift.analytics.teamiq import SkillObservation
from uplift.orgs.models import Organisation, Person, Role
from uplift.practices.models import Adoption, Practice


@dataclass
class SourceCounts:
    """How many records of each kind went in, and which sources were not there."""

    assessment_ratings: int = 0
    role_play_scores: int = 0
    adoptions: int = 0
    contributions: int = 0
    unavailable: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "assessment_ratings": self.assessment_ratings,
            "role_play_scores": self.role_play_scores,
            "adoptions": self.adoptions,
            "contributions": self.contributions,
            "unavailable": list(self.unavailable),
        }

    def notes(self) -> list[str]:
        found = []
        if not self.assessment_ratings and not self.role_play_scores:
            found.append(
                "No manager assessments or scored role plays yet: capability has no data, and "
                "its weight goes to the other components."
            )
        if not self.adoptions and not self.contributions:
            found.append("No practice contributions or adoptions yet: knowledge flow is empty.")
        found.extend(self.unavailable)
        return found


def _day(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def roster(*, organisation: Organisation) -> list[tuple[int, str]]:
    """Active reps with a team: (person id, team name)."""
    people = Person.objects.filter(
        organisation=organisation, role=Role.REP, is_active=True, team__isnull=False
    ).values_list("pk", "team__name")
    return [(pk, str(team)) for pk, team in people]


def team_of_crm_rep(*, organisation: Organisation) -> dict[str, str]:
    """CRM rep id -> the team the person is in, in Uplift."""
    people = Person.objects.filter(organisation=organisation, team__isnull=False).exclude(
        crm_user_id=""
    )
    return dict(people.values_list("crm_user_id", "team__name"))


def skill_observations(
    *, organisation: Organisation, counts: SourceCounts
) -> tuple[SkillObservation, ...]:
    """Manager assessment ratings and submitted role-play rubric scores, each with its date."""
    found: list[SkillObservation] = []
    try:
        from uplift.development.models import Assessment, Rating

        ratings = Rating.objects.filter(
            assessment__organisation=organisation, assessment__kind=Assessment.Kind.MANAGER
        ).values_list(
            "assessment__subject_id", "competency__slug", "assessment__assessed_on", "level"
        )
        for person, competency, on, level in ratings:
            found.append(SkillObservation(person, competency, "assessment", on, float(level)))
        counts.assessment_ratings = len(found)
    except (ImportError, LookupError, FieldError, AttributeError, DatabaseError):
        counts.unavailable.append("Assessments are not available on this installation.")
    try:
        from uplift.coaching.models import RubricScore

        scores = RubricScore.objects.filter(
            rating__session__organisation=organisation, rating__submitted_at__isnull=False
        ).values_list(
            "rating__session__rep_id", "item__competency", "rating__session__held_at", "score"
        )
        before = len(found)
        for person, competency, held_at, score in scores:
            day = _day(held_at)
            if day is not None and score is not None:
                found.append(SkillObservation(person, competency, "role_play", day, float(score)))
        counts.role_play_scores = len(found) - before
    except (ImportError, LookupError, FieldError, AttributeError, DatabaseError):
        counts.unavailable.append("Role plays are not available on this installation.")
    return tuple(found)


def adoption_records(*, organisation: Organisation) -> list[tuple[int, str, date]]:
    """(person id, practice title, date they started practising) for every dated adoption."""
    rows = Adoption.objects.filter(
        practice__organisation=organisation, practising_on__isnull=False
    ).values_list("person_id", "practice__title", "practising_on")
    return [(person, title, on) for person, title, on in rows if on is not None]


def contribution_records(*, organisation: Organisation) -> list[tuple[int, str, date]]:
    """(person id, practice title, since): a contributor counts from the day the card was written,
    or from its first adoption when that is earlier (a practice adopted before it was written up
    in Uplift — back-filled adoptions — existed by then)."""
    first_adopted = dict(
        Adoption.objects.filter(practice__organisation=organisation, practising_on__isnull=False)
        .values("practice_id")
        .annotate(first=Min("practising_on"))
        .values_list("practice_id", "first")
    )
    rows = Practice.contributors.through.objects.filter(
        practice__organisation=organisation
    ).values_list("person_id", "practice_id", "practice__title", "practice__created_at")
    found = []
    for person, practice_id, title, created_at in rows:
        written = _day(created_at) or date.max
        adopted = first_adopted.get(practice_id) or date.max
        found.append((person, title, min(written, adopted)))
    return found
