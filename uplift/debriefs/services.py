"""Writes for debriefs: question templates, scheduling (with the drafted guide), the guide and
notes, the status, and the practice drafts a debrief produces."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from uplift.core.refusals import Invalid, NotAllowed
from uplift.debriefs import access, guide
from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.debriefs.selectors import (
    ProfileDocument,
    profiles_latest,
    question_templates,
    star_pattern,
)
from uplift.debriefs.stages import STAGES
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import star_profiles_of
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.models import Organisation, Person, Role
from uplift.orgs.time_zones import moment_for
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice

MAX_TEXT = 50_000
MAX_QUESTION = 1_000


class DebriefError(Invalid):
    """A request that cannot be carried out as asked; the message says why."""


# --- Question templates ---------------------------------------------------------------------------


def question_templates_ensure(*, organisation: Organisation) -> int:
    """Write the default stage questions when the organisation has none yet; how many were
    written (0 when it already has its own set)."""
    if QuestionTemplate.objects.filter(organisation=organisation).exists():
        return 0
    rows = [
        QuestionTemplate(organisation=organisation, stage=stage, text=text, position=index)
        for stage, questions in guide.DEFAULT_QUESTIONS.items()
        for index, text in enumerate(questions)
    ]
    QuestionTemplate.objects.bulk_create(rows)
    return len(rows)


def _clean_question(stage: str, text: str) -> tuple[str, str]:
    if stage not in STAGES:
        raise DebriefError(f"{stage!r} is not a sales stage. Use one of: {', '.join(STAGES)}.")
    text = " ".join((text or "").split())
    if not text:
        raise DebriefError("A question needs some text.")
    if len(text) > MAX_QUESTION:
        raise DebriefError(f"A question is at most {MAX_QUESTION} characters.")
    return stage, text


def _admin_only(actor: Person, organisation_id: int | None) -> None:
    if actor.role != Role.ADMIN or actor.organisation_id != organisation_id:
        raise NotAllowed("Only enablement admins edit the debrief questions.")


def question_template_create(
    *, organisation: Organisation, actor: Person, stage: str, text: str
) -> QuestionTemplate:
    _admin_only(actor, organisation.pk)
    question_templates_ensure(organisation=organisation)
    stage, text = _clean_question(stage, text)
    last = QuestionTemplate.objects.filter(organisation=organisation, stage=stage).count()
    return QuestionTemplate.objects.create(
        organisation=organisation, stage=stage, text=text, position=last
    )


def question_template_update(
    *, template: QuestionTemplate, actor: Person, stage: str, text: str
) -> QuestionTemplate:
    _admin_only(actor, template.organisation_id)
    template.stage, template.text = _clean_question(stage, text)
    template.save(update_fields=["stage", "text", "updated_at"])
    return template


def question_template_delete(*, template: QuestionTemplate, actor: Person) -> None:
    """Retire a question: it leaves future guides; guides already drafted keep their text."""
    _admin_only(actor, template.organisation_id)
    template.is_active = False
    template.save(update_fields=["is_active", "updated_at"])


# --- Scheduling -----------------------------------------------------------------------------------


def _clean_stages(stages: Iterable[str]) -> list[str]:
    chosen = []
    for stage in stages:
        if stage not in STAGES:
            raise DebriefError(f"{stage!r} is not a sales stage. Use one of: {', '.join(STAGES)}.")
        if stage not in chosen:
            chosen.append(stage)
    return [stage for stage in STAGES if stage in chosen]


def _member(organisation: Organisation, person: Person, what: str) -> Person:
    if person.organisation_id != organisation.pk or not person.is_active:
        raise DebriefError(f"The {what} must be an active member of {organisation}.")
    return person


def _profiles_until(organisation: Organisation, day: date) -> ProfileDocument | None:
    """The star profiles of the latest analysis as of `day` or earlier."""
    run = analysis_latest(organisation=organisation, until=day)
    document = star_profiles_of(run)
    return None if run is None or document is None else ProfileDocument(run=run, data=document)


def star_profile_snapshot(*, star: Person, held_on: date | None = None) -> dict[str, Any]:
    """The star's profile, as the debrief keeps it, or a DebriefError: from the latest analysis,
    or for a debrief held in the past (`held_on`), from the latest analysis as of that day or
    earlier, so that a debrief never cites numbers that did not exist yet. A debrief held before
    any analysis has no profile (an empty one): its guide comes from the stage templates."""
    if star.organisation is None:
        raise DebriefError(f"{star} is not in an organisation.")
    if held_on is not None and held_on < timezone.localdate():
        document = _profiles_until(star.organisation, held_on)
        if document is None:
            return {}
    else:
        document = profiles_latest(organisation=star.organisation)
    if document is None:
        raise DebriefError("There are no star profiles yet: run the analysis first.")
    profile = document.by_rep_id().get(star.crm_user_id) if star.crm_user_id else None
    if profile is None:
        raise DebriefError(f"{star} is not a star in the analysis as of {document.run.as_of}.")
    # Only behaviours make questions and evidence; an older snapshot may still mix in outcomes,
    # which go with where the star wins.
    distinctive = guide.behaviours_only(profile.get("distinctive") or [])
    unusual = guide.behaviours_only(profile.get("unusual") or [])
    standing_out = {str(i["behavior"]) for i in [*distinctive, *unusual]}
    drivers = {
        str(d["behavior"]): d for d in document.data.drivers if d.get("behavior") in standing_out
    }
    return {
        **profile,
        "pattern": star_pattern(run=document.run, crm_user_id=star.crm_user_id),
        "distinctive": distinctive,
        "unusual": unusual,
        "where_they_win": guide.where_they_win(profile),
        "as_of": document.data.as_of,
        "rule": document.data.rule,
        "drivers": drivers,
        "n_star": document.data.n_star,
        "n_core": document.data.n_core,
        # Behaviours the export cannot measure, when none of the star's could be placed.
        "not_measured": []
        if profile.get("behaviours")
        else [dict(m) for m in document.data.missing if guide.is_behaviour_item(m)],
    }


def guide_draft(
    *, organisation: Organisation, star: Person, profile: dict[str, Any], stages: Sequence[str]
) -> str:
    question_templates_ensure(organisation=organisation)
    templates = {
        stage: [t.text for t in rows]
        for stage, rows in question_templates(organisation=organisation).items()
    }
    return guide.draft_guide(
        star_name=star.full_name,
        distinctive=profile.get("distinctive") or [],
        unusual=profile.get("unusual") or [],
        wins=profile.get("where_they_win") or [],
        pattern=profile.get("pattern"),
        stages=stages,
        templates=templates,
        not_measured=profile.get("not_measured") or [],
    )


@transaction.atomic
def debrief_schedule(
    *,
    scheduled_by: Person,
    star: Person,
    interviewer: Person,
    scheduled_at: datetime,
    co_contributors: Iterable[Person] = (),
    stages: Iterable[str] | None = None,
    duration_minutes: int = 60,
) -> Debrief:
    """Schedule a debrief with a star and draft its interview guide from their profile."""
    organisation = scheduled_by.organisation
    if organisation is None or not access.can_schedule_debrief(scheduled_by, star):
        raise NotAllowed("You may not schedule a debrief with this person.")
    _member(organisation, star, "star")
    _member(organisation, interviewer, "interviewer")
    if interviewer.pk == star.pk:
        raise DebriefError("The interviewer cannot be the star.")
    others = [_member(organisation, p, "co-contributor") for p in dict.fromkeys(co_contributors)]
    if any(p.pk == star.pk for p in others):
        raise DebriefError("The star is always credited; pick other people as co-contributors.")
    if timezone.is_naive(scheduled_at):
        raise DebriefError("The date and time need a time zone.")
    if not 15 <= duration_minutes <= 480:
        raise DebriefError("A debrief lasts between 15 and 480 minutes.")
    profile = star_profile_snapshot(star=star, held_on=timezone.localtime(scheduled_at).date())
    chosen = (
        _clean_stages(stages)
        if stages is not None
        else guide.suggested_stages(profile.get("distinctive") or profile.get("unusual") or [])
    )
    debrief = Debrief.objects.create(
        organisation=organisation,
        star=star,
        interviewer=interviewer,
        scheduled_by=scheduled_by,
        scheduled_at=scheduled_at,
        duration_minutes=duration_minutes,
        stages=chosen,
        profile=profile,
        guide=guide_draft(organisation=organisation, star=star, profile=profile, stages=chosen),
    )
    debrief.co_contributors.set(others)
    for person in {star, interviewer} - {scheduled_by}:
        notify(
            recipient=person,
            kind=NotificationKind.DEBRIEF_SCHEDULED,
            text=(
                f"Debrief with {star.full_name}, interviewed by {interviewer.full_name}, "
                f"on {moment_for(person, scheduled_at)}"
            ),
            link=reverse("debrief_detail", args=[debrief.pk]),
        )
    return debrief


# --- During and after the session -----------------------------------------------------------------


def _editable(debrief: Debrief, actor: Person) -> None:
    if not access.can_edit_debrief(actor, debrief):
        raise NotAllowed("You may read this debrief but not change it.")
    if debrief.status == Debrief.Status.CANCELLED:
        raise DebriefError("This debrief was cancelled; it can no longer be changed.")


def _clean_long(name: str, value: str) -> str:
    if len(value) > MAX_TEXT:
        raise DebriefError(f"The {name} is longer than {MAX_TEXT:,} characters.")
    return value


def debrief_update(
    *, debrief: Debrief, actor: Person, guide: str | None = None, notes: str | None = None
) -> Debrief:
    """Save the guide and/or the notes (the page saves them as they are typed)."""
    _editable(debrief, actor)
    fields = ["updated_at"]
    if guide is not None:
        debrief.guide = _clean_long("guide", guide)
        fields.append("guide")
    if notes is not None:
        debrief.notes = _clean_long("notes", notes)
        fields.append("notes")
    debrief.save(update_fields=fields)
    return debrief


def debrief_status_set(*, debrief: Debrief, actor: Person, status: str) -> Debrief:
    """Mark a debrief completed or cancelled (or back to scheduled)."""
    if status not in Debrief.Status.values:
        raise DebriefError(f"{status!r} is not a status. Use one of: {', '.join(Debrief.Status)}.")
    if not access.can_edit_debrief(actor, debrief):
        raise NotAllowed("You may read this debrief but not change it.")
    debrief.status = status
    debrief.completed_at = timezone.now() if status == Debrief.Status.COMPLETED else None
    debrief.save(update_fields=["status", "completed_at", "updated_at"])
    return debrief


def debrief_evidence(
    *, debrief: Debrief, behaviours: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """The star's behaviours as practice evidence, by default the distinctive ones (the unusual
    ones, weaker evidence, when asked for by key); never an outcome such as a conversion rate. As
    in the drivers report, ``star`` and ``core`` are the stars' and the core's averages with the
    effect size and q-value; the label is the behaviour's. Without the drivers' numbers, the
    star's own value and the core median stand in. The card reads the star's own value and
    percentile from the debrief it came from (`uplift.practices.selectors.evidence_source`), so
    it can say whose number is whose."""
    wanted = None if behaviours is None else set(behaviours)
    distinctive = guide.behaviours_only(debrief.distinctive)
    candidates = distinctive + guide.behaviours_only(debrief.unusual)
    known = {str(item["behavior"]) for item in candidates}
    if wanted is not None and wanted - known:
        unknown = ", ".join(sorted(wanted - known))
        raise DebriefError(f"Not a behaviour that stands out for this star: {unknown}.")
    chosen = distinctive if wanted is None else candidates
    return [
        _evidence_row(debrief, item)
        for item in chosen
        if wanted is None or item["behavior"] in wanted
    ]


def _evidence_row(debrief: Debrief, item: dict[str, Any]) -> dict[str, Any]:
    driver = (debrief.profile.get("drivers") or {}).get(item["behavior"])
    if driver and driver.get("star") is not None and driver.get("core") is not None:
        return {
            "behavior": item["behavior"],
            "label": item["label"],
            "star": driver["star"],
            "core": driver["core"],
            "effect_size": driver.get("effect_size"),
            "adjusted_difference": driver.get("adjusted_difference"),
            "q_value": driver.get("q_value"),
            "n_star": debrief.profile.get("n_star"),
            "n_core": debrief.profile.get("n_core"),
        }
    return {
        "behavior": item["behavior"],
        "label": item["label"],
        "star": item["value"],
        "core": item["core_median"],
        "q_value": item.get("q_value"),
        "n_core": item.get("n_core"),
    }


@transaction.atomic
def debrief_practice_create(
    *,
    debrief: Debrief,
    author: Person,
    content: CardContent,
    evidence_behaviours: Iterable[str] | None = None,
) -> Practice:
    """A practice draft out of the debrief saying `content`, credited to the star and the
    co-contributors, with the chosen distinctive behaviours (all of them by default) as its
    evidence."""
    from uplift.practices.services import PracticeError, practice_draft_create

    _editable(debrief, author)
    evidence = debrief_evidence(debrief=debrief, behaviours=evidence_behaviours)
    try:
        practice = practice_draft_create(
            organisation=debrief.organisation,
            author=author,
            content=content,
            contributors=[debrief.star, *debrief.co_contributors.all()],
            evidence=evidence,
        )
    except PracticeError as error:
        raise DebriefError(str(error)) from None
    debrief.practices.add(practice)
    return practice


def debrief_practice_link(*, debrief: Debrief, actor: Person, practice: Practice) -> Debrief:
    """Record that an existing card of the organisation came out of this debrief."""
    _editable(debrief, actor)
    if practice.organisation_id != debrief.organisation_id:
        raise DebriefError("The practice belongs to another organisation.")
    debrief.practices.add(practice)
    return debrief
