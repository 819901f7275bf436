"""User.csv and adoptions.csv: the small files, written from Python lists."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from uplift.synthetic.ids import id_pieces
from uplift.synthetic.people import User
from uplift.synthetic.writer import CsvBytes, Field, csv_field, render_rows, text_array

USER_COLUMNS = (
    "Id",
    "Username",
    "FirstName",
    "LastName",
    "Name",
    "Email",
    "Title",
    "ManagerId",
    "Department",
    "Division",
    "IsActive",
    "CreatedDate",
    "UserRoleId",
    "UserType",
)
ADOPTION_COLUMNS = ("rep_email", "practice", "adopted_on")


def _ids(values: Sequence[str], short_fraction: float, rng: np.random.Generator) -> Field:
    ids = np.array([value.encode() if value else b"0" * 18 for value in values], dtype="S18")
    blank = np.array([not value for value in values], dtype=bool)
    return id_pieces(ids, rng.random(len(values)) < short_fraction, blank=blank)


def users_render(
    users: Sequence[User], *, short_own: float, short_reference: float, rng: np.random.Generator
) -> CsvBytes:
    fields: list[Field] = [
        _ids([user.id for user in users], short_own, rng),
        text_array(user.username for user in users),
        text_array(user.first_name for user in users),
        text_array(user.last_name for user in users),
        text_array(user.name for user in users),
        text_array(user.email for user in users),
        text_array(user.title for user in users),
        _ids([user.manager_id for user in users], short_reference, rng),
        text_array(user.department for user in users),
        text_array(user.division for user in users),
        text_array("true" if user.active else "false" for user in users),
        text_array(user.created.strftime("%Y-%m-%dT%H:%M:%S.000Z") for user in users),
        _ids([user.role_id for user in users], short_reference, rng),
        text_array(user.user_type for user in users),
    ]
    return render_rows(fields, len(users))


def adoption_lines(rows: Sequence[tuple[str, str, str]]) -> bytes:
    """CSV lines of (rep_email, practice, adopted_on) rows."""
    return b"".join((",".join(csv_field(value) for value in row) + "\r\n").encode() for row in rows)
