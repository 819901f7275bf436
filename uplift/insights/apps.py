from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "uplift.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from uplift.insights import (
            jobs,  # noqa: F401  (registers the analysis job handler)
            runs,  # noqa: F401  (registers the interrupted runs' reclaimer)
        )
