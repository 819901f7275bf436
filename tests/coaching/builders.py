"""Coaching records for tests, made through the services people use."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from uplift.coaching.models import CoachingSession, RolePlayScenario, RolePlaySession
from uplift.coaching.services import (
    RubricItemInput,
    ScenarioInput,
    coaching_session_create,
    roleplay_create,
    roleplay_score_submit,
    scenario_create,
)
from uplift.orgs.models import Person

LEVELS = ["Not yet", "Sometimes", "Reliably", "Adapts it", "Teaches it"]


def scenario(admin: Person, title: str = "Price objection", **fields: object) -> RolePlayScenario:
    assert admin.organisation is not None
    data = ScenarioInput(
        title=title,
        competency="objection_handling",
        buyer_persona="Dana, CFO of a 300-person logistics firm; measured on cost per shipment.",
        situation="Second meeting; the proposal is 20% above the incumbent.",
        objections="Your price is 20% higher.\nWe are happy with what we have.",
        success_criteria="Reframes price as cost per shipment\nAgrees a next step",
        rubric=[
            RubricItemInput(
                "objection_handling", "Acknowledges and explores the objection", LEVELS
            ),
            RubricItemInput("objection_handling", "Reframes on value", LEVELS),
            RubricItemInput("closing", "Agrees a concrete next step", LEVELS),
        ],
    )
    for key, value in fields.items():
        setattr(data, key, value)
    return scenario_create(
        organisation=admin.organisation,
        created_by=admin,
        data=data,
        status=RolePlayScenario.Status.PUBLISHED,
    )


def one_on_one(
    rep: Person, coach: Person, *, at: datetime | None = None, **fields: object
) -> CoachingSession:
    return coaching_session_create(
        rep=rep,
        coach=coach,
        created_by=coach,
        scheduled_at=at or timezone.now() + timedelta(days=2),
        **fields,  # type: ignore[arg-type]
    )


def scored_roleplay(
    scenario_: RolePlayScenario,
    rep: Person,
    coach: Person,
    scores: dict[Person, list[int]],
    *,
    partner: Person | None = None,
    previous: RolePlaySession | None = None,
    held_at: datetime | None = None,
) -> RolePlaySession:
    """A role play where each rater in `scores` gave those scores, item by item."""
    peers = [p for p in scores if p.pk != coach.pk]
    roleplay = roleplay_create(
        scenario=scenario_,
        rep=rep,
        coach=coach,
        partner=partner or coach,
        created_by=coach,
        peer_raters=peers,
        previous=previous,
        held_at=held_at,
    )
    items = list(scenario_.rubric_items.all())
    for rater, values in scores.items():
        roleplay_score_submit(
            roleplay=roleplay,
            rater=rater,
            scores={item.pk: value for item, value in zip(items, values, strict=True)},
            feedback=f"Feedback from {rater.get_short_name()}",
        )
    return roleplay
