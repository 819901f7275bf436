from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router

from uplift.api.pagination import paginated
from uplift.api.schemas import (
    ApiTokenOut,
    ErrorOut,
    Id,
    JobOut,
    MeOut,
    PersonOut,
    TeamDetailOut,
    TeamOut,
)
from uplift.api.security import api_rule
from uplift.orgs import access
from uplift.orgs.models import ApiToken, Person, Team
from uplift.orgs.selectors import api_tokens_of
from uplift.orgs.services import api_token_revoke
from uplift.web.navigation import HOME_BY_ROLE

router = Router(tags=["organisation"])


@router.get("/me", response=MeOut, auth=api_rule(access.SIGNED_IN), summary="Who am I")
def me(request: HttpRequest) -> dict[str, object]:
    person: Person = request.auth  # type: ignore[attr-defined]
    return {
        **PersonOut.from_orm(person).dict(),
        "organisation": str(person.organisation),
        "home": reverse(HOME_BY_ROLE[person.role]),
    }


@router.get(
    "/people",
    response=list[PersonOut],
    auth=api_rule(access.SIGNED_IN),
    summary="People whose private data you may see",
)
@paginated(order=("full_name", "id"))
def people_list(request: HttpRequest) -> QuerySet[Person]:
    return access.private_people_visible(request.auth)  # type: ignore[attr-defined]


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="One person in your scope",
)
def person_get(request: HttpRequest, person_id: Id) -> Person:
    return access.access_person(request.auth, person_id)  # type: ignore[attr-defined]


@router.get(
    "/teams",
    response=list[TeamOut],
    auth=api_rule(access.MANAGERS),
    summary="Teams you run or lead",
)
@paginated(order=("name", "id"))
def teams_list(request: HttpRequest) -> QuerySet[Team]:
    return access.teams_visible(request.auth)  # type: ignore[attr-defined]


@router.get(
    "/teams/{team_id}",
    response={200: TeamDetailOut, 404: ErrorOut},
    auth=api_rule(access.MANAGERS),
    summary="One team and its members",
)
def team_get(request: HttpRequest, team_id: Id) -> dict[str, object]:
    team = access.access_team(request.auth, team_id)  # type: ignore[attr-defined]
    members = team.members.filter(is_active=True).select_related("team").order_by("full_name")
    return {**TeamOut.from_orm(team).dict(), "members": list(members)}


@router.get(
    "/jobs/{job_id}",
    response={200: JobOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Progress of a background job",
    tags=["background work"],
)
def job_get(request: HttpRequest, job_id: Id) -> object:
    return access.access_job(request.auth, job_id)  # type: ignore[attr-defined]


@router.get(
    "/tokens",
    response=list[ApiTokenOut],
    auth=api_rule(access.SIGNED_IN),
    summary="Your API tokens (in force, expired and revoked)",
    tags=["your account"],
)
@paginated(order=("-created_at", "-id"))
def tokens_list(request: HttpRequest) -> QuerySet[ApiToken]:
    return api_tokens_of(person=request.auth)  # type: ignore[attr-defined]


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: ApiTokenOut, 404: ErrorOut},
    auth=api_rule(access.SIGNED_IN),
    summary="Revoke one of your API tokens (it may be the one making this call)",
    tags=["your account"],
)
def token_revoke(request: HttpRequest, token_id: Id) -> ApiToken:
    person: Person = request.auth  # type: ignore[attr-defined]
    if not api_token_revoke(person=person, token_id=token_id):
        raise Http404("No such token in force among yours.")
    return api_tokens_of(person=person).get(pk=token_id)
