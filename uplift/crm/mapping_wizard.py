"""The mapping wizard's writes: an export uploaded without a mapping is read, proposed, corrected,
previewed, saved as a mapping for the organisation and imported.

Each step keeps its state in a MappingDraft (the upload's folder, what was read of each file,
the choices so far). The import is the import page's own job (`crm-import` with the mapping
file the wizard wrote beside the files), so its progress, summary and history are those of any
import; the upload's folder is the job's from then on, deleted when it has run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from uplift.core.jobs import job_start
from uplift.core.models import Job
from uplift.core.refusals import Conflict, Invalid
from uplift.crm.column_profiles import FileSample
from uplift.crm.export_samples import READABLE_SUFFIXES, file_sample
from uplift.crm.header_names import fold
from uplift.crm.importers.errors import ImportInputError
from uplift.crm.importers.mapping import mapping_read
from uplift.crm.mapping_drafts import (
    FileChoice,
    MappingChoices,
    Problem,
    choices_problems,
    mapping_toml,
    preset_toml,
)
from uplift.crm.mapping_preview import MappingPreview, mapping_preview
from uplift.crm.mapping_proposals import file_propose, mapping_propose
from uplift.crm.models import MappingDraft, SavedMapping
from uplift.crm.presets import preset_get
from uplift.crm.uploads import UploadRefused, upload_save
from uplift.orgs.models import Organisation, Person

MAPPING_FILE = "mapping.toml"  # written beside the uploaded files, as the command line reads it
MAX_FILES = 20
DRAFT_LIFETIME = dt.timedelta(days=2)  # an abandoned draft's upload is deleted after this
FITS = 0.5  # the share of a saved file's headers a new file must have to be read the same way


class WizardError(Invalid):
    """What the wizard cannot take, said so the admin can act on it."""


def _folder(draft: MappingDraft, home: Path) -> Path:
    return home / "uploads" / draft.folder


def _discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _readable(folder: Path) -> list[Path]:
    """The upload's files, each a CSV file or a spreadsheet; anything else is refused."""
    files = sorted(p for p in folder.iterdir() if p.is_file())
    for path in files:
        if path.name.lower() == MAPPING_FILE:
            raise WizardError(
                "The wizard writes the mapping itself: to import with your own mapping.toml, "
                "upload it on the Imports page (Other CRM, with a mapping file)."
            )
        if path.suffix.lower() not in READABLE_SUFFIXES:
            kinds = ", ".join(READABLE_SUFFIXES)
            raise WizardError(
                f"{path.name} is not a CSV file or a spreadsheet: upload only the export's "
                f"files ({kinds})."
            )
    if not files:
        raise WizardError("The upload holds no file: choose the export's files.")
    if len(files) > MAX_FILES:
        raise WizardError(
            f"The upload holds {len(files)} files; the wizard maps at most {MAX_FILES}."
        )
    return files


def mapping_drafts_expire(*, organisation: Organisation, home: Path) -> int:
    """Delete the organisation's drafts left unfinished for DRAFT_LIFETIME, with their uploads."""
    old = MappingDraft.objects.filter(
        organisation=organisation,
        job__isnull=True,
        updated_at__lt=timezone.now() - DRAFT_LIFETIME,
    )
    for draft in old:
        _discard(_folder(draft, home))
    return int(old.delete()[0])


def _fit_file(saved: FileChoice, sample: FileSample) -> FileChoice:
    """A saved file's choices for a new file with (mostly) the same headers."""
    present = {fold(h): h for h in sample.headers}
    columns = [c for c in saved.columns if fold(c.header) in present]
    for column in columns:
        column.header = present[fold(column.header)]
    read = {fold(c.header) for c in columns}
    used = {c.target for c in columns}
    for column in file_propose(sample, saved.entity).columns:
        if fold(column.header) not in read:
            taken = column.target in used
            columns.append(replace(column, target="" if taken else column.target))
    order = {h: i for i, h in enumerate(sample.headers)}
    columns.sort(key=lambda c: order[c.header])
    outcome = present.get(fold(saved.outcome), "")
    return FileChoice(
        file=sample.name,
        entity=saved.entity,
        sheet=sample.sheet,
        delimiter=sample.delimiter,
        encoding=sample.encoding,
        columns=columns,
        outcome=outcome,
        outcome_words=saved.outcome_words if outcome else [],
        type_words=saved.type_words,
        activity_type=saved.activity_type,
    )


def saved_mapping_fit(saved: SavedMapping, samples: Sequence[FileSample]) -> MappingChoices:
    """A saved mapping's choices for a new export: each new file read as the saved file whose
    headers it has most of (at least FITS of them); a file like none of them is proposed anew."""
    choices = MappingChoices.from_dict(saved.choices)
    proposed = mapping_propose(samples)
    files = []
    taken: set[int] = set()
    for index, sample in enumerate(samples):
        mine = {fold(h) for h in sample.headers}
        best, best_share = None, FITS
        for number, headers in enumerate(saved.headers):
            wanted = {fold(h) for h in headers}
            share = len(wanted & mine) / len(wanted) if wanted else 0.0
            if number not in taken and share >= best_share:
                best, best_share = number, share
        if best is None or best >= len(choices.files):
            files.append(proposed.files[index])
            continue
        taken.add(best)
        files.append(_fit_file(choices.files[best], sample))
    return MappingChoices(
        source=choices.source,
        rep_key=choices.rep_key,
        account_key=choices.account_key,
        files=files,
        preset=choices.preset if len(taken) == len(samples) else "",
    )


def mapping_draft_create(
    *,
    organisation: Organisation,
    person: Person,
    files: Sequence[UploadedFile[Any]],
    home: Path,
    max_bytes: int,
    reuse: SavedMapping | None = None,
) -> MappingDraft:
    """Save the upload, read the first rows of each file and propose the mapping (or fit the
    saved mapping `reuse` to it). A file that cannot be read is refused, naming it and why,
    and nothing of the upload is kept."""
    try:
        folder = upload_save(files=files, home=home, max_bytes=max_bytes)
    except UploadRefused as exc:
        raise WizardError(str(exc), field="files") from exc
    try:
        samples = [file_sample(path) for path in _readable(folder)]
        choices = saved_mapping_fit(reuse, samples) if reuse else mapping_propose(samples)
    except ImportInputError as exc:
        _discard(folder)
        raise WizardError(f"Nothing was kept. {exc}", field="files") from exc
    except BaseException:
        _discard(folder)
        raise
    mapping_drafts_expire(organisation=organisation, home=home)
    return MappingDraft.objects.create(
        organisation=organisation,
        created_by=person,
        folder=folder.name,
        samples=[s.as_dict() for s in samples],
        choices=choices.as_dict(),
        reused=reuse,
    )


def draft_samples(draft: MappingDraft) -> list[FileSample]:
    return [FileSample.from_dict(s) for s in draft.samples]


def draft_choices(draft: MappingDraft) -> MappingChoices:
    return MappingChoices.from_dict(draft.choices)


def _open(draft: MappingDraft) -> None:
    if draft.job_id is not None:
        raise Conflict(
            "This export is being imported already: its progress is on the import's page."
        )


def mapping_draft_choose(*, draft: MappingDraft, choices: MappingChoices) -> list[Problem]:
    """Keep the admin's choices (whatever they are, so nothing typed is lost); return what must
    change before they make a mapping."""
    _open(draft)
    draft.choices = choices.as_dict()
    draft.updated_at = timezone.now()
    draft.save(update_fields=["choices", "updated_at"])
    return choices_problems(choices)


def mapping_draft_sheet(*, draft: MappingDraft, number: int, sheet: str, home: Path) -> FileChoice:
    """Read another sheet of the upload's spreadsheet `number`, and propose its columns as what
    the file was chosen to hold (or, when it was to hold nothing, what it holds too)."""
    _open(draft)
    samples = draft_samples(draft)
    if not 0 <= number < len(samples) or sheet not in samples[number].sheets:
        raise WizardError("Choose one of the workbook's sheets.", field="sheet")
    try:
        sample = file_sample(_folder(draft, home) / samples[number].name, sheet=sheet)
    except ImportInputError as exc:
        raise WizardError(str(exc), field="sheet") from exc
    choices = draft_choices(draft)
    file = file_propose(sample, choices.files[number].entity or None)
    draft.samples[number] = sample.as_dict()
    choices.files[number] = file
    draft.choices = choices.as_dict()
    draft.updated_at = timezone.now()
    draft.save(update_fields=["samples", "choices", "updated_at"])
    return file


def mapping_draft_toml(draft: MappingDraft) -> str:
    """The mapping file of the draft's choices (which must have no problem left)."""
    choices = draft_choices(draft)
    problems = choices_problems(choices)
    if problems:
        raise WizardError(problems[0].message)
    if choices.preset:
        return preset_toml(choices, preset_get(choices.preset).path.read_text(encoding="utf-8"))
    return mapping_toml(choices, written=timezone.localdate())


def _written(draft: MappingDraft, home: Path) -> Path:
    """Write the mapping file beside the uploaded files and check it as the importer does."""
    folder = _folder(draft, home)
    if not folder.is_dir():
        raise WizardError(
            "The uploaded files are no longer kept (an upload left for two days is deleted): "
            "upload the export again."
        )
    location = folder / MAPPING_FILE
    location.write_text(mapping_draft_toml(draft), encoding="utf-8")
    try:
        mapping_read(location)
    except ImportInputError as exc:
        raise WizardError(str(exc)) from exc
    return location


def mapping_draft_preview(*, draft: MappingDraft, home: Path) -> MappingPreview:
    """What importing the export with the draft's mapping would write and refuse (a dry run of
    the importer's staging: nothing is written)."""
    _open(draft)
    return mapping_preview(_written(draft, home), home=home)


def mapping_draft_import(
    *, draft: MappingDraft, person: Person, name: str, skip_invalid: bool, home: Path
) -> Job:
    """Save the draft's mapping for the organisation as `name` (replacing the mapping of that
    name) and import the export with it, in the background."""
    _open(draft)
    location = _written(draft, home)
    choices = draft_choices(draft)
    now = timezone.now()
    with transaction.atomic():
        SavedMapping.objects.update_or_create(
            organisation=draft.organisation,
            name=name,
            defaults={
                "toml": location.read_text(encoding="utf-8"),
                "choices": choices.as_dict(),
                "headers": [list(s.headers) for s in draft_samples(draft)],
                "created_by": person,
                "updated_at": now,
            },
        )
        files = len(draft.samples)
        count = f"{files} file{'s' if files != 1 else ''}"
        job = job_start(
            kind="crm-import",
            title=f"Import {choices.source} export with the mapping {name} ({count})",
            organisation_id=draft.organisation_id,
            created_by_id=person.pk,
            params={"source": "csv", "location": str(location), "skip_invalid": skip_invalid},
        )
        draft.job = job
        draft.updated_at = now
        draft.save(update_fields=["job", "updated_at"])
    return job
