"""Points rules as data: the defaults each organisation starts with, and their validation."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from uplift.orgs.models import Organisation
from uplift.recognition.models import PointsRule

Event = PointsRule.Event
Recipient = PointsRule.Recipient
PLACEHOLDERS = frozenset({"event", "source_id", "person_id", "period"})
DEFAULT_TEMPLATE = "{event}:{source_id}:{person_id}"

# Who may receive the points of each event (the rule picks one).
RECIPIENTS: dict[str, tuple[str, ...]] = {
    Event.PRACTICE_SHARED: (Recipient.CONTRIBUTORS, Recipient.ACTOR),
    Event.PRACTICE_APPROVED: (Recipient.CONTRIBUTORS,),
    Event.PRACTICE_ADOPTED: (Recipient.CONTRIBUTORS, Recipient.ACTOR),
    Event.COACHING_PARTNERED: (Recipient.ACTOR, Recipient.RECEIVER),
    Event.ROLE_PLAY_PARTNERED: (Recipient.ACTOR, Recipient.RECEIVER),
    Event.KUDOS_RECEIVED: (Recipient.RECEIVER,),
    Event.KUDOS_GIVEN: (Recipient.ACTOR,),
}


@dataclass(frozen=True)
class RuleDefault:
    event: str
    points: int
    recipient: str
    cap: int | None = None
    cap_period: str = PointsRule.Period.MONTH
    active: bool = True


DEFAULT_RULES = (
    RuleDefault(Event.PRACTICE_SHARED, 10, Recipient.CONTRIBUTORS),
    RuleDefault(Event.PRACTICE_APPROVED, 25, Recipient.CONTRIBUTORS),
    RuleDefault(Event.PRACTICE_ADOPTED, 5, Recipient.CONTRIBUTORS),
    RuleDefault(Event.COACHING_PARTNERED, 8, Recipient.ACTOR, 12, PointsRule.Period.MONTH),
    RuleDefault(Event.ROLE_PLAY_PARTNERED, 6, Recipient.ACTOR, 12, PointsRule.Period.MONTH),
    RuleDefault(Event.KUDOS_RECEIVED, 2, Recipient.RECEIVER, 10, PointsRule.Period.WEEK),
    RuleDefault(Event.KUDOS_GIVEN, 1, Recipient.ACTOR, 5, PointsRule.Period.WEEK, active=False),
)


def points_rules_ensure(*, organisation: Organisation) -> list[PointsRule]:
    """The organisation's rules, creating the default ones that are missing (idempotent)."""
    with transaction.atomic():
        existing = set(
            PointsRule.objects.filter(organisation=organisation).values_list("event", flat=True)
        )
        PointsRule.objects.bulk_create(
            [
                PointsRule(organisation=organisation, event=d.event, points=d.points,
                           recipient=d.recipient, cap=d.cap, cap_period=d.cap_period,
                           dedup_template=DEFAULT_TEMPLATE, active=d.active)
                for d in DEFAULT_RULES
                if d.event not in existing
            ],
            ignore_conflicts=True,
        )  # fmt: skip
    return list(PointsRule.objects.filter(organisation=organisation).order_by("event"))


def template_check(template: str) -> None:
    """Refuse a de-duplication template that could merge different people or unknown names."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise ValidationError(f"The key template is not valid: {error}.") from error
    unknown = names - PLACEHOLDERS
    if unknown:
        raise ValidationError(
            f"Unknown placeholder(s) {', '.join(sorted(unknown))}: use "
            + ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            + "."
        )
    if "person_id" not in names:
        raise ValidationError("The key template must contain {person_id}.")
    if not names & {"source_id", "period"}:
        raise ValidationError("The key template must contain {source_id} or {period}.")
    if template.startswith("reversal"):
        raise ValidationError("Keys starting with 'reversal' are kept for reversals.")


def period_key(period: str, day: date) -> str:
    if period == PointsRule.Period.DAY:
        return day.isoformat()
    if period == PointsRule.Period.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day.year}-{day.month:02d}"


def dedup_key_render(*, rule: PointsRule, source_id: int, person_id: int, day: date) -> str:
    return rule.dedup_template.format(
        event=rule.event,
        source_id=source_id,
        person_id=person_id,
        period=period_key(rule.cap_period, day),
    )


def points_rule_update(
    *,
    rule: PointsRule,
    points: int,
    recipient: str,
    cap: int | None,
    cap_period: str,
    dedup_template: str,
    active: bool,
) -> PointsRule:
    """Change a rule. Awards already in the ledger stay as they are; the rule applies to the events
    not yet awarded."""
    if not -1000 <= points <= 1000:
        raise ValidationError("Points must be between -1000 and 1000.")
    if recipient not in RECIPIENTS[rule.event]:
        allowed = ", ".join(str(Recipient(r).label).lower() for r in RECIPIENTS[rule.event])
        raise ValidationError(f"For this event the points can go to: {allowed}.")
    if cap is not None and not 1 <= cap <= 1000:
        raise ValidationError("A cap must be between 1 and 1000 (or empty for no cap).")
    if cap_period not in PointsRule.Period.values:
        raise ValidationError("The cap period must be a day, a week or a month.")
    template_check(dedup_template)
    rule.points, rule.recipient, rule.cap = points, recipient, cap
    rule.cap_period, rule.dedup_template, rule.active = cap_period, dedup_template, active
    rule.save()
    return rule
