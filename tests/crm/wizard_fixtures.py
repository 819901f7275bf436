"""Exports as the mapping wizard receives them, and its drafts, for the wizard's tests."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings

from uplift.crm.export_samples import file_sample
from uplift.crm.mapping_proposals import mapping_propose
from uplift.crm.mapping_wizard import mapping_draft_toml
from uplift.crm.models import MappingDraft, SavedMapping
from uplift.orgs.models import Organisation

DEALS_CSV = (
    "Deal ID;Title;Owner;Value;Status;Created;Closed\n"
    "D-1;Fleet renewal;Anna Schmidt;€ 2.900,00;Won;15.06.2024 13:50;01.07.2024 10:00\n"
    "D-2;Spare parts;Jonas Berg;1.250,50;Lost;02.05.2024 09:00;20.06.2024 16:30\n"
    "D-3;Clinic pilot;Anna Schmidt;800;Negotiation;03.06.2024 11:15;\n"
)


def upload_folder(files: dict[str, str | bytes]) -> Path:
    """A folder of uploaded files under UPLIFT_HOME/uploads, as the upload leaves them."""
    folder = Path(settings.UPLIFT_HOME) / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    return folder


def draft_of(
    organisation: Organisation, files: dict[str, str | bytes] | None = None
) -> MappingDraft:
    """A draft of the deals file above (or `files`), with what Uplift proposes for it."""
    folder = upload_folder(files or {"deals.csv": DEALS_CSV})
    samples = [file_sample(p) for p in sorted(folder.iterdir())]
    return MappingDraft.objects.create(
        organisation=organisation,
        folder=folder.name,
        samples=[s.as_dict() for s in samples],
        choices=mapping_propose(samples).as_dict(),
    )


def saved_of(organisation: Organisation, name: str = "othercrm") -> SavedMapping:
    draft = draft_of(organisation)
    return SavedMapping.objects.create(
        organisation=organisation,
        name=name,
        toml=mapping_draft_toml(draft),
        choices=draft.choices,
        headers=[s["headers"] for s in draft.samples],
    )
