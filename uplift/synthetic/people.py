"""The sales organisation: a leader, regional vice presidents, managers with their teams, reps.

Built once, before any deal, with its own random stream, so the people do not change when the
deal model does. Reps carry the latent traits the deals are drawn from (skill, the planted
star kind and contributions of `stars.py`, book mix, territory size, tenure); those are
recorded in the truth file, never in the export.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt

from uplift.synthetic.ids import ids_18, sequence_start
from uplift.synthetic.model import ModelParameters
from uplift.synthetic.stars import PlantedStars, stars_plant
from uplift.synthetic.timeline import Timeline
from uplift.synthetic.vocabulary import FIRST_NAMES, LAST_NAMES, REGIONS, Region

EMAIL_DOMAIN = "example.com"


@dataclass(frozen=True)
class User:
    """One row of User.csv."""

    id: str
    first_name: str
    last_name: str
    email: str
    username: str
    title: str
    manager_id: str
    department: str
    division: str
    active: bool
    created: datetime
    role_id: str
    user_type: str = "Standard"  # Salesforce's UserType: "AutomatedProcess" for the system user

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Team:
    name: str
    focus: str
    region: Region
    manager_id: str


@dataclass(frozen=True, eq=False)
class Reps:
    """The reps whose deals are simulated: exported reps first, then the missing owners."""

    user_id: npt.NDArray[np.bytes_]  # 18-character ids
    email: list[str]
    name: list[str]
    team: npt.NDArray[np.int64]  # index into Organisation.teams
    skill: npt.NDArray[np.float64]
    is_star: npt.NDArray[np.bool_]
    planted: PlantedStars  # star kinds and every rep's contributions to bookings
    exported: npt.NDArray[np.bool_]  # False: a former rep missing from User.csv
    book_mix: npt.NDArray[np.float64]  # (reps, segments)
    capacity: npt.NDArray[np.float64]
    hired_on: list[date]
    left_on: list[date | None]
    active_from: npt.NDArray[np.int64]  # first day (timeline day) the rep creates deals
    active_to: npt.NDArray[np.int64]  # last day the rep works
    utc_offset_hours: npt.NDArray[np.int64]
    region: npt.NDArray[np.int64]  # index into Organisation.regions
    account_owner_id: npt.NDArray[np.bytes_]  # who owns the rep's accounts in the export

    def __len__(self) -> int:
        return len(self.skill)


@dataclass(frozen=True, eq=False)
class Organisation:
    users: list[User]  # User.csv, in id order
    teams: list[Team]
    regions: list[Region]
    leader_id: str
    regional_leader_ids: list[str]
    reps: Reps
    exported_reps: int  # the first `exported_reps` of `reps` are in User.csv


# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "ł": "l"})


def _ascii(text: str) -> str:
    """The e-mail form of a name: `Bjørn` -> `bjorn`, `O'Brien` -> `obrien`."""
    plain = text.translate(_UNDECOMPOSABLE)
    folded = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    return "".join(char for char in folded.lower() if char.isalnum())


@dataclass
class _Draft:
    """A person before ids are handed out (ids follow hiring order, as Salesforce's do)."""

    first_name: str
    last_name: str
    email: str
    title: str
    manager: int | None  # index of the manager's draft
    department: str
    division: str
    created: datetime
    role: str | None
    active: bool = True
    exported: bool = True
    username_suffix: str = ""
    user_type: str = "Standard"


@dataclass(frozen=True)
class _TeamDraft:
    name: str
    focus: int
    region: int
    manager: int  # index of the manager's draft


class _Builder:
    def __init__(
        self, *, reps: int, timeline: Timeline, params: ModelParameters, rng: np.random.Generator
    ) -> None:
        self.reps = reps
        self.missing = max(2, round(params.missing_owner_fraction * reps))
        self.timeline = timeline
        self.params = params
        self.rng = rng
        self.drafts: list[_Draft] = []
        self.taken_emails: set[str] = set()
        team_count = math.ceil(reps / params.reps_per_manager)
        region_count = min(len(REGIONS), max(1, round(math.sqrt(team_count))))
        self.regions = list(REGIONS[:region_count])
        self.team_count = team_count

    def _name(self) -> tuple[str, str, str]:
        first = FIRST_NAMES[int(self.rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(self.rng.integers(len(LAST_NAMES)))]
        local = f"{_ascii(first)}.{_ascii(last)}"
        candidate, suffix = local, 1
        while candidate in self.taken_emails:
            suffix += 1
            candidate = f"{local}{suffix}"
        self.taken_emails.add(candidate)
        return first, last, f"{candidate}@{EMAIL_DOMAIN}"

    def _moment(self, day: date) -> datetime:
        seconds = int(self.rng.integers(8 * 3600, 19 * 3600))
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)

    def _long_ago(self, years: float) -> date:
        return self.timeline.start - timedelta(days=int(self.rng.integers(30, int(365 * years))))

    def _person(self, title: str, manager: int | None, department: str, division: str) -> int:
        first, last, email = self._name()
        self.drafts.append(
            _Draft(
                first_name=first,
                last_name=last,
                email=email,
                title=title,
                manager=manager,
                department=department,
                division=division,
                created=self._moment(self._long_ago(8)),
                role=title,
            )
        )
        return len(self.drafts) - 1

    def leadership(self) -> tuple[int, list[int]]:
        leader = self._person("Chief Revenue Officer", None, "", "")
        regional = [
            self._person(f"Regional Vice President, {region.name}", leader, "", region.name)
            for region in self.regions
        ]
        return leader, regional

    def teams(self, regional_leaders: list[int]) -> list[_TeamDraft]:
        focuses = self.params.team_focuses
        shares = np.array([focus.share_of_teams for focus in focuses])
        team_focus = self.rng.choice(len(focuses), size=self.team_count, p=shares / shares.sum())
        ordinal: dict[tuple[int, int], int] = {}
        teams: list[_TeamDraft] = []
        for index in range(self.team_count):
            region_index, focus_index = index % len(self.regions), int(team_focus[index])
            ordinal[region_index, focus_index] = ordinal.get((region_index, focus_index), 0) + 1
            region = self.regions[region_index]
            focus = focuses[focus_index].name
            name = f"{region.short} {focus} {ordinal[region_index, focus_index]}"
            manager = self._person(
                f"Sales Manager, {focus}", regional_leaders[region_index], name, region.name
            )
            teams.append(_TeamDraft(name, focus_index, region_index, manager))
        return teams

    def tenures(self) -> tuple[list[date], list[date | None]]:
        """Most reps were hired before the window; some join during it, some leave."""
        start, end = self.timeline.start, self.timeline.end
        window_days = (end - start).days
        params = self.params
        hired_on: list[date] = []
        left_on: list[date | None] = []
        kind = self.rng.random(self.reps + self.missing)
        for index, draw in enumerate(kind):
            if index >= self.reps:  # a former rep: left early in the window, not in User.csv
                hired_on.append(self._long_ago(6))
                left_on.append(start + timedelta(days=int(self.rng.integers(15, 90))))
            elif draw < params.new_hire_fraction:
                joined = int(self.rng.integers(0, max(1, window_days - 60)))
                hired_on.append(start + timedelta(days=joined))
                left_on.append(None)
            elif draw < params.new_hire_fraction + params.leaver_fraction:
                hired_on.append(self._long_ago(6))
                left = int(self.rng.integers(60, max(61, window_days - 30)))
                left_on.append(min(end, start + timedelta(days=left)))
            else:
                hired_on.append(self._long_ago(6))
                left_on.append(None)
        return hired_on, left_on

    def rep_people(
        self,
        teams: list[_TeamDraft],
        rep_team: npt.NDArray[np.int64],
        hired_on: list[date],
        left_on: list[date | None],
    ) -> list[int]:
        focus_titles = {
            "SMB": "SMB Account Executive",
            "Enterprise": "Enterprise Account Executive",
        }
        drafts: list[int] = []
        for index, team_index in enumerate(rep_team):
            team = teams[team_index]
            region = self.regions[team.region]
            focus = self.params.team_focuses[team.focus].name
            title = focus_titles.get(focus, "Account Executive")
            if self.rng.random() < 0.2:
                title = f"Senior {title}"
            first, last, email = self._name()
            blank_role = self.rng.random() < self.params.blank_role_fraction
            self.drafts.append(
                _Draft(
                    first_name=first,
                    last_name=last,
                    email=email,
                    title=title,
                    manager=team.manager,
                    department=team.name,
                    division=region.name,
                    created=self._moment(hired_on[index]),
                    role=None if blank_role else f"Sales Rep, {region.name}",
                    active=left_on[index] is None,
                    exported=index < self.reps,
                    username_suffix=".crm" if self.rng.random() < 0.05 else "",
                )
            )
            drafts.append(len(self.drafts) - 1)
        return drafts

    def non_sellers(self, leader: int) -> None:
        """People in every export who sell nothing: an integration user and sales operations;
        and the automated process user Salesforce runs flows as (no random draw is spent on it
        and its id comes after everyone's, so the rest of the export is the same with or
        without it)."""
        for first, last, title, department, user_type in (
            ("Integration", "User", "", "", "Standard"),
            ("Sam", "Ortega", "Sales Operations Analyst", "Sales Operations", "Standard"),
        ):
            self.drafts.append(
                _Draft(
                    first_name=first,
                    last_name=last,
                    email=f"{_ascii(first)}.{_ascii(last)}@{EMAIL_DOMAIN}",
                    title=title,
                    manager=leader if department else None,
                    department=department,
                    division="",
                    created=self._moment(self._long_ago(8)),
                    role=None,
                    user_type=user_type,
                )
            )
        start = self.timeline.start
        self.drafts.append(
            _Draft(
                first_name="Automated",
                last_name="Process",
                email=f"autoproc@{EMAIL_DOMAIN}",
                title="",
                manager=None,
                department="",
                division="",
                # Created with the CRM itself, years before anyone's deals.
                created=datetime(start.year - 8, 1, 4, 2, tzinfo=UTC),
                role=None,
                user_type="AutomatedProcess",
            )
        )

    def users(self) -> tuple[list[User], list[str]]:
        """Users in id order, and every draft's id. Ids follow creation order."""
        # The system user takes the last number, so everyone else's id is the same with or
        # without it.
        order = sorted(
            range(len(self.drafts)),
            key=lambda index: (
                self.drafts[index].user_type != "Standard",
                self.drafts[index].created,
            ),
        )
        numbers = np.empty(len(self.drafts), dtype=np.int64)
        numbers[order] = sequence_start("User") + np.arange(len(self.drafts))
        user_ids = [raw.decode() for raw in ids_18("User", numbers)]
        role_labels = sorted({draft.role for draft in self.drafts if draft.role is not None})
        role_numbers = sequence_start("UserRole") + np.arange(len(role_labels), dtype=np.int64)
        role_ids = dict(
            zip(
                role_labels, (raw.decode() for raw in ids_18("UserRole", role_numbers)), strict=True
            )
        )
        users = []
        for index in order:
            draft = self.drafts[index]
            if not draft.exported:
                continue
            users.append(
                User(
                    id=user_ids[index],
                    first_name=draft.first_name,
                    last_name=draft.last_name,
                    email=draft.email,
                    username=draft.email + draft.username_suffix,
                    title=draft.title,
                    manager_id="" if draft.manager is None else user_ids[draft.manager],
                    department=draft.department,
                    division=draft.division,
                    active=draft.active,
                    created=draft.created,
                    role_id="" if draft.role is None else role_ids[draft.role],
                    user_type=draft.user_type,
                )
            )
        return users, user_ids


def organisation_build(
    *, reps: int, timeline: Timeline, params: ModelParameters, rng: np.random.Generator
) -> Organisation:
    """People, teams and regions, with each rep's latent traits."""
    builder = _Builder(reps=reps, timeline=timeline, params=params, rng=rng)
    leader, regional_leaders = builder.leadership()
    teams = builder.teams(regional_leaders)
    total = reps + builder.missing

    skill = rng.normal(0.0, params.skill_sd, size=total)
    rep_team = np.arange(total, dtype=np.int64) % len(teams)
    rep_team[reps:] = rng.integers(len(teams), size=builder.missing)
    focus_mix = np.array([focus.book_mix for focus in params.team_focuses])
    book_mix = np.vstack(
        [rng.dirichlet(params.book_concentration * focus_mix[teams[t].focus]) for t in rep_team]
    )
    capacity = rng.lognormal(0.0, params.capacity_sigma, size=total)
    hired_on, left_on = builder.tenures()
    rep_drafts = builder.rep_people(teams, rep_team, hired_on, left_on)
    builder.non_sellers(leader)
    users, user_ids = builder.users()

    team_records = [
        Team(
            name=team.name,
            focus=params.team_focuses[team.focus].name,
            region=builder.regions[team.region],
            manager_id=user_ids[team.manager],
        )
        for team in teams
    ]
    planted = stars_plant(skill=skill, book_mix=book_mix, exported=reps, params=params, rng=rng)
    rep_region = np.array([teams[t].region for t in rep_team], dtype=np.int64)
    rep_ids = [user_ids[draft] for draft in rep_drafts]
    # A former rep's accounts were handed to the manager; only the deals keep the old owner.
    account_owner = [
        team_records[rep_team[index]].manager_id if index >= reps else rep_ids[index]
        for index in range(total)
    ]
    reps_table = Reps(
        user_id=np.array([rep_id.encode() for rep_id in rep_ids], dtype="S18"),
        email=[builder.drafts[draft].email for draft in rep_drafts],
        name=[
            f"{builder.drafts[draft].first_name} {builder.drafts[draft].last_name}"
            for draft in rep_drafts
        ],
        team=rep_team,
        skill=skill,
        is_star=planted.is_star,
        planted=planted,
        exported=np.arange(total) < reps,
        book_mix=book_mix,
        capacity=capacity,
        hired_on=hired_on,
        left_on=left_on,
        active_from=np.array([max(0, timeline.day_of(day)) for day in hired_on], dtype=np.int64),
        active_to=np.array(
            [timeline.end_day if day is None else timeline.day_of(day) for day in left_on],
            dtype=np.int64,
        ),
        utc_offset_hours=np.array(
            [builder.regions[r].utc_offset_hours for r in rep_region], dtype=np.int64
        ),
        region=rep_region,
        account_owner_id=np.array([owner.encode() for owner in account_owner], dtype="S18"),
    )
    return Organisation(
        users=users,
        teams=team_records,
        regions=builder.regions,
        leader_id=user_ids[leader],
        regional_leader_ids=[user_ids[index] for index in regional_leaders],
        reps=reps_table,
        exported_reps=reps,
    )
