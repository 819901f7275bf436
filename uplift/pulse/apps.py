from django.apps import AppConfig


class PulseConfig(AppConfig):
    name = "uplift.pulse"
    label = "pulse"
    verbose_name = "Engagement pulse"
