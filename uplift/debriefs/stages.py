"""The sales stages a debrief guide is organised by (the agreed practice stage tags)."""

from __future__ import annotations

STAGES: dict[str, str] = {
    "prospecting": "Prospecting",
    "discovery": "Discovery",
    "qualification": "Qualification",
    "proposal": "Proposal",
    "negotiation": "Negotiation",
    "closing": "Closing",
    "expansion": "Expansion",
}


def stage_label(slug: str) -> str:
    return STAGES.get(slug, slug.replace("_", " ").capitalize())
