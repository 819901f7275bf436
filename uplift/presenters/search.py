"""The global search: people, practices, role-play scenarios, coaching sessions and debriefs,
each found only among what the viewer may see (each capability's own scope: `colleagues_visible`,
`practices_visible`, `scenarios_visible`, `sessions_visible`, `debriefs_visible`).

Every kind is one bounded query (at most `limit` + 1 rows, to know whether there are more).
Practices use the library's full-text search (SQLite FTS5, PostgreSQL full text); the others
match each word with `icontains`, the same on SQLite and PostgreSQL, which is fine at these
sizes (an organisation's sessions and debriefs number in the thousands, not millions).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from urllib.parse import quote, urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from uplift.coaching.access import scenarios_visible, sessions_visible
from uplift.coaching.models import CoachingSession, RolePlayScenario
from uplift.debriefs.access import debriefs_visible
from uplift.debriefs.models import Debrief
from uplift.orgs.access import can_view_private_data
from uplift.orgs.directory import directory_search, search_words
from uplift.orgs.models import Person
from uplift.practices.access import practices_visible
from uplift.practices.models import Practice
from uplift.practices.search import practice_text_filter

MIN_LENGTH = 2
LIMIT = 6  # per kind on the results page; the live results show fewer


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    icon: str
    hits: tuple[Hit, ...]
    more: bool  # more than shown
    more_url: str = ""  # where the rest can be browsed, when there is such a page


@dataclass(frozen=True)
class SearchResults:
    text: str
    groups: tuple[Group, ...]
    too_short: bool = False

    @property
    def count(self) -> int:
        return sum(len(group.hits) for group in self.groups)


def _each_word(words: Sequence[str], fields: Sequence[str]) -> Q:
    """Every word found in at least one of the fields."""
    return reduce(
        and_,
        (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in words),
    )


def _people(viewer: Person, text: str, limit: int) -> tuple[list[Hit], bool]:
    found = list(directory_search(viewer=viewer, text=text)[: limit + 1])
    hits = []
    for person in found[:limit]:
        team = person.team.name if person.team else "no team"
        url = (
            reverse("person_detail", args=[person.pk])
            if can_view_private_data(viewer, person)
            else f"{reverse('people_directory')}?{urlencode({'q': person.email})}"
        )
        hits.append(Hit(person.full_name, f"{person.get_role_display()} · {team}", url))
    return hits, len(found) > limit


def _practices(viewer: Person, text: str, limit: int) -> tuple[list[Hit], bool]:
    cards: QuerySet[Practice] = practice_text_filter(practices_visible(viewer), text=text)
    found = list(cards[: limit + 1])
    hits = [
        Hit(p.title, p.get_status_display(), reverse("practice_detail", args=[p.pk]))
        for p in found[:limit]
    ]
    return hits, len(found) > limit


def _scenarios(viewer: Person, text: str, limit: int) -> tuple[list[Hit], bool]:
    fields = ("title", "buyer_persona", "situation", "objections")
    scenarios: QuerySet[RolePlayScenario] = scenarios_visible(viewer).filter(
        _each_word(search_words(text), fields)
    )
    found = list(scenarios.order_by("title", "pk")[: limit + 1])
    hits = [
        Hit(s.title, s.get_status_display(), reverse("coaching_scenario", args=[s.pk]))
        for s in found[:limit]
    ]
    return hits, len(found) > limit


def _sessions(viewer: Person, text: str, limit: int) -> tuple[list[Hit], bool]:
    fields = ("agenda", "notes", "call_reference", "rep__full_name", "coach__full_name")
    sessions: QuerySet[CoachingSession] = sessions_visible(viewer).filter(
        _each_word(search_words(text), fields)
    )
    found = list(sessions.order_by("-scheduled_at", "-pk")[: limit + 1])
    hits = []
    for session in found[:limit]:
        when = timezone.localtime(session.scheduled_at)
        hits.append(
            Hit(
                f"{session.get_kind_display()}: {session.rep.full_name} with "
                f"{session.coach.full_name}",
                f"{when:%d %b %Y} · {session.get_status_display()}",
                reverse("coaching_session", args=[session.pk]),
            )
        )
    return hits, len(found) > limit


def _debriefs(viewer: Person, text: str, limit: int) -> tuple[list[Hit], bool]:
    fields = ("star__full_name", "interviewer__full_name", "notes", "guide")
    debriefs: QuerySet[Debrief] = (
        debriefs_visible(viewer)
        .filter(_each_word(search_words(text), fields))
        .select_related("star", "interviewer")
    )
    found = list(debriefs.order_by("-scheduled_at", "-pk")[: limit + 1])
    hits = [
        Hit(
            f"Debrief with {d.star.full_name}",
            f"{timezone.localtime(d.scheduled_at):%d %b %Y} · {d.get_status_display()} · "
            f"interviewed by {d.interviewer.full_name}",
            reverse("debrief_detail", args=[d.pk]),
        )
        for d in found[:limit]
    ]
    return hits, len(found) > limit


Finder = Callable[[Person, str, int], tuple[list[Hit], bool]]

KINDS: tuple[tuple[str, str, str, Finder, Callable[[str], str]], ...] = (
    ("people", "People", "people", _people, lambda q: f"{reverse('people_directory')}?q={q}"),
    (
        "practices",
        "Practices",
        "journal-bookmark",
        _practices,
        lambda q: f"{reverse('practice_library')}?q={q}",
    ),
    ("scenarios", "Role-play scenarios", "mic", _scenarios, lambda _q: ""),
    ("sessions", "Coaching sessions", "calendar-event", _sessions, lambda _q: ""),
    ("debriefs", "Debriefs", "chat-square-quote", _debriefs, lambda _q: ""),
)
KIND_KEYS = tuple(kind[0] for kind in KINDS)


def search_everything(
    *, viewer: Person, text: str, limit: int = LIMIT, kinds: Sequence[str] = KIND_KEYS
) -> SearchResults:
    """What the viewer may see that matches `text`, grouped by kind (groups with no match left
    out). Fewer than MIN_LENGTH characters search nothing."""
    text = " ".join(search_words(text))
    if len(text) < MIN_LENGTH:
        return SearchResults(text=text, groups=(), too_short=bool(text))
    groups = []
    for key, label, icon, finder, more_url in KINDS:
        if key not in kinds:
            continue
        hits, more = finder(viewer, text, limit)
        if hits:
            groups.append(Group(key, label, icon, tuple(hits), more, more_url(quote(text))))
    return SearchResults(text=text, groups=tuple(groups))
