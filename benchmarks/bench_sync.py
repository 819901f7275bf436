"""A full CRM sync beside a file import of the same records, in one run.

The synthetic Salesforce export at the mapped import benchmark's size (700 reps x 24 months,
about 1.7 million rows; benchmarks/bench_import_mapped.py; cached under benchmarks/data/) is
served by the local fake Salesforce (tests/crm/sync/fake_salesforce.py: REST
query pages of 2,000 records and Bulk API 2.0 result sets, as Salesforce answers) on
127.0.0.1 over HTTPS. The fake org is frozen first: its bulk result sets are rendered before the
clock starts and sent as they are, so the time measured is the sync's, not the fake server's
(the server's CPU time during the sync is reported beside it). Then, each in a fresh process
against its own throw-away UPLIFT_HOME:

1. `uplift import salesforce EXPORT` (the files);
2. `uplift sync salesforce --instance-url URL --access-token TOKEN` (the same records, read
   over HTTP page by page, landed, then imported).

Goal: the sync within 2x the file import's wall time.

    .venv/bin/python -m benchmarks.bench_sync [--reps 700] [--months 24] [--record]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import django
import trustme
from werkzeug import Request
from werkzeug.serving import make_server

from benchmarks.bench_import import DATA, run_command
from benchmarks.record import record
from tests.crm.sync.fake_salesforce import FakeSalesforce
from tests.crm.sync.salesforce_org import FakeOrg
from uplift.synthetic import generate_export


def fresh_home(prefix: str) -> Path:
    home = Path(tempfile.mkdtemp(prefix=prefix))
    env = {**os.environ, "UPLIFT_HOME": str(home), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("UPLIFT_ANALYTICS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "uplift.cli", "init"], env=env, check=True, capture_output=True
    )
    return home


def serve(fake: FakeSalesforce, folder: Path) -> str:
    """The fake Salesforce on 127.0.0.1 over HTTPS (a throw-away CA's certificate, which the
    `uplift` processes trust through REQUESTS_CA_BUNDLE), in a thread of this process; its
    instance URL."""
    ca = trustme.CA()
    bundle = folder / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    os.environ["REQUESTS_CA_BUNDLE"] = str(bundle)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # not a line per request
    server = make_server(
        "127.0.0.1", 0, Request.application(fake), threaded=True, ssl_context=context
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake.base_url = f"https://127.0.0.1:{server.server_port}"
    return fake.base_url


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=700)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--record", action="store_true", help="write the result to BENCHMARKS.md")
    args = parser.parse_args()

    export = DATA / f"salesforce-{args.reps}x{args.months}"
    if not (export / "truth.json").exists():
        print(f"generating {export} …", flush=True)
        generate_export(export, reps=args.reps, months=args.months, seed=1)
    fake = FakeSalesforce(FakeOrg.from_export(export))
    fake.api_limit = 10**9  # the allowance is not what is measured here
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()  # the connector's queries, asked of the fake server as a sync asks them
    from uplift.crm.sync.salesforce import BULK_PAGE_SIZE, soql
    from uplift.crm.sync.salesforce_objects import salesforce_objects

    large = [soql(obj, None) for obj in salesforce_objects({}) if obj.large]
    fake.freeze(large, BULK_PAGE_SIZE)
    url = serve(fake, Path(tempfile.mkdtemp(prefix="uplift-bench-sync-ca-")))
    token = fake.issue_access_token()

    import_s, import_kb, out = run_command(
        fresh_home("uplift-bench-sync-import-"), "import", "salesforce", str(export), "--json"
    )
    rows = sum(int(e["read"]) for e in json.loads(out)["entities"])
    load = os.getloadavg()[0]
    server_cpu = time.process_time()
    sync_s, sync_kb, out = run_command(
        fresh_home("uplift-bench-sync-"),
        "sync",
        "salesforce",
        "--instance-url",
        url,
        "--access-token",
        token,
        "--json",
    )
    server_cpu = time.process_time() - server_cpu
    synced = json.loads(out)
    ratio = sync_s / import_s
    verdict = "within" if ratio <= 2 else "over"
    body = (
        f"A synthetic Salesforce organisation ({args.reps:,} reps x {args.months} months, "
        f"{rows:,} rows as the file import reads them) imported from its export files, then "
        "synced in full from the local fake Salesforce (REST pages of 2,000 records, Bulk API "
        "2.0 sets for large objects) over HTTPS on 127.0.0.1 into a second fresh store, each "
        "in a fresh process (start-up included). The fake server runs in the benchmark's "
        f"process and shares the cores: it used {server_cpu:.1f} s of CPU during the sync "
        f"({server_cpu / sync_s:.0%} of the sync's wall time), its bulk result sets rendered "
        f"before the clock started. Load average (1 minute) before the sync: {load:.1f}.\n\n"
        "| run | wall time | rows/s | peak memory |\n"
        "|---|---:|---:|---:|\n"
        f"| file import | {import_s:.1f} s | {rows / import_s:,.0f} | "
        f"{import_kb / 2**20:.2f} GB |\n"
        f"| full sync | {sync_s:.1f} s | {rows / sync_s:,.0f} | {sync_kb / 2**20:.2f} GB |\n\n"
        f"The sync took {ratio:.2f}x the file import: {verdict} the goal of 2x. "
        f"Requests served: {dict(fake.served.requests)}; sync status "
        f"{synced.get('status')!r}."
    )
    print(body)
    if args.record:
        record("sync", "Full CRM sync beside a file import", body)


if __name__ == "__main__":
    main()
