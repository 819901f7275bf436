"""Reads of the reactions and comments on kudos, for the feed and a kudos' own page: every
reaction of the fixed set with its count (zero included, so the buttons are always there),
whether the viewer gave it and who did, and the comments oldest first."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from uplift.orgs.models import Person
from uplift.recognition.models import KudosComment, KudosReaction

Kind = KudosReaction.Kind
# A Bootstrap icon for each reaction, in the order the buttons are shown.
REACTION_ICONS: dict[str, str] = {
    Kind.THANKS: "hand-thumbs-up",
    Kind.APPLAUSE: "trophy",
    Kind.LEARNED: "lightbulb",
    Kind.HEART: "heart",
}
NAMES_SHOWN = 8


@dataclass(frozen=True)
class ReactionCount:
    kind: str
    label: str
    icon: str
    count: int
    mine: bool
    names: tuple[str, ...]  # who reacted, the first NAMES_SHOWN

    @property
    def who(self) -> str:
        """ "Ann Test, Bob Test and 3 more" (for the button's title)."""
        more = self.count - len(self.names)
        return ", ".join(self.names) + (f" and {more} more" if more > 0 else "")


@dataclass(frozen=True)
class KudosResponses:
    kudos_id: int
    reactions: tuple[ReactionCount, ...]
    comments: tuple[KudosComment, ...]

    @property
    def reacted(self) -> int:
        return sum(r.count for r in self.reactions)


def kudos_responses(*, kudos_ids: Iterable[int], viewer: Person) -> dict[int, KudosResponses]:
    """The reactions and comments of each listed kudos (the caller fetched the kudos through
    `uplift.recognition.access`), in two queries."""
    ids = list(kudos_ids)
    people: dict[tuple[int, str], list[str]] = defaultdict(list)
    mine: set[tuple[int, str]] = set()
    reactions = (
        KudosReaction.objects.filter(kudos_id__in=ids)
        .select_related("person")
        .order_by("created_at", "id")
    )
    for reaction in reactions:
        people[(reaction.kudos_id, reaction.kind)].append(reaction.person.full_name)
        if reaction.person_id == viewer.pk:
            mine.add((reaction.kudos_id, reaction.kind))
    comments: dict[int, list[KudosComment]] = defaultdict(list)
    for comment in (
        KudosComment.objects.filter(kudos_id__in=ids)
        .select_related("author")
        .order_by("created_at", "id")
    ):
        comments[comment.kudos_id].append(comment)
    return {
        kudos_id: KudosResponses(
            kudos_id=kudos_id,
            reactions=tuple(
                ReactionCount(
                    kind=kind,
                    label=str(Kind(kind).label),
                    icon=icon,
                    count=len(people[(kudos_id, kind)]),
                    mine=(kudos_id, kind) in mine,
                    names=tuple(people[(kudos_id, kind)][:NAMES_SHOWN]),
                )
                for kind, icon in REACTION_ICONS.items()
            ),
            comments=tuple(comments[kudos_id]),
        )
        for kudos_id in ids
    }


def kudos_reactions_of(*, kudos_id: int) -> QuerySet[KudosReaction]:
    """Every reaction to one kudos with who gave it (the caller fetched the kudos through
    `uplift.recognition.access`), oldest first."""
    return (
        KudosReaction.objects.filter(kudos_id=kudos_id)
        .select_related("person")
        .order_by("created_at", "id")
    )


def kudos_comments_of(*, kudos_id: int) -> QuerySet[KudosComment]:
    """Every comment under one kudos with its author, oldest first (as the kudos' page shows
    them)."""
    return (
        KudosComment.objects.filter(kudos_id=kudos_id)
        .select_related("author")
        .order_by("created_at", "id")
    )
