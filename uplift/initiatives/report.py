"""`uplift report initiative`: every sharing initiative of the organisation with its sponsor,
target, baseline, partners, commitments kept / missed / due, participation and gap closure.

A live report, not a stored snapshot: whether a commitment is kept or missed changes with the
records and the calendar, not with the analysis, so the report reads the records when it runs and
the latest analysis for the stars, the gap and the impact. While no initiative is running, the
report ends with the initiative Uplift proposes (status "proposed"): the analysis' stars as its
partners, the current gap as its baseline and the default target, so that a reader sees what
launching one would start from.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from uplift.initiatives.health import initiative_health
from uplift.initiatives.models import Initiative
from uplift.initiatives.participation import participation
from uplift.initiatives.proposal import baseline_frozen, stars_proposed
from uplift.insights.models import AnalysisRun
from uplift.orgs.models import Organisation

DEFAULT_CLOSE_FRACTION = 0.25
DEFAULT_QUARTERS = 4
PROPOSAL_LOOKBACK_DAYS = 365


class UnknownScope(Exception):  # noqa: N818  (shown to people as it is)
    """No initiative covers the team named."""


def proposal(*, organisation: Organisation, run: AnalysisRun | None, today: date) -> dict[str, Any]:
    """The initiative Uplift proposes: the organisation's stars, its gap, the default target, and
    participation over the past year as where it starts from."""
    baseline = baseline_frozen(organisation=organisation, scope_team=None, run=run)
    label = (baseline or {}).get("label") or "the performance definition"
    since = today - timedelta(days=PROPOSAL_LOOKBACK_DAYS)
    share = participation(
        organisation=organisation, scope_team=None, run=run, since=since, until=today
    )
    stars = stars_proposed(organisation=organisation, scope_team=None, run=run)
    return {
        "id": None,
        "name": "Proposed: share what the stars do",
        "status": "proposed",
        "sponsor": None,
        "scope": "organisation",
        "target": {
            "metric": (baseline or {}).get("primary_metric"),
            "label": label,
            "close_fraction": DEFAULT_CLOSE_FRACTION,
            "quarters": DEFAULT_QUARTERS,
            "sentence": (
                f"Close {DEFAULT_CLOSE_FRACTION:.0%} of the star-core gap on {label.lower()} "
                f"in {DEFAULT_QUARTERS} quarters"
            ),
        },
        "baseline": baseline,
        "partners": [
            {
                "person_id": star.person_id,
                "name": star.name,
                "rep_id": star.rep_id,
                "team": star.team,
                "status": "proposed",
                "p_star": round(star.p_star, 3),
                "commitments": None,
            }
            for star in stars
        ],
        "commitments": {"kept": 0, "missed": 0, "due": 0, "upcoming": 0},
        "participation": share.to_dict()["share"],
        "participation_detail": share.to_dict(),
        "gap_closure": {
            "value": None,
            "ci": [None, None],
            "reading": "not launched: nothing to measure yet",
            "label": "correlation",
        },
        "as_of": today.isoformat(),
        "note": (
            "No initiative is running. A leader launches one from the Sharing initiatives page; "
            "these are the stars the latest analysis proposes as partners."
        ),
    }


def initiatives_report(
    *, organisation: Organisation, run: AnalysisRun | None, today: date, team: str | None = None
) -> dict[str, Any]:
    """The report document: `{"as_of", "initiatives": [...]}`, running ones first."""
    initiatives = list(
        Initiative.objects.filter(organisation=organisation)
        .select_related("sponsor", "owner", "scope_team", "organisation")
        .order_by("status", "-starts_on", "name")
    )
    if team:
        initiatives = [
            i
            for i in initiatives
            if i.scope_team and i.scope_team.name.casefold() == team.casefold()
        ]
        if not initiatives:
            raise UnknownScope(f"No initiative covers team {team!r}.")
    found = [initiative_health(i, run=run, today=today).report() for i in initiatives]
    if not team and not any(i.is_running for i in initiatives):
        found.append(proposal(organisation=organisation, run=run, today=today))
    return {"as_of": today.isoformat(), "initiatives": found}
