"""The evidence a card's author can pick: what stars do differently in the latest analysis, each
behaviour in words ("Stars hold 2.1 times more meetings per opportunity"), instead of statistics to
type. The picked rows keep the analysis' numbers (the groups' averages, the effect size, the
difference on the same deal mix, the q-value, the group sizes), which the card shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from uplift.analytics.behaviour.catalogue import is_behaviour_item
from uplift.core.plain_words import Reading, behaviour_sentence, difference_reading
from uplift.insights.selectors import analysis_latest
from uplift.insights.snapshots import drivers_of
from uplift.orgs.models import Organisation
from uplift.practices.services import EVIDENCE_FIELDS


@dataclass(frozen=True)
class EvidenceChoice:
    """One behaviour the author may cite: ``sentence`` and ``reading`` are what the form shows,
    ``row`` the numbers the card keeps."""

    key: str
    sentence: str
    reading: Reading
    row: dict[str, Any]
    current: bool = False  # the card cites it already, with these numbers


def _unit(behavior: str, stated: str | None) -> Any:
    if stated in ("per_opportunity", "fraction", "days"):
        return stated
    if behavior.startswith("conversion_"):
        return "fraction"
    if behavior.startswith("days_") or behavior.endswith("_days"):
        return "days"
    return "per_opportunity"


def _choice(row: Mapping[str, Any], *, unit: str | None = None, current: bool = False) -> Any:
    behavior = str(row["behavior"])
    star, core = row.get("star"), row.get("core")
    higher = None if star is None or core is None else float(star) > float(core)
    adjusted = row.get("adjusted_difference")
    if adjusted is not None:
        higher = float(adjusted) > 0
    return EvidenceChoice(
        key=behavior,
        sentence=behaviour_sentence(
            behavior=behavior,
            label=str(row.get("label") or behavior),
            star=star,
            core=core,
            unit=_unit(behavior, unit or row.get("unit")),
        ),
        reading=difference_reading(row.get("q_value"), stars_higher=higher),
        row={field: row.get(field) for field in EVIDENCE_FIELDS},
        current=current,
    )


def evidence_choices(
    *, organisation: Organisation, current: Iterable[Mapping[str, Any]] = ()
) -> list[EvidenceChoice]:
    """The behaviours of the latest analysis' drivers (strongest first; never an outcome such as
    a conversion rate, and only those compared with both groups' averages), then the card's own
    evidence that the latest analysis no longer lists. A behaviour the card already cites keeps
    the card's numbers, so saving an edit never rewrites its evidence unasked."""
    document = drivers_of(analysis_latest(organisation=organisation))
    drivers = [
        d
        for d in (document.drivers if document else ())
        if is_behaviour_item(d) and d.get("star") is not None and d.get("core") is not None
    ]
    cited = {str(row["behavior"]): row for row in current}
    choices = [
        _choice(cited[key], unit=d.get("unit"), current=True)
        if (key := str(d["behavior"])) in cited
        else _choice(d, unit=d.get("unit"))
        for d in drivers
    ]
    offered = {choice.key for choice in choices}
    choices += [_choice(row, current=True) for key, row in cited.items() if key not in offered]
    return choices
