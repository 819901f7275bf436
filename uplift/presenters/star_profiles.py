"""A star's profile and the stars-against-core comparison as the pages and the API show them,
read from the latest analysis' star-profiles, segments and summary snapshots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from uplift.analytics.behaviour.catalogue import Unit, is_behaviour_item
from uplift.analytics.behaviour.profile import ProfileRule
from uplift.analytics.behaviour.wording import number, q_text
from uplift.core.plain_words import group_reading
from uplift.debriefs import access
from uplift.debriefs.models import Debrief
from uplift.debriefs.selectors import ProfileDocument, profiles_latest
from uplift.insights.snapshots import segments_of, summary_of
from uplift.insights.snapshots.documents import MissingItem, StarProfileItem
from uplift.orgs.models import Person
from uplift.presenters.dashboards.standing import RepStanding, pattern_chart, rep_standing


@dataclass(frozen=True)
class StarProfilePage:
    """A star's profile as a page shows it."""

    star: Person
    profile: StarProfileItem | None
    as_of: str | None
    rule_text: str
    caution: str
    n_core: int
    debriefs: list[Debrief] = field(default_factory=list)
    standing: RepStanding = field(default_factory=RepStanding)  # lenses and pattern
    pattern_chart: dict[str, Any] | None = None
    definition: str = ""
    # What this export cannot measure (label, reason), behaviours and outcomes apart.
    behaviours_missing: list[MissingItem] = field(default_factory=list)
    outcomes_missing: list[MissingItem] = field(default_factory=list)

    def _standings(self, key: str) -> list[dict[str, Any]]:
        items = self.profile.get(key) if self.profile else None
        return standing_rows(items if isinstance(items, list) else [])

    @property
    def rows(self) -> list[dict[str, Any]]:
        return self._standings("behaviours")

    @property
    def outcome_rows(self) -> list[dict[str, Any]]:
        """Conversions, time in stage and cycle: where the star wins, shown apart."""
        return self._standings("outcomes")

    @property
    def distinctive(self) -> list[dict[str, Any]]:
        return self._standings("distinctive")

    @property
    def unusual(self) -> list[dict[str, Any]]:
        return self._standings("unusual")


PROFILE_RULE = ProfileRule()  # the rule the analysis places stars by (q-value below 0.1)


def standing_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Profile entries with their numbers as people read them (value_text, core_median_text,
    q_text) and ``beyond``: the share of core reps the star is above (high) or below (low)."""
    rows = []
    for item in items:
        unit: Unit = item.get("unit") or "per_opportunity"
        q = item.get("q_value")
        percentile = float(item.get("percentile_core") or 0.0)
        rows.append(
            {
                **item,
                "value_text": number(item.get("value"), unit),
                "core_median_text": number(item.get("core_median"), unit),
                "q_text": "not compared" if q is None else q_text(float(q)),
                "group_words": group_reading(q, below=PROFILE_RULE.q_max).words,
                "beyond": 100.0 - percentile if item.get("direction") == "low" else percentile,
            }
        )
    return rows


@dataclass(frozen=True)
class StarComparison:
    """Stars against core as the star profiles page shows it: what stars do (behaviours,
    strongest first), where stars win (outcomes), and each side's metrics this export cannot
    measure (``label``, ``reason``)."""

    what_stars_do: list[dict[str, Any]]
    where_stars_win: list[dict[str, Any]]
    behaviours_missing: list[MissingItem]
    outcomes_missing: list[MissingItem]

    @property
    def no_behaviour_measured(self) -> bool:
        """The export has none of the behaviours compared (no activities, contact roles...)."""
        return not self.what_stars_do and bool(self.behaviours_missing)


def _compared_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        unit: Unit = item.get("unit") or "per_opportunity"
        q = item.get("q_value")
        adjusted = item.get("adjusted_difference")
        rows.append(
            {
                **item,
                "star_text": number(item.get("star"), unit),
                "core_text": number(item.get("core"), unit),
                "q_text": "not compared" if q is None else q_text(float(q)),
                "stars_higher": adjusted is not None and float(adjusted) > 0,
            }
        )
    return rows


def star_comparison(*, document: ProfileDocument | None) -> StarComparison | None:
    """The comparison of the latest analysis (None before the first). An older snapshot that
    listed conversions among the drivers has them moved to where stars win."""
    if document is None:
        return None
    data = document.data
    compared = [*data.drivers, *data.where_stars_win]
    missing = data.missing
    return StarComparison(
        what_stars_do=_compared_rows([d for d in compared if is_behaviour_item(d)]),
        where_stars_win=_compared_rows([d for d in compared if not is_behaviour_item(d)]),
        behaviours_missing=[m for m in missing if is_behaviour_item(m)],
        outcomes_missing=[m for m in missing if not is_behaviour_item(m)],
    )


def star_profile_page(*, viewer: Person, star: Person) -> StarProfilePage:
    organisation = star.organisation
    document = None if organisation is None else profiles_latest(organisation=organisation)
    data = document.data if document else None
    profile = document.by_rep_id().get(star.crm_user_id) if document and star.crm_user_id else None
    debriefs = list(access.debriefs_visible(viewer).filter(star=star).select_related("interviewer"))
    segments = segments_of(document.run) if document else None
    row = next(
        (
            r
            for r in (segments.reps if segments else ())
            if star.crm_user_id and r.rep.rep_id == star.crm_user_id
        ),
        None,
    )
    summary = summary_of(document.run) if document else None
    currency = str(summary.currency or "") if summary else ""
    lenses = segments.lenses if segments else ()
    standing = rep_standing(row.to_dict() if row else None, lenses, currency)
    definition = segments.definition if segments else None
    return StarProfilePage(
        star=star,
        profile=profile,
        as_of=data.as_of if data else None,
        rule_text=data.rule_text if data else "",
        caution=data.caution if data else "",
        n_core=data.n_core if data else 0,
        debriefs=debriefs,
        standing=standing,
        pattern_chart=pattern_chart(standing),
        definition=definition.sentence if definition else "",
        behaviours_missing=[m for m in data.missing if is_behaviour_item(m)] if data else [],
        outcomes_missing=[m for m in data.missing if not is_behaviour_item(m)] if data else [],
    )
