"""The future-leaders components, per person, side by side.

- contribution: practices they contributed to (`shared`) and of those, `approved` ones;
- help: coaching sessions, role plays and mentoring check-ins they gave someone else (`given`)
  and kudos for help they received (`thanked`);
- network: their position where an arrow runs from each person to whoever they learned from
  (the helper, the practice's contributor): in-degree, PageRank, betweenness;
- reach: distinct people other than the contributors who adopted their practices;
- impact: how many of their practices have a measured effect, and a clearly positive one.

`score` only orders the table: the mean of the person's percentile in each component (see
`percentile`), times 100. The components are the result; the score is a sort key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from uplift.analytics.leadership.inputs import LeadershipInputs, PracticeImpact
from uplift.analytics.leadership.network import Centrality, centrality

SCORED = ("contribution", "help", "network", "reach", "impact")


@dataclass(frozen=True)
class PersonComponents:
    person: str
    practices_shared: int
    practices_approved: int
    coaching_given: int
    role_plays_partnered: int
    kudos_for_help_received: int
    people_helped: int
    in_degree: int
    pagerank: float
    betweenness: float
    reach: int
    practices_measured: int | None  # None when no impact has been measured for anyone
    practices_positive: int | None
    best_effect: dict[str, Any] | None
    percentiles: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    mentoring_given: int = 0  # mentoring check-ins as the mentor

    @property
    def help_given(self) -> int:
        return self.coaching_given + self.role_plays_partnered + self.mentoring_given

    def component_values(self) -> dict[str, float | None]:
        """The number each scored component is ranked on."""
        return {
            "contribution": float(self.practices_shared + self.practices_approved),
            "help": float(self.help_given + self.kudos_for_help_received),
            # PageRank gives everyone a floor (the random jump); nobody learning from a person
            # is nothing in this component.
            "network": self.pagerank if self.in_degree > 0 else 0.0,
            "reach": float(self.reach),
            "impact": None if self.practices_positive is None else float(self.practices_positive),
        }

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["help_given"] = self.help_given
        return data


def percentile(value: float, population: Sequence[float]) -> float:
    """Where `value` stands among `population` (which includes it), from 0 to 1.

    Nothing (zero) is 0; otherwise the share of the others with a lower value, ties counted half.
    A single person with something is 1.
    """
    if value <= 0:
        return 0.0
    others = len(population) - 1
    if others <= 0:
        return 1.0
    lower = sum(1 for v in population if v < value)
    tied = sum(1 for v in population if v == value) - 1
    return (lower + 0.5 * tied) / others


def learning_edges(inputs: LeadershipInputs) -> list[tuple[str, str, float]]:
    """Arrows from each person to whoever they learned from: helped person → helper, adopter →
    contributor (other than themselves)."""
    edges = [
        (edge.receiver, edge.giver, 1.0) for edge in inputs.help if edge.giver != edge.receiver
    ]
    for practice in inputs.practices:
        for adopter in practice.adopters_other_than_contributors():
            edges.extend((adopter, contributor, 1.0) for contributor in practice.contributors)
    return edges


def _impact_by_practice(impacts: Sequence[PracticeImpact]) -> dict[str, list[PracticeImpact]]:
    found: dict[str, list[PracticeImpact]] = defaultdict(list)
    for impact in impacts:
        found[impact.practice].append(impact)
    return found


def _best(impacts: list[PracticeImpact], titles: dict[str, str]) -> dict[str, Any] | None:
    if not impacts:
        return None
    best = max(impacts, key=lambda i: (i.clearly_positive, i.ci[0]))
    return {
        "practice": titles.get(best.practice, best.practice),
        "metric": best.metric,
        "att": best.att,
        "ci": list(best.ci),
        "adopters": best.adopters,
    }


def leadership_components(inputs: LeadershipInputs) -> list[PersonComponents]:
    """Every candidate's components and score, highest score first (ties by key)."""
    positions: dict[str, Centrality] = centrality(inputs.people, learning_edges(inputs))
    help_given: Counter[tuple[str, str]] = Counter()
    thanked: Counter[str] = Counter()
    helped: dict[str, set[str]] = defaultdict(set)
    for edge in inputs.help:
        if edge.giver == edge.receiver:
            continue
        if edge.kind == "kudos":
            thanked[edge.giver] += 1
        else:
            help_given[(edge.giver, edge.kind)] += 1
        helped[edge.giver].add(edge.receiver)
    measured = _impact_by_practice(inputs.impacts)
    any_impact = bool(inputs.impacts)
    titles = {p.key: p.title for p in inputs.practices}
    rows: list[PersonComponents] = []
    for person in inputs.candidates:
        own = [p for p in inputs.practices if person in p.contributors]
        reached = {a for p in own for a in p.adopters_other_than_contributors()}
        effects = [i for p in own for i in measured.get(p.key, [])]
        measured_practices = {i.practice for i in effects}
        positive = {i.practice for i in effects if i.clearly_positive}
        position = positions.get(person, Centrality(0, 0.0, 0.0, None))
        rows.append(
            PersonComponents(
                person=person,
                practices_shared=len(own),
                practices_approved=sum(1 for p in own if p.approved),
                coaching_given=help_given[(person, "coaching")],
                role_plays_partnered=help_given[(person, "role_play")],
                mentoring_given=help_given[(person, "mentoring")],
                kudos_for_help_received=thanked[person],
                people_helped=len(helped[person]),
                in_degree=position.in_degree,
                pagerank=position.pagerank,
                betweenness=position.betweenness,
                reach=len(reached),
                practices_measured=len(measured_practices) if any_impact else None,
                practices_positive=len(positive) if any_impact else None,
                best_effect=_best(effects, titles),
            )
        )
    return _scored(rows)


def _scored(rows: list[PersonComponents]) -> list[PersonComponents]:
    values = [row.component_values() for row in rows]
    populations: dict[str, list[float]] = {
        name: [v[name] or 0.0 for v in values] for name in SCORED
    }
    scored: list[PersonComponents] = []
    for row, own in zip(rows, values, strict=True):
        percentiles = {
            name: round(percentile(value, populations[name]), 4)
            for name, value in own.items()
            if value is not None
        }
        score = 100 * sum(percentiles.values()) / len(percentiles) if percentiles else 0.0
        scored.append(_with(row, percentiles=percentiles, score=round(score, 1)))
    return sorted(scored, key=lambda r: (-r.score, r.person))


def _with(row: PersonComponents, **changes: Any) -> PersonComponents:
    data = asdict(row)
    data.update(changes)
    return PersonComponents(**data)
