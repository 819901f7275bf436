from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "uplift.crm"
    label = "crm"
    verbose_name = "CRM data"

    def ready(self) -> None:
        from uplift.crm import jobs  # noqa: F401  (registers the import job handler)
