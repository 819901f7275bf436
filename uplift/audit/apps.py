from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "uplift.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        # Sign-ins and changes of role or activity reach the trail whichever door made them (the
        # sign-in page, an SSO return, the Django admin, a command): Django announces them.
        from uplift.audit import jobs, watchers  # noqa: F401  (jobs: the daily prune)

        watchers.connect()
