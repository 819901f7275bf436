from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "uplift.pipeline"
    label = "pipeline"
    verbose_name = "Analysis pipeline"

    def ready(self) -> None:
        from uplift.pipeline import jobs  # noqa: F401  (registers the analysis job handler)
