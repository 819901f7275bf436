"""What a CRM connector gives the sync engine, and nothing more.

A connector knows one CRM's API: which objects to read, in what order, and how to page through
the records changed since a point in time. It does not write anything. The engine (engine.py)
lands each page, with the object's high-water mark, in one transaction, so a sync killed half-way
resumes from its last landed page; once every object is read it turns the landed records into an
export in the format the CRM's file importer reads (the same field names the API uses) and
writes the canonical tables through that importer, so a sync and a file import of the same
records give the same tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True)
class SourceObject:
    """One kind of record the CRM holds ("Opportunity", "deals")."""

    name: str  # the API's own name for it
    export_file: str  # the file the file importer reads it from ("Opportunity.csv", "deals.csv")
    fields: tuple[str, ...]  # the API fields read, in the export file's column order
    canonical_table: str  # the canonical table it feeds ("crm_opportunities")
    id_field: str = "Id"  # the field holding the record's id


@dataclass(frozen=True)
class Page:
    """One page of changed records of one object, as the API returned them."""

    records: list[dict[str, Any]]  # field -> value, flattened to the SourceObject's fields
    deleted_ids: list[str] = field(default_factory=list)  # records deleted (or archived) since
    next_cursor: str | None = None  # where the following page starts; None: the object is done
    high_water: datetime | None = None  # the latest modification time among these records


@dataclass(frozen=True)
class ApiAllowance:
    """The CRM's own count of API calls (Salesforce's daily allowance), when it gives one."""

    used: int
    limit: int


class Connector(Protocol):
    kind: str  # "salesforce" | "hubspot": also the canonical `source` the importer writes

    def objects(self) -> Sequence[SourceObject]:
        """The objects to read, referenced ones first (users before opportunities)."""
        ...

    def pages(
        self, obj: SourceObject, *, since: datetime | None, cursor: str | None
    ) -> Iterator[Page]:
        """The records of `obj` changed after `since` (everything when None), starting at
        `cursor` (a page's `next_cursor` landed before) when resuming."""
        ...

    def allowance(self) -> ApiAllowance | None:
        """API calls used and allowed today, when the CRM says."""
        ...
