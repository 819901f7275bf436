from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "uplift.orgs"
    label = "orgs"
    verbose_name = "Organisation"

    def ready(self) -> None:
        from uplift.orgs import jobs  # noqa: F401  (registers the job handlers)
