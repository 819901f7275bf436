"""Reading the mapping wizard's drafts and the organisation's saved mappings: always within the
viewer's organisation, so another company's id answers as if it did not exist."""

from __future__ import annotations

from uplift.core.refusals import NotFound
from uplift.crm.models import MappingDraft, SavedMapping
from uplift.orgs.models import Organisation


def saved_mappings_of(*, organisation: Organisation) -> list[SavedMapping]:
    return list(SavedMapping.objects.filter(organisation=organisation).order_by("name"))


def saved_mapping_of(*, organisation: Organisation, mapping_id: int) -> SavedMapping:
    found = SavedMapping.objects.filter(organisation=organisation, pk=mapping_id).first()
    if found is None:
        raise NotFound("No saved mapping has that number.")
    return found


def mapping_draft_of(*, organisation: Organisation, draft_id: int) -> MappingDraft:
    found = (
        MappingDraft.objects.filter(organisation=organisation, pk=draft_id)
        .select_related("reused")
        .first()
    )
    if found is None:
        raise NotFound("This upload is not being mapped any more: upload the export again.")
    return found
