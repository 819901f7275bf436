"""The HubSpot connector of the CRM sync (docs/crm-sync.md, "HubSpot").

It reads owners, companies, deals with their stage history, and calls, e-mails, meetings and
tasks, with the associations between them, through HubSpot's official API client, and gives
the engine pages of records flattened to the columns of a HubSpot export
(`hubspot_objects.py`): the engine's export goes through the HubSpot file importer, so a sync
and a file import of the same records give the same canonical tables.

How each object is walked (lists, searches, the 10,000-result limit, archived records) is
`hubspot_walk.py`; authentication, retries and rate limits are `hubspot_api.py`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings

from uplift.crm.models import CrmConnection
from uplift.crm.sync.connections import connection_secrets, connection_tokens_update
from uplift.crm.sync.connector import ApiAllowance, Page, SourceObject
from uplift.crm.sync.hubspot_api import (
    HubSpotApi,
    HubSpotAuth,
    HubSpotAuthError,
    HubSpotError,
    HubSpotScopeError,
    NewTokens,
    OAuthApp,
)
from uplift.crm.sync.hubspot_objects import (
    BY_NAME,
    HUBSPOT_OBJECTS,
    PRIMARY_COMPANY_TYPE_ID,
    HubSpotObject,
    Lookups,
    Record,
    Row,
    Stage,
    owner_record,
    stage_of,
)
from uplift.crm.sync.hubspot_walk import (
    MAX_SEARCH_RESULTS,
    SEARCH_PAGE,
    Walk,
    WalkCursor,
    first_cursor,
    modified_of,
)

HISTORY_BATCH = 50  # the most records a batch read returns with their property history
# The custom fields a connection may map (its `field_mapping`), and the object holding each.
MAPPABLE = {"segment": "companies", "region": "companies", "product": "deals"}


def _now() -> datetime:
    return datetime.now(UTC)


def mapped_properties(mapping: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """Object type → {export column: the HubSpot property it is read from} for a connection's
    custom fields: {"segment": "companies.customer_tier"} reads a company's segment from its
    `customer_tier` property. Without a mapping, properties named segment, region and product
    are read when the account has them."""
    found: dict[str, dict[str, str]] = {}
    for key, value in (mapping or {}).items():
        if key not in MAPPABLE:
            raise HubSpotError(
                f"A HubSpot connection maps {', '.join(MAPPABLE)}, not {key!r}: change the "
                "connection's field mapping."
            )
        object_type, _, prop = str(value).rpartition(".")
        if object_type not in ("", MAPPABLE[key]) or not prop:
            raise HubSpotError(
                f"The {key} comes from a {MAPPABLE[key]} property: map it as "
                f"{MAPPABLE[key]}.<property name>, not {value!r}."
            )
        found.setdefault(MAPPABLE[key], {})[key] = prop
    return found


def _is_primary(association: Any) -> bool:
    return any(
        (kind.label or "").lower() == "primary" or kind.type_id == PRIMARY_COMPANY_TYPE_ID
        for kind in association.association_types or ()
    )


class HubSpotConnector:
    """Reads one HubSpot account through `api`. `mapping` is the connection's field mapping
    (`mapped_properties`); `search_page` and `max_search_results` are HubSpot's own limits
    (tests make them small)."""

    kind = "hubspot"

    def __init__(
        self,
        api: HubSpotApi,
        *,
        now: Callable[[], datetime] = _now,
        search_page: int = SEARCH_PAGE,
        max_search_results: int = MAX_SEARCH_RESULTS,
        mapping: Mapping[str, Any] | None = None,
    ) -> None:
        self.api = api
        self._mapped = mapped_properties(mapping)
        self._now = now
        self._search_page = search_page
        self._max_results = max_search_results
        self._lookups: dict[str, Lookups] = {}
        self._stages: dict[str, Stage] | None = None

    def objects(self) -> Sequence[SourceObject]:
        return [obj.source for obj in HUBSPOT_OBJECTS]

    def allowance(self) -> ApiAllowance | None:
        return self.api.allowance

    def pages(
        self,
        obj: SourceObject,
        *,
        since: datetime | None,
        cursor: str | None,
        seen: Collection[str] = (),
    ) -> Iterator[Page]:
        """`seen` is not needed here: the search reads again the last few minutes before the
        mark (HubSpot's index lags behind its writes), records at the mark's moment included,
        and a record read again as it was changes nothing (hubspot_walk.py)."""
        spec = BY_NAME[obj.name]
        start = (
            WalkCursor.load(cursor) if cursor else first_cursor(spec, since=since, now=self._now())
        )
        walk = Walk(
            self.api,
            spec,
            search_page=self._search_page,
            max_results=self._max_results,
            extra_properties=list(self._mapped_for(spec).values()),
        )
        for step in walk.steps(start):
            records = self._records(spec, step.results)
            lookups = self._lookups_for(spec) if records else Lookups()
            rows: list[Row] = [row for record in records for row in spec.flatten(record, lookups)]
            moments = [record.modified for record in records]
            yield Page(
                records=rows,
                deleted_ids=step.deleted_ids,
                next_cursor=step.next.dump() if step.next is not None else None,
                high_water=max(moments) if moments else None,
            )

    # -- what a page's records need besides themselves -------------------------------------

    def _mapped_for(self, spec: HubSpotObject) -> dict[str, str]:
        """The object's mapped columns (the records themselves, not a deal's stage history)."""
        return self._mapped.get(spec.api_type, {}) if spec.kind == "records" else {}

    def _records(self, spec: HubSpotObject, results: list[Any]) -> list[Record]:
        if not results:
            return []
        if spec.kind == "owners":
            return [owner_record(owner) for owner in results]
        ids = [str(result.id) for result in results]
        associated = {to: self._associations(spec.api_type, to, ids) for to in spec.associations}
        histories = self._histories(ids) if spec.kind == "stage_history" else {}
        mapped = self._mapped_for(spec)
        return [
            Record(
                id=str(result.id),
                properties=_with_mapped(dict(result.properties or {}), mapped),
                modified=modified_of(result),
                associations={
                    to: links.get(str(result.id), []) for to, links in associated.items()
                },
                extra={"dealstage_history": histories.get(str(result.id), [])},
            )
            for result in results
        ]

    def _associations(self, from_type: str, to_type: str, ids: list[str]) -> dict[str, list[str]]:
        """Record id → its associated records' ids, the primary first."""
        answer = self.api.associations(from_type, to_type, ids)
        found: dict[str, list[str]] = {}
        for result in answer.results or ():
            ordered = sorted(result.to or (), key=lambda a: not _is_primary(a))
            found[str(result._from.id)] = list(dict.fromkeys(str(a.to_object_id) for a in ordered))
        return found

    def _histories(self, ids: list[str]) -> dict[str, list[tuple[str, datetime]]]:
        """Deal id → (stage id, when it was entered), oldest first."""
        found: dict[str, list[tuple[str, datetime]]] = {}
        for at in range(0, len(ids), HISTORY_BATCH):
            batch = ids[at : at + HISTORY_BATCH]
            answer = self.api.read_with_history(
                "deals", batch, properties=["dealstage"], history=["dealstage"]
            )
            for result in answer.results or ():
                versions = (result.properties_with_history or {}).get("dealstage") or ()
                entries = [(str(v.value), v.timestamp) for v in versions if v.value]
                found[str(result.id)] = sorted(entries, key=lambda entry: entry[1])
        return found

    def _deal_stages(self) -> dict[str, Stage]:
        """Every deal pipeline's stages by id, read once per connector."""
        if self._stages is None:
            self._stages = {
                str(stage.id): stage_of(stage)
                for pipeline in self.api.pipelines("deals").results or ()
                for stage in pipeline.stages or ()
            }
        return self._stages

    def _lookups_for(self, spec: HubSpotObject) -> Lookups:
        """Stages of the deal pipelines and labels of the choices read, once per connector."""
        key = spec.source.name
        if key in self._lookups:
            return self._lookups[key]
        stages = self._deal_stages() if spec.api_type == "deals" else {}
        labels: dict[str, dict[str, str]] = {}
        mapped = self._mapped_for(spec)
        if spec.labelled or mapped:
            names = [*spec.labelled, *mapped.values()]
            try:
                definitions = self.api.property_definitions(spec.api_type, names)
            except HubSpotScopeError:
                definitions = None  # without the schema scope choices keep their values
            for definition in getattr(definitions, "results", None) or ():
                labels[definition.name] = {
                    str(option.value): str(option.label) for option in definition.options or ()
                }
        for column, prop in mapped.items():  # flattening looks choices up by column
            if prop in labels:
                labels[column] = labels[prop]
        self._lookups[key] = Lookups(stages=stages, labels=labels)
        return self._lookups[key]


def _with_mapped(properties: dict[str, Any], mapped: Mapping[str, str]) -> dict[str, Any]:
    """The record's properties, with each mapped column holding its property's value."""
    for column, prop in mapped.items():
        properties[column] = properties.get(prop)
    return properties


def connector_for(
    connection: CrmConnection,
    *,
    access_token: str | None = None,
    wait: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = _now,
    search_page: int = SEARCH_PAGE,
    max_search_results: int = MAX_SEARCH_RESULTS,
) -> HubSpotConnector:
    """The connector for the organisation's HubSpot connection: its private app's token, or its
    OAuth app's tokens (a refreshed access token is kept, encrypted, for the next sync). With
    `access_token` (a scripted run) that token is used as it is, never kept, never refreshed.
    The other arguments are for tests (no waiting, HubSpot's limits made small)."""
    if access_token is not None:
        auth = HubSpotAuth(access_token)
    else:
        secrets = connection_secrets(connection)
        oauth = None
        if connection.auth_kind == CrmConnection.AuthKind.HUBSPOT_OAUTH:
            oauth = OAuthApp(connection.client_id, secrets.client_secret, secrets.refresh_token)
        if not secrets.access_token and oauth is None:
            raise HubSpotAuthError(
                "The HubSpot connection has no access token: connect HubSpot again with the "
                "private app's token."
            )
        # An OAuth connection without an access token gets one at its first call (a 401).
        auth = HubSpotAuth(secrets.access_token or "none yet", oauth)

    def keep(tokens: NewTokens) -> None:
        connection_tokens_update(
            connection, access_token=tokens.access_token, refresh_token=tokens.refresh_token
        )

    api = HubSpotApi(
        auth,
        base_url=connection.base_url,
        wait=wait,
        on_tokens=keep if access_token is None else None,
        ca_bundle=settings.UPLIFT_CA_BUNDLE,
    )
    return HubSpotConnector(
        api,
        now=now,
        search_page=search_page,
        max_search_results=max_search_results,
        mapping=connection.field_mapping,
    )
