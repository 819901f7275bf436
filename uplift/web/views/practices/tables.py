"""The team adoption board as a table: each rep, and their stage with each approved practice
(a column a practice, its heading linking to the card; declared once for the page and its
downloads)."""

from __future__ import annotations

from django.urls import reverse

from uplift.practices.models import Practice
from uplift.practices.selectors import AdoptionBoard, BoardRow
from uplift.web.tables import Column, Priority, Table


def _practice_column(practice: Practice, priority: Priority) -> Column[BoardRow]:
    def stage(row: BoardRow) -> str | None:
        adoption = row.adoptions.get(practice.pk)
        return adoption.get_stage_display() if adoption else None

    def text(row: BoardRow) -> str:
        return stage(row) or "not planned"

    return Column(
        f"practice-{practice.pk}",
        practice.title,
        stage,
        text=text,
        sortable=False,
        priority=priority,
        cell="practices/_cell_adoption.html",
        header_link=reverse("practice_detail", args=[practice.pk]),
        data=practice,
    )


def adoption_table(board: AdoptionBoard) -> Table[BoardRow]:
    """The first practices show from 768 px, all of them from 1200 px; below, each rep's
    stages fold under their name."""
    return Table(
        name="adoption-board",
        caption="Each rep's stage with each approved practice",
        columns=(
            Column(
                "rep",
                "Rep",
                lambda r: r.person.full_name,
                cell="practices/_cell_board_rep.html",
                sort=lambda r: (r.person.full_name.casefold(), r.person.pk),
            ),
            Column(
                "team",
                "Team",
                lambda r: r.person.team.name if r.person.team else None,
                shown=False,
            ),
            *(
                _practice_column(p, Priority.TABLET if index < 2 else Priority.DESKTOP)
                for index, p in enumerate(board.practices)
            ),
        ),
        default_sort="",
        search=lambda r: f"{r.person.full_name} {r.person.team.name if r.person.team else ''}",
        search_label="Find a rep or a team",
        row_attrs=lambda r: {"data-rep": str(r.person.pk)},
        empty="No reps in your teams.",
        download="adoption_board_download",
    )
