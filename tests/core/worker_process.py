"""Processes of a real installation (UPLIFT_HOME and settings from the environment), for the
tests that kill workers.

    python -m tests.core.worker_process worker     # `uplift worker`, also knowing "test-held"
    python -m tests.core.worker_process queue KIND # queue a job of an organisation; print its id

A "test-held" job writes `held-<job>-<attempt>` in UPLIFT_HOME when it starts, then waits until a
file `release` appears there, so that a test can kill its worker while it runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any


def _register_held_job() -> None:
    from django.conf import settings

    from uplift.core.jobs import Progress, job_handler
    from uplift.core.models import Job

    @job_handler("test-held")
    def held(job: Job, progress: Progress) -> dict[str, Any]:
        home = Path(settings.UPLIFT_HOME)
        (home / f"held-{job.pk}-{job.attempts}").touch()
        progress(0, 1, "held until released")
        deadline = time.monotonic() + 300
        while not (home / "release").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return {"attempt": job.attempts}


def main() -> None:
    import django

    django.setup()
    _register_held_job()
    command = sys.argv[1]
    if command == "worker":
        from uplift.cli import main as uplift

        uplift(["worker"])
    elif command == "queue":
        from django.db import transaction

        from uplift.core.jobs import job_start
        from uplift.orgs.models import Organisation

        organisation, _ = Organisation.objects.get_or_create(slug="acme", defaults={"name": "Acme"})
        with transaction.atomic():
            job = job_start(
                kind=sys.argv[2],
                title=f"A {sys.argv[2]} job",
                organisation_id=organisation.pk,
                created_by_id=None,
            )
        sys.stdout.write(f"{job.pk}\n")


if __name__ == "__main__":
    main()
