"""Reminders before a commitment falls due, and missed commitments raised with the sponsor.

Once a day per organisation (a background job queued by the worker's periodic pass, with a
de-duplication key naming the organisation and its day: uplift.orgs.daily), `reminders_send`:

- notifies each person whose commitments end within `REMIND_DAYS` and are not kept yet, once per
  commitment (e-mailed as they chose: straight away by default);
- notifies the sponsor, and only the sponsor, of the commitments missed in the last
  `MISSED_LOOKBACK_DAYS`, once per commitment: a missed commitment is not broadcast;
- posts to the organisation's Slack and Teams webhooks, at most once a week per initiative, how
  many commitments fall due soon and where to see them, without a name.

Every notice is a `Notice` row with a unique key written in the same transaction as the
notification, so running the job twice sends nothing twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from uplift.core.links import site_url
from uplift.initiatives.models import Commitment, Initiative, Notice
from uplift.initiatives.progress import CommitmentStatus, State, commitment_statuses
from uplift.notifications.kinds import Kind as NotificationKind
from uplift.notifications.services import notify
from uplift.orgs.daily import daily_work
from uplift.orgs.models import Organisation, Person
from uplift.recognition.integrations import ChatNotice
from uplift.recognition.webhooks import chat_notice_post

logger = logging.getLogger(__name__)

JOB_KIND = "initiative_reminders"
REMIND_DAYS = 7
MISSED_LOOKBACK_DAYS = 30


def _path(initiative: Initiative, name: str = "initiatives_commitments") -> str:
    return reverse(name, args=[initiative.pk])


@dataclass(frozen=True)
class _Notice:
    kind: NotificationKind
    text: str
    body: str
    link: str


def _line(status: CommitmentStatus, *, named: bool = False) -> str:
    who = f"{status.person_name}, " if named else ""
    return (
        f"- {who}{status.label}: {status.achieved} of {status.target} "
        f"({status.starts_on:%d %b} to {status.ends_on:%d %b %Y})"
    )


def _send_once(
    initiative: Initiative, keys: list[str], person: Person, notice: _Notice, today: date
) -> bool:
    """Notify the person and record the notices in one transaction; False when another run
    recorded one of them first."""
    try:
        with transaction.atomic():
            Notice.objects.bulk_create(
                Notice(initiative=initiative, key=key, recipients=[person.email], sent_on=today)
                for key in keys
            )
            notify(
                recipient=person,
                kind=notice.kind,
                text=notice.text,
                body=notice.body,
                link=notice.link,
                key=f"initiative:{initiative.pk}:{','.join(sorted(keys))}"[:200],
            )
    except IntegrityError:
        return False
    return True


def _fresh(keys: dict[str, CommitmentStatus]) -> dict[str, CommitmentStatus]:
    sent = set(Notice.objects.filter(key__in=list(keys)).values_list("key", flat=True))
    return {key: status for key, status in keys.items() if key not in sent}


def _remind(initiative: Initiative, due: list[CommitmentStatus], today: date) -> int:
    by_person: dict[int, dict[str, CommitmentStatus]] = defaultdict(dict)
    for status in due:
        by_person[status.person_id][f"due:{status.commitment_id}"] = status
    people = Person.objects.in_bulk(list(by_person))
    sent = 0
    for person_id, keyed in by_person.items():
        fresh = _fresh(keyed)
        person = people.get(person_id)
        if not fresh or person is None or not person.is_active:
            continue
        body = "\n".join(
            [
                (
                    f"In “{initiative.name}”, these commitments of yours fall due soon and the "
                    "records do not show them kept yet:"
                ),
                "",
                *(_line(s) for s in fresh.values()),
                "",
                (
                    "Each is kept by the record itself (a debrief completed, a practice approved, "
                    "a session held with its attendance, a check-in logged); nothing to tick."
                ),
            ]
        )
        notice = _Notice(
            kind=NotificationKind.COMMITMENT_DUE,
            text=f"Due soon in “{initiative.name}”",
            body=body,
            link=_path(initiative),
        )
        sent += _send_once(initiative, list(fresh), person, notice, today)
    return sent


def _raise_missed(initiative: Initiative, missed: list[CommitmentStatus], today: date) -> int:
    fresh = _fresh({f"missed:{s.commitment_id}": s for s in missed})
    sponsor = initiative.sponsor
    if not fresh or not sponsor.is_active:
        return 0
    lines = [_line(s, named=True) for s in fresh.values()]
    body = "\n".join(
        [
            (
                f"As sponsor of “{initiative.name}”, these commitments ended without the records "
                "that keep them:"
            ),
            "",
            *lines,
            "",
            (
                "Only you receive this. A word with each person, or a lighter commitment for the "
                "next period, is usually what helps. The initiative's health:"
            ),
        ]
    )
    notice = _Notice(
        kind=NotificationKind.COMMITMENT_MISSED,
        text=f"Missed commitments in “{initiative.name}”",
        body=body,
        link=_path(initiative, "initiatives_health"),
    )
    return int(_send_once(initiative, list(fresh), sponsor, notice, today))


def _chat(initiative: Initiative, due: list[CommitmentStatus], today: date) -> int:
    if not due:
        return 0
    year, week, _ = today.isocalendar()
    key = f"chat:{initiative.pk}:{year}-W{week:02d}"
    try:
        with transaction.atomic():
            notice = Notice.objects.create(initiative=initiative, key=key, sent_on=today)
    except IntegrityError:
        return 0
    people = len({s.person_id for s in due})
    outcomes = chat_notice_post(
        organisation=initiative.organisation,
        notice=ChatNotice(
            title=f"“{initiative.name}”: commitments fall due this week",
            lines=[
                f"{len(due)} commitment(s) of {people} people fall due within {REMIND_DAYS} days.",
                "Debriefs, practices, sessions and check-ins count when they are recorded.",
            ],
            link=site_url(_path(initiative, "initiatives_detail")),
        ),
    )
    notice.recipients = [f"{channel}: {outcome}" for channel, outcome in outcomes.items()]
    notice.save(update_fields=["recipients"])
    return int(bool(outcomes))


def reminders_send(*, organisation: Organisation, today: date) -> dict[str, int]:
    """Send the day's reminders and warnings for the organisation's running initiatives."""
    sent = {"reminders": 0, "missed": 0, "chat": 0}
    running = Initiative.objects.filter(
        organisation=organisation, status=Initiative.Status.RUNNING
    ).select_related("sponsor", "organisation")
    for initiative in running:
        commitments = Commitment.objects.filter(initiative=initiative).select_related("person")
        statuses = commitment_statuses(initiative, commitments, today=today)
        due = [
            s for s in statuses if s.state == State.DUE and (s.ends_on - today).days <= REMIND_DAYS
        ]
        missed = [
            s
            for s in statuses
            if s.state == State.MISSED and (today - s.ends_on).days <= MISSED_LOOKBACK_DAYS
        ]
        sent["reminders"] += _remind(initiative, due, today)
        sent["missed"] += _raise_missed(initiative, missed, today)
        sent["chat"] += _chat(initiative, due, today)
    return sent


@daily_work(JOB_KIND, title="Sharing initiative reminders")
def reminders_send_daily(organisation: Organisation, day: date) -> dict[str, Any]:
    """Idempotent: a notice already recorded is not sent again."""
    return dict(reminders_send(organisation=organisation, today=day))
