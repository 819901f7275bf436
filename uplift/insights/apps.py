from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """The store of analysis snapshots: what an analysis found, kept per organisation and kind."""

    name = "uplift.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from uplift.insights import runs  # noqa: F401  (registers the interrupted runs' reclaimer)
