"""What the pulse says, as small typed facts for the capabilities above it.

`team_pulse` gives the results of the closed rounds, team by team, already in groups of at least
five answers: a team with fewer has no row of its own that month, its answers are in the row of
the team above it (or of the organisation, `team_id` None). The rows of one month are disjoint
(no person's answers are in two of them), so they may be shown side by side; they are anonymous
results of the whole organisation, and the capability that shows them decides who sees which
team's rows (`uplift.pulse.access.groups_visible` is the pulse's own rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from uplift.orgs.models import Organisation
from uplift.pulse.selectors import results_since


@dataclass(frozen=True)
class TeamPulse:
    """A team's pulse in one round. `month`: the first day of the month the round opened.
    `engagement`: the mean answer to the agreement questions, 1 (strongly disagree) to 5
    (strongly agree); `enps`: promoters minus detractors on the recommend question, in points
    (-100 to 100); each None when the round did not ask such a question."""

    team_id: int | None
    team_name: str
    month: date
    answers: int
    engagement: float | None
    enps: float | None


def team_pulse(*, organisation: Organisation, since: date) -> list[TeamPulse]:
    """The results of the rounds that opened in `since`'s month or later and have closed, by
    month and then by team name, merged upward where a team had fewer than five answers."""
    rows = [
        TeamPulse(
            team_id=group.team_id,
            team_name=group.name,
            month=results.month,
            answers=group.answers,
            engagement=group.engagement,
            enps=group.enps,
        )
        for results in results_since(organisation=organisation, since=since)
        for group in results.groups
    ]
    return sorted(rows, key=lambda row: (row.month, row.team_id is None, row.team_name))
