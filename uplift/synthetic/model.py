"""Every number of the generative model in one place, so the truth file and the docs can cite it.

docs/generator.md explains each parameter and why it has the value it has.
"""

from __future__ import annotations

from dataclasses import dataclass

SEGMENTS: tuple[str, ...] = ("SMB", "Mid-Market", "Enterprise")

# The standard sales path of a Salesforce org, with the default probability of each stage.
OPEN_STAGES: tuple[str, ...] = (
    "Prospecting",
    "Qualification",
    "Needs Analysis",
    "Proposal/Price Quote",
    "Negotiation/Review",
)
CLOSED_WON = "Closed Won"
CLOSED_LOST = "Closed Lost"
STAGE_PROBABILITY: dict[str, int] = {
    "Prospecting": 10,
    "Qualification": 10,
    "Needs Analysis": 20,
    "Proposal/Price Quote": 75,
    "Negotiation/Review": 90,
    CLOSED_WON: 100,
    CLOSED_LOST: 0,
}

BEHAVIOURS: tuple[str, ...] = (
    "meetings_per_opportunity",
    "calls_per_opportunity",
    "emails_per_opportunity",
    "contacts_per_opportunity",
)


@dataclass(frozen=True)
class SegmentParameters:
    """How deals of one customer segment behave, for a rep of average skill."""

    name: str
    win_rate: float  # probability of winning a deal that reaches a decision
    amount_median: float  # dollars
    amount_sigma: float  # of log(amount)
    amount_rounding: int  # dollars: small deals are priced to the ten, large ones to the thousand
    cycle_median_days: float  # created -> closed
    cycle_sigma: float  # of log(cycle)
    opportunities_per_month: float  # for a rep whose whole book is this segment
    accounts_per_rep: float  # accounts in a full book of this segment
    employees_median: int
    # Activities per opportunity of a core rep (Poisson means over the whole life of a deal).
    meetings: float
    calls: float
    emails: float
    tasks: float
    contacts: float


@dataclass(frozen=True)
class TeamFocus:
    """A team works one segment mostly; its reps' books are drawn around this mix."""

    name: str
    share_of_teams: float
    book_mix: tuple[float, float, float]  # SMB, Mid-Market, Enterprise


@dataclass(frozen=True)
class StarBehaviour:
    """How much more of a behaviour a star does than a core rep (a rate multiplier)."""

    behaviour: str
    star_multiplier: float


@dataclass(frozen=True)
class PracticeParameters:
    name: str
    effect_win_rate: float  # added to the win probability of deals closing after adoption
    added_meetings: float = 0.0  # per opportunity, after adoption
    added_contacts: float = 0.0  # per opportunity above min_amount, after adoption
    min_amount: float = 0.0


DEFAULT_SEGMENTS: tuple[SegmentParameters, ...] = (
    SegmentParameters(
        name="SMB",
        win_rate=0.32,
        amount_median=9_000,
        amount_sigma=0.55,
        amount_rounding=10,
        cycle_median_days=28,
        cycle_sigma=0.5,
        opportunities_per_month=14.0,
        accounts_per_rep=45,
        employees_median=60,
        meetings=0.5,
        calls=1.2,
        emails=1.6,
        tasks=0.4,
        contacts=1.2,
    ),
    SegmentParameters(
        name="Mid-Market",
        win_rate=0.25,
        amount_median=42_000,
        amount_sigma=0.55,
        amount_rounding=100,
        cycle_median_days=62,
        cycle_sigma=0.5,
        opportunities_per_month=5.0,
        accounts_per_rep=22,
        employees_median=600,
        meetings=1.4,
        calls=1.8,
        emails=2.2,
        tasks=0.7,
        contacts=2.0,
    ),
    SegmentParameters(
        name="Enterprise",
        win_rate=0.18,
        amount_median=300_000,
        amount_sigma=0.65,
        amount_rounding=1_000,
        cycle_median_days=125,
        cycle_sigma=0.45,
        opportunities_per_month=2.0,
        accounts_per_rep=9,
        employees_median=9_000,
        meetings=3.0,
        calls=2.4,
        emails=3.0,
        tasks=1.0,
        contacts=3.2,
    ),
)

DEFAULT_TEAM_FOCUSES: tuple[TeamFocus, ...] = (
    TeamFocus("SMB", 0.35, (0.78, 0.17, 0.05)),
    TeamFocus("Mid-Market", 0.35, (0.15, 0.70, 0.15)),
    TeamFocus("Enterprise", 0.30, (0.05, 0.25, 0.70)),
)

DEFAULT_STAR_BEHAVIOURS: tuple[StarBehaviour, ...] = (
    StarBehaviour("meetings_per_opportunity", 1.8),
    StarBehaviour("calls_per_opportunity", 1.3),
    StarBehaviour("emails_per_opportunity", 1.0),  # the placebo: stars e-mail like everyone else
    StarBehaviour("contacts_per_opportunity", 1.7),
)

DEFAULT_PRACTICES: tuple[PracticeParameters, ...] = (
    PracticeParameters(
        name="Multi-thread every deal above 50k",
        effect_win_rate=0.06,
        added_contacts=1.0,
        min_amount=50_000,
    ),
    PracticeParameters(name="Mutual close plan", effect_win_rate=0.08, added_meetings=0.5),
    PracticeParameters(name="Discovery call agenda", effect_win_rate=0.04),
    PracticeParameters(name="Friday pipeline hygiene review", effect_win_rate=0.0),
)

# Seasonality of new opportunities by calendar month (January first): a summer dip and a
# slow December, the way most B2B pipelines look.
DEFAULT_CREATION_SEASONALITY: tuple[float, ...] = (
    1.05,
    1.0,
    1.05,
    1.0,
    1.0,
    0.95,
    0.8,
    0.75,
    1.05,
    1.05,
    1.0,
    0.85,
)


@dataclass(frozen=True)
class ModelParameters:
    segments: tuple[SegmentParameters, ...] = DEFAULT_SEGMENTS
    team_focuses: tuple[TeamFocus, ...] = DEFAULT_TEAM_FOCUSES
    star_behaviours: tuple[StarBehaviour, ...] = DEFAULT_STAR_BEHAVIOURS
    practices: tuple[PracticeParameters, ...] = DEFAULT_PRACTICES
    creation_seasonality: tuple[float, ...] = DEFAULT_CREATION_SEASONALITY

    # People
    skill_sd: float = 0.6  # logit scale
    star_fraction: float = 0.2
    # A star's bookings index over what their skill alone gives, through one channel.
    star_advantage: float = 1.3
    skill_on_amount: float = 0.12  # log-amount per unit of skill
    skill_on_cycle: float = 0.1  # minus log-cycle per unit of skill
    capacity_sigma: float = 0.2  # territory size: log-normal multiplier of deal flow
    book_concentration: float = 8.0  # Dirichlet concentration around the team's mix
    reps_per_manager: int = 9
    new_hire_fraction: float = 0.1
    leaver_fraction: float = 0.06
    missing_owner_fraction: float = 0.01  # former reps whose User rows are not in the export
    blank_role_fraction: float = 0.1

    # Time
    warmup_months: int = 6  # history before the window, so the first months are not empty
    quarter_push: float = 0.25  # chance a close in month 1-2 of a quarter slips to quarter end
    summer_quarter_push: float = 0.45  # the same in July and August
    quarter_push_days: int = 20  # how far before the quarter end pushed deals land

    # Deals
    existing_business_fraction: float = 0.35
    existing_business_amount_factor: float = 0.6  # expansions are smaller than new logos
    lost_stage_weights: tuple[float, ...] = (0.26, 0.24, 0.2, 0.18, 0.12)
    stage_duration_shapes: tuple[float, ...] = (1.5, 2.5, 3.0, 3.0, 2.0)
    blank_amount_lost_early: float = 0.4  # lost at Prospecting/Qualification with no amount
    discounted_fraction: float = 0.1  # amounts with cents
    open_close_date_accurate: float = 0.7  # open deals whose CloseDate is the real forecast

    # Activities
    first_activity_days_core: float = 3.0  # mean days from created to first touch
    first_activity_days_star: float = 1.0
    account_tasks_per_month: float = 2.0  # tasks logged on the account, not on a deal
    account_meetings_per_month: float = 0.3
    next_step_task_fraction: float = 0.6  # open deals with a task due after the export
    contacts_per_account: int = 12

    # Practices
    adoption_fraction: float = 0.25  # of eligible core reps, per practice, independently

    # Export dirt
    short_id_fraction_reference: float = 0.25  # reference columns written with 15-char ids
    short_id_fraction_own: float = 0.1  # record Id columns written with 15-char ids
    blank_lead_source: float = 0.1
    blank_employees: float = 0.08

    def star_multiplier(self, behaviour: str) -> float:
        return next(b.star_multiplier for b in self.star_behaviours if b.behaviour == behaviour)


DEFAULT_PARAMETERS = ModelParameters()
