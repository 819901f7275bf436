"""Points rules as data: the defaults each organisation starts with, and their validation."""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from uplift.core.refusals import Invalid
from uplift.orgs.models import Organisation
from uplift.recognition.models import PointsEntry, PointsRule

Event = PointsRule.Event
Recipient = PointsRule.Recipient
TEMPLATE = "dedup_template"  # the input every template refusal is about
PLACEHOLDERS = frozenset({"event", "source_id", "person_id", "period"})
DEFAULT_TEMPLATE = "{event}:{source_id}:{person_id}"
DEDUP_KEY_MAX = PointsEntry._meta.get_field("dedup_key").max_length or 255

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
                PointsRule(
                    organisation=organisation,
                    event=d.event,
                    points=d.points,
                    recipient=d.recipient,
                    cap=d.cap,
                    cap_period=d.cap_period,
                    dedup_template=DEFAULT_TEMPLATE,
                    active=d.active,
                )
                for d in DEFAULT_RULES
                if d.event not in existing
            ],
            ignore_conflicts=True,
        )
    return list(PointsRule.objects.filter(organisation=organisation).order_by("event"))


def template_check(template: str, *, event: str = "", others: Sequence[PointsRule] = ()) -> None:
    """Refuse a de-duplication template that names unknown values, could merge different people
    or awards, cannot be filled in, or gives keys too long to store. It is filled in now, as the
    ledger will fill it in, for every period and a spread of ids and days, so that a mistake is
    refused here rather than stopping every later ledger sync."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as error:
        raise Invalid(f"The key template is not valid: {error}.", field=TEMPLATE) from error
    names = {name for _, name, _, _ in fields if name is not None}
    unknown = names - PLACEHOLDERS
    if unknown:
        raise Invalid(
            f"Unknown placeholder(s) {', '.join(sorted(unknown))}: use "
            + ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            + ".",
            field=TEMPLATE,
        )
    if "person_id" not in names:
        raise Invalid("The key template must contain {person_id}.", field=TEMPLATE)
    if not names & {"source_id", "period"}:
        raise Invalid("The key template must contain {source_id} or {period}.", field=TEMPLATE)
    for _, name, spec, _ in fields:
        if spec and ("{" in spec or re.search(r"[0-9]{3,}", spec)):
            raise Invalid(
                f"The key template's format of {{{name}}} is not allowed: no formats inside "
                "formats, and no widths of 100 or more.",
                field=TEMPLATE,
            )
    keys = _sample_keys(template, event or next(iter(RECIPIENTS)))
    _check_sample_keys(keys, names)
    for other in others:
        try:
            theirs = _sample_keys(other.dedup_template, other.event)
        except Invalid:
            continue  # the other rule's own template is refused when it is next saved
        if not set(keys.values()).isdisjoint(theirs.values()):
            raise Invalid(
                f"Its keys would be the same as the rule for “{other.get_event_display()}”: "
                "keep {event} in the template.",
                field=TEMPLATE,
            )


_SAMPLE_IDS = (1, 2, 11, 12, 987_654_320, 987_654_321, 2**63 - 1)  # "1"+"12" reads as "11"+"2"
_SAMPLE_DAYS = (date(2024, 12, 30), date(2026, 1, 1), date(2026, 6, 15))
_FILLING_ERRORS = (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError)
SampleKey = tuple[int, int, date, str]  # source id, person id, day, cap period


def _sample_keys(template: str, event: str) -> dict[SampleKey, str]:
    """The template filled in for a spread of sources, people, days and cap periods."""
    try:
        return {
            (source, person, day, period): template.format(
                event=event, source_id=source, person_id=person, period=period_key(period, day)
            )
            for source in _SAMPLE_IDS
            for person in _SAMPLE_IDS
            for day in _SAMPLE_DAYS
            for period in PointsRule.Period.values
        }
    except _FILLING_ERRORS as error:
        raise Invalid(f"The key template cannot be filled in: {error}.", field=TEMPLATE) from error


def _check_sample_keys(keys: dict[SampleKey, str], names: set[str]) -> None:
    longest = max(keys.values(), key=len)
    if len(longest) > DEDUP_KEY_MAX:
        raise Invalid(
            f"The key template gives keys of up to {len(longest)} characters; at most "
            f"{DEDUP_KEY_MAX} are stored.",
            field=TEMPLATE,
        )
    if any(key.startswith("reversal") for key in keys.values()):
        raise Invalid("Keys starting with 'reversal' are kept for reversals.", field=TEMPLATE)
    # Awards that must stay apart get keys apart: another person, another source (or, without
    # {source_id}, another period). A key standing for two of them would drop one award.
    awards: dict[tuple[str, str], tuple[object, ...]] = {}
    for (source, person, day, period), key in keys.items():
        award = (person, source) if "source_id" in names else (person, period_key(period, day))
        if awards.setdefault((period, key), award) != award:
            raise Invalid(
                f"The key template gives two different awards the same key ({key!r}): keep "
                "each whole number in it, apart from the others.",
                field=TEMPLATE,
            )


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
        raise Invalid("Points must be between -1000 and 1000.", field="points")
    if recipient not in RECIPIENTS[rule.event]:
        allowed = ", ".join(str(Recipient(r).label).lower() for r in RECIPIENTS[rule.event])
        raise Invalid(f"For this event the points can go to: {allowed}.", field="recipient")
    if cap is not None and not 1 <= cap <= 1000:
        raise Invalid("A cap must be between 1 and 1000 (or empty for no cap).", field="cap")
    if cap_period not in PointsRule.Period.values:
        raise Invalid("The cap period must be a day, a week or a month.", field="cap_period")
    others = PointsRule.objects.filter(organisation_id=rule.organisation_id).exclude(pk=rule.pk)
    template_check(dedup_template, event=rule.event, others=list(others))
    rule.points, rule.recipient, rule.cap = points, recipient, cap
    rule.cap_period, rule.dedup_template, rule.active = cap_period, dedup_template, active
    rule.save()
    return rule


# What one award is for, per event: "one award per person for each <this>".
AWARDED_FOR: dict[str, str] = {
    Event.PRACTICE_SHARED: "practice they share",
    Event.PRACTICE_APPROVED: "practice of theirs that is approved",
    Event.PRACTICE_ADOPTED: "adoption of a practice",
    Event.COACHING_PARTNERED: "coaching session",
    Event.ROLE_PLAY_PARTNERED: "role play",
    Event.KUDOS_RECEIVED: "kudos received",
    Event.KUDOS_GIVEN: "kudos given",
}
PERIOD_WORDS = {"day": "day", "week": "week", "month": "month"}


def rule_in_words(*, event: str, template: str, cap: int | None, cap_period: str) -> str:
    """What a points rule does, as a sentence for the admin who sets it: the de-duplication key
    template read as which awards count as one ("One award per person for each coaching
    session"), then the cap ("at most 12 a month"). A template that cannot be read is said to
    be one."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError:
        return "The key template cannot be read: fix it or reset it to the default."
    period = PERIOD_WORDS.get(cap_period, cap_period)
    thing = AWARDED_FOR.get(event, "event")
    if "source_id" in names and "period" in names:
        sentence = f"One award per person for each {thing}, counted {period} by {period}"
    elif "source_id" in names:
        sentence = f"One award per person for each {thing}"
    elif "period" in names:
        sentence = f"At most one award per person each {period}, however many times it happens"
    else:
        sentence = "One award per person in all"
    if cap is not None:
        sentence += f"; at most {cap} award{'s' if cap != 1 else ''} per person a {period}"
    return f"{sentence}."
