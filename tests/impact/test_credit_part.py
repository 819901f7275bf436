"""The credit analysis part on a generated organisation: measured value flows to contributors."""

from __future__ import annotations

import pytest

from uplift.insights.models import AnalysisRun
from uplift.insights.snapshots import credit_of, impact_of
from uplift.insights.snapshots.impact_documents import CreditDocument, ImpactDocument
from uplift.orgs.models import Person
from uplift.pipeline.analyses.credit import print_table
from uplift.pipeline.reports import report_document
from uplift.practices.models import Adoption

pytestmark = pytest.mark.django_db(transaction=True)


def _credit(run: AnalysisRun) -> CreditDocument:
    credit = credit_of(run)
    assert credit is not None
    return credit


def _impact(run: AnalysisRun) -> ImpactDocument:
    impact = impact_of(run)
    assert impact is not None
    return impact


def test_every_practice_is_listed_with_its_contributors_and_their_shares(
    analysed: AnalysisRun, contributors: dict[str, list[Person]]
) -> None:
    credit = _credit(analysed)
    rows = {row["practice"]: row for row in credit.practices}
    assert set(rows) == set(contributors)
    for title, people in contributors.items():
        listed = rows[title]["contributors"]
        assert {c["person_id"] for c in listed} == {p.pk for p in people}
        assert {c["share"] for c in listed} == {round(1 / len(people), 4)}
        assert listed[0]["email"]
    recorded = {
        title: Adoption.objects.filter(practice__title=title, practising_on__isnull=False)
        .exclude(person__in=people)
        .count()
        for title, people in contributors.items()
    }
    for person in credit.people:
        theirs = [
            t for t, people in contributors.items() if person["person_id"] in {p.pk for p in people}
        ]
        assert person["adopters_reached"] == sum(recorded[t] for t in theirs)


def test_only_clear_estimates_carry_value_and_it_is_att_times_adopters_times_horizon(
    analysed: AnalysisRun,
) -> None:
    credit, impact = _credit(analysed), _impact(analysed)
    readings = {(r["practice"], r["metric"]): r for r in impact.practices}
    seen_measured = seen_not = False
    for row in credit.practices:
        for effect in row["effects"]:
            estimate = readings[(row["practice"], effect["metric"])]
            low, high = estimate["ci"]
            clear = estimate["reading"] in {"likely positive", "likely negative"}
            assert effect["measured"] == clear
            assert clear <= (low > 0 or high < 0)
            if not clear:
                seen_not = True
                assert effect["status"] == "not measured yet"
                assert effect["value"] is None
                continue
            seen_measured = True
            scale = estimate["adopters"] * credit.horizon_months
            if effect["metric"] == "win_rate":
                assert credit.closed_per_rep_month is not None
                scale *= credit.closed_per_rep_month
            assert effect["value"] == pytest.approx(estimate["att"] * scale, rel=1e-3, abs=0.01)
            assert effect["value_ci"][0] == pytest.approx(low * scale, rel=1e-3, abs=0.01)
    assert seen_measured or seen_not
    assert credit.closed_per_rep_month is not None
    assert credit.closed_per_rep_month > 0


def test_a_persons_credit_adds_up_their_shares_of_measured_gains(analysed: AnalysisRun) -> None:
    credit = _credit(analysed)
    gains: dict[tuple[int, str], float] = {}
    for row in credit.practices:
        for effect in row["effects"]:
            if effect["status"] != "measured gain":
                continue
            for person in row["contributors"]:
                key = (person["person_id"], effect["value_unit"])
                gains[key] = gains.get(key, 0.0) + effect["value"] * person["share"]
    for person in credit.people:
        for unit, total in person["measured_value"].items():
            assert total["value"] == pytest.approx(gains[(person["person_id"], unit)], abs=0.05)
            assert total["ci"][0] <= total["value"] <= total["ci"][1]
        if not person["measured_value"]:
            assert not any(key[0] == person["person_id"] for key in gains)


def test_the_credit_document_and_its_table(
    analysed: AnalysisRun, capsys: pytest.CaptureFixture[str]
) -> None:
    document = report_document(name="credit", run=analysed)
    assert {"as_of", "horizon_months", "rule", "practices", "people"} <= set(document)
    print_table(document)
    printed = capsys.readouterr().out
    assert "Credit for measured practice value" in printed
    assert document["people"][0]["name"] in printed
