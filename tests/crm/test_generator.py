"""The synthetic Salesforce export: deliberate dirt, references that hold, a truth that is true."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import statistics
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from uplift.cli import main
from uplift.synthetic import generate_export, to_18
from uplift.synthetic.ids import checksum_suffix

REPS, MONTHS = 40, 12
CSV_FILES = (
    "User.csv",
    "Account.csv",
    "Opportunity.csv",
    "OpportunityHistory.csv",
    "Task.csv",
    "Event.csv",
    "OpportunityContactRole.csv",
    "adoptions.csv",
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$")
ID = re.compile(r"^[0-9A-Za-z]{15}([0-9A-Za-z]{3})?$")


def read_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


class Export:
    """A generated export, read back with Python's csv module."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.truth: dict[str, Any] = json.loads((directory / "truth.json").read_text())
        self.rows = {name: read_rows(directory / name) for name in CSV_FILES}

    def __getitem__(self, name: str) -> list[dict[str, str]]:
        return self.rows[name]

    def ids(self, name: str, column: str = "Id") -> set[str]:
        return {to_18(row[column]) for row in self.rows[name] if row[column]}

    @property
    def stars(self) -> set[str]:
        return {star["id"] for star in self.truth["stars"]}

    @property
    def core(self) -> set[str]:
        return {rep["id"] for rep in self.truth["rep_details"]} - self.stars


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    directory = tmp_path_factory.mktemp("export")
    generate_export(directory, reps=REPS, months=MONTHS, seed=7)
    return Export(directory)


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


# Determinism


def test_the_same_seed_writes_identical_bytes(tmp_path: Path) -> None:
    first = generate_export(tmp_path / "a", reps=25, months=6, seed=11)
    generate_export(tmp_path / "b", reps=25, months=6, seed=11)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert set(_files(tmp_path / "a")) == set(first.files)


def test_a_different_seed_writes_different_data(tmp_path: Path) -> None:
    generate_export(tmp_path / "a", reps=25, months=6, seed=11)
    generate_export(tmp_path / "b", reps=25, months=6, seed=12)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert all(first[name] != second[name] for name in CSV_FILES if name != "adoptions.csv")


def test_worker_processes_do_not_change_a_byte(tmp_path: Path) -> None:
    # 130 reps make two batches, so two processes really share the work.
    generate_export(tmp_path / "one", reps=130, months=2, seed=3, workers=1)
    generate_export(tmp_path / "two", reps=130, months=2, seed=3, workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_the_window_ends_on_a_fixed_date_unless_told(tmp_path: Path) -> None:
    default = generate_export(tmp_path / "default", reps=5, months=3)
    chosen = generate_export(tmp_path / "chosen", reps=5, months=3, end=date(2025, 6, 30))
    assert (default.start, default.end) == (date(2026, 8, 1), date(2026, 10, 31))
    assert (chosen.start, chosen.end) == (date(2025, 4, 1), date(2025, 6, 30))
    closes = [row["CloseDate"] for row in read_rows(tmp_path / "chosen" / "Opportunity.csv")]
    assert min(closes) >= "2025-04-01"


# The dirt real exports have


def test_every_csv_starts_with_a_byte_order_mark_and_ends_lines_with_crlf(export: Export) -> None:
    for name in CSV_FILES:
        raw = (export.directory / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        # Every record (and the header) ends in CRLF; line breaks inside fields are bare LF.
        assert raw.count(b"\r\n") == len(export[name]) + 1, name
        assert raw.count(b"\r") == raw.count(b"\r\n"), name


def test_commas_quotes_and_line_breaks_are_quoted_and_read_back(export: Export) -> None:
    raw = (export.directory / "Opportunity.csv").read_bytes().decode("utf-8-sig")
    assert '""' in raw  # a double quote inside a field is doubled
    for name, column in (
        ("Opportunity.csv", "Name"),
        ("Account.csv", "Name"),
        ("Task.csv", "Subject"),
        ("Event.csv", "Subject"),
    ):
        values = [row[column] for row in export[name]]
        assert any("," in value for value in values), (name, "comma")
        assert any('"' in value for value in values), (name, "quote")
        assert any("\n" in value for value in values), (name, "line break")
    for name in CSV_FILES:
        header = next(
            csv.reader(io.StringIO(export.directory.joinpath(name).read_text("utf-8-sig")))
        )
        assert all(len(row) == len(header) and None not in row for row in export[name]), name


def test_ids_come_in_both_lengths_with_each_objects_key_prefix(export: Export) -> None:
    columns = {
        ("User.csv", "Id"): "005",
        ("Account.csv", "Id"): "001",
        ("Account.csv", "OwnerId"): "005",
        ("Opportunity.csv", "Id"): "006",
        ("Opportunity.csv", "AccountId"): "001",
        ("Opportunity.csv", "OwnerId"): "005",
        ("Task.csv", "Id"): "00T",
        ("Task.csv", "WhatId"): "006",
        ("Event.csv", "Id"): "00U",
        ("OpportunityContactRole.csv", "Id"): "00K",
        ("OpportunityContactRole.csv", "ContactId"): "003",
    }
    for (name, column), prefix in columns.items():
        values = [row[column] for row in export[name] if row[column]]
        assert all(ID.match(value) and value.startswith(prefix) for value in values), column
        assert {len(value) for value in values} == {15, 18}, (name, column)


def test_the_checksum_suffix_is_salesforces() -> None:
    # 001A0000006Vm9r in chunks of five: "001A0" has an upper-case letter in place 3 -> 0b01000
    # = 8 -> "I"; "00000" has none -> 0 -> "A"; "6Vm9r" has one in place 1 -> 0b00010 = 2 -> "C".
    assert checksum_suffix("001A0000006Vm9r") == "IAC"
    assert to_18("001A0000006Vm9r") == "001A0000006Vm9rIAC"
    assert to_18("001A0000006Vm9rIAC") == "001A0000006Vm9rIAC"
    # Ids that differ only in case get different suffixes.
    assert to_18("001a0000006vm9r") != to_18("001A0000006Vm9r")


def test_every_long_id_in_the_export_carries_the_right_checksum(export: Export) -> None:
    for name, column in (("Opportunity.csv", "Id"), ("Task.csv", "OwnerId"), ("User.csv", "Id")):
        long_ids = [row[column] for row in export[name] if len(row[column]) == 18]
        assert long_ids
        assert all(to_18(value[:15]) == value for value in long_ids)


def test_dates_datetimes_and_booleans_are_written_as_salesforce_does(export: Export) -> None:
    opportunities = export["Opportunity.csv"]
    assert all(DATE.match(row["CloseDate"]) for row in opportunities)
    assert all(DATETIME.match(row["CreatedDate"]) for row in opportunities)
    assert all(DATETIME.match(row["StartDateTime"]) for row in export["Event.csv"])
    assert all(DATE.match(row["ActivityDate"]) for row in export["Task.csv"])
    assert {row["IsClosed"] for row in opportunities} == {"true", "false"}
    assert {row["IsWon"] for row in opportunities} == {"true", "false"}
    assert {row["IsActive"] for row in export["User.csv"]} == {"true", "false"}
    assert {row["IsPrimary"] for row in export["OpportunityContactRole.csv"]} == {"true", "false"}


def test_some_lost_deals_have_no_amount_and_every_won_deal_has_one(export: Export) -> None:
    lost = [row for row in export["Opportunity.csv"] if row["StageName"] == "Closed Lost"]
    won = [row for row in export["Opportunity.csv"] if row["StageName"] == "Closed Won"]
    blank = [row for row in lost if not row["Amount"]]
    assert 0 < len(blank) < len(lost)
    assert all(re.match(r"^\d+\.\d{2}$", row["Amount"]) for row in won)


def test_owners_missing_from_user_csv_are_recorded_in_the_truth(export: Export) -> None:
    users = export.ids("User.csv")
    missing = export.ids("Opportunity.csv", "OwnerId") - users
    assert missing
    assert missing == set(export.truth["missing_owner_ids"])
    owned = Counter(to_18(row["OwnerId"]) for row in export["Opportunity.csv"])
    assert sum(owned[owner] for owner in missing) < 0.05 * len(export["Opportunity.csv"])


# Everything else holds together


def test_references_point_at_records_in_the_export(export: Export) -> None:
    users = export.ids("User.csv")
    accounts = export.ids("Account.csv")
    opportunities = export.ids("Opportunity.csv")
    assert export.ids("Opportunity.csv", "AccountId") <= accounts
    assert export.ids("Account.csv", "OwnerId") <= users
    assert export.ids("User.csv", "ManagerId") <= users
    for name in ("Task.csv", "Event.csv"):
        assert export.ids(name, "WhatId") <= opportunities
        assert export.ids(name, "AccountId") <= accounts
        assert any(not row["WhatId"] for row in export[name])  # logged on the account only
    assert export.ids("OpportunityHistory.csv", "OpportunityId") == opportunities
    assert export.ids("OpportunityContactRole.csv", "OpportunityId") <= opportunities


def test_the_organisation_has_a_leader_regions_managers_and_reps(export: Export) -> None:
    users = {to_18(row["Id"]): row for row in export["User.csv"]}
    reps = [users[rep["id"]] for rep in export.truth["rep_details"]]
    managers = {to_18(rep["ManagerId"]) for rep in reps}
    team_sizes = Counter(to_18(rep["ManagerId"]) for rep in reps)
    assert all(8 <= size <= 10 for size in team_sizes.values())
    vice_presidents = {to_18(users[manager]["ManagerId"]) for manager in managers}
    leaders = {to_18(users[vp]["ManagerId"]) for vp in vice_presidents}
    assert leaders == {export.truth["org"]["leader_id"]}
    assert all(users[rep]["Department"] and users[rep]["Division"] for rep in managers)
    assert any(row["IsActive"] == "false" for row in reps)


def test_the_stage_history_follows_the_sales_path(export: Export) -> None:
    path = [
        "Prospecting",
        "Qualification",
        "Needs Analysis",
        "Proposal/Price Quote",
        "Negotiation/Review",
    ]
    stages: dict[str, list[str]] = defaultdict(list)
    for row in sorted(export["OpportunityHistory.csv"], key=lambda row: row["CreatedDate"]):
        stages[to_18(row["OpportunityId"])].append(row["StageName"])
    for opportunity in export["Opportunity.csv"]:
        history = stages[to_18(opportunity["Id"])]
        final = opportunity["StageName"]
        if final == "Closed Won":
            assert history == [*path, "Closed Won"]
        elif final == "Closed Lost":
            assert history[:-1] == path[: len(history) - 1]
            assert history[-1] == "Closed Lost"
        else:
            assert history == path[: path.index(final) + 1]
    lost_at = Counter(
        stages[to_18(row["Id"])][-2]
        for row in export["Opportunity.csv"]
        if row["StageName"] == "Closed Lost"
    )
    assert set(lost_at) == set(path)  # deals die at every stage
    assert any(row["IsClosed"] == "false" for row in export["Opportunity.csv"])


# The planted effects are in the data


def _win_rate(export: Export, owners: set[str]) -> float:
    closed = [
        row
        for row in export["Opportunity.csv"]
        if row["IsClosed"] == "true" and to_18(row["OwnerId"]) in owners
    ]
    return sum(row["IsWon"] == "true" for row in closed) / len(closed)


def _kind(export: Export, kind: str | None) -> set[str]:
    return {rep["id"] for rep in export.truth["rep_details"] if rep["star_kind"] == kind}


def test_stars_are_the_top_reps_by_the_results_they_control(export: Export) -> None:
    details = export.truth["rep_details"]
    assert len(export.stars) == round(0.2 * REPS)
    assert {rep["id"] for rep in details if rep["is_star"]} == export.stars
    index = {rep["id"]: rep["planted_bookings_index"] for rep in details}
    assert min(index[rep] for rep in export.stars) > max(index[rep] for rep in export.core)
    for rep in details:
        product = rep["volume_multiplier"] * rep["win_probability_lift"]
        assert rep["planted_bookings_index"] == pytest.approx(
            product * rep["deal_size_multiplier"], rel=1e-4
        )
        assert rep["planted_bookings_index_with_territory"] == pytest.approx(
            rep["planted_bookings_index"] * rep["capacity"], rel=1e-4
        )


def test_a_third_of_the_stars_are_of_each_kind(export: Export) -> None:
    counts = Counter(export.truth["rep_details"][i]["star_kind"] for i in range(REPS))
    kinds = {"volume", "conversion", "deal_size"}
    assert set(counts) == kinds | {None}
    assert counts[None] == REPS - len(export.stars)
    assert max(counts[kind] for kind in kinds) - min(counts[kind] for kind in kinds) <= 1
    summary = export.truth["star_kinds"]
    assert {kind: summary[kind]["count"] for kind in kinds} == {
        kind: counts[kind] for kind in kinds
    }
    assert summary["core"]["count"] == counts[None]
    star_kinds = {star["id"]: star["star_kind"] for star in export.truth["stars"]}
    assert set(star_kinds.values()) == kinds


def test_the_truth_keys_contributions_by_user_id_and_email(export: Export) -> None:
    users = {to_18(row["Id"]): row["Email"] for row in export["User.csv"]}
    contributions = export.truth["rep_contributions"]
    assert len(contributions) == REPS
    for user_id, planted in contributions.items():
        assert len(user_id) == 18
        assert users[user_id] == planted["email"]
        assert {
            "star_kind",
            "volume_multiplier",
            "win_logit_shift",
            "win_probability_lift",
            "deal_size_multiplier",
            "capacity",
            "is_star",
            "planted_bookings_index",
            "planted_bookings_index_with_territory",
        } <= set(planted)


def test_each_kind_of_star_wins_through_its_own_channel(export: Export) -> None:
    details = {rep["id"]: rep for rep in export.truth["rep_details"]}
    channels = {
        "volume": "volume_multiplier",
        "conversion": "win_probability_lift",
        "deal_size": "deal_size_multiplier",
    }
    for kind, channel in channels.items():
        for rep in _kind(export, kind):
            planted = details[rep]
            assert planted[channel] > 1.5
            others = [name for name in channels.values() if name != channel]
            # The conversion star's skill keeps its small part on the amount.
            assert all(planted[name] < 1.2 for name in others)
    # In the files: conversion stars win more often than the core on about the same mix.
    conversion, volume = _kind(export, "conversion"), _kind(export, "volume")
    assert _win_rate(export, conversion) > _win_rate(export, export.core) + 0.08
    assert _win_rate(export, volume) < _win_rate(export, conversion)


def _expected_per_month(planted: dict[str, Any], what: str) -> float:
    """Opportunities (or won dollars) a month of an average rep on the rep's book and territory."""
    segments = {
        "SMB": (14, 0.32, 9_000, 0.55),
        "Mid-Market": (5, 0.25, 42_000, 0.55),
        "Enterprise": (2, 0.18, 300_000, 0.65),
    }
    total = 0.0
    for name, (rate, win, median, sigma) in segments.items():
        per_deal = 1.0 if what == "opportunities" else win * median * math.exp(sigma**2 / 2)
        total += planted["book_mix"][name] * rate * per_deal
    return total * planted["capacity"]


def test_volume_stars_open_more_deals_and_deal_size_stars_sell_bigger_ones(
    export: Export,
) -> None:
    details = {rep["id"]: rep for rep in export.truth["rep_details"]}

    def ratio(reps: set[str], what: str, key: str) -> float:
        observed = sum(details[rep][key] for rep in reps)
        expected = sum(
            _expected_per_month(details[rep], what) * details[rep]["active_months"] for rep in reps
        )
        return observed / expected

    core_flow = ratio(export.core, "opportunities", "opportunities")
    assert ratio(_kind(export, "volume"), "opportunities", "opportunities") > 1.5 * core_flow
    assert ratio(_kind(export, "deal_size"), "opportunities", "opportunities") < 1.3 * core_flow
    won_value = {
        kind: ratio(_kind(export, kind), "bookings", "bookings") for kind in ("volume", "deal_size")
    }
    assert won_value["deal_size"] > 1.4 * ratio(export.core, "bookings", "bookings")
    assert won_value["volume"] > 1.4 * ratio(export.core, "bookings", "bookings")


def test_segments_differ_in_size_speed_and_win_rate(export: Export) -> None:
    segment = {to_18(row["Id"]): row["Segment__c"] for row in export["Account.csv"]}
    won: dict[str, list[float]] = defaultdict(list)
    closed: Counter[str] = Counter()
    for row in export["Opportunity.csv"]:
        if row["IsClosed"] == "true":
            closed[segment[to_18(row["AccountId"])]] += 1
        if row["IsWon"] == "true":
            won[segment[to_18(row["AccountId"])]].append(float(row["Amount"]))
    assert statistics.median(won["Enterprise"]) > 10 * statistics.median(won["SMB"])
    assert len(won["Enterprise"]) / closed["Enterprise"] < len(won["SMB"]) / closed["SMB"]


def test_raw_bookings_do_not_rank_reps_by_skill(export: Export) -> None:
    ranking = export.truth["bookings_ranking"]
    assert ranking["non_stars_among_top_bookers"]
    assert ranking["spearman_bookings_vs_skill"] < 0.8


def test_more_deals_close_in_the_last_month_of_a_quarter(export: Export) -> None:
    closes = Counter(
        int(row["CloseDate"][5:7]) for row in export["Opportunity.csv"] if row["IsClosed"] == "true"
    )
    quarter_end = statistics.mean(closes[month] for month in (3, 6, 9, 12))
    other = statistics.mean(closes[month] for month in range(1, 13) if month % 3)
    assert quarter_end > 1.4 * other


def _per_opportunity(export: Export, name: str, owners: set[str], **match: str) -> float:
    column = "OpportunityId" if name == "OpportunityContactRole.csv" else "WhatId"
    counts = Counter(
        to_18(row[column])
        for row in export[name]
        if row[column] and all(row[key] == value for key, value in match.items())
    )
    deals = [
        to_18(row["Id"]) for row in export["Opportunity.csv"] if to_18(row["OwnerId"]) in owners
    ]
    return sum(counts[deal] for deal in deals) / len(deals)


def test_stars_meet_and_multi_thread_more_but_email_the_same(export: Export) -> None:
    behaviours = export.truth["behaviors"]
    assert behaviours["emails_per_opportunity"]["planted_difference"] == 0
    stars_emails = _per_opportunity(export, "Task.csv", export.stars, TaskSubtype="Email")
    core_emails = _per_opportunity(export, "Task.csv", export.core, TaskSubtype="Email")
    assert stars_emails == pytest.approx(core_emails, rel=0.1)
    assert stars_emails == pytest.approx(behaviours["emails_per_opportunity"]["observed_star"])

    for name, behaviour in (
        ("Event.csv", "meetings_per_opportunity"),
        ("OpportunityContactRole.csv", "contacts_per_opportunity"),
    ):
        star = _per_opportunity(export, name, export.stars)
        core = _per_opportunity(export, name, export.core)
        assert behaviours[behaviour]["planted_difference"] > 0.2
        assert star > 1.25 * core
        assert star == pytest.approx(behaviours[behaviour]["observed_star"])


def test_adoptions_csv_is_the_truths_list_of_adopters(export: Export) -> None:
    listed = {
        (row["rep_email"], row["practice"], row["adopted_on"]) for row in export["adoptions.csv"]
    }
    practices = export.truth["practices"]
    planted = {
        (adopter["email"], practice["practice"], adopter["adopted_on"])
        for practice in practices
        for adopter in practice["adopters"]
    }
    assert listed == planted
    assert len(listed) == len(export["adoptions.csv"])
    assert 3 <= len(practices) <= 4
    assert [p["effect_win_rate"] == 0 for p in practices].count(True) == 1  # one placebo
    star_emails = {star["email"] for star in export.truth["stars"]}
    assert {practice["contributor_email"] for practice in practices} <= star_emails
    assert not {email for email, _, _ in listed} & star_emails
    dates = {adopted_on for _, _, adopted_on in listed}
    assert len({adopted_on[:7] for adopted_on in dates}) >= 3  # staggered over months
    assert export.truth["start"] < min(dates)
    assert max(dates) < export.truth["end"]


def test_the_truth_file_has_the_documented_keys(export: Export) -> None:
    truth = export.truth
    documented = {"seed", "reps", "months", "start", "end", "stars", "segments", "behaviors"}
    assert documented | {"practices", "missing_owner_ids", "rep_skill"} <= set(truth)
    assert (truth["seed"], truth["reps"], truth["months"]) == (7, REPS, MONTHS)
    assert len(truth["rep_skill"]) == REPS
    assert all(set(star) >= {"id", "email"} for star in truth["stars"])


def test_an_export_needs_reps_and_months(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least one rep"):
        generate_export(tmp_path, reps=0)


# The command


def test_uplift_generate_writes_the_export_and_summarises_it(tmp_path: Path) -> None:
    target = tmp_path / "export"
    result = CliRunner().invoke(main, ["generate", str(target), "--reps", "20", "--months", "4"])
    assert result.exit_code == 0, result.output
    assert "Opportunity.csv" in result.output
    assert "truth.json" in result.output
    opportunities = len(read_rows(target / "Opportunity.csv"))
    assert f"{opportunities:,} rows" in result.output
    assert json.loads((target / "truth.json").read_text())["reps"] == 20


def test_uplift_generate_refuses_a_directory_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(main, ["generate", str(tmp_path), "--reps", "5", "--months", "2"])
    assert refused.exit_code == 2
    assert "not empty" in refused.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
    forced = CliRunner().invoke(
        main, ["generate", str(tmp_path), "--reps", "5", "--months", "2", "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "Opportunity.csv").exists()
    assert (tmp_path / "notes.txt").exists()
