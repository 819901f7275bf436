from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "uplift.development"
    label = "development"
    verbose_name = "Development"

    def ready(self) -> None:
        # Plans, their milestones and check-ins, and assessments are the rep's private records:
        # every change of them is on the audit trail (docs/audit.md).
        from uplift.audit.models import PrivateRecord
        from uplift.audit.tracking import track_private_changes
        from uplift.development import reminders  # noqa: F401  (the daily reminders)
        from uplift.development.models import Assessment, CheckIn, DevelopmentPlan, Milestone

        track_private_changes(
            DevelopmentPlan, record=PrivateRecord.DEVELOPMENT_PLAN, subject_of=lambda p: p.rep
        )
        track_private_changes(
            Milestone, record=PrivateRecord.MILESTONE, subject_of=lambda m: m.plan.rep
        )
        track_private_changes(
            CheckIn, record=PrivateRecord.CHECK_IN, subject_of=lambda c: c.plan.rep
        )
        track_private_changes(
            Assessment, record=PrivateRecord.ASSESSMENT, subject_of=lambda a: a.subject
        )
