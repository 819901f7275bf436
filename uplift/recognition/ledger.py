"""The append-only points ledger: derived from the records, reversed rather than edited.

`ledger_sync` reads every fact (uplift.recognition.sources), applies the organisation's rules and
appends the entries that are missing. It can run any number of times, from several processes at
once: each entry's de-duplication key is unique in the organisation and rows are inserted with
"on conflict do nothing", so an event is awarded once whoever gets there first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from uplift.core.refusals import Invalid
from uplift.orgs.models import Organisation, Person
from uplift.recognition.models import PointsEntry, PointsRule
from uplift.recognition.rules import dedup_key_render, period_key, points_rules_ensure
from uplift.recognition.sources import Fact, facts_all

Recipient = PointsRule.Recipient


@dataclass(frozen=True)
class LedgerSyncResult:
    facts: int
    appended: int
    capped: int


def _recipients(rule: PointsRule, fact: Fact) -> tuple[int, ...]:
    if rule.recipient == Recipient.CONTRIBUTORS:
        return fact.contributor_ids
    person = fact.actor_id if rule.recipient == Recipient.ACTOR else fact.receiver_id
    return () if person is None else (person,)


def ledger_sync(*, organisation: Organisation) -> LedgerSyncResult:
    """Append the points every fact earns under the current rules and is not yet in the ledger."""
    rules = {r.event: r for r in points_rules_ensure(organisation=organisation) if r.active}
    facts = facts_all(organisation=organisation)
    members = set(Person.objects.filter(organisation=organisation).values_list("id", flat=True))
    ledger = PointsEntry.objects.filter(organisation=organisation, reverses__isnull=True)
    keys = set(ledger.values_list("dedup_key", flat=True))
    awarded = set(ledger.values_list("event", "source_id", "person_id"))
    used: Counter[tuple[int, int, str]] = Counter()
    for rule_id, person_id, day in ledger.filter(rule__isnull=False).values_list(
        "rule_id", "person_id", "occurred_on"
    ):
        rule = next((r for r in rules.values() if r.pk == rule_id), None)
        if rule is not None and rule.cap:
            used[(rule_id, person_id, period_key(rule.cap_period, day))] += 1
    new: list[PointsEntry] = []
    capped = 0
    for fact in facts:
        rule = rules.get(fact.event)
        if rule is None or rule.points == 0:
            continue
        for person_id in _recipients(rule, fact):
            key = dedup_key_render(
                rule=rule, source_id=fact.source_id, person_id=person_id, day=fact.occurred_on
            )
            if person_id not in members or key in keys:
                continue
            if (fact.event, fact.source_id, person_id) in awarded:
                continue  # awarded under an earlier key template
            period = (rule.pk, person_id, period_key(rule.cap_period, fact.occurred_on))
            if rule.cap and used[period] >= rule.cap:
                capped += 1
                continue
            used[period] += 1
            keys.add(key)
            new.append(
                PointsEntry(
                    organisation=organisation,
                    person_id=person_id,
                    points=rule.points,
                    event=fact.event,
                    rule=rule,
                    dedup_key=key,
                    source_id=fact.source_id,
                    occurred_on=fact.occurred_on,
                    reason=rule.get_event_display(),
                )
            )
    before = PointsEntry.objects.filter(organisation=organisation).count()
    PointsEntry.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    after = PointsEntry.objects.filter(organisation=organisation).count()
    return LedgerSyncResult(facts=len(facts), appended=after - before, capped=capped)


def points_entry_reverse(*, entry: PointsEntry, by: Person | None, reason: str) -> PointsEntry:
    """Cancel an entry with a new row of the opposite sign that points at it."""
    reason = reason.strip()
    if not reason:
        raise Invalid("Say why the points are reversed.", field="reason")
    if len(reason) > 300:
        raise Invalid("Keep the reason under 300 characters.", field="reason")
    if entry.reverses_id is not None:
        raise Invalid("A reversal cannot itself be reversed.", code="reversal")
    try:
        with transaction.atomic():
            return PointsEntry.objects.create(
                organisation_id=entry.organisation_id,
                person_id=entry.person_id,
                points=-entry.points,
                event=entry.event,
                rule=None,
                dedup_key=f"reversal:{entry.pk}",
                source_id=entry.source_id,
                occurred_on=timezone.localdate(),
                reason=reason,
                reverses=entry,
                created_by=by,
            )
    except IntegrityError as error:
        raise Invalid("These points were already reversed.", code="already_reversed") from error


def points_balances(
    *, organisation: Organisation, since: date | None = None, until: date | None = None
) -> dict[int, int]:
    """Each person's balance: the sum of their ledger entries (reversals included)."""
    entries = PointsEntry.objects.filter(organisation=organisation)
    if since is not None:
        entries = entries.filter(occurred_on__gte=since)
    if until is not None:
        entries = entries.filter(occurred_on__lte=until)
    rows = (
        entries.values("person_id").annotate(total=Sum("points")).values_list("person_id", "total")
    )
    return {person_id: int(total or 0) for person_id, total in rows}


def points_balance(*, person: Person) -> int:
    total = PointsEntry.objects.filter(person=person).aggregate(total=Sum("points"))["total"]
    return int(total or 0)
