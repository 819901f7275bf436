"""A rep's skill progression per competency over time: role-play scores and assessment ratings.

A role play's score on a competency is the mean, over the raters who submitted, of each rater's
mean score on that competency's rubric items — so every rater counts once however many items a
competency has. Scores and ratings are on the same 1 to 5 rubric scale. Manager and self assessments
(from development plans) are shown beside them when there are any.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from statistics import fmean

from django.utils import timezone

from uplift.coaching.competencies import competency_names
from uplift.coaching.models import RolePlayRating, RolePlaySession
from uplift.development.models import Assessment, Rating
from uplift.orgs.models import Person

PALETTE = ("#2b59c3", "#12a594", "#c47f00", "#b03a6f", "#6b4fbb", "#3f8f3f", "#d0542c", "#4a5368")


@dataclass(frozen=True)
class RolePlayPoint:
    roleplay: RolePlaySession
    held_on: date
    competency: str
    score: float
    coach: float | None
    peers: float | None
    raters: int
    name: str = ""


@dataclass(frozen=True)
class AssessmentPoint:
    assessed_on: date
    competency: str
    level: int
    kind: str


@dataclass(frozen=True)
class CompetencySummary:
    slug: str
    name: str
    roleplays: int
    first: float | None
    latest: float | None
    latest_assessment: int | None

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None or self.roleplays < 2:
            return None
        return self.latest - self.first


@dataclass
class Progression:
    rep: Person
    points: list[RolePlayPoint]
    assessments: list[AssessmentPoint]
    summaries: list[CompetencySummary] = field(default_factory=list)
    chart: dict[str, object] = field(default_factory=dict)


def roleplay_points(*, rep: Person) -> list[RolePlayPoint]:
    ratings = (
        RolePlayRating.objects.filter(
            session__rep=rep,
            session__organisation=rep.organisation,
            submitted_at__isnull=False,
        )
        .select_related("session", "session__scenario")
        .prefetch_related("scores__item")
        .order_by("session__held_at", "session_id", "pk")
    )
    # roleplay -> competency -> [(kind, rater's mean on the competency's items)]
    per_roleplay: dict[int, dict[str, list[tuple[str, float]]]] = defaultdict(dict)
    sessions: dict[int, RolePlaySession] = {}
    for rating in ratings:
        sessions[rating.session_id] = rating.session
        by_competency: dict[str, list[int]] = defaultdict(list)
        for score in rating.scores.all():
            by_competency[score.item.competency].append(score.score)
        for slug, values in by_competency.items():
            per_roleplay[rating.session_id].setdefault(slug, []).append(
                (rating.kind, fmean(values))
            )
    points = []
    for session_id, competencies in per_roleplay.items():
        session = sessions[session_id]
        for slug, rater_means in competencies.items():
            coach = [m for kind, m in rater_means if kind == RolePlayRating.Kind.COACH]
            peers = [m for kind, m in rater_means if kind == RolePlayRating.Kind.PEER]
            points.append(
                RolePlayPoint(
                    roleplay=session,
                    held_on=timezone.localtime(session.held_at).date(),
                    competency=slug,
                    score=fmean(m for _, m in rater_means),
                    coach=fmean(coach) if coach else None,
                    peers=fmean(peers) if peers else None,
                    raters=len(rater_means),
                )
            )
    points.sort(key=lambda p: (p.held_on, p.roleplay.held_at, p.roleplay.pk, p.competency))
    return points


def assessment_points(*, rep: Person) -> list[AssessmentPoint]:
    ratings = (
        Rating.objects.filter(assessment__subject=rep)
        .select_related("assessment", "competency")
        .order_by("assessment__assessed_on", "pk")
    )
    return [
        AssessmentPoint(
            assessed_on=r.assessment.assessed_on,
            competency=r.competency.slug,
            level=r.level,
            kind=r.assessment.kind,
        )
        for r in ratings
    ]


def _chart(
    points: list[RolePlayPoint], assessments: list[AssessmentPoint], names: dict[str, str]
) -> dict[str, object]:
    # Assessments are drawn for the competencies the role plays trained, beside their scores.
    slugs = sorted(
        {p.competency for p in points} or {a.competency for a in assessments},
        key=lambda s: (list(names).index(s) if s in names else len(names), s),
    )
    series = []
    for index, slug in enumerate(slugs):
        color = PALETTE[index % len(PALETTE)]
        mine = [p for p in points if p.competency == slug]
        if mine:
            series.append(
                {
                    "key": slug,
                    "label": f"{names.get(slug, slug)} (role plays)",
                    "source": "roleplay",
                    "color": color,
                    "points": [
                        {
                            "x": p.held_on.isoformat(),
                            "y": round(p.score, 2),
                            "note": f"{p.roleplay.scenario.title}, attempt {p.roleplay.attempt}, "
                            f"{p.raters} rater{'s' if p.raters != 1 else ''}",
                        }
                        for p in mine
                    ],
                }
            )
        rated = [
            a for a in assessments if a.competency == slug and a.kind == Assessment.Kind.MANAGER
        ]
        if rated:
            series.append(
                {
                    "key": slug,
                    "label": f"{names.get(slug, slug)} (manager assessment)",
                    "source": "assessment",
                    "color": color,
                    "points": [
                        {"x": a.assessed_on.isoformat(), "y": a.level, "note": "manager assessment"}
                        for a in rated
                    ],
                }
            )
    return {"kind": "progression", "min": 1, "max": 5, "series": series}


def rep_progression(*, rep: Person) -> Progression:
    """The caller has checked that the viewer may see the rep's progression."""
    names = competency_names(organisation=rep.organisation) if rep.organisation else {}
    points = [
        replace(p, name=names.get(p.competency, p.competency)) for p in roleplay_points(rep=rep)
    ]
    assessments = assessment_points(rep=rep)
    summaries = []
    for slug in [s for s in names if any(p.competency == s for p in points)] + sorted(
        {p.competency for p in points} - set(names)
    ):
        mine = [p for p in points if p.competency == slug]
        managed = [
            a.level
            for a in assessments
            if a.competency == slug and a.kind == Assessment.Kind.MANAGER
        ]
        summaries.append(
            CompetencySummary(
                slug=slug,
                name=names.get(slug, slug),
                roleplays=len(mine),
                first=mine[0].score if mine else None,
                latest=mine[-1].score if mine else None,
                latest_assessment=managed[-1] if managed else None,
            )
        )
    return Progression(
        rep=rep,
        points=points,
        assessments=assessments,
        summaries=summaries,
        chart=_chart(points, assessments, names),
    )
