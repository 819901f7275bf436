"""Practice cards for tests, made through the services people use."""

from __future__ import annotations

from typing import Any

from uplift.orgs.models import Person
from uplift.practices.card_fields import CardContent
from uplift.practices.models import Practice
from uplift.practices.services import practice_approve, practice_draft_create, practice_submit

MEETINGS = {
    "behavior": "meetings_per_opportunity",
    "label": "Meetings per opportunity",
    "star": 3.4,
    "core": 2.1,
    "effect_size": 0.82,
    "q_value": 0.004,
}


def draft(author: Person, title: str = "Mutual close plan", **fields: Any) -> Practice:
    """A draft by `author`; `fields` holds any of the card's content fields, `contributors` and
    `evidence`."""
    fields.setdefault("problem", "Deals slip at the end of the quarter because no date is shared.")
    fields.setdefault("steps", "Agree the go-live date\nWork back the steps\nShare the plan")
    fields.setdefault("stage_tags", ["closing"])
    fields.setdefault("competency_tags", ["closing", "negotiation"])
    assert author.organisation is not None
    return practice_draft_create(
        organisation=author.organisation,
        author=author,
        content=CardContent.from_mapping({**fields, "title": title}),
        contributors=fields.get("contributors", ()),
        evidence=fields.get("evidence", [MEETINGS]),
    )


def approved(
    author: Person, sponsor: Person, title: str = "Mutual close plan", **fields: Any
) -> Practice:
    card = draft(author, title, **fields)
    practice_submit(practice=card, actor=author, sponsor=sponsor)
    return practice_approve(practice=card, actor=sponsor)
