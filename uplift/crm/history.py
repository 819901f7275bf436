"""The import history: every CRM import recorded the same way, from the import page or the CLI."""

from __future__ import annotations

import datetime as dt
import getpass
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from uplift.audit.models import Action
from uplift.audit.services import audit_record
from uplift.crm.importers.errors import ImportInputError
from uplift.crm.importers.mapping import MappingError, mapping_read
from uplift.crm.importers.summary import ImportSummary
from uplift.crm.models import ImportRecord
from uplift.crm.presets import preset_named_by
from uplift.orgs.models import Organisation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportRun:
    """Who or what runs an import: a person through the import page (and its job), or the
    command line, recorded with the OS user that ran it."""

    started_by_id: int | None = None
    job_id: int | None = None
    sync_run_id: int | None = None  # a CRM sync (it says who or what started it)

    @property
    def command_line_user(self) -> str:
        if self.started_by_id is not None or self.job_id is not None or self.sync_run_id:
            return ""
        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no name for the process's user (a bare container)
            return ""


def import_rejects_path(*, job_id: int) -> Path:
    """Where the rejected rows of the import page's job `job_id` are kept."""
    return Path(settings.UPLIFT_HOME) / "rejects" / f"job-{job_id}.csv"


def _files_named(location: Path) -> list[str]:
    """The export's files, for an import that ended before saying which it read."""
    if location.is_dir():
        return sorted(p.name for p in location.iterdir() if p.is_file())
    try:
        mapping = mapping_read(location)
    except (MappingError, OSError):
        return [location.name]
    return [location.name, *dict.fromkeys(f.path.name for f in mapping.files)]


def _files_read(summary: ImportSummary) -> list[str]:
    names = [read.file for read in summary.files] or [
        name for e in summary.entities for name in e.file.split(", ")
    ]
    return list(dict.fromkeys(names))


def import_record_create(
    *,
    organisation: Organisation,
    run: ImportRun,
    source: str,
    location: Path,
    dry_run: bool,
    skip_invalid: bool,
    started_at: dt.datetime,
    seconds: float,
    summary: ImportSummary | None = None,
    failure: BaseException | None = None,
) -> ImportRecord | None:
    """Record an import that ended: its summary, or the failure that stopped it.

    Called once the import's own transaction is over, so a failed import is recorded too. A
    record that cannot be written is logged and never hides the import's own outcome."""
    preset = preset_named_by(location) if source == "csv" else None
    fields: dict[str, Any] = {
        "organisation": organisation,
        "job_id": run.job_id,
        "started_by_id": run.started_by_id,
        "sync_run_id": run.sync_run_id,
        "command_line_user": run.command_line_user,
        "source": "preset" if preset else source,
        "preset": preset or "",
        "location": str(location)[:1000],
        "dry_run": dry_run,
        "skip_invalid": skip_invalid,
        "started_at": started_at,
        "seconds": round(seconds, 3),
    }
    if summary is not None:
        fields |= {
            "result": ImportRecord.Result.DRY_RUN if dry_run else ImportRecord.Result.SUCCEEDED,
            "export_source": summary.source[:40],
            "files": _files_read(summary),
            "rows_read": summary.rows_read,
            "rows_inserted": sum(e.inserted for e in summary.entities),
            "rows_updated": sum(e.updated for e in summary.entities),
            "rows_rejected": summary.rows_rejected,
            "rejected": summary.rejected,
            "rejects_file": summary.rejects_file or "",
        }
    else:
        kind = type(failure).__name__
        words = str(failure) if isinstance(failure, ImportInputError) else f"{kind}: {failure}"
        fields |= {
            "result": ImportRecord.Result.FAILED,
            "message": words.removesuffix(": "),
            "files": _files_named(location),
        }
    try:
        audit_record(
            action=Action.IMPORTED,
            organisation_id=organisation.pk,
            actor_id=run.started_by_id,
            detail=f"{fields['source']} import, {fields['result'].label.lower()}",
        )
        if run.job_id is not None:  # a job started again after its worker stopped: one record
            fields.pop("job_id")
            return ImportRecord.objects.update_or_create(job_id=run.job_id, defaults=fields)[0]
        return ImportRecord.objects.create(**fields)
    except Exception:
        logger.exception("the import of %s could not be recorded", location)
        return None
