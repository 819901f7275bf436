"""The load test's look into the served stores: run as `python -m tests.load.store COMMAND` with
the server's settings and UPLIFT_HOME, in a process of its own; prints JSON.

    logins                the demo password for every rep and manager; prints who they are,
                          the password and the kudos rate limit
    report RUN [--wait S] waits (at most S seconds) for the task worker to finish what is queued,
                          then counts the kudos whose message carries RUN and checks the ledger
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from collections import Counter
from typing import Any

import django


def logins() -> dict[str, Any]:
    """Every active rep and first-line manager (as the demo's logins: a manager of a team) may
    sign in with the demo password (one hash for all: hashing it per person would take longer
    than the load itself); and how many kudos one person may give in the rate limit's window
    ("30/h" gives 30)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db.models import Q

    from uplift.demo.organisation import DEMO_PASSWORD
    from uplift.orgs.models import Person, Role, Team

    first_line = Q(role=Role.MANAGER, managed_teams__kind=Team.Kind.TEAM)
    chosen = Person.objects.filter(Q(role=Role.REP) | first_line, is_active=True)
    people = Person.objects.filter(pk__in=chosen.values("pk"))
    people.update(password=make_password(DEMO_PASSWORD))
    rate = re.fullmatch(r"(\d+)/\w+", settings.UPLIFT_RATE_LIMITS["kudos"])
    if rate is None:
        raise ValueError(f"unreadable kudos rate {settings.UPLIFT_RATE_LIMITS['kudos']!r}")
    return {
        "people": [
            {"email": email, "role": "rep" if role == Role.REP else "manager"}
            for email, role in people.order_by("email").values_list("email", "role")
        ],
        "password": DEMO_PASSWORD,
        "kudos_limit": int(rate[1]),
    }


def _tasks_unfinished() -> int:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    unfinished = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    return DBTaskResult.objects.filter(status__in=unfinished).count()


def _tasks_failed() -> list[str]:
    from django_tasks_db.models import DBTaskResult

    return [
        f"{r.task_path}: {r.exception_class_path}"
        for r in DBTaskResult.objects.failed().only("task_path", "exception_class_path")
    ]


def _ledger_missing() -> int:
    """Entries a ledger sync would still add now (tried, then rolled back): 0 once the worker
    has brought the ledger up to date with every kudos."""
    from django.db import transaction

    from uplift.orgs.models import Organisation
    from uplift.recognition.ledger import ledger_sync

    missing = 0
    for organisation in Organisation.objects.all():
        with transaction.atomic():
            missing += ledger_sync(organisation=organisation).appended
            transaction.set_rollback(True)
    return missing


def report(run: str, wait: float) -> dict[str, Any]:
    from uplift.recognition.models import Kudos, PointsEntry

    deadline = time.monotonic() + wait
    while _tasks_unfinished() and time.monotonic() < deadline:
        time.sleep(0.5)
    stored = Counter(Kudos.objects.filter(message__contains=run).values_list("message", flat=True))
    awards = Counter(
        PointsEntry.objects.filter(reverses__isnull=True, source_id__isnull=False).values_list(
            "organisation_id", "event", "source_id", "person_id"
        )
    )
    unfinished = _tasks_unfinished()
    return {
        "stored": dict(stored),
        "ledger_duplicates": [list(award) for award, times in awards.items() if times > 1],
        "ledger_entries": sum(awards.values()),
        "tasks_unfinished": unfinished,
        "tasks_failed": _tasks_failed(),
        "ledger_missing": None if unfinished else _ledger_missing(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("logins")
    counting = commands.add_parser("report")
    counting.add_argument("run")
    counting.add_argument("--wait", type=float, default=0.0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    result = logins() if args.command == "logins" else report(args.run, args.wait)
    print(json.dumps(result))  # noqa: T201  (read by the harness)


if __name__ == "__main__":
    main()
