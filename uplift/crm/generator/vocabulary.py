"""Words the export is written with: people, companies, products, subjects, picklist values.

Some entries deliberately carry commas, double quotes and line breaks, because real CRM text
does (legal suffixes, pasted notes), and an importer has to read them back intact.
"""

from __future__ import annotations

from dataclasses import dataclass

FIRST_NAMES: tuple[str, ...] = (
    "Ann", "Art", "Bea", "Ben", "Carla", "Chen", "Dana", "Diego", "Eva", "Emeka", "Fatima",
    "Felix", "Grace", "Gustav", "Hana", "Hugo", "Ines", "Ivan", "Jana", "José", "Kai", "Kemal",
    "Laura", "Liam", "Maya", "Mateo", "Nadia", "Noah", "Olga", "Omar", "Paula", "Priya", "Quinn",
    "Rafael", "Rosa", "Sami", "Sofia", "Tariq", "Tess", "Umar", "Vera", "Viktor", "Wen", "Xavier",
    "Yara", "Yusuf", "Zoë", "Zane", "Amara", "Bjørn", "Chloé", "Dmitri", "Elif", "Finn", "Gia",
    "Hiro", "Isla", "Jonas", "Keiko", "Lars", "Mei", "Nils", "Oona", "Pedro", "Rania", "Sven",
    "Tomás", "Uma", "Valentina", "William", "Aisha", "Bruno", "Camille", "Daniel", "Emma",
    "Farid", "Greta", "Hector", "Ingrid", "Jamal", "Kofi", "Lucía", "Marcus", "Nora", "Oscar",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Adams", "Okafor", "Bauer", "Chen", "Dubois", "Eriksen", "Fernández", "García", "Haddad",
    "Ivanova", "Jensen", "Kowalski", "Lambert", "Müller", "Nakamura", "O'Brien", "Patel",
    "Quintero", "Rossi", "Schmidt", "Tanaka", "Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang",
    "Andersson", "Brennan", "Costa", "D'Amico", "Edwards", "Fischer", "Gómez", "Hughes", "Ito",
    "Johansson", "Kim", "López", "Martin", "Nowak", "O'Connor", "Petrov", "Rahman", "Silva",
    "Thompson", "Van der Berg", "Weber", "Young", "Ziegler", "Novak", "Banerjee", "Carter",
    "Dimitriou", "Evans", "Ferreira", "Gallagher", "Horvat", "Iyer", "Jones", "King, Jr.",
    "Lindqvist", "Moreau", "Nguyen", "Olsen", "Park", "Reyes", "Santos", "Taylor", "Wong",
)  # fmt: skip

COMPANY_WORDS: tuple[str, ...] = (
    "Northwind", "Contoso", "Blue Harbor", "Summit", "Redwood", "Granite", "Silverline",
    "Brightpath", "Ironbridge", "Oakridge", "Lakeside", "Pinecrest", "Stonegate", "Clearwater",
    "Riverbend", "Highland", "Meridian", "Evergreen", "Falcon", "Orion", "Atlas", "Beacon",
    "Cobalt", "Delta", "Everest", "Fjord", "Global", "Horizon", "Juniper", "Keystone", "Lumen",
    "Magnolia", "Nimbus", "Osprey", "Pioneer", "Quantum", "Sequoia", "Tidewater", "Vanguard",
    "Willow", "Zenith", "Aurora", "Bluebird", "Cedar", "Dune", "Ember", "Foxglove", "Harbor",
    "Kestrel", "Maple", "Nordic", "Polar", "Sterling", "Tundra", "Union", "Vertex", "Westfield",
)  # fmt: skip

COMPANY_KINDS: tuple[str, ...] = (
    "Logistics", "Foods", "Health", "Systems", "Energy", "Bank", "Insurance", "Retail",
    "Manufacturing", "Analytics", "Telecom", "Pharma", "Media", "Motors", "Labs", "Capital",
    "Hotels", "Airlines", "Chemicals", "Software", "Construction", "Partners", "Group",
    "Foods & Co",
)  # fmt: skip

# Legal suffixes, weighted by how often they appear; some need quoting in a CSV.
COMPANY_SUFFIXES: tuple[tuple[str, float], ...] = (
    ("", 0.32),
    (" Inc.", 0.15),
    (", Inc.", 0.12),
    (" LLC", 0.1),
    (" Ltd", 0.08),
    (" GmbH", 0.06),
    (" S.A.", 0.04),
    (", LLC", 0.04),
    (" AG", 0.03),
    (' "Holdings"', 0.02),
    (" Holdings (formerly\nUnited Partners)", 0.01),
    (" & Sons, Ltd.", 0.03),
)

PRODUCTS: tuple[str, ...] = (
    "Analytics Suite",
    "Platform",
    "Data Connectors",
    "Professional Services",
    "Premium Support",
)

# Appended to "<Account> - <Product>"; weights sum to 1.
OPPORTUNITY_SUFFIXES: tuple[tuple[str, float], ...] = (
    ("", 0.62),
    (" - Expansion", 0.1),
    (" - Renewal", 0.1),
    (" - Q4, multi-year", 0.06),
    (' - "Phase 2"', 0.05),
    (" - pilot, 3 sites", 0.04),
    (' - 50 seats "EMEA"', 0.02),
    (" - pilot\nthen rollout", 0.01),
)

LEAD_SOURCES: tuple[str, ...] = (
    "Web",
    "Phone Inquiry",
    "Partner Referral",
    "Purchased List",
    "Trade Show",
    "Employee Referral",
    "Advertisement",
    "Other",
)

INDUSTRIES: tuple[str, ...] = (
    "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
    "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
    "Entertainment", "Finance", "Food & Beverage", "Government", "Healthcare", "Hospitality",
    "Insurance", "Machinery", "Manufacturing", "Media", "Not For Profit", "Retail", "Shipping",
    "Technology", "Telecommunications", "Transportation", "Utilities", "Other",
)  # fmt: skip

CALL_SUBJECTS: tuple[str, ...] = (
    "Call",
    "Discovery call",
    "Follow-up call",
    "Call: pricing, timeline",
    'Call re "security review"',
    "Left voicemail",
    "Call notes:\nnext steps agreed",
)
EMAIL_SUBJECTS: tuple[str, ...] = (
    "Email: Proposal",
    "Email: Re: pricing, terms",
    'Email: "Quick question"',
    "Email: Follow up",
    "Email: Intro\nFw: deck",
    "Email: Meeting recap",
)
TASK_SUBJECTS: tuple[str, ...] = (
    "Send proposal",
    "Prepare quote",
    "Update close plan",
    "Follow up, send case study",
    "Check in with champion",
)
NEXT_STEP_SUBJECTS: tuple[str, ...] = (
    "Next step: send contract",
    "Next step: book demo",
    'Next step: "go / no-go" call',
)
ACCOUNT_CALL_SUBJECTS: tuple[str, ...] = ("Account check-in", "Call: renewal health, usage")
ACCOUNT_EMAIL_SUBJECTS: tuple[str, ...] = ("Email: Newsletter, Q&A", "Email: Account update")
MEETING_SUBJECTS: tuple[str, ...] = (
    "Discovery meeting",
    "Product demo",
    'Executive briefing "QBR"',
    "Onsite workshop, day 1",
    "Negotiation call\nwith procurement",
    "Technical deep dive",
)
ACCOUNT_MEETING_SUBJECTS: tuple[str, ...] = ("Quarterly business review", "Account planning")

CONTACT_ROLES: tuple[str, ...] = (
    "Decision Maker",
    "Economic Buyer",
    "Technical Buyer",
    "Influencer",
    "Evaluator",
    "Executive Sponsor",
)

MEETING_MINUTES: tuple[tuple[int, float], ...] = (
    (30, 0.3),
    (45, 0.15),
    (60, 0.35),
    (90, 0.12),
    (120, 0.08),
)


@dataclass(frozen=True)
class Region:
    name: str
    short: str
    utc_offset_hours: int  # of the region's business day, for timestamps
    countries: tuple[str, ...]


REGIONS: tuple[Region, ...] = (
    Region("North America East", "NA East", -5, ("United States", "Canada")),
    Region("EMEA North", "EMEA North", 0, ("United Kingdom", "Ireland", "Netherlands", "Sweden")),
    Region("North America West", "NA West", -8, ("United States", "Canada")),
    Region("APAC", "APAC", 8, ("Australia", "Singapore", "Japan", "India")),
    Region("EMEA Central", "EMEA Central", 1, ("Germany", "France", "Switzerland", "Austria")),
    Region("LATAM", "LATAM", -3, ("Brazil", "Mexico", "Chile", "Colombia")),
    Region("North America Central", "NA Central", -6, ("United States",)),
    Region("EMEA South", "EMEA South", 1, ("Spain", "Italy", "Portugal", "Greece")),
)
