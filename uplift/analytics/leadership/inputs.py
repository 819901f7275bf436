"""Plain inputs of the future-leaders view: people, who helped whom, practices and their impact.

Everything is keyed by a person's key (a string the caller chooses, e.g. the Uplift id as text),
so this package never sees a database row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HELP_KINDS = ("coaching", "role_play", "mentoring", "kudos")


@dataclass(frozen=True)
class HelpEdge:
    """`giver` helped `receiver` once: coached them, partnered them in a role play, met them as
    their mentor (a check-in of a sharing initiative's mentoring pair), or was thanked by them
    with kudos for help (kind "kudos": the receiver of the help gave the kudos)."""

    giver: str
    receiver: str
    kind: str

    def __post_init__(self) -> None:
        if self.kind not in HELP_KINDS:
            raise ValueError(f"unknown kind of help: {self.kind!r} (one of {HELP_KINDS})")


@dataclass(frozen=True)
class PracticeInput:
    """A shared practice: who contributed it, whether it is approved, who adopted it."""

    key: str
    title: str
    contributors: tuple[str, ...]
    approved: bool = False
    adopters: tuple[str, ...] = ()

    def adopters_other_than_contributors(self) -> tuple[str, ...]:
        own = set(self.contributors)
        return tuple(sorted({a for a in self.adopters if a not in own}))


@dataclass(frozen=True)
class PracticeImpact:
    """The measured effect of adopting a practice on one metric, with its 95% interval."""

    practice: str  # PracticeInput.key
    metric: str
    att: float
    ci: tuple[float, float]
    adopters: int = 0

    @property
    def clearly_positive(self) -> bool:
        return self.ci[0] > 0


@dataclass(frozen=True)
class LeadershipInputs:
    people: tuple[str, ...]  # every person the network may contain
    candidates: tuple[str, ...]  # whom the view ranks (reps and managers)
    help: tuple[HelpEdge, ...] = ()
    practices: tuple[PracticeInput, ...] = ()
    impacts: tuple[PracticeImpact, ...] = ()
    sources: dict[str, bool] = field(default_factory=dict)  # which records were available
