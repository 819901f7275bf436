from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


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
    detail: str


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
