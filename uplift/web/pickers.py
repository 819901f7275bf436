"""People pickers: one type-ahead for every form field that names a person or several.

A field is a `PersonChoiceField` (or `PeopleChoiceField`) naming a `scope`: who the type-ahead
searches for that field, among the people the viewer may see in the directory (names, teams
and roles only). The field's own queryset stays the rule of what may be picked, set by the form
as before; the type-ahead offers only people who are options of the field, so the two never
disagree about who can be chosen.

Without JavaScript the field is the plain list, each name with its team and role beside it (two
people with the same name are told apart); with it, the list is replaced by a search box whose
matches come from `people_pick` (htmx) and the chosen people are shown as chips.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet

from uplift.coaching.access import coachees_visible, coaching_colleagues_visible
from uplift.orgs.access import colleagues_visible
from uplift.orgs.models import Person, Role

PickerScope = Callable[[Person], QuerySet[Person]]

SCOPES: dict[str, PickerScope] = {
    "colleagues": colleagues_visible,
    "reps": lambda viewer: colleagues_visible(viewer).filter(role=Role.REP),
    "leaders": lambda viewer: colleagues_visible(viewer).filter(role=Role.LEADER),
    "admins": lambda viewer: colleagues_visible(viewer).filter(role=Role.ADMIN),
    "coachees": coachees_visible,
    "coaching": coaching_colleagues_visible,
}


def person_label(person: Person) -> str:
    """A name with what tells two namesakes apart: "Sam Lee · EMEA Mid-Market · Rep"."""
    team = person.team.name if person.team_id and person.team else "No team"
    return f"{person.full_name} · {team} · {person.get_role_display()}"


class _Picker:
    def __init__(self, *args: Any, scope: str = "colleagues", **kwargs: Any) -> None:
        if scope not in SCOPES:
            message = f"No people picker scope {scope!r}"
            raise KeyError(message)
        self.scope = scope
        super().__init__(*args, **kwargs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        context["widget"]["scope"] = self.scope
        return context


class PersonPicker(_Picker, forms.Select):
    template_name = "web/widgets/person_picker.html"


class PeoplePicker(_Picker, forms.SelectMultiple):
    template_name = "web/widgets/person_picker.html"


def _with_teams(queryset: Any) -> Any:
    return queryset.select_related("team") if isinstance(queryset, QuerySet) else queryset


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One person, picked by type-ahead (the plain list without JavaScript)."""

    def __init__(self, *, scope: str = "colleagues", queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PersonPicker(scope=scope))
        super().__init__(queryset=queryset, **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(_with_teams(queryset))  # type: ignore[misc]

    queryset = property(lambda self: self._queryset, _set_queryset)

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several people, picked by type-ahead (the plain list without JavaScript)."""

    def __init__(self, *, scope: str = "colleagues", queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", PeoplePicker(scope=scope))
        super().__init__(queryset=queryset, **kwargs)

    def _set_queryset(self, queryset: Any) -> None:
        super()._set_queryset(_with_teams(queryset))  # type: ignore[misc]

    queryset = property(lambda self: self._queryset, _set_queryset)

    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)
