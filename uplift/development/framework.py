"""The default competency framework: eight sales competencies with a five-level rubric.

The slugs are stable names shared with the practice library (competency tags) and with role-play
rubrics; an organisation edits names, descriptions and rubric texts, never the slugs.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CompetencyTemplate:
    slug: str
    name: str
    description: str
    levels: tuple[str, str, str, str, str]


DEFAULT_FRAMEWORK: tuple[CompetencyTemplate, ...] = (
    CompetencyTemplate(
        slug="prospecting",
        name="Prospecting",
        description=(
            "Building enough of the right pipeline: researching accounts, reaching the right "
            "people and earning a first conversation."
        ),
        levels=(
            ("Works the leads that arrive; outreach is generic and stops after one or two tries."),
            (
                "Runs a weekly outreach block to a target list; messages mention the account but "
                "not a reason to talk now."
            ),
            (
                "Keeps a prioritised account list, researches before reaching out, runs a "
                "multi-touch sequence across phone, e-mail and social, and books meetings at a "
                "steady rate."
            ),
            (
                "Opens conversations with a trigger event or an insight the buyer cares about; "
                "reaches several people in each account; pipeline coverage stays above target."
            ),
            (
                "Builds pipeline ahead of need quarter after quarter; others reuse their "
                "sequences and openers; coaches peers on account research."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="discovery",
        name="Discovery",
        description=(
            "Understanding the buyer's situation, pain, impact and decision before proposing "
            "anything."
        ),
        levels=(
            "Pitches early; asks mostly closed questions about features and budget.",
            (
                "Follows a question list; learns the stated problem but rarely its cost or who "
                "else feels it."
            ),
            (
                "Uncovers the business problem, its impact in numbers and the desired outcome; "
                "summarises back and agrees next steps in the call."
            ),
            (
                "Finds pains the buyer had not named, quantifies them with the buyer, and maps "
                "them to each stakeholder's priorities."
            ),
            (
                "Discovery notes are the team's example; the buyer says the conversation alone "
                "was worth their time; teaches discovery in role plays."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="qualification",
        name="Qualification",
        description=(
            "Knowing early whether a deal is real: need, authority, budget, timing, decision "
            "process — and walking away when it is not."
        ),
        levels=(
            "Treats every opportunity as live; forecast depends on hope.",
            (
                "Captures budget and timing when the buyer volunteers them; few deals are "
                "disqualified."
            ),
            (
                "Confirms the decision process, the economic buyer and the compelling event "
                "before the proposal; updates the CRM qualification fields for every deal."
            ),
            (
                "Multi-threads into the buying group early, tests commitment with mutual actions,"
                " and disqualifies quickly, freeing time for better deals."
            ),
            "Forecast is reliably accurate; other reps ask them to pressure-test their deals.",
        ),
    ),
    CompetencyTemplate(
        slug="presentation",
        name="Presentation & demo",
        description=(
            "Showing the solution in the buyer's terms: a tailored story and a demo of the "
            "moments that matter to them."
        ),
        levels=(
            "Runs the standard deck or a full feature tour regardless of the audience.",
            ("Tailors the opening slides to the account; the demo still follows the product menu."),
            (
                "Builds the presentation around the pains found in discovery, shows the two or "
                "three workflows that solve them, and checks for reactions as they go."
            ),
            (
                "Tells a before/after story with the buyer's own numbers; handles mixed "
                "audiences, giving each stakeholder what they came for."
            ),
            (
                "Buyers retell the story internally without them; their demo scripts become team "
                "standards."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="objection_handling",
        name="Objection handling",
        description=(
            "Treating concerns as information: understanding them, answering them with "
            "evidence and moving the deal forward."
        ),
        levels=(
            "Argues with objections or offers a discount straight away.",
            (
                "Has answers for the common objections but delivers them before understanding the"
                " concern."
            ),
            (
                "Acknowledges, asks to understand the real concern, answers with evidence (a "
                "reference, a number, a proof point) and confirms it is resolved."
            ),
            (
                "Anticipates objections and raises them first; turns a concern into a reason to "
                "involve another stakeholder or a next step."
            ),
            (
                "Writes the talk tracks the team uses for hard objections and practises them with"
                " peers."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="negotiation",
        name="Negotiation",
        description=("Reaching an agreement that keeps the deal's value: trading, not conceding."),
        levels=(
            "Concedes on price when asked; discounts arrive before the buyer asks.",
            "Holds the first position but gives concessions without getting anything back.",
            (
                "Prepares walk-away and target positions, trades every concession for something "
                "of value (term, volume, timing, a reference) and keeps the manager informed."
            ),
            (
                "Negotiates with procurement and the economic buyer at once, anchors on value "
                "agreed in discovery, and protects margin on large deals."
            ),
            (
                "Consistently closes above average price realisation; coaches others through live"
                " negotiations."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="closing",
        name="Closing",
        description=(
            "Driving the deal to a signature on a date both sides agreed: mutual plans, clear"
            " next steps, no surprises."
        ),
        levels=(
            "Waits for the buyer to decide; close dates slip quarter to quarter.",
            "Asks for the business at the end, but the path to signature is unclear.",
            (
                "Agrees a mutual close plan with the buyer (legal, security, procurement, "
                "signature dates) and ends every meeting with a committed next step."
            ),
            (
                "Spots stalled deals early and re-engages the sponsor; close dates hold and deals"
                " close within the forecast quarter."
            ),
            (
                "Closes the hardest deals of the team; their close-plan template is the team's "
                "standard."
            ),
        ),
    ),
    CompetencyTemplate(
        slug="account_growth",
        name="Account growth",
        description=(
            "Growing existing customers: adoption, value reviews, expansion and renewals."
        ),
        levels=(
            "Hands customers over after the first signature and reappears at renewal.",
            (
                "Checks in with the main contact now and then; expansion happens when the "
                "customer asks."
            ),
            (
                "Runs regular value reviews with the customer, tracks adoption, and builds an "
                "account plan with expansion opportunities and their owners."
            ),
            (
                "Has relationships across several departments and levels; brings new use cases "
                "before the customer asks; renewals are never at risk."
            ),
            (
                "Their accounts are the company's references; they design the account-planning "
                "approach others follow."
            ),
        ),
    ),
)

DEFAULT_SLUGS: tuple[str, ...] = tuple(t.slug for t in DEFAULT_FRAMEWORK)
