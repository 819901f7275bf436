from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "uplift.crm"
    label = "crm"
    verbose_name = "CRM data"

    def ready(self) -> None:
        from uplift.crm import jobs  # noqa: F401  (registers the import job handler)
        from uplift.crm.sync import schedule  # noqa: F401  (the sync job and its schedule)
