from django.apps import AppConfig


class PracticesConfig(AppConfig):
    name = "uplift.practices"
    label = "practices"
    verbose_name = "Practices"
