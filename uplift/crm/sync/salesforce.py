"""The Salesforce connector: what changed in Salesforce, page by page, for the sync engine.

Objects (salesforce_objects.py): User, Account, Opportunity, OpportunityHistory,
OpportunityContactRole, Task, Event, and the quota object when the mapping names one. Each is
read with `queryAll`, so deleted records come too (`IsDeleted`), and incrementally: only records
whose `SystemModstamp` is from the object's mark on, less those the last sync brought in at the
mark itself (`SystemModstamp >= mark AND (SystemModstamp > mark OR Id NOT IN (…))`: a record
modified in the mark's second but written after the last sync read it is not skipped; marks.py),
everything on a full sync. Users are read whole whenever one changed (the manager chain that
puts reps in teams needs all of them).

Small objects, and large ones with few changes, are read through the REST API (`nextRecordsUrl`
pages of up to 2,000 records); a large object with more than `bulk_threshold` changed records
(counted first with `SELECT COUNT()`) is read through a Bulk API 2.0 query job, whose results
come as CSV sets of `page_size` records with a `Sforce-Locator` to the next, landed as CSV (their
live records' columns renamed to the export's, deleted ones set apart) without a Python object
per record, since they are most of a large sync's records. A page's cursor
says which: `rest:<nextRecordsUrl>` or `bulk:<job id>:<locator>`, so a resumed sync goes on
with the same query.

Values are given as a Salesforce export writes them: text, `true`/`false`, numbers as written,
date-times in UTC as `2024-03-15T14:30:00.000Z`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_secrets, connection_tokens_update
from uplift.crm.sync.connector import ApiAllowance, Page, SourceObject, SyncFailed
from uplift.crm.sync.http import http_session
from uplift.crm.sync.salesforce_auth import Tokens, jwt_token, token_refresh
from uplift.crm.sync.salesforce_client import SalesforceClient
from uplift.crm.sync.salesforce_objects import SalesforceObject, salesforce_objects

BULK_THRESHOLD = 10_000
BULK_PAGE_SIZE = 50_000
SYSTEM_FIELDS = ("IsDeleted", "SystemModstamp")
RECORD_ID = re.compile(r"[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?")


def _soql_time(moment: datetime) -> str:
    """SOQL's date-times are whole seconds, as Salesforce's stamps are: a mark just past a
    second (marks.py, `mark_settled`) is the next one."""
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_time(value: Any) -> datetime | None:
    """A Salesforce date-time (`2024-03-15T14:30:00.000+0000` or `…Z`), timezone-aware."""
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    if len(text) >= 5 and text[-5] in "+-" and text[-3] != ":":
        text = f"{text[:-2]}:{text[-2:]}"  # +0000 -> +00:00
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _export_time(moment: datetime) -> str:
    """`2024-03-15T14:30:00.000Z`: a date-time as an export (and Bulk API CSV) writes it."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _exported(value: Any) -> Any:
    """A value as an export file holds it: date-times in UTC with a Z, the rest as given."""
    if isinstance(value, str) and len(value) >= 20 and value[10:11] == "T":
        moment = _parse_time(value)
        if moment is not None:
            return _export_time(moment)
    return value


def _is_true(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def soql(
    obj: SalesforceObject,
    since: datetime | None,
    *,
    count: bool = False,
    seen: Collection[str] = (),
) -> str:
    """The query that reads `obj`'s records changed from `since` on (all of them when None),
    but the records `seen` at `since` itself."""
    selected = "COUNT()" if count else ", ".join(dict.fromkeys((*obj.api_fields, *SYSTEM_FIELDS)))
    where = ""
    if since is not None:
        moment = _soql_time(since)
        where = f" WHERE SystemModstamp >= {moment}"
        ids = sorted(i for i in seen if RECORD_ID.fullmatch(i))  # ids only: nothing to escape
        if ids:  # at most marks.MARK_IDS_MAX: the GET's address stays short
            listed = ", ".join(f"'{i}'" for i in ids)
            where += f" AND (SystemModstamp > {moment} OR Id NOT IN ({listed}))"
    return f"SELECT {selected} FROM {obj.api_name}{where}"  # noqa: S608  (API names, ids checked)


def bulk_page(obj: SalesforceObject, text: str, next_cursor: str | None) -> Page:
    """One Bulk API 2.0 result set as a page: the live records as CSV in the export's columns
    (Bulk CSV writes values as an export does: blanks for nulls, date-times in UTC with a Z),
    the deleted ones as records or ids, and the latest `SystemModstamp` with the records at it."""
    header = next(csv.reader(io.StringIO(text.partition("\n")[0]))) if text.strip() else []
    if not header:
        return Page(records=[], next_cursor=next_cursor)
    missing = [name for name in (*obj.api_fields, *SYSTEM_FIELDS) if name not in header]
    if missing:
        raise SyncFailed(
            f"Salesforce's bulk results for {obj.api_name} have no {', '.join(missing)} column."
        )
    table = pacsv.read_csv(
        pa.py_buffer(text.encode()),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    stamps = table.column("SystemModstamp")
    # One format for every value (…T14:30:00.000Z), so the greatest text is the latest time.
    latest_text = pc.max(stamps).as_py() if len(stamps) else None
    latest = _parse_time(latest_text)
    at_latest = (
        table.filter(pc.equal(stamps, latest_text)).column("Id").to_pylist() if latest_text else []
    )
    deleted = pc.equal(pc.utf8_lower(table.column("IsDeleted")), "true")
    table = table.select([header.index(name) for name in obj.api_fields])
    table = table.rename_columns(list(obj.source.fields))
    live = table.filter(pc.invert(deleted))
    out = pa.BufferOutputStream()
    pacsv.write_csv(live, out, pacsv.WriteOptions(quoting_style="needed"))
    deleted_ids, deleted_records = [], []
    for values in table.filter(deleted).to_pylist():
        if obj.source.key_fields:
            deleted_records.append(values)
        else:
            deleted_ids.append(str(values[obj.source.id_field]))
    return Page(
        records=[],
        deleted_ids=deleted_ids,
        next_cursor=next_cursor,
        high_water=latest,
        high_water_ids=[str(i) for i in at_latest],
        deleted_records=deleted_records,
        table=out.getvalue().to_pybytes().decode(),
        table_rows=live.num_rows,
    )


class SalesforceConnector:
    kind = "salesforce"

    def __init__(
        self,
        *,
        client: SalesforceClient,
        objects: Sequence[SalesforceObject],
        bulk_threshold: int = BULK_THRESHOLD,
        page_size: int = BULK_PAGE_SIZE,
    ) -> None:
        self.client = client
        self._objects = {o.source.name: o for o in objects}
        self.bulk_threshold = bulk_threshold
        self.page_size = page_size

    def objects(self) -> Sequence[SourceObject]:
        return [o.source for o in self._objects.values()]

    def allowance(self) -> ApiAllowance | None:
        return self.client.allowance()

    def pages(
        self,
        obj: SourceObject,
        *,
        since: datetime | None,
        cursor: str | None,
        seen: Collection[str] = (),
    ) -> Iterator[Page]:
        wanted = self._objects[obj.name]

        def query(*, count: bool = False) -> str:
            return soql(wanted, since, count=count, seen=seen)

        if wanted.whole and since is not None and not cursor:
            # Nothing changed: nothing to read. Something did: read them all (the chain).
            if not self.client.count(query(count=True)):
                return
            since = None
        if cursor and cursor.startswith("bulk:"):
            job_id, _, locator = cursor.removeprefix("bulk:").partition(":")
            yield from self._bulk_pages(wanted, job_id, locator)
        elif cursor and cursor.startswith("rest:"):
            yield from self._rest_pages(
                wanted, self.client.query_more(cursor.removeprefix("rest:"))
            )
        elif wanted.large and self.client.count(query(count=True)) > self.bulk_threshold:
            job_id = self.client.bulk_job(query())
            yield from self._bulk_pages(wanted, job_id, "")
        else:
            yield from self._rest_pages(wanted, self.client.query_all(query()))

    def _rest_pages(self, obj: SalesforceObject, answer: dict[str, Any]) -> Iterator[Page]:
        while True:
            following = None if answer.get("done", True) else answer.get("nextRecordsUrl")
            yield self._page(
                obj, answer.get("records") or [], f"rest:{following}" if following else None
            )
            if not following:
                return
            answer = self.client.query_more(str(following))

    def _bulk_pages(self, obj: SalesforceObject, job_id: str, locator: str) -> Iterator[Page]:
        self.client.bulk_wait(job_id)
        while True:
            text, following = self.client.bulk_results(job_id, locator, self.page_size)
            yield bulk_page(obj, text, f"bulk:{job_id}:{following}" if following else None)
            if not following:
                return
            locator = following

    def _page(
        self, obj: SalesforceObject, rows: list[dict[str, Any]], next_cursor: str | None
    ) -> Page:
        records, deleted_ids, deleted_records = [], [], []
        latest: datetime | None = None
        at_latest: list[str] = []
        columns = list(zip(obj.source.fields, obj.api_fields, strict=True))
        for row in rows:
            values = {column: _exported(row.get(field)) for column, field in columns}
            moment = _parse_time(row.get("SystemModstamp"))
            if moment is not None and (latest is None or moment > latest):
                latest, at_latest = moment, []
            if moment is not None and moment == latest:
                at_latest.append(str(row.get("Id")))
            if not _is_true(row.get("IsDeleted")):
                records.append(values)
            elif obj.source.key_fields:
                deleted_records.append(values)
            else:
                deleted_ids.append(str(values[obj.source.id_field]))
        return Page(
            records=records,
            deleted_ids=deleted_ids,
            next_cursor=next_cursor,
            high_water=latest,
            high_water_ids=at_latest,
            deleted_records=deleted_records,
        )


def connector_for(
    connection: CrmConnection,
    *,
    access_token: str | None = None,
    retries: int = 5,
    backoff: float = 1.0,
    bulk_threshold: int = BULK_THRESHOLD,
    page_size: int = BULK_PAGE_SIZE,
    bulk_poll_seconds: float = 2.0,
) -> SalesforceConnector:
    """The connector for the organisation's Salesforce connection; with `access_token` (a
    scripted run) that token is used as it is, never kept, and not refreshed."""
    session = http_session(retries=retries, backoff=backoff)
    objects = salesforce_objects(connection.field_mapping or {})
    if access_token is not None:
        client = SalesforceClient(
            session=session,
            instance_url=connection.base_url,
            access_token=access_token,
            refresh=None,
            bulk_poll_seconds=bulk_poll_seconds,
        )
    else:
        secrets = connection_secrets(connection)
        refresh = _token_source(connection, session)
        token = secrets.access_token
        if not token:
            tokens = refresh()
            token, connection.base_url = (
                tokens.access_token,
                tokens.instance_url or connection.base_url,
            )
        client = SalesforceClient(
            session=session,
            instance_url=connection.base_url,
            access_token=token,
            refresh=refresh,
            bulk_poll_seconds=bulk_poll_seconds,
        )
    return SalesforceConnector(
        client=client, objects=objects, bulk_threshold=bulk_threshold, page_size=page_size
    )


def _token_source(connection: CrmConnection, session: Any) -> Any:
    """A function giving a fresh access token for the connection, kept (encrypted) for the next
    requests and syncs."""

    def fresh() -> Tokens:
        secrets = connection_secrets(connection)
        login_url = connection.login_url or connection.base_url
        if connection.auth_kind == CrmConnection.AuthKind.SALESFORCE_JWT:
            tokens = jwt_token(
                session=session,
                login_url=login_url,
                client_id=connection.client_id,
                username=connection.username,
                private_key=secrets.private_key,
            )
        elif connection.auth_kind == CrmConnection.AuthKind.SALESFORCE_WEB:
            tokens = token_refresh(
                session=session,
                login_url=login_url,
                client_id=connection.client_id,
                client_secret=secrets.client_secret,
                refresh_token=secrets.refresh_token,
            )
        else:
            raise SyncFailed("This connection has no way to get a new access token: connect again.")
        connection_tokens_update(
            connection,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token or None,
            base_url=tokens.instance_url or None,
        )
        return tokens

    return fresh
