from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "uplift.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        from uplift.privacy import services  # noqa: F401  (the daily clearing of old notes)
