from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "uplift.awards"
    label = "awards"
    verbose_name = "Awards"
