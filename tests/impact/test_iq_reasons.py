"""A Team IQ component without data says why in plain words: in each cell of the table, beside
the latest period's components and under `uplift report team-iq`'s table."""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from django.template.loader import render_to_string

from uplift.analytics.metrics.periods import Window
from uplift.analytics.teamiq import (
    REASON_NOT_STORED,
    Member,
    ResultsRecord,
    TeamIQConfig,
    TeamIQInputs,
    team_iq_series,
)
from uplift.insights.snapshots.impact_documents import TeamIQDocument
from uplift.pipeline.analyses.team_iq.printing import missing_reasons, print_table
from uplift.presenters.impact_board.iq import iq_view

JAN, FEB = date(2026, 1, 1), date(2026, 2, 1)
NOT_RATED = "none of its reps had a manager assessment or a scored role play by the period's end"
NO_STAR = "no star closed a deal in the period"


def _document() -> dict[str, Any]:
    """Alpha's two reps have no ratings; its stars close deals in January only."""
    inputs = TeamIQInputs(
        members=(Member(1, "Alpha"), Member(2, "Alpha")),
        results=(
            ResultsRecord("s", "Alpha", "star", JAN, 10, 5, 500_000),
            ResultsRecord("c", "Alpha", "core", JAN, 10, 3, 200_000),
            ResultsRecord("c", "Alpha", "core", FEB, 10, 3, 200_000),
        ),
    )
    window = Window(JAN, date(2026, 2, 28))
    document = team_iq_series(inputs, window, TeamIQConfig(grain="month")).to_dict()
    stored = {"as_of": "2026-02-28", "metric": "win_rate", "gap_unit": "fraction"}
    return {**document, **stored, "label": "An index.", "gap_closure": []}


def test_each_cell_without_data_carries_its_reason() -> None:
    view = iq_view(document=TeamIQDocument.from_dict(_document()), team="Alpha")
    reasons = {row.period: {c.key: c.reason for c in row.cells} for row in view.rows}
    assert reasons == {
        "2026-01": {"capability": NOT_RATED, "knowledge_flow": "", "results": ""},
        "2026-02": {"capability": NOT_RATED, "knowledge_flow": "", "results": NO_STAR},
    }
    latest = {d["label"]: d["reason"] for d in view.details}
    assert latest == {"Capability": NOT_RATED, "Knowledge flow": "", "Results": NO_STAR}


def test_the_page_says_why_beside_each_missing_component() -> None:
    view = iq_view(document=TeamIQDocument.from_dict(_document()), team="Alpha")
    html = unescape(render_to_string("impact/_iq.html", {"iq": view}))
    cells = html.split('data-testid="iq-cell-reason">')[1:]
    assert [cell.split("</small>")[0] for cell in cells] == [
        f"no data: {NOT_RATED}",
        f"no data: {NOT_RATED}",
        f"no data: {NO_STAR}",
    ]
    assert html.count(f"no data in 2026-02: {NOT_RATED}") == 1
    assert html.count(f"no data in 2026-02: {NO_STAR}") == 1


def test_an_older_document_without_reasons_says_it_does_not_know() -> None:
    document = _document()
    for point in document["series"]:
        for component in point["components"].values():
            component.pop("reason")
    view = iq_view(document=TeamIQDocument.from_dict(document), team="Alpha")
    assert view.rows[0].cells[0].reason == REASON_NOT_STORED
    assert view.rows[0].cells[1].reason == ""


def test_the_report_says_why_under_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert missing_reasons(_document()) == [
        f"Capability has no data ({NOT_RATED}): Everyone 2026-01, 2026-02; Alpha 2026-01, 2026-02",
        f"Results has no data ({NO_STAR}): Everyone 2026-02; Alpha 2026-02",
    ]
    print_table(_document())
    printed = " ".join(capsys.readouterr().out.split())
    assert f"Capability has no data ({NOT_RATED}): Everyone 2026-01, 2026-02;" in printed
    assert f"Results has no data ({NO_STAR}): Everyone 2026-02; Alpha 2026-02" in printed
