"""What the future-leaders pages show, shaped from the stored `leaders` snapshot and the records
behind one person's numbers. Only the people in the leader's part of the organisation appear;
percentiles stay organisation-wide (they were computed so)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.behaviour.wording import ordinal
from uplift.awards import records
from uplift.core.plain_words import standing_reading
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import leaders_of
from uplift.insights.snapshots.impact_documents import LeadersDocument
from uplift.orgs.access import private_person_ids_visible, viewer_organisation
from uplift.orgs.models import Person

SORTS = ("score", "contribution", "help", "network", "reach", "impact", "name")
CHART_SIZE = (760, 420)
CHART_PAD = 28
LABELLED = 6  # the top people by score are named on the chart


def _pct(value: float | None) -> str:
    """A share of the organisation (0-1) as a percentile: ``85th``."""
    return "—" if value is None else ordinal(value * 100)


def _standing(share: float | None) -> str:
    """A share of the organisation (0-1) in words: "among the highest", "around the middle"."""
    return standing_reading(None if share is None else share * 100).words


def sort_value(row: dict[str, Any], key: str) -> float | str:
    c = row["components"]
    values: dict[str, float | str] = {
        "score": row["score"],
        "contribution": c["contribution"]["practices_shared"]
        + c["contribution"]["practices_approved"],
        "help": c["help"]["help_given"] + c["help"]["kudos_for_help_received"],
        "network": c["network"]["pagerank"],
        "reach": c["reach"]["adopters"],
        "impact": c["impact"]["practices_positive"] or 0,
        "name": row["name"].casefold(),
    }
    return values[key]


def explain(row: dict[str, Any], n_people: int) -> dict[str, str]:
    """One sentence per component: the number, where it comes from, its percentile."""
    c = row["components"]
    contribution, helped, network = c["contribution"], c["help"], c["network"]
    reach, impact = c["reach"], c["impact"]
    texts = {
        "contribution": (
            f"Contributor on {contribution['practices_shared']} shared practice(s) in the library, "
            f"{contribution['practices_approved']} of them approved; drafts are not counted."
        ),
        "help": (
            f"{helped['coaching_given']} coaching session(s) given, "
            f"{helped['role_plays_partnered']} role play(s) partnered and "
            f"{helped.get('mentoring_given', 0)} mentoring check-in(s) for someone else, for "
            f"{helped['people_helped']} colleague(s); thanked {helped['kudos_for_help_received']} "
            "time(s) with kudos for help."
        ),
        "network": (
            f"{network['in_degree']} colleague(s) learned from them (were helped or adopted their "
            f"practice); in who learns from whom they are "
            f"{_standing(network.get('percentile'))}. In numbers: PageRank "
            f"{network['pagerank']:.3f}, their weight in who-learns-from-whom (all {n_people} "
            f"people sum to 1); betweenness {network['betweenness']:.3f}, how often they sit on "
            "the shortest path between two others."
        ),
        "reach": (
            f"{reach['adopters']} distinct colleague(s), other than the practices' contributors, "
            "practise or have made habitual a practice they contributed."
        ),
        "impact": (
            "No practice impact measured yet."
            if impact["practices_measured"] is None
            else f"{impact['practices_measured']} of their practices have a measured effect on "
            f"adopters' results; {impact['practices_positive']} with a 95% interval above zero."
        ),
    }
    credited = impact.get("credited_value") or {}
    if credited.get("currency"):
        cash = credited["currency"]
        texts["impact"] += (
            f" Credited share of the measured value: {cash['value']:,.0f} "
            f"(95% interval {cash['ci'][0]:,.0f} to {cash['ci'][1]:,.0f}) over the next year."
        )
    for name, text in list(texts.items()):
        percentile = c[name].get("percentile")
        if percentile is not None:
            texts[name] = f"{text} {_pct(percentile)} percentile in the organisation."
    return texts


@dataclass
class LeadersBoard:
    as_of: str
    rows: list[dict[str, Any]]
    sort: str
    descending: bool
    notes: list[str]
    score_rule: str
    impact_measured: bool
    counts: dict[str, Any]
    chart: dict[str, Any] = field(default_factory=dict)
    hidden: int = 0


def _document(viewer: Person) -> LeadersDocument | None:
    return leaders_of(analysis_latest(organisation=viewer_organisation(viewer)))


def _chart(doc: LeadersDocument, scope: set[int], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """An SVG-ready drawing of who learns from whom inside the viewer's scope."""
    width, height = CHART_SIZE
    nodes = [n for n in doc.network["nodes"] if n["person_id"] in scope]
    ids = {n["person_id"] for n in nodes}
    top = {r["person_id"] for r in sorted(rows, key=lambda r: -r["score"])[:LABELLED]}
    in_degree = {r["person_id"]: r["components"]["network"]["in_degree"] for r in rows}
    placed: dict[int, dict[str, Any]] = {}
    for node in nodes:
        placed[node["person_id"]] = {
            "id": node["person_id"],
            "name": node["name"],
            "x": round(CHART_PAD + node["x"] * (width - 2 * CHART_PAD), 1),
            "y": round(CHART_PAD + node["y"] * (height - 2 * CHART_PAD), 1),
            "r": round(4 + 2.2 * math.sqrt(in_degree.get(node["person_id"], 0)), 1),
            "top": node["person_id"] in top,
        }
    edges = []
    for edge in doc.network["edges"]:
        if edge["source"] in ids and edge["target"] in ids:
            a, b = placed[edge["source"]], placed[edge["target"]]
            length = math.hypot(b["x"] - a["x"], b["y"] - a["y"]) or 1.0
            shorten = b["r"] + 3  # stop the arrow at the target's circle
            edges.append(
                {
                    "x1": a["x"],
                    "y1": a["y"],
                    "x2": round(b["x"] - (b["x"] - a["x"]) * shorten / length, 1),
                    "y2": round(b["y"] - (b["y"] - a["y"]) * shorten / length, 1),
                    "weight": edge["weight"],
                    "width": round(min(1 + 0.6 * edge["weight"], 4), 1),
                }
            )
    return {"width": width, "height": height, "nodes": list(placed.values()), "edges": edges}


def leaders_board(
    *, viewer: Person, sort: str = "score", descending: bool = True
) -> LeadersBoard | None:
    doc = _document(viewer)
    if doc is None:
        return None
    scope = private_person_ids_visible(viewer)
    rows = [
        {**r, "org_rank": rank}
        for rank, r in enumerate(doc.leaders, start=1)
        if r["person_id"] in scope
    ]
    n_people = doc.counts["people"]
    for row in rows:
        row["why"] = explain(row, n_people)
    sort = sort if sort in SORTS else "score"
    rows.sort(key=lambda r: sort_value(r, sort), reverse=descending)
    return LeadersBoard(
        as_of=doc.as_of,
        rows=rows,
        sort=sort,
        descending=descending,
        notes=list(doc.notes),
        score_rule=doc.score_rule,
        impact_measured=doc.impact_measured,
        counts=dict(doc.counts),
        chart=_chart(doc, scope, rows),
        hidden=len(doc.leaders) - len(rows),
    )


@dataclass
class PersonEvidence:
    person: Person
    row: dict[str, Any] | None
    why: dict[str, str]
    practices: list[dict[str, Any]]
    helped: list[dict[str, Any]]
    thanked: list[dict[str, Any]]
    points: int | None
    notes: list[str]


def leader_person(*, viewer: Person, person: Person) -> PersonEvidence:
    """The evidence behind one person's components (the person is already in the viewer's scope)."""
    doc = _document(viewer)
    row = next(
        (
            {**r, "org_rank": rank}
            for rank, r in enumerate(doc.leaders if doc else (), start=1)
            if r["person_id"] == person.pk
        ),
        None,
    )
    organisation = viewer_organisation(viewer)
    names = dict(Person.objects.filter(organisation=organisation).values_list("id", "full_name"))
    practices = [
        {
            "title": p.title,
            "status": p.status,
            "approved": p.approved,
            "adopters": sorted(names.get(a, "?") for a in p.adopters_other_than_contributors()),
            "co_contributors": sorted(
                names.get(c, "?") for c in p.contributor_ids if c != person.pk
            ),
        }
        for p in records.practice_records(organisation=organisation)
        if person.pk in p.contributor_ids and p.shared
    ]
    visible = private_person_ids_visible(viewer)
    helps = [h for h in records.help_records(organisation=organisation) if h.helper_id == person.pk]
    helped = [
        {
            "kind": h.kind,
            "on": h.on,
            "label": h.label
            if h.helped_id in visible
            else ("Coaching session" if h.kind == "coaching" else "Role play") + " for a colleague",
        }
        for h in sorted(helps, key=lambda h: (h.on is None, h.on), reverse=True)
        if h.kind != "kudos"
    ]
    thanked = [{"on": h.on, "label": h.label} for h in helps if h.kind == "kudos"]
    return PersonEvidence(
        person=person,
        row=row,
        why=explain(row, doc.counts["people"]) if doc and row else {},
        practices=practices,
        helped=helped,
        thanked=thanked,
        points=records.points_total(organisation=organisation, person_id=person.pk),
        notes=list(doc.notes) if doc else [],
    )


def component_cards(evidence: PersonEvidence) -> list[tuple[str, str, dict[str, str]]]:
    """(key, label, {main, why}) for the five components of one person."""
    if evidence.row is None:
        return []
    c = evidence.row["components"]
    impact = c["impact"]
    mains = {
        "contribution": f"{c['contribution']['practices_shared']} / "
        f"{c['contribution']['practices_approved']}",
        "help": f"{c['help']['help_given']} · {c['help']['kudos_for_help_received']}",
        "network": f"{c['network']['in_degree']}",
        "reach": f"{c['reach']['adopters']}",
        "impact": "—"
        if impact["practices_measured"] is None
        else f"{impact['practices_positive']} / {impact['practices_measured']}",
    }
    labels = {
        "contribution": "practices shared / approved",
        "help": "help given · thanked for help",
        "network": "colleagues learned from them",
        "reach": "colleagues adopted their practices",
        "impact": "practices clearly positive / measured",
    }
    return [(k, labels[k], {"main": mains[k], "why": evidence.why[k]}) for k in mains]
