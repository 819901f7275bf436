"""`person_label`: a person's name with their team and role, as every people picker shows it
(uplift/web/pickers.py), for the lists a template writes out itself."""

from __future__ import annotations

from django import template

from uplift.orgs.models import Person
from uplift.web.pickers import person_label as label_of

register = template.Library()


@register.filter
def person_label(person: Person) -> str:
    return label_of(person)
