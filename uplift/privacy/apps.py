from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "uplift.privacy"
    label = "privacy"
    verbose_name = "Personal data"

    def ready(self) -> None:
        # The daily clearing of old coaching notes is queued on the first sign-in of the day.
        from django.contrib.auth.signals import user_logged_in

        from uplift.privacy.services import signed_in_daily

        user_logged_in.connect(signed_in_daily, dispatch_uid="privacy-daily-clearing")
