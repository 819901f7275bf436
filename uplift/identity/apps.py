from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "uplift.identity"
    label = "identity"
    verbose_name = "Single sign-on"
