"""Erasing a person of the demo organisation: afterwards their name and e-mail address are on
no page any demo login reaches (CSV and XLSX downloads included), in no API list, no report and
no other person's export, even after the demo's CRM export is imported again and analysed; and
`uplift person export` / `erase` work from the command line."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from tests.test_access_matrix import api_operations
from tests.two_companies.crawl import crawl, response_text
from uplift.cli import main
from uplift.demo.steps import demo_run
from uplift.orgs.models import Person, Role
from uplift.pipeline.reports import report_names

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_erased_demo_person_appears_nowhere(tmp_path: Path) -> None:
    state = demo_run(seed=7)
    assert state.organisation is not None
    logins = {login.role: Person.objects.get(email=login.email) for login in state.logins}
    rep = next(p for role, p in logins.items() if p.role == Role.REP)
    name, email = rep.full_name, rep.email
    runner = CliRunner()

    before = tmp_path / "before.zip"
    exported = runner.invoke(main, ["person", "export", email, "--output", str(before)])
    assert exported.exit_code == 0, exported.output
    with zipfile.ZipFile(before) as archive:
        assert "README.txt" in archive.namelist()
        assert email in archive.read("person.json").decode()

    erased = runner.invoke(main, ["person", "erase", email, "--yes", "--json"])
    assert erased.exit_code == 0, erased.output
    assert '"pseudonym"' in erased.output
    words = (name, email)

    def clean(text: str, where: str) -> None:
        for word in words:
            assert word not in text, f"{word!r} still in {where}"

    # The analytics store still holds the CRM's copy of the rep; a later import of the same
    # export and the analyses after it bring the name back nowhere.
    assert state.export is not None
    for command in (
        ["analyze"],
        ["import", "salesforce", str(state.export)],
        ["analyze"],
    ):
        ran = runner.invoke(main, command)
        assert ran.exit_code == 0, ran.output
    rep.refresh_from_db()
    assert (rep.full_name, rep.email) != (name, email)
    assert not rep.is_active
    segments = json.loads(runner.invoke(main, ["report", "segments", "--json"]).output)
    assert rep.full_name in {r["name"] for r in segments["reps"]}
    for report in report_names():
        for shape in (["--json"], []):
            printed = runner.invoke(main, ["report", report, *shape])
            assert printed.exit_code == 0, printed.output
            clean(printed.output, f"uplift report {report} {' '.join(shape)}")
    viewers = [p for p in logins.values() if p.pk != rep.pk]
    for viewer in viewers:
        client = Client()
        client.force_login(viewer)
        for visit in crawl(client, "/", limit=150):
            clean(visit.text, f"{visit.url} as {viewer.get_role_display()}")
        for method, path, _ in api_operations():
            if method == "GET" and "{" not in path:
                answer = client.get(path)
                clean(response_text(answer), f"GET {path} as {viewer.get_role_display()}")
    manager = next(p for p in viewers if p.role == Role.MANAGER)
    other = runner.invoke(
        main, ["person", "export", manager.email, "--output", str(tmp_path / "m.zip")]
    )
    assert other.exit_code == 0
    with zipfile.ZipFile(io.BytesIO((tmp_path / "m.zip").read_bytes())) as archive:
        for member in archive.namelist():
            clean(archive.read(member).decode("utf-8-sig"), f"{manager.email}'s export {member}")
