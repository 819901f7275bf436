from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, field_validator

from uplift.core.text import free_text_problem
from uplift.web.http import MAX_ID

INT64 = range(-(2**63), 2**63)  # what the databases store
Id = Annotated[int, Field(ge=1, le=MAX_ID, description="A record's id.")]


def free_text(value: str) -> str:
    """The free-text rule for a text parameter of an operation's own signature."""
    problem = free_text_problem(value)
    if problem is not None:
        raise ValueError(f"This value {problem}.")
    return value


Text = Annotated[str, AfterValidator(free_text)]


def _sent_value_problem(value: Any) -> str | None:
    """What is wrong with a value a client sent: text against the free-text rule, whole numbers
    against what the databases store (a larger one crashes a query on SQLite)."""
    if isinstance(value, str):
        return free_text_problem(value)
    if isinstance(value, int) and not isinstance(value, bool) and value not in INT64:
        return "is too large a number"
    items = value.values() if isinstance(value, dict) else value
    if isinstance(value, list | tuple | set | frozenset | dict):
        return next((p for p in map(_sent_value_problem, items) if p), None)
    return None


class InputSchema(Schema):
    """What a client sends. Text is trimmed of surrounding whitespace (as the pages' forms do)
    and follows the free-text rule (uplift.core.text); whole numbers fit the database. Every
    request body and query schema derives from it (tests/api/test_input_schemas.py checks)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _sent_value(cls, value: Any) -> Any:
        problem = _sent_value_problem(value)
        if problem is not None:
            raise ValueError(f"This value {problem}.")
        return value


class PersonRef(Schema):
    """Someone named in an answer: only who they are, none of their private data."""

    id: int
    full_name: str


class TeamRef(Schema):
    id: int
    name: str


class PersonOut(Schema):
    id: int
    email: str
    full_name: str
    title: str
    role: str
    team: TeamRef | None
    manager_id: int | None
    crm_user_id: str
    hire_date: date | None


class TeamOut(Schema):
    id: int
    name: str
    kind: str
    parent_id: int | None
    manager_id: int | None


class TeamDetailOut(TeamOut):
    members: list[PersonOut]


class MeOut(PersonOut):
    organisation: str
    home: str


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result: dict[str, object]
    error: str
    created_at: datetime
    finished_at: datetime | None


class ErrorOut(Schema):
    """Why a request was refused: `detail` in words; for a refusal of a service also `code`, a
    word that stays when the words change, and `field`, the input it is about (or null)."""

    detail: str
    code: str | None = Field(None, description="A stable word for the kind of refusal.")
    field: str | None = Field(None, description="The input the refusal is about, if one.")


# Every status a service's refusal answers with (uplift.core.refusals), for a write's responses.
REFUSALS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}

# What any operation may answer besides its own responses, and when; `uplift.api.urls` documents
# them on every operation that does not describe them itself.
ALWAYS_REFUSED: dict[int, str] = {
    401: "No credentials, or ones that no longer work: sign in, or send `Authorization: Bearer "
    "upl_…` with a personal token in force.",
    403: "Not for your role (the operation's access rule), or not allowed on this record.",
    404: "Not found, or not in your scope: a record you may not see answers as if it did not "
    "exist.",
}


class ApiTokenOut(Schema):
    """One of your API tokens; its secret is never shown again after creation."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool
