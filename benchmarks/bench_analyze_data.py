"""Canonical CRM tables at scale for `bench_analyze`, built with numpy and cached as Parquet.

Not the CSV generator: this skips the export format and writes the canonical tables directly,
fast enough for 10,000 reps, 10,000,000 opportunities and 50,000,000 activities. The model is a
simplified version of the generator's: teams with a segment focus, per-rep skill on the logit of
the segment's win rate, territory size, log-normal amounts and cycles.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from uplift.analytics import canonical

# Built once and kept outside the repository (the 10M-deal tables are 1.7 GB of Parquet).
DATA = Path(os.environ.get("UPLIFT_BENCH_DATA") or Path(tempfile.gettempdir()) / "uplift-bench")
END = date(2026, 10, 31)
AS_OF = END
CHUNK = 1_000_000
ACCOUNTS_PER_REP = 20
# Per segment (SMB, Mid-Market, Enterprise): win rate, median amount ($), median cycle (days),
# contacts per opportunity; the share of each segment in a team's book by the team's focus.
SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
WIN_RATE = np.array([0.32, 0.25, 0.18])
AMOUNT = np.array([9_000.0, 42_000.0, 300_000.0])
CYCLE = np.array([28.0, 62.0, 125.0])
BOOKS = np.array([[0.78, 0.17, 0.05], [0.15, 0.70, 0.15], [0.05, 0.25, 0.70]])
ACTIVITY_TYPES = np.array(["call", "email", "meeting", "task"])
ACTIVITY_SHARES = [0.35, 0.40, 0.15, 0.10]
STRING = pa.string()


def _quarter_end(day: date) -> date:
    following = date(day.year + day.month // 10, (day.month + 2) % 12 + 1, 1)
    return following - timedelta(days=1)


def ids(prefix: str, numbers: np.ndarray) -> pa.Array:
    digits = pa.array(numbers).cast(pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(digits, 9, "0"), "")


def const(value: object, n: int, kind: pa.DataType = STRING) -> pa.Array:
    if value is None:
        return pa.nulls(n, kind)
    return pa.array([value], kind).take(pa.array(np.zeros(n, dtype=np.int32)))


def write(path: Path, name: str, batches: Iterable[dict[str, Any]]) -> None:
    """Write ``batches`` of columns as the canonical table ``name``; missing columns are null."""
    table = next(t for t in canonical.CANONICAL_TABLES if t.name == name)
    schema = table.schema().to_pyarrow()
    with pq.ParquetWriter(path / f"{name}.parquet", schema) as writer:
        for columns in batches:
            n = len(next(iter(columns.values())))
            full = {f.name: columns.get(f.name, const(None, n, f.type)) for f in schema}
            full["source"] = const("bench", n)
            writer.write_table(pa.table(full, schema=schema))


@dataclass(frozen=True)
class Deals:
    owner: np.ndarray
    account: np.ndarray
    created: np.ndarray  # days since 1970-01-01
    close: np.ndarray
    closed: np.ndarray
    won: np.ndarray
    amount: np.ndarray  # cents
    priced: np.ndarray


def _people(path: Path, rng: np.random.Generator, reps: int) -> tuple[np.ndarray, ...]:
    """Reps in teams of 9 with a segment focus; accounts whose segments follow the team's book."""
    rep_no = np.arange(reps)
    team = rep_no // 9
    focus = rng.integers(0, 3, size=team.max() + 1)[team]
    skill, capacity = rng.normal(0, 0.6, reps), rng.lognormal(0, 0.35, reps)
    write(
        path,
        "crm_reps",
        [
            {
                "rep_id": ids("R", rep_no),
                "name": ids("Rep ", rep_no),
                "email": ids("rep", rep_no),
                "manager_id": ids("M", team),
                "team": ids("Team ", team),
                "region": ids("Region ", team % 8),
                "active": pa.array(np.ones(reps, dtype=bool)),
            }
        ],
    )
    n_accounts = reps * ACCOUNTS_PER_REP
    book = BOOKS[focus[np.arange(n_accounts) // ACCOUNTS_PER_REP]]
    segment = (rng.random(n_accounts)[:, None] > np.cumsum(book, axis=1)).sum(axis=1).clip(0, 2)
    write(
        path,
        "crm_accounts",
        [
            {
                "account_id": ids("A", np.arange(n_accounts)),
                "segment": pa.array(np.asarray(SEGMENTS, dtype=object)[segment], STRING),
            }
        ],
    )
    return skill, capacity, segment


def _deals(
    rng: np.random.Generator,
    n: int,
    skill: np.ndarray,
    capacity: np.ndarray,
    account_segment: np.ndarray,
) -> Deals:
    """Deals created over 30 months before END; won with the segment's rate shifted by skill."""
    end_day = (END - date(1970, 1, 1)).days
    owner = rng.choice(len(skill), size=n, p=capacity / capacity.sum()).astype(np.int32)
    account = owner * ACCOUNTS_PER_REP + rng.integers(0, ACCOUNTS_PER_REP, n)
    segment = account_segment[account]
    created = rng.integers(end_day - 900, end_day + 1, n).astype(np.int32)
    close = created + rng.lognormal(np.log(CYCLE[segment]), 0.5).astype(np.int32) + 1
    closed = close <= end_day
    logit = np.log(WIN_RATE / (1 - WIN_RATE))[segment] + skill[owner]
    won = closed & (rng.random(n) < 1 / (1 + np.exp(-logit)))
    amount = (np.round(rng.lognormal(np.log(AMOUNT[segment]), 0.6)) * 100).astype(np.int64)
    priced = won | ~closed | (rng.random(n) > 0.4)  # lost deals often have no amount
    return Deals(owner, account, created, close, closed, won, amount, priced)


def _deal_batches(d: Deals) -> Iterator[dict[str, Any]]:
    for lo in range(0, len(d.owner), CHUNK):
        part = slice(lo, lo + CHUNK)
        n = len(d.owner[part])
        yield {
            "opportunity_id": ids("O", np.arange(lo, lo + n)),
            "owner_id": ids("R", d.owner[part]),
            "account_id": ids("A", d.account[part]),
            "amount_cents": pa.array(d.amount[part], mask=~d.priced[part]),
            "currency": const("USD", n),
            "created_date": pa.array(d.created[part]).cast(pa.date32()),
            "close_date": pa.array(d.close[part]).cast(pa.date32()),
            "is_closed": pa.array(d.closed[part]),
            "is_won": pa.array(d.won[part]),
        }


def _role_batches(rng: np.random.Generator, n_deals: int) -> Iterator[dict[str, Any]]:
    for lo in range(0, n_deals, CHUNK):
        opp = np.repeat(
            np.arange(lo, min(lo + CHUNK, n_deals)), rng.poisson(1.0, CHUNK)[: n_deals - lo]
        )
        yield {
            "opportunity_id": ids("O", opp),
            "contact_id": ids("C", np.arange(len(opp)) + 2 * lo),
        }


def _activity_batches(rng: np.random.Generator, n: int, d: Deals) -> Iterator[dict[str, Any]]:
    last = np.minimum(d.close, (END - date(1970, 1, 1)).days)
    for lo in range(0, n, CHUNK):
        size = min(CHUNK, n - lo)
        opp = rng.integers(0, len(d.owner), size)
        seconds = (d.created[opp] + rng.random(size) * (last[opp] - d.created[opp])) * 86_400
        linked = pa.array(rng.random(size) > 0.05)  # 5 % are logged on the account only
        yield {
            "activity_id": ids("T", np.arange(lo, lo + size)),
            "owner_id": ids("R", d.owner[opp]),
            "opportunity_id": pc.if_else(linked, ids("O", opp), pa.scalar(None, STRING)),
            "account_id": ids("A", d.account[opp]),
            "type": pa.array(ACTIVITY_TYPES[rng.choice(4, size, p=ACTIVITY_SHARES)]),
            "occurred_at": pa.array((seconds * 1e6).astype(np.int64)).cast(pa.timestamp("us")),
        }


def build(path: Path, *, reps: int, opportunities: int, activities: int, seed: int) -> None:
    """The canonical tables as Parquet: reps, accounts, deals, contact roles, activities spread
    over each deal's life, and a quota per rep and quarter."""
    rng = np.random.default_rng(seed)
    path.mkdir(parents=True, exist_ok=True)
    skill, capacity, account_segment = _people(path, rng, reps)
    deals = _deals(rng, opportunities, skill, capacity, account_segment)
    write(path, "crm_opportunities", _deal_batches(deals))
    write(path, "crm_contact_roles", _role_batches(rng, opportunities))
    write(path, "crm_activities", _activity_batches(rng, activities, deals))
    quarters = [date(y, m, 1) for y in (2024, 2025, 2026) for m in (1, 4, 7, 10)]
    rep = np.repeat(np.arange(reps), len(quarters))
    write(
        path,
        "crm_quotas",
        [
            {
                "rep_id": ids("R", rep),
                "period_start": pa.array(quarters * reps, pa.date32()),
                "period_end": pa.array([_quarter_end(q) for q in quarters] * reps, pa.date32()),
                "amount_cents": pa.array((capacity[rep] * 25_000_000).astype(np.int64)),
            }
        ],
    )
    write(path, "crm_stage_history", [{"opportunity_id": pa.array([], STRING)}])
    (path / "complete").write_text("ok\n")


def dataset(reps: int, opportunities: int, activities: int, seed: int) -> Path:
    path = DATA / f"analyze-{reps}r-{opportunities}o-{activities}a-s{seed}"
    if not (path / "complete").exists():
        began = time.perf_counter()
        print(f"building {path.name} ...", file=sys.stderr)
        build(path, reps=reps, opportunities=opportunities, activities=activities, seed=seed)
        print(f"built in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return path
