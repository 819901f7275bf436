"""The printable programme: an A4 PDF whose text states the cover, awards, finalists, winners,
citations and evidence."""

from __future__ import annotations

import io

from django.test import Client
from pypdf import PdfReader

from tests.awards.conftest import Stage
from tests.conftest import World
from uplift.awards import services
from uplift.awards.programme import programme_filename, programme_pdf


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def decided(stage: Stage, world: World) -> None:
    category = stage.event.categories.first()
    assert category is not None
    for nominator in (world.bob, world.mia):
        services.nomination_create(
            event=stage.event,
            category_id=category.pk,
            nominee=world.ann,
            nominator=nominator,
            reason="Her practice changed how our whole team runs proposals.",
            evidence_keys=[f"practice:{stage.practice.pk}", f"kudos:{stage.kudos.pk}"],
        )
    services.award_event_advance(event=stage.event, to="shortlisting")
    nomination = category.nominations.first()
    assert nomination is not None
    services.nomination_shortlist_set(nomination=nomination, shortlisted=True)
    services.award_winners_decide(
        event=stage.event,
        decided_by=world.lou,
        choices=[
            services.WinnerChoice(
                category.pk, world.ann.pk, "Ann turned her own habit into the team's practice."
            )
        ],
    )
    stage.event.refresh_from_db()


def test_the_decided_programme_reads_back_with_winners_citations_and_evidence(
    stage: Stage, world: World
) -> None:
    decided(stage, world)
    reader, text = pdf_text(programme_pdf(event=stage.event))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert len(reader.pages) == 4  # cover, contents, one page per award
    assert "Spring Sales Awards" in text
    assert "Thursday 30 April 2026 · Main hall" in text
    assert "Best shared practice" in text
    assert "Team player" in text
    assert "WINNER" in text  # set in capitals
    assert "Ann turned her own habit into the team's practice." in text
    assert "Shared “Multi-thread before the proposal”" in text
    assert "Kudos from Gil Test" in text
    assert "DRAFT" not in text
    assert "Page 3 of 4" in text


def test_a_draft_programme_lists_nominees_and_says_it_is_a_draft(
    stage: Stage, world: World
) -> None:
    category = stage.event.categories.first()
    assert category is not None
    services.nomination_create(
        event=stage.event,
        category_id=category.pk,
        nominee=world.ann,
        nominator=world.bob,
        reason="Her practice changed how our whole team runs proposals.",
        evidence_keys=[f"practice:{stage.practice.pk}"],
    )
    _, text = pdf_text(programme_pdf(event=stage.event))
    assert "DRAFT PROGRAMME" in text  # set in capitals
    assert "Ann Test" in text
    assert "1 nomination" in text
    assert "The winner is announced on the night." in text


def test_the_programme_download(
    stage: Stage,
    world: World,
    client: Client,
    login,  # type: ignore[no-untyped-def]
) -> None:
    url = f"/awards/{stage.event.pk}/programme.pdf"
    login(world.gil)
    assert client.get(url).status_code == 404  # not published before the winners are decided
    decided(stage, world)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert programme_filename(stage.event) in response["Content-Disposition"]
    assert "Ann Test" in pdf_text(response.content)[1]
