"""API: Kudos, spotlights, points, badges and leaderboards."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from uplift.api.calls import caller
from uplift.api.pagination import (
    MAX_LIMIT,
    Order,
    PageOut,
    PageQuery,
    key_from_cursor,
    page_of,
    paginated,
)
from uplift.api.schemas import ErrorOut, Id, InputSchema, PersonRef, Text
from uplift.api.security import api_rule, rate_limit
from uplift.core.refusals import NotFound
from uplift.orgs import access
from uplift.practices.access import access_cited_practice
from uplift.recognition import access as recognition_access
from uplift.recognition import leaderboards, selectors
from uplift.recognition.badges import badges_ensure
from uplift.recognition.ledger import points_entry_reverse
from uplift.recognition.models import (
    KUDOS_COMMENT_MAX,
    KUDOS_MESSAGE_MAX,
    SPOTLIGHT_MESSAGE_MAX,
    Badge,
    Kudos,
    KudosComment,
    KudosReaction,
    PointsEntry,
    PointsRule,
    Spotlight,
)
from uplift.recognition.responses import kudos_comments_of, kudos_reactions_of
from uplift.recognition.rules import points_rule_update, points_rules_ensure
from uplift.recognition.services import (
    kudos_comment_create,
    kudos_give,
    kudos_reaction_add,
    kudos_reaction_remove,
    recognition_sync,
    spotlight_post,
)

router = Router(tags=["Recognition"])


class KudosIn(InputSchema):
    receiver_id: int
    message: str = Field(max_length=KUDOS_MESSAGE_MAX)
    reason: Literal["general", "practice", "coaching", "role_play", "help"] = "general"
    practice_id: int | None = None
    session_id: int | None = Field(None, description="The coaching session or role play thanked.")
    help_description: str = Field("", max_length=200)


class KudosOut(Schema):
    id: int
    giver: PersonRef
    receiver: PersonRef
    message: str
    reason: str
    practice_id: int | None
    session_id: int | None
    help_description: str
    created_at: datetime


ReactionKind = Literal["thanks", "applause", "learned", "heart"]


class KudosReactionIn(InputSchema):
    kind: ReactionKind = Field(
        description="thanks (Thanks), applause (Well deserved), learned (Learned from it), "
        "heart (Love it)."
    )


class KudosReactionOut(Schema):
    id: int
    kudos_id: int
    kind: str
    label: str = Field(description="The reaction's words, as the kudos' page shows them.")
    person: PersonRef
    created_at: datetime


class KudosCommentIn(InputSchema):
    body: str = Field(max_length=KUDOS_COMMENT_MAX)


class KudosCommentOut(Schema):
    id: int
    kudos_id: int
    author: PersonRef
    body: str
    created_at: datetime


class SpotlightIn(InputSchema):
    contributor_id: int
    message: str = Field(max_length=SPOTLIGHT_MESSAGE_MAX)
    practice_id: int | None = None


class SpotlightOut(Schema):
    id: int
    author: PersonRef
    contributor: PersonRef
    practice_id: int | None
    message: str
    evidence: dict[str, Any] = Field(
        description="practice (title, adopted_by_others, impact rows or impact_status 'not "
        "measured yet'), coaching_given, role_plays_partnered; captured when posted."
    )
    created_at: datetime


class FeedItemOut(Schema):
    kind: Literal["kudos", "spotlight"]
    at: datetime
    kudos: KudosOut | None = None
    spotlight: SpotlightOut | None = None


class EntryOut(Schema):
    id: int
    points: int
    event: str
    reason: str
    occurred_on: date
    reverses_id: int | None


class PointsOut(Schema):
    balance: int = Field(description="The sum of the person's ledger entries.")
    entries: list[EntryOut]


class BoardRowOut(Schema):
    rank: int
    person_id: int
    name: str
    team: str
    value: float
    detail: str


class BoardOut(PageOut):
    board: str
    title: str
    unit: str
    explanation: str
    period: str
    team_id: int | None
    rows: list[BoardRowOut] = Field(description="One page, by rank (a tie by person).")


class RuleOut(Schema):
    id: int
    event: str
    points: int
    recipient: str
    cap: int | None
    cap_period: str
    dedup_template: str
    active: bool


class RuleIn(InputSchema):
    points: int = Field(ge=-1000, le=1000)
    recipient: Literal["actor", "contributors", "receiver"]
    cap: int | None = Field(None, ge=1, le=1000)
    cap_period: Literal["day", "week", "month"] = "month"
    dedup_template: str = Field(max_length=200)
    active: bool = True


class ReverseIn(InputSchema):
    reason: str = Field(max_length=300)


class SyncOut(Schema):
    facts: int
    appended: int
    capped: int
    badges_awarded: int


class BadgeLevelOut(Schema):
    id: int
    name: str
    rank: int
    threshold: int


class BadgeOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    measure: str
    levels: list[BadgeLevelOut]


def _kudos(k: Kudos) -> dict[str, Any]:
    return {
        "id": k.pk,
        "giver": k.giver,
        "receiver": k.receiver,
        "message": k.message,
        "reason": k.reason,
        "practice_id": k.practice_id,
        "session_id": k.session_id,
        "help_description": k.help_description,
        "created_at": k.created_at,
    }


def _reaction(r: KudosReaction) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kudos_id": r.kudos_id,
        "kind": r.kind,
        "label": str(KudosReaction.Kind(r.kind).label),
        "person": r.person,
        "created_at": r.created_at,
    }


def _spotlight(s: Spotlight) -> dict[str, Any]:
    return {
        "id": s.pk,
        "author": s.author,
        "contributor": s.contributor,
        "practice_id": s.practice_id,
        "message": s.message,
        "evidence": s.evidence,
        "created_at": s.created_at,
    }


# Newest first; a kudos and a spotlight of the same instant in a fixed order.
FEED_ORDER = ("-at", "kind", "-record.pk")
# The rows of the feed read again at the instant of a page's last one (the cursor skips those
# shown): room for that many of them.
SAME_INSTANT = 100


def _feed_item(item: selectors.FeedItem) -> dict[str, Any]:
    record = item.record
    shown = _kudos(record) if isinstance(record, Kudos) else _spotlight(record)
    return {"kind": item.kind, "at": item.at, item.kind: shown}


SIGNED_IN, LEADERS, ADMINS = (
    api_rule(r) for r in (access.SIGNED_IN, access.LEADERS, access.ADMINS)
)


@router.get(
    "/recognition/feed",
    response={200: list[FeedItemOut], 404: ErrorOut},
    auth=SIGNED_IN,
    summary="The organisation's kudos and spotlights, newest first",
)
@paginated(
    order=FEED_ORDER,
    shape=_feed_item,
    pass_parameter="page",  # noqa: S106  (the argument that receives the page asked for)
)
def feed(
    request: HttpRequest,
    team_id: Id | None = None,
    before: datetime | None = None,
    **kwargs: Any,
) -> list[selectors.FeedItem]:
    viewer = caller(request)
    organisation = access.viewer_organisation(viewer)
    team = recognition_access.access_feed_team(viewer, team_id) if team_id else None
    page: PageQuery = kwargs["page"]
    if page.cursor:  # from the instant of the last row shown, which the cursor then skips
        shown = datetime.fromisoformat(key_from_cursor(Order(FEED_ORDER), page.cursor)[0])
        shown += timedelta(microseconds=1)
        before = shown if before is None else min(before, shown)
    return selectors.feed_items(
        viewer=viewer,
        organisation=organisation,
        team=team,
        before=before,
        size=min(page.limit, MAX_LIMIT) + 1 + SAME_INSTANT,
    )


@router.post(
    "/recognition/kudos",
    response={201: KudosOut, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    throttle=rate_limit("kudos"),
    summary="Give kudos to a colleague",
)
def kudos_create(request: HttpRequest, payload: KudosIn) -> Status[dict[str, Any]]:
    viewer = caller(request)
    receiver = access.access_colleague(viewer, payload.receiver_id)
    practice = access_cited_practice(viewer, payload.practice_id) if payload.practice_id else None
    kudos = kudos_give(
        giver=viewer,
        receiver=receiver,
        message=payload.message,
        reason=payload.reason,
        practice=practice,
        session_id=payload.session_id,
        help_description=payload.help_description,
    )
    return Status(201, _kudos(kudos))


@router.get(
    "/recognition/kudos/{kudos_id}",
    response={200: KudosOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="One kudos of your organisation",
)
def kudos_get(request: HttpRequest, kudos_id: Id) -> dict[str, Any]:
    return _kudos(recognition_access.access_kudos(caller(request), kudos_id))


# --- Reactions and comments: whoever sees the kudos (everyone in its organisation) ------------


@router.get(
    "/recognition/kudos/{kudos_id}/reactions",
    response={200: list[KudosReactionOut], 404: ErrorOut},
    auth=SIGNED_IN,
    summary="A kudos' reactions and who gave them, oldest first",
)
@paginated(order=("created_at", "id"), shape=_reaction)
def kudos_reaction_list(request: HttpRequest, kudos_id: Id) -> QuerySet[KudosReaction]:
    kudos = recognition_access.access_kudos(caller(request), kudos_id)
    return kudos_reactions_of(kudos_id=kudos.pk)


@router.post(
    "/recognition/kudos/{kudos_id}/reactions",
    response={200: KudosReactionOut, 201: KudosReactionOut, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    throttle=rate_limit("comments"),
    summary="React to a kudos (201; 200 when you had given this reaction already)",
)
def kudos_reaction_create(
    request: HttpRequest, kudos_id: Id, payload: KudosReactionIn
) -> Status[dict[str, Any]]:
    viewer = caller(request)
    kudos = recognition_access.access_kudos(viewer, kudos_id)
    reaction, new = kudos_reaction_add(kudos=kudos, person=viewer, kind=payload.kind)
    return Status(201 if new else 200, _reaction(reaction))


@router.delete(
    "/recognition/kudos/{kudos_id}/reactions/{kind}",
    response={204: None, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="Take back your own reaction to a kudos (404 when you had not given it)",
)
def kudos_reaction_delete(request: HttpRequest, kudos_id: Id, kind: ReactionKind) -> Status[None]:
    viewer = caller(request)
    kudos = recognition_access.access_kudos(viewer, kudos_id)
    if not kudos_reaction_remove(kudos=kudos, person=viewer, kind=kind):
        raise NotFound(f"You have not reacted “{kind}” to this kudos.", field="kind")
    return Status(204, None)


@router.get(
    "/recognition/kudos/{kudos_id}/comments",
    response={200: list[KudosCommentOut], 404: ErrorOut},
    auth=SIGNED_IN,
    summary="The comments under a kudos, oldest first",
)
@paginated(order=("created_at", "id"))
def kudos_comment_list(request: HttpRequest, kudos_id: Id) -> QuerySet[KudosComment]:
    kudos = recognition_access.access_kudos(caller(request), kudos_id)
    return kudos_comments_of(kudos_id=kudos.pk)


@router.post(
    "/recognition/kudos/{kudos_id}/comments",
    response={201: KudosCommentOut, 400: ErrorOut, 404: ErrorOut},
    auth=SIGNED_IN,
    throttle=rate_limit("comments"),
    summary="Comment on a kudos (its receiver is told)",
)
def kudos_comment_add(
    request: HttpRequest, kudos_id: Id, payload: KudosCommentIn
) -> Status[KudosComment]:
    viewer = caller(request)
    kudos = recognition_access.access_kudos(viewer, kudos_id)
    return Status(201, kudos_comment_create(kudos=kudos, author=viewer, body=payload.body))


@router.post(
    "/recognition/spotlights",
    response={201: SpotlightOut, 400: ErrorOut, 404: ErrorOut},
    auth=LEADERS,
    summary="Post a spotlight on a contributor, with its evidence",
)
def spotlight_create(request: HttpRequest, payload: SpotlightIn) -> Status[dict[str, Any]]:
    viewer = caller(request)
    contributor = access.access_colleague(viewer, payload.contributor_id)
    practice = access_cited_practice(viewer, payload.practice_id) if payload.practice_id else None
    spotlight = spotlight_post(
        author=viewer, contributor=contributor, message=payload.message, practice=practice
    )
    return Status(201, _spotlight(spotlight))


@router.get(
    "/recognition/spotlights/{spotlight_id}",
    response={200: SpotlightOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="One spotlight of your organisation",
)
def spotlight_get(request: HttpRequest, spotlight_id: Id) -> dict[str, Any]:
    spotlight = recognition_access.access_spotlight(caller(request), spotlight_id)
    return _spotlight(selectors.spotlight_with_latest_impact(spotlight=spotlight))


@router.get(
    "/recognition/points/me",
    response=PointsOut,
    auth=SIGNED_IN,
    summary="Your points balance and latest ledger entries",
)
def points_me(request: HttpRequest) -> dict[str, Any]:
    summary = selectors.points_summary(person=caller(request), entries=200)
    return {"balance": summary.balance, "entries": summary.entries}


@router.get(
    "/recognition/leaderboards/{board}",
    response={200: BoardOut, 404: ErrorOut},
    auth=SIGNED_IN,
    summary="A contribution leaderboard (revenue only when turned on)",
)
def leaderboard_get(
    request: HttpRequest,
    board: Text,
    page: Query[PageQuery],
    period: Text = leaderboards.DEFAULT_PERIOD,
    team_id: Id | None = None,
) -> dict[str, Any]:
    viewer = caller(request)
    organisation = access.viewer_organisation(viewer)
    team = recognition_access.access_feed_team(viewer, team_id) if team_id else None
    result = leaderboards.leaderboard(
        organisation=organisation, kind=board, period=period, team=team
    )
    found = page_of(request, result.rows, order=Order(("rank", "person_id")), query=page)
    return {
        "board": result.kind.key,
        "title": result.kind.title,
        "unit": result.kind.unit,
        "explanation": result.kind.explanation,
        "period": result.period,
        "team_id": team.pk if team else None,
        "rows": found.items,
        "next": found.next,
        "limit": found.limit,
    }


def _badge(b: Badge) -> dict[str, Any]:
    return {
        "id": b.pk,
        "slug": b.slug,
        "name": b.name,
        "description": b.description,
        "measure": b.measure,
        "levels": list(b.levels.all()),
    }


@router.get(
    "/recognition/badges",
    response=list[BadgeOut],
    auth=SIGNED_IN,
    summary="The organisation's badges and their levels",
)
@paginated(order=("name", "id"), shape=_badge)
def badges_list(request: HttpRequest) -> list[Badge]:
    return badges_ensure(organisation=access.viewer_organisation(caller(request)))


@router.get(
    "/recognition/rules",
    response=list[RuleOut],
    auth=ADMINS,
    summary="The points rules (stored as data)",
)
@paginated(order=("event", "id"))
def rules_list(request: HttpRequest) -> list[PointsRule]:
    return points_rules_ensure(organisation=access.viewer_organisation(caller(request)))


@router.put(
    "/recognition/rules/{rule_id}",
    response={200: RuleOut, 400: ErrorOut, 404: ErrorOut},
    auth=ADMINS,
    summary="Change a points rule",
)
def rule_update(request: HttpRequest, rule_id: Id, payload: RuleIn) -> PointsRule:
    rule = recognition_access.access_points_rule(caller(request), rule_id)
    return points_rule_update(rule=rule, **payload.dict())


@router.post(
    "/recognition/ledger/sync",
    response=SyncOut,
    auth=ADMINS,
    summary="Append the points and badges the records earn (idempotent)",
)
def ledger_sync_now(request: HttpRequest) -> dict[str, int]:
    result = recognition_sync(organisation=access.viewer_organisation(caller(request)))
    return {
        "facts": result.ledger.facts,
        "appended": result.ledger.appended,
        "capped": result.ledger.capped,
        "badges_awarded": result.badges_awarded,
    }


@router.post(
    "/recognition/ledger/{entry_id}/reverse",
    response={201: EntryOut, 400: ErrorOut, 404: ErrorOut},
    auth=ADMINS,
    summary="Reverse a ledger entry with a new entry of the opposite sign",
)
def entry_reverse(request: HttpRequest, entry_id: Id, payload: ReverseIn) -> Status[PointsEntry]:
    viewer = caller(request)
    entry = recognition_access.access_points_entry(viewer, entry_id)
    return Status(201, points_entry_reverse(entry=entry, by=viewer, reason=payload.reason))
