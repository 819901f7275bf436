"""Drafting a debrief's interview guide from a star's distinctive behaviours and the stage-based
question templates. The guide is plain text (``## `` headings, ``- `` questions) that the
interviewer edits freely before and during the session.

The behaviour questions come from the star's profile (``star-profiles`` snapshot): for each
distinctive behaviour, what the numbers say and open questions that ask *how* the star does it.
Each behaviour also points at the sales stage it belongs to, which is how the stages the guide
covers are suggested. Apart from the behaviours, the guide asks about what the star is good at:
where their result comes from (their ``pattern`` in the segments snapshot: volume, conversion,
deal size, speed), each with its own questions. Only behaviours (what a rep does) make
behaviour questions: a conversion rate, time in a stage or a cycle length is part of the result
that made the star, so it goes under where the star wins (its evidence and one question about
what they do earlier in the deal), never among the distinctive behaviours, even when an older
profile listed it there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from uplift.debriefs.stages import STAGES, stage_label

DEFAULT_QUESTIONS: dict[str, tuple[str, ...]] = {
    "prospecting": (
        (
            "How do you pick which accounts to go after first, and what do you check before the "
            "first touch?"
        ),
        "What does your first message or call say? Give us the words you use.",
    ),
    "discovery": (
        (
            "Walk us through your first meeting on a recent deal you won: who was in it, and what "
            "did you need to learn before the next step?"
        ),
        "Which questions do you always ask in discovery, and which answers change your plan?",
    ),
    "qualification": (
        "How do you decide a deal is worth your time, and when do you walk away?",
        "Who do you make sure to meet besides your first contact, and how do you get to them?",
    ),
    "proposal": (
        "What goes into your proposal that others leave out? Show us one you are proud of.",
        "How do you present the price, and who do you want in the room when you do?",
    ),
    "negotiation": (
        "What do you trade when the buyer asks for a discount, and what do you never give?",
        "How do you keep a deal moving when procurement or legal gets involved?",
    ),
    "closing": (
        "How do you agree the close date with the buyer, and what do you do in the last two weeks?",
        "Tell us about a deal that slipped: what did you change afterwards?",
    ),
    "expansion": (
        "How do you find the next deal in an account you already won?",
        "What do you do in the first 90 days after a customer signs?",
    ),
}

Item = TypeVar("Item", bound=Mapping[str, Any])
UNUSUAL_IN_GUIDE = 3
OPENING = (
    "What do you do differently from when you started in sales? What would you tell a new rep?",
)
WRAP_UP = (
    "Which of these habits could another rep start next week? What would they need?",
    "Who else does this well, and who have you helped do it?",
)

# Questions for a fixed behaviour when the star is high / low on it, and the stage it belongs to.
_BEHAVIOUR_QUESTIONS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "meetings_per_opportunity": (
        "discovery",
        (
            "What makes a meeting worth holding on a deal? Who attends, and what is each one for?",
            "How do you get the buyer to agree to the next meeting before this one ends?",
        ),
        ("How do you move a deal forward with fewer meetings than most? What replaces them?",),
    ),
    "calls_per_opportunity": (
        "prospecting",
        ("When do you pick up the phone rather than write, and what does a typical call cover?",),
        ("How do you keep deals moving without many calls? What do you use instead?",),
    ),
    "emails_per_opportunity": (
        "prospecting",
        ("What do your e-mails to a buyer look like over a deal? Share one that worked.",),
        ("How do you keep the buyer engaged with fewer e-mails than most?",),
    ),
    "contacts_per_opportunity": (
        "qualification",
        (
            (
                "How do you get beyond your first contact? Who do you bring in, in what order, and "
                "how do you ask for the introduction?"
            ),
            "How do you keep several buyers aligned as the deal moves on?",
        ),
        (
            (
                "How do you win with fewer people involved on the buyer's side? How do you make "
                "sure the decision maker is one of them?"
            ),
        ),
    ),
    "days_to_first_activity": (
        "prospecting",
        ("What keeps you from touching a new deal sooner? Is it deliberate?",),
        (
            (
                "What do you do in the first day after a new deal appears? What makes that fast "
                "response possible?"
            ),
        ),
    ),
}


# Where a star's result comes from (the `pattern` of their segments row) and what to ask about it.
SPEED_RATIO = 1.15  # as fast as this x the core's counts as a strength (pattern.CHANNEL_RATIO)
PATTERN_QUESTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "volume": (
        "Volume: more deals for the same selling time",
        (
            (
                "Where do your new opportunities come from? Walk us through how you prospect in "
                "a typical week."
            ),
            "How do you keep your pipeline full while you are busy closing?",
            "How do you plan your time? What do you stop doing so that you can work more deals?",
        ),
    ),
    "conversion": (
        "Conversion: winning more of the same deals",
        (
            "How do you qualify a deal early, and what makes you drop one?",
            "What do you learn in discovery that others miss? Give us a recent example.",
            "How do you close: what happens in the last conversations before the buyer signs?",
        ),
    ),
    "deal_size": (
        "Deal size: larger won deals",
        (
            "How do you expand the scope of a deal beyond what the buyer first asked for?",
            "How do you reach the people above your first contact, and when do you bring them in?",
            "How do you talk about price and value so that the larger deal holds?",
        ),
    ),
    "speed": (
        "Speed: deals that close sooner",
        (
            "What sets the pace of your deals? How do you keep one from stalling?",
            (
                "How do you agree the next step before a meeting ends, and how do you hold the "
                "buyer to it?"
            ),
        ),
    ),
}


def pattern_strengths(pattern: Mapping[str, Any] | None) -> list[str]:
    """What the star's result comes from, strongest first: their main channels (volume,
    conversion, deal size), then speed when they close clearly faster than the core."""
    if not pattern:
        return []
    found = [str(c) for c in pattern.get("channels") or [] if str(c) in PATTERN_QUESTIONS]
    if not found:
        kind = str(pattern.get("kind") or "")
        found = [k for k in kind.split("+") if k in PATTERN_QUESTIONS]
    speed = pattern.get("speed")
    if isinstance(speed, int | float) and speed >= SPEED_RATIO:
        found.append("speed")
    return found


def _pattern_section(first: str, pattern: Mapping[str, Any] | None) -> list[str]:
    strengths = pattern_strengths(pattern)
    if not strengths or pattern is None:
        return []
    lines = ["", f"## Where {first}'s results come from"]
    sentence = str(pattern.get("sentence") or "")
    if sentence:
        lines.append(f"  Evidence: {sentence[:1].upper()}{sentence[1:]}.")
    for key in strengths:
        heading, questions = PATTERN_QUESTIONS[key]
        lines += ["", f"### {heading}"]
        lines += [f"- {q}" for q in questions]
    return lines


def behaviour_stage(item: Mapping[str, Any]) -> str | None:
    """The sales stage a distinctive behaviour belongs to (None when it cannot be told)."""
    key = str(item.get("behavior") or "")
    if key in _BEHAVIOUR_QUESTIONS:
        return _BEHAVIOUR_QUESTIONS[key][0]
    return None


def behaviour_questions(item: Mapping[str, Any]) -> list[str]:
    """Open questions about one distinctive behaviour, in the direction the star stands out."""
    key = str(item.get("behavior") or "")
    high = item.get("direction") == "high"
    if key in _BEHAVIOUR_QUESTIONS:
        _stage, more, fewer = _BEHAVIOUR_QUESTIONS[key]
        return list(more if high else fewer)
    label = str(item.get("label") or key)
    return [f"Tell us how you approach this: {label.lower()}."]


def is_behaviour_item(item: Mapping[str, Any]) -> bool:
    """Whether a profile item is a behaviour (see the behaviour catalogue)."""
    # Imported here: the behaviour package loads the analytics engine, and this module is
    # loaded with the models by every process, including each `uplift` command.
    from uplift.analytics.behaviour.catalogue import is_behaviour_item as catalogue_says

    return catalogue_says(item)


def behaviours_only(items: Iterable[Item]) -> list[Item]:
    """The items about behaviours, leaving out outcomes (conversions, time in stage, cycle)."""
    return [item for item in items if is_behaviour_item(item)]


def where_they_win(profile: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The outcomes where the star stands out: the profile's ``where_they_win``, then any outcome
    an older profile listed among its distinctive or unusual behaviours (once each)."""
    found: dict[str, dict[str, Any]] = {}
    for key in ("where_they_win", "distinctive", "unusual"):
        for item in profile.get(key) or []:
            if not is_behaviour_item(item):
                found.setdefault(str(item.get("behavior")), dict(item))
    return list(found.values())


def suggested_stages(distinctive: Iterable[Mapping[str, Any]]) -> list[str]:
    """The stages the star's behaviours point at, in sales order; discovery, qualification and
    closing when nothing points anywhere."""
    found = {stage for item in behaviours_only(distinctive) if (stage := behaviour_stage(item))}
    if not found:
        found = {"discovery", "qualification", "closing"}
    return [stage for stage in STAGES if stage in found]


def _evidence_line(item: Mapping[str, Any]) -> str:
    reading = str(item.get("reading") or item.get("label") or item.get("behavior"))
    return f"Evidence: {reading}"


def _behaviour_sections(items: Sequence[Mapping[str, Any]]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += ["", f"### {item.get('label') or item.get('behavior')}"]
        lines.append(f"  {_evidence_line(item)}")
        lines += [f"- {q}" for q in behaviour_questions(item)]
    return lines


WIN_QUESTION = "What do you do earlier in the deal that gets these results?"


def _win_section(first: str, outcomes: Sequence[Mapping[str, Any]]) -> list[str]:
    """Where the star wins: the outcomes' evidence (results, not habits) and one question that
    leads back to what they do."""
    if not outcomes:
        return []
    lines = ["", f"## Where {first} wins (results, not habits to copy)"]
    lines += [f"  {_evidence_line(item)}" for item in outcomes]
    lines.append(f"- {WIN_QUESTION}")
    return lines


def draft_guide(
    *,
    star_name: str,
    distinctive: Sequence[Mapping[str, Any]],
    stages: Sequence[str],
    templates: Mapping[str, Sequence[str]],
    unusual: Sequence[Mapping[str, Any]] = (),
    pattern: Mapping[str, Any] | None = None,
    wins: Sequence[Mapping[str, Any]] = (),
    not_measured: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The interview guide as editable text: opening, where the star's results come from (their
    ``pattern`` in the segments snapshot: questions on what they are good at), one section per
    distinctive behaviour (the evidence, then questions), the unusual ones (at most three,
    marked as weaker evidence), where the star wins (the outcomes in ``wins`` and any outcome
    among ``distinctive`` or ``unusual``: their evidence and one question, never behaviour
    questions), the chosen stages' template questions, and a wrap-up. `not_measured`: the
    behaviours the export cannot measure (label, reason), said instead of "nothing stands out"
    when none of the star's behaviours could be placed."""
    first = star_name.split(" ", maxsplit=1)[0] if star_name else "the star"
    outcomes = where_they_win(
        {"where_they_win": wins, "distinctive": distinctive, "unusual": unusual}
    )
    distinctive, unusual = behaviours_only(distinctive), behaviours_only(unusual)
    lines = [f"# Debrief with {star_name}", "", "## Opening"]
    lines += [f"- {q}" for q in OPENING]
    lines += _pattern_section(first, pattern)
    if distinctive:
        lines += ["", f"## What stands out in {first}'s numbers"]
        lines += _behaviour_sections(distinctive)
    if unusual:
        heading = (
            f"## Also unusual in {first}'s numbers "
            "(weaker evidence: stars as a group do not clearly differ here)"
        )
        lines += ["", heading]
        lines += _behaviour_sections(unusual[:UNUSUAL_IN_GUIDE])
    if not distinctive and not unusual and not_measured:
        missing = "; ".join(f"{m['label'].lower()} ({m['reason']})" for m in not_measured)
        ask = (
            f"- This export has none of the behaviours Uplift compares stars on: {missing}. "
            "Ask about the deals the star is proudest of: who they met, how often, what they "
            "did first."
        )
        lines += ["", "## How they work their deals", ask]
    elif not distinctive and not unusual:
        nothing = (
            "- Nothing in the numbers stands out clearly from the core: ask about the deals "
            "the star is proudest of."
        )
        lines += ["", "## What stands out", nothing]
    lines += _win_section(first, outcomes)
    for stage in stages:
        questions = templates.get(stage) or ()
        if not questions:
            continue
        lines += ["", f"## {stage_label(stage)}"]
        lines += [f"- {q}" for q in questions]
    lines += ["", "## Wrap-up"]
    lines += [f"- {q}" for q in WRAP_UP]
    return "\n".join(lines) + "\n"
