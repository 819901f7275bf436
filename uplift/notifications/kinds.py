"""What Uplift tells people about, declared once: each kind's name in the preferences, what it
covers, and how it reaches someone who has not chosen (`default`).

Every kind is always shown in Uplift (the bell and the notifications page); a person chooses per
kind whether it is also e-mailed straight away, gathered into one e-mail a day, or not e-mailed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "E-mail straight away"
    DIGEST = "digest", "In the daily e-mail"
    OFF = "off", "In Uplift only"


class Kind(models.TextChoices):
    KUDOS = "kudos", "Kudos for you"
    KUDOS_RESPONSE = "kudos_response", "Reactions and comments on your kudos"
    SPOTLIGHT = "spotlight", "Spotlights on you"
    BADGE = "badge", "Badges you earn"
    RATING_INVITATION = "rating_invitation", "Role plays to score"
    COACHING_SESSION = "coaching_session", "Coaching sessions booked with you"
    PRACTICE_REVIEW = "practice_review", "Practices to review as sponsor"
    PRACTICE_DECISION = "practice_decision", "Your practices approved or sent back"
    DEBRIEF_SCHEDULED = "debrief_scheduled", "Debriefs you take part in"
    MILESTONE_OVERDUE = "milestone_overdue", "Overdue milestones"
    NOMINATION = "nomination", "Nominations for your award events"
    INITIATIVE_INVITATION = "initiative_invitation", "Invitations to partner in an initiative"
    COMMITMENT_DUE = "commitment_due", "Your commitments falling due"
    COMMITMENT_MISSED = "commitment_missed", "Commitments missed in initiatives you sponsor"


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    covers: str  # one line for the preferences page
    default: Delivery
    icon: str  # a Bootstrap icon name


SPECS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(Kind.KUDOS, "A colleague thanks you.", Delivery.DIGEST, "heart"),
        KindSpec(
            Kind.KUDOS_RESPONSE,
            "Colleagues react to or comment on kudos you received.",
            Delivery.OFF,
            "chat-heart",
        ),
        KindSpec(
            Kind.SPOTLIGHT, "A leader puts your work in the spotlight.", Delivery.DIGEST, "star"
        ),
        KindSpec(Kind.BADGE, "You are given a badge.", Delivery.DIGEST, "award"),
        KindSpec(
            Kind.RATING_INVITATION,
            "You are asked to score a colleague's role play.",
            Delivery.IMMEDIATE,
            "clipboard-check",
        ),
        KindSpec(
            Kind.COACHING_SESSION,
            "Someone books a coaching session with you.",
            Delivery.IMMEDIATE,
            "calendar-event",
        ),
        KindSpec(
            Kind.PRACTICE_REVIEW,
            "A practice card waits for your review as its sponsor.",
            Delivery.IMMEDIATE,
            "journal-check",
        ),
        KindSpec(
            Kind.PRACTICE_DECISION,
            "A card you wrote is approved or sent back to you.",
            Delivery.IMMEDIATE,
            "journal-bookmark",
        ),
        KindSpec(
            Kind.DEBRIEF_SCHEDULED,
            "A debrief is scheduled with you as the star or the interviewer.",
            Delivery.IMMEDIATE,
            "chat-square-quote",
        ),
        KindSpec(
            Kind.MILESTONE_OVERDUE,
            "A milestone on a development plan you own or lead is overdue.",
            Delivery.IMMEDIATE,
            "flag",
        ),
        KindSpec(
            Kind.NOMINATION,
            "Someone is nominated in an award event you run.",
            Delivery.DIGEST,
            "trophy",
        ),
        KindSpec(
            Kind.INITIATIVE_INVITATION,
            "A leader invites you to partner in a sharing initiative.",
            Delivery.IMMEDIATE,
            "people",
        ),
        KindSpec(
            Kind.COMMITMENT_DUE,
            "A commitment of yours ends soon and the records do not show it kept yet.",
            Delivery.IMMEDIATE,
            "hourglass-split",
        ),
        KindSpec(
            Kind.COMMITMENT_MISSED,
            "A partner's commitment ended without the records that keep it (sponsors only).",
            Delivery.IMMEDIATE,
            "exclamation-circle",
        ),
    )
}
