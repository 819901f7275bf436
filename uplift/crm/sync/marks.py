"""The records at a sync mark's very moment.

An incremental read asks for the records modified from the object's mark on (not after it):
a record modified in the same second as the mark, but written after the last sync read that
second, would otherwise be skipped for ever. The records already brought in at that moment are
kept with the mark (their ids, at most `MARK_IDS_MAX`) and left out of the next read (the
query names them), so that nothing is read again for nothing either. When more records than
that share the moment, none is kept and they are read again (importing a record again as it
was changes nothing), unless that moment was long past when the sync began reading (a bulk
load's, or the first sync's): then the mark moves just past it (`mark_settled`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

# Salesforce's query names each one (about 21 characters): a few hundred keep it short.
MARK_IDS_MAX = 300
# A moment this long before the sync began reading holds no record still being written.
SETTLED = timedelta(minutes=5)

IdsAt = tuple[datetime | None, list[str] | None]


def ids_bounded(ids: Iterable[str] | None) -> list[str] | None:
    """The ids, sorted and without repeats; None (too many to keep) beyond `MARK_IDS_MAX`."""
    if ids is None:
        return None
    kept = sorted(set(ids))
    return kept if len(kept) <= MARK_IDS_MAX else None


def ids_at_latest(
    current: datetime | None,
    current_ids: list[str] | None,
    given: datetime | None,
    given_ids: Iterable[str] | None,
) -> IdsAt:
    """The latest of two moments with the ids modified at it: both sets when the moments are
    the same (None when either is unknown or together they are too many)."""
    if given is None:
        return current, current_ids
    if current is None or given > current:
        return given, ids_bounded(given_ids)
    if given < current:
        return current, current_ids
    if current_ids is None or given_ids is None:
        return current, None
    return current, ids_bounded([*current_ids, *given_ids])


def mark_settled(
    moment: datetime, ids: list[str] | None, *, read_from: datetime
) -> tuple[datetime, list[str] | None]:
    """The mark to keep for `moment` with `ids`: when too many records share it to keep them
    and it was long past at `read_from` (when the sync began), every record of that moment was
    read, so the next sync starts just after it."""
    if ids is None and moment <= read_from - SETTLED:
        return moment + timedelta(microseconds=1), []
    return moment, ids
