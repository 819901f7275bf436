"""What the mapping wizard proposes for an export it has never seen: the entity of each file, the
canonical column of each header (from its name and its values), how dates and amounts are
written, and what the stage and activity words mean."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uplift.crm.column_profiles import (
    AMOUNT,
    DATE_KIND,
    DATETIME_KIND,
    DURATION,
    EMAIL,
    INTEGER,
    ColumnProfile,
    FileSample,
    amount_value,
    column_profile,
    date_formats_of,
)
from uplift.crm.header_names import activity_type_of, fold, outcome_of
from uplift.crm.importers.sheet_rows import DATE, NUMBER
from uplift.crm.mapping_proposals import (
    entity_propose,
    file_propose,
    mapping_propose,
    preset_propose,
)


def sample(
    name: str,
    columns: dict[str, list[str | None]],
    kinds: dict[str, list[str | None]] | None = None,
) -> FileSample:
    """A file as the wizard reads it: its headers, and each column's values (and cell kinds)."""
    kinds = kinds or {}
    return FileSample(
        name=name,
        headers=tuple(columns),
        profiles=tuple(column_profile(h, v, kinds.get(h, ())) for h, v in columns.items()),
        rows=max(len(v) for v in columns.values()),
        sheet="Sheet1" if kinds else "",
    )


# Values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "kind", "formats"),
    [
        (
            ["15.06.2024 13:50", "01.02.2024 09:05", "31.12.2023"],
            DATETIME_KIND,
            ("%d.%m.%Y %H:%M", "%d.%m.%Y"),
        ),
        (["15.06.2024", "1.2.2024"], DATE_KIND, ("%d.%m.%Y",)),
        (["2024-03-15", "2024-03-16"], DATE_KIND, ()),
        (["2024-03-15T14:30:00Z", "2024-03-16 09:00"], DATETIME_KIND, ()),
        (["15/03/2024", "01/04/2024"], DATE_KIND, ("%d/%m/%Y",)),
        (["3/15/2024 9:30 AM", "12/1/2024 4:05 PM"], DATETIME_KIND, ("%m/%d/%Y %I:%M %p",)),
        (["2024/03/15"], DATE_KIND, ("%Y/%m/%d",)),
    ],
)
def test_dates_and_their_formats_are_read_from_the_values(
    values: list[str], kind: str, formats: tuple[str, ...]
) -> None:
    profile = column_profile("When", values)
    assert profile.kind == kind
    assert profile.formats == formats


@pytest.mark.parametrize(
    ("values", "decimal"),
    [
        (["€ 2.900,00", "12.500,00", "800"], ","),
        (["12,5", "3"], ","),
        (["$1,200.50", "99.99"], "."),
        (["1.200", "2.500", "3500"], "."),  # as readable one way as the other: a point
        (["EUR 4.200,50"], ","),
    ],
)
def test_amounts_and_their_decimal_mark(values: list[str], decimal: str) -> None:
    profile = column_profile("Betrag", values)
    assert profile.kind in (AMOUNT, INTEGER)
    assert profile.decimal == decimal


def test_a_spreadsheet_s_cells_are_read_as_it_stored_them() -> None:
    """Numbers and dates stored as such are read as such, whatever the text around them."""
    dates = column_profile(
        "Created",
        ["2024-01-05 09:30:00", "45400", "15.06.2024 13:50"],
        [DATE, NUMBER, None],
    )
    assert dates.kind == DATETIME_KIND
    assert dates.formats == ("%d.%m.%Y %H:%M",)
    amounts = column_profile("Value", ["3500", "2900.5", "€ 1.250,50"], [NUMBER, NUMBER, None])
    assert (amounts.kind, amounts.decimal) == (AMOUNT, ",")
    serials = column_profile("Closed", ["45400", "45458"], [NUMBER, NUMBER])
    assert serials.kind == INTEGER
    assert serials.serial


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["ann@x.example", "BOB@Y.example"], EMAIL),
        (["0:30", "1:15"], DURATION),
        (["1:02:30", "0:45"], DURATION),
        (["Won", "Lost", "Open", "Won", "Open", "Lost"], "words"),
        (["006A000001", "006A000002"], "id"),
        (["Fleet renewal", "Store rollout"], "text"),
        ([None, "", "  "], "empty"),
    ],
)
def test_other_kinds_of_values(values: list[str | None], kind: str) -> None:
    assert column_profile("H", values).kind == kind


def test_a_profile_survives_its_json() -> None:
    profile = column_profile("Closed", ["15.06.2024 13:50", "01.02.2024"])
    assert ColumnProfile.from_dict(profile.as_dict()) == profile
    file = sample("deals.csv", {"Closed": ["15.06.2024"], "Owner": ["Ann Lee"]})
    assert FileSample.from_dict(file.as_dict()) == file


@settings(max_examples=60, deadline=None)
@given(
    cents=st.integers(min_value=-(10**11), max_value=10**11),
    decimal=st.sampled_from([".", ","]),
    sign=st.sampled_from(["", "€ ", "$", " EUR"]),
    grouped=st.booleans(),
)
def test_an_amount_written_either_way_reads_back_as_its_value(
    cents: int, decimal: str, sign: str, grouped: bool
) -> None:
    units = Decimal(cents) / 100
    text = f"{units:,.2f}" if grouped else f"{units:.2f}"
    if decimal == ",":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    written = f"{sign}{text}" if sign != " EUR" else f"{text}{sign}"
    assert amount_value(written, decimal) == pytest.approx(float(units))
    assert column_profile("Amount", [written]).decimal == decimal


FAMILY_FORMATS = [
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d/%m/%Y",
    "%m/%d/%Y %I:%M %p",
    "%Y/%m/%d",
    "%d-%m-%Y %H:%M:%S",
]


@settings(max_examples=40, deadline=None)
@given(
    moments=st.lists(
        # Exports write times without a zone, and the importer keeps them so.
        st.datetimes(
            min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001
            max_value=dt.datetime(2060, 12, 31),  # noqa: DTZ001
        ),
        min_size=1,
        max_size=8,
    ),
    fmt=st.sampled_from(FAMILY_FORMATS),
)
def test_detected_date_formats_read_every_value_as_duckdb_does(
    moments: list[dt.datetime], fmt: str
) -> None:
    """Whatever the format proposed, DuckDB's strptime (the importer's) reads each value as
    Python's strptime does: the preview and the import agree with the proposal."""
    values = [m.replace(second=0, microsecond=0).strftime(fmt) for m in moments]
    found = date_formats_of(values)
    assert found is not None
    _, formats, _ = found
    con = duckdb.connect()
    for value in values:
        python = next(dt.datetime.strptime(value, f) for f in formats if _reads(value, f))  # noqa: DTZ007
        duck = con.execute("SELECT try_strptime(?, ?)", [value, list(formats)]).fetchone()[0]
        assert duck == python, (value, formats)


def _reads(value: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(value, fmt)  # noqa: DTZ007
    except ValueError:
        return False
    return True


# Words -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "meaning"),
    [
        ("Won", "won"),
        ("Closed Won", "won"),
        ("closed-won", "won"),
        ("Payment Done", "won"),
        ("Gewonnen", "won"),
        ("Gagné", "won"),
        ("Lost", "lost"),
        ("Closed Lost", "lost"),
        ("Closed-Lost to Competition", "lost"),
        ("Verloren", "lost"),
        ("Perdido", "lost"),
        ("Negotiation", "open"),
        ("In Verhandlung", "open"),
        ("Proposal made", "open"),
        ("Closed - Won (Q3)", "won"),
        ("Wonderland pilot", "open"),
        ("Verloren an Wettbewerb", "lost"),
    ],
)
def test_stage_and_status_words(word: str, meaning: str) -> None:
    assert outcome_of(word) == meaning


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("Call", "call"),
        ("Phone call", "call"),
        ("Anruf", "call"),
        ("E-Mail", "email"),
        ("Meeting", "meeting"),
        ("Lunch", "meeting"),
        ("Termin", "meeting"),
        ("Deadline", "task"),
        ("Follow-up", "task"),
    ],
)
def test_activity_type_words(word: str, kind: str) -> None:
    assert activity_type_of(word) == kind


def test_headers_are_compared_folded() -> None:
    assert fold("Deal - Won time") == "deal won time"
    assert fold("CloseDate") == "close date"
    assert fold("Größe") == "grosse"
    assert fold("hubspot_owner_id") == "hubspot owner id"


# Files -------------------------------------------------------------------------------------


GERMAN_DEALS = {
    "Deal ID": ["5001", "5002", "5003", "5004"],
    "Titel": ["Flottenvertrag", "Ersatzteile", "Wartung", "Pilot"],
    "Verantwortlich": ["Anna Schmidt", "Jonas Berg", "Anna Schmidt", "Lena Vogt"],
    "Wert": ["€ 2.900,00", "3500", "1.250,50", "800"],
    "Status": ["Gewonnen", "Verloren", "Offen", "In Verhandlung"],
    "Erstellt": ["05.01.2024 09:30", "01.02.2024", "02.03.2024", "01.03.2024"],
    "Abgeschlossen": ["15.06.2024 13:50", "20.06.2024 10:00", None, None],
}


def test_a_german_deals_file_is_proposed_column_by_column() -> None:
    file = file_propose(sample("export.csv", GERMAN_DEALS))
    assert file.entity == "opportunities"
    targets = {c.header: c.target for c in file.columns}
    assert targets == {
        "Deal ID": "opportunity_id",
        "Titel": "name",
        "Verantwortlich": "owner_id",
        "Wert": "amount_cents",
        "Status": "",
        "Erstellt": "created_date",
        "Abgeschlossen": "close_date",
    }
    amount = next(c for c in file.columns if c.header == "Wert")
    assert amount.reading == "comma"
    closed = next(c for c in file.columns if c.header == "Abgeschlossen")
    assert closed.formats == ("%d.%m.%Y %H:%M",)
    assert file.outcome == "Status"
    assert {w.word: w.meaning for w in file.outcome_words} == {
        "Gewonnen": "won",
        "Verloren": "lost",
        "Offen": "open",
        "In Verhandlung": "open",
    }


@pytest.mark.parametrize(
    ("headers", "entity"),
    [
        (["Id", "Name", "Email", "Manager", "Team"], "reps"),
        (
            ["Record Id", "Deal Name", "Deal Owner", "Amount", "Stage", "Closing Date"],
            "opportunities",
        ),
        (["Name", "Industry", "Country", "Size"], "accounts"),
        (["Type", "Subject", "Assigned to", "Deal ID", "Date", "Duration"], "activities"),
        (["Rep", "Quarter start", "Quarter end", "Quota"], "quotas"),
        (["Rep", "Manager", "Team", "Region"], "managers"),
        (["OpportunityId", "StageName", "CreatedDate"], "stage_history"),
        (["OpportunityId", "ContactId", "Role"], "contact_roles"),
        (["Colour", "Flavour"], ""),
    ],
)
def test_what_a_file_holds_is_proposed_from_its_headers(headers: list[str], entity: str) -> None:
    values = {h: [_plausible(h)] for h in headers}
    assert entity_propose(sample("export.csv", values))[0] == entity


def _plausible(header: str) -> str:
    folded = header.lower()
    if any(w in folded for w in ("date", "start", "end")):
        return "2024-03-15"
    return {"Email": "a@b.example", "Quota": "1000", "Amount": "1000", "Duration": "0:30"}.get(
        header, "x"
    )


def test_the_file_name_breaks_a_tie() -> None:
    values: dict[str, list[str | None]] = {"Id": ["1", "2"], "Name": ["Acme", "Globex"]}
    assert entity_propose(sample("accounts.csv", values))[0] == "accounts"


def test_an_amount_header_with_dates_in_it_is_not_proposed_as_the_amount() -> None:
    file = file_propose(
        sample("deals.csv", {"Deal ID": ["1"], "Amount": ["15.06.2024"], "Owner": ["Ann Lee"]}),
        "opportunities",
    )
    assert file.target_of("Amount") != "amount_cents"


def test_an_id_column_wins_the_owner_and_the_names_become_the_owner_s_name() -> None:
    file = file_propose(
        sample(
            "deals.csv",
            {
                "Deal ID": ["1", "2"],
                "Owner": ["Ann Lee", "Bob Roe"],
                "Owner ID": ["005A1", "005A2"],
                "Stage": ["Closed Won", "Prospecting"],
            },
        ),
        "opportunities",
    )
    assert file.target_of("Owner ID") == "owner_id"
    assert file.target_of("Owner") == "owner_name"
    assert file.outcome == "Stage"
    assert file.target_of("Stage") == "stage"


def test_a_deals_sheet_without_ids_uses_its_unique_deal_names() -> None:
    file = file_propose(
        sample("deals.xlsx", {"Deal": ["Fleet", "Pilot"], "Owner": ["Ann Lee", "Bob Roe"]}),
        "opportunities",
    )
    assert file.target_of("Deal") == "opportunity_id"


def test_won_lost_and_expected_dates_are_read_in_turn() -> None:
    file = file_propose(
        sample(
            "deals.csv",
            {
                "Deal - ID": ["1", "2"],
                "Deal - Won time": ["2024-03-15 16:00", None],
                "Deal - Lost time": [None, "2024-03-20 10:00"],
                "Deal - Expected close date": ["2024-03-31", "2024-04-30"],
            },
        ),
        "opportunities",
    )
    closing = [c.header for c in file.columns if c.target == "close_date"]
    assert closing == ["Deal - Won time", "Deal - Lost time", "Deal - Expected close date"]


def test_keys_follow_how_the_deals_name_their_owners() -> None:
    by_email = mapping_propose(
        [sample("deals.csv", {"Deal ID": ["1"], "Owner": ["ann@x.example"], "Status": ["won"]})]
    )
    assert by_email.rep_key == "email"
    by_name = mapping_propose([sample("deals.csv", GERMAN_DEALS)])
    assert by_name.rep_key == "name"
    by_id = mapping_propose(
        [
            sample("deals.csv", {"Deal ID": ["1"], "Owner ID": ["0051"], "Account": ["Acme"]}),
            sample("users.csv", {"Id": ["0051"], "Email": ["a@x.example"]}),
        ]
    )
    assert (by_id.rep_key, by_id.account_key) == ("id", "name")


def test_a_ready_made_mapping_is_proposed_when_the_headers_are_its_export_s() -> None:
    zoho = sample(
        "Deals_2024.csv",
        {
            h: ["x"]
            for h in (
                "Record Id",
                "Deal Name",
                "Deal Owner",
                "Account Name",
                "Amount",
                "Stage",
                "Type",
                "Lead Source",
                "Created Time",
                "Closing Date",
                "Description",
            )
        },
    )
    assert preset_propose([zoho]) == ("zoho", {0: "opportunities"})
    proposal = mapping_propose([zoho])
    assert (proposal.preset, proposal.source, proposal.files[0].entity) == (
        "zoho",
        "zoho",
        "opportunities",
    )
    users = sample("users.csv", {"Id": ["1"], "Email": ["a@x.example"]})
    assert preset_propose([zoho, users]) == ("", {}), "a file the preset does not read"
