from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "uplift.development"
    label = "development"
    verbose_name = "Development"
