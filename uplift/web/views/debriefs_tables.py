"""The star profiles list as a table: each star the viewer may see, what stands out about them
and their debriefs (declared once; the page and its downloads draw it)."""

from __future__ import annotations

from django.urls import reverse

from uplift.debriefs.selectors import StarRow
from uplift.insights.snapshots.documents import StandingItem
from uplift.presenters.star_profiles import StarComparison
from uplift.web.tables import Column, Priority, Table


def _standing(items: list[StandingItem]) -> str:
    return "; ".join(
        f"{item.get('direction') or ''} {item.get('label') or ''}".strip() for item in items
    )


def stars_table(comparison: StarComparison | None = None) -> Table[StarRow]:
    """The stars as the latest analysis' `comparison` places them: when the export has none of
    the behaviours compared (no activities, contact roles...), no star reads as having "nothing
    distinctive"."""
    behaviours_measured = not (comparison and comparison.no_behaviour_measured)
    nothing = "nothing distinctive" if behaviours_measured else "not measured in this export"
    return Table(
        name="stars",
        caption="The stars whose profile you may see",
        columns=(
            Column(
                "star",
                "Star",
                lambda r: r.person.full_name,
                link=lambda r: reverse("star_profile", args=[r.person.pk]),
                cell="debriefs/_cell_star.html",
            ),
            Column(
                "team",
                "Team",
                lambda r: r.person.team.name if r.person.team else None,
                shown=False,
            ),
            Column(
                "distinctive",
                "What stands out",
                lambda r: _standing(r.distinctive) or (None if behaviours_measured else nothing),
                text=lambda r: _standing(r.distinctive[:3]) or nothing,
                sort=lambda r: len(r.distinctive),
                first_descending=True,
                cell="debriefs/_cell_stands_out.html" if behaviours_measured else "",
                priority=Priority.TABLET,
            ),
            Column(
                "unusual",
                "Unusual (weaker evidence)",
                lambda r: _standing(r.unusual) or None,
                shown=False,
            ),
            Column(
                "debriefs",
                "Debriefs",
                lambda r: r.debriefs,
                numeric=True,
                priority=Priority.TABLET,
            ),
            Column(
                "debrief",
                "Next step",
                lambda _: None,
                cell="debriefs/_cell_star_debrief.html",
                sortable=False,
                export=False,
                fold=False,
            ),
        ),
        default_sort="star",
        search=lambda r: f"{r.person.full_name} {r.person.team.name if r.person.team else ''}",
        search_label="Find a star or a team",
        row_attrs=lambda r: {"data-star": str(r.person.pk)},
        empty="No star whose profile you may see.",
        download="star_profiles_download",
    )
