"""What a CRM connector gives the sync engine, and nothing more.

A connector knows one CRM's API: which objects to read, in what order, and how to page through
the records changed since a point in time. It does not write anything. The engine (engine.py)
lands each page, with the object's high-water mark, in one transaction, so a sync killed half-way
resumes from its last landed page; once every object is read it turns the landed records into an
export in the format the CRM's file importer reads (the same field names the API uses) and
writes the canonical tables through that importer, so a sync and a file import of the same
records give the same tables.

How the engine finds a connector: the module ``uplift.crm.sync.<kind>`` (salesforce.py,
hubspot.py) has ``connector_for(connection, *, access_token=None) -> Connector``; `connection` is
the organisation's ``CrmConnection`` (its base URL, auth kind, field mapping; its secrets through
``uplift.crm.sync.connections.connection_secrets``), `access_token` a token given for one
scripted run (``uplift sync … --access-token``), used instead of the stored ones and never kept.

Added since the first version, all optional (a connector that ignores them works as before):
``SourceObject.key_fields`` and ``Page.deleted_records``, for deletions of records whose canonical
key is made of fields rather than their id (Salesforce's contact roles); the errors below, which
the engine turns into the connection's status (``ConnectionRevoked``: revoked, the admins told),
a failed run resumed later (``SyncFailed``), or an object read again from its landed high-water
mark (``CursorExpired``); ``Page.table``, for a page whose records come as CSV (Salesforce's Bulk
API results), landed and written to the export as text without a Python object per record;
``pages(…, seen=…)`` and ``Page.high_water_ids``, so that an incremental read starts at the mark
itself without reading again the records already brought in at that moment (marks.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
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
    # When the canonical key is not the record's id (a contact role is its opportunity and its
    # contact): the fields that make it, in the canonical key's order after `source`.
    key_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """One page of changed records of one object, as the API returned them."""

    records: list[dict[str, Any]]  # field -> value, flattened to the SourceObject's fields
    deleted_ids: list[str] = field(default_factory=list)  # records deleted (or archived) since
    next_cursor: str | None = None  # where the following page starts; None: the object is done
    high_water: datetime | None = None  # the latest modification time among these records
    # The ids of this page's records (deleted ones too) modified at exactly `high_water`.
    high_water_ids: list[str] = field(default_factory=list)
    # Deleted records with their fields, for an object with `key_fields` (their ids alone do not
    # say which canonical row they were).
    deleted_records: list[dict[str, Any]] = field(default_factory=list)
    # Records given as CSV instead of `records`: a header of the object's export columns (its
    # `fields`, in order), then one line per record; `table_rows` says how many.
    table: str = ""
    table_rows: int = 0

    @property
    def record_count(self) -> int:
        return len(self.records) + self.table_rows


@dataclass(frozen=True)
class ApiAllowance:
    """The CRM's own count of API calls (Salesforce's daily allowance), when it gives one."""

    used: int
    limit: int


class SyncFailed(Exception):  # noqa: N818  (a failure of the CRM's, shown as it is)
    """The CRM did not give what was asked (an error answer, an unreachable server, a field the
    mapping names that does not exist). The message says what happened and what to do; the run
    keeps what it landed and the next sync resumes it."""


class ConnectionRevoked(SyncFailed):
    """The CRM no longer accepts the connection's credentials (a revoked refresh token, a
    deleted private app): nothing will work until an admin connects again."""


class CursorExpired(SyncFailed):
    """The CRM forgot a cursor (a query locator that timed out, a bulk job deleted): the engine
    reads the object again from the run's starting point, and writes a record landed twice once."""


class Connector(Protocol):
    kind: str  # "salesforce" | "hubspot": also the canonical `source` the importer writes

    def objects(self) -> Sequence[SourceObject]:
        """The objects to read, referenced ones first (users before opportunities)."""
        ...

    def pages(
        self,
        obj: SourceObject,
        *,
        since: datetime | None,
        cursor: str | None,
        seen: Collection[str] = (),
    ) -> Iterator[Page]:
        """The records of `obj` changed from `since` on (everything when None), but those in
        `seen` modified at `since` itself (brought in by the sync that set the mark), starting
        at `cursor` (a page's `next_cursor` landed before) when resuming. Pages need not come in
        modification order; the object's mark advances to the latest `high_water` of its pages
        (with their `high_water_ids`) only once the whole run is imported."""
        ...

    def allowance(self) -> ApiAllowance | None:
        """API calls used and allowed today, when the CRM says."""
        ...
