"""A small HubSpot export written by the tests, shaped like the UI's "export all records" files.

Dirt on purpose: a byte-order mark and CRLF line ends, quoted commas and line breaks, a blank
amount, owners referred to by name, by e-mail and by id, a company referred to by name, an
owner missing from the owners file, stage ids and stage labels mixed, call durations in
milliseconds and as H:MM:SS, a note among the engagements, and HubSpot's own file names.
"""

from __future__ import annotations

from pathlib import Path

BOM = "\ufeff"

OWNERS = [
    "Owner ID,First Name,Last Name,Email,Teams,Archived",
    "101,Hana,Hub,Hana.Hub@Example.com,EMEA Enterprise;Closers,false",
    "102,Otto,Owner,otto@example.com,EMEA Enterprise,false",
    "103,Ada,Archived,ada@example.com,,true",
]
COMPANIES = [
    "Record ID,Company name,Industry,Number of Employees,Country/Region,Company owner",
    '9001,"Acme, Inc.",Software,5000,Germany,Hana Hub',
    '9002,"Globex ""Intl""",Retail,50,France,Otto Owner',
]
DEALS = [
    (
        "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Create Date,Deal owner,"
        'Associated Company IDs,Deal Type,"Date entered ""Appointment Scheduled (Sales Pipeline)""",'
        '"Date entered ""Closed Won (Sales Pipeline)"""'
    ),
    (
        '5001,"Acme, renewal",Closed Won,Sales Pipeline,120000.50,2024-03-15 14:30,2024-01-10 10:00,'
        "Hana Hub,9001,existingbusiness,2024-01-10 10:00,2024-03-15 14:30"
    ),
    (
        '5002,"Globex\r\nexpansion",closedlost,Sales Pipeline,,2024-04-01,2024-02-01 09:15,'
        "otto@example.com,9002;9001,newbusiness,2024-02-01 09:15,"
    ),
    # An owner who is not in the owners file (a removed user): kept and reported.
    # ...and a company named rather than given by id, as some UI exports do.
    (
        "5003,Ghost deal,contractsent,Sales Pipeline,5000,2024-05-01,2024-02-03 08:00,999,"
        '"Acme, Inc.",newbusiness,,'
    ),
    "5004,Open deal,Qualified To Buy,Sales Pipeline,2500,,2024-02-10,102,,newbusiness,,",
]
STAGE_HISTORY = [
    "Deal ID,Deal Stage,Timestamp",
    "5002,appointmentscheduled,2024-02-01 09:15",
    "5002,closedlost,2024-04-01 12:00",
    "5001,contractsent,2024-03-01 09:00",
]
CALLS = [
    (
        "Record ID,Activity date,Activity assigned to,Call duration,Associated Deal IDs,"
        "Associated Company IDs,Call notes"
    ),
    '7001,2024-01-12 15:00,Hana Hub,1800000,5001,9001,"Pricing, terms\r\nand next steps"',
    "7002,2024-01-13 10:00,hana.hub@example.com,0:05:30,5001,,",
]
MEETINGS = [
    (
        "Record ID,Meeting name,Meeting start time,Meeting end time,Activity assigned to,"
        "Associated Deal IDs"
    ),
    "7101,Onsite demo,2024-02-01 14:00,2024-02-01 15:00,Otto Owner,5002",
]
TASKS = [
    "Record ID,Task Title,Task Type,Due date,Activity assigned to,Associated Deal IDs",
    "7201,Call back about contract,CALL,2024-03-02 09:00,101,5001",
]
ENGAGEMENTS = [
    (
        "Activity ID,Activity type,Activity date,HubSpot Owner ID,Associated Deal IDs,"
        "Associated Company IDs"
    ),
    "7301,EMAIL,2024-01-20 08:00,101,5001,9001",
    "7302,NOTE,2024-01-21 08:00,101,5001,9001",
    "7303,INCOMING_EMAIL,2024-01-22 08:00,102,5002,",
]

FILES = {
    "owners.csv": OWNERS,
    "hubspot-crm-exports-all-companies-2024-03-20.csv": COMPANIES,
    "all-deals.csv": DEALS,
    "deal-stage-history.csv": STAGE_HISTORY,
    "calls.csv": CALLS,
    "Meetings.csv": MEETINGS,
    "tasks.csv": TASKS,
    "engagements.csv": ENGAGEMENTS,
}


def write_export(directory: Path, overrides: dict[str, list[str]] | None = None) -> Path:
    """Write the export with a BOM and CRLF line ends; `overrides` replaces or adds files."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in {**FILES, **(overrides or {})}.items():
        (directory / name).write_bytes((BOM + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return directory
