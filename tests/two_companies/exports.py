"""Two companies' Salesforce exports that collide: the same record ids (both come from the
generator) and, in company B's User.csv, several of company A's people's e-mail addresses.

Company A's people, teams, accounts and deals carry MARKER in their names, so that anything of A's
that shows up where B looks is caught by a plain substring search. B's amounts are multiplied by
B_AMOUNT_FACTOR, so that B's totals can never be mistaken for A's.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from uplift.synthetic import generate_export, to_18

MARKER = "Qorvath"
B_AMOUNT_FACTOR = 7
Row = dict[str, str]


@dataclass(frozen=True)
class Collision:
    """A user of B's export who carries the e-mail address of one of A's people."""

    b_rep_id: str
    email: str
    active: bool


@dataclass(frozen=True)
class CompanyExports:
    a: Path
    b: Path
    a_leader_email: str
    collisions: tuple[Collision, ...]


def _read(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def _rewrite(path: Path, change: Callable[[Row], None]) -> list[Row]:
    columns, rows = _read(path)
    for row in rows:
        change(row)
    _write(path, columns, rows)
    return rows


def _manager_ids(users: list[Row]) -> set[str]:
    return {to_18(u["ManagerId"]) for u in users if u["ManagerId"]}


def _mark_company_a(export: Path) -> list[Row]:
    def user(row: Row) -> None:
        row["LastName"] = f"{row['LastName']}-{MARKER}"
        row["Name"] = f"{row['FirstName']} {row['LastName']}"
        for column in ("Department", "Division"):
            if row[column]:
                row[column] = f"{row[column]} {MARKER}"

    def named(row: Row) -> None:
        row["Name"] = f"{MARKER} {row['Name']}"

    _rewrite(export / "Account.csv", named)
    _rewrite(export / "Opportunity.csv", named)
    return _rewrite(export / "User.csv", user)


def _scale_amounts(row: Row) -> None:
    if row["Amount"]:
        row["Amount"] = f"{Decimal(row['Amount']) * B_AMOUNT_FACTOR:.2f}"


def _collide_company_b(export: Path, a_users: list[Row]) -> tuple[str, tuple[Collision, ...]]:
    """Give four of B's users addresses of A's people: A's leader (inactive in B's CRM), one of
    A's managers and two of A's reps; B's first-line manager among them keeps his reports."""
    a_managers = _manager_ids(a_users)
    a_leader = next(u for u in a_users if not u["ManagerId"] and to_18(u["Id"]) in a_managers)
    a_first_line = [u for u in a_users if u["ManagerId"] and to_18(u["Id"]) in a_managers]
    a_reps = [u for u in a_users if u["ManagerId"] and to_18(u["Id"]) not in a_managers]

    columns, b_users = _read(export / "User.csv")
    b_managers = _manager_ids(b_users)
    b_reps = [u for u in b_users if u["ManagerId"] and to_18(u["Id"]) not in b_managers]
    b_first_line = [u for u in b_users if u["ManagerId"] and to_18(u["Id"]) in b_managers]
    given = [
        (b_reps[0], a_leader, False),
        (b_first_line[-1], a_first_line[0], True),
        (b_reps[1], a_reps[0], True),
        (b_reps[2], a_reps[1], True),
    ]
    collisions = []
    for b_user, a_user, active in given:
        b_user["Email"] = b_user["Username"] = a_user["Email"]
        b_user["IsActive"] = "true" if active else "false"
        collisions.append(Collision(to_18(b_user["Id"]), a_user["Email"].lower(), active))
    _write(export / "User.csv", columns, b_users)
    _rewrite(export / "Opportunity.csv", _scale_amounts)
    _rewrite(export / "OpportunityHistory.csv", _scale_amounts)
    return a_leader["Email"].lower(), tuple(collisions)


def company_exports_write(directory: Path) -> CompanyExports:
    """Company A: 24 reps, company B: 20 reps, six months each, from different seeds."""
    a = generate_export(directory / "a", reps=24, months=6, seed=3).directory
    b = generate_export(directory / "b", reps=20, months=6, seed=4).directory
    a_users = _mark_company_a(a)
    a_leader_email, collisions = _collide_company_b(b, a_users)
    return CompanyExports(a=a, b=b, a_leader_email=a_leader_email, collisions=collisions)


@dataclass(frozen=True)
class ExpectedTotals:
    """What an analysis of one export must count, computed from its files alone."""

    rep_ids: frozenset[str]
    bookings_cents: int


def expected_totals(export: Path, *, start: date, end: date) -> ExpectedTotals:
    """The owners of the export's deals, and the amounts won between `start` and `end`."""
    _, deals = _read(export / "Opportunity.csv")
    within = (start.isoformat(), end.isoformat())
    won = sum(
        int(Decimal(d["Amount"]) * 100)
        for d in deals
        if d["IsWon"] == "true" and d["Amount"] and within[0] <= d["CloseDate"] <= within[1]
    )
    return ExpectedTotals(frozenset(to_18(d["OwnerId"]) for d in deals), won)


def user_emails(export: Path) -> list[str]:
    """The e-mail address of each user of the export that has one (an address may repeat)."""
    _, users = _read(export / "User.csv")
    return [u["Email"].lower() for u in users if u["Email"]]
