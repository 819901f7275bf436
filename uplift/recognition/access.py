"""Who may see recognition records, on top of the one access layer (`uplift.orgs.access`).

Recognition is public inside an organisation (SPEC "Roles and privacy": managers see the feed and
recognition of every team), so these helpers scope by the viewer's organisation, never by their
private scope; the points rules, badge levels and ledger entries are changed by enablement admins
only, which the endpoints' rule checks. Records of another organisation answer 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from uplift.orgs.access import viewer_organisation
from uplift.orgs.models import Person, Team
from uplift.recognition.models import BadgeLevel, Kudos, PointsEntry, PointsRule, Spotlight


def feed_teams_visible(viewer: Person) -> QuerySet[Team]:
    """The teams the feed and the leaderboards may be narrowed to: every team of the viewer's
    organisation, by name."""
    return Team.objects.filter(organisation=viewer_organisation(viewer)).order_by("name")


def access_feed_team(viewer: Person, team_id: int) -> Team:
    """Any team of the viewer's organisation (the feed and boards are organisation-wide), or 404."""
    team = Team.objects.filter(pk=team_id, organisation=viewer_organisation(viewer)).first()
    if team is None:
        raise Http404("No such team in your organisation.")
    return team


def access_kudos(viewer: Person, kudos_id: int) -> Kudos:
    """A kudos of the viewer's organisation, with its giver, receiver (and their teams) and
    practice, or 404."""
    found = (
        Kudos.objects.filter(pk=kudos_id, organisation=viewer_organisation(viewer))
        .select_related("giver__team", "receiver__team", "practice")
        .first()
    )
    if found is None:
        raise Http404("No such kudos in your organisation.")
    return found


def access_spotlight(viewer: Person, spotlight_id: int) -> Spotlight:
    found = Spotlight.objects.filter(
        pk=spotlight_id, organisation=viewer_organisation(viewer)
    ).first()
    if found is None:
        raise Http404("No such spotlight in your organisation.")
    return found


def spotlights_visible(viewer: Person) -> QuerySet[Spotlight]:
    """The organisation's spotlights, newest first."""
    return Spotlight.objects.filter(organisation=viewer_organisation(viewer))


def access_points_rule(viewer: Person, rule_id: int) -> PointsRule:
    rule = PointsRule.objects.filter(pk=rule_id, organisation=viewer_organisation(viewer)).first()
    if rule is None:
        raise Http404("No such rule in your organisation.")
    return rule


def badge_levels_visible(viewer: Person) -> QuerySet[BadgeLevel]:
    return BadgeLevel.objects.filter(badge__organisation=viewer_organisation(viewer))


def access_badge_level(viewer: Person, level_id: int) -> BadgeLevel:
    level = badge_levels_visible(viewer).filter(pk=level_id).select_related("badge").first()
    if level is None:
        raise Http404("No such badge level in your organisation.")
    return level


def points_entries_visible(viewer: Person) -> QuerySet[PointsEntry]:
    """The organisation's points ledger."""
    return PointsEntry.objects.filter(organisation=viewer_organisation(viewer))


def access_points_entry(viewer: Person, entry_id: int) -> PointsEntry:
    entry = points_entries_visible(viewer).filter(pk=entry_id).first()
    if entry is None:
        raise Http404("No such ledger entry in your organisation.")
    return entry
