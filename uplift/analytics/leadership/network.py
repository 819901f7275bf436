"""Network position: in-degree, PageRank, betweenness (and eigenvector) centrality with networkx."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

PAGERANK_DAMPING = 0.85


@dataclass(frozen=True)
class Centrality:
    in_degree: int  # distinct people with an arrow to this one
    pagerank: float
    betweenness: float  # normalised, on the undirected network
    eigenvector: float | None  # only on a connected undirected network


def _graph(
    nodes: Sequence[str], edges: Iterable[tuple[str, str, float]], *, directed: bool
) -> nx.Graph:
    import networkx as nx  # in each function: reading a stored network needs no networkx

    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(nodes)
    for source, target, weight in edges:
        if source == target:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["weight"] += weight
        else:
            graph.add_edge(source, target, weight=weight)
    return graph


def centrality(
    nodes: Sequence[str],
    edges: Iterable[tuple[str, str, float]],
    *,
    directed: bool = True,
    weighted: bool = True,
) -> dict[str, Centrality]:
    """Each node's position. Edges are (source, target, weight); repeated edges add their weights.

    PageRank follows the arrows (weighted when `weighted`); betweenness ignores direction and
    weight (a bridge between two groups is one whichever way help flowed); eigenvector centrality
    is reported only when the undirected network is connected, where it is well defined.
    """
    import networkx as nx

    graph = _graph(nodes, edges, directed=directed)
    undirected = graph.to_undirected() if directed else graph
    if graph.number_of_nodes() == 0:
        return {}
    weight = "weight" if weighted else None
    pagerank: dict[str, float] = nx.pagerank(graph, alpha=PAGERANK_DAMPING, weight=weight)
    betweenness = _betweenness(undirected)
    eigenvector: dict[str, float] = {}
    if undirected.number_of_edges() and nx.is_connected(undirected):
        eigenvector = nx.eigenvector_centrality(undirected, max_iter=1000, weight=None)
    in_degree = (
        {node: graph.in_degree(node) for node in graph}
        if directed
        else {node: graph.degree(node) for node in graph}
    )
    return {
        node: Centrality(
            in_degree=int(in_degree[node]),
            pagerank=float(pagerank[node]),
            betweenness=float(betweenness[node]),
            eigenvector=float(eigenvector[node]) if node in eigenvector else None,
        )
        for node in graph
    }


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    """Normalised betweenness on an undirected network, as networkx computes it, without walking
    from the people nobody is linked to.

    networkx starts a search from every node and sets up per-node tables each time, so an
    organisation of thousands where few are linked yet costs minutes. A person with no link lies
    on no shortest path and no path runs through them: the linked people's values are the same on
    their own subgraph, normalised by the pairs of the whole network.
    """
    import networkx as nx

    linked = [node for node in graph if graph.degree(node)]
    found = dict.fromkeys(graph, 0.0)
    n = graph.number_of_nodes()
    if len(linked) < 3 or n < 3:
        return found
    pairs = nx.betweenness_centrality(graph.subgraph(linked), normalized=False)
    found.update({node: value * 2 / ((n - 1) * (n - 2)) for node, value in pairs.items()})
    return found


def spring_positions(
    nodes: Sequence[str], edges: Iterable[tuple[str, str, float]], *, seed: int = 7
) -> dict[str, tuple[float, float]]:
    """A reproducible layout in [0, 1] x [0, 1] for drawing the network."""
    import networkx as nx

    graph = _graph(nodes, edges, directed=False)
    if graph.number_of_nodes() == 0:
        return {}
    raw = nx.spring_layout(graph, seed=seed, weight=None)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {
        str(node): ((float(p[0]) - min(xs)) / span_x, (float(p[1]) - min(ys)) / span_y)
        for node, p in raw.items()
    }
