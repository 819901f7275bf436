"""An initiative's health, for its sponsor: the funnel from partners committed to measured
impact, participation beyond the stars, gap closure against the target, and the engagement pulse
beside participation. Each result says what kind of result it is:

- a **count** reads the records as they are (partners, commitments, practices, adopters,
  participation);
- a **correlation** is an association over time or across teams, never a cause (the gap closing
  while the initiative runs; engagement beside participation);
- a **causal estimate** is the impact analysis' difference-in-differences effect of adopting a
  practice, with its interval.

The same document is the `uplift report initiative` entry and the API's answer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from uplift.analytics.teamiq.closure import Closure
from uplift.initiatives.closure import gap_metric, initiative_closure
from uplift.initiatives.models import Commitment, Initiative, Partner
from uplift.initiatives.participation import Participation, participation
from uplift.initiatives.periods import add_months
from uplift.initiatives.progress import CommitmentStatus, State, commitment_statuses, state_counts
from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import impact_of
from uplift.orgs.selectors import team_subtree_ids
from uplift.practices.facts import practices_published
from uplift.pulse.facts import team_pulse

ResultKind = Literal["count", "correlation", "causal estimate"]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    value: int
    kind: ResultKind
    detail: str


@dataclass(frozen=True)
class PartnerRow:
    person_id: int
    name: str
    email: str
    rep_id: str
    status: str
    p_star: float | None
    commitments: dict[str, int] | None  # None when the reader may not see their commitments


@dataclass(frozen=True)
class PulseMonth:
    month: date
    answers: int
    engagement: float | None
    enps: float | None


@dataclass(frozen=True)
class PulseTeam:
    """A team's engagement pulse month by month, beside the participation of its core reps."""

    team_id: int | None
    team_name: str
    months: tuple[PulseMonth, ...]
    participation: float | None

    @property
    def latest(self) -> PulseMonth | None:
        return self.months[-1] if self.months else None


@dataclass(frozen=True)
class Health:
    initiative: Initiative
    today: date
    analysis_as_of: date | None
    statuses: tuple[CommitmentStatus, ...]
    commitments: dict[str, int]
    partners: tuple[PartnerRow, ...]
    funnel: tuple[FunnelStep, ...]
    participation: Participation
    closure: Closure
    closure_metric: str
    pulse: tuple[PulseTeam, ...] | None  # None when the reader may not see pulse results

    def report(self) -> dict[str, Any]:
        """The `uplift report initiative` entry (SPEC keys, and more)."""
        initiative = self.initiative
        closure = self.closure.to_dict()
        return {
            "id": initiative.pk,
            "name": initiative.name,
            "status": initiative.status,
            "purpose": initiative.purpose,
            "sponsor": initiative.sponsor.full_name,
            "sponsor_email": initiative.sponsor.email,
            "owner": initiative.owner.full_name,
            "scope": initiative.scope_team.name if initiative.scope_team else "organisation",
            "period": {
                "start": initiative.starts_on.isoformat(),
                "end": initiative.ends_on.isoformat(),
            },
            "cadence": initiative.cadence,
            "target": target_of(initiative),
            "baseline": initiative.baseline,
            "partners": [vars(row) for row in self.partners],
            "commitments": self.commitments,
            "participation": self.participation.to_dict()["share"],
            "participation_detail": self.participation.to_dict(),
            "gap_closure": {
                **closure,
                "metric": self.closure_metric,
                "label": "correlation",
            },
            "funnel": [vars(step) for step in self.funnel],
            "retrospective": initiative.retrospective or None,
            "as_of": self.today.isoformat(),
            "analysis_as_of": None
            if self.analysis_as_of is None
            else self.analysis_as_of.isoformat(),
        }


def target_of(initiative: Initiative) -> dict[str, Any]:
    baseline = initiative.baseline or {}
    share = initiative.target_close_fraction
    quarters = initiative.target_quarters
    label = baseline.get("label") or initiative.target_metric
    return {
        "metric": initiative.target_metric,
        "label": label,
        "close_fraction": share,
        "quarters": quarters,
        "by": add_months(initiative.starts_on, 3 * quarters).isoformat(),
        "sentence": (
            f"Close {share:.0%} of the star-core gap on {label.lower()} "
            f"in {quarters} quarter{'s' if quarters != 1 else ''}"
        ),
    }


def baseline_sentence(baseline: dict[str, Any]) -> str:
    """The frozen baseline in words: the analysis' own sentence, or the scope team's gap."""
    if baseline.get("scope") == "team" and baseline.get("gap_pct") is not None:
        organisation = baseline.get("organisation_gap_pct")
        whole = "" if organisation is None else f" (the organisation: {organisation:+.0%})"
        return (
            f"In {baseline.get('team')}, the stars' {str(baseline.get('label')).lower()} is "
            f"{baseline['gap_pct']:+.0%} against the core's{whole}."
        )
    return str(baseline.get("sentence") or "No baseline was recorded.")


def _partners(
    initiative: Initiative,
    statuses: list[CommitmentStatus],
    people_visible: set[int] | None,
) -> tuple[PartnerRow, ...]:
    by_person: dict[int, list[CommitmentStatus]] = defaultdict(list)
    for status in statuses:
        by_person[status.person_id].append(status)
    rows = []
    for partner in initiative.partners.select_related("person").order_by("person__full_name"):
        person = partner.person
        shown = people_visible is None or person.pk in people_visible
        rows.append(
            PartnerRow(
                person_id=person.pk,
                name=person.full_name,
                email=person.email,
                rep_id=person.crm_user_id,
                status=partner.status,
                p_star=partner.evidence.get("p_star"),
                commitments=state_counts(by_person[person.pk]) if shown else None,
            )
        )
    return tuple(rows)


def _clearly_positive(ci: list[float | None] | None) -> bool:
    low = (ci or [None])[0]
    return low is not None and low > 0


def _funnel(
    initiative: Initiative, statuses: list[CommitmentStatus], run: AnalysisRun | None, today: date
) -> tuple[FunnelStep, ...]:
    partner_ids = set(
        Partner.objects.filter(initiative=initiative, status=Partner.Status.ACCEPTED).values_list(
            "person_id", flat=True
        )
    )
    committed = set(
        Commitment.objects.filter(initiative=initiative, person_id__in=partner_ids).values_list(
            "person_id", flat=True
        )
    )
    invited = initiative.partners.count()
    theirs = [s for s in statuses if s.person_id in committed]
    counts = state_counts(theirs)
    published = [
        p
        for p in practices_published(
            organisation=initiative.organisation,
            since=initiative.starts_on,
            until=min(today, initiative.ends_on),
        )
        if p.contributor_ids & committed
    ]
    impact = impact_of(run)
    estimates = {
        row.get("practice_id"): row
        for row in (impact.practices if impact else ())
        if row.get("att") is not None
    }
    measured = [estimates[p.practice_id] for p in published if p.practice_id in estimates]
    positive = [row for row in measured if _clearly_positive(row.get("ci"))]
    return (
        FunnelStep(
            "partners_committed",
            "Partners committed",
            len(committed),
            "count",
            f"of {invited} invited",
        ),
        FunnelStep(
            "commitments_kept",
            "Commitments kept",
            counts[State.KEPT],
            "count",
            f"{counts[State.MISSED]} missed, {counts[State.DUE]} due now",
        ),
        FunnelStep(
            "practices_published",
            "Practices published",
            len(published),
            "count",
            "by the partners since the start",
        ),
        FunnelStep(
            "adopted",
            "Adoptions",
            sum(p.adopters for p in published),
            "count",
            "colleagues practising them or beyond",
        ),
        FunnelStep(
            "habitual",
            "Habits",
            sum(p.habitual for p in published),
            "count",
            "adoptions that became habitual",
        ),
        FunnelStep(
            "measured_impact",
            "Measured impact",
            len(positive),
            "causal estimate",
            f"practices with an effect clearly above zero, of {len(measured)} with an estimate",
        ),
    )


def _pulse(
    initiative: Initiative, share: Participation, teams_visible: set[int] | None
) -> tuple[PulseTeam, ...]:
    by_team: dict[tuple[int | None, str], list[PulseMonth]] = defaultdict(list)
    for row in team_pulse(organisation=initiative.organisation, since=initiative.starts_on):
        if teams_visible is not None and row.team_id not in teams_visible:
            continue
        by_team[(row.team_id, row.team_name)].append(
            PulseMonth(row.month, row.answers, row.engagement, row.enps)
        )
    return tuple(
        PulseTeam(
            team_id=team_id,
            team_name=name,
            months=tuple(sorted(months, key=lambda m: m.month)),
            participation=_share_under(initiative, share, team_id),
        )
        for (team_id, name), months in sorted(by_team.items(), key=lambda item: item[0][1])
    )


def _share_under(initiative: Initiative, share: Participation, team_id: int | None) -> float | None:
    """Participation of the core reps of a team and the teams under it (a pulse group may be a
    region holding the answers of its small teams); the whole scope for the organisation."""
    if team_id is None:
        return share.share
    under = team_subtree_ids(roots=[team_id], organisation=initiative.organisation)
    teams = [t for t in share.teams if t.team_id in under]
    core = sum(t.core_reps for t in teams)
    return sum(t.participants for t in teams) / core if core else None


def initiative_health(
    initiative: Initiative,
    *,
    run: AnalysisRun | None,
    today: date,
    people_visible: set[int] | None = None,
    pulse_teams_visible: set[int] | None = None,
    with_pulse: bool = True,
) -> Health:
    """The initiative's health on `today`, from the records and the analysis `run` (the latest).
    `people_visible` limits whose commitments are listed one by one (None: everyone's);
    `pulse_teams_visible` whose pulse results are shown (None: every team's)."""
    commitments = Commitment.objects.filter(initiative=initiative).select_related("person")
    statuses = commitment_statuses(initiative, commitments, today=today)
    until = min(today, initiative.ends_on)
    share = participation(
        organisation=initiative.organisation,
        scope_team=initiative.scope_team,
        run=run,
        since=initiative.starts_on,
        until=until,
        initiative_ids=None,
    )
    shown = [s for s in statuses if people_visible is None or s.person_id in people_visible]
    return Health(
        initiative=initiative,
        today=today,
        analysis_as_of=run.as_of if run is not None else None,
        statuses=tuple(shown),
        commitments=state_counts(statuses),
        partners=_partners(initiative, statuses, people_visible),
        funnel=_funnel(initiative, statuses, run, today),
        participation=share,
        closure=initiative_closure(initiative, run),
        closure_metric=gap_metric(run),
        pulse=_pulse(initiative, share, pulse_teams_visible) if with_pulse else None,
    )
