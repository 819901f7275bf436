"""The organisation's directory, searched: names, titles, teams and roles only, never private
data. The people directory, the global search and every people picker read it.

Matching is `icontains` on each word (every word must match the name, the e-mail, the title or
the team's name), the same on SQLite and PostgreSQL. At Uplift's sizes (hundreds to a few
thousand people in an organisation) a scan of the people table is a few milliseconds; every
query is bounded by the caller's limit.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet

from uplift.orgs.access import colleagues_visible, viewer_organisation
from uplift.orgs.models import Person, Role, Team

MAX_TERMS = 6
MAX_TERM = 50
_WORD = re.compile(r"[^\s]+")


def search_words(text: str) -> list[str]:
    """The words of a query (at most MAX_TERMS, each at most MAX_TERM characters)."""
    return [word[:MAX_TERM] for word in _WORD.findall(text)][:MAX_TERMS]


def people_matching(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """`people` narrowed to those matching every word of `text`, by name, e-mail, title, team
    or role; ordered by name."""
    words = search_words(text)
    roles = {label.lower(): value for value, label in Role.choices}
    if words:
        people = people.filter(
            reduce(
                and_,
                (
                    Q(full_name__icontains=word)
                    | Q(email__istartswith=word)
                    | Q(title__icontains=word)
                    | Q(team__name__icontains=word)
                    | (Q(role=roles[word.lower()]) if word.lower() in roles else Q(pk__in=[]))
                    for word in words
                ),
            )
        )
    return people.select_related("team").order_by("full_name", "pk")


def directory_search(
    *, viewer: Person, text: str = "", team_id: int | None = None, role: str = ""
) -> QuerySet[Person]:
    """The viewer's colleagues (active people of their organisation) matching the search."""
    people = colleagues_visible(viewer)
    if team_id is not None:
        people = people.filter(team_id=team_id)
    if role:
        people = people.filter(role=role)
    return people_matching(people, text)


def directory_teams(*, viewer: Person) -> QuerySet[Team]:
    """The organisation's teams by name, to narrow the directory (names only)."""
    return Team.objects.filter(organisation=viewer_organisation(viewer)).order_by("name")
