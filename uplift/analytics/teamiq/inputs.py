"""What the Team Sales IQ is computed from: plain records, no database rows.

People are opaque keys (the application's person ids); teams are names. The Django side
(`uplift.pipeline.analyses.team_iq`) reads assessments, role plays, adoptions, contributions and
the performance snapshots into these records; everything here is pure and testable by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

SkillSource = Literal["assessment", "role_play"]
ResultsMetric = Literal["win_rate", "bookings"]
ResultsBand = Literal["star", "core"]


@dataclass(frozen=True)
class Member:
    """A rep on a team's roster (the people whose capability and knowledge flow count)."""

    person: int
    team: str


@dataclass(frozen=True)
class SkillObservation:
    """One rating of one rep on one competency: an assessment rating or a role-play rubric
    score, on the 1-5 rubric scale."""

    person: int
    competency: str
    source: SkillSource
    on: date
    level: float


@dataclass(frozen=True)
class AdoptionRecord:
    """A rep started practising a practice on ``adopted_on``."""

    person: int
    practice: str
    adopted_on: date


@dataclass(frozen=True)
class ContributionRecord:
    """A person is credited as a contributor of a practice since ``since`` (when the practice
    was written down)."""

    person: int
    practice: str
    since: date


@dataclass(frozen=True)
class ResultsRecord:
    """One star or core rep's closed deals in one month (from the monthly scorecards), with the
    team the rep belongs to."""

    rep: str
    team: str
    band: ResultsBand
    month: date  # the first day of the month
    closed: int
    won: int
    bookings_cents: int


@dataclass(frozen=True)
class TeamIQInputs:
    members: tuple[Member, ...] = ()
    skills: tuple[SkillObservation, ...] = ()
    adoptions: tuple[AdoptionRecord, ...] = ()
    contributions: tuple[ContributionRecord, ...] = ()
    results: tuple[ResultsRecord, ...] = ()
    metric: ResultsMetric = "win_rate"
