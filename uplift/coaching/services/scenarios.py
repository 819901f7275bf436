"""Writes for the role-play scenario library, and drafting a scenario from a practice card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from uplift.coaching.competencies import competencies_for, competency_info
from uplift.coaching.errors import CoachingError
from uplift.coaching.models import RUBRIC_LEVELS, RolePlayScenario, RubricItem
from uplift.orgs.models import Organisation, Person
from uplift.practices.models import Practice

PRACTICE_ITEM_LEVELS = (
    "Does not use the practice; the conversation goes the usual way.",
    "Uses a step or two, out of order or read from a script.",
    "Follows the practice's steps as written and reaches its goal.",
    "Adapts the steps to this buyer and their objections without losing the thread.",
    "Uses the practice so naturally the buyer leads themselves to the outcome.",
)

# What a buyer at each stage tends to say, as a starting point the author edits.
STAGE_OBJECTIONS: dict[str, tuple[str, ...]] = {
    "prospecting": ("We are not looking at this right now.", "Just send me some information."),
    "discovery": ("We already have a tool that does this.", "I don't see why this matters now."),
    "qualification": ("There is no budget this year.", "I'll have to check who else decides."),
    "proposal": ("Your proposal looks like everyone else's.", "This is more than we expected."),
    "negotiation": ("The other vendor is 20% cheaper.", "We need a bigger discount to sign."),
    "closing": ("Let's revisit next quarter.", "Legal needs another month."),
    "expansion": ("We barely use what we bought.", "Other teams have their own tools."),
}


@dataclass
class RubricItemInput:
    competency: str
    label: str
    levels: list[str]


@dataclass
class ScenarioInput:
    title: str
    competency: str
    buyer_persona: str
    situation: str
    objections: str
    success_criteria: str
    rubric: list[RubricItemInput] = field(default_factory=list)
    practice_id: int | None = None


def _validate(*, organisation: Organisation, data: ScenarioInput) -> None:
    known = competencies_for(organisation=organisation)
    title = data.title.strip()
    if not title:
        raise CoachingError("A scenario needs a title.")
    if len(title) > 200:
        raise CoachingError("A scenario title has at most 200 characters.")
    if data.competency not in known:
        raise CoachingError(
            f"Unknown competency {data.competency!r}: one of {', '.join(sorted(known))}."
        )
    for name, text in (
        ("buyer persona", data.buyer_persona),
        ("situation", data.situation),
        ("success criteria", data.success_criteria),
    ):
        if not text.strip():
            raise CoachingError(f"A scenario needs its {name}.")
    if not data.rubric:
        raise CoachingError("A scenario needs at least one rubric item to score.")
    for number, item in enumerate(data.rubric, start=1):
        if item.competency not in known:
            raise CoachingError(f"Rubric item {number}: unknown competency {item.competency!r}.")
        if not item.label.strip():
            raise CoachingError(f"Rubric item {number} needs a label.")
        if len(item.levels) != RUBRIC_LEVELS or not all(text.strip() for text in item.levels):
            raise CoachingError(
                f"Rubric item {number} needs a description for each level 1 to {RUBRIC_LEVELS}."
            )


def _practice(*, organisation: Organisation, practice_id: int | None) -> Practice | None:
    if practice_id is None:
        return None
    practice = Practice.objects.filter(pk=practice_id, organisation=organisation).first()
    if practice is None:
        raise CoachingError("No such practice in your library.")
    return practice


def _title_taken(*, organisation: Organisation, title: str, exclude: int | None = None) -> bool:
    taken = RolePlayScenario.objects.filter(organisation=organisation, title__iexact=title)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    return taken.exists()


def _write_rubric(*, scenario: RolePlayScenario, rubric: Sequence[RubricItemInput]) -> None:
    RubricItem.objects.bulk_create(
        RubricItem(
            scenario=scenario,
            competency=item.competency,
            label=item.label.strip()[:200],
            levels=[text.strip() for text in item.levels],
            position=index,
        )
        for index, item in enumerate(rubric)
    )


def scenario_create(
    *,
    organisation: Organisation,
    created_by: Person,
    data: ScenarioInput,
    status: str = RolePlayScenario.Status.DRAFT,
) -> RolePlayScenario:
    _validate(organisation=organisation, data=data)
    if status not in RolePlayScenario.Status.values:
        raise CoachingError(f"Unknown status {status!r}: draft, published or archived.")
    title = data.title.strip()
    if _title_taken(organisation=organisation, title=title):
        raise CoachingError(f"The library already has a scenario called {title!r}.")
    with transaction.atomic():
        scenario = RolePlayScenario.objects.create(
            organisation=organisation,
            title=title,
            practice=_practice(organisation=organisation, practice_id=data.practice_id),
            competency=data.competency,
            buyer_persona=data.buyer_persona.strip(),
            situation=data.situation.strip(),
            objections=data.objections.strip(),
            success_criteria=data.success_criteria.strip(),
            status=status,
            created_by=created_by,
        )
        _write_rubric(scenario=scenario, rubric=data.rubric)
    return scenario


def scenario_update(*, scenario: RolePlayScenario, data: ScenarioInput) -> RolePlayScenario:
    """Edit a scenario. Its rubric is fixed once a role play used it (scores refer to its items);
    the other fields stay editable."""
    organisation = scenario.organisation
    _validate(organisation=organisation, data=data)
    title = data.title.strip()
    if _title_taken(organisation=organisation, title=title, exclude=scenario.pk):
        raise CoachingError(f"The library already has a scenario called {title!r}.")
    current = [
        (i.competency, i.label, list(i.levels)) for i in scenario.rubric_items.order_by("position")
    ]
    wanted = [(i.competency, i.label.strip(), [t.strip() for t in i.levels]) for i in data.rubric]
    with transaction.atomic():
        if current != wanted:
            if scenario.sessions.exists():
                raise CoachingError(
                    "This scenario's rubric has been used in role plays and cannot change; "
                    "create a new scenario for a different rubric."
                )
            scenario.rubric_items.all().delete()
            _write_rubric(scenario=scenario, rubric=data.rubric)
        scenario.title = title
        scenario.practice = _practice(organisation=organisation, practice_id=data.practice_id)
        scenario.competency = data.competency
        scenario.buyer_persona = data.buyer_persona.strip()
        scenario.situation = data.situation.strip()
        scenario.objections = data.objections.strip()
        scenario.success_criteria = data.success_criteria.strip()
        scenario.save()
    return scenario


def scenario_status_set(*, scenario: RolePlayScenario, status: str) -> RolePlayScenario:
    if status not in RolePlayScenario.Status.values:
        raise CoachingError(f"Unknown status {status!r}: draft, published or archived.")
    scenario.status = status
    scenario.save(update_fields=["status", "updated_at"])
    return scenario


def scenario_prefill_from_practice(*, practice: Practice) -> ScenarioInput:
    """A scenario pre-filled from a practice card, for its author to edit: the situation from
    when to use it and the problem, objections from its stages, success criteria from its steps,
    and a rubric item per competency it trains (the framework's levels) plus one for the practice
    itself."""
    organisation = practice.organisation
    known = competencies_for(organisation=organisation)
    tags = [slug for slug in practice.competency_tags if slug in known]
    main = tags[0] if tags else next(iter(known), "discovery")
    stages = list(practice.stage_tags) or ["discovery"]
    situation = (
        "\n\n".join(
            text.strip() for text in (practice.when_to_use, practice.problem) if text.strip()
        )
        or f"A live conversation where '{practice.title}' applies."
    )
    objections: list[str] = []
    for stage in stages:
        objections.extend(o for o in STAGE_OBJECTIONS.get(stage, ()) if o not in objections)
    steps = practice.step_list
    criteria = [f"Step {n} of the practice: {step}" for n, step in enumerate(steps, 1)] or [
        f"The rep applies '{practice.title}' and agrees a concrete next step with the buyer."
    ]
    rubric = [
        RubricItemInput(
            competency=main, label=f"Applies '{practice.title}'", levels=list(PRACTICE_ITEM_LEVELS)
        )
    ]
    for slug in tags or [main]:
        info = competency_info(organisation=organisation, slug=slug)
        if len(info.levels) == RUBRIC_LEVELS:
            rubric.append(
                RubricItemInput(competency=slug, label=info.name, levels=list(info.levels))
            )
    stage_words = ", ".join(stage.replace("_", " ") for stage in stages)
    return ScenarioInput(
        title=f"Role play: {practice.title}"[:200],
        competency=main,
        buyer_persona=(
            f"A buyer at the {stage_words} stage: name their role, company and what they are "
            "measured on. Busy, polite, not yet convinced they need to change anything."
        ),
        situation=situation,
        objections="\n".join(objections),
        success_criteria="\n".join(criteria),
        rubric=rubric,
        practice_id=practice.pk,
    )


def scenario_draft_from_practice(*, practice: Practice, created_by: Person) -> RolePlayScenario:
    """Save the pre-filled scenario as a draft in the library (numbered if the title is taken)."""
    data = scenario_prefill_from_practice(practice=practice)
    base, number = data.title, 2
    while _title_taken(organisation=practice.organisation, title=data.title):
        suffix = f" ({number})"
        data.title = base[: 200 - len(suffix)] + suffix
        number += 1
    return scenario_create(organisation=practice.organisation, created_by=created_by, data=data)
