from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "uplift.core"
    label = "core"
    verbose_name = "Background work"

    def ready(self) -> None:
        from uplift.core import jobs  # noqa: F401  (registers the abandoned jobs' reclaimer)
        from uplift.core.data_version import watch_every_connection

        watch_every_connection()
