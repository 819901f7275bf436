from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import World
from uplift.crm.importers.errors import MalformedInputError
from uplift.practices.adoption_import import adoptions_import
from uplift.practices.models import Adoption, Practice


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "adoptions.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode())
    return path


def test_adoptions_are_back_filled_and_missing_practices_created_as_drafts(
    tmp_path: Path, world: World
) -> None:
    world.bob.crm_user_id = "005BOB"
    world.bob.save()
    Practice.objects.create(organisation=world.org, title="Mutual close plan", status="approved")
    path = write(
        tmp_path,
        "rep_email,rep_id,practice,adopted_on",
        f"{world.ann.email.upper()},,Mutual close plan,2024-03-01",
        ",005BOB,  Multi-thread   every deal ,2024-04-15",
        "nobody@acme.test,,Mutual close plan,2024-05-01",
    )
    summary = adoptions_import(path=path, organisation=world.org)
    assert (summary.read, summary.inserted, summary.rejected) == (3, 2, 1)
    assert summary.practices_created == ["Multi-thread every deal"]
    assert summary.unknown_reps == [{"row": 4, "rep_email": "nobody@acme.test", "rep_id": ""}]
    draft = Practice.objects.get(title="Multi-thread every deal")
    assert draft.status == Practice.Status.DRAFT
    adoption = Adoption.objects.get(person=world.ann)
    assert (adoption.stage, str(adoption.practising_on), adoption.source) == (
        "practising",
        "2024-03-01",
        "import",
    )


def test_reimporting_changes_nothing_and_a_new_date_updates(tmp_path: Path, world: World) -> None:
    header = "rep_email,practice,adopted_on"
    adoptions_import(
        path=write(tmp_path, header, f"{world.ann.email},P,2024-03-01"), organisation=world.org
    )
    again = adoptions_import(
        path=write(tmp_path, header, f"{world.ann.email},p,2024-03-01"), organisation=world.org
    )
    assert (again.inserted, again.unchanged, again.practices_created) == (0, 1, [])
    moved = adoptions_import(
        path=write(tmp_path, header, f"{world.ann.email},P,2024-03-09"), organisation=world.org
    )
    assert moved.updated == 1
    assert str(Adoption.objects.get().practising_on) == "2024-03-09"


def test_a_dry_run_writes_nothing(tmp_path: Path, world: World) -> None:
    path = write(tmp_path, "rep_email,practice,adopted_on", f"{world.ann.email},New one,2024-03-01")
    summary = adoptions_import(path=path, organisation=world.org, dry_run=True)
    assert summary.inserted == 1
    assert not Practice.objects.exists()
    assert not Adoption.objects.exists()


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ("rep_email,practice", "a@b.c,P"),
            "adoptions.csv, column adopted_on: the required column",
        ),
        (
            ("rep_email,practice,adopted_on", "a@b.c,P,15/03/2024"),
            "adoptions.csv, row 2, column adopted_on: '15/03/2024' is not a date",
        ),
        (
            ("rep_email,practice,adopted_on", "a@b.c,,2024-01-01"),
            "adoptions.csv, row 2, column practice: a value is required",
        ),
        (("name,practice,adopted_on", "x,P,2024-01-01"), "needs a rep_email or a rep_id column"),
        (("rep_email,practice,adopted_on", "a@b.c,P,2024-01-01,extra"), "row 2: has more fields"),
    ],
)
def test_malformed_files_are_refused_with_the_place_named(
    tmp_path: Path, world: World, lines: tuple[str, ...], message: str
) -> None:
    with pytest.raises(MalformedInputError) as caught:
        adoptions_import(path=write(tmp_path, *lines), organisation=world.org)
    assert message in str(caught.value)


def test_a_bad_row_after_good_ones_writes_nothing(tmp_path: Path, world: World) -> None:
    path = write(
        tmp_path,
        "rep_email,practice,adopted_on",
        f"{world.ann.email},Kept out,2024-01-01",
        f"{world.art.email},Kept out,yesterday",
    )
    with pytest.raises(MalformedInputError, match="row 3, column adopted_on"):
        adoptions_import(path=path, organisation=world.org)
    assert not Practice.objects.exists()
    assert not Adoption.objects.exists()
