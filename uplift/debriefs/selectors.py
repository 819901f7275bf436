"""Reads for star profiles and debriefs. Profiles come from the latest analysis' `star-profiles`
snapshot; pages never recompute them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from uplift.analytics.behaviour.catalogue import is_behaviour_item
from uplift.analytics.performance.results import RepSegment
from uplift.debriefs import access
from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.debriefs.stages import STAGES
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of, star_profiles_of
from uplift.insights.snapshots.documents import (
    StandingItem,
    StarProfileItem,
    StarProfilesDocument,
)
from uplift.orgs.access import private_people_visible
from uplift.orgs.models import Organisation, Person


@dataclass(frozen=True)
class ProfileDocument:
    """The latest star-profiles snapshot of an organisation, and the run it belongs to (whose
    other parts the profile pages read beside it)."""

    run: AnalysisRun
    data: StarProfilesDocument

    def by_rep_id(self) -> dict[str, StarProfileItem]:
        return self.data.by_rep_id()


def star_segment(*, run: AnalysisRun, crm_user_id: str) -> RepSegment | None:
    """The star's row in the same analysis' `segments` snapshot: their lenses, pattern and
    tenure (None when the run has no segments, or the rep is not ranked)."""
    segments = segments_of(run)
    reps = segments.reps if segments else ()
    return next((r for r in reps if r.rep.rep_id == crm_user_id), None)


def star_pattern(*, run: AnalysisRun, crm_user_id: str | None) -> dict[str, Any] | None:
    """Where the star's result comes from (volume, conversion, deal size, speed), or None."""
    row = star_segment(run=run, crm_user_id=crm_user_id) if crm_user_id else None
    return (row.pattern if row else None) or None


def profiles_latest(*, organisation: Organisation) -> ProfileDocument | None:
    run = analysis_latest(organisation=organisation)
    document = star_profiles_of(run)
    return None if run is None or document is None else ProfileDocument(run=run, data=document)


def behaviours_that_differ(*, document: ProfileDocument | None) -> int | None:
    """How many behaviours separate stars from core by the profile rule's q-value (None before
    the first analysis)."""
    if document is None:
        return None
    q_max = float(document.data.rule.get("q_max", 0.1))
    drivers = [d for d in document.data.drivers if is_behaviour_item(d)]
    return sum(1 for d in drivers if (q := d.get("q_value")) is not None and float(q) < q_max)


def star_profile_of(*, person: Person) -> StarProfileItem | None:
    """The person's profile in the latest analysis, when they are a star there."""
    if person.organisation is None or not person.crm_user_id:
        return None
    document = profiles_latest(organisation=person.organisation)
    if document is None:
        return None
    return document.by_rep_id().get(person.crm_user_id)


@dataclass(frozen=True)
class StarRow:
    person: Person
    distinctive: list[StandingItem]
    unusual: list[StandingItem]
    debriefs: int


def stars_in_scope(*, viewer: Person) -> list[StarRow]:
    """The stars of the latest analysis whose profile the viewer may see, by name."""
    if viewer.organisation is None:
        return []
    document = profiles_latest(organisation=viewer.organisation)
    if document is None:
        return []
    profiles = document.by_rep_id()
    people = Person.objects.filter(
        organisation=viewer.organisation, crm_user_id__in=list(profiles), is_active=True
    ).select_related("team", "manager", "organisation")
    shown = [p for p in people if access.can_view_star_profile(viewer, p)]
    counts = dict(
        access.debriefs_visible(viewer)
        .filter(star__in=shown)
        .values_list("star")
        .annotate(n=Count("pk"))
        .values_list("star", "n")
    )  # one query for every star, however many
    rows = [
        StarRow(
            person=p,
            distinctive=list(profiles[p.crm_user_id].get("distinctive") or []),
            unusual=list(profiles[p.crm_user_id].get("unusual") or []),
            debriefs=counts.get(p.pk, 0),
        )
        for p in shown
    ]
    return sorted(rows, key=lambda row: row.person.full_name)


def debriefs_on_record(*, viewer: Person, star_ids: Iterable[int]) -> dict[int, Debrief]:
    """For each star, the debrief that makes scheduling another unnecessary: the next one still
    scheduled, else the latest one held. Cancelled debriefs do not count; only debriefs the
    viewer may see are considered."""
    found: dict[int, Debrief] = {}
    debriefs = (
        access.debriefs_visible(viewer)
        .filter(star_id__in=list(star_ids))
        .exclude(status=Debrief.Status.CANCELLED)
        .select_related("star")
        .order_by("scheduled_at", "pk")
    )
    for debrief in debriefs:
        current = found.get(debrief.star_id)
        if current is None or current.status == Debrief.Status.COMPLETED:
            found[debrief.star_id] = debrief  # a scheduled one wins; else the latest held one
    return found


def schedulable_star_ids(*, viewer: Person) -> set[int]:
    """The people the viewer may schedule a debrief with: stars of the latest analysis in the
    teams a manager runs, in a leader's part of the organisation, anywhere for enablement admins;
    nobody for a rep."""
    if viewer.role not in access.SCHEDULERS.roles:
        return set()
    return {row.person.pk for row in stars_in_scope(viewer=viewer)}


def debriefs_for(*, viewer: Person, status: str | None = None) -> QuerySet[Debrief]:
    debriefs = access.debriefs_visible(viewer).select_related("star", "star__team", "interviewer")
    if status:
        debriefs = debriefs.filter(status=status)
    return debriefs.prefetch_related("co_contributors", "practices").distinct()


def question_templates(*, organisation: Organisation) -> dict[str, list[QuestionTemplate]]:
    """The organisation's active templates by stage, in sales order."""
    found: dict[str, list[QuestionTemplate]] = {stage: [] for stage in STAGES}
    for template in QuestionTemplate.objects.filter(organisation=organisation, is_active=True):
        found.setdefault(template.stage, []).append(template)
    return found


def people_to_invite(*, viewer: Person) -> QuerySet[Person]:
    """Who may be picked as interviewer or co-contributor: active people of the organisation."""
    return Person.objects.filter(organisation=viewer.organisation, is_active=True).order_by(
        "full_name"
    )


@dataclass(frozen=True)
class StarToDebrief:
    """A star of the latest analysis the viewer may schedule a debrief with, who has none on
    record (none scheduled, none held): what they know is not shared yet."""

    person: Person
    named_on: date  # the day of the analysis that names them a star


def stars_to_debrief(*, viewer: Person) -> list[StarToDebrief]:
    """The stars of the viewer's private scope they may schedule a debrief with and who have no
    debrief on record, by name (scheduling one takes a star off; cancelling it brings them back).
    A fixed number of queries, however many stars."""
    document = profiles_latest(organisation=viewer.organisation) if viewer.organisation else None
    if document is None or viewer.role not in access.SCHEDULERS.roles:
        return []
    stars = [
        person
        for person in private_people_visible(viewer)
        .filter(crm_user_id__in=list(document.by_rep_id()), is_active=True)
        .order_by("full_name")
        if access.can_schedule_debrief(viewer, person)
    ]
    on_record = debriefs_on_record(viewer=viewer, star_ids=[p.pk for p in stars])
    named_on = date.fromisoformat(document.data.as_of)
    return [StarToDebrief(p, named_on) for p in stars if p.pk not in on_record]
