"""An enablement admin's to-do list and data status: CRM imports and syncs (the import history),
analysis runs with how long they took, and the people who cannot sign in yet, with what is the
admin's own (`uplift.presenters.worklist`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from uplift.crm.selectors import ImportEntry, imports_history
from uplift.insights.models import AnalysisRun
from uplift.insights.selectors import analysis_runs_recent
from uplift.orgs.access import viewer_organisation
from uplift.orgs.invitations import people_awaiting_invitation, people_without_address
from uplift.orgs.models import Person
from uplift.presenters.worklist import (
    PersonalFacts,
    Suggestion,
    WorkItem,
    Worklist,
    day_text,
    personal_facts,
    plural,
    worklist_from,
)

STALE_AFTER_DAYS = 30  # CRM data older than a month is brought up to date
RECENT = 3  # imports and analysis runs shown on the data status card

SUGGESTION = Suggestion(
    "Look through the practice library: what it holds is what the reps learn from.",
    "The practice library",
    "practice_library",
)


@dataclass(frozen=True)
class AdminFacts:
    personal: PersonalFacts = field(default_factory=PersonalFacts)
    imports: Sequence[ImportEntry] = ()  # newest first
    runs: Sequence[AnalysisRun] = ()  # newest first
    awaiting_invitation: int = 0
    without_address: int = 0

    @property
    def last_import(self) -> ImportEntry | None:
        return self.imports[0] if self.imports else None

    @property
    def last_good_import(self) -> ImportEntry | None:
        return next((e for e in self.imports if e.result == "succeeded"), None)

    @property
    def recent_imports(self) -> Sequence[ImportEntry]:
        return self.imports[:RECENT]

    @property
    def recent_runs(self) -> Sequence[AnalysisRun]:
        return self.runs[:RECENT]


def admin_facts(*, person: Person, today: date) -> AdminFacts:
    organisation = viewer_organisation(person)
    return AdminFacts(
        personal=personal_facts(person=person, today=today),
        imports=imports_history(organisation=organisation),
        runs=analysis_runs_recent(organisation=organisation, limit=RECENT),
        awaiting_invitation=people_awaiting_invitation(organisation=organisation).count(),
        without_address=people_without_address(organisation=organisation).count(),
    )


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 140 else line[:139] + "…"


def import_items(facts: AdminFacts, *, today: date) -> list[WorkItem]:
    last, good = facts.last_import, facts.last_good_import
    if last is None:
        return [
            WorkItem(
                "import",
                "Import your CRM data",
                "Everything in Uplift starts from it: a Salesforce or HubSpot export, or any "
                "CRM's files with a mapping",
                today,
                "imports",
            )
        ]
    items = []
    if last.result == "failed":
        on = timezone.localtime(last.when).date()
        items.append(
            WorkItem(
                "import",
                f"Look at the import that failed on {day_text(on)}",
                _first_line(last.message) or "It stopped before writing anything",
                on,
                "imports",
            )
        )
    if good is not None:
        on = timezone.localtime(good.when).date()
        due = on + timedelta(days=STALE_AFTER_DAYS)
        if due <= today:
            items.append(
                WorkItem(
                    "import",
                    "Bring the CRM data up to date",
                    f"The last import that worked was on {day_text(on)}: import a new export or "
                    "sync the CRM",
                    due,
                    "imports",
                )
            )
    return items


def analysis_items(facts: AdminFacts) -> list[WorkItem]:
    last = facts.runs[0] if facts.runs else None
    if last is None or last.status != AnalysisRun.Status.FAILED:
        return []
    on = timezone.localtime(last.started_at).date()
    return [
        WorkItem(
            "analysis",
            f"Run the analysis of {day_text(on)} again",
            _first_line(last.error) or "It failed before it finished",
            on,
            "performance_definition",
        )
    ]


def login_items(facts: AdminFacts, *, today: date) -> list[WorkItem]:
    items = []
    if facts.awaiting_invitation:
        items.append(
            WorkItem(
                "logins",
                f"Invite {plural(facts.awaiting_invitation, 'person', 'people')} who cannot "
                "sign in yet",
                "Each gets an e-mail with a personal link to set a password",
                today,
                "enablement_home",
                anchor="invite-heading",
            )
        )
    if facts.without_address:
        items.append(
            WorkItem(
                "logins",
                f"Give {plural(facts.without_address, 'person', 'people')} a real e-mail address",
                "Their CRM record has none an invitation could reach",
                today,
                "people_addresses",
            )
        )
    return items


def admin_worklist(facts: AdminFacts, *, today: date) -> Worklist:
    items = [
        *import_items(facts, today=today),
        *analysis_items(facts),
        *login_items(facts, today=today),
    ]
    return worklist_from(
        items,
        today=today,
        empty="Nothing is waiting: the data, the analysis and the logins are in order.",
        suggestion=SUGGESTION,
        personal=facts.personal,
    )
