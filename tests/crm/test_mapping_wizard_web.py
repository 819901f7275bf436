"""The mapping wizard's pages: an enablement admin with an export and no mapping file gets from the
upload to imported data; hostile uploads are refused in words with nothing kept; what the admin
typed survives a mistake; and the mapping the wizard writes imports the same from the command
line."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings

from tests.analytics_store import organisation_rows
from tests.conftest import World
from tests.crm.spreadsheet_fixtures import write_workbook
from tests.crm.wizard_fixtures import DEALS_CSV, draft_of
from uplift.cli import main
from uplift.core.models import Job
from uplift.crm.mapping_drafts import MappingChoices
from uplift.crm.mapping_wizard import DRAFT_LIFETIME, mapping_drafts_expire
from uplift.crm.models import ImportRecord, MappingDraft, SavedMapping

WIZARD = "/enablement/imports/wizard/"
PRESETS = Path(__file__).parent / "presets"
USERS_CSV = "Name,E-mail,Team\nAnna Schmidt,anna@acme.test,DACH\nJonas Berg,jonas@acme.test,DACH\n"


@pytest.fixture
def home(settings: Settings, tmp_path: Path) -> Path:
    settings.UPLIFT_ANALYTICS_URL = f"duckdb://{tmp_path / 'analytics.duckdb'}"
    settings.UPLIFT_HOME = tmp_path / "home"
    return settings.UPLIFT_HOME  # type: ignore[no-any-return]


def _files(**named: str | bytes) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(name, data.encode("utf-8") if isinstance(data, str) else data)
        for name, data in named.items()
    ]


def columns_post(draft: MappingDraft, **changes: str) -> dict[str, str]:
    """The columns step's form as the page renders it from the draft's choices."""
    choices = MappingChoices.from_dict(draft.choices)
    data = {
        "source": choices.source,
        "rep_key": choices.rep_key,
        "account_key": choices.account_key,
    }
    if choices.preset:
        data["preset"] = choices.preset
    for n, file in enumerate(choices.files):
        data[f"f{n}-entity"] = file.entity
        data[f"f{n}-outcome"] = file.outcome
        data[f"f{n}-activity_type"] = file.activity_type
        for i, column in enumerate(file.columns):
            data[f"f{n}-c{i}-target"] = column.target
            data[f"f{n}-c{i}-formats"] = "; ".join(column.formats)
            data[f"f{n}-c{i}-reading"] = column.reading
        for prefix, words in ((f"f{n}-ow", file.outcome_words), (f"f{n}-tw", file.type_words)):
            data[f"{prefix}-count"] = str(len(words))
            for j, word in enumerate(words):
                data[f"{prefix}{j}-word"] = word.word
                data[f"{prefix}{j}-meaning"] = word.meaning
    return data | changes


def _upload(client: Client, files: list[SimpleUploadedFile], **form: Any) -> Any:
    return client.post(WIZARD, {"files": files, **form})


def _nothing_kept(home: Path) -> bool:
    uploads = home / "uploads"
    return not MappingDraft.objects.exists() and not (uploads.exists() and any(uploads.iterdir()))


def test_an_export_without_a_mapping_is_proposed_previewed_saved_and_imported(
    client: Client,
    world: World,
    home: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client.force_login(world.ada)
    response = _upload(client, _files(**{"deals.csv": DEALS_CSV, "users.csv": USERS_CSV}))
    draft = MappingDraft.objects.get()
    assert response["Location"] == f"{WIZARD}{draft.pk}/"

    page = client.get(response["Location"]).text
    assert "Deals (opportunities)" in page
    assert "€ 2.900,00" in page, "sample values beside their header"
    assert "Values separated by semicolons, text in utf-8 (both detected)" in page
    assert 'value="%d.%m.%Y %H:%M"' in page, "the date format read from the values"
    choices = MappingChoices.from_dict(draft.choices)
    deals = choices.files[0]
    assert (deals.entity, deals.outcome, choices.rep_key) == ("opportunities", "Status", "name")
    assert {w.word: w.meaning for w in deals.outcome_words} == {
        "Won": "won",
        "Lost": "lost",
        "Negotiation": "open",
    }
    assert choices.files[1].entity == "reps"

    response = client.post(response["Location"], columns_post(draft, source="othercrm"))
    assert response.status_code == 302, response.text
    preview = client.get(response["Location"]).text
    assert "Every row can be read" in preview
    for shown in ("2,900.00", "1,250.50"):  # amounts read with a decimal comma
        assert shown in preview
    for shown in ("2024-06-15", "2024-07-01"):  # dates as dates
        assert shown in preview
    for outcome in (">won<", ">lost<", ">open<"):
        assert outcome in preview
    assert not ImportRecord.objects.exists(), "a preview writes nothing"

    toml = client.get(f"{WIZARD}{draft.pk}/mapping.toml")
    assert toml["Content-Disposition"] == 'attachment; filename="mapping.toml"'
    written = tomllib.loads(toml.content.decode())
    assert written["opportunities"]["file"] == "deals.csv"
    assert written["reps"]["columns"]["email"] == "E-mail"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{WIZARD}{draft.pk}/import/", {"name": "othercrm"})
    job = Job.objects.get(kind="crm-import")
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.SUCCEEDED, job.error
    inserted = {e["entity"]: e["inserted"] for e in job.result["entities"]}
    assert (inserted["opportunities"], inserted["reps"]) == (3, 2)
    rows = organisation_rows(
        world.ada.organisation,
        "SELECT opportunity_id, owner_id, amount_cents, close_date, is_won, is_closed "
        "FROM crm_opportunities ORDER BY opportunity_id",
    )
    assert [(r[0], r[1], r[2], str(r[3]), r[4], r[5]) for r in rows] == [
        ("D-1", "name:anna schmidt", 290000, "2024-07-01", True, True),
        ("D-2", "name:jonas berg", 125050, "2024-06-20", False, True),
        ("D-3", "name:anna schmidt", 80000, "None", False, False),
    ]
    saved = SavedMapping.objects.get()
    assert saved.name == "othercrm"
    assert saved.toml == toml.content.decode()
    assert ImportRecord.objects.get().result == ImportRecord.Result.SUCCEEDED
    assert not (home / "uploads" / draft.folder).exists(), "the upload is the job's, then gone"

    imports = client.get("/enablement/imports/").text
    assert "othercrm" in imports
    assert f"{WIZARD}?reuse={saved.pk}" in imports
    assert client.get(f"{WIZARD}{draft.pk}/").status_code == 302, "an imported draft is done"


def test_a_saved_mapping_reads_the_next_export_with_the_same_choices(
    client: Client, world: World, home: Path
) -> None:
    client.force_login(world.ada)
    _upload(client, _files(**{"deals-may.csv": DEALS_CSV}))
    first = MappingDraft.objects.get()
    changed = columns_post(first, source="othercrm", **{"f0-ow2-meaning": "lost"})
    client.post(f"{WIZARD}{first.pk}/", changed)
    client.post(f"{WIZARD}{first.pk}/import/", {"name": "my crm"})
    saved = SavedMapping.objects.get()

    june = DEALS_CSV.replace("Negotiation", "Won")
    response = _upload(client, _files(**{"deals-june.csv": june}), reuse=str(saved.pk))
    second = MappingDraft.objects.exclude(pk=first.pk).get()
    assert response["Location"] == f"{WIZARD}{second.pk}/"
    choices = MappingChoices.from_dict(second.choices)
    assert choices.source == "othercrm"
    assert choices.files[0].file == "deals-june.csv"
    assert {w.word: w.meaning for w in choices.files[0].outcome_words}["Negotiation"] == "lost"
    preview = client.get(f"{WIZARD}{second.pk}/preview/").text
    assert 'value="my crm"' in preview, "the saved mapping's name is proposed again"


def test_a_mistake_is_shown_with_everything_typed_kept(
    client: Client, world: World, home: Path
) -> None:
    client.force_login(world.ada)
    _upload(client, _files(**{"deals.csv": DEALS_CSV}))
    draft = MappingDraft.objects.get()
    posted = columns_post(draft, source="My CRM!", **{"f0-c5-formats": "%d/%m/%Y %H:%M"})
    posted["f0-c0-target"] = ""  # the deal id left out
    response = client.post(f"{WIZARD}{draft.pk}/", posted)
    assert response.status_code == 400
    page = response.text
    assert "deals.csv: say which column holds the deal id." in page
    assert "The CRM&#x27;s name: use lower-case letters" in page
    assert 'value="my crm!"' in page
    assert 'value="%d/%m/%Y %H:%M"' in page, "the format typed is shown again"
    draft.refresh_from_db()
    assert MappingChoices.from_dict(draft.choices).files[0].columns[5].formats == (
        "%d/%m/%Y %H:%M",
    )
    assert client.get(f"{WIZARD}{draft.pk}/preview/").status_code == 400


def test_the_preview_names_the_rows_it_cannot_read(
    client: Client, world: World, home: Path
) -> None:
    client.force_login(world.ada)
    bad = DEALS_CSV + "D-4;Extra;Lena Vogt;12k;Won;yesterday;\n"
    _upload(client, _files(**{"deals.csv": bad}))
    draft = MappingDraft.objects.get()
    client.post(f"{WIZARD}{draft.pk}/", columns_post(draft))
    page = client.get(f"{WIZARD}{draft.pk}/preview/").text
    assert "1 row cannot be read" in page
    assert "deals.csv, row 5, column Value:</span> &#x27;12k&#x27; is not an amount" in page
    assert "Fleet renewal" in page, "the good rows are still shown"


def test_changing_what_a_file_holds_proposes_its_columns_again(
    client: Client, world: World, home: Path
) -> None:
    client.force_login(world.ada)
    _upload(client, _files(**{"people.csv": USERS_CSV}))
    draft = MappingDraft.objects.get()
    assert MappingChoices.from_dict(draft.choices).files[0].entity == "reps"
    posted = columns_post(draft, **{"f0-entity": "managers"})
    fragment = client.post(f"{WIZARD}{draft.pk}/files/0/", posted, HTTP_HX_REQUEST="true").text
    assert fragment.lstrip().startswith('<section class="card mb-4 wizard-file"')
    assert '<option value="managers" selected>' in fragment
    draft.refresh_from_db()
    file = MappingChoices.from_dict(draft.choices).files[0]
    assert (file.entity, file.target_of("Name"), file.target_of("Team")) == (
        "managers",
        "rep",
        "team",
    )
    # A header read as a date now gets its format proposed from its values.
    _upload(client, _files(**{"deals.csv": DEALS_CSV}))
    deals = MappingDraft.objects.exclude(pk=draft.pk).get()
    posted = columns_post(deals, **{"f0-c6-target": "", "f0-c5-target": "close_date"})
    fragment = client.post(f"{WIZARD}{deals.pk}/files/0/", posted).text
    assert 'name="f0-c5-formats" value="%d.%m.%Y %H:%M"' in fragment


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"notes.pdf": b"%PDF-1.4"}, "notes.pdf is not a CSV file or a spreadsheet"),
        (
            {"mapping.toml": 'source = "x"', "deals.csv": DEALS_CSV},
            "The wizard writes the mapping itself",
        ),
        ({"deals.xlsx": b"PK\x03\x04 not really a workbook"}, "deals.xlsx: cannot be read"),
        (
            {"deals.csv": b"\x00\x01\x02\xff\xfe garbage\x00,\x00\n\x00"},
            "cannot be read as a CSV file",
        ),
        ({"deals.csv": b""}, "deals.csv: is empty"),
        ({"deals.csv": "A" + ",B" * 400 + "\n1" + ",2" * 400 + "\n"}, "has 401 columns"),
        ({"deals.csv": "Id,\x00Name\n1,x\n"}, "holds a NUL character"),
        ({"deals.csv": "x" * 600 + ",Id\n1,2\n"}, "600 characters long"),
        ({"a.zip": b"PK\x05\x06" + b"\x00" * 18}, "holds no file"),
    ],
)
def test_a_hostile_upload_is_refused_in_words_with_nothing_kept(
    client: Client, world: World, home: Path, files: dict[str, str | bytes], message: str
) -> None:
    client.force_login(world.ada)
    response = _upload(client, _files(**files))
    assert response.status_code == 400
    assert message in response.text
    assert _nothing_kept(home)


def test_an_upload_over_the_limit_is_refused_before_it_is_read(
    client: Client, world: World, home: Path, settings: Settings
) -> None:
    settings.UPLIFT_UPLOAD_MAX_BYTES = 1000
    client.force_login(world.ada)
    response = _upload(client, _files(**{"deals.csv": DEALS_CSV * 20}))
    assert response.status_code == 413, "refused by its announced size, before a byte is read"
    assert _nothing_kept(home)


def test_hostile_header_strings_are_shown_as_text(client: Client, world: World, home: Path) -> None:
    client.force_login(world.ada)
    headers = '"<script>alert(1)</script>","{{ secret }}","Owner"'
    _upload(client, _files(**{"deals.csv": f"{headers}\n<img src=x onerror=alert(1)>,1,Ann\n"}))
    page = client.get(f"{WIZARD}{MappingDraft.objects.get().pk}/").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "{{ secret }}" in page


def test_only_the_admin_may_upload_and_a_refused_upload_writes_nothing(
    client: Client, world: World, home: Path
) -> None:
    for person in (world.ann, world.mia, world.lou):
        client.force_login(person)
        assert _upload(client, _files(**{"deals.csv": DEALS_CSV})).status_code == 403
    assert _nothing_kept(home)


@pytest.mark.django_db(transaction=True)
def test_the_mapping_file_imports_the_same_tables_from_the_command_line(
    client: Client,
    world: World,
    home: Path,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    files = {"deals.csv": DEALS_CSV, "users.csv": USERS_CSV}
    client.force_login(world.ada)
    _upload(client, _files(**files))
    draft = MappingDraft.objects.get()
    client.post(f"{WIZARD}{draft.pk}/", columns_post(draft))
    toml = client.get(f"{WIZARD}{draft.pk}/mapping.toml").content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{WIZARD}{draft.pk}/import/", {"name": "othercrm"})
    assert Job.objects.get(kind="crm-import").status == Job.Status.SUCCEEDED

    export = tmp_path / "export"
    export.mkdir()
    for name, text in files.items():
        (export / name).write_text(text, encoding="utf-8")
    (export / "mapping.toml").write_bytes(toml)
    other = world.otto.organisation
    result = CliRunner().invoke(
        main,
        ["import", "csv", "--mapping", str(export / "mapping.toml"), "--organisation", other.slug],
    )
    assert result.exit_code == 0, result.output
    for table in ("crm_reps", "crm_opportunities"):
        sql = f"SELECT * FROM {table} ORDER BY ALL"
        wizard = organisation_rows(world.ada.organisation, sql)
        assert wizard, table
        assert organisation_rows(other, sql) == wizard, table


def test_a_crm_s_standard_export_is_read_with_its_ready_made_mapping(
    client: Client, world: World, home: Path
) -> None:
    client.force_login(world.ada)
    export = PRESETS / "zoho" / "Deals_2024_05_02.csv"
    _upload(client, _files(**{"zoho-may.csv": export.read_bytes()}))
    draft = MappingDraft.objects.get()
    choices = MappingChoices.from_dict(draft.choices)
    assert (choices.preset, choices.source) == ("zoho", "zoho")
    page = client.get(f"{WIZARD}{draft.pk}/").text
    assert "Read it with Uplift's ready-made mapping for Zoho CRM" in page
    assert client.post(f"{WIZARD}{draft.pk}/", columns_post(draft)).status_code == 302
    preview = client.get(f"{WIZARD}{draft.pk}/preview/").text
    assert "Every row can be read" in preview
    toml = tomllib.loads(client.get(f"{WIZARD}{draft.pk}/mapping.toml").content.decode())
    assert toml["opportunities"]["file"] == "zoho-may.csv"
    assert toml["opportunities"]["columns"]["is_won"]["map"] == {"Closed Won": True}

    posted = columns_post(draft)
    del posted["preset"]  # unticked: the choices on the page are used instead
    client.post(f"{WIZARD}{draft.pk}/", posted)
    draft.refresh_from_db()
    assert MappingChoices.from_dict(draft.choices).preset == ""
    assert "Read it with Uplift's ready-made mapping" in client.get(f"{WIZARD}{draft.pk}/").text


def test_another_sheet_of_a_workbook_is_read_when_chosen(
    client: Client, world: World, home: Path, tmp_path: Path
) -> None:
    book = write_workbook(
        tmp_path / "export.xlsx",
        {
            "Read me": [["This export was made on Monday"]],
            "Deals": [["Deal ID", "Owner", "Amount", "Stage"], [1, "Ann Lee", 1200.5, "Won"]],
        },
    )
    client.force_login(world.ada)
    _upload(client, _files(**{"export.xlsx": book.read_bytes()}))
    draft = MappingDraft.objects.get()
    assert draft.samples[0]["sheet"] == "Read me"
    assert draft.samples[0]["sheets"] == ["Read me", "Deals"]
    posted = columns_post(draft, **{"f0-sheet": "Deals"})
    fragment = client.post(f"{WIZARD}{draft.pk}/files/0/", posted).text
    assert "Sheet &#x27;Deals&#x27; of the workbook" in fragment
    draft.refresh_from_db()
    file = MappingChoices.from_dict(draft.choices).files[0]
    assert (file.sheet, file.entity, file.target_of("Amount")) == (
        "Deals",
        "opportunities",
        "amount_cents",
    )
    wrong = columns_post(draft, **{"f0-sheet": "Nope"})
    assert client.post(f"{WIZARD}{draft.pk}/files/0/", wrong).status_code == 400


def test_an_upload_left_in_the_wizard_is_deleted_after_two_days(world: World, home: Path) -> None:
    old = draft_of(world.ada.organisation)
    MappingDraft.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - DRAFT_LIFETIME - dt.timedelta(minutes=1)
    )
    recent = draft_of(world.ada.organisation)
    assert mapping_drafts_expire(organisation=world.ada.organisation, home=home) == 1
    assert list(MappingDraft.objects.all()) == [recent]
    assert not (home / "uploads" / old.folder).exists()
    assert (home / "uploads" / recent.folder).exists()
