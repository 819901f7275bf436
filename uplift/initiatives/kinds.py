"""The kinds of commitment, declared once: who makes each, over which period, and which record
keeps it. The models' choices, the forms, the API schemas and the pages are built from `KINDS`.

A partner commits quarter by quarter (debriefs given, practices published, sessions hosted, core
reps mentored); a leader commits to spotlights each month, recognition events each year and
sessions attended each quarter. Nobody marks a commitment kept: `uplift.initiatives.progress`
counts the records that keep it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    DEBRIEFS = "debriefs"
    PRACTICES = "practices"
    SESSIONS_HOSTED = "sessions_hosted"
    MENTEES = "mentees"
    SPOTLIGHTS = "spotlights"
    EVENTS = "events"
    SESSIONS_ATTENDED = "sessions_attended"


class Committer(StrEnum):
    PARTNER = "partner"
    LEADER = "leader"


class Period(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


PERIOD_MONTHS = {Period.MONTH: 1, Period.QUARTER: 3, Period.YEAR: 12}
PERIOD_NOUN = {Period.MONTH: "month", Period.QUARTER: "quarter", Period.YEAR: "year"}


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    label: str  # "Debriefs given"
    committer: Committer
    period: Period
    field: str  # the form's and the API's field: "debriefs_per_quarter"
    kept_by: str  # the record that keeps it, in words
    most: int  # the largest number one may commit to in a period

    @property
    def per(self) -> str:
        return f"per {PERIOD_NOUN[self.period]}"


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        Kind.DEBRIEFS,
        "Debriefs given",
        Committer.PARTNER,
        Period.QUARTER,
        "debriefs_per_quarter",
        "a debrief with you as the star (or a co-contributor), marked completed",
        6,
    ),
    KindSpec(
        Kind.PRACTICES,
        "Practices published",
        Committer.PARTNER,
        Period.QUARTER,
        "practices_per_quarter",
        "a practice card crediting you, approved by its sponsor",
        6,
    ),
    KindSpec(
        Kind.SESSIONS_HOSTED,
        "Sessions hosted",
        Committer.PARTNER,
        Period.QUARTER,
        "sessions_per_quarter",
        "a sharing session you hosted, held with its attendance recorded",
        12,
    ),
    KindSpec(
        Kind.MENTEES,
        "Core reps mentored",
        Committer.PARTNER,
        Period.QUARTER,
        "mentees_per_quarter",
        "an agreed mentoring pair of yours with a check-in logged",
        4,
    ),
    KindSpec(
        Kind.SPOTLIGHTS,
        "Spotlights posted",
        Committer.LEADER,
        Period.MONTH,
        "spotlights_per_month",
        "a spotlight you posted to the feed",
        10,
    ),
    KindSpec(
        Kind.EVENTS,
        "Recognition events held",
        Committer.LEADER,
        Period.YEAR,
        "events_per_year",
        "an awards event you created, held on its day",
        6,
    ),
    KindSpec(
        Kind.SESSIONS_ATTENDED,
        "Sessions attended",
        Committer.LEADER,
        Period.QUARTER,
        "sessions_attended_per_quarter",
        "a sharing session with you on its attendance",
        12,
    ),
)
SPECS: dict[Kind, KindSpec] = {spec.kind: spec for spec in KINDS}
PARTNER_KINDS = tuple(spec for spec in KINDS if spec.committer == Committer.PARTNER)
LEADER_KINDS = tuple(spec for spec in KINDS if spec.committer == Committer.LEADER)
CHOICES = [(spec.kind.value, spec.label) for spec in KINDS]
