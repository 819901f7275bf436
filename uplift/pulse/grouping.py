"""Which groups of answers may be shown, and their scores. Pure: no Django, no database.

A round's answers are counted per team (`Tally`: how many people answered, and how many gave
each value to each question). A team's result is shown only when at least `MIN_ANSWERS` people
of it answered; a smaller team's answers merge into its parent team, and so on up to the
organisation. Every group shown is disjoint from the others:

- a team with enough answers of its own (counting the small teams merged into it) is reported
  under its own name and holds only those answers; its parent holds what is left;
- what reaches the organisation (people in no team, and teams too small all the way up) is
  reported under the organisation when it is at least `MIN_ANSWERS`; when it is fewer, the
  smallest group already reported joins it, until it is enough.

Disjoint groups of at least `MIN_ANSWERS` each, plus the total of all of them, cannot be
subtracted from one another to reach fewer than `MIN_ANSWERS` people: a parent's total, shown
beside a child's, would give away the answers of the small teams that merged into the parent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MIN_ANSWERS = 5  # the fewest people whose answers are ever shown together
AGREEMENT = range(1, 6)  # 1 strongly disagree .. 5 strongly agree
RECOMMEND = range(11)  # 0 not at all likely .. 10 extremely likely
PROMOTERS = range(9, 11)
DETRACTORS = range(7)

TeamKey = int | None  # a team's id; None for people in no team


@dataclass(frozen=True)
class Tally:
    """The answers of some people to one round: how many answered, and for each (question id,
    value) how many gave that value. Nothing in it tells one person's answers apart."""

    answers: int = 0
    counts: Mapping[tuple[int, int], int] = field(default_factory=dict)

    def __add__(self, other: Tally) -> Tally:
        counts: dict[tuple[int, int], int] = defaultdict(int, self.counts)
        for key, count in other.counts.items():
            counts[key] += count
        return Tally(self.answers + other.answers, dict(counts))

    def values_of(self, question_id: int) -> dict[int, int]:
        """How many people gave each value to the question."""
        return {
            value: count
            for (question, value), count in self.counts.items()
            if question == question_id and count
        }


@dataclass(frozen=True)
class Group:
    """Answers shown together: reported under `team_id` (None: the organisation), holding the
    answers of the people of every team in `teams` (None among them: people in no team)."""

    team_id: TeamKey
    teams: frozenset[TeamKey]
    tally: Tally

    @property
    def answers(self) -> int:
        return self.tally.answers


def total(tallies: Iterable[Tally]) -> Tally:
    found = Tally()
    for tally in tallies:
        found = found + tally
    return found


def _tree(parents: Mapping[int, int | None], teams: Iterable[TeamKey]) -> dict[TeamKey, list[int]]:
    """Children by parent, the organisation (None) at the top. A team whose ancestors loop, or
    that `parents` does not know, hangs under the organisation."""
    children: dict[TeamKey, list[int]] = defaultdict(list)
    known = set(parents) | {team for team in teams if team is not None}
    for team in sorted(known):
        parent = parents.get(team)
        seen = {team}
        ancestor = parent
        while ancestor is not None and ancestor not in seen:
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
        children[None if ancestor is not None or parent not in known else parent].append(team)
    return children


def report_groups(
    *,
    parents: Mapping[int, int | None],
    tallies: Mapping[TeamKey, Tally],
    minimum: int = MIN_ANSWERS,
) -> list[Group]:
    """The groups of a round's answers that may be shown (see the module's docstring), in the
    order of the team tree; none when fewer than `minimum` people answered in all."""
    children = _tree(parents, tallies)
    reported: list[Group] = []

    def visit(team: TeamKey) -> tuple[Tally, frozenset[TeamKey]]:
        """What of `team`'s subtree is left for its parent once its own group is reported."""
        own = tallies.get(team, Tally())
        held = own
        teams: set[TeamKey] = {team} if own.answers else set()
        for child in children.get(team, []):
            left, child_teams = visit(child)
            held = held + left
            teams |= child_teams
        if team is not None and held.answers >= minimum:
            reported.append(Group(team, frozenset(teams), held))
            return Tally(), frozenset()
        return held, frozenset(teams)

    left, teams = visit(None)
    while 0 < left.answers < minimum and reported:
        smallest = min(reported, key=lambda g: (g.answers, g.team_id or 0))
        reported.remove(smallest)
        left = left + smallest.tally
        teams = teams | smallest.teams
    if left.answers >= minimum:
        reported.append(Group(None, teams, left))
    return reported


# --- Scores -------------------------------------------------------------------------------------


def agreement_mean(tally: Tally, question_ids: Iterable[int]) -> float | None:
    """The mean answer (1-5) over the agreement questions given, pooled; None without answers."""
    answered = people = 0
    for question_id in question_ids:
        for value, count in tally.values_of(question_id).items():
            answered += value * count
            people += count
    return answered / people if people else None


def enps(tally: Tally, question_id: int | None) -> float | None:
    """Promoters (9-10) minus detractors (0-6), in points of the people who answered the
    recommend question (-100 to 100); None without such a question or answers."""
    if question_id is None:
        return None
    values = tally.values_of(question_id)
    people = sum(values.values())
    if not people:
        return None
    promoters = sum(count for value, count in values.items() if value in PROMOTERS)
    detractors = sum(count for value, count in values.items() if value in DETRACTORS)
    return 100.0 * (promoters - detractors) / people
