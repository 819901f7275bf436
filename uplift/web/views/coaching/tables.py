"""The coaching cadence table: each coached rep, how often they were coached lately, the last
session and the next (declared once; the team calendar page and its downloads draw it)."""

from __future__ import annotations

import math

from django.urls import reverse
from django.utils import timezone

from uplift.coaching.selectors.sessions import CadenceRow
from uplift.web.tables import Column, Priority, Table, day_text


def _last_text(row: CadenceRow) -> str:
    if row.last_done is None:
        return "never"
    when = day_text(timezone.localtime(row.last_done))
    return f"{when} ({row.days_since_last} days ago)"


def _next_text(row: CadenceRow) -> str:
    if row.next_planned is None:
        return "not planned"
    return day_text(timezone.localtime(row.next_planned))


def cadence_table(window_days: int) -> Table[CadenceRow]:
    """Longest without coaching first: never coached, then the oldest last session."""
    return Table(
        name="cadence-table",
        caption="Coaching cadence of the reps you coach",
        columns=(
            Column(
                "person",
                "Person",
                lambda r: r.person.full_name,
                link=lambda r: reverse("person_detail", args=[r.person.pk]),
            ),
            Column(
                "team",
                "Team",
                lambda r: r.person.team.name if r.person.team else None,
                priority=Priority.TABLET,
            ),
            Column(
                "done",
                f"Done, last {window_days} days",
                lambda r: r.done_recently,
                numeric=True,
                first_descending=False,
                priority=Priority.TABLET,
            ),
            Column(
                "last",
                "Last session",
                lambda r: r.last_done,
                text=_last_text,
                sort=lambda r: r.last_done.timestamp() if r.last_done else -math.inf,
                cell="coaching/_cell_last_session.html",
                priority=Priority.TABLET,
            ),
            Column(
                "next",
                "Next planned",
                lambda r: r.next_planned,
                text=_next_text,
                priority=Priority.DESKTOP,
            ),
            Column(
                "actions",
                "Actions",
                lambda _: None,
                cell="coaching/_cell_cadence_actions.html",
                sortable=False,
                export=False,
                fold=False,
            ),
        ),
        default_sort="last",
        search=lambda r: f"{r.person.full_name} {r.person.team.name if r.person.team else ''}",
        search_label="Find a rep or a team",
        row_attrs=lambda r: {"data-person": str(r.person.pk)},
        empty="No rep is in your manager chain yet.",
        download="coaching_team_download",
    )
