"""Future-leaders analytics: centrality against the karate-club reference, components by hand."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.analytics.leadership import (
    HelpEdge,
    LeadershipInputs,
    PracticeImpact,
    PracticeInput,
    centrality,
    leadership_components,
    learning_edges,
    percentile,
    spring_positions,
)


def karate() -> tuple[list[str], list[tuple[str, str, float]]]:
    graph = nx.karate_club_graph()
    return [str(n) for n in graph.nodes], [(str(a), str(b), 1.0) for a, b in graph.edges]


def test_centrality_matches_the_karate_club_reference() -> None:
    nodes, edges = karate()
    found = centrality(nodes, edges, directed=False, weighted=False)
    assert found["0"].betweenness == pytest.approx(0.437635, abs=1e-6)
    assert found["33"].betweenness == pytest.approx(0.304075, abs=1e-6)
    assert found["33"].eigenvector == pytest.approx(0.373371, abs=1e-6)
    assert found["33"].pagerank == pytest.approx(0.100918, abs=1e-6)
    assert found["33"].in_degree == 17  # undirected: the degree


@settings(max_examples=60, deadline=None)
@given(
    people=st.integers(min_value=0, max_value=14),
    links=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=25),
    directed=st.booleans(),
)
def test_betweenness_equals_networkx_on_the_whole_network(
    people: int, links: list[tuple[int, int]], directed: bool
) -> None:
    # Many people with no link at all, as in an organisation that has just started.
    nodes = [str(i) for i in range(people)]
    edges = [(str(a), str(b), 1.0) for a, b in links if a < people and b < people]
    found = centrality(nodes, edges, directed=directed)
    whole = nx.Graph()
    whole.add_nodes_from(nodes)
    whole.add_edges_from((a, b) for a, b, _ in edges if a != b)
    expected = nx.betweenness_centrality(whole, normalized=True)
    assert {n: c.betweenness for n, c in found.items()} == pytest.approx(expected, abs=1e-12)


def test_directed_in_degree_counts_distinct_sources_and_pagerank_follows_arrows() -> None:
    edges = [("a", "c", 1.0), ("b", "c", 1.0), ("b", "c", 1.0), ("c", "d", 1.0)]
    found = centrality(["a", "b", "c", "d", "e"], edges)
    assert found["c"].in_degree == 2
    assert found["d"].in_degree == 1
    assert found["e"].in_degree == 0
    assert found["a"].pagerank == pytest.approx(found["e"].pagerank)  # nobody points at them
    assert found["c"].pagerank > found["a"].pagerank
    assert sum(c.pagerank for c in found.values()) == pytest.approx(1.0)
    # Undirected, c is the hub of a, b and d: it lies on the shortest paths a-b, a-d and b-d,
    # 3 pairs out of the (n-1)(n-2)/2 = 6 pairs not involving c among the five nodes.
    assert found["c"].betweenness == pytest.approx(3 / 6)
    assert found["e"].eigenvector is None  # disconnected: not reported


def test_percentile_gives_nothing_zero_and_counts_ties_half() -> None:
    population = [0.0, 0.0, 1.0, 2.0, 2.0]
    assert percentile(0.0, population) == 0.0
    assert percentile(1.0, population) == pytest.approx(2 / 4)
    assert percentile(2.0, population) == pytest.approx((3 + 0.5) / 4)
    assert percentile(5.0, [5.0]) == 1.0


def small_world() -> LeadershipInputs:
    """Sam shares two practices (one approved) adopted by Ann, Bob and co-contributor Kim; Kim
    coached Ann twice and partnered Bob in a role play; Bob thanked Kim for help."""
    practices = (
        PracticeInput("p1", "Multi-thread early", ("sam", "kim"), True, ("ann", "bob", "kim")),
        PracticeInput("p2", "Mutual action plan", ("sam",), False, ("ann", "sam")),
    )
    help_edges = (
        HelpEdge("kim", "ann", "coaching"),
        HelpEdge("kim", "ann", "coaching"),
        HelpEdge("kim", "bob", "role_play"),
        HelpEdge("kim", "bob", "kudos"),
    )
    return LeadershipInputs(
        people=("sam", "kim", "ann", "bob", "lou"),
        candidates=("sam", "kim", "ann", "bob"),
        help=help_edges,
        practices=practices,
        impacts=(
            PracticeImpact("p1", "win_rate", 0.06, (0.02, 0.10), 3),
            PracticeImpact("p2", "win_rate", 0.01, (-0.03, 0.05), 1),
        ),
    )


def test_learning_edges_point_from_the_learner_to_the_helper_and_the_contributors() -> None:
    edges = learning_edges(small_world())
    assert edges.count(("ann", "kim", 1.0)) == 3  # two coachings and adopting p1
    assert ("bob", "kim", 1.0) in edges
    assert ("ann", "sam", 1.0) in edges
    assert ("kim", "sam", 1.0) not in edges  # a contributor adopting their own practice
    assert ("sam", "sam", 1.0) not in edges


def test_components_by_hand() -> None:
    rows = {row.person: row for row in leadership_components(small_world())}
    sam, kim, ann, bob = rows["sam"], rows["kim"], rows["ann"], rows["bob"]
    assert (sam.practices_shared, sam.practices_approved) == (2, 1)
    assert (kim.practices_shared, kim.practices_approved) == (1, 1)
    assert sam.reach == 2  # Ann and Bob; Kim is a contributor of p1, Sam adopted his own p2
    assert kim.reach == 2
    assert (kim.coaching_given, kim.role_plays_partnered, kim.kudos_for_help_received) == (2, 1, 1)
    assert kim.help_given == 3
    assert kim.people_helped == 2
    assert sam.help_given == 0
    assert kim.in_degree == 2  # Ann and Bob learned from Kim
    assert sam.in_degree == 2  # Ann and Bob adopted Sam's practices
    assert ann.in_degree == 0
    assert (sam.practices_measured, sam.practices_positive) == (2, 1)
    assert sam.best_effect is not None
    assert sam.best_effect["practice"] == "Multi-thread early"
    assert (kim.practices_measured, kim.practices_positive) == (1, 1)
    assert ann.practices_positive == 0
    # Ann and Bob have nothing in contribution, help, reach and impact: each percentile is 0.
    assert ann.percentiles["contribution"] == 0.0
    assert bob.percentiles["help"] == 0.0
    assert ann.pagerank > 0  # the random jump's floor ...
    assert ann.percentiles["network"] == 0.0  # ... but nobody learned from Ann
    # Kim: contribution 2 vs Sam 3: lower than Sam, above the two zeros -> 2/3.
    assert kim.percentiles["contribution"] == pytest.approx(2 / 3, abs=1e-4)
    assert sam.percentiles["contribution"] == 1.0
    assert kim.percentiles["help"] == 1.0
    assert kim.percentiles["impact"] == pytest.approx(2.5 / 3, abs=1e-4)
    expected = 100 * sum(kim.percentiles.values()) / 5
    assert kim.score == pytest.approx(expected, abs=0.05)
    ordered = [row.person for row in leadership_components(small_world())]
    assert ordered[0] == "kim"
    assert set(ordered[-2:]) == {"ann", "bob"}


def test_without_measured_impact_the_component_is_absent_not_zero() -> None:
    inputs = small_world()
    bare = LeadershipInputs(
        people=inputs.people,
        candidates=inputs.candidates,
        help=inputs.help,
        practices=inputs.practices,
    )
    rows = {row.person: row for row in leadership_components(bare)}
    assert rows["sam"].practices_measured is None
    assert "impact" not in rows["sam"].percentiles
    assert len(rows["kim"].percentiles) == 4


def test_an_unknown_kind_of_help_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind of help"):
        HelpEdge("a", "b", "lunch")


def test_layout_is_reproducible_and_inside_the_unit_square() -> None:
    nodes, edges = karate()
    first = spring_positions(nodes, edges)
    assert first == spring_positions(nodes, edges)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
