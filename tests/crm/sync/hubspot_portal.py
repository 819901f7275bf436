"""A HubSpot account's records, made from the project's synthetic generator, for the fake HubSpot
server (hubspot_fake.py), and the same records written as a HubSpot export made in the app, for
comparing a sync with a file import.

The synthetic Salesforce-style export is translated record by record: users become owners (the
inactive ones archived), accounts companies, opportunities deals in two pipelines (existing
business in a "Renewals" pipeline whose closing stages are named freely: only their metadata
says won or lost), opportunity history the deals' `dealstage` history, tasks calls, e-mails and
tasks, events meetings. Ids become HubSpot's numbers. Companies are modified in groups of three
at one moment, as an import does, so searches meet several records at one modification time.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from uplift.synthetic import generate_export, to_18
from uplift.synthetic.model import CLOSED_LOST, CLOSED_WON, OPEN_STAGES, STAGE_PROBABILITY

PRIMARY = {"category": "HUBSPOT_DEFINED", "typeId": 5, "label": "Primary"}
UNLABELED = {"category": "HUBSPOT_DEFINED", "typeId": 341, "label": None}
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

RENEWAL_STAGES = {  # synthetic stage -> the Renewals pipeline's stage label
    **dict.fromkeys(OPEN_STAGES[:2], "Renewal due"),
    **dict.fromkeys(OPEN_STAGES[2:], "Negotiating renewal"),
    CLOSED_WON: "Renewed (signed)",
    CLOSED_LOST: "Churned",
}


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def iso(moment_ms: int) -> str:
    moment = datetime.fromtimestamp(moment_ms / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment_ms % 1000:03d}Z"


def parse(text: str) -> datetime:
    if len(text) == 10:
        return datetime.fromisoformat(text).replace(tzinfo=UTC)
    return datetime.fromisoformat(text)


def value_of(label: str) -> str:
    """A choice's internal value as HubSpot makes them: PHONE_INQUIRY for "Phone Inquiry"."""
    return re.sub(r"[^A-Z0-9]+", "_", label.upper()).strip("_")


@dataclass
class FakeRecord:
    id: str
    properties: dict[str, str | None]
    created: int  # ms
    modified: int  # ms
    archived_at: int | None = None
    history: list[tuple[str, int]] = field(default_factory=list)  # dealstage entries, oldest first

    def json(self, properties: list[str] | None) -> dict[str, Any]:
        """As HubSpot answers a record: the properties asked for (null when empty) and the
        ones it always gives."""
        names = properties or []
        values = {name: self.properties.get(name) for name in names}
        values["hs_object_id"] = self.id
        values["hs_lastmodifieddate"] = iso(self.modified)
        values["createdate"] = self.properties.get("createdate") or iso(self.created)
        answer: dict[str, Any] = {
            "id": self.id,
            "properties": values,
            "createdAt": iso(self.created),
            "updatedAt": iso(self.modified),
            "archived": self.archived_at is not None,
        }
        if self.archived_at is not None:
            answer["archivedAt"] = iso(self.archived_at)
        return answer


@dataclass
class Portal:
    owners: list[dict[str, Any]]  # owner JSON, archived ones with "archived": true
    objects: dict[str, dict[str, FakeRecord]]
    # (from type, to type) -> from id -> [(to id, association types)]
    associations: dict[tuple[str, str], dict[str, list[tuple[str, list[dict[str, Any]]]]]]
    pipelines: list[dict[str, Any]]
    properties: dict[str, list[dict[str, Any]]]  # object type -> property definitions

    def stage(self, stage_id: str) -> dict[str, Any]:
        return next(s for p in self.pipelines for s in p["stages"] if s["id"] == stage_id)

    def associated(self, from_type: str, to_type: str, from_id: str) -> list[str]:
        links = self.associations.get((from_type, to_type), {}).get(from_id, [])
        primary = [to for to, kinds in links if PRIMARY in kinds]
        return primary + [to for to, kinds in links if PRIMARY not in kinds]

    def latest(self) -> int:
        moments = [r.modified for records in self.objects.values() for r in records.values()]
        return max(moments + [ms(parse(o["updatedAt"])) for o in self.owners])


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


class _Ids:
    """HubSpot numbers for the synthetic export's ids, one range per object."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, str], str] = {}
        self.next = {"owners": 1000, "companies": 2_000_000, "deals": 3_000_000}

    def of(self, kind: str, salesforce_id: str) -> str | None:
        if not salesforce_id:
            return None
        key = (kind, to_18(salesforce_id))
        if key not in self.known:
            self.known[key] = str(self.next.setdefault(kind, len(self.next) * 1_000_000))
            self.next[kind] += 1
        return self.known[key]


def _stage(stage_id: str, label: str, order: int, probability: float, closed: bool) -> dict:
    return {
        "id": stage_id,
        "label": label,
        "displayOrder": order,
        "metadata": {"isClosed": "true" if closed else "false", "probability": str(probability)},
        "createdAt": "2020-01-01T00:00:00.000Z",
        "updatedAt": "2020-01-01T00:00:00.000Z",
        "archived": False,
        "writePermissions": "CRM_PERMISSIONS_ENFORCEMENT",
    }


def _pipelines() -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str]]:
    """The two pipelines, and synthetic stage -> stage id in each."""
    sales: dict[str, str] = {}
    stages = []
    for order, name in enumerate((*OPEN_STAGES, CLOSED_WON, CLOSED_LOST)):
        closed = name in (CLOSED_WON, CLOSED_LOST)
        # HubSpot's own ids for the default pipeline's closing stages, numbers for the others
        stage_id = name.lower().replace(" ", "") if closed else str(1_000_100 + order)
        sales[name] = stage_id
        stages.append(_stage(stage_id, name, order, STAGE_PROBABILITY[name] / 100, closed))
    renewal_ids = {
        label: str(2_000_100 + i) for i, label in enumerate(dict.fromkeys(RENEWAL_STAGES.values()))
    }
    renewal_stages = [
        _stage(
            stage_id,
            label,
            order,
            1.0 if label.startswith("Renewed") else 0.0 if label == "Churned" else 0.5,
            label.startswith("Renewed") or label == "Churned",
        )
        for order, (label, stage_id) in enumerate(renewal_ids.items())
    ]
    renewals = {name: renewal_ids[label] for name, label in RENEWAL_STAGES.items()}

    def pipeline(pipeline_id: str, label: str, stages: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "id": pipeline_id,
            "label": label,
            "displayOrder": 0 if pipeline_id == "default" else 1,
            "stages": stages,
            "createdAt": "2020-01-01T00:00:00.000Z",
            "updatedAt": "2020-01-01T00:00:00.000Z",
            "archived": False,
        }

    pipelines = [
        pipeline("default", "Sales Pipeline", stages),
        pipeline("77001", "Renewals", renewal_stages),
    ]
    return pipelines, sales, renewals


def _definition(name: str, label: str, labels: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "type": "enumeration",
        "fieldType": "select",
        "groupName": "dealinformation",
        "description": "",
        "options": [
            {"label": text, "value": value_of(text), "displayOrder": i, "hidden": False}
            for i, text in enumerate(labels)
        ],
    }


def hubspot_portal(directory: Path, *, reps: int = 6, months: int = 3, seed: int = 3) -> Portal:
    """A portal made from a synthetic export written to `directory`."""
    generate_export(directory, reps=reps, months=months, seed=seed)
    ids = _Ids()
    users = _rows(directory / "User.csv")
    teams = {
        name: str(500 + i)
        for i, name in enumerate(sorted({u["Department"] for u in users if u["Department"]}))
    }
    owners = []
    for user in users:
        created = parse(user["CreatedDate"])
        owners.append(
            {
                "id": ids.of("owners", user["Id"]),
                "email": user["Email"],
                "type": "PERSON",
                "firstName": user["FirstName"],
                "lastName": user["LastName"],
                "userId": 9_000_000 + len(owners),
                "userIdIncludingInactive": 9_000_000 + len(owners),
                "createdAt": iso(ms(created)),
                "updatedAt": iso(ms(created + timedelta(days=1))),
                "archived": user["IsActive"] != "true",
                "teams": [
                    {"id": teams[user["Department"]], "name": user["Department"], "primary": True}
                ]
                if user["Department"]
                else [],
            }
        )

    objects: dict[str, dict[str, FakeRecord]] = {
        kind: {} for kind in ("companies", "deals", "calls", "emails", "meetings", "tasks")
    }
    associations: dict[tuple[str, str], dict[str, list[tuple[str, list[dict[str, Any]]]]]] = {}

    def link(from_type: str, from_id: str, to_type: str, to_id: str | None, primary: bool) -> None:
        if to_id is None:
            return
        kinds = [PRIMARY, UNLABELED] if primary else [UNLABELED]
        associations.setdefault((from_type, to_type), {}).setdefault(from_id, []).append(
            (to_id, kinds)
        )

    industries: set[str] = set()
    for index, account in enumerate(_rows(directory / "Account.csv")):
        company_id = ids.of("companies", account["Id"])
        assert company_id is not None
        moment = ms(EPOCH + timedelta(hours=index // 3))  # three at a time, as an import does
        industries.add(account["Industry"])
        objects["companies"][company_id] = FakeRecord(
            company_id,
            {
                "name": account["Name"],
                "industry": value_of(account["Industry"]) if account["Industry"] else None,
                "numberofemployees": account["NumberOfEmployees"] or None,
                "country": account["BillingCountry"] or None,
                "segment": account["Segment__c"] or None,
                "region": account["Region__c"] or None,
                "hubspot_owner_id": ids.of("owners", account["OwnerId"]),
            },
            created=moment,
            modified=moment,
        )

    pipelines, sales_stages, renewal_stages = _pipelines()
    history: dict[str, list[tuple[str, int]]] = {}
    for row in _rows(directory / "OpportunityHistory.csv"):
        history.setdefault(to_18(row["OpportunityId"]), []).append(
            (row["StageName"], ms(parse(row["CreatedDate"])))
        )
    sources: set[str] = set()
    for opportunity in _rows(directory / "Opportunity.csv"):
        deal_id = ids.of("deals", opportunity["Id"])
        assert deal_id is not None
        renewal = opportunity["Type"] == "Existing Business"
        stage_ids = renewal_stages if renewal else sales_stages
        entries = sorted(history.get(to_18(opportunity["Id"]), []), key=lambda e: e[1])
        created = ms(parse(opportunity["CreatedDate"]))
        if opportunity["LeadSource"]:
            sources.add(opportunity["LeadSource"])
        objects["deals"][deal_id] = FakeRecord(
            deal_id,
            {
                "dealname": opportunity["Name"],
                "dealstage": stage_ids[opportunity["StageName"]],
                "pipeline": "77001" if renewal else "default",
                "hubspot_owner_id": ids.of("owners", opportunity["OwnerId"]),
                "amount": opportunity["Amount"] or None,
                "deal_currency_code": opportunity["CurrencyIsoCode"] or None,
                "createdate": iso(created),
                "closedate": iso(ms(parse(opportunity["CloseDate"])))
                if opportunity["CloseDate"]
                else None,
                "dealtype": "existingbusiness" if renewal else "newbusiness",
                "product": opportunity["Product__c"] or None,
                "hs_analytics_source": value_of(opportunity["LeadSource"])
                if opportunity["LeadSource"]
                else None,
            },
            created=created,
            modified=max([created, *(moment for _, moment in entries)]) + 1000,
            history=[(stage_ids[stage], moment) for stage, moment in entries],
        )
        link("deals", deal_id, "companies", ids.of("companies", opportunity["AccountId"]), True)

    def engagement(kind: str, row: dict[str, str], when: str, extra: dict[str, str | None]) -> None:
        record_id = ids.of(kind, row["Id"])
        assert record_id is not None
        created = ms(parse(row["CreatedDate"]))
        objects[kind][record_id] = FakeRecord(
            record_id,
            {"hubspot_owner_id": ids.of("owners", row["OwnerId"]), "hs_timestamp": when, **extra},
            created=created,
            modified=created + 60_000,
        )
        deal = ids.of("deals", row["WhatId"]) if row["WhatId"].startswith("006") else None
        link(kind, record_id, "deals", deal, False)
        link(kind, record_id, "companies", ids.of("companies", row["AccountId"]), False)

    for row in _rows(directory / "Task.csv"):
        kind = {"Call": "calls", "Email": "emails"}.get(row["TaskSubtype"], "tasks")
        when = (
            iso(ms(parse(row["ActivityDate"])))
            if row["ActivityDate"]
            else iso(ms(parse(row["CreatedDate"])))
        )
        seconds = row["CallDurationInSeconds"]
        extra = (
            {"hs_call_duration": str(int(seconds) * 1000) if seconds else None}
            if kind == "calls"
            else {}
        )
        engagement(kind, row, when, extra)
    for row in _rows(directory / "Event.csv"):
        start = iso(ms(parse(row["StartDateTime"])))
        engagement(
            "meetings", row, start, {"hs_meeting_end_time": iso(ms(parse(row["EndDateTime"])))}
        )

    properties = {
        "companies": [_definition("industry", "Industry", sorted(industries))],
        "deals": [
            {
                **_definition("dealtype", "Deal Type", ["New Business", "Existing Business"]),
                "options": [
                    {
                        "label": "New Business",
                        "value": "newbusiness",
                        "displayOrder": 0,
                        "hidden": False,
                    },
                    {
                        "label": "Existing Business",
                        "value": "existingbusiness",
                        "displayOrder": 1,
                        "hidden": False,
                    },
                ],
            },
            _definition("hs_analytics_source", "Original Source Type", sorted(sources)),
        ],
    }
    return Portal(owners, objects, associations, pipelines, properties)


# -- the same records as a HubSpot export made in the app -----------------------------------


def _labels(portal: Portal, kind: str, name: str) -> dict[str, str]:
    for definition in portal.properties.get(kind, []):
        if definition["name"] == name:
            return {o["value"]: o["label"] for o in definition["options"]}
    return {}


def _write(path: Path, header: list[str], rows: list[list[str | None]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])


def write_hubspot_export(portal: Portal, directory: Path) -> Path:
    """The portal's live records as the HubSpot app exports them: labels for stages and choices,
    the pipeline's closed / won flags, associations by id, the primary first."""
    directory.mkdir(parents=True, exist_ok=True)
    _write(
        directory / "owners.csv",
        ["Owner ID", "First Name", "Last Name", "Email", "Teams", "Archived", "Created at"],
        [
            [
                o["id"],
                o["firstName"],
                o["lastName"],
                o["email"],
                ";".join(t["name"] for t in o["teams"]),
                "true" if o["archived"] else "false",
                o["createdAt"],
            ]
            for o in portal.owners
        ],
    )
    industries = _labels(portal, "companies", "industry")
    live = {
        kind: [r for r in records.values() if r.archived_at is None]
        for kind, records in portal.objects.items()
    }
    _write(
        directory / "hubspot-crm-exports-all-companies-2026-11-30.csv",
        [
            "Record ID",
            "Company name",
            "Industry",
            "Number of Employees",
            "Country/Region",
            "Segment",
            "Region",
        ],
        [
            [
                c.id,
                c.properties["name"],
                industries.get(c.properties["industry"] or "", c.properties["industry"]),
                c.properties["numberofemployees"],
                c.properties["country"],
                c.properties["segment"],
                c.properties["region"],
            ]
            for c in live["companies"]
        ],
    )
    types = _labels(portal, "deals", "dealtype")
    sources = _labels(portal, "deals", "hs_analytics_source")
    deal_rows, history_rows = [], []
    for deal in live["deals"]:
        p = deal.properties
        stage = portal.stage(p["dealstage"] or "")
        closed = stage["metadata"]["isClosed"] == "true"
        won = closed and float(stage["metadata"]["probability"]) >= 1.0
        deal_rows.append(
            [
                deal.id,
                p["dealname"],
                stage["label"],
                p["hubspot_owner_id"],
                ";".join(portal.associated("deals", "companies", deal.id)),
                p["amount"],
                p["deal_currency_code"],
                p["createdate"],
                p["closedate"],
                types.get(p["dealtype"] or "", p["dealtype"]),
                p["product"],
                sources.get(p["hs_analytics_source"] or "", p["hs_analytics_source"]),
                "true" if closed else "false",
                "true" if won else "false",
            ]
        )
        history_rows += [
            [deal.id, portal.stage(value)["label"], iso(moment)] for value, moment in deal.history
        ]
    _write(
        directory / "all-deals.csv",
        [
            "Record ID",
            "Deal Name",
            "Deal Stage",
            "HubSpot Owner ID",
            "Associated Company IDs",
            "Amount",
            "Currency",
            "Create Date",
            "Close Date",
            "Deal Type",
            "Product",
            "Original Source Type",
            "Is Deal Closed?",
            "Is Closed Won",
        ],
        deal_rows,
    )
    _write(
        directory / "deal-stage-history.csv", ["Deal ID", "Deal Stage", "Timestamp"], history_rows
    )
    extra = {
        "calls": ("Call duration", "hs_call_duration"),
        "meetings": ("Meeting end time", "hs_meeting_end_time"),
    }
    for kind in ("calls", "emails", "meetings", "tasks"):
        more = extra.get(kind)
        _write(
            directory / f"{kind}.csv",
            [
                "Record ID",
                "HubSpot Owner ID",
                "Associated Deal IDs",
                "Associated Company IDs",
                "Activity date",
                *([more[0]] if more else []),
            ],
            [
                [
                    e.id,
                    e.properties["hubspot_owner_id"],
                    ";".join(portal.associated(kind, "deals", e.id)),
                    ";".join(portal.associated(kind, "companies", e.id)),
                    e.properties["hs_timestamp"],
                    *([e.properties[more[1]]] if more else []),
                ]
                for e in live[kind]
            ],
        )
    return directory
