"""Exports shaped like two real ones, not like Uplift's generator, with their mapping files.

- **B2B** (`write_b2b_export`): a CRM sales-pipeline export with 35 agents under 6 managers
  (a manager column, no team column), about 8,800 opportunities over 2025, seven products
  from a few hundred to about 27,000 dollars, and nothing else: no activities, quotas, contact
  roles or stage history. Every agent converts 55-70% of closed deals; volume is what differs,
  up to 4x, and one giant agent closes 550 deals (4x the median) at an average win rate, so
  books the most.
- **B2C** (`write_b2c_export`): a high-volume consumer CRM, 27 deal owners (and 3
  supervisors who own none), about 21,600 deals at a 4% win rate, US dates and dollar amounts
  with thousands separators; one owner joined in November and closed only 31 deals, 5 of them
  won by chance.

Both are deterministic for a seed. Each builder returns the mapping file's path with the
planted facts a test needs (rep ids as Uplift derives them from names or e-mails).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np

YEAR_START = date(2025, 1, 1)
YEAR_END = date(2025, 12, 31)
_FIRST_NAMES = (
    "Anna Boris Carla Darcel Elease Felicia Garret Hayden Ines Jonathan Kami Lajuana Marty "
    "Niesha Oscar Priya Quentin Rosalina Simon Tamara Ulrich Vicki Wilburn Xavier Yolanda "
    "Zane Amelia Bruno Corliss Donn Esther Fabian Gladys Hector Isolde Jules Kurt Lena Moses "
    "Nora Otto Paula Rocco"
)
FIRST_NAMES = _FIRST_NAMES.split()
_LAST_NAMES = (
    "Schlecht Moses Kasprzak Hansel Versteeg Wasmer Cheek Zoller Delgado Pham Cosey Mattison "
    "Gopal Okafor Lindqvist Marino Brennan Ivanova Takahashi Fontaine Reyes Novak Hughes "
    "Adeyemi Kowalski Sato Berg Quist Nakamura Ferreira Olsen Duarte Whitlock Abbott "
    "Carmichael Esposito Galloway Hartmann Ishikawa Jablonski Keller Lambert Mendes"
)
LAST_NAMES = _LAST_NAMES.split()


@dataclass(frozen=True)
class Product:
    name: str
    list_price: int  # dollars
    share: float  # of deals


PRODUCTS = (
    Product("MG Special", 320, 0.18),
    Product("GTX Basic", 550, 0.19),
    Product("GTX Plus Basic", 1096, 0.17),
    Product("MG Advanced", 3393, 0.16),
    Product("GTX Pro", 4821, 0.14),
    Product("GTX Plus Pro", 5482, 0.13),
    Product("GTK 500", 26768, 0.03),
)


@dataclass(frozen=True)
class RepOutcome:
    """What one rep did in the export: closed and won deals, and won amounts in cents."""

    rep_id: str  # as Uplift stores it (``name:…`` or ``email:…``)
    name: str
    closed: int
    won: int
    bookings_cents: int
    team: str | None  # the team Uplift should build from the manager chain

    @property
    def win_rate(self) -> float:
        return self.won / self.closed if self.closed else 0.0


@dataclass(frozen=True)
class WrittenExport:
    """A written export: its mapping file, every rep's outcome and the planted facts."""

    mapping: Path
    reps: tuple[RepOutcome, ...]  # the reps who own deals
    facts: dict[str, str]  # e.g. "top_booker", "giant", "small_owner": a rep id
    opportunities: int

    def rep(self, rep_id: str) -> RepOutcome:
        return next(r for r in self.reps if r.rep_id == rep_id)

    @property
    def top_booker(self) -> RepOutcome:
        return max(self.reps, key=lambda r: r.bookings_cents)


def name_key(name: str) -> str:
    """The rep id Uplift derives from a name (``[keys] rep = "name"``)."""
    return "name:" + " ".join(name.lower().split())


def email_key(email: str) -> str:
    """The rep id Uplift derives from an e-mail (``[keys] rep = "email"``)."""
    return "email:" + email.strip().lower()


def _people(rng: np.random.Generator, count: int) -> list[str]:
    firsts = rng.permutation(len(FIRST_NAMES))
    lasts = rng.permutation(len(LAST_NAMES))
    return [f"{FIRST_NAMES[firsts[i]]} {LAST_NAMES[lasts[i]]}" for i in range(count)]


def _write_csv(path: Path, header: str, rows: Sequence[Sequence[object]]) -> None:
    """Write `rows` under `header` (the column names, separated by commas)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header.split(","))
        writer.writerows(rows)


def _closed_counts(rng: np.random.Generator, count: int, median: float, spread: float) -> list[int]:
    """`count` closed-deal volumes, lognormal around `median` (the quantiles, shuffled)."""
    from statistics import NormalDist

    normal = NormalDist()
    quantiles = [normal.inv_cdf((i + 0.5) / count) for i in range(count)]
    volumes = [round(median * float(np.exp(spread * z))) for z in quantiles]
    return [volumes[i] for i in rng.permutation(count)]


def _outcomes(rng: np.random.Generator, closed: int, won: int) -> np.ndarray:
    """`won` wins among `closed` deals, in a random order."""
    flags = np.zeros(closed, dtype=bool)
    flags[:won] = True
    return rng.permutation(flags)


def _day(offset: int | np.integer) -> date:
    return YEAR_START + timedelta(days=int(offset))


# B2B ----------------------------------------------------------------------------------------

B2B_OFFICES = ("Central", "East", "West")
B2B_SECTORS = (
    "technolgy",
    "medical",
    "retail",
    "software",
    "finance",
    "marketing",
    "entertainment",
    "telecommunications",
    "services",
    "employment",
)
B2B_MAPPING = """\
# A CRM sales-pipeline export: agents known by name, a sales-teams file with each agent's
# manager and regional office (no team column), accounts by name, one pipeline file.
source = "pipeline"

[keys]
rep = "name"
account = "name"

[managers]
file = "sales_teams.csv"
[managers.columns]
rep = "sales_agent"
manager = "manager"
region = "regional_office"

[accounts]
file = "accounts.csv"
[accounts.columns]
name = "account"
industry = "sector"
region = "office_location"

[opportunities]
file = "sales_pipeline.csv"
[opportunities.columns]
opportunity_id = "opportunity_id"
owner_id = "sales_agent"
account_id = "account"
product = "product"
stage = "deal_stage"
amount_cents = "close_value"
currency = { value = "USD" }
created_date = "engage_date"
close_date = "close_date"
is_won = { column = "deal_stage", map = { Won = true, Lost = false, Engaging = false, Prospecting = false } }
is_closed = { column = "deal_stage", map = { Won = true, Lost = true, Engaging = false, Prospecting = false } }
"""  # noqa: E501

B2B_AGENTS = 35
B2B_MANAGERS = 6
B2B_OPPORTUNITIES = 8800
B2B_GIANT_CLOSED = 550
B2B_MEDIAN_CLOSED = 137  # the giant closes four times as many


def _opportunity_id(rng: np.random.Generator) -> str:
    alphabet = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
    return "".join(rng.choice(alphabet, size=8))


def _b2b_amount(rng: np.random.Generator, product: Product) -> int:
    """A won deal's value in dollars: the list price, discounted or marked up (lognormal)."""
    return max(1, round(product.list_price * float(np.exp(rng.normal(-0.03, 0.22)))))


def write_b2b_export(directory: Path, *, seed: int = 7) -> WrittenExport:
    """Write the B2B export and its `mapping.toml` into `directory` (created when missing)."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    people = _people(rng, B2B_AGENTS + B2B_MANAGERS)
    managers, agents = people[:B2B_MANAGERS], people[B2B_MANAGERS:]
    manager_of = {agent: managers[i % B2B_MANAGERS] for i, agent in enumerate(agents)}
    office_of = {m: B2B_OFFICES[i // 2] for i, m in enumerate(managers)}
    _write_csv(
        directory / "sales_teams.csv",
        "sales_agent,manager,regional_office",
        [[a, manager_of[a], office_of[manager_of[a]]] for a in agents],
    )

    suffixes = ("Holdings", "Corp", "Systems", "Labs")
    accounts = [f"{last} {suffixes[i % 4]}" for i, last in enumerate(LAST_NAMES)]
    accounts += [f"{first}tech" for first in FIRST_NAMES]
    _write_csv(
        directory / "accounts.csv",
        "account,sector,year_established,revenue,employees,office_location,subsidiary_of",
        [
            [
                a,
                B2B_SECTORS[i % len(B2B_SECTORS)],
                1980 + i % 40,
                round(50 + i * 37.5, 2),
                100 + i * 211,
                "United States" if i % 7 else "Kenya",
                "",
            ]
            for i, a in enumerate(accounts)
        ],
    )

    giant = agents[int(rng.integers(len(agents)))]
    others = [a for a in agents if a != giant]
    closed = dict(
        zip(others, _closed_counts(rng, len(others), B2B_MEDIAN_CLOSED, 0.32), strict=True)
    )
    closed[giant] = B2B_GIANT_CLOSED
    win_prob = dict(zip(others, rng.permutation(np.linspace(0.55, 0.70, len(others))), strict=True))
    win_prob[giant] = 0.625  # average: the giant wins by volume, not by converting better
    total_closed = sum(closed.values())
    open_share = (B2B_OPPORTUNITIES - total_closed) / total_closed

    shares = np.array([p.share for p in PRODUCTS])
    rows: list[list[object]] = []
    outcomes = []
    for agent in agents:
        n = closed[agent]
        won_flags = _outcomes(rng, n, round(n * float(win_prob[agent])))
        bookings = 0
        for won in won_flags:
            product = PRODUCTS[int(rng.choice(len(PRODUCTS), p=shares / shares.sum()))]
            cycle = int(np.clip(round(rng.lognormal(np.log(45), 0.6)), 1, 138))
            engaged = _day(rng.integers(0, 365 - cycle))
            value = _b2b_amount(rng, product) if won else 0  # lost deals are written as 0
            bookings += value * 100
            rows.append(
                [
                    _opportunity_id(rng),
                    agent,
                    product.name,
                    rng.choice(accounts),
                    "Won" if won else "Lost",
                    engaged.isoformat(),
                    (engaged + timedelta(days=cycle)).isoformat(),
                    value,
                ]
            )
        for _ in range(round(n * open_share)):
            product = PRODUCTS[int(rng.choice(len(PRODUCTS), p=shares / shares.sum()))]
            if rng.random() < 0.3:  # prospecting: not engaged yet, often no account either
                account = rng.choice(accounts) if rng.random() < 0.5 else ""
                rows.append(
                    [_opportunity_id(rng), agent, product.name, account, "Prospecting", "", "", ""]
                )
            else:
                engaged = _day(rng.integers(270, 365))
                rows.append(
                    [
                        _opportunity_id(rng),
                        agent,
                        product.name,
                        rng.choice(accounts),
                        "Engaging",
                        engaged.isoformat(),
                        "",
                        "",
                    ]
                )
        outcomes.append(
            RepOutcome(
                rep_id=name_key(agent),
                name=agent,
                closed=n,
                won=int(won_flags.sum()),
                bookings_cents=bookings,
                team=f"{manager_of[agent]}'s team",
            )
        )
    order = rng.permutation(len(rows))
    _write_csv(
        directory / "sales_pipeline.csv",
        "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value",
        [rows[i] for i in order],
    )
    mapping = directory / "mapping.toml"
    mapping.write_text(B2B_MAPPING, encoding="utf-8")
    reps = tuple(outcomes)
    top = max(reps, key=lambda r: r.bookings_cents)
    return WrittenExport(
        mapping=mapping,
        reps=reps,
        facts={"giant": name_key(giant), "top_booker": top.rep_id},
        opportunities=len(rows),
    )


# B2C ----------------------------------------------------------------------------------------

B2C_MAPPING = """\
# A consumer CRM: owners known by e-mail, each with a supervisor; deals with a won/lost/open
# status, US dates saved by a spreadsheet (1/5/2025 14:32) and amounts like "$1,234.50".
source = "consumer-crm"
date_formats = ["%m/%d/%Y %H:%M", "%m/%d/%Y"]

[keys]
rep = "email"

[reps]
file = "owners.csv"
[reps.columns]
email = "Email"
name = "Full Name"
manager_id = "Supervisor"
hire_date = "Start date"
active = { column = "Status", map = { Active = true, Deactivated = false } }

[opportunities]
file = "deals.csv"
[opportunities.columns]
opportunity_id = "Deal #"
owner_id = "Deal owner"
name = "Deal name"
product = "Plan"
lead_source = "Source"
stage = "Status"
amount_cents = "Amount"
currency = { value = "USD" }
created_date = "Created"
close_date = "Closed"
is_won = { column = "Status", map = { won = true, lost = false, open = false } }
is_closed = { column = "Status", map = { won = true, lost = true, open = false } }
"""

B2C_PLANS = (("Starter", 89.0), ("Plus", 179.0), ("Family", 249.0), ("Premium", 1199.0))
B2C_SOURCES = ("Paid search", "Referral", "Organic", "Partner", "Social")
B2C_REGULARS = 17  # about 1,000-1,300 closed deals each
B2C_PART_TIMERS = 9  # 100-300 each
B2C_SMALL_CLOSED, B2C_SMALL_WON = 31, 5
B2C_SMALL_STARTED = date(2025, 11, 10)


def _email(name: str, domain: str) -> str:
    return name.lower().replace(" ", ".") + "@" + domain


def _us(moment: datetime) -> str:
    return f"{moment.month}/{moment.day}/{moment.year} {moment.hour}:{moment.minute:02d}"


def write_b2c_export(directory: Path, *, seed: int = 11) -> WrittenExport:
    """Write the B2C export and its `mapping.toml` into `directory` (created when missing)."""
    rng = np.random.default_rng(seed)
    directory.mkdir(parents=True, exist_ok=True)
    domain = "brightline.example"
    people = _people(rng, 30)
    supervisors, owners = people[:3], people[3:]
    small = owners[-1]
    supervisor_of = {o: supervisors[i % 3] for i, o in enumerate(owners)}
    started = {o: _day(rng.integers(0, 20)) - timedelta(days=400) for o in owners}
    started[small] = B2C_SMALL_STARTED
    _write_csv(
        directory / "owners.csv",
        "Email,Full Name,Supervisor,Start date,Status",
        [[_email(s, domain), s, "", "3/1/2021", "Active"] for s in supervisors]
        + [
            [
                _email(o, domain),
                o,
                _email(supervisor_of[o], domain),
                f"{started[o].month}/{started[o].day}/{started[o].year}",
                "Active",
            ]
            for o in owners
        ],
    )

    closed = dict(
        zip(
            owners[:B2C_REGULARS],
            np.linspace(1000, 1300, B2C_REGULARS).round().astype(int),
            strict=True,
        )
    )
    part_timers = owners[B2C_REGULARS : B2C_REGULARS + B2C_PART_TIMERS]
    closed |= dict(
        zip(part_timers, np.linspace(100, 300, B2C_PART_TIMERS).round().astype(int), strict=True)
    )
    closed[small] = B2C_SMALL_CLOSED
    rows: list[list[object]] = []
    outcomes = []
    number = 500_000
    for owner in owners:
        n = int(closed[owner])
        won = B2C_SMALL_WON if owner == small else int(rng.binomial(n, rng.uniform(0.035, 0.045)))
        first = max(0, (started[owner] - YEAR_START).days)
        bookings = 0
        for is_won in _outcomes(rng, n, won):
            plan, price = B2C_PLANS[int(rng.choice(len(B2C_PLANS), p=[0.4, 0.3, 0.2, 0.1]))]
            amount = round(price * float(np.exp(rng.normal(0.0, 0.35))), 2)
            cycle = int(rng.integers(0, 15))
            created = datetime.combine(_day(rng.integers(first, 365 - cycle)), datetime.min.time())
            created += timedelta(minutes=int(rng.integers(8 * 60, 20 * 60)))
            closed_at = created + timedelta(days=cycle, minutes=int(rng.integers(5, 240)))
            closed_at = min(closed_at, datetime.combine(YEAR_END, time(23, 59)))
            bookings += round(amount * 100) if is_won else 0
            number += 1
            # The deals file writes owners' e-mails as typed: capitals and all.
            rows.append(
                [
                    number,
                    owner.replace(" ", ".") + "@" + domain,
                    f"{plan} for {rng.choice(LAST_NAMES)} household",
                    plan,
                    rng.choice(B2C_SOURCES),
                    "won" if is_won else "lost",
                    f"${amount:,.2f}",
                    _us(created),
                    _us(closed_at),
                ]
            )
        for _ in range(max(1, n // 100)):
            plan, price = B2C_PLANS[int(rng.integers(len(B2C_PLANS)))]
            created = datetime.combine(_day(rng.integers(350, 365)), datetime.min.time())
            number += 1
            rows.append(
                [
                    number,
                    _email(owner, domain),
                    f"{plan} trial",
                    plan,
                    rng.choice(B2C_SOURCES),
                    "open",
                    f"${price:,.2f}",
                    _us(created),
                    "",
                ]
            )
        outcomes.append(
            RepOutcome(
                rep_id=email_key(_email(owner, domain)),
                name=owner,
                closed=n,
                won=won,
                bookings_cents=bookings,
                team=f"{supervisor_of[owner]}'s team",
            )
        )
    order = rng.permutation(len(rows))
    _write_csv(
        directory / "deals.csv",
        "Deal #,Deal owner,Deal name,Plan,Source,Status,Amount,Created,Closed",
        [rows[i] for i in order],
    )
    mapping = directory / "mapping.toml"
    mapping.write_text(B2C_MAPPING, encoding="utf-8")
    reps = tuple(outcomes)
    return WrittenExport(
        mapping=mapping,
        reps=reps,
        facts={
            "small_owner": email_key(_email(small, domain)),
            "top_booker": max(reps, key=lambda r: r.bookings_cents).rep_id,
        },
        opportunities=len(rows),
    )
