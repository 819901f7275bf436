"""What the HubSpot connector reads, and each record flattened to the columns the HubSpot file
importer (uplift/crm/importers/hubspot.py) reads: API property names where the importer knows
them (`dealname`, `dealstage`, `hubspot_owner_id`, `hs_call_duration`), the importer's own
headers otherwise ("Associated Company IDs", "Original Source Type", "Meeting end time").

Values are written as a HubSpot export made in the app writes them, so that a sync and a file
import of the same records give the same canonical tables: a deal's stage by its label, with
its pipeline's closed / won flags; a choice (deal type, industry, source) by its label; an
association as the associated record's id, the primary one first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from uplift.crm.sync.connector import SourceObject

MODIFIED = "hs_lastmodifieddate"  # what searches filter and sort on
PRIMARY_COMPANY_TYPE_ID = 5  # HubSpot's "Primary" deal → company association

# An associated record's ids, the primary first, ";"-separated as HubSpot's exports write them.
ASSOCIATION_HEADERS = {"companies": "Associated Company IDs", "deals": "Associated Deal IDs"}


@dataclass(frozen=True)
class Stage:
    """One stage of a deal pipeline: its label and, from its metadata, what it does to a deal."""

    label: str
    closed: bool | None  # None: the pipeline does not say
    won: bool | None


@dataclass(frozen=True)
class Lookups:
    """What flattening needs beyond the record: stages by id, choices' labels by property."""

    stages: Mapping[str, Stage] = field(default_factory=dict)
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def hubspot_time(value: Any) -> str | None:
    """A moment as HubSpot's API writes it: 2024-03-15T14:30:00.000Z (UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value.astimezone(UTC) if value.tzinfo else value
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return str(value)


def stage_of(stage: Any) -> Stage:
    """A pipeline stage from the client's model. HubSpot's metadata says `isClosed` ("true") and
    `probability` ("1.0" won, "0.0" lost) as text."""
    metadata = stage.metadata or {}
    closed_text = str(metadata.get("isClosed", "")).strip().lower()
    closed = {"true": True, "false": False}.get(closed_text)
    won: bool | None = None
    try:
        probability = float(metadata["probability"])
    except (KeyError, TypeError, ValueError):
        probability = None
    if closed is not None:
        won = bool(closed and probability is not None and probability >= 1.0)
    return Stage(label=str(stage.label), closed=closed, won=won)


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _label(lookups: Lookups, prop: str, value: str | None) -> str | None:
    """A choice's label ("New Business" for newbusiness); several choices stay ";"-separated."""
    if value is None or value == "":
        return value
    labels = lookups.labels.get(prop)
    if not labels:
        return value
    return ";".join(labels.get(part, part) for part in value.split(";"))


@dataclass(frozen=True)
class Record:
    """One record as read: its id, properties, modification time and associated ids."""

    id: str
    properties: Mapping[str, str | None]
    modified: datetime
    associations: Mapping[str, Sequence[str]] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)


Row = dict[str, str | None]
Flatten = Callable[[Record, Lookups], list[Row]]  # a record's rows (a deal: its stage entries)


@dataclass(frozen=True)
class HubSpotObject:
    """One object the connector reads: the engine's SourceObject and how to read and flatten."""

    source: SourceObject
    api_type: str  # the CRM object type in the API's paths ("deals", "calls")
    properties: tuple[str, ...]  # asked for on every read
    flatten: Flatten
    associations: tuple[str, ...] = ()  # associated object types read with each page
    labelled: tuple[str, ...] = ()  # choice properties written by their label
    kind: str = "records"  # records | owners | stage_history


def _associated(record: Record, to_type: str) -> str | None:
    ids = record.associations.get(to_type) or ()
    return ";".join(ids) if ids else None


def _props(record: Record, lookups: Lookups, names: Sequence[str]) -> dict[str, str | None]:
    return {name: _label(lookups, name, record.properties.get(name)) for name in names}


# -- owners -------------------------------------------------------------------------------

OWNER_COLUMNS = ("id", "email", "firstName", "lastName", "teams", "archived", "Created at")


def owner_record(owner: Any) -> Record:
    """An owner from the client's model; its teams' names with the primary team first."""
    teams = sorted(owner.teams or (), key=lambda team: not team.primary)
    return Record(
        id=str(owner.id),
        properties={
            "email": owner.email,
            "firstName": owner.first_name,
            "lastName": owner.last_name,
            "teams": ";".join(team.name for team in teams) or None,
            "archived": "true" if owner.archived else "false",
            "Created at": hubspot_time(owner.created_at),
        },
        modified=owner.updated_at,
    )


def _flatten_owner(record: Record, lookups: Lookups) -> list[Row]:
    return [{"id": record.id, **{name: record.properties.get(name) for name in OWNER_COLUMNS[1:]}}]


# -- companies ----------------------------------------------------------------------------

# `segment` and `region` are custom properties many portals add; HubSpot ignores a property a
# portal does not have, and the importer then derives the segment from the company's size.
COMPANY_PROPERTIES = ("name", "industry", "numberofemployees", "country", "segment", "region")


def _flatten_company(record: Record, lookups: Lookups) -> list[Row]:
    return [{"hs_object_id": record.id, **_props(record, lookups, COMPANY_PROPERTIES)}]


# -- deals --------------------------------------------------------------------------------

DEAL_PROPERTIES = (
    "dealname",
    "dealstage",
    "pipeline",
    "hubspot_owner_id",
    "amount",
    "deal_currency_code",
    "createdate",
    "closedate",
    "dealtype",
    "product",
    "hs_analytics_source",
)
DEAL_COLUMNS = (
    "hs_object_id",
    "dealname",
    "dealstage",
    "hubspot_owner_id",
    ASSOCIATION_HEADERS["companies"],
    "amount",
    "deal_currency_code",
    "createdate",
    "closedate",
    "dealtype",
    "product",
    "Original Source Type",
    "hs_is_closed",
    "hs_is_closed_won",
)


def _flatten_deal(record: Record, lookups: Lookups) -> list[Row]:
    props = record.properties
    stage_id = props.get("dealstage")
    stage = lookups.stages.get(stage_id) if stage_id else None
    simple = _props(
        record,
        lookups,
        ("dealname", "hubspot_owner_id", "amount", "deal_currency_code", "createdate"),
    )
    row: Row = {
        "hs_object_id": record.id,
        **simple,
        "dealstage": stage.label if stage else stage_id,
        ASSOCIATION_HEADERS["companies"]: _associated(record, "companies"),
        "closedate": props.get("closedate"),
        "dealtype": _label(lookups, "dealtype", props.get("dealtype")),
        "product": props.get("product"),
        "Original Source Type": _label(
            lookups, "hs_analytics_source", props.get("hs_analytics_source")
        ),
        # The stage's own metadata decides; an unknown stage leaves it to the importer.
        "hs_is_closed": _flag(stage.closed) if stage else None,
        "hs_is_closed_won": _flag(stage.won) if stage else None,
    }
    return [{column: row.get(column) for column in DEAL_COLUMNS}]


# -- deal stage history -------------------------------------------------------------------

HISTORY_COLUMNS = ("History ID", "Deal ID", "dealstage", "Timestamp")


def _flatten_history(record: Record, lookups: Lookups) -> list[Row]:
    """One row per time the deal entered a stage (`propertiesWithHistory=dealstage`)."""
    rows: list[Row] = []
    for value, timestamp in record.extra.get("dealstage_history", ()):
        stage = lookups.stages.get(value)
        entered = hubspot_time(timestamp)
        rows.append(
            {
                "History ID": f"{record.id}:{entered}",
                "Deal ID": record.id,
                "dealstage": stage.label if stage else value,
                "Timestamp": entered,
            }
        )
    return rows


# -- engagements --------------------------------------------------------------------------

ENGAGEMENT_COLUMNS = (
    "hs_object_id",
    "hubspot_owner_id",
    ASSOCIATION_HEADERS["deals"],
    ASSOCIATION_HEADERS["companies"],
    "hs_timestamp",
)
ENGAGEMENT_EXTRA = {  # what one kind of engagement adds: its column and the property it holds
    "calls": {"hs_call_duration": "hs_call_duration"},
    "meetings": {"Meeting end time": "hs_meeting_end_time"},
    "emails": {},
    "tasks": {},
}


def _flatten_engagement(kind: str) -> Flatten:
    extra = ENGAGEMENT_EXTRA[kind]

    def flatten(record: Record, lookups: Lookups) -> list[Row]:
        props = record.properties
        return [
            {
                "hs_object_id": record.id,
                "hubspot_owner_id": props.get("hubspot_owner_id"),
                ASSOCIATION_HEADERS["deals"]: _associated(record, "deals"),
                ASSOCIATION_HEADERS["companies"]: _associated(record, "companies"),
                "hs_timestamp": props.get("hs_timestamp"),
                **{column: props.get(prop) for column, prop in extra.items()},
            }
        ]

    return flatten


def _engagement(kind: str) -> HubSpotObject:
    extra = ENGAGEMENT_EXTRA[kind]
    return HubSpotObject(
        source=SourceObject(
            name=kind,
            export_file=f"{kind}.csv",
            fields=(*ENGAGEMENT_COLUMNS, *extra),
            canonical_table="crm_activities",
            id_field="hs_object_id",
        ),
        api_type=kind,
        properties=("hubspot_owner_id", "hs_timestamp", *extra.values()),
        flatten=_flatten_engagement(kind),
        associations=("deals", "companies"),
    )


OWNERS = HubSpotObject(
    source=SourceObject(
        name="owners",
        export_file="owners.csv",
        fields=OWNER_COLUMNS,
        canonical_table="crm_reps",
        id_field="id",
    ),
    api_type="owners",
    properties=(),
    flatten=_flatten_owner,
    kind="owners",
)
COMPANIES = HubSpotObject(
    source=SourceObject(
        name="companies",
        export_file="companies.csv",
        fields=("hs_object_id", *COMPANY_PROPERTIES),
        canonical_table="crm_accounts",
        id_field="hs_object_id",
    ),
    api_type="companies",
    properties=COMPANY_PROPERTIES,
    flatten=_flatten_company,
    labelled=("industry",),
)
DEALS = HubSpotObject(
    source=SourceObject(
        name="deals",
        export_file="deals.csv",
        fields=DEAL_COLUMNS,
        canonical_table="crm_opportunities",
        id_field="hs_object_id",
    ),
    api_type="deals",
    properties=DEAL_PROPERTIES,
    flatten=_flatten_deal,
    associations=("companies",),
    labelled=("dealtype", "hs_analytics_source"),
)
DEAL_STAGE_HISTORY = HubSpotObject(
    source=SourceObject(
        name="deal_stage_history",
        export_file="deal-stage-history.csv",
        fields=HISTORY_COLUMNS,
        canonical_table="crm_stage_history",
        id_field="History ID",
    ),
    api_type="deals",
    properties=(),
    flatten=_flatten_history,
    kind="stage_history",
)

# Referenced objects first: owners before the deals they own, deals before their engagements.
HUBSPOT_OBJECTS: tuple[HubSpotObject, ...] = (
    OWNERS,
    COMPANIES,
    DEALS,
    DEAL_STAGE_HISTORY,
    *(_engagement(kind) for kind in ("calls", "emails", "meetings", "tasks")),
)
BY_NAME = {obj.source.name: obj for obj in HUBSPOT_OBJECTS}
