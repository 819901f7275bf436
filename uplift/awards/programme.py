"""The printable programme of an event, with its citations: an A4 PDF rendered by WeasyPrint.

Once the event is decided the programme is the same for everyone: cover, categories, finalists
(the shortlist), winners with their citations and the evidence behind them. Before that, leaders
can print a draft that lists every nominee (marked as such)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from uplift.awards.models import AwardEvent, AwardWinner, Nomination
from uplift.awards.selectors import winner_evidence_public
from uplift.core.pdf import pdf_filename, pdf_from_html


@dataclass(frozen=True)
class ProgrammeCategory:
    name: str
    description: str
    nominees: list[dict[str, Any]]  # name, team, shortlisted
    winner: dict[str, Any] | None  # name, team, citation, evidence


def programme_context(*, event: AwardEvent) -> dict[str, Any]:
    evidence = winner_evidence_public(event=event) if event.is_decided else {}
    winners = {
        w.category_id: w
        for w in AwardWinner.objects.filter(category__event=event).select_related("nominee__team")
    }
    categories = []
    for category in event.categories.all():
        nominations = Nomination.objects.filter(category=category).select_related("nominee__team")
        if event.is_decided:
            nominations = nominations.filter(shortlisted=True)
        nominees: dict[int, dict[str, Any]] = {}
        for n in nominations.order_by("nominee__full_name"):
            entry = nominees.setdefault(
                n.nominee_id,
                {
                    "name": n.nominee.full_name,
                    "team": n.nominee.team.name if n.nominee.team else "",
                    "shortlisted": False,
                    "nominations": 0,
                },
            )
            entry["shortlisted"] = entry["shortlisted"] or n.shortlisted
            entry["nominations"] += 1
        winner = winners.get(category.pk) if event.is_decided else None
        categories.append(
            ProgrammeCategory(
                name=category.name,
                description=category.description,
                nominees=list(nominees.values()),
                winner=None
                if winner is None
                else {
                    "name": winner.nominee.full_name,
                    "team": winner.nominee.team.name if winner.nominee.team else "",
                    "citation": winner.citation,
                    "evidence": evidence.get(category.pk, []),
                },
            )
        )
    return {
        "event": event,
        "organisation": event.organisation,
        "categories": categories,
        "draft": not event.is_decided,
        "winner_count": sum(1 for c in categories if c.winner),
    }


def programme_pdf(*, event: AwardEvent) -> bytes:
    return pdf_from_html(render_to_string("awards/programme.html", programme_context(event=event)))


def programme_filename(event: AwardEvent) -> str:
    return pdf_filename(event.name, "programme")
