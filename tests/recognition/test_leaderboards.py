"""Contribution leaderboards per period and team; revenue only when an organisation turns it on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.utils import timezone

from tests.conftest import World
from tests.recognition.helpers import adoption_make, analysis_with, practice_make
from tests.stored_snapshots import scorecards_document
from uplift.recognition.leaderboards import board_kinds, leaderboard
from uplift.recognition.ledger import ledger_sync
from uplift.recognition.models import Kudos
from uplift.recognition.webhooks import recognition_settings_update


def _rows(board):  # type: ignore[no-untyped-def]
    return [(row.rank, row.name, row.value) for row in board.rows]


def test_sharing_ranks_contributors_with_ties_sharing_a_rank(world: World) -> None:
    practice_make(author=world.ann, title="One")
    practice_make(author=world.ann, title="Two", contributors=[world.bob])
    practice_make(author=world.gil, title="Three")
    board = leaderboard(organisation=world.org, kind="sharing", period="all")
    assert _rows(board) == [(1, "Ann Test", 2.0), (2, "Bob Test", 1.0), (2, "Gil Test", 1.0)]
    assert board.rows[0].detail == "2 approved"


def test_reach_counts_distinct_adopters_in_the_period(world: World) -> None:
    today = timezone.localdate()
    practice = practice_make(author=world.ann, title="One")
    adoption_make(practice=practice, person=world.bob, on=today - timedelta(days=10))
    adoption_make(practice=practice, person=world.gil, on=today - timedelta(days=200))
    assert _rows(leaderboard(organisation=world.org, kind="reach", period="30d")) == [
        (1, "Ann Test", 1.0)
    ]
    assert _rows(leaderboard(organisation=world.org, kind="reach", period="365d")) == [
        (1, "Ann Test", 2.0)
    ]


def test_a_team_board_lists_only_the_teams_people(world: World) -> None:
    practice_make(author=world.ann, title="One")
    practice_make(author=world.gil, title="Two")
    north = leaderboard(organisation=world.org, kind="sharing", period="all", team=world.north)
    gamma = leaderboard(organisation=world.org, kind="sharing", period="all", team=world.gamma)
    assert [r.name for r in north.rows] == ["Ann Test"]
    assert [r.name for r in gamma.rows] == ["Gil Test"]


def test_the_points_board_is_the_ledger_summed(world: World) -> None:
    for giver in (world.bob, world.gil):
        Kudos.objects.create(
            organisation=world.org, giver=giver, receiver=world.art, message="Thanks"
        )
    ledger_sync(organisation=world.org)
    assert _rows(leaderboard(organisation=world.org, kind="points", period="30d")) == [
        (1, "Art Test", 4.0)
    ]


def _scorecards(world: World) -> None:
    world.ann.crm_user_id, world.bob.crm_user_id = "005A", "005B"
    world.ann.save()
    world.bob.save()
    analysis_with(
        organisation=world.org,
        scorecards=scorecards_document(
            reps=[
                {"rep_id": "005A", "bookings_cents": 12_000_000, "bookings": 120000.0},
                {"rep_id": "005B", "bookings_cents": 48_000_000, "bookings": 480000.0},
            ]
        ),
    )


def test_revenue_is_not_ranked_by_default(world: World, client: Client) -> None:
    _scorecards(world)
    assert "revenue" not in [k.key for k in board_kinds(organisation=world.org)]
    with pytest.raises(Http404):
        leaderboard(organisation=world.org, kind="revenue")
    client.force_login(world.ann)
    page = client.get("/recognition/leaderboards/").content.decode()
    assert "Bookings" not in page
    # Bob's bookings in any form the page would write them (ids in the page may hold "480").
    assert not re.search(r"480[,.]?000|480k|\$480|480 000", page, re.IGNORECASE)
    assert "Revenue is not ranked here" in page
    assert client.get("/api/recognition/leaderboards/revenue").status_code == 404


def test_revenue_is_ranked_once_an_admin_turns_it_on(world: World, client: Client) -> None:
    _scorecards(world)
    recognition_settings_update(
        organisation=world.org,
        slack_webhook_url="",
        teams_webhook_url="",
        teams_format="message_card",
        revenue_leaderboards=True,
    )
    world.org.refresh_from_db()
    assert _rows(leaderboard(organisation=world.org, kind="revenue")) == [
        (1, "Bob Test", 480000.0),
        (2, "Ann Test", 120000.0),
    ]
    client.force_login(world.ann)
    page = client.get("/recognition/leaderboards/").content.decode()
    assert 'data-testid="board-revenue"' in page
    assert "480,000" in page
    body = client.get("/api/recognition/leaderboards/revenue").json()
    assert [row["name"] for row in body["rows"]] == ["Bob Test", "Ann Test"]


def test_unknown_board_or_period_is_refused(world: World, client: Client) -> None:
    client.force_login(world.ann)
    assert client.get("/recognition/leaderboards/?board=karma").status_code == 404
    assert client.get("/recognition/leaderboards/?period=forever").status_code == 404
    assert client.get("/api/recognition/leaderboards/sharing?period=forever").status_code == 404
