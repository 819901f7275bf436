"""Task.csv, Event.csv and OpportunityContactRole.csv rows for a batch of deals."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from uplift.synthetic.accounts import Accounts
from uplift.synthetic.activities import DealActivity, business_hours, moments_between
from uplift.synthetic.deals import Deals
from uplift.synthetic.ids import id_pieces, ids_18, sequence_start
from uplift.synthetic.reps import RepBatch
from uplift.synthetic.timeline import SECONDS_PER_DAY
from uplift.synthetic.vocabulary import (
    ACCOUNT_CALL_SUBJECTS,
    ACCOUNT_EMAIL_SUBJECTS,
    ACCOUNT_MEETING_SUBJECTS,
    CALL_SUBJECTS,
    CONTACT_ROLES,
    EMAIL_SUBJECTS,
    MEETING_MINUTES,
    MEETING_SUBJECTS,
    NEXT_STEP_SUBJECTS,
    TASK_SUBJECTS,
)
from uplift.synthetic.writer import (
    CsvBytes,
    Field,
    blank_where,
    integer_text,
    render_rows,
    text_array,
)

TASK_COLUMNS = (
    "Id",
    "OwnerId",
    "WhatId",
    "AccountId",
    "Subject",
    "TaskSubtype",
    "ActivityDate",
    "CreatedDate",
    "CallDurationInSeconds",
    "Status",
)
EVENT_COLUMNS = (
    "Id",
    "OwnerId",
    "WhatId",
    "AccountId",
    "Subject",
    "Type",
    "StartDateTime",
    "EndDateTime",
    "DurationInMinutes",
    "CreatedDate",
)
CONTACT_ROLE_COLUMNS = ("Id", "OpportunityId", "ContactId", "Role", "IsPrimary")

CALL, EMAIL, TASK = 0, 1, 2
SUBTYPE_TEXT = text_array(["Call", "Email", "Task"])
STATUS_TEXT = text_array(["Completed", "Not Started", "In Progress"])
COMPLETED, NOT_STARTED, IN_PROGRESS = 0, 1, 2
SUBJECT_GROUPS = {
    "call": CALL_SUBJECTS,
    "email": EMAIL_SUBJECTS,
    "task": TASK_SUBJECTS,
    "next_step": NEXT_STEP_SUBJECTS,
    "account_call": ACCOUNT_CALL_SUBJECTS,
    "account_email": ACCOUNT_EMAIL_SUBJECTS,
}
SUBJECT_TEXT = text_array([subject for group in SUBJECT_GROUPS.values() for subject in group])
SUBJECT_OFFSET = dict(
    zip(
        SUBJECT_GROUPS,
        np.cumsum([0] + [len(group) for group in SUBJECT_GROUPS.values()])[:-1].tolist(),
        strict=True,
    )
)
MEETING_TEXT = text_array([*MEETING_SUBJECTS, *ACCOUNT_MEETING_SUBJECTS])
ROLE_TEXT = text_array(CONTACT_ROLES)
BOOLEAN_TEXT = np.array([b"false", b"true"])
NO_DEAL = -1


def _subjects(group: str, count: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    subjects: npt.NDArray[np.int64] = SUBJECT_OFFSET[group] + rng.integers(
        len(SUBJECT_GROUPS[group]), size=count
    )
    return subjects


@dataclass
class _Rows:
    """Activity rows under construction (one array per column, concatenated at the end)."""

    deal: list[npt.NDArray[np.int64]]
    account: list[npt.NDArray[np.int64]]
    rep: list[npt.NDArray[np.int64]]
    kind: list[npt.NDArray[np.int64]]
    moment: list[npt.NDArray[np.int64]]
    subject: list[npt.NDArray[np.int64]]

    @classmethod
    def empty(cls) -> _Rows:
        return cls([], [], [], [], [], [])

    def add(
        self,
        *,
        deal: npt.NDArray[np.int64],
        account: npt.NDArray[np.int64],
        rep: npt.NDArray[np.int64],
        kind: npt.NDArray[np.int64],
        moment: npt.NDArray[np.int64],
        subject: npt.NDArray[np.int64],
    ) -> None:
        self.deal.append(deal)
        self.account.append(account)
        self.rep.append(rep)
        self.kind.append(kind)
        self.moment.append(moment)
        self.subject.append(subject)

    def columns(self) -> dict[str, npt.NDArray[np.int64]]:
        return {
            name: np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
            for name, parts in vars(self).items()
        }


def _deal_moments(
    deals: Deals,
    activity: DealActivity,
    batch: RepBatch,
    deal: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Moments between each deal's first touch and its close, in the owner's working day."""
    raw = moments_between(activity.first_touch_sec[deal], activity.active_end_sec[deal], rng)
    working = business_hours(raw, batch.utc_offset_hours[deals.rep[deal]])
    return np.clip(working, deals.created_sec[deal], activity.active_end_sec[deal])


def _account_level(
    accounts: Accounts, batch: RepBatch, per_month: float, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Rep, account and moment of activities logged on an account rather than on a deal."""
    timeline = batch.timeline
    in_window = timeline.month_starts >= timeline.start_day
    month_starts = timeline.month_starts[in_window]
    month_lengths = timeline.month_lengths[in_window]
    counts = rng.poisson(per_month, size=(len(batch), len(month_starts))).reshape(-1)
    rep, month = np.divmod(np.repeat(np.arange(counts.size), counts), len(month_starts))
    day = month_starts[month] + (rng.random(len(rep)) * month_lengths[month]).astype(np.int64)
    working = (day >= batch.active_from[rep]) & (day <= batch.active_to[rep])
    rep, day = rep[working], day[working]
    book_start = accounts.first_of_book[rep, 0]
    book_size = accounts.book_size[rep].sum(axis=1)
    account = book_start + (rng.random(len(rep)) * book_size).astype(np.int64)
    moment = business_hours(
        day * SECONDS_PER_DAY + rng.integers(0, SECONDS_PER_DAY, size=len(rep)),
        batch.utc_offset_hours[rep],
    )
    return rep, account, moment


def tasks_render(
    deals: Deals,
    activity: DealActivity,
    accounts: Accounts,
    batch: RepBatch,
    rng: np.random.Generator,
) -> tuple[CsvBytes, int]:
    params = batch.params
    timeline = batch.timeline
    rows = _Rows.empty()

    touched = np.flatnonzero(activity.has_first_touch)
    is_call = activity.first_touch_is_call[touched]
    first_moment = business_hours(
        activity.first_touch_sec[touched], batch.utc_offset_hours[deals.rep[touched]]
    )
    first_moment = np.clip(
        first_moment, deals.created_sec[touched], activity.active_end_sec[touched]
    )
    rows.add(
        deal=touched,
        account=deals.account[touched],
        rep=deals.rep[touched],
        kind=np.where(is_call, CALL, EMAIL),
        moment=first_moment,
        subject=np.where(
            is_call,
            _subjects("call", len(touched), rng),
            _subjects("email", len(touched), rng),
        ),
    )
    first_was_call = activity.has_first_touch & activity.first_touch_is_call
    first_was_email = activity.has_first_touch & ~activity.first_touch_is_call
    for subtype, group, counts in (
        (CALL, "call", activity.calls - first_was_call),
        (EMAIL, "email", activity.emails - first_was_email),
        (TASK, "task", activity.tasks),
    ):
        deal = np.repeat(np.arange(len(deals)), counts)
        rows.add(
            deal=deal,
            account=deals.account[deal],
            rep=deals.rep[deal],
            kind=np.full(len(deal), subtype),
            moment=_deal_moments(deals, activity, batch, deal, rng),
            subject=_subjects(group, len(deal), rng),
        )

    # Open deals often have a next step due after the export was taken.
    end_sec = (timeline.end_day + 1) * SECONDS_PER_DAY - 1
    pending = np.flatnonzero(
        deals.is_open
        & activity.has_first_touch
        & (rng.random(len(deals)) < params.next_step_task_fraction)
    )
    due = (timeline.end_day + rng.integers(1, 22, size=len(pending))) * SECONDS_PER_DAY
    rows.add(
        deal=pending,
        account=deals.account[pending],
        rep=deals.rep[pending],
        kind=np.full(len(pending), TASK),
        moment=due + 12 * 3600,
        subject=_subjects("next_step", len(pending), rng),
    )

    rep, account, moment = _account_level(accounts, batch, params.account_tasks_per_month, rng)
    is_call = rng.random(len(rep)) < 0.5
    rows.add(
        deal=np.full(len(rep), NO_DEAL),
        account=account,
        rep=rep,
        kind=np.where(is_call, CALL, EMAIL),
        moment=moment,
        subject=np.where(
            is_call,
            _subjects("account_call", len(rep), rng),
            _subjects("account_email", len(rep), rng),
        ),
    )

    columns = rows.columns()
    deal, kind, moment = columns["deal"], columns["kind"], columns["moment"]
    rep, account = columns["rep"], columns["account"]
    count = len(deal)
    on_deal = deal != NO_DEAL
    # To-dos are created a few days before they are due; calls and e-mails are logged as done.
    planned_ahead = np.where(kind == TASK, rng.integers(0, 5 * SECONDS_PER_DAY, size=count), 0)
    deal_created = np.where(on_deal, deals.created_sec[np.maximum(deal, 0)], 0)
    created = np.maximum(moment - planned_ahead, deal_created)
    future = moment > end_sec
    created = np.where(future, np.minimum(created, end_sec - 3600), created)
    status = np.full(count, COMPLETED)
    status_draw = rng.random(count)
    status[(kind == TASK) & (status_draw < 0.03)] = NOT_STARTED
    status[(kind == TASK) & (status_draw >= 0.03) & (status_draw < 0.05)] = IN_PROGRESS
    status[future] = NOT_STARTED
    duration = np.maximum(5, rng.lognormal(np.log(240), 0.8, size=count)).astype(np.int64)

    order = np.argsort(created, kind="stable")
    deal, kind, moment = deal[order], kind[order], moment[order]
    rep, account = rep[order], account[order]
    created, status, duration = created[order], status[order], duration[order]
    subject = columns["subject"][order]
    on_deal = deal != NO_DEAL
    local_day = (moment + batch.utc_offset_hours[rep] * 3600) // SECONDS_PER_DAY
    numbers = sequence_start("Task") + batch.sequence_offset + np.arange(count)
    short = params.short_id_fraction_reference
    fields: list[Field] = [
        id_pieces(ids_18("Task", numbers), rng.random(count) < params.short_id_fraction_own),
        id_pieces(batch.user_id[rep], rng.random(count) < short),
        id_pieces(deals.id[np.maximum(deal, 0)], rng.random(count) < short, blank=~on_deal),
        id_pieces(accounts.id[account], rng.random(count) < short),
        SUBJECT_TEXT[subject],
        SUBTYPE_TEXT[kind],
        timeline.date_text(timeline.clip_days(local_day)),
        timeline.datetime_pieces(created),
        blank_where(kind != CALL, integer_text(duration)),
        STATUS_TEXT[status],
    ]
    return render_rows(fields, count), count


def events_render(
    deals: Deals,
    activity: DealActivity,
    accounts: Accounts,
    batch: RepBatch,
    rng: np.random.Generator,
) -> tuple[CsvBytes, int]:
    params = batch.params
    timeline = batch.timeline
    meeting_deal = np.repeat(np.arange(len(deals)), activity.meetings)
    deal_moment = _deal_moments(deals, activity, batch, meeting_deal, rng)
    account_rep, account_account, account_moment = _account_level(
        accounts, batch, params.account_meetings_per_month, rng
    )
    deal = np.concatenate([meeting_deal, np.full(len(account_rep), NO_DEAL)])
    rep = np.concatenate([deals.rep[meeting_deal], account_rep])
    account = np.concatenate([deals.account[meeting_deal], account_account])
    start = np.concatenate([deal_moment, account_moment])
    count = len(deal)
    on_deal = deal != NO_DEAL
    subject = np.where(
        on_deal,
        rng.integers(len(MEETING_SUBJECTS), size=count),
        len(MEETING_SUBJECTS) + rng.integers(len(ACCOUNT_MEETING_SUBJECTS), size=count),
    )
    # Meetings start on the quarter hour and are booked a few days ahead.
    start = -(-start // 900) * 900
    minutes_options = np.array([minutes for minutes, _ in MEETING_MINUTES])
    weights = np.array([weight for _, weight in MEETING_MINUTES])
    minutes = minutes_options[rng.choice(len(weights), size=count, p=weights / weights.sum())]
    booked = start - rng.integers(SECONDS_PER_DAY // 2, 10 * SECONDS_PER_DAY, size=count)
    deal_created = np.where(on_deal, deals.created_sec[np.maximum(deal, 0)], booked)
    booked = np.minimum(np.maximum(booked, deal_created), start)

    order = np.argsort(booked, kind="stable")
    deal, rep, account, start = deal[order], rep[order], account[order], start[order]
    subject, minutes, booked = subject[order], minutes[order], booked[order]
    on_deal = deal != NO_DEAL
    numbers = sequence_start("Event") + batch.sequence_offset + np.arange(count)
    short = params.short_id_fraction_reference
    fields: list[Field] = [
        id_pieces(ids_18("Event", numbers), rng.random(count) < params.short_id_fraction_own),
        id_pieces(batch.user_id[rep], rng.random(count) < short),
        id_pieces(deals.id[np.maximum(deal, 0)], rng.random(count) < short, blank=~on_deal),
        id_pieces(accounts.id[account], rng.random(count) < short),
        MEETING_TEXT[subject],
        b"Meeting",
        timeline.datetime_pieces(start),
        timeline.datetime_pieces(start + minutes * 60),
        integer_text(minutes),
        timeline.datetime_pieces(booked),
    ]
    return render_rows(fields, count), count


def contact_roles_render(
    deals: Deals, activity: DealActivity, batch: RepBatch, rng: np.random.Generator
) -> tuple[CsvBytes, int]:
    """The buyers involved in each deal: distinct contacts of the deal's account."""
    params = batch.params
    per_account = params.contacts_per_account
    deal = np.repeat(np.arange(len(deals)), activity.contacts)
    count = len(deal)
    first_row = np.cumsum(activity.contacts) - activity.contacts
    position = np.arange(count) - first_row[deal]
    rotation = rng.integers(per_account, size=len(deals))
    slot = (rotation[deal] + position) % per_account
    contact_numbers = (
        sequence_start("Contact") + batch.sequence_offset + deals.account[deal] * per_account + slot
    )
    primary = position == 0
    # The primary contact is the one who decides or pays; the others can be anyone.
    role = np.where(
        primary, rng.integers(2, size=count), rng.integers(len(CONTACT_ROLES), size=count)
    )
    numbers = sequence_start("OpportunityContactRole") + batch.sequence_offset + np.arange(count)
    short = params.short_id_fraction_reference
    fields: list[Field] = [
        id_pieces(
            ids_18("OpportunityContactRole", numbers),
            rng.random(count) < params.short_id_fraction_own,
        ),
        id_pieces(deals.id[deal], rng.random(count) < short),
        id_pieces(ids_18("Contact", contact_numbers), rng.random(count) < short),
        ROLE_TEXT[role],
        BOOLEAN_TEXT[primary.astype(np.int64)],
    ]
    return render_rows(fields, count), count
