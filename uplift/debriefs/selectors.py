"""Reads for star profiles and debriefs. Profiles come from the latest analysis' `star-profiles`
snapshot; pages never recompute them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from uplift.analytics.behaviour.catalogue import Unit, is_behaviour_item
from uplift.analytics.behaviour.wording import number, q_text
from uplift.analytics.performance.results import RepSegment
from uplift.debriefs import access
from uplift.debriefs.models import Debrief, QuestionTemplate
from uplift.debriefs.stages import STAGES
from uplift.insights.dashboards.standing import RepStanding, pattern_chart, rep_standing
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of, star_profiles_of, summary_of
from uplift.insights.snapshots.documents import (
    MissingItem,
    StandingItem,
    StarProfileItem,
    StarProfilesDocument,
)
from uplift.orgs.models import Organisation, Person


@dataclass(frozen=True)
class ProfileDocument:
    """The latest star-profiles snapshot of an organisation, and the run it belongs to (whose
    other parts the profile pages read beside it)."""

    run: AnalysisRun
    data: StarProfilesDocument

    def by_rep_id(self) -> dict[str, StarProfileItem]:
        return self.data.by_rep_id()


@dataclass(frozen=True)
class StarProfilePage:
    """A star's profile as a page shows it."""

    star: Person
    profile: StarProfileItem | None
    as_of: str | None
    rule_text: str
    caution: str
    n_core: int
    debriefs: list[Debrief] = field(default_factory=list)
    standing: RepStanding = field(default_factory=RepStanding)  # lenses and pattern
    pattern_chart: dict[str, Any] | None = None
    definition: str = ""

    def _standings(self, key: str) -> list[dict[str, Any]]:
        items = self.profile.get(key) if self.profile else None
        return standing_rows(items if isinstance(items, list) else [])

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self._standings("behaviours")

    @property
    def outcome_rows(self) -> list[dict[str, Any]]:
        """Conversions, time in stage and cycle: where the star wins, shown apart."""
        return self._standings("outcomes")

    @property
    def distinctive(self) -> list[dict[str, Any]]:
        return self._standings("distinctive")

    @property
    def unusual(self) -> list[dict[str, Any]]:
        return self._standings("unusual")


def standing_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Profile entries with their numbers as people read them (value_text, core_median_text,
    q_text) and ``beyond``: the share of core reps the star is above (high) or below (low)."""
    rows = []
    for item in items:
        unit: Unit = item.get("unit") or "per_opportunity"
        q = item.get("q_value")
        percentile = float(item.get("percentile_core") or 0.0)
        rows.append(
            {
                **item,
                "value_text": number(item.get("value"), unit),
                "core_median_text": number(item.get("core_median"), unit),
                "q_text": "not compared" if q is None else q_text(float(q)),
                "beyond": 100.0 - percentile if item.get("direction") == "low" else percentile,
            }
        )
    return rows


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


@dataclass(frozen=True)
class StarComparison:
    """Stars against core as the star profiles page shows it: what stars do (behaviours,
    strongest first), where stars win (outcomes), and each side's metrics this export cannot
    measure (``label``, ``reason``)."""

    what_stars_do: list[dict[str, Any]]
    where_stars_win: list[dict[str, Any]]
    behaviours_missing: list[MissingItem]
    outcomes_missing: list[MissingItem]


def _compared_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        unit: Unit = item.get("unit") or "per_opportunity"
        q = item.get("q_value")
        adjusted = item.get("adjusted_difference")
        rows.append(
            {
                **item,
                "star_text": number(item.get("star"), unit),
                "core_text": number(item.get("core"), unit),
                "q_text": "not compared" if q is None else q_text(float(q)),
                "stars_higher": adjusted is not None and float(adjusted) > 0,
            }
        )
    return rows


def star_comparison(*, document: ProfileDocument | None) -> StarComparison | None:
    """The comparison of the latest analysis (None before the first). An older snapshot that
    listed conversions among the drivers has them moved to where stars win."""
    if document is None:
        return None
    data = document.data
    compared = [*data.drivers, *data.where_stars_win]
    missing = data.missing
    return StarComparison(
        what_stars_do=_compared_rows([d for d in compared if is_behaviour_item(d)]),
        where_stars_win=_compared_rows([d for d in compared if not is_behaviour_item(d)]),
        behaviours_missing=[m for m in missing if is_behaviour_item(m)],
        outcomes_missing=[m for m in missing if not is_behaviour_item(m)],
    )


def star_profile_of(*, person: Person) -> StarProfileItem | None:
    """The person's profile in the latest analysis, when they are a star there."""
    if person.organisation is None or not person.crm_user_id:
        return None
    document = profiles_latest(organisation=person.organisation)
    if document is None:
        return None
    return document.by_rep_id().get(person.crm_user_id)


def star_profile_page(*, viewer: Person, star: Person) -> StarProfilePage:
    organisation = star.organisation
    document = None if organisation is None else profiles_latest(organisation=organisation)
    data = document.data if document else None
    profile = document.by_rep_id().get(star.crm_user_id) if document and star.crm_user_id else None
    debriefs = list(access.debriefs_visible(viewer).filter(star=star).select_related("interviewer"))
    segments = segments_of(document.run) if document else None
    row = next(
        (
            r
            for r in (segments.reps if segments else ())
            if star.crm_user_id and r.rep.rep_id == star.crm_user_id
        ),
        None,
    )
    summary = summary_of(document.run) if document else None
    currency = str(summary.currency or "") if summary else ""
    lenses = segments.lenses if segments else ()
    standing = rep_standing(row.to_dict() if row else None, lenses, currency)
    definition = segments.definition if segments else None
    return StarProfilePage(
        star=star,
        profile=profile,
        as_of=data.as_of if data else None,
        rule_text=data.rule_text if data else "",
        caution=data.caution if data else "",
        n_core=data.n_core if data else 0,
        debriefs=debriefs,
        standing=standing,
        pattern_chart=pattern_chart(standing),
        definition=definition.sentence if definition else "",
    )


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
    visible = access.debriefs_visible(viewer)
    rows = [
        StarRow(
            person=p,
            distinctive=list(profiles[p.crm_user_id].get("distinctive") or []),
            unusual=list(profiles[p.crm_user_id].get("unusual") or []),
            debriefs=visible.filter(star=p).count(),
        )
        for p in people
        if access.can_view_star_profile(viewer, p)
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
    """The people the viewer may schedule a debrief with: stars of the latest analysis in their
    part of the organisation, for leaders and enablement admins; nobody for anyone else."""
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
