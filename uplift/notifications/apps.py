from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "uplift.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from uplift.notifications import mail  # noqa: F401  (registers the daily e-mail job)
