"""Small Salesforce exports written by the tests, with every trait of a real export."""

from __future__ import annotations

from pathlib import Path

BOM = "\ufeff"

USERS = [
    "Id,Name,FirstName,LastName,Email,Title,ManagerId,Department,Division,IsActive,CreatedDate",
    # 18-character ids here; the opportunities below use some 15-character spellings.
    "0055g00000AAAAAAA0,Lena Boss,Lena,Boss,Lena.Boss@Example.com,VP Sales,,,,true,2020-01-06T09:00:00.000Z",
    "0055g00000BBBBBAAQ,Mo Manager,Mo,Manager,mo@example.com,Sales Manager,0055g00000AAAAAAA0,Enterprise East,North America,true,2021-02-01T09:00:00.000Z",
    "0055g00000CCCCCAA5,Rita Rep,Rita,Rep,rita@example.com,AE,0055g00000BBBBBAAQ,Enterprise East,North America,true,2022-03-15T09:00:00.000Z",
    "0055g00000DDDDDAAQ,Sam Seller,Sam,Seller,sam@example.com,AE,0055g00000BBBBBAAQ,Enterprise East,North America,false,2022-05-02T09:00:00.000Z",
]
ACCOUNTS = [
    "Id,Name,Industry,Segment__c,BillingCountry",
    '0015g00000ACCT1AAA,"Acme, Inc.",Software,Enterprise,US',
    '0015g00000ACCT2AAA,"Globex ""Intl""",Retail,SMB,DE',
]
OPPORTUNITIES = [
    "Id,Name,AccountId,OwnerId,Amount,CurrencyIsoCode,CreatedDate,CloseDate,StageName,IsClosed,IsWon,Type,Segment__c",
    # 15-character owner id for Rita (0055g00000CCCCC + checksum AA5 in User.csv).
    '0065g00000OPP01AAA,"Acme, renewal",0015g00000ACCT1AAA,0055g00000CCCCC,120000.50,USD,2024-01-10T10:00:00.000Z,2024-03-15,Closed Won,true,true,Existing Business,Enterprise',
    '0065g00000OPP02AAA,"Globex\r\nexpansion",0015g00000ACCT2AAA,0055g00000CCCCCAA5,,USD,2024-02-01T10:00:00.000Z,2024-04-01,Closed Lost,true,false,New Business,SMB',
    # An owner who is not in User.csv (a deleted user): kept and reported.
    "0065g00000OPP03AAA,Ghost deal,0015g00000ACCT1AAA,0055g00000ZZZZZAAQ,5000,USD,2024-02-03T10:00:00.000Z,2024-05-01,Prospecting,false,false,New Business,Enterprise",
]
TASKS = [
    "Id,OwnerId,WhatId,AccountId,Subject,TaskSubtype,ActivityDate,CreatedDate,CallDurationInSeconds,Status",
    "00T5g00000TASK1AAA,0055g00000CCCCCAA5,0065g00000OPP01AAA,0015g00000ACCT1AAA,Call: discovery,Call,2024-01-12,2024-01-12T15:00:00.000Z,1800,Completed",
    '00T5g00000TASK2AAA,0055g00000CCCCCAA5,0065g00000OPP01AAA,0015g00000ACCT1AAA,"Email: proposal, v2",Email,2024-01-20,2024-01-20T15:00:00.000Z,,Completed',
    "00T5g00000TASK3AAA,0055g00000CCCCCAA5,0015g00000ACCT2AAA,,Send contract,Task,2024-02-05,2024-02-05T15:00:00.000Z,,Open",
]
EVENTS = [
    "Id,OwnerId,WhatId,AccountId,Subject,Type,StartDateTime,EndDateTime,DurationInMinutes,CreatedDate",
    "00U5g00000EVNT1AAA,0055g00000CCCCCAA5,0065g00000OPP01AAA,0015g00000ACCT1AAA,Onsite demo,Meeting,2024-02-01T14:00:00.000Z,2024-02-01T15:00:00.000Z,60,2024-01-25T09:00:00.000Z",
]
CONTACT_ROLES = [
    "Id,OpportunityId,ContactId,Role,IsPrimary",
    "00K5g00000OCR01AAA,0065g00000OPP01AAA,0035g00000CON01AAA,Decision Maker,true",
    "00K5g00000OCR02AAA,0065g00000OPP01AAA,0035g00000CON02AAA,Economic Buyer,false",
]
HISTORY = [
    "OpportunityId,StageName,CreatedDate,Amount,CloseDate",
    "0065g00000OPP01AAA,Prospecting,2024-01-10T10:00:00.000Z,100000,2024-03-31",
    "0065g00000OPP01AAA,Closed Won,2024-03-15T10:00:00.000Z,120000.50,2024-03-15",
]

FILES = {
    "User.csv": USERS,
    "Account.csv": ACCOUNTS,
    "Opportunity.csv": OPPORTUNITIES,
    "Task.csv": TASKS,
    "Event.csv": EVENTS,
    "OpportunityContactRole.csv": CONTACT_ROLES,
    "OpportunityHistory.csv": HISTORY,
}


def write_export(directory: Path, overrides: dict[str, list[str]] | None = None) -> Path:
    """Write the export with a BOM and CRLF line ends, as Salesforce does."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, lines in {**FILES, **(overrides or {})}.items():
        (directory / name).write_bytes((BOM + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return directory
