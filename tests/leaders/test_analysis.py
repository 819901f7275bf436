"""The leaders analysis gathers the organisation's records into the components, and reports them
as `uplift report leaders` promises."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import World
from tests.leaders.conftest import compute, history
from uplift.pipeline.analyses.leaders import leaders_for_team
from uplift.pipeline.reports import UnknownTeam


def by_name(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in doc["leaders"]}


def test_candidates_are_reps_and_managers_with_the_contract_keys(
    leaders_doc: dict[str, Any],
) -> None:
    names = set(by_name(leaders_doc))
    assert names == {
        "Ann Test",
        "Art Test",
        "Bob Test",
        "Gil Test",
        "Mia Test",
        "Max Test",
        "Gus Test",
    }
    for row in leaders_doc["leaders"]:
        assert {"rep_id", "email", "name", "score", "components"} <= set(row)
    ann = by_name(leaders_doc)["Ann Test"]
    assert ann["rep_id"] == str(ann["person_id"])  # no CRM id: the Uplift id as text
    assert ann["email"] == "ann@acme.test"


def test_components_from_the_records(leaders_doc: dict[str, Any]) -> None:
    rows = by_name(leaders_doc)
    ann = rows["Ann Test"]["components"]
    assert ann["contribution"] == {
        "practices_shared": 1,
        "practices_approved": 1,
        "percentile": ann["contribution"]["percentile"],
    }
    assert ann["reach"]["adopters"] == 2  # Art and Bob; a planned adoption is not counted
    assert ann["help"]["kudos_for_help_received"] == 1  # general thanks are not help
    assert ann["network"]["in_degree"] == 3  # Art and Bob adopted, Gil thanked her for help
    assert ann["impact"]["practices_measured"] == 1
    assert ann["impact"]["practices_positive"] == 1
    assert ann["impact"]["best"]["practice"] == "Mutual action plan"
    mia = rows["Mia Test"]["components"]
    assert mia["contribution"]["practices_shared"] == 1
    assert mia["reach"]["adopters"] == 0
    assert leaders_doc["leaders"][0]["name"] == "Ann Test"


def test_coaching_given_counts_as_help(leaders_doc: dict[str, Any]) -> None:
    art = by_name(leaders_doc)["Art Test"]["components"]
    assert art["help"]["coaching_given"] == 1
    assert art["help"]["people_helped"] == 1
    assert leaders_doc["counts"]["help"]["coaching"] == 1


def test_without_impact_the_component_is_absent_and_said(world: World) -> None:
    history(world)
    doc = compute(world, None)
    ann = by_name(doc)["Ann Test"]
    assert ann["components"]["impact"]["practices_measured"] is None
    assert ann["components"]["impact"]["percentile"] is None
    assert any("No measured practice impact yet" in note for note in doc["notes"])


def test_the_network_lists_linked_people_and_weighted_arrows(leaders_doc: dict[str, Any]) -> None:
    rows = by_name(leaders_doc)
    ann_id = rows["Ann Test"]["person_id"]
    gil_id = rows["Gil Test"]["person_id"]
    nodes = {n["person_id"] for n in leaders_doc["network"]["nodes"]}
    assert ann_id in nodes
    assert {"source": gil_id, "target": ann_id, "weight": 1} in leaders_doc["network"]["edges"]
    assert all(0 <= n["x"] <= 1 for n in leaders_doc["network"]["nodes"])


def test_team_filter(leaders_doc: dict[str, Any]) -> None:
    alpha = leaders_for_team(leaders_doc, "alpha")
    assert {row["name"] for row in alpha["leaders"]} == {"Ann Test", "Art Test", "Mia Test"}
    with pytest.raises(UnknownTeam, match="Teams: Alpha, Beta, Gamma"):
        leaders_for_team(leaders_doc, "Omega")


def test_the_readable_table(
    leaders_doc: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    from uplift.pipeline.analyses.leaders import leaders_print

    leaders_print(leaders_doc)
    out = capsys.readouterr().out
    assert "Future leaders as of 2026-06-30" in out
    first = next(line for line in out.splitlines() if "Ann Test" in line)
    assert "1 / 1" in first  # shared / approved
    assert "1/1" in first  # impact: positive / measured
    assert "it only orders the table" in out


def test_the_records_an_organisation_holds_are_said_and_the_missing_ones_named(
    world: World, leaders_doc: dict[str, Any]
) -> None:
    assert leaders_doc["sources"] == {
        "contributors": True,
        "coaching": True,
        "role_plays": False,  # the history holds no role play
        "kudos": True,
        "points": False,
    }
    assert any("No role-play records yet" in note for note in leaders_doc["notes"])
    assert not any("No coaching records yet" in note for note in leaders_doc["notes"])


def test_an_organisation_without_any_record_reads_no_records_rather_than_zeros(
    world: World,
) -> None:
    doc = compute(world, None)
    assert not any(doc["sources"].values())
    notes = " ".join(doc["notes"])
    assert "No coaching records yet" in notes
    assert "No kudos yet" in notes
