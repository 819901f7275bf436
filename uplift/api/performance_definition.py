"""API: what "performance" means for the organisation. Any member reads it; leaders and
enablement admins change it (which queues a new analysis) and preview it before saving."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from uplift.api.calls import caller
from uplift.api.schemas import ErrorOut, InputSchema
from uplift.api.security import api_rule
from uplift.insights.definition import (
    CHOICES_HELP,
    can_change_performance_definition,
    performance_definition,
    performance_definition_change,
    performance_preview,
)
from uplift.insights.models import PerformanceDefinition
from uplift.orgs import access
from uplift.orgs.models import Person

router = Router(tags=["Performance definition"])
SIGNED_IN, EDITORS = api_rule(access.SIGNED_IN), api_rule(access.LEADERS_AND_ADMINS)


class DefinitionIn(InputSchema):
    metric: str = Field(description=f"One of {', '.join(CHOICES_HELP['metrics'])}.")
    composite_weights: dict[str, float] | None = Field(
        None,
        description="Composite only: weight per lens "
        f"({', '.join(CHOICES_HELP['composite_lenses'])}); null takes the defaults.",
    )
    ramp_months: int = Field(6, description="Months a new hire takes to reach a full result.")
    mix_by: list[str] | None = Field(
        None,
        description="What the baseline holds fixed "
        f"({', '.join(CHOICES_HELP['mix_keys'])}); null takes the segment.",
    )


class ChoicesOut(Schema):
    metrics: list[str]
    composite_lenses: list[str]
    mix_keys: list[str]


class DefinitionOut(Schema):
    metric: str
    metric_label: str
    composite_weights: dict[str, float]
    ramp_months: int
    mix_by: list[str]
    saved: bool = Field(description="False while the organisation uses the default.")
    updated_at: datetime | None
    updated_by: str | None
    may_change: bool = Field(description="Whether the caller may change it.")
    choices: ChoicesOut


class DefinitionSavedOut(DefinitionOut):
    analysis_job_id: int = Field(description="The analysis queued with it: GET /api/jobs/{id}.")


class DefinitionSentenceOut(Schema):
    primary_metric: str
    label: str
    chosen_by: str
    sentence: str
    parameters: dict[str, Any]


class PreviewStarOut(Schema):
    rep_id: str
    name: str | None
    team: str | None
    p_star: float
    pattern: str | None = Field(description="Where the star's result comes from, in words.")


class PreviewOut(Schema):
    definition: DefinitionSentenceOut | None = None
    stars: list[PreviewStarOut] = []
    joining: list[str] = Field([], description="Would become stars, against the latest analysis.")
    leaving: list[str] = Field([], description="Would stop being stars.")
    compared_with: str | None = Field(None, description="As-of date of the latest analysis.")
    headline: str | None = Field(None, description="The star-core gap, in a sentence.")
    error: str | None = Field(None, description="Why the reps cannot be ranked this way.")


def _definition(definition: PerformanceDefinition, viewer: Person) -> dict[str, Any]:
    return {
        "metric": definition.metric,
        "metric_label": definition.get_metric_display(),
        "composite_weights": definition.composite_weights or {},
        "ramp_months": definition.ramp_months,
        "mix_by": definition.mix_by or [],
        "saved": definition.pk is not None,
        "updated_at": definition.updated_at if definition.pk else None,
        "updated_by": str(definition.updated_by) if definition.updated_by else None,
        "may_change": can_change_performance_definition(viewer),
        "choices": {key: list(values) for key, values in CHOICES_HELP.items()},
    }


@router.get(
    "/performance-definition",
    response=DefinitionOut,
    auth=SIGNED_IN,
    summary="What performance means in your organisation",
)
def definition_get(request: HttpRequest) -> dict[str, Any]:
    viewer = caller(request)
    found = performance_definition(organisation=access.viewer_organisation(viewer))
    return _definition(found, viewer)


@router.put(
    "/performance-definition",
    response={200: DefinitionSavedOut, 400: ErrorOut, 403: ErrorOut},
    auth=EDITORS,
    summary="Change what performance means (leaders and enablement admins); queues an analysis",
)
def definition_put(request: HttpRequest, payload: DefinitionIn) -> dict[str, Any]:
    viewer = caller(request)
    saved, job = performance_definition_change(actor=viewer, **payload.dict())
    return {**_definition(saved, viewer), "analysis_job_id": job.pk}


@router.post(
    "/performance-definition/preview",
    response={200: PreviewOut, 400: ErrorOut},
    auth=EDITORS,
    summary="Who the stars would be under a definition, before saving it",
)
def definition_preview(request: HttpRequest, payload: DefinitionIn) -> dict[str, Any]:
    organisation = access.viewer_organisation(caller(request))
    return performance_preview(organisation=organisation, **payload.dict())
