"""Drafting the interview guide: the star's distinctive behaviours with their evidence and
questions in the direction the star stands out, the chosen stages' questions, in sales order.
Outcomes (conversion rates, time in stage, cycle length) never make questions."""

from __future__ import annotations

import pytest

from uplift.debriefs.guide import (
    DEFAULT_QUESTIONS,
    behaviour_questions,
    behaviour_stage,
    draft_guide,
    suggested_stages,
)

MEETINGS_HIGH = {
    "behavior": "meetings_per_opportunity",
    "label": "Meetings per opportunity",
    "direction": "high",
    "reading": "Meetings per opportunity: 4.10 against a core median of 2.40.",
}
CYCLE_LOW = {
    "behavior": "sales_cycle_days",
    "label": "Sales cycle of won deals (days)",
    "direction": "low",
    "reading": "Sales cycle of won deals (days): 41.0 days against 63.0 days.",
}
CALLS_HIGH = {
    "behavior": "calls_per_opportunity",
    "label": "Calls per opportunity",
    "direction": "high",
    "reading": "Calls per opportunity: 3.90 against 2.50.",
}
CONVERSION = {
    "behavior": "conversion_needs_analysis",
    "label": "Conversion Needs Analysis → Proposal",
    "direction": "high",
    "reading": "Conversion: 71% against a core median of 52%.",
}


def test_questions_follow_the_direction_the_star_stands_out() -> None:
    assert "fewer" not in " ".join(behaviour_questions(MEETINGS_HIGH))
    low_meetings = {**MEETINGS_HIGH, "direction": "low"}
    assert "fewer meetings" in behaviour_questions(low_meetings)[0]


def test_behaviours_point_at_their_sales_stage_and_outcomes_at_none() -> None:
    assert behaviour_stage(MEETINGS_HIGH) == "discovery"
    assert behaviour_stage(CYCLE_LOW) is None
    assert behaviour_stage(CONVERSION) is None
    assert suggested_stages([CYCLE_LOW, MEETINGS_HIGH]) == ["discovery"]
    assert suggested_stages([CONVERSION]) == ["discovery", "qualification", "closing"]
    assert suggested_stages([]) == ["discovery", "qualification", "closing"]


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


def test_outcomes_in_a_profile_go_under_where_the_star_wins_without_behaviour_questions() -> None:
    """An older profile listed the cycle and a conversion among the distinctive and unusual
    behaviours: they are results, so the guide shows them under where the star wins, with one
    question about what she does earlier, and never among what stands out."""
    proposal = {**CONVERSION, "behavior": "conversion_proposal", "reading": "Proposal: 80%."}
    text = draft_guide(
        star_name="Ann Test",
        distinctive=[MEETINGS_HIGH, CYCLE_LOW, {**CONVERSION, "kind": "outcome"}],
        unusual=[proposal],
        stages=[],
        templates={},
    )
    stands_out = _section(text, "## What stands out in Ann's numbers")
    assert f"Evidence: {MEETINGS_HIGH['reading']}" in stands_out
    assert "Sales cycle" not in stands_out
    assert "Conversion" not in stands_out
    assert "Also unusual" not in text
    wins = _section(text, "## Where Ann wins (results, not habits to copy)")
    evidence = [line.strip() for line in wins.splitlines() if "Evidence:" in line]
    assert evidence == [
        f"Evidence: {CYCLE_LOW['reading']}",
        f"Evidence: {CONVERSION['reading']}",
        "Evidence: Proposal: 80%.",
    ]
    assert [line for line in wins.splitlines() if line.startswith("- ")] == [
        "- What do you do earlier in the deal that gets these results?"
    ]
    assert "### " not in wins  # no behaviour questions about an outcome


def test_a_profiles_where_they_win_comes_first_and_once() -> None:
    text = draft_guide(
        star_name="Ann Test",
        distinctive=[MEETINGS_HIGH, CYCLE_LOW],
        stages=[],
        templates={},
        wins=[{**CONVERSION, "kind": "outcome"}, {**CYCLE_LOW, "kind": "outcome"}],
    )
    wins = _section(text, "## Where Ann wins")
    assert wins.count("Evidence:") == 2
    assert wins.index("Conversion") < wins.index("Sales cycle")


def test_without_outcomes_the_guide_has_no_where_they_win_section() -> None:
    text = draft_guide(star_name="Ann Test", distinctive=[MEETINGS_HIGH], stages=[], templates={})
    assert "wins (results" not in text


def test_the_guide_has_evidence_questions_and_the_chosen_stages_in_order() -> None:
    templates = {stage: list(qs) for stage, qs in DEFAULT_QUESTIONS.items()}
    templates["negotiation"].append("What is the one concession you always hold back?")
    text = draft_guide(
        star_name="Ann Test",
        distinctive=[MEETINGS_HIGH, CALLS_HIGH],
        stages=["discovery", "negotiation"],
        templates=templates,
    )
    assert text.startswith("# Debrief with Ann Test\n")
    assert "## What stands out in Ann's numbers" in text
    assert f"Evidence: {MEETINGS_HIGH['reading']}" in text
    assert f"Evidence: {CALLS_HIGH['reading']}" in text
    assert "What is the one concession you always hold back?" in text
    assert DEFAULT_QUESTIONS["discovery"][0] in text
    assert DEFAULT_QUESTIONS["closing"][0] not in text  # closing was not chosen
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Opening",
        "## What stands out in Ann's numbers",
        "## Discovery",
        "## Negotiation",
        "## Wrap-up",
    ]


def test_a_star_with_nothing_distinctive_still_gets_a_guide() -> None:
    text = draft_guide(
        star_name="Bob", distinctive=[], stages=["closing"], templates={"closing": ["Q?"]}
    )
    assert "Nothing in the numbers stands out" in text
    assert "## Closing\n- Q?" in text


def test_unusual_behaviours_come_after_the_distinctive_ones_marked_as_weaker() -> None:
    calls = CALLS_HIGH
    emails = {**CALLS_HIGH, "behavior": "emails_per_opportunity", "label": "E-mails"}
    many = [calls, emails, {**CONVERSION}, {**MEETINGS_HIGH, "behavior": "x"}, {**emails}]
    text = draft_guide(
        star_name="Ann Test", distinctive=[MEETINGS_HIGH], unusual=many, stages=[], templates={}
    )
    strong = text.index("## What stands out in Ann's numbers")
    weak = text.index("## Also unusual in Ann's numbers (weaker evidence")
    assert strong < weak
    assert "Evidence: Calls per opportunity: 3.90 against 2.50." in text[weak:]
    assert text[weak:].count("### ") == 3  # at most three unusual behaviours
    assert "Nothing in the numbers stands out" not in text
    assert suggested_stages([calls]) == ["prospecting"]


def pattern(kind: str, *, speed: float | None = 1.0) -> dict[str, object]:
    channels = [c for c in kind.split("+") if c in {"volume", "conversion", "deal_size"}]
    return {"kind": kind, "channels": channels, "speed": speed, "sentence": f"wins through {kind}"}


@pytest.mark.parametrize(
    ("kind", "heading", "asks"),
    [
        ("volume", "### Volume: more deals", ("prospect", "pipeline", "your time")),
        ("conversion", "### Conversion: winning more", ("qualify", "discovery", "close")),
        ("deal_size", "### Deal size: larger won deals", ("scope", "above your first", "price")),
    ],
)
def test_the_guide_asks_about_what_the_star_is_good_at(
    kind: str, heading: str, asks: tuple[str, ...]
) -> None:
    guide = draft_guide(
        star_name="Art Test",
        distinctive=[MEETINGS_HIGH],
        stages=[],
        templates={},
        pattern=pattern(kind),
    )
    section = guide.split("## Where Art's results come from", 1)[1].split("\n## ", 1)[0]
    assert "Evidence: Wins through " + kind in section
    assert heading in section
    for word in asks:
        assert word in section
    assert guide.count("### ") == 2  # the pattern's section and the behaviour's, each their own
    assert guide.index("## Where Art's") < guide.index("### Meetings per opportunity")


def test_a_fast_star_is_asked_about_pace_and_next_steps() -> None:
    guide = draft_guide(
        star_name="Art Test",
        distinctive=[],
        stages=[],
        templates={},
        pattern=pattern("balanced", speed=1.4),
    )
    assert "### Speed: deals that close sooner" in guide
    assert "pace" in guide
    assert "next step" in guide


def test_a_star_winning_through_two_channels_gets_both_and_a_balanced_one_none() -> None:
    both = draft_guide(
        star_name="Art Test",
        distinctive=[],
        stages=[],
        templates={},
        pattern=pattern("volume+deal_size"),
    )
    assert both.index("### Volume") < both.index("### Deal size")
    balanced = draft_guide(
        star_name="Art Test", distinctive=[], stages=[], templates={}, pattern=pattern("balanced")
    )
    assert "results come from" not in balanced
    assert "results come from" not in draft_guide(
        star_name="Art Test", distinctive=[], stages=[], templates={}
    )


def test_an_export_without_the_behaviours_compared_says_so_instead_of_nothing_stands_out() -> None:
    missing = [
        {"label": "Meetings per opportunity", "reason": "this export has no activities"},
        {"label": "Contacts per opportunity", "reason": "this export has no contact roles"},
    ]
    text = draft_guide(
        star_name="Ann Test", distinctive=[], stages=[], templates={}, not_measured=missing
    )
    assert "Nothing in the numbers stands out" not in text
    section = _section(text, "## How they work their deals")
    assert "meetings per opportunity (this export has no activities)" in section
    assert "contacts per opportunity (this export has no contact roles)" in section
    # When behaviours were measured and none stands out, the guide says that instead.
    measured = draft_guide(star_name="Ann Test", distinctive=[], stages=[], templates={})
    assert "Nothing in the numbers stands out clearly from the core" in measured
