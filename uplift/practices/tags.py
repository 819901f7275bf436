"""The agreed tag vocabularies: competencies (the default framework's slugs) and sales stages."""

from __future__ import annotations

COMPETENCY_TAGS: dict[str, str] = {
    "prospecting": "Prospecting",
    "discovery": "Discovery",
    "qualification": "Qualification",
    "presentation": "Presentation",
    "objection_handling": "Objection handling",
    "negotiation": "Negotiation",
    "closing": "Closing",
    "account_growth": "Account growth",
}

STAGE_TAGS: dict[str, str] = {
    "prospecting": "Prospecting",
    "discovery": "Discovery",
    "qualification": "Qualification",
    "proposal": "Proposal",
    "negotiation": "Negotiation",
    "closing": "Closing",
    "expansion": "Expansion",
}


def competency_label(slug: str) -> str:
    return COMPETENCY_TAGS.get(slug, slug.replace("_", " ").capitalize())


def stage_label(slug: str) -> str:
    return STAGE_TAGS.get(slug, slug.replace("_", " ").capitalize())
