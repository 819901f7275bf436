"""The organisation's definition of performance: read it, change it, preview what it changes.

Who may change it: leaders and enablement admins of the organisation. The definition is stored
as data (``PerformanceDefinition``); every analysis records the definition it used in its
snapshots (``segments.definition``, ``gap.definition``), so a page always says which one it
shows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from uplift.analytics.metrics.asof import NoDataError
from uplift.analytics.metrics.mix import MIX_KEYS
from uplift.analytics.performance import PerformanceConfig, analyse_performance
from uplift.analytics.performance.config import COMPOSITE_LENSES, DEFAULT_COMPOSITE_WEIGHTS
from uplift.core.jobs import job_start
from uplift.core.models import Job
from uplift.core.refusals import Invalid, NotAllowed
from uplift.insights.erased import erased_words_of
from uplift.insights.models import PerformanceDefinition
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of
from uplift.orgs.access import viewer_organisation
from uplift.orgs.analytics_stores import StoreMissing, organisation_store
from uplift.orgs.models import Organisation, Person, Role

METRICS = tuple(PerformanceDefinition.Metric.values)
EDITORS = frozenset({Role.LEADER, Role.ADMIN})


class DefinitionError(Invalid):
    """The definition cannot be saved as given; the message says why, in words."""


def can_change_performance_definition(person: Person) -> bool:
    return person.role in EDITORS


def performance_definition(*, organisation: Organisation) -> PerformanceDefinition:
    """The saved definition, or the default (not saved) when nobody has chosen one."""
    found = PerformanceDefinition.objects.filter(organisation=organisation).first()
    return found or PerformanceDefinition(organisation=organisation)


def definition_config(
    *,
    metric: str,
    composite_weights: dict[str, float] | None = None,
    ramp_months: int = 6,
    mix_by: list[str] | None = None,
) -> PerformanceConfig:
    """A :class:`PerformanceConfig` from a definition's fields, or a ``DefinitionError``."""
    if metric not in METRICS:
        raise DefinitionError(f"Unknown performance metric {metric!r}; choose from {METRICS}.")
    weights = tuple((composite_weights or dict(DEFAULT_COMPOSITE_WEIGHTS)).items())
    try:
        return PerformanceConfig(
            primary_metric=metric,  # type: ignore[arg-type]
            composite_weights=tuple((str(k), float(v)) for k, v in weights),
            ramp_months=int(ramp_months),
            mix_by=tuple(mix_by or ("segment",)),
        )
    except (TypeError, ValueError) as exc:
        raise DefinitionError(str(exc)) from exc


def performance_config(
    *, organisation: Organisation, metric: str | None = None
) -> tuple[PerformanceConfig, str]:
    """The configuration an analysis of ``organisation`` runs with, and who chose its metric:
    ``"run"`` when ``metric`` is given (``uplift analyze --metric``), else the saved definition
    (``"organisation"``; the analysis says ``"default"`` when that is "auto")."""
    saved = performance_definition(organisation=organisation)
    config = definition_config(
        metric=saved.metric,
        composite_weights=saved.composite_weights or None,
        ramp_months=saved.ramp_months,
        mix_by=saved.mix_by or None,
    )
    if metric is None:
        return config, "organisation"
    if metric not in METRICS:
        raise DefinitionError(f"Unknown performance metric {metric!r}; choose from {METRICS}.")
    return replace(config, primary_metric=metric), "run"  # type: ignore[arg-type]


def performance_definition_save(
    *,
    actor: Person,
    metric: str,
    composite_weights: dict[str, float] | None = None,
    ramp_months: int = 6,
    mix_by: list[str] | None = None,
) -> PerformanceDefinition:
    """Save the actor's organisation's definition (leaders and enablement admins only). The next
    analysis uses it; run one to see the bands follow."""
    if not can_change_performance_definition(actor):
        raise NotAllowed("Only leaders and enablement admins change what performance means.")
    definition_config(
        metric=metric, composite_weights=composite_weights, ramp_months=ramp_months, mix_by=mix_by
    )
    found = performance_definition(organisation=viewer_organisation(actor))
    found.metric = metric
    found.composite_weights = {k: float(v) for k, v in (composite_weights or {}).items()}
    found.ramp_months = ramp_months
    found.mix_by = list(mix_by or [])
    found.updated_by = actor
    found.updated_at = timezone.now()
    found.save()
    return found


def performance_definition_change(
    *,
    actor: Person,
    metric: str,
    composite_weights: dict[str, float] | None = None,
    ramp_months: int = 6,
    mix_by: list[str] | None = None,
) -> tuple[PerformanceDefinition, Job]:
    """Save the definition (as :func:`performance_definition_save`, same rule) and queue a new
    analysis with it, so that the pages follow; the job runs once the save has committed."""
    with transaction.atomic():
        saved = performance_definition_save(
            actor=actor,
            metric=metric,
            composite_weights=composite_weights,
            ramp_months=ramp_months,
            mix_by=mix_by,
        )
        job = job_start(
            kind="analysis",
            title=f"Analyse with the new definition of performance ({saved.get_metric_display()})",
            organisation_id=saved.organisation_id,
            created_by_id=actor.pk,
        )
    return saved, job


def performance_preview(
    *,
    organisation: Organisation,
    metric: str,
    composite_weights: dict[str, float] | None = None,
    ramp_months: int = 6,
    mix_by: list[str] | None = None,
) -> dict[str, Any]:
    """How the bands would change under another definition, before saving it.

    Keys: definition (the sentence and parameters), stars (name, team, p_star, pattern),
    joining and leaving (names of reps who would become or stop being stars, against the
    latest analysis), headline (the gap's sentence), error (a sentence when it cannot run)."""
    config = definition_config(
        metric=metric, composite_weights=composite_weights, ramp_months=ramp_months, mix_by=mix_by
    )
    try:
        with organisation_store(organisation) as backend:
            result = analyse_performance(backend, config=config, chosen_by="organisation")
            erased = erased_words_of(organisation=organisation, backend=backend)
    except (ValueError, NoDataError, StoreMissing) as exc:
        return {"error": str(exc)}
    segments = erased.applied(result.segments.to_dict())
    stars = [rep for rep in segments["reps"] if rep["segment"] == "star"]
    latest = analysis_latest(organisation=organisation)
    before = segments_of(latest)
    earlier = before.reps if before else ()
    then = {rep.rep.rep_id for rep in earlier if rep.segment == "star"}
    now = {rep["rep_id"] for rep in stars}
    names = {rep["rep_id"]: rep["name"] or rep["rep_id"] for rep in segments["reps"]}
    if before:
        names |= {rep.rep.rep_id: rep.rep.name or rep.rep.rep_id for rep in before.reps}
    return {
        "definition": segments["definition"],
        "stars": [
            {
                "rep_id": rep["rep_id"],
                "name": rep["name"],
                "team": rep["team"],
                "p_star": rep["p_star"],
                "pattern": (rep.get("pattern") or {}).get("sentence"),
            }
            for rep in stars
        ],
        "joining": sorted(names[r] for r in now - then) if before else [],
        "leaving": sorted(names[r] for r in then - now) if before else [],
        "compared_with": None
        if latest is None
        else latest.as_of.isoformat()
        if latest.as_of
        else None,
        "headline": erased.text(result.gap.to_dict()["headline"]["sentence"]),
        "error": None,
    }


CHOICES_HELP = {
    "metrics": METRICS,
    "composite_lenses": COMPOSITE_LENSES,
    "mix_keys": MIX_KEYS,
}
