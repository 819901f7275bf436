from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "uplift.initiatives"
    label = "initiatives"
    verbose_name = "Sharing initiatives"

    def ready(self) -> None:
        from uplift.initiatives import reminders  # noqa: F401  (registers the reminders job)
