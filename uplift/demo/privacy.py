"""Demo settings for personal data: the demo organisation keeps coaching notes for two years
after each session, so the admin's personal data page shows a retention at work."""

from __future__ import annotations

from uplift.demo.steps import DemoState, DemoStep
from uplift.privacy.models import PrivacySettings

NOTES_DAYS = 730


def seed(state: DemoState) -> None:
    organisation = state.organisation
    if organisation is None:
        raise RuntimeError("the import step must run first")
    _, created = PrivacySettings.objects.get_or_create(
        organisation=organisation, defaults={"coaching_notes_days": NOTES_DAYS}
    )
    if created:
        state.notes.append(f"privacy: coaching notes kept {NOTES_DAYS} days")


DEMO_STEPS: list[DemoStep] = [("Personal data retention", seed)]
