"""A stored star-profiles analysis for the test world, and debriefs built through the services.

Ann (Alpha), Art (Alpha) and Gil (Gamma) are the stars of Acme's analysis; Otto is the star of
the other company's. Each star's profile holds two distinctive behaviours (high meetings and high
contacts per opportunity), one that is unusual (high calls, on a behaviour where stars as a group
do not clearly differ) and one in the core's usual range (e-mails)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils import timezone

from tests.conftest import World
from tests.insights.snapshots import AS_OF as RANKED_AS_OF
from tests.insights.snapshots import analysis_store, documents, link_crm_ids
from uplift.debriefs.models import Debrief
from uplift.debriefs.services import debrief_schedule
from uplift.insights.models import AnalysisRun, Snapshot
from uplift.orgs.models import Organisation, Person

AS_OF = "2026-10-31"
WHEN = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
RULE = {"high": 80.0, "low": 20.0, "q_max": 0.1, "min_core": 10}
RULE_TEXT = "A behaviour is distinctive for a star when ..."
DRIVERS = [  # the stars' and the core's averages, Hedges' g, the difference on the same deal mix
    # and q, as the drivers report has them
    {
        "behavior": key,
        "label": key,
        "star": star,
        "core": core,
        "effect_size": g,
        "adjusted_difference": adjusted,
        "q_value": q,
        "significant": q < 0.05,
    }
    for key, star, core, g, adjusted, q in (
        ("meetings_per_opportunity", 4.3, 2.6, 1.2, 1.5, 0.0004),
        ("contacts_per_opportunity", 3.4, 2.1, 0.9, 1.1, 0.003),
        ("calls_per_opportunity", 2.9, 2.6, 0.2, 0.3, 0.41),
        ("emails_per_opportunity", 6.0, 6.0, 0.0, 0.0, 0.62),
    )
]


def standing(
    behavior: str, label: str, value: float, median: float, percentile: float, q: float | None
) -> dict[str, Any]:
    distinctive = percentile >= 80 and q is not None and q < 0.1
    return {
        "behavior": behavior,
        "label": label,
        "unit": "per_opportunity",
        "meaning": "",
        "value": value,
        "core_median": median,
        "core_low": median * 0.8,
        "core_high": median * 1.2,
        "percentile_core": percentile,
        "percentile_all": percentile - 5,
        "percentile_on_mix": percentile,
        "n_core": 40,
        "n_all": 60,
        "q_value": q,
        "direction": "high" if percentile > 80 else None,
        "distinctive": distinctive,
        "reading": f"{label}: {value:.2f} against a core median of {median:.2f} "
        f"(above {percentile:.0f}% of the core, 40 core reps).",
    }


def star_document(person: Person) -> dict[str, Any]:
    behaviours = [
        standing("meetings_per_opportunity", "Meetings per opportunity", 4.1, 2.4, 92.5, 0.0004),
        standing(
            "contacts_per_opportunity",
            "Contacts per opportunity (multi-threading)",
            3.2,
            2.0,
            88.0,
            0.003,
        ),
        standing("emails_per_opportunity", "E-mails per opportunity", 6.0, 6.1, 48.0, 0.62),
        standing("calls_per_opportunity", "Calls per opportunity", 3.9, 2.5, 91.0, 0.41),
    ]
    return {
        "rep_id": person.crm_user_id,
        "source": "salesforce",
        "email": person.email,
        "name": person.full_name,
        "team": person.team.name if person.team else None,
        "distinctive": [b for b in behaviours if b["distinctive"]],
        "unusual": [b for b in behaviours if b["direction"] and not b["distinctive"]],
        "behaviours": behaviours,
    }


def profiles_store(organisation: Organisation, stars: list[Person]) -> AnalysisRun:
    """A finished analysis whose star-profiles snapshot has ``stars`` (given CRM ids)."""
    for person in stars:
        if not person.crm_user_id:
            person.crm_user_id = f"CRM-{person.pk}"
            person.save(update_fields=["crm_user_id"])
    run = AnalysisRun.objects.create(
        organisation=organisation,
        as_of=AS_OF,
        status=AnalysisRun.Status.SUCCEEDED,
        finished_at=timezone.now(),
    )
    Snapshot.objects.create(
        run=run,
        kind="star-profiles",
        data={
            "as_of": AS_OF,
            "window": {"start": "2025-11-01", "end": AS_OF},
            "rule": RULE,
            "rule_text": RULE_TEXT,
            "n_star": len(stars),
            "n_core": 40,
            "profiles": [star_document(p) for p in stars],
            "caution": "Describes, not causes.",
            "teams": sorted({p.team.name for p in stars if p.team}),
            "drivers": DRIVERS,
        },
    )
    return run


def world_profiles(world: World) -> None:
    profiles_store(world.org, [world.ann, world.art, world.gil])
    profiles_store(world.other_org, [world.otto])


def debrief_with(world: World, star: Person, **extra: Any) -> Debrief:
    """A debrief scheduled by leader Lou (or, in the other company, created as stored)."""
    if star.organisation_id != world.org.pk:
        return Debrief.objects.create(
            organisation=world.other_org,
            star=star,
            interviewer=world.olga,
            scheduled_at=WHEN,
            guide="# Debrief",
            profile=star_document(star),
        )
    return debrief_schedule(
        scheduled_by=extra.pop("scheduled_by", world.lou),
        star=star,
        interviewer=extra.pop("interviewer", world.lou),
        scheduled_at=extra.pop("scheduled_at", WHEN),
        **extra,
    )


def ranked_with_profiles(world: World) -> None:
    """The hand-made analysis of `tests/insights/snapshots.py` (Art of Alpha and Bob of Beta are
    its stars) with a star-profiles snapshot of the same two stars in the same run, as a real
    analysis stores them; the other company's Otto keeps his own profile."""
    link_crm_ids(world)
    profiles = {
        "as_of": RANKED_AS_OF,
        "window": {"start": "2025-04-01", "end": RANKED_AS_OF},
        "rule": RULE,
        "rule_text": RULE_TEXT,
        "n_star": 2,
        "n_core": 40,
        "caution": "Describes, not causes.",
        "profiles": [star_document(world.art), star_document(world.bob)],
        "teams": ["Alpha", "Beta"],
        "drivers": DRIVERS,
    }
    analysis_store(organisation=world.org, parts={**documents(), "star-profiles": profiles})
    profiles_store(world.other_org, [world.otto])
