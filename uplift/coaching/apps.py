from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "uplift.coaching"
    label = "coaching"
    verbose_name = "Coaching"

    def ready(self) -> None:
        # A session's notes and action items are the rep's private records: every change of
        # them is on the audit trail (docs/audit.md).
        from uplift.audit.models import PrivateRecord
        from uplift.audit.tracking import track_private_changes
        from uplift.coaching.models import ActionItem, CoachingSession

        track_private_changes(
            CoachingSession, record=PrivateRecord.COACHING_SESSION, subject_of=lambda s: s.rep
        )
        track_private_changes(
            ActionItem, record=PrivateRecord.ACTION_ITEM, subject_of=lambda i: i.session.rep
        )
