"""The steps of `uplift demo`, in order. Every step is idempotent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from uplift.demo.organisation import DemoLogin, demo_organisation_build


@dataclass
class DemoState:
    seed: int
    logins: list[DemoLogin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _organisation(state: DemoState) -> None:
    org, logins = demo_organisation_build(seed=state.seed)
    state.logins = logins
    state.notes.append(
        f"{org.name}: {org.people.count()} people in {org.teams.count()} regions and teams"
    )


DemoStep = tuple[str, Callable[[DemoState], None]]
DEMO_STEPS: list[DemoStep] = [
    ("Demo organisation", _organisation),
]


def demo_run(*, seed: int = 7, on_step: Callable[[str], None] | None = None) -> DemoState:
    state = DemoState(seed=seed)
    for label, step in DEMO_STEPS:
        if on_step is not None:
            on_step(label)
        step(state)
    return state
