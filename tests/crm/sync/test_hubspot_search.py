"""Incremental reads through HubSpot's search: the limit on one query's results, records that
share one modification time across a restart, and records that leave the results mid-read.

The fake HubSpot answers 400 past `max_search_results`, as HubSpot does past 10,000, and gives
records modified at one moment in an order of its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.crm.sync.hubspot_fake import FakeHubSpot, Request
from tests.crm.sync.hubspot_helpers import connector, fake_hubspot, ids, read
from tests.crm.sync.hubspot_portal import EPOCH


@pytest.fixture
def fake(tmp_path: Path) -> Iterator[FakeHubSpot]:
    yield from fake_hubspot(tmp_path, max_search_results=5)


def searches(fake: FakeHubSpot) -> list[Request]:
    return [r for r in fake.requests if r.path.endswith("/companies/search")]


def test_a_search_past_the_result_limit_starts_again_and_gives_each_record_once(
    fake: FakeHubSpot,
) -> None:
    # Companies were modified three at a time, so restarts fall among records of one moment.
    pages = read(
        connector(fake, search_page=2, max_search_results=5),
        "companies",
        since=EPOCH - timedelta(hours=1),
    )

    given = Counter(ids(pages, "companies"))
    assert set(given) == set(fake.portal.objects["companies"])
    assert max(given.values()) == 1
    restarts = [r for r in searches(fake) if "after" not in r.body]
    assert len(restarts) > len(fake.portal.objects["companies"]) // 4  # never past 4 results
    assert all(int(r.body.get("after", 0)) + 2 <= 5 for r in searches(fake))


def test_more_records_at_one_moment_than_a_query_gives_are_read_by_id(fake: FakeHubSpot) -> None:
    crowd = sorted(fake.portal.objects["companies"])[:12]
    moment = fake.tick()
    for company in crowd:
        fake.portal.objects["companies"][company].modified = moment
    later = sorted(fake.portal.objects["companies"])[12:14]
    for company in later:
        fake.touch("companies", company)

    pages = read(
        connector(fake, search_page=2, max_search_results=5),
        "companies",
        since=fake.now() - timedelta(seconds=10),
    )

    given = ids(pages, "companies")
    assert Counter(given) == Counter([*crowd, *later])
    by_id = [r for r in searches(fake) if r.body["sorts"][0]["propertyName"] == "hs_object_id"]
    assert by_id
    assert given[-2:] == later  # the moment after the crowd's is read after it


def test_records_that_leave_the_results_mid_read_move_none_past_the_reader(
    fake: FakeHubSpot,
) -> None:
    start = fake.now()
    touched = sorted(fake.portal.objects["companies"])[:9]
    for company in touched:
        fake.touch("companies", company)
    first = touched[0]

    def edit_during_the_read(request: Request) -> None:
        # Someone edits the first company given while the third page is asked for: it leaves
        # the read's window and every later record moves up one place.
        if request.path.endswith("/companies/search") and len(searches(fake)) == 3:
            fake.touch("companies", first)

    fake.on_request = edit_during_the_read
    pages = read(connector(fake, search_page=2), "companies", since=start)

    given = Counter(ids(pages, "companies"))
    assert set(given) == set(touched)
    assert max(given.values()) == 1
    # The page asked for after the edit was thrown away and the search began again.
    assert [r.body.get("after") for r in searches(fake)].count(None) == 2
