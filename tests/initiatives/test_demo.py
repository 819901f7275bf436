"""The demo's sharing initiative reads true against the rest of the demo: launched a year ago from
the analysis of that day, its partners are that analysis' stars, what was kept or missed is
counted from the demo's records, and the gap closure is measured, not written in; a second run
adds nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from uplift.demo.initiatives import NAME, initiative_history_seed
from uplift.demo.steps import demo_run
from uplift.initiatives.models import Initiative, Partner, SharingSession
from uplift.initiatives.report import initiatives_report
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import segments_of
from uplift.practices.models import Practice

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_initiative_reads_true() -> None:
    state = demo_run(seed=7)
    organisation = state.organisation
    assert organisation is not None
    initiative = Initiative.objects.get(organisation=organisation)
    today = timezone.localdate()
    assert initiative.name == NAME
    assert initiative.is_running
    assert initiative.starts_on == today - timedelta(days=365)

    at_launch = AnalysisRun.objects.get(pk=initiative.baseline["analysis_id"])
    assert at_launch.as_of == initiative.starts_on
    stars = {r.rep.rep_id for r in segments_of(at_launch).reps if r.segment == "star"}  # type: ignore[union-attr]
    partners = list(initiative.partners.select_related("person"))
    assert {p.person.crm_user_id for p in partners} <= stars
    statuses = sorted(p.status for p in partners)
    assert statuses.count(Partner.Status.ACCEPTED) == 6
    assert statuses.count(Partner.Status.DECLINED) == 1
    assert statuses.count(Partner.Status.INVITED) == 1

    sessions = SharingSession.objects.filter(initiative=initiative)
    assert sessions.filter(status=SharingSession.Status.HELD).count() > 20
    assert sessions.filter(status=SharingSession.Status.PLANNED).count() == 2
    drafted = sessions.exclude(draft_practice=None)
    assert drafted.count() == 2
    for session in drafted:
        assert list(session.draft_practice.contributors.all()) == [session.host]  # type: ignore[union-attr]
    assert drafted.filter(draft_practice__status=Practice.Status.APPROVED).count() == 1

    [entry] = initiatives_report(
        organisation=organisation, run=analysis_latest(organisation=organisation), today=today
    )["initiatives"]
    counts = entry["commitments"]
    assert counts["kept"] > 0
    assert counts["missed"] > 0
    assert counts["due"] > 0
    funnel = {step["key"]: step["value"] for step in entry["funnel"]}
    assert funnel["partners_committed"] == 6
    assert funnel["practices_published"] == 1
    assert funnel["adopted"] == 4
    assert 0 < entry["participation"] < 1
    closure = entry["gap_closure"]
    assert closure["months_used"] >= 10
    low, high = closure["ci"]
    assert low <= closure["value"] <= high

    before = Initiative.objects.count(), SharingSession.objects.count()
    initiative_history_seed(state)
    assert (Initiative.objects.count(), SharingSession.objects.count()) == before
    assert state.notes[-1] == "sharing initiative already in place"
