"""The future-leaders table: the five components side by side (declared once; the page and its
downloads draw it from here). The page shows each component with its percentile; the downloads
carry every number behind them in a column of its own."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from uplift.presenters.leaders_board import sort_value
from uplift.web.tables import Column, Priority, Table

Row = dict[str, Any]
COMPONENTS = (
    ("contribution", "Contribution", "shared / approved", Priority.TABLET),
    ("help", "Help", "given · thanked", Priority.TABLET),
    ("network", "Network", "learned from them", Priority.DESKTOP),
    ("reach", "Reach", "adopters", Priority.DESKTOP),
    ("impact", "Impact", "positive / measured", Priority.DESKTOP),
)
# The numbers behind each component, as the downloads carry them: (column key, heading, path).
RAW = (
    ("shared", "Practices shared", ("contribution", "practices_shared")),
    ("approved", "Practices approved", ("contribution", "practices_approved")),
    ("contribution_pct", "Contribution percentile", ("contribution", "percentile")),
    ("help_given", "Help given", ("help", "help_given")),
    ("thanked", "Kudos for help", ("help", "kudos_for_help_received")),
    ("help_pct", "Help percentile", ("help", "percentile")),
    ("learned", "People who learned from them", ("network", "in_degree")),
    ("pagerank", "PageRank", ("network", "pagerank")),
    ("betweenness", "Betweenness", ("network", "betweenness")),
    ("network_pct", "Network percentile", ("network", "percentile")),
    ("adopters", "Adopters", ("reach", "adopters")),
    ("reach_pct", "Reach percentile", ("reach", "percentile")),
    ("measured", "Practices measured", ("impact", "practices_measured")),
    ("positive", "Practices with a positive effect", ("impact", "practices_positive")),
    ("impact_pct", "Impact percentile", ("impact", "percentile")),
)


def _number(row: Row, path: tuple[str, str]) -> Any:
    component, key = path
    return row["components"][component].get(key)


def _text(row: Row, component: str) -> str:
    """A component's numbers as the page writes them (its percentile is drawn beside)."""
    c = row["components"][component]
    if component == "contribution":
        return f"{c['practices_shared']} / {c['practices_approved']}"
    if component == "help":
        return f"{c['help_given']} · {c['kudos_for_help_received']}"
    if component == "network":  # the centrality measures are in the downloads and the "Why"
        return str(c["in_degree"])
    if component == "reach":
        return str(c["adopters"])
    if c["practices_measured"] is None:
        return "—"
    return f"{c['practices_positive']} / {c['practices_measured']}"


def _component(key: str, label: str, note: str, priority: Priority) -> Column[Row]:
    def value(row: Row) -> Any:
        return sort_value(row, key)

    def text(row: Row) -> str:
        return _text(row, key)

    def title(row: Row) -> str:
        return str(row["why"][key])

    return Column(
        key,
        label,
        value,
        text=text,
        note=note,
        numeric=True,
        priority=priority,
        cell="leaders/_cell_component.html",
        title=title,
        export=False,
    )


def _raw(key: str, label: str, path: tuple[str, str]) -> Column[Row]:
    def value(row: Row) -> Any:
        return _number(row, path)

    return Column(key, label, value, numeric=True, shown=False)


def has_record(row: Row) -> bool:
    """Whether anything about the person is recorded: a practice shared, help given or thanked,
    someone who learned from them, an adopter, or a measured practice."""
    c = row["components"]
    return any(
        (
            c["contribution"]["practices_shared"],
            c["help"]["help_given"],
            c["help"]["kudos_for_help_received"],
            c["network"]["in_degree"],
            c["reach"]["adopters"],
            c["impact"]["practices_measured"],
        )
    )


def leaders_table() -> Table[Row]:
    return Table(
        name="leaders-table",
        caption="Reps and managers with their five components side by side",
        columns=(
            Column(
                "name",
                "Person",
                lambda r: r["name"],
                cell="leaders/_cell_person.html",
                link=lambda r: reverse("leaders_person", args=[r["person_id"]]),
            ),
            Column("team", "Team", lambda r: r.get("team") or None, shown=False),
            Column("role", "Role", lambda r: r.get("role") or None, shown=False),
            *(_component(*component) for component in COMPONENTS),
            *(_raw(*raw) for raw in RAW),
            Column(
                "score",
                "Score",
                lambda r: r["score"],
                text=lambda r: f"{r['score']:.1f}",
                note="sort key",
                numeric=True,
                title=lambda _: "",
            ),
        ),
        default_sort="score",
        search=lambda r: f"{r['name']} {r.get('team') or ''}",
        search_label="Find a person or a team",
        row_attrs=lambda r: {"data-person": str(r["person_id"])},
        empty="Nobody in your part of the organisation yet.",
        download="leaders_download",
    )
