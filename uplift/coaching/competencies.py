"""Competencies as coaching uses them: by slug, with the organisation's own names and rubric."""

from __future__ import annotations

from dataclasses import dataclass

from uplift.development.framework import DEFAULT_FRAMEWORK
from uplift.development.models import Competency
from uplift.orgs.models import Organisation

AGREED_SLUGS: tuple[str, ...] = tuple(template.slug for template in DEFAULT_FRAMEWORK)


@dataclass(frozen=True)
class CompetencyInfo:
    slug: str
    name: str
    levels: tuple[str, ...]


def _default(slug: str) -> CompetencyInfo:
    for template in DEFAULT_FRAMEWORK:
        if template.slug == slug:
            return CompetencyInfo(slug, template.name, tuple(template.levels))
    return CompetencyInfo(slug, slug.replace("_", " ").capitalize(), ())


def competencies_for(*, organisation: Organisation) -> dict[str, CompetencyInfo]:
    """Every competency the organisation's framework names (or the default framework's), by slug,
    in the framework's order."""
    found = {
        c.slug: CompetencyInfo(c.slug, c.name, tuple(c.levels))
        for c in Competency.objects.filter(organisation=organisation, is_active=True)
    }
    if found:
        return found
    return {slug: _default(slug) for slug in AGREED_SLUGS}


def competency_info(*, organisation: Organisation, slug: str) -> CompetencyInfo:
    return competencies_for(organisation=organisation).get(slug) or _default(slug)


def competency_names(*, organisation: Organisation) -> dict[str, str]:
    return {slug: info.name for slug, info in competencies_for(organisation=organisation).items()}
