"""The evidence a nominator may attach to a nomination: picked from Uplift's records about the
nominee, never typed. Each option has a stable key; the nomination stores the picked options as
they read then.

Help given names the colleague helped only when the viewer may see that colleague's private
records (coaching is private to the rep and their manager chain); otherwise it says
"a colleague"."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from uplift.awards import records
from uplift.core.plain_words import NO_DATA, SAME_WIN_RATE, impact_words
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import impact_of
from uplift.insights.snapshots.impact_documents import ImpactRow
from uplift.orgs.access import private_person_ids_visible
from uplift.orgs.models import Organisation, Person

RECENT_HELP_ITEMS = 8
KIND_LABELS = {
    "practice": "Practices",
    "impact": "Measured impact",
    "help": "Help given",
    "kudos": "Kudos received",
    "points": "Points",
}


@dataclass(frozen=True)
class EvidenceOption:
    kind: str  # practice, impact, help, kudos, points
    key: str
    label: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _names(person_ids: tuple[int, ...], limit: int = 5) -> str:
    people = list(Person.objects.filter(pk__in=person_ids).order_by("full_name")[:limit])
    names = ", ".join(p.full_name for p in people)
    more = len(person_ids) - len(people)
    return names + (f" and {more} more" if more > 0 else "")


def _practice_options(practices: list[records.PracticeRecord]) -> list[EvidenceOption]:
    options = []
    by_reach = sorted(practices, key=lambda p: -len(p.adopters_other_than_contributors()))
    for practice in by_reach:
        others = practice.adopters_other_than_contributors()
        adopted = f"adopted by {len(others)} colleague{'s' if len(others) != 1 else ''}"
        if others:
            adopted += f" ({_names(others)})"
        options.append(
            EvidenceOption(
                "practice",
                f"practice:{practice.practice_id}",
                f"Shared “{practice.title}”",
                f"{practice.status_label}; {adopted}",
            )
        )
    return options


def _effect(row: ImpactRow) -> str:
    def one(value: float | None) -> str:
        if row.get("unit") == "fraction" or row["metric"] == "win_rate":
            return f"{value * 100:+.1f} pts" if value is not None else "no estimate"
        return f"{value:+,.0f}" if value is not None else "no estimate"

    low, high = row["ci"]
    if low is None or high is None:  # a non-finite bound is stored as null: no bound to name
        interval = "no 95% interval: too few adopters to bound it"
    else:
        interval = f"95% interval {one(low)} to {one(high)}"
    reading = impact_words(
        row.get("reading"),
        row["ci"],
        same_within=SAME_WIN_RATE if row["metric"] == "win_rate" else None,
    )
    words = "" if reading is NO_DATA else f": {reading.words}"
    return f"{one(row['att'])} ({interval}), {row['adopters']} adopters{words}"


def _impact_options(
    organisation: Organisation, practices: list[records.PracticeRecord], until: date | None
) -> list[EvidenceOption]:
    document = impact_of(analysis_latest(organisation=organisation, until=until))
    if document is None:
        return []
    own = {p.practice_id: p.title for p in practices}
    options = []
    for row in document.practices:
        practice_id = row.get("practice_id")
        if practice_id is None or practice_id not in own:
            continue
        if row.get("att") is not None and row.get("ci"):
            metric = str(row["metric"]).replace("_", " ")
            options.append(
                EvidenceOption(
                    "impact",
                    f"impact:{practice_id}:{row['metric']}",
                    f"Adopters of “{own[practice_id]}”: {metric}",
                    _effect(row),
                )
            )
    return options


def _help_options(
    viewer: Person, nominee: Person, organisation: Organisation, until: date | None
) -> list[EvidenceOption]:
    given = [
        h
        for h in records.help_records(organisation=organisation)
        if h.helper_id == nominee.pk
        and h.kind != "kudos"
        and (until is None or (h.on is not None and h.on <= until))
    ]
    if not given:
        return []
    counts = Counter(h.kind for h in given)
    colleagues = len({h.helped_id for h in given})
    parts = []
    if counts["coaching"]:
        parts.append(
            f"coached {counts['coaching']} session{'s' if counts['coaching'] != 1 else ''}"
        )
    if counts["role_play"]:
        parts.append(
            f"partnered {counts['role_play']} role play{'s' if counts['role_play'] != 1 else ''}"
        )
    options = [
        EvidenceOption(
            "help",
            "help:summary",
            " and ".join(parts).capitalize(),
            f"for {colleagues} colleague{'s' if colleagues != 1 else ''}",
        )
    ]
    visible = private_person_ids_visible(viewer)
    for item in sorted(given, key=lambda h: (h.on is not None, h.on), reverse=True)[
        :RECENT_HELP_ITEMS
    ]:
        what = "Coaching session" if item.kind == "coaching" else "Role play partner"
        label = item.label if item.helped_id in visible else f"{what} for a colleague"
        options.append(
            EvidenceOption("help", item.source, label, item.on.isoformat() if item.on else "")
        )
    return options


def evidence_options(
    *, viewer: Person, nominee: Person, until: date | None = None
) -> list[EvidenceOption]:
    """Everything about `nominee` that `viewer` may attach to a nomination, grouped by kind;
    with `until`, as the records stood at the end of that day (a nomination recorded for an
    earlier day never cites what happened after it)."""
    organisation = nominee.organisation
    if organisation is None:
        return []
    practices = [
        p
        for p in records.practice_records(organisation=organisation, until=until)
        if nominee.pk in p.contributor_ids and p.shared
    ]
    options = _practice_options(practices)
    options += _impact_options(organisation, practices, until)
    options += _help_options(viewer, nominee, organisation, until)
    received = records.kudos_received(organisation=organisation, person_id=nominee.pk, until=until)
    for item in received[:10]:
        options.append(
            EvidenceOption(
                "kudos",
                f"kudos:{item['id']}",
                f"Kudos from {item['giver']}",
                f"“{item['message'][:160]}” ({item['on']})",
            )
        )
    points = records.points_total(organisation=organisation, person_id=nominee.pk, until=until)
    if points:
        options.append(EvidenceOption("points", "points", f"{points} points on the ledger"))
    return options


def evidence_pick(
    *, viewer: Person, nominee: Person, keys: list[str], until: date | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """(the picked options as stored, the keys that are not options); `until` as in
    `evidence_options`."""
    found = evidence_options(viewer=viewer, nominee=nominee, until=until)
    options = {option.key: option for option in found}
    picked = [options[key].to_dict() for key in dict.fromkeys(keys) if key in options]
    unknown = [key for key in keys if key not in options]
    return picked, unknown
