"""Walking one HubSpot object page by page, so that a sync killed half-way resumes where it was.

- A full read goes through the list endpoint (GET /crm/v3/objects/{object}, paging by `after`).
- An incremental read searches (POST /crm/v3/objects/{object}/search) for the records modified
  from `since` (less a few minutes: HubSpot's search index lags a little behind its writes) up
  to the moment the read began, sorted by modification time, paging by `after`.
- Then the archived (deleted) records are listed (`archived=true`); those archived since the
  last sync are the page's `deleted_ids`. An owner is never deleted: an archived owner is a
  rep who left, read as an inactive rep.

A search gives at most 10,000 results (HubSpot refuses to page past them). Before reaching
that, the query starts again from the last record's modification time; records modified at
that very moment that were already given are skipped by id, so none is skipped or given twice
at the boundary. Should one moment hold more records than a query can give, those are read by
record id (`hs_object_id`), then the search goes on after that moment. A search's `total` that
changes between two pages means records left the query's window (modified again or deleted
during the sync) and the results moved up: the query starts again from the last record given
rather than skip the ones that moved past the page boundary.

Every step's cursor is JSON (`WalkCursor`), landed by the engine with the page it follows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from uplift.crm.sync.connector import CursorExpired
from uplift.crm.sync.hubspot_api import HubSpotApi
from uplift.crm.sync.hubspot_objects import MODIFIED, HubSpotObject

SEARCH_PAGE = 200  # the most a search page holds
LIST_PAGE = 100  # the most a list page holds
MAX_SEARCH_RESULTS = 10_000  # the most one search query gives
LOOKBACK = timedelta(minutes=5)


@dataclass(frozen=True)
class WalkCursor:
    """Where a walk is. `phase`: owners, owners_archived, list, search, ties, archived."""

    phase: str
    after: str | None = None  # HubSpot's paging token within the current query
    start: int | None = None  # search: the window's first moment (ms); ties: the moment
    until: int | None = None  # search: the window's last moment (ms), when the read began
    since: int | None = None  # records changed (or archived) from then on (ms); None: all
    read: int = 0  # results the current query gave so far
    total: int | None = None  # the current query's total, from its first page
    skip: tuple[str, ...] = ()  # ids modified at `start` given before (skipped now)
    last: int | None = None  # the last result's modification time (ms)
    last_ids: tuple[str, ...] = ()  # the ids given that were modified at `last`
    above: str | None = None  # ties: the last id read

    def dump(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v not in (None, 0, ())})

    @classmethod
    def load(cls, text: str) -> WalkCursor:
        try:
            data = json.loads(text)
            data["skip"] = tuple(data.get("skip", ()))
            data["last_ids"] = tuple(data.get("last_ids", ()))
            return cls(**data)
        except (TypeError, ValueError, KeyError) as error:
            raise CursorExpired(f"The landed HubSpot cursor cannot be read: {error}") from error


@dataclass(frozen=True)
class Step:
    """One answer of HubSpot's: the records it gave (the client's models), the ids archived,
    and where the next step starts (None: the object is done)."""

    results: list[Any]
    deleted_ids: list[str] = field(default_factory=list)
    next: WalkCursor | None = None


def to_ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def modified_of(result: Any) -> datetime:
    """A record's modification time: its hs_lastmodifieddate (what searches sort on), else
    updatedAt."""
    text = (result.properties or {}).get(MODIFIED)
    if text:
        try:
            return datetime.fromisoformat(str(text))
        except ValueError:
            pass
    moment: datetime = result.updated_at
    return moment


def first_cursor(obj: HubSpotObject, *, since: datetime | None, now: datetime) -> WalkCursor:
    start = to_ms(since - LOOKBACK) if since is not None else None
    if obj.kind == "owners":
        return WalkCursor("owners", since=start)
    if since is None:
        return WalkCursor("list")
    return WalkCursor("search", start=start, until=to_ms(now), since=start)


class Walk:
    """The steps of one object's read, from `cursor`."""

    def __init__(
        self,
        api: HubSpotApi,
        obj: HubSpotObject,
        *,
        search_page: int = SEARCH_PAGE,
        max_results: int = MAX_SEARCH_RESULTS,
        extra_properties: list[str] | None = None,
    ) -> None:
        self.api = api
        self.obj = obj
        self.search_page = search_page
        self.max_results = max_results
        self.properties = list(
            dict.fromkeys([*obj.properties, *(extra_properties or []), MODIFIED])
        )

    def steps(self, cursor: WalkCursor) -> Iterator[Step]:
        current: WalkCursor | None = cursor
        while current is not None:
            step = self._step(current)
            if step is None:  # the window moved: the query starts again, nothing given
                current = self._restart(current)
                continue
            yield step
            current = step.next

    def _step(self, cursor: WalkCursor) -> Step | None:
        if cursor.phase in ("owners", "owners_archived"):
            return self._owners(cursor)
        if cursor.phase == "list":
            return self._list(cursor)
        if cursor.phase == "search":
            return self._search(cursor)
        if cursor.phase == "ties":
            return self._ties(cursor)
        if cursor.phase == "archived":
            return self._archived(cursor)
        raise CursorExpired(f"The landed HubSpot cursor has an unknown phase: {cursor.phase}")

    def _done_reading(self, cursor: WalkCursor) -> WalkCursor | None:
        """After the records: the archived ones (a deal's stage history goes with the deal)."""
        if self.obj.kind == "stage_history":
            return None
        return WalkCursor("archived", since=cursor.since)

    # -- owners ---------------------------------------------------------------------------

    def _owners(self, cursor: WalkCursor) -> Step:
        archived = cursor.phase == "owners_archived"
        answer = self.api.owners_page(after=cursor.after, archived=archived)
        results = [
            owner
            for owner in answer.results
            if cursor.since is None or to_ms(owner.updated_at) >= cursor.since
        ]
        after = _next_after(answer)
        if after is not None:
            following: WalkCursor | None = replace(cursor, after=after)
        elif not archived:
            following = WalkCursor("owners_archived", since=cursor.since)
        else:
            following = None
        return Step(results, next=following)

    # -- full read ------------------------------------------------------------------------

    def _list(self, cursor: WalkCursor) -> Step:
        answer = self.api.list_page(
            self.obj.api_type, properties=self.properties, after=cursor.after, limit=LIST_PAGE
        )
        after = _next_after(answer)
        following = replace(cursor, after=after) if after else self._done_reading(cursor)
        return Step(list(answer.results), next=following)

    def _archived(self, cursor: WalkCursor) -> Step:
        answer = self.api.list_page(
            self.obj.api_type, properties=[MODIFIED], after=cursor.after, archived=True
        )
        deleted = [
            str(record.id)
            for record in answer.results
            if cursor.since is None
            or record.archived_at is None
            or to_ms(record.archived_at) >= cursor.since
        ]
        after = _next_after(answer)
        return Step([], deleted_ids=deleted, next=replace(cursor, after=after) if after else None)

    # -- incremental read -----------------------------------------------------------------

    def _search_request(self, filters: list[dict[str, str]], sort: str, after: str | None) -> Any:
        request: dict[str, Any] = {
            "filterGroups": [{"filters": filters}],
            "sorts": [{"propertyName": sort, "direction": "ASCENDING"}],
            "properties": self.properties,
            "limit": self.search_page,
        }
        if after:
            request["after"] = after
        return self.api.search(self.obj.api_type, request)

    def _search(self, cursor: WalkCursor) -> Step | None:
        if cursor.start is None or cursor.until is None:
            raise CursorExpired("The landed HubSpot cursor has no search window.")
        filters = [
            {"propertyName": MODIFIED, "operator": "GTE", "value": str(cursor.start)},
            {"propertyName": MODIFIED, "operator": "LTE", "value": str(cursor.until)},
        ]
        answer = self._search_request(filters, MODIFIED, cursor.after)
        if cursor.total is not None and answer.total != cursor.total:
            return None
        results = list(answer.results)
        given = [
            r
            for r in results
            if not (to_ms(modified_of(r)) == cursor.start and str(r.id) in cursor.skip)
        ]
        last, last_ids = cursor.last, list(cursor.last_ids)
        for result in results:
            moment = to_ms(modified_of(result))
            if moment != last:
                last, last_ids = moment, []
            if str(result.id) not in last_ids:
                last_ids.append(str(result.id))
        moved = replace(
            cursor,
            read=cursor.read + len(results),
            total=answer.total,
            last=last,
            last_ids=tuple(last_ids),
        )
        after = _next_after(answer)
        if after is None:
            return Step(given, next=self._done_reading(cursor))
        if moved.read + self.search_page > self.max_results:
            return Step(given, next=self._restart(moved))
        return Step(given, next=replace(moved, after=after))

    def _restart(self, cursor: WalkCursor) -> WalkCursor:
        """The same search from the last record given, skipping those given at that moment;
        by id when that moment alone fills a query."""
        if cursor.phase == "ties":
            return replace(cursor, after=None)
        if cursor.last is None:  # nothing given yet: the same window from its start
            return replace(cursor, after=None, read=0, total=None)
        if cursor.last == cursor.start and cursor.read + self.search_page > self.max_results:
            return WalkCursor(
                "ties",
                start=cursor.start,
                until=cursor.until,
                since=cursor.since,
                skip=cursor.last_ids,
            )
        return replace(
            cursor, start=cursor.last, skip=cursor.last_ids, after=None, read=0, total=None
        )

    def _ties(self, cursor: WalkCursor) -> Step:
        """The records modified at one moment, by id (keyset paging: no offset to run out)."""
        if cursor.start is None:
            raise CursorExpired("The landed HubSpot cursor has no moment.")
        filters = [{"propertyName": MODIFIED, "operator": "EQ", "value": str(cursor.start)}]
        if cursor.above is not None:
            filters.append(
                {"propertyName": "hs_object_id", "operator": "GT", "value": cursor.above}
            )
        answer = self._search_request(filters, "hs_object_id", None)
        results = list(answer.results)
        given = [r for r in results if str(r.id) not in cursor.skip]
        if _next_after(answer) is None or not results:
            after_ties = WalkCursor(
                "search",
                start=cursor.start + 1,
                until=cursor.until,
                since=cursor.since,
            )
            return Step(given, next=after_ties)
        return Step(given, next=replace(cursor, above=str(results[-1].id)))


def _next_after(answer: Any) -> str | None:
    paging = getattr(answer, "paging", None)
    following = getattr(paging, "next", None) if paging is not None else None
    after = getattr(following, "after", None) if following is not None else None
    return str(after) if after else None
