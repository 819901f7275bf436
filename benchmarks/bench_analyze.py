"""Speed of `analyze`: per-rep scorecards three ways, and the whole performance analysis.

Builds canonical CRM tables as Parquet with numpy (cached under benchmarks/data/, git-ignored),
then runs each variant in its own process, so that wall time and peak memory are its own:

- ``ibis``: the scorecard expression of ``uplift.analytics.metrics`` on DuckDB;
- ``sql``: a hand-written DuckDB SQL query computing the same table;
- ``pandas``: the same table with pandas;
- ``analyse``: the whole ``analyse_performance`` (scorecards for the window, months and
  quarters, mix adjustment, bands, gap, trend) on DuckDB.

The three scorecard results are compared row by row before anything is reported.

    .venv/bin/python -m benchmarks.bench_analyze [--reps N] [--opportunities N]
        [--activities N] [--record]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.bench_analyze_data import AS_OF, dataset
from uplift.analytics import canonical

VARIANTS = ("ibis", "sql", "pandas", "analyse")
WINDOW_START = date(2025, 11, 1)  # the trailing twelve months ending at AS_OF

HAND_SQL = """
WITH closed AS (
    SELECT source, owner_id AS rep_id, is_won, amount_cents,
           date_diff('day', created_date, close_date) AS cycle
    FROM crm_opportunities
    WHERE is_closed AND close_date BETWEEN $start AND $end
), outcomes AS (
    SELECT source, rep_id, count(*) AS deals_closed, count(*) FILTER (is_won) AS deals_won,
           sum(amount_cents) FILTER (is_won) AS bookings_cents,
           count(amount_cents) FILTER (is_won) AS won_with_amount,
           quantile_cont(cycle, 0.5) FILTER (is_won) AS median_cycle_days
    FROM closed GROUP BY ALL
), contacts AS (
    SELECT o.source, o.owner_id AS rep_id, count(*) AS contacts
    FROM crm_contact_roles r JOIN crm_opportunities o USING (source, opportunity_id)
    WHERE o.is_closed AND o.close_date BETWEEN $start AND $end
    GROUP BY ALL
), pipeline AS (
    SELECT source, owner_id AS rep_id, count(*) AS opportunities_created,
           sum(amount_cents) AS pipeline_created_cents
    FROM crm_opportunities WHERE created_date BETWEEN $start AND $end GROUP BY ALL
), touches AS (
    SELECT source, rep_id, count(*) AS opportunities_worked, sum(calls) AS calls,
           sum(emails) AS emails, sum(meetings) AS meetings
    FROM (
        SELECT source, owner_id AS rep_id, opportunity_id,
               count(*) FILTER (type = 'call') AS calls,
               count(*) FILTER (type = 'email') AS emails,
               count(*) FILTER (type = 'meeting') AS meetings
        FROM crm_activities
        WHERE opportunity_id IS NOT NULL
          AND occurred_at >= $start::TIMESTAMP AND occurred_at < ($end + 1)::TIMESTAMP
        GROUP BY ALL
    ) GROUP BY ALL
), quota AS (
    SELECT source, rep_id,
           sum(amount_cents::DOUBLE * (least(period_end, $end) - greatest(period_start, $start) + 1)
               / (period_end - period_start + 1)) AS quota_cents
    FROM crm_quotas WHERE period_start <= $end AND period_end >= $start GROUP BY ALL
), reps AS (
    SELECT source, rep_id FROM outcomes UNION SELECT source, rep_id FROM pipeline
    UNION SELECT source, rep_id FROM contacts
    UNION SELECT source, rep_id FROM touches UNION SELECT source, rep_id FROM quota
)
SELECT r.source, r.rep_id,
       coalesce(deals_closed, 0) AS deals_closed, coalesce(deals_won, 0) AS deals_won,
       deals_won / nullif(deals_closed, 0) AS win_rate,
       coalesce(bookings_cents, 0) AS bookings_cents,
       bookings_cents / nullif(won_with_amount, 0) AS avg_won_deal_cents,
       median_cycle_days,
       coalesce(opportunities_created, 0) AS opportunities_created,
       coalesce(pipeline_created_cents, 0) AS pipeline_created_cents,
       coalesce(opportunities_worked, 0) AS opportunities_worked,
       coalesce(calls, 0) AS calls, coalesce(emails, 0) AS emails,
       coalesce(meetings, 0) AS meetings,
       calls / nullif(opportunities_worked, 0) AS calls_per_opportunity,
       emails / nullif(opportunities_worked, 0) AS emails_per_opportunity,
       meetings / nullif(opportunities_worked, 0) AS meetings_per_opportunity,
       coalesce(contacts, 0) AS contacts,
       contacts / nullif(deals_closed, 0) AS contacts_per_opportunity,
       quota_cents, coalesce(bookings_cents, 0) / nullif(quota_cents, 0) AS quota_attainment
FROM reps r
LEFT JOIN outcomes USING (source, rep_id) LEFT JOIN contacts USING (source, rep_id)
LEFT JOIN pipeline USING (source, rep_id)
LEFT JOIN touches USING (source, rep_id) LEFT JOIN quota USING (source, rep_id)
"""


def _duckdb_views(path: Path) -> Any:
    import ibis

    con = ibis.duckdb.connect()
    for table in canonical.CANONICAL_TABLES:
        con.read_parquet(path / f"{table.name}.parquet", table_name=table.name)
    return con


def run_ibis(path: Path) -> pa.Table:
    from uplift.analytics.metrics import crm_tables, scorecards, trailing_window

    con = _duckdb_views(path)
    try:
        table = scorecards(crm_tables(con), trailing_window(AS_OF), "window")
    finally:
        con.disconnect()
    return table.drop_columns(["period_key", "period_start", "period_end"])


def run_sql(path: Path) -> pa.Table:
    import duckdb

    con = duckdb.connect()
    for table in canonical.CANONICAL_TABLES:
        source = path / f"{table.name}.parquet"
        # Our own table names and paths, no outside input.
        con.execute(f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{source}')")  # noqa: S608
    # Dates inline: binding Python dates as parameters makes DuckDB import pandas (2 s).
    query = HAND_SQL.replace("$start", f"DATE '{WINDOW_START}'")
    try:
        return con.execute(query.replace("$end", f"DATE '{AS_OF}'")).to_arrow_table()
    finally:
        con.close()


def run_pandas(path: Path) -> pa.Table:
    import pandas as pd

    start, end = pd.Timestamp(WINDOW_START), pd.Timestamp(AS_OF)
    keys = ["source", "rep_id"]

    def read(name: str, columns: list[str]) -> pd.DataFrame:
        return pd.read_parquet(path / f"{name}.parquet", columns=columns)

    columns = [
        "source",
        "opportunity_id",
        "owner_id",
        "amount_cents",
        "created_date",
        "close_date",
        "is_closed",
        "is_won",
    ]
    opp = read("crm_opportunities", columns)
    opp = opp.rename(columns={"owner_id": "rep_id"})
    opp["created_date"] = pd.to_datetime(opp["created_date"])
    opp["close_date"] = pd.to_datetime(opp["close_date"])
    closed = opp[opp.is_closed & opp.close_date.between(start, end)]
    roles = read("crm_contact_roles", ["source", "opportunity_id"])
    on_closed = roles.merge(closed[["source", "opportunity_id", "rep_id"]])
    won = closed[closed.is_won].assign(cycle=lambda d: (d.close_date - d.created_date).dt.days)
    outcomes = closed.groupby(keys).agg(
        deals_closed=("is_won", "size"), deals_won=("is_won", "sum")
    )
    outcomes = outcomes.join(on_closed.groupby(keys).size().rename("contacts"), how="outer")
    outcomes = outcomes.join(
        won.groupby(keys).agg(
            bookings_cents=("amount_cents", "sum"),
            won_with_amount=("amount_cents", "count"),
            median_cycle_days=("cycle", "median"),
        )
    )
    created = opp[opp.created_date.between(start, end)]
    pipeline = created.groupby(keys).agg(
        opportunities_created=("opportunity_id", "size"),
        pipeline_created_cents=("amount_cents", "sum"),
    )
    act = read("crm_activities", ["source", "owner_id", "opportunity_id", "type", "occurred_at"])
    inside = (act.occurred_at >= start) & (act.occurred_at < end + pd.Timedelta(days=1))
    act = act[act.opportunity_id.notna() & inside].rename(columns={"owner_id": "rep_id"})
    touches = act.groupby(keys).agg(opportunities_worked=("opportunity_id", "nunique"))
    kinds = act.groupby([*keys, "type"]).size().unstack(fill_value=0)
    kinds = kinds.reindex(columns=["call", "email", "meeting"], fill_value=0)
    touches = touches.join(
        kinds.rename(columns={"call": "calls", "email": "emails", "meeting": "meetings"})
    )
    quotas = read("crm_quotas", ["source", "rep_id", "period_start", "period_end", "amount_cents"])
    for column in ("period_start", "period_end"):
        quotas[column] = pd.to_datetime(quotas[column])
    quotas = quotas[(quotas.period_start <= end) & (quotas.period_end >= start)]
    covered = (
        quotas.period_end.clip(upper=end) - quotas.period_start.clip(lower=start)
    ).dt.days + 1
    length = (quotas.period_end - quotas.period_start).dt.days + 1
    quota = (quotas.amount_cents * covered / length).groupby([quotas.source, quotas.rep_id]).sum()
    out = outcomes.join([pipeline, touches, quota.rename("quota_cents")], how="outer")
    counts = [
        "deals_closed",
        "deals_won",
        "bookings_cents",
        "won_with_amount",
        "contacts",
        "opportunities_created",
        "pipeline_created_cents",
        "opportunities_worked",
        "calls",
        "emails",
        "meetings",
    ]
    out[counts] = out[counts].fillna(0).astype("int64")

    def ratio(a: str, b: str) -> Any:
        return out[a] / out[b].where(out[b] > 0)

    out = out.assign(
        win_rate=ratio("deals_won", "deals_closed"),
        avg_won_deal_cents=ratio("bookings_cents", "won_with_amount"),
        calls_per_opportunity=ratio("calls", "opportunities_worked"),
        emails_per_opportunity=ratio("emails", "opportunities_worked"),
        meetings_per_opportunity=ratio("meetings", "opportunities_worked"),
        contacts_per_opportunity=ratio("contacts", "deals_closed"),
        quota_attainment=ratio("bookings_cents", "quota_cents"),
    )
    return pa.Table.from_pandas(out.reset_index(), preserve_index=False)


def run_analyse(path: Path) -> dict[str, Any]:
    from uplift.analytics.performance import analyse_performance

    con = _duckdb_views(path)
    began = time.perf_counter()
    try:
        analysis = analyse_performance(con, as_of=AS_OF)
    finally:
        con.disconnect()
    computed = time.perf_counter() - began
    began = time.perf_counter()
    document = json.dumps(analysis.to_dict(), allow_nan=False)
    return {
        "seconds": computed,
        "to_dict_seconds": time.perf_counter() - began,
        "ranked": analysis.segments.bands.n_ranked,
        "json_mb": len(document) / 1e6,
        "annual_value": analysis.gap.opportunity.to_dict()["annual_value"],
    }


def _import_libraries(variant: str) -> None:
    if variant == "pandas":
        import pandas as pd  # noqa: F401
    elif variant == "sql":
        import duckdb  # noqa: F401
    else:
        import ibis.backends.duckdb  # noqa: F401

        import uplift.analytics.performance  # noqa: F401


def run_variant(variant: str, path: Path, out: Path, repeat: int) -> None:
    """Run one variant ``repeat`` times in this process; write the first (cold) and best wall
    times and the peak memory as JSON to ``out``.

    Libraries are imported before the clock starts: the time is the work on the data."""
    _import_libraries(variant)
    run = {"ibis": run_ibis, "sql": run_sql, "pandas": run_pandas, "analyse": run_analyse}[variant]
    times, result = [], None
    for _ in range(repeat):
        began = time.perf_counter()
        result = run(path)
        # analyse reports its own time, without the to_dict() that follows it
        times.append(
            result.pop("seconds") if isinstance(result, dict) else time.perf_counter() - began
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report: dict[str, Any] = {"seconds": min(times), "first": times[0], "peak_mb": peak_mb}
    if isinstance(result, pa.Table):
        pq.write_table(result, out.with_suffix(".parquet"))
        report["rows"] = result.num_rows
    else:
        report.update(result or {})
    out.write_text(json.dumps(report))


def _same(value: Any, other: Any) -> bool:
    if value is None or other is None:
        return value is None and other is None
    if isinstance(value, str) or isinstance(other, str):
        return bool(value == other)
    return math.isclose(float(value), float(other), rel_tol=1e-9, abs_tol=1e-9)


def same_scorecards(tables: dict[str, pa.Table]) -> None:
    """Every variant's table holds the same rows (numbers to 1e-9, relative)."""
    columns = tables["ibis"].column_names
    order = [("source", "ascending"), ("rep_id", "ascending")]
    rows = {name: t.select(columns).sort_by(order).to_pylist() for name, t in tables.items()}
    reference = rows.pop("ibis")
    for name, got in rows.items():
        if len(got) != len(reference):
            raise AssertionError(f"{name}: {len(got)} rows, ibis {len(reference)}")
        for mine, theirs in zip(got, reference, strict=True):
            wrong = [key for key in columns if not _same(theirs[key], mine[key])]
            if wrong:
                raise AssertionError(f"{name} differs from ibis for {theirs['rep_id']}: {wrong}")


def measure(variant: str, path: Path, work: Path, repeat: int) -> dict[str, Any]:
    out = work / variant
    command = [
        sys.executable,
        "-m",
        "benchmarks.bench_analyze",
        "--variant",
        variant,
        "--data",
        str(path),
        "--out",
        str(out),
        "--repeat",
        str(repeat),
    ]
    subprocess.run(command, check=True, cwd=Path(__file__).resolve().parent.parent)  # noqa: S603
    report: dict[str, Any] = json.loads(out.read_text())
    if out.with_suffix(".parquet").exists():
        report["table"] = pq.read_table(out.with_suffix(".parquet"))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=10_000)
    parser.add_argument("--opportunities", type=int, default=10_000_000)
    parser.add_argument("--activities", type=int, default=50_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant; the best counts")
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    parser.add_argument("--variant", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.variant:
        run_variant(args.variant, args.data, args.out, args.repeat)
        return
    args.load = os.getloadavg()[0]
    path = dataset(args.reps, args.opportunities, args.activities, args.seed)
    with tempfile.TemporaryDirectory(prefix="uplift-bench-analyze-") as work:
        results = {v: measure(v, path, Path(work), args.repeat) for v in args.variants.split(",")}
    tables = {name: r.pop("table") for name, r in results.items() if "table" in r}
    if {"ibis", "sql", "pandas"} <= tables.keys():
        same_scorecards(tables)
    print(json.dumps(results, indent=2))
    body = report(args, path, results)
    print(body)
    if args.record:
        from benchmarks.record import record

        record(
            f"analyze-{args.opportunities}",
            f"analyze at {args.opportunities:,} opportunities",
            body,
        )


LABELS = {
    "ibis": "scorecards: Ibis expression on DuckDB",
    "sql": "scorecards: hand-written DuckDB SQL",
    "pandas": "scorecards: pandas",
    "analyse": "whole `analyse_performance` on DuckDB",
}


def report(args: argparse.Namespace, path: Path, results: dict[str, dict[str, Any]]) -> str:
    size = sum(p.stat().st_size for p in path.glob("*.parquet")) / 1e9
    lines = [
        (
            f"{args.reps:,} reps, {args.opportunities:,} opportunities, {args.activities:,} "
            "activities (plus about one contact role per opportunity and a quota per rep and "
            f"quarter): {size:.2f} GB of Parquet built with numpy. Each variant runs in its own "
            f"process, {args.repeat} times, from the Parquet files to the per-rep table of the "
            "trailing twelve months; libraries are imported before the clock starts. Load "
            f"average before the run: {args.load:.1f} (other work shared the cores)."
        ),
        "",
        "| variant | best wall s | first run s | peak MB | vs hand SQL |",
        "|---|---:|---:|---:|---:|",
    ]
    sql = results.get("sql", {}).get("seconds")
    for name, result in results.items():
        ratio = f"{result['seconds'] / sql:.2f}x" if sql else "-"
        lines.append(
            f"| {LABELS[name]} | {result['seconds']:.2f} | {result['first']:.2f} "
            f"| {result['peak_mb']:,.0f} | {ratio} |"
        )
    if {"ibis", "pandas"} <= results.keys():
        speedup = results["pandas"]["seconds"] / results["ibis"]["seconds"]
        lines += ["", f"Ibis on DuckDB is {speedup:.1f}x faster than pandas."]
    if "analyse" in results:
        a = results["analyse"]
        lines += [
            "",
            (
                f"`analyse_performance` ranked {a['ranked']:,} reps (scorecards for the window, "
                "12 months and the quarters, mix adjustment, shrinkage with 4,000 draws, bands, "
                f"gap, trend); `to_dict()` and JSON took a further {a['to_dict_seconds']:.1f} s "
                f"({a['json_mb']:.0f} MB, mostly the monthly and quarterly scorecards)."
            ),
        ]
    lines += ["", "The three scorecard tables were checked equal row by row before recording."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
