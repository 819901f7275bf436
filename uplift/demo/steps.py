"""The steps of `uplift demo`, in order. Every step is idempotent and goes through the same
services that people use (the generator writes an export, the importer reads it)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps

from uplift.demo.organisation import (
    DemoLogin,
    demo_export_write,
    demo_import,
    demo_logins_create,
)
from uplift.notifications.services import notifications_paused
from uplift.orgs.head_counts import head_counts
from uplift.orgs.models import Organisation
from uplift.pipeline.services import analysis_run


@dataclass
class DemoState:
    seed: int
    export: Path | None = None
    organisation: Organisation | None = None
    logins: list[DemoLogin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _export(state: DemoState) -> None:
    state.export = demo_export_write(seed=state.seed)
    state.notes.append(f"synthetic Salesforce export in {state.export}")


def _import(state: DemoState) -> None:
    if state.export is None:
        raise RuntimeError("the export step must run first")
    organisation, crm, adoptions = demo_import(export=state.export)
    state.organisation = organisation
    state.notes.append(
        f"imported {crm.rows_read:,} CRM rows ({sum(e.inserted for e in crm.entities):,} new) "
        f"and {adoptions.read} practice adoptions into {organisation.name}"
    )
    aside = crm.system_accounts_set_aside
    if aside:
        names = ", ".join(a.name for a in aside)
        state.notes.append(
            f"set aside {len(aside)} CRM system account{'' if len(aside) == 1 else 's'} "
            f"(not people, never ranked): {names}"
        )


def _logins(state: DemoState) -> None:
    if state.organisation is None:
        raise RuntimeError("the import step must run first")
    state.logins = demo_logins_create(organisation=state.organisation)
    org = state.organisation
    counts = head_counts(people=org.people.all(), scope="in the organisation")
    state.notes.append(
        f"{org.name}: {counts.people}, {counts.reps.count} of them reps, "
        f"in {org.teams.count()} regions and teams"
    )


def _analyse(state: DemoState) -> None:
    if state.organisation is None:
        raise RuntimeError("the import step must run first")
    run = analysis_run(organisation=state.organisation)
    state.notes.append(f"analysed as of {run.as_of} in {run.seconds:.1f} s")


DemoStep = tuple[str, Callable[[DemoState], None]]


def capability_demo_modules() -> list[str]:
    """The demo history of each installed capability: `uplift.demo.<app label>` when it exists,
    in the order of INSTALLED_APPS (practices before the debriefs that draft cards, plans before
    the coaching that follows them), so a new capability adds its module here and lists nothing."""
    names = (f"uplift.demo.{config.label}" for config in apps.get_app_configs())
    return [name for name in names if importlib.util.find_spec(name) is not None]


def capability_steps() -> list[DemoStep]:
    """Each capability's module holds a `DEMO_STEPS` list of DemoStep, run after the people and
    their logins exist; the analysis then runs again so that what the histories feed (adoptions,
    coaching, recognition, impact) is in the snapshots."""
    steps: list[DemoStep] = []
    for name in capability_demo_modules():
        steps.extend(
            (label, _without_notifications(step))
            for label, step in importlib.import_module(name).DEMO_STEPS
        )
    return steps


def _without_notifications(step: Callable[[DemoState], None]) -> Callable[[DemoState], None]:
    """A history recorded after the fact notifies nobody today (no bell, no e-mail); the
    notifications' own step tells the demo's people what is new, on purpose."""

    def run(state: DemoState) -> None:
        with notifications_paused():
            step(state)

    return run


def demo_steps() -> list[DemoStep]:
    history = capability_steps()
    steps: list[DemoStep] = [
        ("Generate a synthetic CRM export", _export),
        ("Import it", _import),
        ("Analyse it", _analyse),
        ("Demo logins", _logins),
        *history,
    ]
    if history:
        steps.append(("Analyse again, with the history", _analyse))
    return steps


def demo_run(*, seed: int = 7, on_step: Callable[[str], None] | None = None) -> DemoState:
    state = DemoState(seed=seed)
    for label, step in demo_steps():
        if on_step is not None:
            on_step(label)
        step(state)
    return state
