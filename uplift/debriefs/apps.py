from django.apps import AppConfig


class DebriefsConfig(AppConfig):
    name = "uplift.debriefs"
    label = "debriefs"
    verbose_name = "Debriefs"
