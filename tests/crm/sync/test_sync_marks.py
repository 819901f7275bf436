"""The records kept with a sync mark: the latest moment's ids, merged when two pages end at the
same moment, given up beyond the bound, and a long-past moment with too many moved past."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from uplift.crm.sync.marks import MARK_IDS_MAX, SETTLED, ids_at_latest, mark_settled

T = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
LATER = T + timedelta(seconds=1)


def test_a_later_moment_replaces_the_ids_and_an_earlier_one_leaves_them() -> None:
    assert ids_at_latest(T, ["a"], LATER, ["c", "b", "b"]) == (LATER, ["b", "c"])
    assert ids_at_latest(LATER, ["b"], T, ["a"]) == (LATER, ["b"])
    assert ids_at_latest(T, ["a"], None, []) == (T, ["a"])
    assert ids_at_latest(None, [], T, ["a"]) == (T, ["a"])


def test_the_same_moment_keeps_both_pages_ids_up_to_the_bound() -> None:
    assert ids_at_latest(T, ["b"], T, ["a", "b"]) == (T, ["a", "b"])
    many = [f"id{n}" for n in range(MARK_IDS_MAX)]
    assert ids_at_latest(T, many, T, ["one more"]) == (T, None)
    assert ids_at_latest(T, None, T, ["a"]) == (T, None)


def test_too_many_at_a_long_past_moment_move_the_mark_just_past_it() -> None:
    read_from = T + SETTLED
    assert mark_settled(T, None, read_from=read_from) == (T + timedelta(microseconds=1), [])
    assert mark_settled(T, None, read_from=read_from - timedelta(seconds=1)) == (T, None)
    assert mark_settled(T, ["a"], read_from=read_from) == (T, ["a"])
