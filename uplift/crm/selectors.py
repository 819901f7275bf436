"""Reading the import history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from uplift.core.models import Job
from uplift.crm.history import import_rejects_path
from uplift.crm.models import ImportRecord
from uplift.orgs.models import Organisation

IMPORT_JOB = "crm-import"


@dataclass(frozen=True)
class ImportEntry:
    """One line of the Imports page's history: an import that ended (its record), or one of the
    import page's jobs that has not ended (or whose worker stopped before it could say how)."""

    when: dt.datetime
    ran_by: str
    source: str
    result: str  # succeeded, failed, dry_run, queued, running
    result_label: str
    files: list[str] = field(default_factory=list)
    message: str = ""
    rows_read: int = 0
    rows_inserted: int = 0
    rows_updated: int = 0
    rows_rejected: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    seconds: float | None = None
    job_id: int | None = None
    rejects_download: bool = False  # kept with its job, for the admins to download
    rejects_file: str = ""  # where a command-line run wrote them


def _of_record(record: ImportRecord) -> ImportEntry:
    source = f"preset {record.preset}" if record.preset else record.source
    if record.export_source and record.export_source not in (record.source, record.preset):
        source += f" ({record.export_source})"
    kept = record.job_id is not None and bool(record.rejects_file)
    return ImportEntry(
        when=record.started_at,
        ran_by=record.ran_by,
        source=source,
        result=record.result,
        result_label=record.get_result_display(),
        files=list(record.files),
        message=record.message,
        rows_read=record.rows_read,
        rows_inserted=record.rows_inserted,
        rows_updated=record.rows_updated,
        rows_rejected=record.rows_rejected,
        rejected={name: rows for name, rows in record.rejected.items() if rows},
        seconds=record.seconds,
        job_id=record.job_id,
        rejects_download=kept,
        rejects_file="" if record.job_id is not None else record.rejects_file,
    )


def _of_job(job: Job) -> ImportEntry:
    return ImportEntry(
        when=job.created_at,
        ran_by=str(job.created_by) if job.created_by else "",
        source=str(job.params.get("source", "")),
        result=job.status,
        result_label=job.get_status_display(),
        message=job.error.split("\n\n", 1)[0],
        job_id=job.pk,
    )


def imports_history(*, organisation: Organisation) -> list[ImportEntry]:
    """Every import of the organisation, newest first: those recorded as they ended, from the
    import page or the command line, and the import page's jobs that have not ended yet."""
    records = ImportRecord.objects.filter(organisation=organisation).select_related(
        "started_by", "sync_run__started_by"
    )
    pending = Job.objects.filter(
        organisation=organisation, kind=IMPORT_JOB, import_record__isnull=True
    ).select_related("created_by")
    entries = [_of_record(r) for r in records] + [_of_job(j) for j in pending]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def import_rejects_of(*, job: Job) -> Path | None:
    """The rejected rows kept for the import page's job, or None when it has none."""
    path = import_rejects_path(job_id=job.pk)
    return path if job.kind == IMPORT_JOB and path.is_file() else None
