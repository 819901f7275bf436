"""The demo's practice cards: what the generated stars do, written the way a star would tell it.

Each card names the behaviours (from the catalogue: what a rep does) it is about, and how far it
got in review. Its evidence is not written here: the demo reads the star-against-core rows of
those behaviours from the analysis it has just run (`uplift.demo.practices`), so a card cites
only numbers the analysis produced. Outcomes (a conversion, time in a stage, the sales cycle) are
where stars win, not something to practise, and a card refuses them. The first four carry the
titles of the practices the generator plants (and the demo import back-fills adoptions of); the
rest are what the stars' profiles suggest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uplift.analytics.behaviour.catalogue import (
    CALLS,
    CONTACTS,
    EMAILS,
    FIRST_ACTIVITY,
    MEETINGS,
    Behaviour,
)


@dataclass(frozen=True)
class DemoCard:
    title: str
    problem: str
    when_to_use: str
    steps: str
    talk_tracks: str
    stage_tags: tuple[str, ...]
    competency_tags: tuple[str, ...]
    behaviours: tuple[Behaviour, ...]
    status: str  # approved | in_review | draft
    edit: dict[str, str] = field(default_factory=dict)  # a later edit: a second version
    edit_summary: str = ""
    comments: tuple[tuple[str, str], ...] = ()  # (question, answer by the contributor)

    def __post_init__(self) -> None:
        outcomes = [b.key for b in self.behaviours if not b.is_behaviour]
        if outcomes:
            raise ValueError(f"{self.title!r} cites outcomes, not behaviours: {outcomes}")

    @property
    def behaviour_keys(self) -> tuple[str, ...]:
        return tuple(b.key for b in self.behaviours)


CARDS: tuple[DemoCard, ...] = (
    DemoCard(
        title="Multi-thread every deal above 50k",
        problem="Big deals die when our one contact changes jobs, loses the budget fight or "
        "simply goes quiet. Single-threaded deals above 50k close far less often.",
        when_to_use="Any opportunity above 50k, from qualification on. Earlier if the champion "
        "is new in their role.",
        steps="Map the buying committee on the first call: who signs, who uses, who can block\n"
        "Ask your champion to introduce you to the economic buyer before the demo\n"
        "Add every new contact to the opportunity with their role\n"
        "Hold at least one meeting with someone other than the champion before proposal\n"
        "Review the contact map in your weekly deal review",
        talk_tracks='"Deals like this usually involve finance and IT as well — who else will '
        'want a say, and could we bring them into the next call?"\n'
        '"If you were out for two weeks, who would carry this forward internally?"',
        stage_tags=("qualification", "proposal"),
        competency_tags=("qualification", "account_growth"),
        behaviours=(CONTACTS, MEETINGS),
        status="approved",
        edit={
            "talk_tracks": '"Deals like this usually involve finance and IT as well — who '
            'else will want a say, and could we bring them into the next call?"\n'
            '"If you were out for two weeks, who would carry this forward internally?"\n'
            '"Who was involved the last time you bought something of this size?"'
        },
        edit_summary="A third question for the champion, from the comments",
        comments=(
            (
                "Does this still apply when the champion is the CFO?",
                "Yes — the CFO signs, but the users decide whether it sticks. Meet them too.",
            ),
        ),
    ),
    DemoCard(
        title="Mutual close plan",
        problem="Deals slip past quarter end because nobody on the buyer's side owns the date "
        "and the steps between 'yes' and signature are invisible.",
        when_to_use="As soon as the buyer says they want to go ahead, typically after the "
        "proposal; always for deals forecast this quarter.",
        steps="Ask for the date the buyer needs to be live, and why\n"
        "Work back together: legal, security review, procurement, signature\n"
        "Put names and dates against each step in a shared document\n"
        "Book a short check-in meeting on each milestone\n"
        "Re-plan openly when a date moves, the same day",
        talk_tracks='"You mentioned the team needs this live by March. Shall we work back from '
        'that together so nothing surprises either of us?"',
        stage_tags=("negotiation", "closing"),
        competency_tags=("closing", "negotiation"),
        behaviours=(MEETINGS, CONTACTS),
        status="approved",
        edit={
            "steps": "Ask for the date the buyer needs to be live, and why\n"
            "Work back together: legal, security review, procurement, signature\n"
            "Put names and dates against each step in a shared document\n"
            "Book a short check-in meeting on each milestone\n"
            "Re-plan openly when a date moves, the same day\n"
            "Share the plan with your manager at forecast call"
        },
        edit_summary="The plan goes to the forecast call",
        comments=(
            (
                "What template do you use for the plan?",
                "A one-page shared doc: milestone, owner on their side, owner on ours, date.",
            ),
        ),
    ),
    DemoCard(
        title="Discovery call agenda",
        problem="First calls wander, the buyer does the steering and we leave without "
        "knowing the pain, the budget or the next step.",
        when_to_use="Every first call with a new opportunity.",
        steps="Send a three-line agenda the day before and ask what they would add\n"
        "Open by confirming the time and the agenda\n"
        "Spend two thirds of the call on their situation and what it costs them\n"
        "Close by booking the next step in the calendar, on the call",
        talk_tracks="\"Before we start: we have 30 minutes — I'd like to understand where you "
        "are today, share how others tackled it, and agree whether a next step makes sense. "
        "Anything you'd add?\"",
        stage_tags=("discovery",),
        competency_tags=("discovery", "presentation"),
        behaviours=(MEETINGS, CALLS),
        status="approved",
    ),
    DemoCard(
        title="Friday pipeline hygiene review",
        problem="Stale close dates and amounts make the forecast unreliable.",
        when_to_use="Every Friday, 20 minutes, on your own pipeline.",
        steps="Sort open deals by close date\n"
        "Update every close date that has passed\n"
        "Close out deals with no activity in 30 days",
        talk_tracks="",
        stage_tags=("qualification",),
        competency_tags=("prospecting",),
        behaviours=(EMAILS,),
        status="approved",
        comments=(
            (
                "Has anyone seen this move win rates?",
                "Not on its own — it keeps the forecast honest. The impact page will tell.",
            ),
        ),
    ),
    DemoCard(
        title="Same-day first touch on new opportunities",
        problem="A new opportunity cools fast: a buyer who waits three days for a reply has "
        "often already talked to someone else.",
        when_to_use="Every inbound or newly created opportunity.",
        steps="Check new opportunities at 9:00 and 14:00\n"
        "Call first; if no answer, leave a voicemail and send a two-line e-mail\n"
        "Log the touch on the opportunity the same day",
        talk_tracks='"I saw your request come in this morning and wanted to reach you while '
        "it's fresh — is now a bad time?\"",
        stage_tags=("prospecting", "discovery"),
        competency_tags=("prospecting",),
        behaviours=(FIRST_ACTIVITY, CALLS),
        status="approved",
    ),
    DemoCard(
        title="Book the next meeting before leaving the room",
        problem="Momentum dies between meetings when the next step is 'I'll send some times'.",
        when_to_use="The last five minutes of every buyer meeting.",
        steps="Propose a concrete next step tied to what the buyer just said\n"
        "Open both calendars and agree a slot there and then\n"
        "Send the invite before you hang up",
        talk_tracks='"It sounds like the next step is showing this to your IT lead — shall we '
        'put 30 minutes in now, while we both have our calendars open?"',
        stage_tags=("discovery", "proposal"),
        competency_tags=("discovery", "closing"),
        behaviours=(MEETINGS,),
        status="in_review",
    ),
    DemoCard(
        title="Call before you e-mail on stalled deals",
        problem="A third unanswered e-mail rarely revives a deal; a call often does.",
        when_to_use="Any deal with no reply for a week.",
        steps="Call the champion; if no answer, leave a short voicemail with one question\n"
        "Follow up with a two-line e-mail referring to the voicemail\n"
        "If still silent after a week, call someone else on the buying committee",
        talk_tracks="\"I'm calling because your timeline was the end of the month, and I didn't "
        'want you to miss it on our account. Is it still the plan?"',
        stage_tags=("proposal", "negotiation"),
        competency_tags=("objection_handling",),
        behaviours=(CALLS, EMAILS),
        status="in_review",
    ),
    DemoCard(
        title="Executive sponsor note for late-stage deals",
        problem="Late-stage deals stall in procurement when no one senior on our side has "
        "spoken to anyone senior on theirs.",
        when_to_use="Deals above 100k in negotiation.",
        steps="Ask your leader to send a short personal note to the buyer's executive\n"
        "Offer a 15-minute call between the two",
        talk_tracks="",
        stage_tags=("negotiation",),
        competency_tags=("negotiation",),
        behaviours=(CONTACTS,),
        status="draft",
    ),
)
